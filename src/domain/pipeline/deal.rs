//! A deal: a qualified lead's chance to buy, with its value, its stage on the board, its status and
//! the history of every stage move and status change.

use serde::{Deserialize, Serialize};

use super::stage::{PipelineConfig, StageId};
use crate::domain::time::date::MS_PER_DAY;
use crate::domain::{Date, LeadId, Money, Timestamp};

/// Identifies a deal.
pub type DealId = u64;

/// Most characters in a typed reason (lost, on hold, conversion override).
pub const MAX_REASON_CHARS: usize = 500;

/// Where a deal stands: still being worked, or closed one way or another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DealStatus {
    /// On the board, moving through the stages.
    Open,
    Won,
    Lost,
    /// Paused with a reason (budget frozen, buyer on leave); off the board until reopened.
    OnHold,
}

impl DealStatus {
    /// Every status, open first.
    pub const ALL: [DealStatus; 4] = [
        DealStatus::Open,
        DealStatus::Won,
        DealStatus::Lost,
        DealStatus::OnHold,
    ];

    /// Stable snake_case key.
    pub fn key(self) -> &'static str {
        match self {
            DealStatus::Open => "open",
            DealStatus::Won => "won",
            DealStatus::Lost => "lost",
            DealStatus::OnHold => "on_hold",
        }
    }

    /// Translation key of the status's name.
    pub fn label_key(self) -> &'static str {
        match self {
            DealStatus::Open => "deal_status.open",
            DealStatus::Won => "deal_status.won",
            DealStatus::Lost => "deal_status.lost",
            DealStatus::OnHold => "deal_status.on_hold",
        }
    }

    /// The status with this key.
    pub fn from_key(key: &str) -> Option<DealStatus> {
        DealStatus::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Won or lost: the deal's outcome is final (until someone reopens it).
    pub fn is_closed(self) -> bool {
        matches!(self, DealStatus::Won | DealStatus::Lost)
    }
}

/// Why a deal was lost or put on hold.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Reason {
    /// Closed by "Remove stale deals": it sat in its stage past the stage's rotting days. Kept as
    /// its own variant so it reads in the viewer's language and reports can count it.
    Stale,
    /// What the person typed.
    Text(String),
}

impl Reason {
    /// Translation key for a built-in reason; `None` for typed text, which is shown as typed.
    pub fn label_key(&self) -> Option<&'static str> {
        match self {
            Reason::Stale => Some("close_reason.stale"),
            Reason::Text(_) => None,
        }
    }
}

/// One line of a deal's history: from `at` on, the deal was in `stage` with `status`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageEntry {
    pub at: Timestamp,
    pub stage: StageId,
    pub status: DealStatus,
    /// The lost or hold reason given with this change.
    #[serde(default)]
    pub reason: Option<Reason>,
}

/// A deal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deal {
    pub id: DealId,
    pub title: String,
    /// The lead the deal was converted from.
    pub lead: LeadId,
    pub value: Money,
    /// The day the owner expects the deal to close; forecasts group deals by it.
    pub expected_close: Date,
    /// The sales rep who owns the deal.
    pub owner: String,
    /// Win probability (percent) set for this deal; `None` follows its stage's default.
    #[serde(default)]
    pub probability: Option<u8>,
    pub stage: StageId,
    pub status: DealStatus,
    /// Why the deal is lost or on hold; `None` while open or won.
    #[serde(default)]
    pub reason: Option<Reason>,
    /// Every stage move and status change, oldest first; the first entry is the conversion.
    #[serde(default)]
    pub history: Vec<StageEntry>,
    /// Why the lead was converted although not qualified on all levels; `None` if it was.
    #[serde(default)]
    pub override_reason: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Deal {
    /// Whether the deal is on the board.
    pub fn is_open(&self) -> bool {
        self.status == DealStatus::Open
    }

    /// The win probability in percent: 100 once won, 0 once lost, otherwise the deal's own or its
    /// stage's default.
    pub fn probability(&self, config: &PipelineConfig) -> u8 {
        match self.status {
            DealStatus::Won => 100,
            DealStatus::Lost => 0,
            DealStatus::Open | DealStatus::OnHold => match self.probability {
                Some(p) => p.min(100),
                None => config.probability(self.stage),
            },
        }
    }

    /// When the deal entered its current stage: the start of the last unbroken run of history
    /// entries in this stage (a hold and reopen within the stage does not restart the clock).
    pub fn entered_stage_at(&self) -> Timestamp {
        let mut entered = self.created_at;
        for entry in self.history.iter().rev() {
            if entry.stage != self.stage {
                break;
            }
            entered = entry.at;
        }
        entered
    }

    /// Whole days since the deal entered its stage (0 on the first day; never negative).
    pub fn days_in_stage(&self, now: Timestamp) -> i64 {
        (now - self.entered_stage_at()).max(0) / MS_PER_DAY
    }

    /// When the deal was won or lost: the time of the history entry that closed it; `None` while
    /// open or on hold.
    pub fn closed_at(&self) -> Option<Timestamp> {
        if !self.status.is_closed() {
            return None;
        }
        let closing = self.history.iter().rev().find(|e| e.status == self.status);
        Some(closing.map_or(self.updated_at, |e| e.at))
    }

    /// When the deal was won, if it is.
    pub fn won_at(&self) -> Option<Timestamp> {
        if self.status == DealStatus::Won {
            self.closed_at()
        } else {
            None
        }
    }

    /// Every stage the history shows the deal in, first visit order, without repeats.
    pub fn stages_visited(&self) -> Vec<StageId> {
        let mut visited = Vec::new();
        for stage in self.history.iter().map(|e| e.stage).chain([self.stage]) {
            if !visited.contains(&stage) {
                visited.push(stage);
            }
        }
        visited
    }

    /// Appends a history entry for the deal's current stage, status and reason, at `now`.
    pub(crate) fn record(&mut self, now: Timestamp) {
        self.history.push(StageEntry {
            at: now,
            stage: self.stage,
            status: self.status,
            reason: self.reason.clone(),
        });
        self.updated_at = now;
    }
}

