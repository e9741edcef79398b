//! Closed history as training cases: a lead whose deal was won is a win; one whose deals were
//! lost, or that was disqualified, is a loss. Each lead becomes a row of its fields and of its
//! engagement up to the moment it closed (later activity would leak the outcome).

use std::collections::{HashMap, HashSet};

use super::dataset::{Cell, Dataset, Example, FieldValue};
use crate::domain::pipeline::{Deal, DealStatus};
use crate::domain::{Activity, ActivityKind, Lead, LeadId, Timeline, Timestamp};

/// The columns every lead row has, in order: its fields, then its engagement.
pub const LEAD_COLUMNS: [&str; 15] = [
    "source",
    "industry",
    "employees",
    "city",
    "country",
    "budget",
    "currency",
    "decision_role",
    "need",
    "timeline",
    "journey_stage",
    "job_title",
    "calls",
    "meetings",
    "emails_unanswered",
];

/// A lead's outcome (won or not) and when it was known; `None` while undecided.
pub fn outcome(lead: &Lead, deals: &[&Deal], disqualified: bool) -> Option<(bool, Timestamp)> {
    let closed_at = |status: DealStatus, deal: &Deal| {
        deal.history
            .iter()
            .rev()
            .find(|entry| entry.status == status)
            .map_or(deal.updated_at, |entry| entry.at)
    };
    if let Some(at) = deals
        .iter()
        .filter(|d| d.status == DealStatus::Won)
        .map(|d| closed_at(DealStatus::Won, d))
        .max()
    {
        return Some((true, at));
    }
    if deals
        .iter()
        .any(|d| d.status == DealStatus::Open || d.status == DealStatus::OnHold)
    {
        return None;
    }
    let lost = deals
        .iter()
        .filter(|d| d.status == DealStatus::Lost)
        .map(|d| closed_at(DealStatus::Lost, d))
        .max();
    match lost {
        Some(at) => Some((false, at)),
        None if disqualified => Some((false, lead.updated_at)),
        None => None,
    }
}

/// A lead's row in `LEAD_COLUMNS` order, counting activities up to `until`.
pub fn lead_row(lead: &Lead, activities: &[&Activity], until: Timestamp) -> Vec<FieldValue> {
    lead_cells(lead, activities.iter().copied(), until)
        .into_iter()
        .map(Cell::to_value)
        .collect()
}

/// What a lead's engagement up to a moment counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Engagement {
    pub calls: usize,
    /// Meetings and demos.
    pub meetings: usize,
    /// E-mails sent after the last reply (all of them when there was none).
    pub emails_unanswered: usize,
}

/// Counts `activities` up to `until`, in time order (activities at the same moment in the order
/// given) without sorting them: the last reply is the latest by (time, place in the list), and
/// every e-mail sent after it is unanswered.
pub fn engagement<'a>(
    activities: impl IntoIterator<Item = &'a Activity> + Clone,
    until: Timestamp,
) -> Engagement {
    let seen = || {
        activities
            .clone()
            .into_iter()
            .enumerate()
            .filter(move |(_, a)| a.at <= until)
    };
    let last_reply = seen()
        .filter(|(_, a)| a.kind == ActivityKind::EmailReplied)
        .map(|(i, a)| (a.at, i))
        .max();
    let mut counts = Engagement::default();
    for (i, a) in seen() {
        match a.kind {
            ActivityKind::Call => counts.calls += 1,
            ActivityKind::Meeting | ActivityKind::Demo => counts.meetings += 1,
            ActivityKind::EmailSent if last_reply.is_none_or(|reply| (a.at, i) > reply) => {
                counts.emails_unanswered += 1
            }
            _ => {}
        }
    }
    counts
}

