//! Closed history as training cases: a lead whose deal was won is a win; one whose deals were
//! lost, or that was disqualified, is a loss. Each lead becomes a row of its fields and of its
//! engagement up to the moment it closed (later activity would leak the outcome).

use std::collections::{HashMap, HashSet};

use super::dataset::{Dataset, Example, FieldValue};
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
    let text = |s: &str| {
        if s.trim().is_empty() {
            FieldValue::Missing
        } else {
            FieldValue::Text(s.trim().to_string())
        }
    };
    let mut seen: Vec<&Activity> = activities
        .iter()
        .copied()
        .filter(|a| a.at <= until)
        .collect();
    seen.sort_by_key(|a| a.at);
    let count = |kinds: &[ActivityKind]| {
        FieldValue::Number(seen.iter().filter(|a| kinds.contains(&a.kind)).count() as f64)
    };
    let unanswered = seen
        .iter()
        .rev()
        .take_while(|a| a.kind != ActivityKind::EmailReplied)
        .filter(|a| a.kind == ActivityKind::EmailSent)
        .count();
    vec![
        FieldValue::Text(lead.source.key().to_string()),
        text(&lead.industry),
        lead.employees
            .map_or(FieldValue::Missing, |n| FieldValue::Number(n as f64)),
        text(&lead.city),
        text(&lead.country),
        lead.budget
            .map_or(FieldValue::Missing, |m| FieldValue::Number(m.amount as f64)),
        lead.budget.map_or(FieldValue::Missing, |m| {
            FieldValue::Text(m.currency.code().to_string())
        }),
        FieldValue::Text(lead.decision_role.key().to_string()),
        text(&lead.need),
        FieldValue::Text(match lead.timeline {
            Timeline::Unknown => "unknown".into(),
            Timeline::By(_) => "known".into(),
        }),
        FieldValue::Text(lead.journey_stage.key().to_string()),
        text(&lead.job_title),
        count(&[ActivityKind::Call]),
        count(&[ActivityKind::Meeting, ActivityKind::Demo]),
        FieldValue::Number(unanswered as f64),
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
