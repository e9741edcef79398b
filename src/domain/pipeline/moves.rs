//! Moving a deal: to another stage, to won, lost or on hold, and back to open. Every move returns
//! a new deal with one more history entry and leaves the given one untouched, so the caller can
//! save the new one at once and keep the old one for Undo.

use super::deal::{Deal, DealStatus, Reason, MAX_REASON_CHARS};
use super::stage::{PipelineConfig, StageId};
use crate::domain::Timestamp;

/// What to do with a deal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DealMove {
    /// Into another open stage (a drag between board columns).
    ToStage(StageId),
    Win,
    /// Lost, with the reason typed.
    Lose(String),
    /// On hold, with the reason typed.
    Hold(String),
    /// Back on the board, in the stage it was in (or the first stage, if that one is gone).
    Reopen,
}

/// Why a move is not possible.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MoveError {
    /// No such stage in the configuration.
    UnknownStage,
    /// Only open deals move between stages or go on hold.
    NotOpen,
    /// The deal is already won or lost; reopen it first.
    AlreadyClosed,
    /// The deal is already open, so there is nothing to reopen.
    AlreadyOpen,
    /// Losing a deal or putting it on hold needs a reason.
    ReasonRequired,
    /// The reason is longer than [`MAX_REASON_CHARS`].
    ReasonTooLong,
}

impl MoveError {
    /// Translation key of the message.
    pub fn label_key(self) -> &'static str {
        match self {
            MoveError::UnknownStage => "move_problem.unknown_stage",
            MoveError::NotOpen => "move_problem.not_open",
            MoveError::AlreadyClosed => "move_problem.already_closed",
            MoveError::AlreadyOpen => "move_problem.already_open",
            MoveError::ReasonRequired => "move_problem.reason_required",
            MoveError::ReasonTooLong => "move_problem.reason_too_long",
        }
    }
}

/// `deal` after `change` at `now`, with the change appended to its history. Moving a deal to the
/// stage it is already in returns it unchanged (a card dropped back where it was is not a move).
pub fn apply_move(
    deal: &Deal,
    change: &DealMove,
    config: &PipelineConfig,
    now: Timestamp,
) -> Result<Deal, MoveError> {
    let mut moved = deal.clone();
    match change {
        DealMove::ToStage(stage) => {
            if config.stage(*stage).is_none() {
                return Err(MoveError::UnknownStage);
            }
            if !deal.is_open() {
                return Err(MoveError::NotOpen);
            }
            if *stage == deal.stage {
                return Ok(moved);
            }
            moved.stage = *stage;
        }
        DealMove::Win => {
            closable(deal)?;
            moved.status = DealStatus::Won;
            moved.reason = None;
        }
        DealMove::Lose(reason) => {
            let reason = typed_reason(reason)?;
            closable(deal)?;
            moved.status = DealStatus::Lost;
            moved.reason = Some(reason);
        }
        DealMove::Hold(reason) => {
            let reason = typed_reason(reason)?;
            if !deal.is_open() {
                return Err(MoveError::NotOpen);
            }
            moved.status = DealStatus::OnHold;
            moved.reason = Some(reason);
        }
        DealMove::Reopen => {
            if deal.is_open() {
                return Err(MoveError::AlreadyOpen);
            }
            if config.stage(deal.stage).is_none() {
                moved.stage = config.first_stage().ok_or(MoveError::UnknownStage)?.id;
            }
            moved.status = DealStatus::Open;
            moved.reason = None;
        }
    }
    moved.record(now);
    Ok(moved)
}

/// Open and on-hold deals can be won or lost; won and lost ones cannot be closed again.
fn closable(deal: &Deal) -> Result<(), MoveError> {
    if deal.status.is_closed() {
        Err(MoveError::AlreadyClosed)
    } else {
        Ok(())
    }
}

fn typed_reason(raw: &str) -> Result<Reason, MoveError> {
    let reason = raw.trim();
    if reason.is_empty() {
        Err(MoveError::ReasonRequired)
    } else if reason.chars().count() > MAX_REASON_CHARS {
        Err(MoveError::ReasonTooLong)
    } else {
        Ok(Reason::Text(reason.to_string()))
    }
}

