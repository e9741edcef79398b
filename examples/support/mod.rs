//! What the native benchmark examples share: a deterministic generator, so every run measures
//! the same data, and a blank lead for them to fill in.

use kariz::domain::{DecisionRole, JourneyStage, Lead, LeadId, LeadSource, Timeline};

/// Xorshift: the next number of a fixed sequence.
pub fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// One of `from`, picked by the sequence.
#[allow(dead_code)] // not every example picks
pub fn pick<'a>(state: &mut u64, from: &[&'a str]) -> &'a str {
    from[(next(state) % from.len() as u64) as usize]
}

/// "Lead {id}" with every other field empty.
pub fn blank_lead(id: LeadId) -> Lead {
    Lead {
        id,
        name: format!("Lead {id}"),
        company: String::new(),
        job_title: String::new(),
        email: String::new(),
        phone: String::new(),
        source: LeadSource::ALL[0],
        industry: String::new(),
        employees: None,
        city: String::new(),
        country: String::new(),
        budget: None,
        decision_role: DecisionRole::Unknown,
        need: String::new(),
        timeline: Timeline::Unknown,
        journey_stage: JourneyStage::ALL[0],
        owner: String::new(),
        tags: vec![],
        notes: String::new(),
        created_at: 0,
        updated_at: 0,
        deleted_at: None,
    }
}