/// A small deal for tests in this and the sibling modules: open, 1,000 USD, stage 1, created at
/// day 0, with its conversion entry.
#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) fn test_deal(id: DealId, stage: StageId) -> Deal {
    use crate::domain::Currency;
    Deal {
        id,
        title: format!("Deal {id}"),
        lead: id,
        value: Money {
            amount: 1_000,
            currency: Currency::Usd,
        },
        expected_close: Date(30),
        owner: "Sara".into(),
        probability: None,
        stage,
        status: DealStatus::Open,
        reason: None,
        history: vec![StageEntry {
            at: 0,
            stage,
            status: DealStatus::Open,
            reason: None,
        }],
        override_reason: None,
        created_at: 0,
        updated_at: 0,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const DAY: i64 = MS_PER_DAY;

    #[test]
    fn probability_follows_the_stage_unless_overridden_and_closing_fixes_it() {
        let config = PipelineConfig::default_stages();
        let mut deal = test_deal(1, 4);
        assert_eq!(deal.probability(&config), 50);
        deal.probability = Some(65);
        assert_eq!(deal.probability(&config), 65);
        deal.status = DealStatus::Won;
        assert_eq!(deal.probability(&config), 100);
        deal.status = DealStatus::Lost;
        assert_eq!(deal.probability(&config), 0);
        deal.status = DealStatus::OnHold;
        assert_eq!(deal.probability(&config), 65);
        deal.probability = None;
        deal.stage = 99;
        assert_eq!(
            deal.probability(&config),
            0,
            "a deleted stage has no default"
        );
    }

    #[test]
    fn days_in_stage_count_from_entering_the_current_stage() {
        let mut deal = test_deal(1, 1);
        let entry = |at, stage, status| StageEntry {
            at,
            stage,
            status,
            reason: None,
        };
        deal.history.push(entry(3 * DAY, 2, DealStatus::Open));
        deal.history.push(entry(5 * DAY, 2, DealStatus::OnHold));
        deal.history.push(entry(6 * DAY, 2, DealStatus::Open));
        deal.stage = 2;
        assert_eq!(deal.entered_stage_at(), 3 * DAY);
        // Entered on day 3; at day 12.5 that is 9.5 days, so 9 whole days.
        assert_eq!(deal.days_in_stage(12 * DAY + DAY / 2), 9);
        assert_eq!(deal.days_in_stage(0), 0, "never negative");
        assert_eq!(deal.stages_visited(), [1, 2]);
    }

    #[test]
    fn closed_at_is_the_closing_entry() {
        let mut deal = test_deal(1, 1);
        assert_eq!(deal.closed_at(), None);
        deal.history.push(StageEntry {
            at: 7 * DAY,
            stage: 1,
            status: DealStatus::Won,
            reason: None,
        });
        deal.status = DealStatus::Won;
        deal.updated_at = 8 * DAY;
        assert_eq!(deal.closed_at(), Some(7 * DAY));
        assert_eq!(deal.won_at(), Some(7 * DAY));
        deal.status = DealStatus::Lost;
        assert_eq!(
            deal.closed_at(),
            Some(8 * DAY),
            "no lost entry: the last update"
        );
        assert_eq!(deal.won_at(), None);
    }

    #[test]
    fn statuses_have_stable_keys() {
        for status in DealStatus::ALL {
            assert_eq!(DealStatus::from_key(status.key()), Some(status));
        }
        assert!(DealStatus::Won.is_closed() && !DealStatus::OnHold.is_closed());
    }

    #[test]
    fn a_deal_survives_json_and_postcard() {
        let mut deal = test_deal(7, 2);
        deal.reason = Some(Reason::Text("budget frozen".into()));
        deal.history[0].reason = Some(Reason::Stale);
        let json = serde_json::to_string(&deal).unwrap();
        assert_eq!(serde_json::from_str::<Deal>(&json).unwrap(), deal);
        let bytes = postcard::to_allocvec(&deal).unwrap();
        assert_eq!(postcard::from_bytes::<Deal>(&bytes).unwrap(), deal);
    }
}
