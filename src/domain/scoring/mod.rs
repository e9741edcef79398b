//! Lead scoring: a model the user can read and edit (fit and engagement criteria, caps,
//! thresholds), a pure and explainable score, grades, the what-if preview and the Today ranking.
//!
//! Use: build a [`CompiledModel`] once per model change, then [`score`] a lead for its page
//! (total, grade, contributions) or [`score_total`] many leads fast (no allocation).

pub mod compiled;
pub mod explain;
pub mod grade;
pub mod model;
pub mod model_error;
pub mod ranking;
pub mod score;
pub mod text_match;
pub mod what_if;

#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod test_support;

pub use compiled::CompiledModel;
pub use explain::{top_contributions, Contribution, Criterion, Reason, ReasonArg};
pub use grade::Grade;
pub use model::{
    Band, BudgetBand, EngagementGroup, FitCriteria, KindPoints, NeedPoints, Points, Recency, RolePoints,
    ScoringModel, StagePoints, Thresholds, ValuePoints, MAX_POINTS,
};
pub use model_error::{parse_points, ModelError, ModelProblem};
pub use ranking::{last_contact, rank_today, TodayEntry, HOT_CONTACT_GAP_MS, TODAY_REASONS};
pub use score::{score, score_total, Score, ScoreInput};
pub use what_if::{what_if, Mover, WhatIf};
