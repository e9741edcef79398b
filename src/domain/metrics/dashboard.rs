//! The dashboard a sales manager opens every morning: for one period and one rep (or the team),
//! the tiles, the ranking performance, the lead-source yield and the follow-up health — all in
//! one pass over the leads, built from the domain's own measures (forecast, win rate, velocity,
//! cycle times, stale deals, the Today rule for Hot leads, the waiting queues).
//!
//! Which records count:
//! - A rep is matched by owner name, ignoring case and surrounding space (as the forecast does):
//!   leads by their owner, deals by theirs. No rep: the whole team.
//! - **Now** (whatever the period): open pipeline, stale deals, Hot leads not contacted for two
//!   days (Active leads only, as Today ranks them), leads waiting in Nurture and in the Lost
//!   queue.
//! - **The period**: the forecast (expected to close or won in it, in the targets' currency);
//!   win rate, sales velocity and the lead → deal → won times over the deals *in view* — the open
//!   ones and those closed (won or lost) on a day in the period; the follow-up health.
//! - **To date**: ranking performance and source yield use every lead of the rep, since outcomes
//!   take longer than a month to arrive; the learned win probability of a decided lead is the one
//!   the learned model gives it as of its close.
//! - **Tasks**: overdue follow-ups are the rep's open tasks past due now.

use std::collections::{HashMap, HashSet};

use super::cycle::{lead_to_won, LeadToWon};
use super::follow_up::{overdue_tasks, FollowUpCounter, FollowUpHealth};
use super::ranking_performance::{lead_outcome, ranking_performance, Ranked, RankingPerformance};
use super::rate::Rate;
use super::source_yield::{source_yield, SourceYield};
use super::velocity::{sales_velocity, Velocity};
use super::win_rate;
use crate::domain::followup::Task;
use crate::domain::forecast::forecast::same_rep;
use crate::domain::forecast::{forecast, ForecastRow, Period, SalesTargets};
use crate::domain::learning::{probability_when_closed, LearnedModel};
use crate::domain::pipeline::{is_stale, CurrencyTotal, Deal, PipelineConfig, ValueTotals};
use crate::domain::scoring::{needs_contact, Grade, Points};
use crate::domain::{Activity, Currency, Date, Lead, LeadId, Timestamp};

/// What the dashboard is for.
#[derive(Clone, Copy, Debug)]
pub struct Scope<'a> {
    pub period: Period,
    /// A rep's name, or `None` for the team.
    pub rep: Option<&'a str>,
    pub now: Timestamp,
    pub utc_offset_minutes: i32,
}

impl Scope<'_> {
    fn owns(&self, owner: &str) -> bool {
        self.rep.is_none_or(|r| same_rep(owner, r))
    }

    fn in_period(&self, at: Timestamp) -> bool {
        self.period
            .contains(Date::from_timestamp(at, self.utc_offset_minutes))
    }
}

/// A lead as the domain sees it now (the caller scores it and places it in its queue).
#[derive(Clone, Copy, Debug)]
pub struct LeadNow<'a> {
    pub lead: &'a Lead,
    pub activities: &'a [Activity],
    /// The score after rule penalties ([`final_score`](super::final_score)).
    pub score: Points,
    pub grade: Grade,
    /// Where the lead waits (`Waiting::key`: `nurture`, `lost`, `disqualified`); `None`: Active.
    pub queue: Option<&'static str>,
    /// Whether its qualification answers qualify it.
    pub qualified: bool,
}

/// The records besides the leads that the dashboard reads.
#[derive(Clone, Copy, Debug)]
pub struct Records<'a> {
    pub deals: &'a [Deal],
    pub config: &'a PipelineConfig,
    pub targets: &'a SalesTargets,
    pub tasks: &'a [Task],
    /// The learned model, when there was enough history to train one.
    pub learned: Option<&'a LearnedModel>,
}

