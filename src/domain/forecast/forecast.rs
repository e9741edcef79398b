//! The forecast of one period: per rep and for the team, the open deals expected to close in it
//! (count, total value, weighted value), the value won so far, the target and the gap.
//!
//! Definitions: a deal is *expected to close* in the period when it is open (not on hold: a paused
//! deal is not expected to close) and its expected close date lies in it; it is *won* in the
//! period when it was marked won on a day in it. Only deals in the targets' currency are counted;
//! the others are counted apart in [`Forecast::other_currency_deals`] so the screen can say some
//! deals were left out, rather than adding rials to dollars.

use super::period::Period;
use super::targets::SalesTargets;
use crate::domain::lead_list::collate;
use crate::domain::pipeline::{Deal, PipelineConfig, ValueTotals};
use crate::domain::{Currency, Date};

/// One row of the forecast: a rep, or the whole team.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForecastRow {
    /// The rep (as deals name their owner; `""` for deals without one); `None` for the team.
    pub rep: Option<String>,
    /// Open deals expected to close in the period.
    pub count: usize,
    /// Their total value.
    pub total: u64,
    /// Their weighted value: Σ value × probability ÷ 100, rounded once.
    pub weighted: u64,
    /// Deals won in the period.
    pub won_count: usize,
    /// Their value.
    pub won: u64,
    pub target: Option<u64>,
    /// Target − (won + weighted): what the period still lacks if every open deal closes at its
    /// probability; negative when the forecast beats the target. `None` without a target.
    pub gap: Option<i64>,
    /// Target − won: what remains to be won; negative once the target is exceeded.
    pub remaining: Option<i64>,
}

/// The forecast for one period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Forecast {
    pub period: Period,
    /// The targets' currency, the only one counted.
    pub currency: Currency,
    /// The reps of the settings in their order (with or without deals), then any other owner
    /// with deals in the period, sorted by name.
    pub reps: Vec<ForecastRow>,
    pub team: ForecastRow,
    /// Deals expected to close or won in the period but in another currency, left out.
    pub other_currency_deals: usize,
}

/// The forecast of `period`. `utc_offset_minutes` decides on which local day a deal was won.
pub fn forecast(
    deals: &[Deal],
    config: &PipelineConfig,
    targets: &SalesTargets,
    period: Period,
    utc_offset_minutes: i32,
) -> Forecast {
    let won_day = |d: &Deal| {
        d.won_at()
            .map(|at| Date::from_timestamp(at, utc_offset_minutes))
    };
    let expected = |d: &Deal| d.is_open() && period.contains(d.expected_close);
    let won = |d: &Deal| won_day(d).is_some_and(|day| period.contains(day));
    let in_period: Vec<&Deal> = deals.iter().filter(|d| expected(d) || won(d)).collect();
    let (counted, other): (Vec<&Deal>, Vec<&Deal>) = in_period
        .into_iter()
        .partition(|d| d.value.currency == targets.currency);

    let row = |rep: Option<&str>, target: Option<u64>| {
        let mine = counted
            .iter()
            .filter(|d| rep.is_none_or(|r| same_rep(&d.owner, r)));
        let mut open = ValueTotals::new();
        let (mut won_count, mut won_value) = (0, 0u64);
        for deal in mine {
            if expected(deal) {
                open.add(deal.value, deal.probability(config));
            } else {
                won_count += 1;
                won_value = won_value.saturating_add(deal.value.amount);
            }
        }
        let line = open.get(targets.currency);
        let (total, weighted) = line.map_or((0, 0), |l| (l.total, l.weighted));
        let minus = |a: u64, b: u64| {
            (a as i128 - b as i128).clamp(i64::MIN as i128, i64::MAX as i128) as i64
        };
        ForecastRow {
            rep: rep.map(str::to_string),
            count: open.count(),
            total,
            weighted,
            won_count,
            won: won_value,
            target,
            gap: target.map(|t| minus(t, won_value.saturating_add(weighted))),
            remaining: target.map(|t| minus(t, won_value)),
        }
    };

    let mut reps: Vec<ForecastRow> = targets
        .reps
        .iter()
        .map(|r| row(Some(r.trim()), targets.target_for(r, period)))
        .collect();
    let mut others: Vec<&str> = counted
        .iter()
        .map(|d| d.owner.trim())
        .filter(|o| !targets.has_rep(o))
        .collect();
    crate::domain::text::sort::sort_by(&mut others, |a, b| collate(a, b));
    others.dedup();
    reps.extend(others.into_iter().map(|o| row(Some(o), None)));
    Forecast {
        period,
        currency: targets.currency,
        team: row(None, targets.team_target(period)),
        reps,
        other_currency_deals: other.len(),
    }
}

