//! Open leads ordered by their learned win probability: the "most likely to win" order a manager
//! compares with the hand-set score's, and what `make bench` times for 100,000 leads; and the
//! probability a decided lead had when it closed, for the Dashboard's ranking performance.

use std::cmp::Ordering;

use super::history::{lead_cells, outcome};
use super::learned_model::LearnedModel;
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
/// are open is the caller's choice of `leads`.
pub fn rank_by_win_probability<'a>(
    model: &LearnedModel,
    leads: impl IntoIterator<Item = (&'a Lead, &'a [Activity])>,
    now: Timestamp,
    limit: usize,
) -> Vec<RankedByWin> {
    let mut ranked: Vec<RankedByWin> = leads
        .into_iter()
        .filter(|(lead, _)| !lead.is_deleted())
        .map(|(lead, activities)| RankedByWin {
            lead: lead.id,
            probability: model.probability_of_cells(lead_cells(lead, activities, now)),
        })
        .collect();
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
    use crate::domain::{ActivityKind, DecisionRole, LeadSource};

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
