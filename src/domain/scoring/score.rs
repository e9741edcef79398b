//! Scoring one lead: a pure function of the lead, its activities, its qualification record, the
//! model and `now`.
//!
//! How the total is made:
//! - **Fit**: each fit criterion adds the points of the first row that matches the lead (at most
//!   one per criterion; the city wins over the country).
//! - **Engagement**: each activity of a kind in a group weighs 1 if inside the group's window
//!   (else 0), or `0.5^(age in whole days / half-life)` under decay. Per kind, `points × Σ weight`
//!   is rounded (half away from zero); the group's kinds are summed and kept within ±cap.
//! - **Total**: fit plus groups, kept within ±total cap.
//!
//! Contributions list every non-zero step, caps included as the points they cut, so they always
//! add up to the total.

use super::compiled::{base_amount, ActivityMark, CompiledModel, MarkClock, KINDS};
use super::explain::{Contribution, Criterion, Reason};
use super::grade::Grade;
use super::model::Points;
use super::prepared::{FitFields, PreparedLead};
use crate::domain::qualification::{today, Qualification};
use crate::domain::{Activity, ActivityKind, Date, Lead, LeadId, Timeline, Timestamp};

/// What a lead is scored on.
#[derive(Clone, Copy, Debug)]
pub struct ScoreInput<'a> {
    pub lead: &'a Lead,
    /// The lead's activities, in any order.
    pub activities: &'a [Activity],
    /// Its qualification record, for BANT (need level, authority and budget overrides).
    pub qualification: Option<&'a Qualification>,
    /// The lead and activities above in prepared form, when the caller keeps one (the lead book
    /// does): scoring then reads it instead of folding text and walking activity records.
    pub prepared: Option<&'a PreparedLead>,
}

impl<'a> ScoreInput<'a> {
    /// A lead and its activities, without a qualification record.
    pub fn new(lead: &'a Lead, activities: &'a [Activity]) -> ScoreInput<'a> {
        ScoreInput {
            lead,
            activities,
            qualification: None,
            prepared: None,
        }
    }

    /// A lead, its activities and their prepared form, which must be
    /// `PreparedLead::new(lead, activities)`.
    pub fn with_prepared(
        lead: &'a Lead,
        activities: &'a [Activity],
        prepared: &'a PreparedLead,
    ) -> ScoreInput<'a> {
        ScoreInput {
            prepared: Some(prepared),
            ..ScoreInput::new(lead, activities)
        }
    }

    /// The lead's id, read from the prepared form when there is one (so ranking never touches
    /// the lead).
    #[inline]
    pub fn lead_id(&self) -> LeadId {
        self.prepared.map_or(self.lead.id, |p| p.id)
    }

    /// Whether the lead is soft-deleted, read like [`ScoreInput::lead_id`].
    #[inline]
    pub fn is_deleted(&self) -> bool {
        self.prepared.map_or(self.lead.is_deleted(), |p| p.deleted)
    }

    /// The same input with a qualification record.
    pub fn with_qualification(self, qualification: Option<&'a Qualification>) -> ScoreInput<'a> {
        ScoreInput {
            qualification,
            ..self
        }
    }
}

/// A lead's score, grade and the reasons for it.
#[derive(Clone, Debug, PartialEq)]
pub struct Score {
    pub total: Points,
    pub grade: Grade,
    /// Non-zero contributions in model order (fit criteria, then groups, then the total cap);
    /// they add up to `total`.
    pub contributions: Vec<Contribution>,
}

/// The score with its explanation.
pub fn score(input: ScoreInput, model: &CompiledModel, now: Timestamp) -> Score {
    let mut contributions = Vec::new();
    let total = evaluate(input, model, Clock::new(now), &mut contributions);
    Score {
        total,
        grade: model.thresholds.grade(total),
        contributions,
    }
}

/// The total only, allocation-free: what ranking and what-if use. Always equals
/// [`score`]`(…).total`.
pub fn score_total(input: ScoreInput, model: &CompiledModel, now: Timestamp) -> Points {
    evaluate(input, model, Clock::new(now), &mut NoNotes)
}

/// Where [`evaluate`] writes its contributions. Two implementations make two copies of it: one
/// that explains, and one for ranking 100,000 leads in which every note compiles to nothing.
trait Notes {
    const EXPLAINS: bool;
    /// Records a contribution; `reason` is only built when explaining.
    fn note(&mut self, criterion: Criterion, points: Points, reason: impl FnOnce() -> Reason);
}

