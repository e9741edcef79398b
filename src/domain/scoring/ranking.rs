//! The Today list: open leads ranked for a rep's day, on their final score (rule penalties taken
//! off, rule Cold flags applied). Hot leads not contacted for two days come first (the ones about
//! to go cold); then leads no rule marked Cold, by score, highest first; then the marked ones;
//! ties by lead id.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::adjustment::RuleAdjustment;
use super::compiled::CompiledModel;
use super::explain::{top_contributions, Contribution};
use super::grade::Grade;
use super::model::Points;
use super::score::{score, score_total_at, Clock, ScoreInput};
use crate::domain::time::date::MS_PER_DAY;
use crate::domain::{Activity, LeadId, Timestamp};

/// A Hot lead whose last contact is at least this long ago (or who was never contacted) jumps to
/// the top of Today.
pub const HOT_CONTACT_GAP_MS: i64 = 2 * MS_PER_DAY;

/// How many reasons Today shows per lead.
pub const TODAY_REASONS: usize = 3;

/// One row of Today.
#[derive(Clone, Debug, PartialEq)]
pub struct TodayEntry {
    pub lead_id: LeadId,
    pub score: Points,
    pub grade: Grade,
    /// The contributions that moved the score most (at most [`TODAY_REASONS`]).
    pub top_reasons: Vec<Contribution>,
    /// The latest activity where the seller reached out (see `ActivityKind::is_contact`).
    pub last_contact: Option<Timestamp>,
    /// Hot and not contacted for [`HOT_CONTACT_GAP_MS`]: why it is on top.
    pub needs_contact: bool,
}

/// The latest contact among a lead's activities.
pub fn last_contact(activities: &[Activity]) -> Option<Timestamp> {
    activities
        .iter()
        .filter(|a| a.kind.is_contact())
        .map(|a| a.at)
        .max()
}

/// Whether a lead's last contact is [`HOT_CONTACT_GAP_MS`] or more ago (or never happened).
pub fn needs_contact(activities: &[Activity], now: Timestamp) -> bool {
    last_contact(activities).is_none_or(|t| now - t >= HOT_CONTACT_GAP_MS)
}

/// The latest contact of a scoring input, kept ready when prepared.
fn input_last_contact(input: &ScoreInput) -> Option<Timestamp> {
    match input.prepared {
        Some(p) => p.last_contact,
        None => last_contact(input.activities),
    }
}

/// Where a lead ranks: smaller is higher (needs contact first, then not marked Cold, then final
/// score, then id).
type RankKey = (Reverse<bool>, bool, Reverse<Points>, LeadId);

/// A candidate for the top of Today, ordered by its key alone.
struct Candidate<'a> {
    key: RankKey,
    input: ScoreInput<'a>,
}

impl PartialEq for Candidate<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}
impl Eq for Candidate<'_> {}
impl PartialOrd for Candidate<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Candidate<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key.cmp(&other.key)
    }
}

