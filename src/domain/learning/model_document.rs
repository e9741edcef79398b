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
    /// Whether `outcomes_now` closed outcomes call for training again. While there was too little
    /// history, any change is due: training then only counts, and "how many more are needed" must
    /// stay true.
    pub fn retrain_due(&self, outcomes_now: usize) -> bool {
        if self.model.is_none() {
            return outcomes_now != self.outcomes;
        }
        let threshold = RETRAIN_AFTER_NEW_OUTCOMES.max(self.outcomes / 10);
        outcomes_now.abs_diff(self.outcomes) >= threshold
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn trained_on(outcomes: usize) -> ModelDocument {
        use crate::domain::learning::{synthetic_history, train, TrainSettings};
        ModelDocument {
            outcomes,
            model: Some(train(&synthetic_history(200, 1), TrainSettings::default()).unwrap()),
            ..ModelDocument::default()
        }
    }

    #[test]
    fn retrains_after_twenty_new_outcomes_or_a_tenth_of_a_large_history() {
        let small = trained_on(60);
        assert!(!small.retrain_due(79));
        assert!(small.retrain_due(80));
        let large = trained_on(1_000);
        assert!(!large.retrain_due(1_099));
        assert!(large.retrain_due(1_100));
    }

    #[test]
    fn while_history_is_too_thin_every_new_outcome_is_counted() {
        let thin = ModelDocument {
            outcomes: 12,
            ..ModelDocument::default()
        };
        assert!(!thin.retrain_due(12));
        assert!(thin.retrain_due(13));
        assert!(thin.retrain_due(11));
    }
}
