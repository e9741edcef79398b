//! Open leads ordered by their learned win probability: the "most likely to win" order a manager
//! compares with the hand-set score's, and what `make bench` times for 100,000 leads; and the
//! probability a decided lead had when it closed, for the Dashboard's ranking performance.

use std::cmp::Ordering;

use super::compiled::CompiledLearnedModel;
use super::history::{lead_cells, outcome};
use super::learned_model::LearnedModel;
use super::prepared::LearnedLead;
use crate::domain::pipeline::Deal;
use crate::domain::{Activity, Lead, LeadId, Timestamp};

/// One lead's place in the order.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RankedByWin {
    pub lead: LeadId,
    pub probability: f64,
}

/// The `limit` leads most likely to win, most likely first (ties by id, so the order is the same
/// on every run), their engagement counted up to `now`. Deleted leads are left out; which leads
/// are open is the caller's choice of `leads`. Reads each lead's fields as cells: the reference
/// for [`rank_prepared_by_win_probability`], which ranks many leads faster.
pub fn rank_by_win_probability<'a>(
    model: &LearnedModel,
    leads: impl IntoIterator<Item = (&'a Lead, &'a [Activity])>,
    now: Timestamp,
    limit: usize,
) -> Vec<RankedByWin> {
    let ranked = leads
        .into_iter()
        .filter(|(lead, _)| !lead.is_deleted())
        .map(|(lead, activities)| RankedByWin {
            lead: lead.id,
            probability: model.probability_of_cells(lead_cells(lead, activities, now)),
        });
    most_likely(ranked, limit)
}

/// [`rank_by_win_probability`] over prepared leads (`LeadBook::learned_inputs`), the model
/// compiled to their keys: the same order and probabilities, with no text work per lead. Each
/// lead comes with the activities it was prepared with.
pub fn rank_prepared_by_win_probability<'a>(
    model: &CompiledLearnedModel,
    leads: impl IntoIterator<Item = (&'a LearnedLead, &'a [Activity])>,
    now: Timestamp,
    limit: usize,
) -> Vec<RankedByWin> {
    let ranked = leads
        .into_iter()
        .filter(|(lead, _)| !lead.is_deleted())
        .map(|(lead, activities)| RankedByWin {
            lead: lead.id(),
            probability: model.probability(lead, activities, now),
        });
    most_likely(ranked, limit)
}

/// The `limit` most likely, most likely first, ties by id.
fn most_likely(ranked: impl Iterator<Item = RankedByWin>, limit: usize) -> Vec<RankedByWin> {
    let mut ranked: Vec<RankedByWin> = ranked.collect();
    let order = |a: &RankedByWin, b: &RankedByWin| {
        b.probability
            .partial_cmp(&a.probability)
            .unwrap_or(Ordering::Equal)
            .then(a.lead.cmp(&b.lead))
    };
    if ranked.len() > limit {
        if limit == 0 {
            return Vec::new();
        }
        ranked.select_nth_unstable_by(limit - 1, order);
        ranked.truncate(limit);
    }
    ranked.sort_unstable_by(order);
    ranked
}

