//! How long selling takes: the sales cycle (deal created → closed) and the average times from
//! lead to deal to won. Durations are in days, fractional, measured between timestamps.

use crate::domain::pipeline::Deal;
use crate::domain::time::date::MS_PER_DAY;
use crate::domain::{LeadId, Timestamp};

/// Average days from a deal's creation to its close, over closed deals (won and lost: a lost deal
/// took the team's time too); `None` without closed deals.
pub fn sales_cycle_days(deals: &[Deal]) -> Option<f64> {
    mean(
        deals
            .iter()
            .filter_map(|d| d.closed_at().map(|closed| days(d.created_at, closed))),
    )
}

/// Average times along the way from lead to won, in days.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LeadToWon {
    /// Lead created → deal created, over every deal whose lead is known.
    pub lead_to_deal: Option<f64>,
    /// Deal created → won, over won deals.
    pub deal_to_won: Option<f64>,
    /// Lead created → won, over won deals whose lead is known.
    pub lead_to_won: Option<f64>,
}

/// The averages of [`LeadToWon`]; `lead_created` gives a lead's creation time (`None` for a lead
/// no longer known, whose deals then count only for `deal_to_won`).
pub fn lead_to_won(
    deals: &[Deal],
    lead_created: impl Fn(LeadId) -> Option<Timestamp>,
) -> LeadToWon {
    LeadToWon {
        lead_to_deal: mean(
            deals
                .iter()
                .filter_map(|d| lead_created(d.lead).map(|l| days(l, d.created_at))),
        ),
        deal_to_won: mean(
            deals
                .iter()
                .filter_map(|d| d.won_at().map(|w| days(d.created_at, w))),
        ),
        lead_to_won: mean(
            deals
                .iter()
                .filter_map(|d| Some(days(lead_created(d.lead)?, d.won_at()?))),
        ),
    }
}

/// Days from `from` to `to`; a clock that ran backwards counts as no time.
fn days(from: Timestamp, to: Timestamp) -> f64 {
    (to - from).max(0) as f64 / MS_PER_DAY as f64
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::pipeline::deal::test_deal;
    use crate::domain::pipeline::{DealStatus, StageEntry};

    const DAY: i64 = MS_PER_DAY;

    /// A deal created on day `created` and closed with `status` on day `closed`.
    fn deal(id: u64, created: i64, closed: Option<(DealStatus, i64)>) -> Deal {
        let mut d = test_deal(id, 1);
        d.created_at = created * DAY;
        if let Some((status, day)) = closed {
            d.status = status;
            d.history.push(StageEntry {
                at: day * DAY,
                stage: 1,
                status,
                reason: None,
            });
        }
        d
    }

    #[test]
    fn golden_sales_cycle_over_closed_deals() {
        let deals = vec![
            deal(1, 0, Some((DealStatus::Won, 10))),
            deal(2, 5, Some((DealStatus::Lost, 25))),
            deal(3, 0, Some((DealStatus::Won, 30))),
            deal(4, 0, None),
        ];
        // (10 + 20 + 30) / 3 = 20 days; the open deal does not count.
        assert_eq!(sales_cycle_days(&deals), Some(20.0));
        assert_eq!(sales_cycle_days(&deals[3..]), None);
    }

    #[test]
    fn golden_lead_to_deal_to_won() {
        let deals = vec![
            deal(1, 4, Some((DealStatus::Won, 10))),
            deal(2, 10, Some((DealStatus::Won, 22))),
            deal(3, 3, None),
            deal(4, 6, Some((DealStatus::Won, 7))),
        ];
        // Leads 1–3 created on day 0, lead 4 unknown.
        let created = |id: LeadId| (id <= 3).then_some(0);
        let averages = lead_to_won(&deals, created);
        // Lead → deal: (4 + 10 + 3) / 3 = 17 / 3 days.
        assert_eq!(averages.lead_to_deal, Some(17.0 / 3.0));
        // Deal → won: (6 + 12 + 1) / 3 = 19 / 3 days.
        assert_eq!(averages.deal_to_won, Some(19.0 / 3.0));
        // Lead → won: (10 + 22) / 2 = 16 days.
        assert_eq!(averages.lead_to_won, Some(16.0));
        let none = lead_to_won(&[], created);
        assert_eq!(
            (none.lead_to_deal, none.deal_to_won, none.lead_to_won),
            (None, None, None)
        );
    }
}
