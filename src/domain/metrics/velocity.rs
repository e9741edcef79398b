//! Sales velocity: how much value the pipeline turns into revenue per day (and per month):
//!
//! velocity = open deals × win rate × average deal size ÷ average sales cycle (days).
//!
//! Definitions (the issue left them open): *open deals* are the deals on the board in the chosen
//! currency (on-hold ones are paused, so left out); *win rate* is won ÷ (won + lost) over all
//! closed deals and *average cycle* the mean days from creation to close over the same closed
//! deals, both currency-blind since they measure the team, not money; *average deal size* is the
//! mean value of won deals in the chosen currency. A month is 365.25 ÷ 12 = 30.4375 days, the
//! mean month of either calendar over a leap cycle.

use super::conversion::win_rate;
use super::cycle::sales_cycle_days;
use crate::domain::pipeline::{Deal, DealStatus};
use crate::domain::Currency;

/// Days in the average month.
pub const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

/// The velocity and the four numbers it is made of.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Velocity {
    pub currency: Currency,
    pub open_deals: usize,
    /// Won ÷ closed, 0–1.
    pub win_rate: f64,
    pub average_deal_size: f64,
    pub average_cycle_days: f64,
    /// Value per day, in `currency`.
    pub per_day: f64,
    /// Value per month ([`DAYS_PER_MONTH`] days), in `currency`.
    pub per_month: f64,
}

/// The sales velocity in `currency`; `None` when a part of the formula is unknown (no closed
/// deal, no won deal in the currency) or the average cycle is zero (every deal closed the instant
/// it was made), where the division means nothing. No open deals is a velocity of zero.
pub fn sales_velocity(deals: &[Deal], currency: Currency) -> Option<Velocity> {
    let win_rate = win_rate(deals).ratio()?;
    let cycle = sales_cycle_days(deals)?;
    if cycle <= 0.0 {
        return None;
    }
    let won: Vec<u64> = deals
        .iter()
        .filter(|d| d.status == DealStatus::Won && d.value.currency == currency)
        .map(|d| d.value.amount)
        .collect();
    if won.is_empty() {
        return None;
    }
    let average = won.iter().map(|&v| v as f64).sum::<f64>() / won.len() as f64;
    let open = deals
        .iter()
        .filter(|d| d.is_open() && d.value.currency == currency)
        .count();
    let per_day = open as f64 * win_rate * average / cycle;
    Some(Velocity {
        currency,
        open_deals: open,
        win_rate,
        average_deal_size: average,
        average_cycle_days: cycle,
        per_day,
        per_month: per_day * DAYS_PER_MONTH,
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::pipeline::deal::test_deal;
    use crate::domain::pipeline::StageEntry;
    use crate::domain::time::date::MS_PER_DAY as DAY;
    use crate::domain::Money;

    fn deal(amount: u64, currency: Currency, closed: Option<(DealStatus, i64)>) -> Deal {
        let mut d = test_deal(1, 1);
        d.value = Money { amount, currency };
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

    fn deals() -> Vec<Deal> {
        let mut deals = vec![
            deal(1_000, Currency::Usd, Some((DealStatus::Won, 10))),
            deal(3_000, Currency::Usd, Some((DealStatus::Won, 30))),
            deal(500, Currency::Usd, Some((DealStatus::Lost, 20))),
            deal(70_000_000, Currency::Toman, Some((DealStatus::Lost, 20))),
            deal(900, Currency::Eur, None),
        ];
        deals.extend((0..4).map(|_| deal(5_000, Currency::Usd, None)));
        let mut held = deal(5_000, Currency::Usd, None);
        held.status = DealStatus::OnHold;
        deals.push(held);
        deals
    }

    #[test]
    fn golden_velocity() {
        let v = sales_velocity(&deals(), Currency::Usd).unwrap();
        // 4 open USD deals (the on-hold one and the EUR one left out); win rate 2 of 4 closed;
        // average won USD deal (1,000 + 3,000) / 2 = 2,000; cycle (10 + 30 + 20 + 20) / 4 = 20 days.
        assert_eq!(v.open_deals, 4);
        assert_eq!(v.win_rate, 0.5);
        assert_eq!(v.average_deal_size, 2_000.0);
        assert_eq!(v.average_cycle_days, 20.0);
        // 4 × 0.5 × 2,000 ÷ 20 = 200 USD a day; × 30.4375 = 6,087.5 a month.
        assert_eq!(v.per_day, 200.0);
        assert_eq!(v.per_month, 6_087.5);
    }

    #[test]
    fn unknown_parts_give_no_velocity_and_no_open_deals_give_zero() {
        assert_eq!(
            sales_velocity(&deals(), Currency::Eur),
            None,
            "no won EUR deal"
        );
        assert_eq!(
            sales_velocity(&deals()[4..], Currency::Usd),
            None,
            "no closed deal"
        );
        let instant = vec![deal(1_000, Currency::Usd, Some((DealStatus::Won, 0)))];
        assert_eq!(
            sales_velocity(&instant, Currency::Usd),
            None,
            "zero-day cycle"
        );
        let closed_only = &deals()[..4];
        assert_eq!(
            sales_velocity(closed_only, Currency::Usd).unwrap().per_day,
            0.0
        );
    }
}
