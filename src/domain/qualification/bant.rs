//! BANT: Budget, Authority, Need and Timeline, as the rep learned them while qualifying.

use serde::{Deserialize, Serialize};

use super::Answer;
use crate::domain::time::date::MS_PER_DAY;
use crate::domain::{Date, DecisionRole, Lead, Money, Timeline, Timestamp};

/// Highest need level: 0 none, 1 nice to have, 2 real pain, 3 urgent pain.
pub const MAX_NEED_LEVEL: u8 = 3;

/// A buying date at least this many days after today counts as "next year or later". A rolling
/// year, not the calendar's: Persian (Jalali) and Gregorian years turn at different times, and a
/// date two months away in the next calendar year is still worth working now.
pub const NEXT_YEAR_OR_LATER_DAYS: i32 = 365;

/// What the rep recorded for BANT. Every field may be unknown; the lead's own fields fill the gaps
/// (its budget, its decision role, its timeline).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Bant {
    /// Whether a budget exists for this purchase.
    pub budget_exists: Answer,
    /// The budget, when learned here rather than on the lead form; wins over the lead's.
    pub budget_amount: Option<Money>,
    /// Authority as learned while qualifying, when it differs from the lead's decision role.
    pub authority_override: Option<DecisionRole>,
    /// How much it hurts, 0 to [`MAX_NEED_LEVEL`]; `None` is not known yet.
    pub need_level: Option<u8>,
    /// The rep's explicit "they will buy next year or later"; `Unknown` derives it from the lead's
    /// timeline (see [`Bant::is_next_year_or_later`]).
    pub next_year_or_later: Answer,
}

impl Bant {
    /// The budget to reason with: this record's amount, else the lead's.
    pub fn budget(&self, lead: &Lead) -> Option<Money> {
        self.budget_amount.or(lead.budget)
    }

    /// Authority: the override, else the lead's decision role.
    pub fn authority(&self, lead: &Lead) -> DecisionRole {
        self.authority_override.unwrap_or(lead.decision_role)
    }

    /// The need level, clamped to 0..=3 (a hand-edited record cannot push it higher).
    pub fn need(&self) -> Option<u8> {
        self.need_level.map(|n| n.min(MAX_NEED_LEVEL))
    }

    /// Whether the lead will buy next year or later: the rep's explicit answer if given, else
    /// whether the lead's timeline date is [`NEXT_YEAR_OR_LATER_DAYS`] or more after `now`'s day.
    pub fn is_next_year_or_later(&self, timeline: Timeline, now: Timestamp) -> bool {
        match self.next_year_or_later {
            Answer::Yes => true,
            Answer::No => false,
            Answer::Unknown => timeline_is_next_year_or_later(timeline, now),
        }
    }
}

/// Whether a timeline date is at least [`NEXT_YEAR_OR_LATER_DAYS`] after the (UTC) day of `now`.
pub fn timeline_is_next_year_or_later(timeline: Timeline, now: Timestamp) -> bool {
    match timeline {
        Timeline::Unknown => false,
        Timeline::By(date) => date.days_since(today(now)) >= NEXT_YEAR_OR_LATER_DAYS,
    }
}

/// The UTC day `now` falls on. Day-sized rules (bands of weeks and months) do not move for the few
/// hours a time zone shifts them, and a fixed zone keeps every function here deterministic.
pub fn today(now: Timestamp) -> Date {
    Date(now.div_euclid(MS_PER_DAY) as i32)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const NOW: Timestamp = 20_000 * MS_PER_DAY + 5 * 3_600_000;

    #[test]
    fn next_year_or_later_is_a_rolling_year_unless_the_rep_says_otherwise() {
        let bant = Bant::default();
        assert!(!bant.is_next_year_or_later(Timeline::Unknown, NOW));
        assert!(!bant.is_next_year_or_later(Timeline::By(Date(20_364)), NOW));
        assert!(bant.is_next_year_or_later(Timeline::By(Date(20_365)), NOW));
        assert!(!bant.is_next_year_or_later(Timeline::By(Date(19_000)), NOW));
        let said_yes = Bant {
            next_year_or_later: Answer::Yes,
            ..Bant::default()
        };
        assert!(said_yes.is_next_year_or_later(Timeline::Unknown, NOW));
        let said_no = Bant {
            next_year_or_later: Answer::No,
            ..Bant::default()
        };
        assert!(!said_no.is_next_year_or_later(Timeline::By(Date(30_000)), NOW));
    }

    #[test]
    fn need_is_clamped() {
        assert_eq!(
            Bant {
                need_level: Some(9),
                ..Bant::default()
            }
            .need(),
            Some(3)
        );
        assert_eq!(Bant::default().need(), None);
    }
}