/// The total only.
struct NoNotes;

impl Notes for NoNotes {
    const EXPLAINS: bool = false;
    #[inline(always)]
    fn note(&mut self, _: Criterion, _: Points, _: impl FnOnce() -> Reason) {}
}

impl Notes for Vec<Contribution> {
    const EXPLAINS: bool = true;
    fn note(&mut self, criterion: Criterion, points: Points, reason: impl FnOnce() -> Reason) {
        if points != 0 {
            self.push(Contribution {
                criterion,
                reason: reason(),
                points,
            });
        }
    }
}

#[inline(always)]
fn clamp_cap(points: i64, cap: Option<Points>) -> i64 {
    // Written out: `i64::clamp` is not inlined at the size-optimised level the app ships.
    match cap {
        Some(cap) if points > cap as i64 => cap as i64,
        Some(cap) if points < -(cap as i64) => -(cap as i64),
        _ => points,
    }
}

/// `now` and what scoring derives from it, each a 64-bit division (slow in wasm runtimes): worked
/// out once per ranking rather than once per lead.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Clock {
    marks: MarkClock,
    today: Date,
}

impl Clock {
    pub(crate) fn new(now: Timestamp) -> Clock {
        Clock {
            marks: MarkClock::new(now),
            today: today(now),
        }
    }
}

/// [`score_total`] with `now` already worked out.
pub(crate) fn score_total_at(input: ScoreInput, model: &CompiledModel, clock: Clock) -> Points {
    evaluate(input, model, clock, &mut NoNotes)
}

