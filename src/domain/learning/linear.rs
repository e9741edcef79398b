//! Both learners end as the same thing: log-odds of winning = bias + one weight per feature
//! present. That one form predicts, explains in points and is stored.

use serde::{Deserialize, Serialize};

/// Log-odds weights over an encoder's features.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LinearModel {
    pub bias: f64,
    pub weights: Vec<f64>,
}

impl LinearModel {
    /// Log-odds of winning for a row's features.
    pub fn log_odds(&self, features: &[u32]) -> f64 {
        self.bias
            + features
                .iter()
                .map(|f| self.weights[*f as usize])
                .sum::<f64>()
    }

    /// Probability of winning for a row's features.
    pub fn probability(&self, features: &[u32]) -> f64 {
        sigmoid(self.log_odds(features))
    }
}

/// The logistic function, written to stay finite for large |x|.
pub fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}
