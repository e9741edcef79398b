//! Things that happened with a lead: calls, emails, meetings, web engagement, complaints.

use serde::{Deserialize, Serialize};

use crate::domain::{LeadId, Timestamp};

pub type ActivityId = u64;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ActivityKind {
    Call,
    EmailSent,
    EmailOpened,
    EmailReplied,
    EmailBounced,
    Sms,
    Meeting,
    Demo,
    QuoteSent,
    WebinarAttended,
    SiteVisit,
    ContentDownload,
    FormSubmitted,
    TrialStarted,
    Complaint,
    Unsubscribed,
    Note,
}

impl ActivityKind {
    pub const ALL: [ActivityKind; 17] = [
        ActivityKind::Call,
        ActivityKind::EmailSent,
        ActivityKind::EmailOpened,
        ActivityKind::EmailReplied,
        ActivityKind::EmailBounced,
        ActivityKind::Sms,
        ActivityKind::Meeting,
        ActivityKind::Demo,
        ActivityKind::QuoteSent,
        ActivityKind::WebinarAttended,
        ActivityKind::SiteVisit,
        ActivityKind::ContentDownload,
        ActivityKind::FormSubmitted,
        ActivityKind::TrialStarted,
        ActivityKind::Complaint,
        ActivityKind::Unsubscribed,
        ActivityKind::Note,
    ];

    /// Stable snake_case key used in storage, CSV and translation tables.
    pub fn key(self) -> &'static str {
        match self {
            ActivityKind::Call => "call",
            ActivityKind::EmailSent => "email_sent",
            ActivityKind::EmailOpened => "email_opened",
            ActivityKind::EmailReplied => "email_replied",
            ActivityKind::EmailBounced => "email_bounced",
            ActivityKind::Sms => "sms",
            ActivityKind::Meeting => "meeting",
            ActivityKind::Demo => "demo",
            ActivityKind::QuoteSent => "quote_sent",
            ActivityKind::WebinarAttended => "webinar_attended",
            ActivityKind::SiteVisit => "site_visit",
            ActivityKind::ContentDownload => "content_download",
            ActivityKind::FormSubmitted => "form_submitted",
            ActivityKind::TrialStarted => "trial_started",
            ActivityKind::Complaint => "complaint",
            ActivityKind::Unsubscribed => "unsubscribed",
            ActivityKind::Note => "note",
        }
    }

    pub fn from_key(key: &str) -> Option<ActivityKind> {
        ActivityKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// Whether this activity is the seller reaching out to the lead (counts as "contact").
    pub fn is_contact(self) -> bool {
        matches!(
            self,
            ActivityKind::Call
                | ActivityKind::EmailSent
                | ActivityKind::Sms
                | ActivityKind::Meeting
                | ActivityKind::Demo
                | ActivityKind::QuoteSent
        )
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub id: ActivityId,
    pub lead_id: LeadId,
    pub kind: ActivityKind,
    pub at: Timestamp,
    /// Outcome or free-text notes ("no answer", "asked for a quote").
    pub notes: String,
    /// Which version of the activity this is (see [`crate::domain::Revision`]).
    #[serde(default)]
    pub revision: crate::domain::Revision,
}