/// The win probability `model` gives a decided lead from what was known when it closed, as the
/// training saw it: engagement after the close would tell the model the answer. A lead whose
/// close the history cannot date (disqualified while a deal is still open) is read as of `now`.
pub fn probability_when_closed(
    model: &LearnedModel,
    lead: &Lead,
    activities: &[Activity],
    deals: &[&Deal],
    disqualified: bool,
    now: Timestamp,
) -> f64 {
    let until = outcome(lead, deals, disqualified).map_or(now, |(_, at)| at);
    model.probability_of_cells(lead_cells(lead, activities, until))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::learning::{lead_row, synthetic_history, train, TrainSettings};
    use crate::domain::{ActivityKind, DecisionRole, LeadBook, LeadSource};

    fn lead(id: LeadId, source: LeadSource, role: DecisionRole) -> Lead {
        Lead {
            source,
            decision_role: role,
            ..Lead::blank(id)
        }
    }

    #[test]
    fn the_order_is_the_models_probabilities_highest_first_ties_by_id() {
        let model = train(&synthetic_history(2_000, 7), TrainSettings::default()).unwrap();
        let leads = [
            lead(1, LeadSource::PhoneCallOut, DecisionRole::User),
            lead(2, LeadSource::Referral, DecisionRole::DecisionMaker),
            lead(3, LeadSource::Referral, DecisionRole::DecisionMaker),
            Lead {
                deleted_at: Some(5),
                ..lead(4, LeadSource::Referral, DecisionRole::DecisionMaker)
            },
            lead(5, LeadSource::WebForm, DecisionRole::Influencer),
        ];
        let meeting = [Activity {
            id: 1,
            lead_id: 5,
            kind: ActivityKind::Meeting,
            at: 10,
            notes: String::new(),
            revision: Default::default(),
        }];
        let with_activities = leads
            .iter()
            .map(|l| (l, if l.id == 5 { &meeting[..] } else { &[][..] }));
        let all = rank_by_win_probability(&model, with_activities.clone(), 100, 10);
        assert_eq!(all.len(), 4, "the deleted lead is left out");
        for pair in all.windows(2) {
            assert!(pair[0].probability >= pair[1].probability);
            if pair[0].probability == pair[1].probability {
                assert!(pair[0].lead < pair[1].lead);
            }
        }
        for ranked in &all {
            let l = leads.iter().find(|l| l.id == ranked.lead).unwrap();
            let acts: Vec<&Activity> = if l.id == 5 {
                meeting.iter().collect()
            } else {
                Vec::new()
            };
            assert_eq!(
                ranked.probability,
                model.probability(&lead_row(l, &acts, 100))
            );
        }
        let top = rank_by_win_probability(&model, with_activities.clone(), 100, 2);
        assert_eq!(top, all[..2]);
        assert!(rank_by_win_probability(&model, with_activities, 100, 0).is_empty());
    }
    /// A book of varied leads (a tenth deleted) with activities over days 0..100, and a model
    /// trained on rows of the same kind whose outcomes follow their fields.
    fn varied_book(n: u64) -> (LeadBook, LearnedModel) {
        use crate::domain::learning::{Dataset, Example, LEAD_COLUMNS};
        use crate::domain::test_support::activity;
        use crate::domain::{Currency, JourneyStage, Money};
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut below = |k: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % k as u64) as usize
        };
        let mut leads = Vec::new();
        let mut activities = Vec::new();
        for id in 1..=n {
            let lead = Lead {
                source: LeadSource::ALL[below(LeadSource::ALL.len())],
                decision_role: DecisionRole::ALL[below(DecisionRole::ALL.len())],
                journey_stage: JourneyStage::ALL[below(JourneyStage::ALL.len())],
                industry: ["Software", "software ", "تولید", "Retail", ""][below(5)].into(),
                city: ["Tehran", "تهران", "Isfahan", ""][below(4)].into(),
                job_title: ["CEO", "ceo", "Engineer", "مدیر فروش"][below(4)].into(),
                need: format!("needs {}", below(1_000)),
                employees: [None, Some(5), Some(80), Some(900)][below(4)],
                budget: (below(3) > 0).then(|| Money {
                    amount: 1_000 * below(50) as u64,
                    currency: Currency::ALL[below(Currency::ALL.len())],
                }),
                deleted_at: (below(10) == 0).then_some(1),
                ..Lead::blank(id)
            };
            for _ in 0..below(8) {
                let kind = [
                    ActivityKind::Call,
                    ActivityKind::Meeting,
                    ActivityKind::EmailSent,
                ][below(3)];
                let id = activities.len() as u64 + 1;
                activities.push(activity(id, lead.id, kind, below(100) as i64));
            }
            leads.push(lead);
        }
        let book = LeadBook::new(leads, activities);
        let examples = book
            .leads()
            .iter()
            .map(|lead| {
                let acts: Vec<&Activity> = book.activities_of(lead.id).iter().collect();
                Example {
                    values: lead_row(lead, &acts, 100),
                    won: (lead.decision_role == DecisionRole::DecisionMaker) != (below(4) == 0)
                        || acts.len() > 5,
                    closed_at: lead.id as i64,
                    hand_score: None,
                }
            })
            .collect();
        let history = Dataset {
            columns: LEAD_COLUMNS.iter().map(|c| c.to_string()).collect(),
            examples,
        };
        (book, train(&history, TrainSettings::default()).unwrap())
    }

    #[test]
    fn prepared_leads_and_the_compiled_model_rank_exactly_as_the_cells_do() {
        let (book, model) = varied_book(600);
        let compiled = CompiledLearnedModel::new(&model);
        let with_activities = || {
            book.leads()
                .iter()
                .map(|lead| (lead, book.activities_of(lead.id)))
        };
        // Day 50 falls before some leads' activities; day 200 after all of them.
        for now in [50, 200] {
            for limit in [0, 1, 10, 600] {
                let reference = rank_by_win_probability(&model, with_activities(), now, limit);
                let prepared =
                    rank_prepared_by_win_probability(&compiled, book.learned_inputs(), now, limit);
                assert_eq!(prepared, reference, "now {now}, limit {limit}");
            }
        }
    }

    #[test]
    fn a_decided_lead_is_read_as_of_its_close() {
        use crate::domain::learning::{Dataset, Example, LEAD_COLUMNS};
        use crate::domain::pipeline::deal::test_deal;
        use crate::domain::pipeline::{DealStatus, StageEntry};
        // A history where meetings decide: leads with two meetings or more mostly win.
        let meetings = |lead_id, n: usize| -> Vec<Activity> {
            (0..n)
                .map(|i| Activity {
                    id: i as u64,
                    lead_id,
                    kind: ActivityKind::Meeting,
                    at: i as i64,
                    notes: String::new(),
                    revision: Default::default(),
                })
                .collect()
        };
        let examples = (0..300u64)
            .map(|i| {
                let n = (i % 5) as usize;
                let acts = meetings(i, n);
                let refs: Vec<&Activity> = acts.iter().collect();
                Example {
                    values: lead_row(&Lead::blank(i), &refs, 100),
                    won: (n >= 2) != (i % 11 == 0),
                    closed_at: i as i64,
                    hand_score: None,
                }
            })
            .collect();
        let history = Dataset {
            columns: LEAD_COLUMNS.iter().map(|c| c.to_string()).collect(),
            examples,
        };
        let model = train(&history, TrainSettings::default()).unwrap();
        let l = lead(1, LeadSource::WebForm, DecisionRole::Influencer);
        let meeting = |id, at| Activity {
            id,
            lead_id: 1,
            kind: ActivityKind::Meeting,
            at,
            notes: String::new(),
            revision: Default::default(),
        };
        // Won at 100 with no meeting yet; four meetings after it (say, onboarding).
        let activities = [
            meeting(1, 150),
            meeting(2, 160),
            meeting(3, 170),
            meeting(4, 180),
        ];
        let mut won = test_deal(1, 1);
        won.status = DealStatus::Won;
        won.history.push(StageEntry {
            at: 100,
            stage: won.stage,
            status: DealStatus::Won,
            reason: None,
        });
        let refs: Vec<&Activity> = activities.iter().collect();
        let at_close = model.probability(&lead_row(&l, &refs, 100));
        let at_now = model.probability(&lead_row(&l, &refs, 1_000));
        assert_ne!(
            at_close, at_now,
            "the later meetings must matter for the test to mean anything"
        );
        assert_eq!(
            probability_when_closed(&model, &l, &activities, &[&won], false, 1_000),
            at_close
        );
        let mut open = test_deal(2, 1);
        open.lead = 1;
        assert_eq!(
            probability_when_closed(&model, &l, &activities, &[&open], true, 1_000),
            at_now,
            "disqualified with a deal still open: no close to date it by"
        );
    }
}
