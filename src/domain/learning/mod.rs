//! Learning from won and lost: a win probability trained on the team's own closed history, in
//! the browser, explained in points, and suggestions to re-weight the hand-set model.
//!
//! Use: [`closed_history`] turns leads, deals and activities into a [`Dataset`]; [`train`] fits
//! naive Bayes and logistic regression, keeps the better on a time-based holdout and returns a
//! [`LearnedModel`] (or [`NeedsMore`] when history is too thin); the model's `predict` gives a
//! lead's probability and factors; [`suggest_reweights`] compares learned points with the
//! hand-set model's.

pub mod compiled;
pub mod dataset;
pub mod encoder;
pub mod evaluation;
pub mod history;
pub mod learned_model;
pub mod linear;
pub mod logistic;
pub mod model_document;
pub mod naive_bayes;
pub mod outlook;
pub mod prepared;
pub mod ranking;
pub mod readiness;
pub mod reweight;
pub mod synthetic;
pub mod trainer;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

pub use compiled::CompiledLearnedModel;
pub use dataset::{Cell, Dataset, Example, FieldValue};
pub use encoder::{Bucket, Encoder};
pub use evaluation::{calibration, log_loss, roc_auc, CalibrationBin};
pub use history::{closed_history, engagement, lead_cells, lead_row, Engagement, LEAD_COLUMNS};
pub use learned_model::{Factor, LearnedModel, Prediction, POINTS_PER_LOGIT};
pub use model_document::{ModelDocument, RETRAIN_AFTER_NEW_OUTCOMES};
pub use outlook::{
    factor_reason, learned_auc, learner_key, probability_percent, reweight_reason, share_percent,
    win_outlook, Reason, WinOutlook,
};
pub use prepared::LearnedLead;
pub use ranking::{
    probability_when_closed, rank_by_win_probability, rank_prepared_by_win_probability, RankedByWin,
};
pub use readiness::{check_history, NeedsMore, MIN_PER_OUTCOME};
pub use reweight::{apply_reweight, suggest_reweights, Reweight};
pub use synthetic::{synthetic_history, to_csv};
pub use trainer::{
    time_split, train, train_split, Evaluation, HoldoutScore, Learner, TrainSettings,
};