/// Whether an open deal has sat in its stage longer than the stage's rotting days (a stage with
/// 0 rotting days never rots; a deal whose stage is gone is not judged).
pub fn is_stale(deal: &Deal, config: &PipelineConfig, now: Timestamp) -> bool {
    let Some(stage) = config.stage(deal.stage) else {
        return false;
    };
    deal.is_open() && stage.rotting_days > 0 && deal.days_in_stage(now) > stage.rotting_days as i64
}

/// The stale deals among `deals`, in the order given.
pub fn stale_deals<'a>(
    deals: &'a [Deal],
    config: &PipelineConfig,
    now: Timestamp,
) -> Vec<&'a Deal> {
    deals.iter().filter(|d| is_stale(d, config, now)).collect()
}

/// "Remove stale deals": the selected deals that are open, closed as lost with reason
/// [`Reason::Stale`] at `now`. Deals already closed or on hold are left out. To undo, save the
/// selected deals back as they were (their history included): the returned ones share their ids.
pub fn remove_stale(selected: &[Deal], now: Timestamp) -> Vec<Deal> {
    selected
        .iter()
        .filter(|d| d.is_open())
        .map(|deal| {
            let mut closed = deal.clone();
            closed.status = DealStatus::Lost;
            closed.reason = Some(Reason::Stale);
            closed.record(now);
            closed
        })
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::pipeline::deal::{test_deal, StageEntry};
    use crate::domain::time::date::MS_PER_DAY as DAY;

    fn config() -> PipelineConfig {
        PipelineConfig::default_stages()
    }

    fn last(deal: &Deal) -> &StageEntry {
        deal.history.last().unwrap()
    }

    #[test]
    fn a_stage_move_is_recorded_and_the_original_kept() {
        let deal = test_deal(1, 1);
        let moved = apply_move(&deal, &DealMove::ToStage(3), &config(), 5 * DAY).unwrap();
        assert_eq!(
            (deal.stage, deal.history.len()),
            (1, 1),
            "the original is untouched"
        );
        assert_eq!(moved.stage, 3);
        assert_eq!(moved.history.len(), 2);
        assert_eq!(
            *last(&moved),
            StageEntry {
                at: 5 * DAY,
                stage: 3,
                status: DealStatus::Open,
                reason: None
            }
        );
        assert_eq!(moved.updated_at, 5 * DAY);
        assert_eq!(
            apply_move(&moved, &DealMove::ToStage(3), &config(), 6 * DAY),
            Ok(moved.clone())
        );
        assert_eq!(
            apply_move(&moved, &DealMove::ToStage(9), &config(), 6 * DAY),
            Err(MoveError::UnknownStage)
        );
    }

    #[test]
    fn lost_and_hold_need_a_reason() {
        let deal = test_deal(1, 2);
        for change in [DealMove::Lose("  ".into()), DealMove::Hold(String::new())] {
            assert_eq!(
                apply_move(&deal, &change, &config(), 0),
                Err(MoveError::ReasonRequired)
            );
        }
        assert_eq!(
            apply_move(&deal, &DealMove::Lose("x".repeat(501)), &config(), 0),
            Err(MoveError::ReasonTooLong)
        );
        let lost = apply_move(
            &deal,
            &DealMove::Lose(" went with a rival ".into()),
            &config(),
            DAY,
        )
        .unwrap();
        assert_eq!(lost.status, DealStatus::Lost);
        assert_eq!(lost.reason, Some(Reason::Text("went with a rival".into())));
        assert_eq!(last(&lost).reason, lost.reason);
        assert_eq!(lost.closed_at(), Some(DAY));
    }

    #[test]
    fn the_status_rules() {
        let c = config();
        let open = test_deal(1, 2);
        let held = apply_move(&open, &DealMove::Hold("budget frozen".into()), &c, DAY).unwrap();
        assert_eq!(
            apply_move(&held, &DealMove::ToStage(3), &c, 2 * DAY),
            Err(MoveError::NotOpen)
        );
        assert_eq!(
            apply_move(&held, &DealMove::Hold("again".into()), &c, 2 * DAY),
            Err(MoveError::NotOpen)
        );
        let won = apply_move(&held, &DealMove::Win, &c, 2 * DAY).unwrap();
        assert_eq!((won.status, won.reason.clone()), (DealStatus::Won, None));
        assert_eq!(
            apply_move(&won, &DealMove::Lose("oops".into()), &c, 3 * DAY),
            Err(MoveError::AlreadyClosed)
        );
        assert_eq!(
            apply_move(&won, &DealMove::Win, &c, 3 * DAY),
            Err(MoveError::AlreadyClosed)
        );
        assert_eq!(
            apply_move(&open, &DealMove::Reopen, &c, 3 * DAY),
            Err(MoveError::AlreadyOpen)
        );
        let reopened = apply_move(&won, &DealMove::Reopen, &c, 3 * DAY).unwrap();
        assert_eq!((reopened.status, reopened.stage), (DealStatus::Open, 2));
        let statuses: Vec<DealStatus> = reopened.history.iter().map(|e| e.status).collect();
        assert_eq!(
            statuses,
            [
                DealStatus::Open,
                DealStatus::OnHold,
                DealStatus::Won,
                DealStatus::Open
            ]
        );
    }

    #[test]
    fn reopening_a_deal_whose_stage_was_deleted_puts_it_first() {
        let mut lost = test_deal(1, 77);
        lost.status = DealStatus::Lost;
        let reopened = apply_move(&lost, &DealMove::Reopen, &config(), DAY).unwrap();
        assert_eq!(reopened.stage, 1);
    }

    #[test]
    fn stale_means_more_whole_days_in_the_stage_than_its_rotting_days() {
        // Contact (stage 3) rots after 10 days. Entered at day 2.
        let mut deal = test_deal(1, 1);
        deal = apply_move(&deal, &DealMove::ToStage(3), &config(), 2 * DAY).unwrap();
        // Day 12.9: 10 whole days in the stage, not yet past 10.
        assert!(!is_stale(&deal, &config(), 12 * DAY + 9 * DAY / 10));
        // Day 13: 11 days.
        assert!(is_stale(&deal, &config(), 13 * DAY));
        let mut never = config();
        never.stages[2].rotting_days = 0;
        assert!(!is_stale(&deal, &never, 1_000 * DAY));
        let held = apply_move(&deal, &DealMove::Hold("later".into()), &config(), 3 * DAY).unwrap();
        assert!(
            !is_stale(&held, &config(), 100 * DAY),
            "only open deals go stale"
        );
    }

    #[test]
    fn stale_deals_and_their_removal_as_lost_stale() {
        let c = config();
        // Prospecting rots after 14 days; all deals entered it at day 0.
        let fresh = test_deal(1, 1);
        let old = test_deal(2, 1);
        let mut won = test_deal(3, 1);
        won.status = DealStatus::Won;
        let deals = vec![fresh.clone(), old.clone(), won.clone()];
        let mut recent = deals.clone();
        recent[0] = apply_move(&fresh, &DealMove::ToStage(2), &c, 10 * DAY).unwrap();
        let stale: Vec<u64> = stale_deals(&recent, &c, 15 * DAY)
            .iter()
            .map(|d| d.id)
            .collect();
        assert_eq!(stale, [2]);
        let removed = remove_stale(&[old.clone(), won], 15 * DAY);
        assert_eq!(removed.len(), 1, "the won deal is left alone");
        assert_eq!((removed[0].id, removed[0].status), (2, DealStatus::Lost));
        assert_eq!(removed[0].reason, Some(Reason::Stale));
        assert_eq!(
            *last(&removed[0]),
            StageEntry {
                at: 15 * DAY,
                stage: 1,
                status: DealStatus::Lost,
                reason: Some(Reason::Stale)
            }
        );
        // Undo is saving the selection back: it still holds the deal as it was.
        assert_eq!((old.status, old.history.len()), (DealStatus::Open, 1));
    }
}
