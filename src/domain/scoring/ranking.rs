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
    activities.iter().filter(|a| a.kind.is_contact()).map(|a| a.at).max()
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
    let mut ranked: Vec<(bool, Points, LeadId, Option<Timestamp>, ScoreInput<'a>)> = inputs
        .into_iter()
        .filter(|i| !i.lead.is_deleted() && is_active(i.lead.id))
        .map(|input| {
            let total = score_total(input, model, now);
            let last = last_contact(input.activities);
            let needs = model.thresholds.grade(total) == Grade::Hot && last.is_none_or(|t| now - t >= HOT_CONTACT_GAP_MS);
            (needs, total, input.lead.id, last, input)
        })
        .collect();
    let order = |r: &(bool, Points, LeadId, Option<Timestamp>, ScoreInput)| {
        (std::cmp::Reverse(r.0), std::cmp::Reverse(r.1), r.2)
    };
    if ranked.len() > limit {
        ranked.select_nth_unstable_by_key(limit, order);
        ranked.truncate(limit);
    }
    ranked.sort_unstable_by_key(order);
    ranked
        .into_iter()
        .map(|(needs_contact, _, lead_id, last_contact, input)| {
            let s = score(input, model, now);
            TodayEntry {
                lead_id,
                score: s.total,
                grade: s.grade,
                top_reasons: top_contributions(&s.contributions, TODAY_REASONS),
                last_contact,
                needs_contact,
            }
        })
        .collect()
}
