//! The trained model as stored (readable JSON) and how it scores a lead: a win probability and
//! the factors that push it up or down, in points.
//!
//! Points: a factor's weight minus its column's average weight over the training cases, in
//! log-odds, times `POINTS_PER_LOGIT`. So "+12" means this value raises the odds of winning
//! above what an average value of the same field would, by a factor of e^1.2 ≈ 3.3.

use serde::{Deserialize, Serialize};

use super::dataset::{Cell, Example, FieldValue};
use super::encoder::{Bucket, ColumnCode, Encoder};
use super::linear::{sigmoid, LinearModel};
use super::trainer::{Evaluation, Learner};

/// Points per unit of log-odds in explanations.
pub const POINTS_PER_LOGIT: f64 = 10.0;

/// A trained model, stored as one document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LearnedModel {
    pub learner: Learner,
    pub encoder: Encoder,
    pub linear: LinearModel,
    /// Per column, its weight averaged over the training cases.
    pub baselines: Vec<f64>,
    pub won: usize,
    pub lost: usize,
    pub evaluation: Evaluation,
}

/// One reason, in points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Factor {
    pub column: String,
    pub bucket: Bucket,
    pub points: i32,
}

/// A win probability with its factors, strongest first; factors of 0 points are left out.
#[derive(Clone, Debug, PartialEq)]
pub struct Prediction {
    pub probability: f64,
    pub factors: Vec<Factor>,
}

impl LearnedModel {
    /// Wraps a fitted model with the column averages that explanations are measured from.
    pub fn new(
        learner: Learner,
        encoder: Encoder,
        linear: LinearModel,
        cases: &[&Example],
        evaluation: Evaluation,
    ) -> LearnedModel {
        let mut baselines = vec![0.0; encoder.columns.len()];
        for case in cases {
            for f in encoder.encode(&case.values) {
                baselines[encoder.column_of(f as usize)] += linear.weights[f as usize];
            }
        }
        let n = cases.len().max(1) as f64;
        baselines.iter_mut().for_each(|b| *b /= n);
        let won = cases.iter().filter(|c| c.won).count();
        LearnedModel {
            learner,
            encoder,
            linear,
            baselines,
            won,
            lost: cases.len() - won,
            evaluation,
        }
    }

    /// Probability of winning only (fast path for ranking many leads).
    pub fn probability(&self, values: &[FieldValue]) -> f64 {
        self.linear.probability(&self.encoder.encode(values))
    }

    /// Probability of winning for a row of borrowed cells in the model's column order: the same
    /// number as [`LearnedModel::probability`] of the row, without building it.
    pub fn probability_of_cells<'a>(
        &'a self,
        cells: impl IntoIterator<Item = Cell<'a>> + 'a,
    ) -> f64 {
        let sum: f64 = self
            .encoder
            .features(cells)
            .map(|f| self.linear.weights[f])
            .sum();
        sigmoid(self.linear.bias + sum)
    }

    /// Probability and factors for one row of values in the model's column order.
    pub fn predict(&self, values: &[FieldValue]) -> Prediction {
        let features = self.encoder.encode(values);
        let mut factors: Vec<Factor> = features
            .iter()
            .map(|f| self.factor(*f as usize))
            .filter(|factor| factor.points != 0)
            .collect();
        factors.sort_by_key(|f| std::cmp::Reverse(f.points.abs()));
        Prediction {
            probability: sigmoid(self.linear.log_odds(&features)),
            factors,
        }
    }

    /// What feature `f` adds, in points, against its column's baseline.
    fn factor(&self, f: usize) -> Factor {
        let (column, bucket) = self.encoder.describe(f);
        let delta = self.linear.weights[f] - self.baselines[self.encoder.column_of(f)];
        Factor {
            column: column.to_string(),
            bucket,
            points: (delta * POINTS_PER_LOGIT).round() as i32,
        }
    }

    /// Every feature's factor, strongest first: what the model learned overall.
    pub fn strongest_factors(&self, limit: usize) -> Vec<Factor> {
        let mut all: Vec<Factor> = (0..self.encoder.width)
            .filter(|f| {
                let column = &self.encoder.columns[self.encoder.column_of(*f)];
                column.code != ColumnCode::Ignored
            })
            .map(|f| self.factor(f))
            .filter(|factor| factor.points != 0)
            .collect();
        all.sort_by_key(|f| std::cmp::Reverse(f.points.abs()));
        all.truncate(limit);
        all
    }

    /// The learned points for a text value of a column, if the model knows the value.
    pub fn points_for_value(&self, column: &str, value: &str) -> Option<i32> {
        let c = self.encoder.columns.iter().position(|c| c.name == column)?;
        let features = self.encoder.encode(&self.row_with(c, value));
        let f = *features
            .iter()
            .find(|f| self.encoder.column_of(**f as usize) == c)? as usize;
        match self.encoder.describe(f).1 {
            Bucket::Value(_) => Some(
                ((self.linear.weights[f] - self.baselines[c]) * POINTS_PER_LOGIT).round() as i32,
            ),
            _ => None,
        }
    }

    fn row_with(&self, column: usize, value: &str) -> Vec<FieldValue> {
        let mut row = vec![FieldValue::Missing; self.encoder.columns.len()];
        row[column] = FieldValue::Text(value.to_string());
        row
    }
}
