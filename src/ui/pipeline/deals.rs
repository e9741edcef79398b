//! Reading the deals, the pipeline's stages and the sales targets from the workspace (tracked).

use crate::domain::forecast::SalesTargets;
use crate::domain::pipeline::{Deal, PipelineConfig};
use crate::ui::state::AppState;

/// Every deal, cloned (tracked). Views that only read deals borrow `app.deals` instead.
pub fn all_deals(app: AppState) -> Vec<Deal> {
    app.deals.with(|book| book.all().to_vec())
}

/// The saved pipeline configuration, or the shipped default stages (tracked).
pub fn pipeline_config(app: AppState) -> PipelineConfig {
    app.pipeline.get()
}

/// The saved sales reps and targets, or none (tracked).
pub fn sales_targets(app: AppState) -> SalesTargets {
    app.targets.get()
}
