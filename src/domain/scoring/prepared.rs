//! What scoring and ranking read of a lead, prepared when the lead or its activities change rather
//! than on every score: its fit fields (industry, city and country already folded and hashed), its
//! id and whether it is deleted, and its activities as eight-byte (time, kind) marks in one
//! allocation. Scoring 100,000 leads then touches about two cache lines per lead plus its marks,
//! never the 400-byte `Lead` nor activity records, and folds no text.

use super::compiled::{base_amount, ActivityMark, CurrencyFamily};
use super::ranking::last_contact;
use super::text_match::TextKey;
use crate::domain::{
    Activity, DecisionRole, JourneyStage, Lead, LeadId, Money, Timeline, Timestamp,
};

/// The lead fields the fit criteria read, text already folded and hashed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FitFields {
    pub(crate) industry: TextKey,
    pub(crate) city: TextKey,
    pub(crate) country: TextKey,
    pub(crate) budget: Option<Money>,
    /// `budget` in its currency family's base unit, converted once here: the conversion's
    /// overflow check is a 128-bit multiply, a library call in wasm.
    pub(crate) budget_base: Option<(CurrencyFamily, i64)>,
    pub(crate) employees: Option<u32>,
    pub(crate) timeline: Timeline,
    pub(crate) decision_role: DecisionRole,
    pub(crate) journey_stage: JourneyStage,
}

impl FitFields {
    pub(crate) fn of(lead: &Lead) -> FitFields {
        FitFields {
            industry: TextKey::of(&lead.industry),
            city: TextKey::of(&lead.city),
            country: TextKey::of(&lead.country),
            budget: lead.budget,
            budget_base: lead.budget.map(base_amount),
            employees: lead.employees,
            timeline: lead.timeline,
            decision_role: lead.decision_role,
            journey_stage: lead.journey_stage,
        }
    }
}

/// A lead's scoring inputs in prepared form. Must be rebuilt (or updated with
/// [`PreparedLead::set_lead`] / [`PreparedLead::set_activities`]) whenever the lead or its
/// activities change; a stale one scores the old values (debug builds assert it never is).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparedLead {
    pub(crate) id: LeadId,
    pub(crate) deleted: bool,
    pub(crate) fit: FitFields,
    pub(crate) marks: Box<[ActivityMark]>,
    /// The latest activity where the seller reached out (what Today ranks Hot leads by).
    pub(crate) last_contact: Option<Timestamp>,
}

impl PreparedLead {
    pub fn new(lead: &Lead, activities: &[Activity]) -> PreparedLead {
        PreparedLead {
            id: lead.id,
            deleted: lead.is_deleted(),
            fit: FitFields::of(lead),
            marks: marks(activities),
            last_contact: last_contact(activities),
        }
    }

    /// After an edit of the lead's fields.
    pub fn set_lead(&mut self, lead: &Lead) {
        self.id = lead.id;
        self.deleted = lead.is_deleted();
        self.fit = FitFields::of(lead);
    }

    /// After a change to the lead's activities.
    pub fn set_activities(&mut self, activities: &[Activity]) {
        self.marks = marks(activities);
        self.last_contact = last_contact(activities);
    }
}

fn marks(activities: &[Activity]) -> Box<[ActivityMark]> {
    activities
        .iter()
        .map(|a| ActivityMark::new(a.at, a.kind))
        .collect()
}
