//! Logistic regression on the one-hot features with an L2 penalty, fitted by full-batch
//! gradient descent with Nesterov momentum for a fixed number of steps: no randomness, so the
//! same rows always give the same weights.
//!
//! Unlike naive Bayes it does not count correlated fields twice (source "web form" and journey
//! stage "awareness" often come together); the holdout decides which of the two serves better.

use super::encoder::Encoder;
use super::linear::{sigmoid, LinearModel};

/// Settings of the fit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LogisticSettings {
    /// L2 penalty per weight, on the mean log loss.
    pub l2: f64,
    pub steps: usize,
}

impl Default for LogisticSettings {
    fn default() -> Self {
        LogisticSettings {
            l2: 0.01,
            steps: 150,
        }
    }
}

/// Fits regularised logistic regression on encoded rows.
pub fn fit_logistic(
    encoder: &Encoder,
    rows: &[Vec<u32>],
    won: &[bool],
    settings: LogisticSettings,
) -> LinearModel {
    let n = rows.len().max(1) as f64;
    let active = rows.first().map_or(1, Vec::len).max(1) as f64;
    // Each row has `active` ones plus the bias, so the loss's curvature is at most
    // (active + 1) / 4 + l2: a step of its inverse never overshoots.
    let step = 1.0 / ((active + 1.0) / 4.0 + settings.l2);
    let mut model = LinearModel {
        bias: 0.0,
        weights: vec![0.0; encoder.width],
    };
    let mut previous = model.clone();
    let mut grad = vec![0.0; encoder.width];
    for t in 0..settings.steps {
        // Look-ahead point of Nesterov's method.
        let momentum = t as f64 / (t as f64 + 3.0);
        let look = LinearModel {
            bias: model.bias + momentum * (model.bias - previous.bias),
            weights: model
                .weights
                .iter()
                .zip(&previous.weights)
                .map(|(w, p)| w + momentum * (w - p))
                .collect(),
        };
        grad.iter_mut().for_each(|g| *g = 0.0);
        let mut grad_bias = 0.0;
        for (features, &won) in rows.iter().zip(won) {
            let error = sigmoid(look.log_odds(features)) - if won { 1.0 } else { 0.0 };
            grad_bias += error;
            for f in features {
                grad[*f as usize] += error;
            }
        }
        previous = model;
        model = LinearModel {
            bias: look.bias - step * grad_bias / n,
            weights: look
                .weights
                .iter()
                .zip(&grad)
                .map(|(w, g)| w - step * (g / n + settings.l2 * w))
                .collect(),
        };
    }
    model
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::learning::dataset::{Example, FieldValue};

    /// With one binary column and no penalty, the fit reaches the observed rates: 3 of 4 "a"
    /// won → 0.75, 1 of 4 "b" won → 0.25 (the maximum-likelihood answer, computed by hand).
    #[test]
    fn golden_reaches_the_observed_rates_without_penalty() {
        let examples: Vec<Example> = [("a", true), ("a", true), ("a", true), ("a", false)]
            .into_iter()
            .chain([("b", true), ("b", false), ("b", false), ("b", false)])
            .map(|(v, won)| Example {
                values: vec![FieldValue::parse(v)],
                won,
                closed_at: 0,
                hand_score: None,
            })
            .collect();
        let refs: Vec<&Example> = examples.iter().collect();
        let encoder = Encoder::fit(&["f".into()], &refs, 1);
        let rows: Vec<Vec<u32>> = examples.iter().map(|e| encoder.encode(&e.values)).collect();
        let won: Vec<bool> = examples.iter().map(|e| e.won).collect();
        let model = fit_logistic(
            &encoder,
            &rows,
            &won,
            LogisticSettings {
                l2: 0.0,
                steps: 3000,
            },
        );
        let p = |v: &str| model.probability(&encoder.encode(&[FieldValue::parse(v)]));
        assert!((p("a") - 0.75).abs() < 1e-3, "{}", p("a"));
        assert!((p("b") - 0.25).abs() < 1e-3, "{}", p("b"));
    }

    #[test]
    fn the_penalty_pulls_toward_the_average() {
        let examples: Vec<Example> = [("a", true), ("a", true), ("b", false), ("b", false)]
            .map(|(v, won)| Example {
                values: vec![FieldValue::parse(v)],
                won,
                closed_at: 0,
                hand_score: None,
            })
            .to_vec();
        let refs: Vec<&Example> = examples.iter().collect();
        let encoder = Encoder::fit(&["f".into()], &refs, 1);
        let rows: Vec<Vec<u32>> = examples.iter().map(|e| encoder.encode(&e.values)).collect();
        let won: Vec<bool> = examples.iter().map(|e| e.won).collect();
        let model = fit_logistic(&encoder, &rows, &won, LogisticSettings::default());
        let p = model.probability(&encoder.encode(&[FieldValue::parse("a")]));
        assert!(p > 0.5 && p < 0.99, "{p}");
    }
}
