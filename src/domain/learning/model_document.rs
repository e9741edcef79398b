//! The learned model as the workspace stores it: the last training's result (a model, or how many
//! more outcomes were needed), when it ran and on how many closed outcomes, so the workspace can
//! tell when enough new outcomes have arrived to train again.

use serde::{Deserialize, Serialize};

use super::learned_model::LearnedModel;
use super::readiness::NeedsMore;

/// New closed outcomes that make a retraining due: this many, or a tenth of those trained on if
/// that is more. Small enough that a team closing a few deals a day retrains weekly; large enough
/// that one won deal does not retrain (and shuffle every lead's factors) on its own.
pub const RETRAIN_AFTER_NEW_OUTCOMES: usize = 20;

/// The stored result of the last training.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ModelDocument {
    /// When it was trained (ms).
    pub trained_at: i64,
    /// Closed outcomes (won + lost) it saw.
    pub outcomes: usize,
    /// The model, when there was enough history.
    pub model: Option<LearnedModel>,
    /// What was missing, when there was not.
    pub needs_more: Option<NeedsMore>,
}

impl ModelDocument {
    /// Whether `outcomes_now` closed outcomes call for training again.
    pub fn retrain_due(&self, outcomes_now: usize) -> bool {
        let threshold = RETRAIN_AFTER_NEW_OUTCOMES.max(self.outcomes / 10);
        outcomes_now.abs_diff(self.outcomes) >= threshold
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn retrains_after_twenty_new_outcomes_or_a_tenth_of_a_large_history() {
        let small = ModelDocument {
            outcomes: 60,
            ..ModelDocument::default()
        };
        assert!(!small.retrain_due(79));
        assert!(small.retrain_due(80));
        let large = ModelDocument {
            outcomes: 1_000,
            ..ModelDocument::default()
        };
        assert!(!large.retrain_due(1_099));
        assert!(large.retrain_due(1_100));
    }
}