/// A lead's row in `LEAD_COLUMNS` order, borrowed from the lead (what ranking every lead reads).
pub fn lead_cells<'a>(
    lead: &'a Lead,
    activities: impl IntoIterator<Item = &'a Activity> + Clone,
    until: Timestamp,
) -> [Cell<'a>; LEAD_COLUMNS.len()] {
    let text = |s: &'a str| match s.trim() {
        "" => Cell::Missing,
        trimmed => Cell::Text(trimmed),
    };
    let counts = engagement(activities, until);
    [
        Cell::Text(lead.source.key()),
        text(&lead.industry),
        lead.employees
            .map_or(Cell::Missing, |n| Cell::Number(n as f64)),
        text(&lead.city),
        text(&lead.country),
        lead.budget
            .map_or(Cell::Missing, |m| Cell::Number(m.amount as f64)),
        lead.budget
            .map_or(Cell::Missing, |m| Cell::Text(m.currency.code())),
        Cell::Text(lead.decision_role.key()),
        text(&lead.need),
        Cell::Text(match lead.timeline {
            Timeline::Unknown => "unknown",
            Timeline::By(_) => "known",
        }),
        Cell::Text(lead.journey_stage.key()),
        text(&lead.job_title),
        Cell::Number(counts.calls as f64),
        Cell::Number(counts.meetings as f64),
        Cell::Number(counts.emails_unanswered as f64),
    ]
}

/// Closed leads (deleted ones left out) as a dataset; `hand_score` gives each its hand-set total.
pub fn closed_history<'a>(
    leads: impl IntoIterator<Item = &'a Lead>,
    deals: &[Deal],
    activities: impl IntoIterator<Item = &'a Activity>,
    disqualified: &HashSet<LeadId>,
    hand_score: impl Fn(&Lead) -> Option<f64>,
) -> Dataset {
    let mut deals_of: HashMap<LeadId, Vec<&Deal>> = HashMap::new();
    for deal in deals {
        deals_of.entry(deal.lead).or_default().push(deal);
    }
    let mut activities_of: HashMap<LeadId, Vec<&Activity>> = HashMap::new();
    for activity in activities {
        activities_of
            .entry(activity.lead_id)
            .or_default()
            .push(activity);
    }
    let examples = leads
        .into_iter()
        .filter(|lead| !lead.is_deleted())
        .filter_map(|lead| {
            let deals = deals_of.get(&lead.id).map_or(&[][..], Vec::as_slice);
            let (won, closed_at) = outcome(lead, deals, disqualified.contains(&lead.id))?;
            let activities = activities_of.get(&lead.id).map_or(&[][..], Vec::as_slice);
            Some(Example {
                values: lead_row(lead, activities, closed_at),
                won,
                closed_at,
                hand_score: hand_score(lead),
            })
        })
        .collect();
    Dataset {
        columns: LEAD_COLUMNS.iter().map(|c| c.to_string()).collect(),
        examples,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::test_support::activity;
    use proptest::prelude::*;

    /// The counting `lead_row` did before `engagement`: sort by time (stable), then walk back
    /// from the newest to the last reply.
    fn sorted_engagement(activities: &[Activity], until: Timestamp) -> Engagement {
        let mut seen: Vec<&Activity> = activities.iter().filter(|a| a.at <= until).collect();
        seen.sort_by_key(|a| a.at);
        let count =
            |kinds: &[ActivityKind]| seen.iter().filter(|a| kinds.contains(&a.kind)).count();
        Engagement {
            calls: count(&[ActivityKind::Call]),
            meetings: count(&[ActivityKind::Meeting, ActivityKind::Demo]),
            emails_unanswered: seen
                .iter()
                .rev()
                .take_while(|a| a.kind != ActivityKind::EmailReplied)
                .filter(|a| a.kind == ActivityKind::EmailSent)
                .count(),
        }
    }

    proptest! {
        #[test]
        fn engagement_counts_as_the_sorted_walk_does(
            picks in proptest::collection::vec((0usize..ActivityKind::ALL.len(), 0i64..6), 0..25),
            until in 0i64..7,
        ) {
            // Few distinct times, so many activities share a moment and their order matters.
            let activities: Vec<Activity> = picks
                .iter()
                .enumerate()
                .map(|(i, (kind, at))| activity(i as u64, 1, ActivityKind::ALL[*kind], *at))
                .collect();
            prop_assert_eq!(
                engagement(&activities, until),
                sorted_engagement(&activities, until)
            );
        }
    }
}