/// Forecasts for `count` consecutive periods from `first`, for the forecast-versus-target chart.
pub fn forecast_periods(
    deals: &[Deal],
    config: &PipelineConfig,
    targets: &SalesTargets,
    first: Period,
    count: usize,
    utc_offset_minutes: i32,
) -> Vec<Forecast> {
    std::iter::successors(Some(first), |p| Some(p.next()))
        .take(count)
        .map(|p| forecast(deals, config, targets, p, utc_offset_minutes))
        .collect()
}

/// Whether a deal owner is this rep (ignoring case and surrounding space, as rep names are).
pub(crate) fn same_rep(owner: &str, rep: &str) -> bool {
    owner.trim().to_lowercase() == rep.trim().to_lowercase()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::forecast::period::{CalendarKind, PeriodKind};
    use crate::domain::forecast::targets::Target;
    use crate::domain::pipeline::deal::test_deal;
    use crate::domain::pipeline::{DealStatus, StageEntry};
    use crate::domain::Money;

    /// Farvardin 1405 = 2026-03-21 … 2026-04-20.
    fn farvardin() -> Period {
        Period::new(CalendarKind::Jalali, PeriodKind::Month, 1405, 1).unwrap()
    }

    fn day(m: u32, d: u32) -> Date {
        Date::from_gregorian(2026, m, d).unwrap()
    }

    fn deal(id: u64, owner: &str, stage: u32, amount: u64, close: Date) -> Deal {
        let mut d = test_deal(id, stage);
        d.owner = owner.into();
        d.value = Money {
            amount,
            currency: Currency::Toman,
        };
        d.expected_close = close;
        d
    }

    fn won(mut d: Deal, on: Date) -> Deal {
        let at = on.start_timestamp() + 3_600_000;
        d.status = DealStatus::Won;
        d.history.push(StageEntry {
            at,
            stage: d.stage,
            status: DealStatus::Won,
            reason: None,
        });
        d
    }

    fn targets() -> SalesTargets {
        SalesTargets {
            currency: Currency::Toman,
            reps: vec!["Sara".into(), "Reza".into(), "Mina".into()],
            targets: vec![
                Target {
                    rep: "Sara".into(),
                    period: farvardin(),
                    amount: 1_000,
                },
                Target {
                    rep: "Reza".into(),
                    period: farvardin(),
                    amount: 500,
                },
            ],
        }
    }

    #[test]
    fn golden_forecast_for_farvardin() {
        let config = PipelineConfig::default_stages();
        let mut deals = vec![
            // Sara: Negotiation (70%) 400 and Prospecting (10%) 200 expected; won 300 in the month.
            deal(1, "Sara", 5, 400, day(4, 10)),
            deal(2, "Sara", 1, 200, day(3, 21)),
            won(deal(3, "Sara", 6, 300, day(5, 30)), day(4, 2)),
            // Reza: Contact (30%) with his own 50% probability, 600.
            deal(4, "Reza", 3, 600, day(4, 20)),
            // Not counted: closes the day after the month, won the month before, on hold, in USD.
            deal(5, "Reza", 5, 999, day(4, 21)),
            won(deal(6, "Reza", 6, 999, day(3, 1)), day(3, 20)),
            deal(7, "Sara", 5, 999, day(4, 1)),
            deal(8, "Sara", 5, 999, day(4, 1)),
            // An owner who is not a rep.
            deal(9, "Ali", 4, 100, day(4, 1)),
        ];
        deals[3].probability = Some(50);
        deals[6].status = DealStatus::OnHold;
        deals[7].value.currency = Currency::Usd;
        let f = forecast(&deals, &config, &targets(), farvardin(), 0);
        assert_eq!(f.other_currency_deals, 1);
        // Sara: total 400 + 200 = 600; weighted 400 × 70% + 200 × 10% = 280 + 20 = 300; won 300;
        // gap 1,000 − (300 + 300) = 400; remaining 1,000 − 300 = 700.
        assert_eq!(
            f.reps[0],
            ForecastRow {
                rep: Some("Sara".into()),
                count: 2,
                total: 600,
                weighted: 300,
                won_count: 1,
                won: 300,
                target: Some(1_000),
                gap: Some(400),
                remaining: Some(700),
            }
        );
        // Reza: 600 × 50% = 300; gap 500 − 300 = 200.
        assert_eq!(
            (f.reps[1].count, f.reps[1].weighted, f.reps[1].gap),
            (1, 300, Some(200))
        );
        // Mina has a row but nothing, and no target.
        assert_eq!(
            (f.reps[2].count, f.reps[2].target, f.reps[2].gap),
            (0, None, None)
        );
        // Ali: Nurture (50%) 100 → 50.
        assert_eq!(
            (f.reps[3].rep.as_deref(), f.reps[3].weighted),
            (Some("Ali"), 50)
        );
        // Team: total 600 + 600 + 100 = 1,300; weighted 300 + 300 + 50 = 650; won 300;
        // target 1,500; gap 1,500 − 950 = 550; remaining 1,200.
        assert_eq!(
            f.team,
            ForecastRow {
                rep: None,
                count: 4,
                total: 1_300,
                weighted: 650,
                won_count: 1,
                won: 300,
                target: Some(1_500),
                gap: Some(550),
                remaining: Some(1_200),
            }
        );
    }

    #[test]
    fn beating_the_target_gives_a_negative_gap() {
        let config = PipelineConfig::default_stages();
        let deals = vec![won(deal(1, "Reza", 6, 800, day(4, 1)), day(4, 1))];
        let f = forecast(&deals, &config, &targets(), farvardin(), 0);
        assert_eq!(
            (f.reps[1].gap, f.reps[1].remaining),
            (Some(-300), Some(-300))
        );
    }

    #[test]
    fn the_won_day_is_local() {
        let config = PipelineConfig::default_stages();
        // Won at 2026-03-20 22:00 UTC: still Esfand in UTC, already 1 Farvardin in Tehran (+3:30).
        let mut d = deal(1, "Sara", 6, 100, day(4, 1));
        d.status = DealStatus::Won;
        let at = day(3, 20).start_timestamp() + 22 * 3_600_000;
        d.history.push(StageEntry {
            at,
            stage: 6,
            status: DealStatus::Won,
            reason: None,
        });
        let deals = vec![d];
        assert_eq!(
            forecast(&deals, &config, &targets(), farvardin(), 0)
                .team
                .won,
            0
        );
        assert_eq!(
            forecast(&deals, &config, &targets(), farvardin(), 210)
                .team
                .won,
            100
        );
    }

    #[test]
    fn consecutive_periods() {
        let config = PipelineConfig::default_stages();
        let deals = vec![deal(1, "Sara", 1, 100, day(4, 25))];
        let fs = forecast_periods(&deals, &config, &targets(), farvardin(), 3, 0);
        let counts: Vec<(u32, usize)> = fs
            .iter()
            .map(|f| (f.period.index(), f.team.count))
            .collect();
        assert_eq!(counts, [(1, 0), (2, 1), (3, 0)]);
    }
}