/// Ranks the open leads for Today and explains the first `limit`. Soft-deleted leads and those for
/// which `is_active` is false (Nurture and Lost queues) are left out; `adjustment` gives what rule
/// actions did to each lead's score, applied before ranking and before the "Hot and not contacted"
/// test. Ranking uses the
/// allocation-free total and keeps only the best `limit` while it goes (a heap whose top is the
/// worst kept), so ranking 100,000 leads costs little more than scoring them; only the returned
/// rows are explained.
pub fn rank_today<'a>(
    inputs: impl IntoIterator<Item = ScoreInput<'a>>,
    model: &CompiledModel,
    now: Timestamp,
    is_active: impl Fn(LeadId) -> bool,
    adjustment: impl Fn(LeadId) -> RuleAdjustment,
    limit: usize,
) -> Vec<TodayEntry> {
    if limit == 0 {
        return Vec::new();
    }
    let mut best: BinaryHeap<Candidate<'a>> = BinaryHeap::with_capacity(limit.min(1024));
    let clock = Clock::new(now);
    for input in inputs {
        let id = input.lead_id();
        if input.is_deleted() || !is_active(id) {
            continue;
        }
        let adjust = adjustment(id);
        let raw = score_total_at(input, model, clock);
        let total = adjust.score(raw);
        // Only Hot leads need their last contact to rank.
        let needs = adjust.grade(raw, &model.thresholds) == Grade::Hot
            && input_last_contact(&input).is_none_or(|t| now - t >= HOT_CONTACT_GAP_MS);
        let key = (Reverse(needs), adjust.cold, Reverse(total), id);
        if best.len() < limit {
            best.push(Candidate { key, input });
        } else if best.peek().is_some_and(|worst| key < worst.key) {
            best.pop();
            best.push(Candidate { key, input });
        }
    }
    best.into_sorted_vec()
        .into_iter()
        .map(|Candidate { key, input }| {
            let id = key.3;
            let s = adjustment(id).apply(score(input, model, now), &model.thresholds);
            TodayEntry {
                lead_id: id,
                score: s.total,
                grade: s.grade,
                top_reasons: top_contributions(&s.contributions, TODAY_REASONS),
                last_contact: last_contact(input.activities),
                needs_contact: key.0 .0,
            }
        })
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::scoring::model::ScoringModel;
    use crate::domain::scoring::{score_total, PreparedLead};
    use crate::domain::test_support::{activity, lead};
    use crate::domain::{ActivityKind, DecisionRole, JourneyStage, Lead};

    const NOW: Timestamp = 20_000 * MS_PER_DAY;

    /// A Hot lead (70 points of fit) with the given id.
    fn hot(id: LeadId) -> Lead {
        Lead {
            industry: "software".into(),
            employees: Some(20),
            city: "tehran".into(),
            decision_role: DecisionRole::DecisionMaker,
            journey_stage: JourneyStage::Decision,
            ..lead(id)
        }
    }

    #[test]
    fn hot_and_uncontacted_first_then_score_then_id() {
        let model = CompiledModel::new(&ScoringModel::default_model());
        let leads = [
            Lead {
                industry: "software".into(),
                ..lead(1)
            }, // 20, Cold
            hot(2), // 70, contacted yesterday
            hot(3), // 70, contacted 3 days ago
            Lead {
                industry: "retail".into(),
                ..lead(4)
            }, // 10
            hot(5), // never contacted
            Lead {
                deleted_at: Some(1),
                ..hot(6)
            },
            hot(7), // in Nurture
            Lead {
                industry: "software".into(),
                ..lead(8)
            }, // 20, tie with 1
        ];
        let acts = |id: LeadId| match id {
            2 => vec![activity(1, 2, ActivityKind::Call, NOW - MS_PER_DAY)],
            3 => vec![
                activity(2, 3, ActivityKind::Call, NOW - 3 * MS_PER_DAY),
                // Opening an email is the lead's doing, not a contact.
                activity(3, 3, ActivityKind::EmailOpened, NOW - 3_600_000),
            ],
            _ => vec![],
        };
        let activities: Vec<Vec<_>> = leads.iter().map(|l| acts(l.id)).collect();
        let inputs = || {
            leads
                .iter()
                .zip(&activities)
                .map(|(l, a)| ScoreInput::new(l, a))
        };
        let today = rank_today(
            inputs(),
            &model,
            NOW,
            |id| id != 7,
            |_| RuleAdjustment::default(),
            usize::MAX,
        );
        let order: Vec<_> = today.iter().map(|e| (e.lead_id, e.needs_contact)).collect();
        assert_eq!(
            order,
            [
                (3, true),
                (5, true),
                (2, false),
                (1, false),
                (8, false),
                (4, false)
            ]
        );
        let three = &today[0];
        assert_eq!(three.grade, Grade::Hot);
        assert_eq!(three.last_contact, Some(NOW - 3 * MS_PER_DAY));
        assert_eq!(three.top_reasons.len(), 3);
        assert_eq!(three.top_reasons[0].points, 20);
        assert!(three
            .top_reasons
            .windows(2)
            .all(|w| w[0].points.abs() >= w[1].points.abs()));

        let first_two = rank_today(
            inputs(),
            &model,
            NOW,
            |id| id != 7,
            |_| RuleAdjustment::default(),
            2,
        );
        assert_eq!(first_two, today[..2]);
    }

    #[test]
    fn exactly_two_days_since_contact_counts_as_not_contacted() {
        let model = CompiledModel::new(&ScoringModel::default_model());
        let l = hot(1);
        let acts = [activity(
            1,
            1,
            ActivityKind::Meeting,
            NOW - HOT_CONTACT_GAP_MS,
        )];
        let entry = &rank_today(
            [ScoreInput::new(&l, &acts)],
            &model,
            NOW,
            |_| true,
            |_| RuleAdjustment::default(),
            10,
        )[0];
        assert!(entry.needs_contact);
        let acts = [activity(
            1,
            1,
            ActivityKind::Meeting,
            NOW - HOT_CONTACT_GAP_MS + 1,
        )];
        let entry = &rank_today(
            [ScoreInput::new(&l, &acts)],
            &model,
            NOW,
            |_| true,
            |_| RuleAdjustment::default(),
            10,
        )[0];
        assert!(!entry.needs_contact);
    }

    /// Regression: rule penalties and Cold flags were applied by the view after ranking, so a lead
    /// a rule marked Cold could top Today and count as "Hot, not contacted".
    #[test]
    fn a_lead_a_rule_marked_cold_or_penalised_does_not_outrank_a_lower_raw_score() {
        let model = CompiledModel::new(&ScoringModel::default_model());
        let flagged = hot(1); // 70 raw, never contacted
        let penalised = hot(2); // 70 raw, never contacted
        let plain = Lead {
            industry: "software".into(),
            ..lead(3)
        }; // 20 raw
        let none = Vec::new();
        let inputs = [&flagged, &penalised, &plain].map(|l| ScoreInput::new(l, &none));
        let adjust = |id: LeadId| match id {
            1 => RuleAdjustment {
                penalty: 0,
                cold: true,
            },
            2 => RuleAdjustment {
                penalty: 60,
                cold: false,
            },
            _ => RuleAdjustment::default(),
        };
        let today = rank_today(inputs, &model, NOW, |_| true, adjust, 10);
        let rows: Vec<_> = today
            .iter()
            .map(|e| (e.lead_id, e.score, e.grade, e.needs_contact))
            .collect();
        assert_eq!(
            rows,
            [
                (3, 20, Grade::Cold, false),
                (2, 10, Grade::Cold, false),
                (1, 70, Grade::Cold, false),
            ]
        );
        // Without the rules, both would be Hot and on top for needing contact.
        let unadjusted = rank_today(
            inputs,
            &model,
            NOW,
            |_| true,
            |_| RuleAdjustment::default(),
            10,
        );
        assert_eq!(unadjusted[0].lead_id, 1);
        assert!(unadjusted[0].needs_contact && unadjusted[1].needs_contact);
    }

    /// Today by brute force: score everyone, sort everyone, keep `limit`.
    fn ranked_by_sorting_all(
        inputs: &[ScoreInput],
        model: &CompiledModel,
        limit: usize,
    ) -> Vec<(LeadId, Points, bool)> {
        let mut all: Vec<_> = inputs
            .iter()
            .filter(|i| !i.lead.is_deleted())
            .map(|i| {
                let total = score_total(*i, model, NOW);
                let needs =
                    model.thresholds.grade(total) == Grade::Hot && needs_contact(i.activities, NOW);
                (Reverse(needs), Reverse(total), i.lead.id)
            })
            .collect();
        all.sort();
        all.truncate(limit);
        all.into_iter().map(|(n, t, id)| (id, t.0, n.0)).collect()
    }

    proptest::proptest! {
        #[test]
        fn keeping_the_best_as_it_goes_equals_sorting_everyone(
            leads in proptest::collection::vec((0u32..300, 0usize..4, 0usize..3, proptest::bool::ANY, proptest::collection::vec((0..ActivityKind::ALL.len(), 0i64..10 * 24), 0..6)), 0..60),
            limit in 0usize..70,
            prepared in proptest::bool::ANY,
        ) {
            let model = CompiledModel::new(&ScoringModel::default_model());
            let mut built: Vec<(Lead, Vec<crate::domain::Activity>)> = Vec::new();
            for (i, (employees, role, stage, deleted, acts)) in leads.into_iter().enumerate() {
                let id = i as LeadId + 1;
                let l = Lead {
                    employees: Some(employees),
                    decision_role: DecisionRole::ALL[role],
                    journey_stage: JourneyStage::ALL[stage],
                    deleted_at: deleted.then_some(1),
                    ..hot(id)
                };
                let acts = acts
                    .into_iter()
                    .enumerate()
                    .map(|(j, (k, hours))| activity(j as u64, id, ActivityKind::ALL[k], NOW - hours * 3_600_000))
                    .collect();
                built.push((l, acts));
            }
            let ready: Vec<PreparedLead> = built.iter().map(|(l, a)| PreparedLead::new(l, a)).collect();
            let inputs: Vec<ScoreInput> = built
                .iter()
                .zip(&ready)
                .map(|((l, a), p)| if prepared { ScoreInput::with_prepared(l, a, p) } else { ScoreInput::new(l, a) })
                .collect();
            let today = rank_today(inputs.iter().copied(), &model, NOW, |_| true, |_| RuleAdjustment::default(), limit);
            let got: Vec<_> = today.iter().map(|e| (e.lead_id, e.score, e.needs_contact)).collect();
            proptest::prop_assert_eq!(got, ranked_by_sorting_all(&inputs, &model, limit));
        }
    }
}
