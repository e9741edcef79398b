//! The Today list: open leads ranked for a rep's day. Hot leads not contacted for two days come
//! first (the ones about to go cold); then everyone by score, highest first; ties by lead id.

use super::compiled::CompiledModel;
use super::explain::{top_contributions, Contribution};
use super::grade::Grade;
use super::model::Points;
use super::score::{score, score_total, ScoreInput};
use crate::domain::date::MS_PER_DAY;
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

/// Ranks the open leads for Today and explains the first `limit`. Soft-deleted leads and those for
/// which `is_active` is false (Nurture and Lost queues) are left out. Ranking uses the
/// allocation-free total; only the returned rows are explained.
pub fn rank_today<'a>(
    inputs: impl IntoIterator<Item = ScoreInput<'a>>,
    model: &CompiledModel,
    now: Timestamp,
    is_active: impl Fn(LeadId) -> bool,
    limit: usize,
) -> Vec<TodayEntry> {
    let inputs = inputs.into_iter();
    let mut ranked: Vec<(
        std::cmp::Reverse<bool>,
        std::cmp::Reverse<Points>,
        LeadId,
        ScoreInput<'a>,
    )> = Vec::with_capacity(inputs.size_hint().0);
    for input in inputs.filter(|i| !i.lead.is_deleted() && is_active(i.lead.id)) {
        let total = score_total(input, model, now);
        // Only Hot leads need their last contact to rank.
        let needs =
            model.thresholds.grade(total) == Grade::Hot && needs_contact(input.activities, now);
        ranked.push((
            std::cmp::Reverse(needs),
            std::cmp::Reverse(total),
            input.lead.id,
            input,
        ));
    }
    let order = |r: &(
        std::cmp::Reverse<bool>,
        std::cmp::Reverse<Points>,
        LeadId,
        ScoreInput,
    )| (r.0, r.1, r.2);
    if ranked.len() > limit {
        ranked.select_nth_unstable_by_key(limit, order);
        ranked.truncate(limit);
    }
    ranked.sort_unstable_by_key(order);
    ranked
        .into_iter()
        .map(|(needs_contact, _, lead_id, input)| {
            let s = score(input, model, now);
            TodayEntry {
                lead_id,
                score: s.total,
                grade: s.grade,
                top_reasons: top_contributions(&s.contributions, TODAY_REASONS),
                last_contact: last_contact(input.activities),
                needs_contact: needs_contact.0,
            }
        })
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::scoring::model::ScoringModel;
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
        let today = rank_today(inputs(), &model, NOW, |id| id != 7, usize::MAX);
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

        let first_two = rank_today(inputs(), &model, NOW, |id| id != 7, 2);
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
        let entry = &rank_today([ScoreInput::new(&l, &acts)], &model, NOW, |_| true, 10)[0];
        assert!(entry.needs_contact);
        let acts = [activity(
            1,
            1,
            ActivityKind::Meeting,
            NOW - HOT_CONTACT_GAP_MS + 1,
        )];
        let entry = &rank_today([ScoreInput::new(&l, &acts)], &model, NOW, |_| true, 10)[0];
        assert!(!entry.needs_contact);
    }
}