fn evaluate<N: Notes>(input: ScoreInput, m: &CompiledModel, clock: Clock, out: &mut N) -> Points {
    let lead = input.lead;
    let prepared = input.prepared;
    debug_assert!(
        prepared.is_none_or(|p| *p == PreparedLead::new(lead, input.activities)),
        "stale prepared lead {}",
        lead.id
    );
    // Only the prepared fields are read below (the lead's text only to explain), so that ranking
    // never touches the lead itself.
    let raw;
    let fit = match prepared {
        Some(p) => &p.fit,
        None => {
            raw = FitFields::of(lead);
            &raw
        }
    };
    let bant = input.qualification.map(|q| &q.bant);
    let mut total: i64 = 0;

    if let Some((_, p)) = m.industry.lookup_key(fit.industry) {
        total += p as i64;
        out.note(Criterion::Industry, p, || Reason::Industry {
            value: lead.industry.trim().to_owned(),
        });
    }
    if let Some(count) = fit.employees {
        if let Some(&(_, _, p)) = m
            .employees
            .iter()
            .find(|b| b.0 <= count as i64 && count as i64 <= b.1)
        {
            total += p as i64;
            out.note(Criterion::Employees, p, || Reason::Employees { count });
        }
    }
    if let Some((_, p)) = m.city.lookup_key(fit.city) {
        total += p as i64;
        out.note(Criterion::City, p, || Reason::City {
            value: lead.city.trim().to_owned(),
        });
    } else if let Some((_, p)) = m.country.lookup_key(fit.country) {
        total += p as i64;
        out.note(Criterion::Country, p, || Reason::Country {
            value: lead.country.trim().to_owned(),
        });
    }
    // As `Bant::authority` and `Bant::budget`, on the prepared fields.
    let role = bant
        .and_then(|b| b.authority_override)
        .unwrap_or(fit.decision_role);
    if let Some(p) = m.roles[role as usize] {
        total += p as i64;
        out.note(Criterion::DecisionRole, p, || Reason::Role { role });
    }
    let budget = match bant.and_then(|b| b.budget_amount) {
        Some(amount) => Some((amount, base_amount(amount))),
        None => fit.budget.zip(fit.budget_base),
    };
    if let Some((amount, (fam, base))) = budget {
        if let Some(&(_, _, _, p)) = m
            .budget
            .iter()
            .find(|b| b.0 == fam && b.1 <= base && base <= b.2)
        {
            total += p as i64;
            out.note(Criterion::Budget, p, || Reason::Budget { amount });
        }
    }
    if let Some(level) = bant.and_then(|b| b.need()) {
        if let Some(p) = m.need[level as usize] {
            total += p as i64;
            out.note(Criterion::Need, p, || Reason::Need { level });
        }
    }
    if let Timeline::By(date) = fit.timeline {
        let days = date.days_since(clock.today) as i64;
        if let Some(&(_, _, p)) = m.timeline.iter().find(|b| b.0 <= days && days <= b.1) {
            total += p as i64;
            out.note(Criterion::Timeline, p, || Reason::Timeline { date, days });
        }
    }
    let stage = fit.journey_stage;
    if let Some(p) = m.stages[stage as usize] {
        total += p as i64;
        out.note(Criterion::JourneyStage, p, || Reason::Stage { stage });
    }

    if !m.groups.is_empty() {
        let mut weights = [0f64; KINDS];
        // Kinds with an activity: only those can add points.
        let mut seen: u32 = 0;
        match prepared {
            Some(p) => {
                for &mark in p.marks.iter() {
                    let k = mark.kind();
                    weights[k] += m.kind_weights.weight(k, clock.marks.days_since(mark));
                    seen |= 1 << k;
                }
            }
            None => {
                for a in input.activities {
                    let k = a.kind as usize;
                    let age = clock.marks.days_since(ActivityMark::new(a.at, a.kind));
                    weights[k] += m.kind_weights.weight(k, age);
                    seen |= 1 << k;
                }
            }
        }
        for (g, group) in m.groups.iter().enumerate() {
            let mut raw: i64 = 0;
            if !N::EXPLAINS {
                // The total alone: visit only the group's kinds that weigh something.
                let mut kinds = group.mask & seen;
                while kinds != 0 {
                    let k = kinds.trailing_zeros() as usize;
                    kinds &= kinds - 1;
                    raw += round_half_away(m.kind_points[k] as f64 * weights[k]);
                }
                total += clamp_cap(raw, group.cap);
                continue;
            }
            for &k in &group.kinds {
                let k = k as usize;
                // Window weights are whole counts, so this is exact for them too.
                let p = round_half_away(m.kind_points[k] as f64 * weights[k]);
                raw += p;
                out.note(Criterion::Engagement, saturate(p), || Reason::Activities {
                    group: m.model.engagement[g].name.clone(),
                    kind: ActivityKind::ALL[k],
                    count: weighing(m, clock, input, k),
                    recency: m.model.engagement[g].recency,
                });
            }
            let capped = clamp_cap(raw, group.cap);
            total += capped;
            out.note(Criterion::Engagement, saturate(capped - raw), || {
                Reason::GroupCap {
                    group: m.model.engagement[g].name.clone(),
                    cap: group.cap.unwrap_or(0),
                }
            });
        }
    }

    let capped = clamp_cap(total, m.total_cap);
    out.note(Criterion::TotalCap, saturate(capped - total), || {
        Reason::TotalCap {
            cap: m.total_cap.unwrap_or(0),
        }
    });
    saturate(capped)
}

/// How many of the lead's activities of kind `k` weigh something now (for an explanation).
fn weighing(m: &CompiledModel, clock: Clock, input: ScoreInput, k: usize) -> u32 {
    let weighs = |kind: ActivityKind, at: Timestamp| {
        kind as usize == k
            && m.kind_weights
                .weight(k, clock.marks.days_since(ActivityMark::new(at, kind)))
                > 0.0
    };
    input
        .activities
        .iter()
        .filter(|a| weighs(a.kind, a.at))
        .count() as u32
}

/// Rounds half away from zero, exactly: adding the largest double below ½ (with `x`'s sign)
/// carries into the next whole number exactly when the fraction is ½ or more, and the cast then
/// truncates (saturating, as any cast). One add and one conversion: `f64::round` is a libm call on
/// baseline x86 and wasm, and this runs for every kind of every lead. Values that fit in 32 bits
/// (all real ones) take the 32-bit conversion, which V8 compiles to a shorter sequence than the
/// 64-bit one (measured with `examples/score_bench.rs` built for WASI).
#[inline(always)]
fn round_half_away(x: f64) -> i64 {
    let carried = x + 0.499_999_999_999_999_94_f64.copysign(x);
    if carried.abs() < 2_147_483_648.0 {
        carried as i32 as i64
    } else {
        carried as i64
    }
}

