//! Tiny factories for tests across the domain: a lead or an activity with nothing known but what the test sets.

use crate::domain::{
    Activity, ActivityKind, DecisionRole, JourneyStage, Lead, LeadId, LeadSource, Timeline,
    Timestamp,
};

/// A lead with nothing known but its id.
pub fn lead(id: LeadId) -> Lead {
    Lead {
        id,
        name: format!("Lead {id}"),
        company: String::new(),
        job_title: String::new(),
        email: String::new(),
        phone: String::new(),
        source: LeadSource::Other,
        industry: String::new(),
        employees: None,
        city: String::new(),
        country: String::new(),
        budget: None,
        decision_role: DecisionRole::Unknown,
        need: String::new(),
        timeline: Timeline::Unknown,
        journey_stage: JourneyStage::Awareness,
        owner: String::new(),
        tags: vec![],
        notes: String::new(),
        created_at: 0,
        updated_at: 0,
        deleted_at: None,
    }
}

/// An activity of `kind` for lead `lead_id` at `at`.
pub fn activity(id: u64, lead_id: LeadId, kind: ActivityKind, at: Timestamp) -> Activity {
    Activity {
        id,
        lead_id,
        kind,
        at,
        notes: String::new(),
    }
}
