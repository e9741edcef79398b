//! What scoring reads of a lead, prepared when the lead or its activities change rather than on
//! every score: its industry, city and country already folded and hashed, and its activities as
//! compact (time, kind) marks, newest first, in one allocation. Scoring 100,000 leads then touches
//! a few bytes per activity instead of whole activity records, and folds no text.

use super::compiled::DaySplit;
use super::ranking::last_contact;
use super::text_match::TextKey;
use crate::domain::{Activity, ActivityKind, Lead, Timestamp};

/// The part of an activity that engagement scoring reads: its kind and when, split into day and
/// time of day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ActivityMark {
    pub(crate) at: DaySplit,
    pub(crate) kind: ActivityKind,
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
    /// The latest activity where the seller reached out (what Today ranks Hot leads by).
    pub(crate) last_contact: Option<Timestamp>,
}

impl PreparedLead {
    pub fn new(lead: &Lead, activities: &[Activity]) -> PreparedLead {
        PreparedLead {
            industry: TextKey::of(&lead.industry),
            city: TextKey::of(&lead.city),
            country: TextKey::of(&lead.country),
            marks: marks(activities),
            last_contact: last_contact(activities),
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
        self.last_contact = last_contact(activities);
    }
}

fn marks(activities: &[Activity]) -> Box<[ActivityMark]> {
    activities
        .iter()
        .map(|a| ActivityMark {
            at: DaySplit::of(a.at),
            kind: a.kind,
        })
        .collect()
}