/// The dashboard's tiles.
#[derive(Clone, Debug, PartialEq)]
pub struct Tiles {
    /// Open deals' total and weighted value, per currency.
    pub open_pipeline: Vec<CurrencyTotal>,
    /// The forecast of the period for the rep (or the team), in [`Tiles::currency`].
    pub forecast: ForecastRow,
    /// The targets' currency.
    pub currency: Currency,
    /// Won out of the deals closed in the period.
    pub win_rate: Rate,
    /// Sales velocity in the targets' currency over the deals in view.
    pub velocity: Option<Velocity>,
    pub times: LeadToWon,
    /// Active Hot leads whose last contact is two days old or more (or never happened).
    pub hot_not_contacted: usize,
    pub stale_deals: usize,
    pub nurture: usize,
    pub lost_queue: usize,
}

/// Everything the dashboard shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Dashboard {
    pub tiles: Tiles,
    pub ranking: RankingPerformance,
    pub sources: Vec<SourceYield>,
    pub follow_up: FollowUpHealth,
}

/// The dashboard of `scope`. `leads` are every lead of the book (deleted ones are skipped).
pub fn dashboard<'a>(
    scope: &Scope,
    records: Records,
    leads: impl IntoIterator<Item = LeadNow<'a>>,
) -> Dashboard {
    let Records {
        deals,
        config,
        targets,
        tasks,
        learned,
    } = records;
    let mut deals_of: HashMap<LeadId, Vec<&Deal>> = HashMap::new();
    for deal in deals {
        deals_of.entry(deal.lead).or_default().push(deal);
    }

    let mut created: HashMap<LeadId, Timestamp> = HashMap::new();
    let mut mine: Vec<&Lead> = Vec::new();
    let mut qualified: HashSet<LeadId> = HashSet::new();
    let mut ranked: Vec<Ranked> = Vec::new();
    let mut follow_up = FollowUpCounter::new(scope.period, scope.utc_offset_minutes);
    let (mut hot_not_contacted, mut nurture, mut lost_queue) = (0, 0, 0);
    for now in leads {
        let lead = now.lead;
        if lead.is_deleted() {
            continue;
        }
        created.insert(lead.id, lead.created_at);
        if !scope.owns(&lead.owner) {
            continue;
        }
        mine.push(lead);
        if now.qualified {
            qualified.insert(lead.id);
        }
        match now.queue {
            None if now.grade == Grade::Hot && needs_contact(now.activities, scope.now) => {
                hot_not_contacted += 1
            }
            Some("nurture") => nurture += 1,
            Some("lost") => lost_queue += 1,
            _ => {}
        }
        let lead_deals = deals_of.get(&lead.id).map_or(&[][..], Vec::as_slice);
        let disqualified = now.queue == Some("disqualified");
        if let Some(outcome) = lead_outcome(lead_deals.iter().copied(), disqualified) {
            ranked.push(Ranked {
                score: now.score,
                grade: now.grade,
                outcome,
                learned: learned.map(|model| {
                    probability_when_closed(
                        model,
                        lead,
                        now.activities,
                        lead_deals,
                        disqualified,
                        scope.now,
                    )
                }),
            });
        }
        follow_up.add(lead, now.activities, now.grade == Grade::Hot);
    }

    let rep_deals: Vec<&Deal> = deals.iter().filter(|d| scope.owns(&d.owner)).collect();
    let mut open = ValueTotals::new();
    for deal in rep_deals.iter().filter(|d| d.is_open()) {
        open.add(deal.value, deal.probability(config));
    }
    let in_view: Vec<Deal> = rep_deals
        .iter()
        .filter(|d| d.is_open() || d.closed_at().is_some_and(|at| scope.in_period(at)))
        .map(|&d| d.clone())
        .collect();
    let closed_in_period: Vec<Deal> = in_view
        .iter()
        .filter(|d| d.closed_at().is_some())
        .cloned()
        .collect();

    let period_forecast = forecast(
        deals,
        config,
        targets,
        scope.period,
        scope.utc_offset_minutes,
    );
    let forecast_row = match scope.rep {
        None => period_forecast.team,
        Some(rep) => period_forecast
            .reps
            .into_iter()
            .find(|row| row.rep.as_deref().is_some_and(|r| same_rep(r, rep)))
            .unwrap_or_else(|| {
                let target = targets.target_for(rep, scope.period);
                ForecastRow {
                    rep: Some(rep.to_string()),
                    count: 0,
                    total: 0,
                    weighted: 0,
                    won_count: 0,
                    won: 0,
                    target,
                    gap: target.map(|t| t.min(i64::MAX as u64) as i64),
                    remaining: target.map(|t| t.min(i64::MAX as u64) as i64),
                }
            }),
    };

    Dashboard {
        tiles: Tiles {
            open_pipeline: open.lines(),
            forecast: forecast_row,
            currency: targets.currency,
            win_rate: win_rate(&closed_in_period),
            velocity: sales_velocity(&in_view, targets.currency),
            times: lead_to_won(&in_view, |id| created.get(&id).copied()),
            hot_not_contacted,
            stale_deals: rep_deals
                .iter()
                .filter(|d| is_stale(d, config, scope.now))
                .count(),
            nurture,
            lost_queue,
        },
        ranking: ranking_performance(ranked, learned.is_some()),
        sources: source_yield(mine, deals, |id| qualified.contains(&id)),
        follow_up: follow_up.finish(overdue_tasks(tasks, |owner| scope.owns(owner), scope.now)),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::forecast::{CalendarKind, PeriodKind, Target};
    use crate::domain::metrics::OutcomeCounts;
    use crate::domain::pipeline::deal::test_deal;
    use crate::domain::pipeline::{DealStatus, StageEntry};
    use crate::domain::test_support::{activity, lead};
    use crate::domain::{ActivityKind, Money};

    const HOUR: i64 = 3_600_000;

    fn march() -> Period {
        Period::new(CalendarKind::Gregorian, PeriodKind::Month, 2026, 3).unwrap()
    }

    /// Midnight (UTC) of a day of 2026.
    fn day(month: u32, d: u32) -> Timestamp {
        Date::from_gregorian(2026, month, d)
            .unwrap()
            .start_timestamp()
    }

    /// 20 March 2026, noon.
    fn now() -> Timestamp {
        day(3, 20) + 12 * HOUR
    }

    /// An open deal of lead `id` (deal id = lead id), created (and entering `stage`) on `created`.
    fn deal(id: u64, owner: &str, stage: u32, amount: u64, created: Timestamp) -> Deal {
        let mut d = test_deal(id, stage);
        d.owner = owner.into();
        d.value = Money {
            amount,
            currency: Currency::Toman,
        };
        d.created_at = created;
        d.history[0].at = created;
        d.expected_close = Date::from_timestamp(day(3, 25), 0);
        d
    }

    fn closed(mut d: Deal, status: DealStatus, at: Timestamp) -> Deal {
        d.status = status;
        d.history.push(StageEntry {
            at,
            stage: d.stage,
            status,
            reason: None,
        });
        d
    }

    fn deals() -> Vec<Deal> {
        let mut later = deal(2, "Sara", 1, 200, day(3, 15));
        later.expected_close = Date::from_timestamp(day(4, 10), 0);
        vec![
            // Sara: Negotiation (70%), 19 days in a 14-day stage: stale; closes in March.
            deal(1, "Sara", 5, 400, day(3, 1)),
            // Sara: Prospecting (10%), closes in April.
            later,
            // Sara: won 10 March after 9 days; lost 12 March after 10 days; won in February.
            closed(
                deal(3, "Sara", 6, 300, day(3, 1)),
                DealStatus::Won,
                day(3, 10),
            ),
            closed(
                deal(4, "sara", 6, 999, day(3, 2)),
                DealStatus::Lost,
                day(3, 12),
            ),
            closed(
                deal(9, "Sara", 6, 999, day(2, 1)),
                DealStatus::Won,
                day(2, 10),
            ),
            // Reza: Contact (30%), stale (19 days in a 10-day stage).
            deal(6, "Reza", 3, 600, day(3, 1)),
        ]
    }

    fn targets() -> SalesTargets {
        SalesTargets {
            currency: Currency::Toman,
            reps: vec!["Sara".into(), "Reza".into()],
            targets: vec![Target {
                rep: "Sara".into(),
                period: march(),
                amount: 1_000,
            }],
        }
    }

    struct Book {
        leads: Vec<Lead>,
        activities: Vec<Vec<Activity>>,
        now: Vec<(Points, Grade, Option<&'static str>, bool)>,
    }

    fn book() -> Book {
        let owned = |id, owner: &str| Lead {
            owner: owner.into(),
            created_at: day(2, 28),
            ..lead(id)
        };
        let mut fresh = owned(10, "Sara");
        fresh.created_at = day(3, 18);
        Book {
            leads: vec![
                owned(1, "Sara"),
                owned(2, "Sara"),
                owned(3, "Sara"),
                owned(4, "Sara"),
                owned(5, "Sara"),
                owned(6, "Reza"),
                owned(7, "Sara"),
                owned(8, "Sara"),
                owned(9, "Sara"),
                fresh,
            ],
            activities: vec![
                vec![],
                vec![activity(1, 2, ActivityKind::Call, now() - 24 * HOUR)],
                vec![],
                vec![],
                vec![],
                vec![],
                vec![],
                vec![],
                vec![],
                vec![activity(2, 10, ActivityKind::Call, day(3, 18) + 2 * HOUR)],
            ],
            now: vec![
                (80, Grade::Hot, None, true),             // 1: Hot, never contacted
                (75, Grade::Hot, None, true),             // 2: Hot, called yesterday
                (80, Grade::Hot, None, true),             // 3: won
                (35, Grade::Warm, None, false),           // 4: lost
                (70, Grade::Hot, Some("nurture"), false), // 5: in Nurture
                (90, Grade::Hot, None, true),             // 6: Reza's
                (20, Grade::Cold, Some("lost"), false),   // 7: Lost queue
                (10, Grade::Cold, Some("disqualified"), false), // 8: disqualified
                (50, Grade::Warm, None, true),            // 9: won in February
                (65, Grade::Hot, None, false),            // 10: new in March, called in 2 h
            ],
        }
    }

    fn run(rep: Option<&str>) -> Dashboard {
        let b = book();
        let scope = Scope {
            period: march(),
            rep,
            now: now(),
            utc_offset_minutes: 0,
        };
        let leads = b
            .leads
            .iter()
            .zip(&b.activities)
            .zip(&b.now)
            .map(|((lead, acts), n)| LeadNow {
                lead,
                activities: acts,
                score: n.0,
                grade: n.1,
                queue: n.2,
                qualified: n.3,
            });
        let records = Records {
            deals: &deals(),
            config: &PipelineConfig::default_stages(),
            targets: &targets(),
            tasks: &[],
            learned: None,
        };
        dashboard(&scope, records, leads)
    }

    #[test]
    fn golden_tiles_for_one_rep() {
        let d = run(Some("sara"));
        let t = &d.tiles;
        // Open: 400 + 200 = 600; weighted 400 × 70% + 200 × 10% = 280 + 20 = 300.
        assert_eq!(
            t.open_pipeline,
            vec![CurrencyTotal {
                currency: Currency::Toman,
                count: 2,
                total: 600,
                weighted: 300
            }]
        );
        // Forecast for March: 400 expected (weighted 280), 300 won; gap 1,000 − 580 = 420.
        assert_eq!(
            (
                t.forecast.weighted,
                t.forecast.won,
                t.forecast.target,
                t.forecast.gap
            ),
            (280, 300, Some(1_000), Some(420))
        );
        // Closed in March: won 10 March, lost 12 March → 1 of 2 (February's win is out of view).
        assert_eq!(t.win_rate, Rate::new(1, 2));
        // Velocity: 2 open × 0.5 × 300 average won ÷ (9 + 10) / 2 = 9.5 days.
        let v = t.velocity.unwrap();
        assert_eq!((v.open_deals, v.average_cycle_days), (2, 9.5));
        assert_eq!(v.per_day, 2.0 * 0.5 * 300.0 / 9.5);
        // Leads created 28 Feb; deals in view created 1, 15, 1, 2 March → (1 + 15 + 1 + 2) / 4.
        assert_eq!(t.times.lead_to_deal, Some(19.0 / 4.0));
        assert_eq!(t.times.deal_to_won, Some(9.0));
        assert_eq!(t.times.lead_to_won, Some(10.0));
        // Hot, Active, not contacted for two days: leads 1 and 3 (never contacted; a won lead
        // still ranks on Today) and 10 (called 58 hours ago); not 2 (called yesterday), 5 (in
        // Nurture) or 6 (Reza's).
        assert_eq!(t.hot_not_contacted, 3);
        assert_eq!((t.stale_deals, t.nurture, t.lost_queue), (1, 1, 1));
    }

    #[test]
    fn golden_ranking_sources_and_follow_up_for_one_rep() {
        let d = run(Some("Sara"));
        let counts = |won, lost, disqualified| OutcomeCounts {
            won,
            lost,
            disqualified,
        };
        // Decided: 3 won (Hot 80), 9 won (Warm 50), 4 lost (Warm 35), 8 disqualified (Cold 10).
        assert_eq!(
            d.ranking.by_grade,
            vec![
                (Grade::Hot, counts(1, 0, 0)),
                (Grade::Warm, counts(1, 1, 0)),
                (Grade::Cold, counts(0, 0, 1))
            ]
        );
        // Every lead is "Other"; Sara's 9 leads, 4 qualified (1, 2, 3, 9), 5 with deals
        // (1, 2, 3, 4, 9), 2 won (3 and 9: 300 + 999).
        assert_eq!(d.sources.len(), 1);
        let s = &d.sources[0];
        assert_eq!((s.leads, s.qualified, s.deals, s.won), (9, 4, 5, 2));
        assert_eq!(
            s.value,
            vec![Money {
                amount: 1_299,
                currency: Currency::Toman
            }]
        );
        // Hot leads created in March: only lead 10, called 2 hours later → 1 of 1.
        assert_eq!(d.follow_up.hot_contacted_in_time, Rate::new(1, 1));
        // Activities in March: lead 2's call (19 March) and lead 10's call → Sara 2.
        assert_eq!(d.follow_up.activities_by_rep.len(), 1);
        assert_eq!(d.follow_up.activities_by_rep[0].activities, 2);
    }

    #[test]
    fn golden_tiles_for_the_team() {
        let t = run(None).tiles;
        // Open: 400 + 200 + 600 = 1,200; weighted 280 + 20 + 180 = 480.
        assert_eq!(
            (t.open_pipeline[0].total, t.open_pipeline[0].weighted),
            (1_200, 480)
        );
        // Stale: Sara's Negotiation deal and Reza's Contact deal.
        assert_eq!(t.stale_deals, 2);
        // Lead 6 (Reza) is Hot and never contacted too.
        assert_eq!(t.hot_not_contacted, 4);
        // The team's target is Sara's 1,000; weighted 280 + 600 × 30% = 460, won 300: gap 240.
        assert_eq!(
            (t.forecast.weighted, t.forecast.target, t.forecast.gap),
            (460, Some(1_000), Some(240))
        );
    }

    #[test]
    fn a_rep_without_deals_gets_an_empty_forecast_row_with_the_target() {
        let t = run(Some("Mina")).tiles;
        assert_eq!(
            (t.forecast.count, t.forecast.target, t.forecast.gap),
            (0, None, None)
        );
        assert_eq!(t.open_pipeline, vec![]);
        assert_eq!(t.win_rate, Rate::new(0, 0));
    }
}
