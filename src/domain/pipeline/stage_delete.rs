//! Deleting a stage. A stage that still holds deals (of any status: a lost deal keeps its last
//! stage) can only go once the user chooses where those deals move; the moves enter the deals'
//! histories like any other.

use super::deal::Deal;
use super::stage::{PipelineConfig, StageId};
use crate::domain::Timestamp;

/// Why a stage cannot be deleted as asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StageDeleteError {
    /// No stage with that id.
    UnknownStage,
    /// It is the last stage; a pipeline needs at least one.
    LastStage,
    /// The stage holds this many deals: choose a stage to move them to.
    TargetRequired(usize),
    /// The chosen target is the stage being deleted, or does not exist.
    InvalidTarget,
}

impl StageDeleteError {
    /// Translation key of the message (`{count}` is the number of deals for `TargetRequired`).
    pub fn label_key(self) -> &'static str {
        match self {
            StageDeleteError::UnknownStage => "stage_delete.unknown_stage",
            StageDeleteError::LastStage => "stage_delete.last_stage",
            StageDeleteError::TargetRequired(_) => "stage_delete.target_required",
            StageDeleteError::InvalidTarget => "stage_delete.invalid_target",
        }
    }
}

/// The outcome of deleting a stage: the new configuration and the deals that moved, all to be
/// saved together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageDeletion {
    pub config: PipelineConfig,
    pub moved: Vec<Deal>,
}

/// Deletes `stage` from `config`, moving its deals to `target` at `now`. `target` may be `None`
/// only when no deal is in the stage.
pub fn delete_stage(
    config: &PipelineConfig,
    stage: StageId,
    target: Option<StageId>,
    deals: &[Deal],
    now: Timestamp,
) -> Result<StageDeletion, StageDeleteError> {
    if config.stage(stage).is_none() {
        return Err(StageDeleteError::UnknownStage);
    }
    if config.stages.len() == 1 {
        return Err(StageDeleteError::LastStage);
    }
    let held: Vec<&Deal> = deals.iter().filter(|d| d.stage == stage).collect();
    let moved = match target {
        None if held.is_empty() => Vec::new(),
        None => return Err(StageDeleteError::TargetRequired(held.len())),
        Some(t) if t == stage || config.stage(t).is_none() => {
            return Err(StageDeleteError::InvalidTarget)
        }
        Some(t) => held
            .into_iter()
            .map(|deal| {
                let mut deal = deal.clone();
                deal.stage = t;
                deal.record(now);
                deal
            })
            .collect(),
    };
    let stages = config
        .stages
        .iter()
        .filter(|s| s.id != stage)
        .cloned()
        .collect();
    Ok(StageDeletion {
        config: PipelineConfig { stages },
        moved,
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::pipeline::deal::{test_deal, DealStatus, StageEntry};

    #[test]
    fn an_empty_stage_goes_without_a_target() {
        let config = PipelineConfig::default_stages();
        let deals = vec![test_deal(1, 1)];
        let done = delete_stage(&config, 4, None, &deals, 10).unwrap();
        assert_eq!(done.config.stages.len(), 5);
        assert!(done.config.stage(4).is_none());
        assert!(done.moved.is_empty());
    }

    #[test]
    fn a_stage_with_deals_needs_a_valid_target_and_moves_them_with_history() {
        let config = PipelineConfig::default_stages();
        let mut lost = test_deal(2, 3);
        lost.status = DealStatus::Lost;
        let deals = vec![test_deal(1, 3), lost, test_deal(3, 1)];
        assert_eq!(
            delete_stage(&config, 3, None, &deals, 10),
            Err(StageDeleteError::TargetRequired(2))
        );
        assert_eq!(
            delete_stage(&config, 3, Some(3), &deals, 10),
            Err(StageDeleteError::InvalidTarget)
        );
        assert_eq!(
            delete_stage(&config, 3, Some(42), &deals, 10),
            Err(StageDeleteError::InvalidTarget)
        );
        assert_eq!(
            delete_stage(&config, 42, Some(1), &deals, 10),
            Err(StageDeleteError::UnknownStage)
        );
        let done = delete_stage(&config, 3, Some(2), &deals, 10).unwrap();
        let moved: Vec<(u64, u32)> = done.moved.iter().map(|d| (d.id, d.stage)).collect();
        assert_eq!(moved, [(1, 2), (2, 2)]);
        assert_eq!(
            done.moved[1].history.last(),
            Some(&StageEntry {
                at: 10,
                stage: 2,
                status: DealStatus::Lost,
                reason: None
            })
        );
    }

    #[test]
    fn the_last_stage_stays() {
        let config = PipelineConfig {
            stages: vec![PipelineConfig::default_stages().stages[0].clone()],
        };
        assert_eq!(
            delete_stage(&config, 1, None, &[], 0),
            Err(StageDeleteError::LastStage)
        );
    }
}
