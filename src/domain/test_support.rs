//! Tiny factories for tests across the domain: a lead or an activity with nothing known but what the test sets.

use crate::domain::{Activity, ActivityKind, Lead, LeadId, Timestamp};

/// A lead with nothing known but its id.
pub fn lead(id: LeadId) -> Lead {
    Lead::blank(id)
}

/// An activity of `kind` for lead `lead_id` at `at`.
pub fn activity(id: u64, lead_id: LeadId, kind: ActivityKind, at: Timestamp) -> Activity {
    Activity {
        id,
        lead_id,
        kind,
        at,
        notes: String::new(),
        revision: Default::default(),
    }
}
