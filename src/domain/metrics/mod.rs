//! Sales metrics as pure functions over deals and leads, each with golden tests: conversion and
//! win rate, deal size, cycle length, velocity, lead-source effectiveness, funnel scenarios; and
//! the axis and histogram helpers the SVG charts draw with.

pub mod axis;
pub mod conversion;
pub mod cycle;
pub mod dashboard;
pub mod deal_size;
pub mod follow_up;
pub mod funnel_scenario;
pub mod metric;
pub mod ranking_performance;
pub mod rate;
pub mod source_effectiveness;
pub mod source_yield;
pub mod velocity;

pub use axis::{histogram, nice_axis, HistogramBin};
pub use conversion::{stage_conversions, stage_reach, win_rate, StageConversion, StageReach};
pub use cycle::{lead_to_won, sales_cycle_days, LeadToWon};
pub use dashboard::{dashboard, Dashboard, LeadNow, Records, Scope, Tiles};
pub use deal_size::{average_deal_size, average_deal_sizes, DealSize};
pub use follow_up::{
    contacted_in_time, overdue_tasks, FollowUpHealth, RepActivity, FIRST_CONTACT_WINDOW_MS,
};
pub use funnel_scenario::{
    compare, FunnelScenario, ScenarioComparison, ScenarioField, ScenarioForm, ScenarioOutcome,
    ScenarioProblem,
};
pub use metric::Metric;
pub use ranking_performance::{
    final_score, lead_outcome, ranking_performance, Outcome, OutcomeCounts, ProbabilityBand,
    Ranked, RankingPerformance, ScoreBand, PROBABILITY_BANDS, SCORE_BANDS, SCORE_BAND_WIDTH,
};
pub use rate::Rate;
pub use source_effectiveness::{source_effectiveness, SourceRow};
pub use source_yield::{source_yield, SourceYield};
pub use velocity::{sales_velocity, Velocity, DAYS_PER_MONTH};

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::Problem;
    use crate::i18n::{t, Lang};

    /// Every metric name, help text and scenario message exists in English and Persian.
    #[test]
    fn every_key_the_metrics_emit_is_translated() {
        let mut keys: Vec<&str> = Vec::new();
        keys.extend(Metric::ALL.map(Metric::label_key));
        keys.extend(Metric::ALL.map(Metric::help_key));
        keys.extend(ScenarioField::ALL.map(ScenarioField::label_key));
        keys.extend(
            [
                ScenarioProblem::Number(Problem::NotANumber),
                ScenarioProblem::Number(Problem::Negative),
                ScenarioProblem::Number(Problem::TooLarge),
                ScenarioProblem::MoreThanPreviousStep,
            ]
            .map(ScenarioProblem::label_key),
        );
        for lang in Lang::ALL {
            for key in &keys {
                assert_ne!(t(lang, key), *key, "{lang:?} lacks {key}");
            }
        }
    }
}