#[inline(always)]
fn saturate(points: i64) -> Points {
    Points::try_from(points).unwrap_or(if points < 0 { Points::MIN } else { Points::MAX })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::qualification::LocalText;
    use crate::domain::scoring::explain::ReasonArg;
    use crate::domain::scoring::model::{EngagementGroup, KindPoints, Recency, ScoringModel};
    use crate::domain::test_support::{activity, lead};
    use crate::domain::time::date::MS_PER_DAY;
    use crate::domain::{ActivityKind, Currency, Date, DecisionRole, JourneyStage, Money};
    use proptest::prelude::*;
    use ActivityKind::*;

    /// Noon UTC on day 20 000 (2024-10-04).
    const NOW: Timestamp = 20_000 * MS_PER_DAY + 12 * 3_600_000;

    fn days_ago(id: u64, kind: ActivityKind, days: i64) -> Activity {
        activity(id, 1, kind, NOW - days * MS_PER_DAY)
    }

    fn shipped() -> CompiledModel {
        CompiledModel::new(&ScoringModel::default_model())
    }

    fn summary(s: &Score) -> Vec<(Criterion, Points)> {
        s.contributions
            .iter()
            .map(|c| (c.criterion, c.points))
            .collect()
    }

    fn ideal_lead() -> Lead {
        Lead {
            industry: "Software".into(),
            employees: Some(25),
            city: "Tehran".into(),
            country: "Iran".into(),
            decision_role: DecisionRole::DecisionMaker,
            budget: Some(Money {
                amount: 100_000_000,
                currency: Currency::Toman,
            }),
            timeline: Timeline::By(Date(20_020)),
            journey_stage: JourneyStage::Consideration,
            ..lead(1)
        }
    }

    /// Golden: the shipped model on a hand-computed ideal lead.
    /// Fit 20+15+10+15+15+20+15+5 = 115; web 3 visits ×2 = 6 (the 20-day-old visit is outside
    /// the 14-day window); email opens 1×(1 + 0.5) = 1.5 → 2; meeting 10×0.5 = 5 (one half-life
    /// old); demo 15; bounce −10. 115 + 18 = 133, cut to the total cap of 100.
    #[test]
    fn golden_ideal_lead_on_the_shipped_model() {
        let mut q = Qualification::new(1);
        q.bant.need_level = Some(3);
        let acts = [
            days_ago(1, SiteVisit, 1),
            days_ago(2, SiteVisit, 5),
            days_ago(3, SiteVisit, 13),
            days_ago(4, SiteVisit, 20),
            days_ago(5, EmailOpened, 0),
            days_ago(6, EmailOpened, 14),
            days_ago(7, Meeting, 30),
            days_ago(8, Demo, 0),
            days_ago(9, EmailBounced, 10),
            days_ago(10, EmailSent, 1),
            days_ago(11, Note, 1),
        ];
        let l = ideal_lead();
        let input = ScoreInput::new(&l, &acts).with_qualification(Some(&q));
        let s = score(input, &shipped(), NOW);
        use Criterion as C;
        assert_eq!(
            summary(&s),
            [
                (C::Industry, 20),
                (C::Employees, 15),
                (C::City, 10),
                (C::DecisionRole, 15),
                (C::Budget, 15),
                (C::Need, 20),
                (C::Timeline, 15),
                (C::JourneyStage, 5),
                (C::Engagement, 6),
                (C::Engagement, 2),
                (C::Engagement, 5),
                (C::Engagement, 15),
                (C::Engagement, -10),
                (C::TotalCap, -33),
            ]
        );
        assert_eq!((s.total, s.grade), (100, Grade::Hot));
        assert_eq!(score_total(input, &shipped(), NOW), 100);

        let visits = &s.contributions[8];
        assert_eq!(visits.reason.key(), "scoring.reason_activities_window");
        let args = visits.reason.args();
        assert!(args.contains(&("kind", ReasonArg::Label("activity.site_visit".into()))));
        assert!(args.contains(&("count", ReasonArg::Number(3))));
        assert!(args.contains(&("days", ReasonArg::Number(14))));
        assert_eq!(
            s.contributions[0].reason,
            Reason::Industry {
                value: "Software".into()
            }
        );
        assert_eq!(
            s.contributions[6].reason,
            Reason::Timeline {
                date: Date(20_020),
                days: 20
            }
        );
    }

    /// Golden: the Persian spellings, Arabic keyboard letters, a rial budget against toman bands,
    /// the country when the city has no row, a passed buying date and a big company.
    #[test]
    fn golden_persian_lead_and_fallbacks() {
        let l = Lead {
            industry: "دولتي".into(), // Arabic yeh
            employees: Some(250),
            city: "قم".into(),
            country: " ایران ".into(),
            decision_role: DecisionRole::Influencer,
            budget: Some(Money {
                amount: 600_000_000,
                currency: Currency::Irr,
            }), // 60M toman
            timeline: Timeline::By(Date(19_990)),
            ..lead(2)
        };
        let s = score(ScoreInput::new(&l, &[]), &shipped(), NOW);
        use Criterion as C;
        assert_eq!(
            summary(&s),
            [
                (C::Industry, -10),
                (C::Employees, -10),
                (C::Country, 3),
                (C::DecisionRole, 8),
                (C::Budget, 15),
                (C::Timeline, 15)
            ]
        );
        assert_eq!((s.total, s.grade), (21, Grade::Cold));
        assert_eq!(
            s.contributions[5].reason.key(),
            "scoring.reason_timeline_passed"
        );

        let karaj = Lead {
            city: "كرج".into(),
            budget: Some(Money {
                amount: 10,
                currency: Currency::Usd,
            }),
            ..lead(3)
        };
        let s = score(ScoreInput::new(&karaj, &[]), &shipped(), NOW);
        assert_eq!(
            summary(&s),
            [(C::City, 5)],
            "no USD band, so the budget scores nothing"
        );
    }

    #[test]
    fn golden_empty_lead_scores_nothing() {
        let s = score(ScoreInput::new(&lead(1), &[]), &shipped(), NOW);
        assert_eq!(
            s,
            Score {
                total: 0,
                grade: Grade::Cold,
                contributions: vec![]
            }
        );
    }

    #[test]
    fn qualification_overrides_authority_and_budget() {
        let mut q = Qualification::new(1);
        q.bant.authority_override = Some(DecisionRole::DecisionMaker);
        q.bant.budget_amount = Some(Money {
            amount: 600_000_000,
            currency: Currency::Toman,
        });
        q.bant.need_level = Some(0);
        let s = score(
            ScoreInput::new(&lead(1), &[]).with_qualification(Some(&q)),
            &shipped(),
            NOW,
        );
        use Criterion as C;
        assert_eq!(
            summary(&s),
            [(C::DecisionRole, 15), (C::Budget, 20), (C::Need, -5)]
        );
    }

    fn one_group(
        recency: Recency,
        cap: Option<Points>,
        points: &[(ActivityKind, Points)],
    ) -> CompiledModel {
        let mut m = ScoringModel::default_model();
        m.fit = crate::domain::scoring::model::FitCriteria {
            industry: vec![],
            employees: vec![],
            city: vec![],
            country: vec![],
            decision_role: vec![],
            budget: vec![],
            need: vec![],
            timeline: vec![],
            journey_stage: vec![],
        };
        m.engagement = vec![EngagementGroup {
            id: "g".into(),
            name: LocalText::new("Replies", "پاسخ‌ها"),
            recency,
            cap,
            points: points
                .iter()
                .map(|&(kind, points)| KindPoints { kind, points })
                .collect(),
        }];
        m.total_cap = None;
        CompiledModel::new(&m)
    }

    /// Golden: decay per activity by whole days, rounded per kind, then the group cap.
    /// 4 × (1 + 0.5 + 0.25) = 7; two more replies today: 4 × 3.75 = 15, capped at 10 (−5).
    #[test]
    fn golden_decay_and_group_cap() {
        let m = one_group(
            Recency::HalfLife { days: 7.0 },
            Some(10),
            &[(EmailReplied, 4)],
        );
        let mut acts = vec![
            days_ago(1, EmailReplied, 0),
            days_ago(2, EmailReplied, 7),
            days_ago(3, EmailReplied, 14),
        ];
        let l = lead(1);
        assert_eq!(score(ScoreInput::new(&l, &acts), &m, NOW).total, 7);
        // A millisecond short of seven days is still day 6: 10 × 2^(−6/7) = 5.52 → 6 (not 5).
        let ten = one_group(Recency::HalfLife { days: 7.0 }, None, &[(EmailReplied, 10)]);
        let almost = [activity(9, 1, EmailReplied, NOW - 7 * MS_PER_DAY + 1)];
        assert_eq!(score_total(ScoreInput::new(&l, &almost), &ten, NOW), 6);
        acts.extend([days_ago(4, EmailReplied, 0), days_ago(5, EmailReplied, 0)]);
        let s = score(ScoreInput::new(&l, &acts), &m, NOW);
        assert_eq!(
            summary(&s),
            [(Criterion::Engagement, 15), (Criterion::Engagement, -5)]
        );
        assert_eq!(s.total, 10);
        assert_eq!(
            s.contributions[1].reason,
            Reason::GroupCap {
                group: LocalText::new("Replies", "پاسخ‌ها"),
                cap: 10
            }
        );
        // Negative groups are floored at −cap.
        let m = one_group(Recency::Window { days: 30 }, Some(25), &[(Complaint, -20)]);
        let acts = [days_ago(1, Complaint, 1), days_ago(2, Complaint, 2)];
        assert_eq!(score_total(ScoreInput::new(&l, &acts), &m, NOW), -25);
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        let cases = [
            (0.0, 0),
            (0.49999999999999994, 0),
            (0.5, 1),
            (1.5, 2),
            (2.4, 2),
            (-0.5, -1),
            (-1.4, -1),
            (-2.5, -3),
            // Either side of where the narrow conversion gives way to the wide one.
            (2_147_483_646.5, 2_147_483_647),
            (2_147_483_647.5, 2_147_483_648),
            (-2_147_483_647.5, -2_147_483_648),
            (-2_147_483_648.5, -2_147_483_649),
            (1e300, i64::MAX),
            (-1e300, i64::MIN),
        ];
        for (x, r) in cases {
            assert_eq!(round_half_away(x), r, "{x}");
        }
    }

    proptest! {
        #[test]
        fn rounding_equals_std_round(x in prop::num::f64::NORMAL | prop::num::f64::SUBNORMAL | prop::num::f64::ZERO, whole in prop_oneof![-(1i64 << 53)..1 << 53, -(1i64 << 33)..1 << 33], ulps in -3i64..=3) {
            prop_assert_eq!(round_half_away(x), x.round() as i64, "{}", x);
            // Halves and their neighbours, where a rounding trick would go wrong.
            let half = whole as f64 + 0.5_f64.copysign(whole as f64);
            let near = f64::from_bits((half.to_bits() as i64 + ulps) as u64);
            prop_assert_eq!(round_half_away(near), near.round() as i64, "{}", near);
        }
    }

    fn any_lead() -> impl Strategy<Value = Lead> {
        (
            prop::sample::select(vec![
                "",
                "software",
                " SOFTWARE ",
                "Retail",
                "دولتی",
                "دولتي",
                "mining",
            ]),
            prop::option::of(0u32..1_000),
            prop::sample::select(vec!["", "Tehran", "tehran  ", "تهران", "Qom"]),
            prop::sample::select(vec!["", "Iran", "Germany"]),
            prop::sample::select(DecisionRole::ALL.to_vec()),
            prop::option::of((
                0u64..2_000_000_000,
                prop::sample::select(Currency::ALL.to_vec()),
            )),
            prop::option::of(-100i32..800),
            prop::sample::select(JourneyStage::ALL.to_vec()),
        )
            .prop_map(
                |(industry, employees, city, country, role, budget, timeline, stage)| Lead {
                    industry: industry.into(),
                    employees,
                    city: city.into(),
                    country: country.into(),
                    decision_role: role,
                    budget: budget.map(|(amount, currency)| Money { amount, currency }),
                    timeline: timeline
                        .map_or(Timeline::Unknown, |d| Timeline::By(Date(20_000 + d))),
                    journey_stage: stage,
                    ..lead(1)
                },
            )
    }

    /// A qualification record that may override the lead's authority and budget and set a need.
    fn any_qualification() -> impl Strategy<Value = Qualification> {
        (
            prop::option::of(prop::sample::select(DecisionRole::ALL.to_vec())),
            prop::option::of((
                0u64..2_000_000_000,
                prop::sample::select(Currency::ALL.to_vec()),
            )),
            prop::option::of(0u8..6),
        )
            .prop_map(|(authority, budget, need)| {
                let mut q = Qualification::new(1);
                q.bant.authority_override = authority;
                q.bant.budget_amount = budget.map(|(amount, currency)| Money { amount, currency });
                q.bant.need_level = need;
                q
            })
    }

    fn any_activities() -> impl Strategy<Value = Vec<Activity>> {
        prop::collection::vec((0..ActivityKind::ALL.len(), -2i64..400 * 24), 0..40).prop_map(|v| {
            v.into_iter()
                .enumerate()
                .map(|(i, (k, hours))| {
                    activity(i as u64, 1, ActivityKind::ALL[k], NOW - hours * 3_600_000)
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn explained_total_equals_fast_total_and_contributions_add_up(l in any_lead(), acts in any_activities()) {
            let m = shipped();
            let s = score(ScoreInput::new(&l, &acts), &m, NOW);
            prop_assert_eq!(s.total, score_total(ScoreInput::new(&l, &acts), &m, NOW));
            prop_assert_eq!(s.contributions.iter().map(|c| c.points).sum::<i32>(), s.total);
            prop_assert!(s.contributions.iter().all(|c| c.points != 0));
            prop_assert_eq!(s.grade, m.thresholds().grade(s.total));
        }

        #[test]
        fn prepared_inputs_score_exactly_as_raw_ones(
            l in any_lead(), acts in any_activities(), cap in prop::option::of(0i32..40), half_life in 1.0f64..30.0,
            q in prop::option::of(any_qualification()),
        ) {
            let mut model = ScoringModel::default_model();
            model.engagement[0].cap = cap;
            model.engagement[0].recency = Recency::HalfLife { days: half_life };
            for m in [shipped(), CompiledModel::new(&model)] {
                let prepared = PreparedLead::new(&l, &acts);
                let fast = ScoreInput::with_prepared(&l, &acts, &prepared).with_qualification(q.as_ref());
                let raw = ScoreInput::new(&l, &acts).with_qualification(q.as_ref());
                prop_assert_eq!(score(fast, &m, NOW), score(raw, &m, NOW));
                prop_assert_eq!(score_total(fast, &m, NOW), score_total(raw, &m, NOW));
                prop_assert_eq!(score_total_at(fast, &m, Clock::new(NOW)), score_total(raw, &m, NOW));
            }
        }

        #[test]
        fn a_positive_activity_never_lowers_a_score(
            l in any_lead(), acts in any_activities(), k in 0..ActivityKind::ALL.len(), hours in -2i64..400 * 24,
        ) {
            let m = shipped();
            let kind = ActivityKind::ALL[k];
            let positive = m.model().engagement.iter().flat_map(|g| &g.points).all(|p| p.kind != kind || p.points >= 0);
            prop_assume!(positive);
            let before = score_total(ScoreInput::new(&l, &acts), &m, NOW);
            let mut more = acts.clone();
            more.push(activity(999, 1, kind, NOW - hours * 3_600_000));
            prop_assert!(score_total(ScoreInput::new(&l, &more), &m, NOW) >= before);
        }

        #[test]
        fn decay_never_raises_a_score_as_time_passes(l in any_lead(), acts in any_activities(), later in 0i64..200 * 24) {
            let mut model = ScoringModel::default_model();
            model.engagement.retain(|g| g.points.iter().all(|p| p.points >= 0));
            let m = CompiledModel::new(&model);
            // The buying date moving closer is not decay; hold the fit still.
            let l = Lead { timeline: Timeline::Unknown, ..l };
            let now = score_total(ScoreInput::new(&l, &acts), &m, NOW);
            let then = score_total(ScoreInput::new(&l, &acts), &m, NOW + later * 3_600_000);
            prop_assert!(then <= now, "{} then > {} now", then, now);
        }

        #[test]
        fn caps_hold(l in any_lead(), acts in any_activities(), cap in 0i32..60, total_cap in 0i32..150) {
            let mut model = ScoringModel::default_model();
            for g in &mut model.engagement {
                g.cap = Some(cap);
            }
            model.total_cap = None;
            let uncapped_total = CompiledModel::new(&model);
            let fit_only = score_total(ScoreInput::new(&l, &[]), &uncapped_total, NOW);
            let with = score_total(ScoreInput::new(&l, &acts), &uncapped_total, NOW);
            prop_assert!((with - fit_only).abs() <= cap * model.engagement.len() as i32);
            model.total_cap = Some(total_cap);
            let capped = score_total(ScoreInput::new(&l, &acts), &CompiledModel::new(&model), NOW);
            prop_assert!(capped.abs() <= total_cap);
        }
    }
}
