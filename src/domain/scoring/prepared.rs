//! What scoring reads of a lead, prepared when the lead or its activities change rather than on
//! every score: its industry, city and country already folded and hashed, and its activities as
//! compact (time, kind) marks, newest first, in one allocation. Scoring 100,000 leads then touches
//! a few bytes per activity instead of whole activity records, and folds no text.

use super::text_match::TextKey;
use crate::domain::{Activity, ActivityKind, Lead, Timestamp};

/// The part of an activity that engagement scoring reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ActivityMark {
    pub at: Timestamp,
    pub kind: ActivityKind,
}

/// A lead's scoring inputs in prepared form. Must be rebuilt (or updated with
/// [`PreparedLead::set_lead`] / [`PreparedLead::set_activities`]) whenever the lead or its
/// activities change; a stale one scores the old values (debug builds assert it never is).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparedLead {
    pub(crate) industry: TextKey,
    pub(crate) city: TextKey,
    pub(crate) country: TextKey,
    pub(crate) marks: Box<[ActivityMark]>,
}

impl PreparedLead {
    pub fn new(lead: &Lead, activities: &[Activity]) -> PreparedLead {
        PreparedLead {
            industry: TextKey::of(&lead.industry),
            city: TextKey::of(&lead.city),
            country: TextKey::of(&lead.country),
            marks: marks(activities),
        }
    }

    /// After an edit of the lead's fields.
    pub fn set_lead(&mut self, lead: &Lead) {
        self.industry = TextKey::of(&lead.industry);
        self.city = TextKey::of(&lead.city);
        self.country = TextKey::of(&lead.country);
    }

    /// After a change to the lead's activities.
    pub fn set_activities(&mut self, activities: &[Activity]) {
        self.marks = marks(activities);
    }
}

fn marks(activities: &[Activity]) -> Box<[ActivityMark]> {
    activities
        .iter()
        .map(|a| ActivityMark {
            at: a.at,
            kind: a.kind,
        })
        .collect()
}
