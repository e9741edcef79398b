//! Training: split closed cases by time (older to train, the newest quarter to test), fit naive
//! Bayes and logistic regression, keep the one that ranks the holdout better, then refit it on
//! every case so the stored model uses all the history.

use serde::{Deserialize, Serialize};

use super::dataset::{Dataset, Example};
use super::encoder::Encoder;
use super::evaluation::{calibration, log_loss, roc_auc, CalibrationBin};
use super::learned_model::LearnedModel;
use super::linear::LinearModel;
use super::logistic::{fit_logistic, LogisticSettings};
use super::naive_bayes::fit_naive_bayes;
use super::readiness::{check_history, NeedsMore};

/// Which learner a model came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Learner {
    NaiveBayes,
    Logistic,
}

/// Settings of training; the defaults are what the app uses.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrainSettings {
    /// Text values seen fewer times are pooled into "other".
    pub min_value_count: usize,
    /// Naive Bayes smoothing.
    pub alpha: f64,
    pub logistic: LogisticSettings,
    /// Share of the newest cases held out for testing.
    pub holdout: f64,
}

impl Default for TrainSettings {
    fn default() -> Self {
        TrainSettings {
            min_value_count: 5,
            alpha: 1.0,
            logistic: LogisticSettings::default(),
            holdout: 0.25,
        }
    }
}

/// One learner's figures on the holdout.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HoldoutScore {
    pub auc: Option<f64>,
    pub log_loss: f64,
}

/// What the holdout showed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Evaluation {
    pub n_train: usize,
    pub n_test: usize,
    pub naive_bayes: HoldoutScore,
    pub logistic: HoldoutScore,
    /// The hand-set score's AUC on the same cases, when the cases carry it.
    pub hand_auc: Option<f64>,
    /// Calibration of the chosen learner on the holdout.
    pub calibration: Vec<CalibrationBin>,
}

/// Splits case indices by close time: the oldest to train, the newest `share` to test (ties
/// broken by position, so the split is deterministic).
pub fn time_split(examples: &[Example], share: f64) -> (Vec<usize>, Vec<usize>) {
    let mut order: Vec<usize> = (0..examples.len()).collect();
    order.sort_by_key(|i| (examples[*i].closed_at, *i));
    let n_test = ((examples.len() as f64) * share).ceil() as usize;
    let test = order.split_off(examples.len() - n_test.min(examples.len()));
    (order, test)
}

/// Trains on a dataset, or says how many more outcomes are needed.
pub fn train(dataset: &Dataset, settings: TrainSettings) -> Result<LearnedModel, NeedsMore> {
    let (won, lost) = dataset.outcome_counts();
    check_history(won, lost)?;
    let (train_rows, test_rows) = time_split(&dataset.examples, settings.holdout);
    let pick =
        |rows: &[usize]| -> Vec<&Example> { rows.iter().map(|i| &dataset.examples[*i]).collect() };
    let (train_cases, test_cases) = (pick(&train_rows), pick(&test_rows));
    Ok(train_split(dataset, &train_cases, &test_cases, settings))
}

/// Trains on given train and test cases (the eval command's two files), then refits the better
/// learner on both.
pub fn train_split(
    dataset: &Dataset,
    train_cases: &[&Example],
    test_cases: &[&Example],
    settings: TrainSettings,
) -> LearnedModel {
    let encoder = Encoder::fit(&dataset.columns, train_cases, settings.min_value_count);
    let (nb, lr) = fit_both(&encoder, train_cases, settings);
    let test_features: Vec<Vec<u32>> = test_cases
        .iter()
        .map(|e| encoder.encode(&e.values))
        .collect();
    let test_won: Vec<bool> = test_cases.iter().map(|e| e.won).collect();
    let score = |model: &LinearModel| {
        let p: Vec<f64> = test_features.iter().map(|f| model.probability(f)).collect();
        (
            HoldoutScore {
                auc: roc_auc(&p, &test_won),
                log_loss: log_loss(&p, &test_won),
            },
            p,
        )
    };
    let (nb_score, nb_p) = score(&nb);
    let (lr_score, lr_p) = score(&lr);
    let learner = if better(&lr_score, &nb_score) {
        Learner::Logistic
    } else {
        Learner::NaiveBayes
    };
    let chosen_p = if learner == Learner::Logistic {
        lr_p
    } else {
        nb_p
    };
    let hand: Option<Vec<f64>> = test_cases.iter().map(|e| e.hand_score).collect();
    let evaluation = Evaluation {
        n_train: train_cases.len(),
        n_test: test_cases.len(),
        naive_bayes: nb_score,
        logistic: lr_score,
        hand_auc: hand.and_then(|h| roc_auc(&h, &test_won)),
        calibration: calibration(&chosen_p, &test_won, 10),
    };
    let all: Vec<&Example> = train_cases.iter().chain(test_cases).copied().collect();
    let encoder = Encoder::fit(&dataset.columns, &all, settings.min_value_count);
    let features: Vec<Vec<u32>> = all.iter().map(|e| encoder.encode(&e.values)).collect();
    let won: Vec<bool> = all.iter().map(|e| e.won).collect();
    let linear = match learner {
        Learner::Logistic => fit_logistic(&encoder, &features, &won, settings.logistic),
        Learner::NaiveBayes => fit_naive_bayes(&encoder, &features, &won, settings.alpha),
    };
    LearnedModel::new(learner, encoder, linear, &all, evaluation)
}

/// Logistic wins only on a strictly higher AUC, or an equal one with a lower log loss: naive
/// Bayes is the simpler, better-known default.
fn better(logistic: &HoldoutScore, naive_bayes: &HoldoutScore) -> bool {
    let (a, b) = (logistic.auc.unwrap_or(0.5), naive_bayes.auc.unwrap_or(0.5));
    a > b || (a == b && logistic.log_loss < naive_bayes.log_loss)
}

fn fit_both(
    encoder: &Encoder,
    cases: &[&Example],
    settings: TrainSettings,
) -> (LinearModel, LinearModel) {
    let features: Vec<Vec<u32>> = cases.iter().map(|e| encoder.encode(&e.values)).collect();
    let won: Vec<bool> = cases.iter().map(|e| e.won).collect();
    (
        fit_naive_bayes(encoder, &features, &won, settings.alpha),
        fit_logistic(encoder, &features, &won, settings.logistic),
    )
}
