//! What the learned model reads of a lead, prepared when the lead or its activities change rather
//! than on every ranking (as `scoring::PreparedLead` is for the hand-set score): its fields, free
//! text already trimmed, put in lower case and hashed, and its engagement counted over all its
//! activities. Ranking 100,000 leads with a [`CompiledLearnedModel`](super::CompiledLearnedModel)
//! then does table lookups and additions per lead, with no text work and no allocation.

use std::num::NonZeroU64;

use super::encoder::lowercase;
use super::history::{engagement, Engagement};
use crate::domain::{
    Activity, DecisionRole, JourneyStage, Lead, LeadId, LeadSource, Money, Timeline, Timestamp,
};

/// A text value as the encoder compares it — trimmed, in lower case — hashed (64-bit FNV-1a over
/// its UTF-8 bytes). Two values with the same key are taken to be the same value: a false match
/// needs a collision of 64-bit hashes, as `scoring::ValueTable` accepts for the hand-set model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ValueKey(NonZeroU64);

impl ValueKey {
    /// The key of a lead's text, `None` when it is empty or only spaces (a missing cell).
    pub fn of_text(text: &str) -> Option<ValueKey> {
        let text = text.trim();
        if text.is_empty() {
            None
        } else if text.is_ascii() {
            Some(ValueKey::of_bytes(
                text.bytes().map(|b| b.to_ascii_lowercase()),
            ))
        } else {
            Some(ValueKey::of_bytes(lowercase(text).bytes()))
        }
    }

    /// The key of an encoder's value, which is already trimmed and in lower case.
    pub(super) fn of_value(value: &str) -> ValueKey {
        ValueKey::of_bytes(value.bytes())
    }

    fn of_bytes(bytes: impl Iterator<Item = u8>) -> ValueKey {
        const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
        const FNV_PRIME: u64 = 0x0100_0000_01b3;
        let hash = bytes.fold(FNV_OFFSET, |h, b| (h ^ b as u64).wrapping_mul(FNV_PRIME));
        // A hash of 0 is read as 1: one more way to collide, as unlikely as the others.
        ValueKey(NonZeroU64::new(hash).unwrap_or(NonZeroU64::MIN))
    }

    /// The key as a number, for hash tables (already well mixed).
    pub(super) fn get(self) -> u64 {
        self.0.get()
    }
}

/// A lead's learned-model inputs in prepared form, one field per column of
/// [`LEAD_COLUMNS`](super::LEAD_COLUMNS). Must be rebuilt (or updated with
/// [`LearnedLead::set_lead`] / [`LearnedLead::set_activities`]) whenever the lead or its
/// activities change; `LeadBook` keeps one per lead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LearnedLead {
    pub(super) id: LeadId,
    pub(super) deleted: bool,
    pub(super) source: LeadSource,
    pub(super) industry: Option<ValueKey>,
    pub(super) employees: Option<u32>,
    pub(super) city: Option<ValueKey>,
    pub(super) country: Option<ValueKey>,
    pub(super) budget: Option<Money>,
    pub(super) decision_role: DecisionRole,
    pub(super) need: Option<ValueKey>,
    pub(super) timeline_known: bool,
    pub(super) journey_stage: JourneyStage,
    pub(super) job_title: Option<ValueKey>,
    /// The engagement of all the lead's activities: what it is at any moment from `latest` on.
    all_engagement: Engagement,
    /// The time of the lead's latest activity.
    latest: Option<Timestamp>,
}

impl LearnedLead {
    pub fn new(lead: &Lead, activities: &[Activity]) -> LearnedLead {
        let mut prepared = LearnedLead {
            id: lead.id,
            deleted: false,
            source: lead.source,
            industry: None,
            employees: None,
            city: None,
            country: None,
            budget: None,
            decision_role: lead.decision_role,
            need: None,
            timeline_known: false,
            journey_stage: lead.journey_stage,
            job_title: None,
            all_engagement: Engagement::default(),
            latest: None,
        };
        prepared.set_lead(lead);
        prepared.set_activities(activities);
        prepared
    }

    /// After an edit of the lead's fields.
    pub fn set_lead(&mut self, lead: &Lead) {
        self.id = lead.id;
        self.deleted = lead.is_deleted();
        self.source = lead.source;
        self.industry = ValueKey::of_text(&lead.industry);
        self.employees = lead.employees;
        self.city = ValueKey::of_text(&lead.city);
        self.country = ValueKey::of_text(&lead.country);
        self.budget = lead.budget;
        self.decision_role = lead.decision_role;
        self.need = ValueKey::of_text(&lead.need);
        self.timeline_known = matches!(lead.timeline, Timeline::By(_));
        self.journey_stage = lead.journey_stage;
        self.job_title = ValueKey::of_text(&lead.job_title);
    }

    /// After a change to the lead's activities.
    pub fn set_activities(&mut self, activities: &[Activity]) {
        self.latest = activities.iter().map(|a| a.at).max();
        self.all_engagement = engagement(activities, Timestamp::MAX);
    }

    pub fn id(&self) -> LeadId {
        self.id
    }

    pub fn is_deleted(&self) -> bool {
        self.deleted
    }

    /// The lead's engagement up to `until`, as [`engagement`] counts it: the prepared counts when
    /// no activity is later than `until` (the usual case, ranking as of now), otherwise counted
    /// again from `activities`, which must be those the lead was prepared with.
    pub fn engagement_until(&self, activities: &[Activity], until: Timestamp) -> Engagement {
        if self.latest.is_none_or(|latest| latest <= until) {
            self.all_engagement
        } else {
            engagement(activities, until)
        }
    }
}
