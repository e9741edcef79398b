//! A lead: a person at a company who might buy, where they came from and what we know of them.

use serde::{Deserialize, Serialize};

use crate::domain::{Date, Money, Revision, Timestamp};

pub type LeadId = u64;

/// Where a lead came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LeadSource {
    WebForm,
    WebsiteOrder,
    PhoneCallIn,
    PhoneCallOut,
    BusinessCard,
    TradeShowForm,
    SocialNetwork,
    Sms,
    Fax,
    Email,
    InPersonMeeting,
    Referral,
    Import,
    Other,
}

impl LeadSource {
    pub const ALL: [LeadSource; 14] = [
        LeadSource::WebForm,
        LeadSource::WebsiteOrder,
        LeadSource::PhoneCallIn,
        LeadSource::PhoneCallOut,
        LeadSource::BusinessCard,
        LeadSource::TradeShowForm,
        LeadSource::SocialNetwork,
        LeadSource::Sms,
        LeadSource::Fax,
        LeadSource::Email,
        LeadSource::InPersonMeeting,
        LeadSource::Referral,
        LeadSource::Import,
        LeadSource::Other,
    ];

    /// Stable snake_case key used in storage, CSV and translation tables.
    pub fn key(self) -> &'static str {
        match self {
            LeadSource::WebForm => "web_form",
            LeadSource::WebsiteOrder => "website_order",
            LeadSource::PhoneCallIn => "phone_call_in",
            LeadSource::PhoneCallOut => "phone_call_out",
            LeadSource::BusinessCard => "business_card",
            LeadSource::TradeShowForm => "trade_show_form",
            LeadSource::SocialNetwork => "social_network",
            LeadSource::Sms => "sms",
            LeadSource::Fax => "fax",
            LeadSource::Email => "email",
            LeadSource::InPersonMeeting => "in_person_meeting",
            LeadSource::Referral => "referral",
            LeadSource::Import => "import",
            LeadSource::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<LeadSource> {
        LeadSource::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// The lead's part in the buying decision (BANT's Authority).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DecisionRole {
    DecisionMaker,
    Influencer,
    User,
    Unknown,
}

impl DecisionRole {
    pub const ALL: [DecisionRole; 4] = [
        DecisionRole::DecisionMaker,
        DecisionRole::Influencer,
        DecisionRole::User,
        DecisionRole::Unknown,
    ];

    pub fn key(self) -> &'static str {
        match self {
            DecisionRole::DecisionMaker => "decision_maker",
            DecisionRole::Influencer => "influencer",
            DecisionRole::User => "user",
            DecisionRole::Unknown => "unknown",
        }
    }

    pub fn from_key(key: &str) -> Option<DecisionRole> {
        DecisionRole::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// Where the buyer is in their own journey, independent of our pipeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum JourneyStage {
    Awareness,
    Consideration,
    Decision,
}

impl JourneyStage {
    pub const ALL: [JourneyStage; 3] = [
        JourneyStage::Awareness,
        JourneyStage::Consideration,
        JourneyStage::Decision,
    ];

    pub fn key(self) -> &'static str {
        match self {
            JourneyStage::Awareness => "awareness",
            JourneyStage::Consideration => "consideration",
            JourneyStage::Decision => "decision",
        }
    }

    pub fn from_key(key: &str) -> Option<JourneyStage> {
        JourneyStage::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// When the lead expects to buy (BANT's Timeline).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Timeline {
    Unknown,
    By(Date),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lead {
    pub id: LeadId,
    pub name: String,
    pub company: String,
    pub job_title: String,
    pub email: String,
    pub phone: String,
    pub source: LeadSource,
    pub industry: String,
    pub employees: Option<u32>,
    pub city: String,
    pub country: String,
    pub budget: Option<Money>,
    pub decision_role: DecisionRole,
    /// BANT's Need, in the lead's own words.
    pub need: String,
    pub timeline: Timeline,
    pub journey_stage: JourneyStage,
    /// The sales rep who owns the lead.
    pub owner: String,
    pub tags: Vec<String>,
    pub notes: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// Set by a soft delete; the lead stays stored so the delete can be undone.
    pub deleted_at: Option<Timestamp>,
    /// Which version of the lead this is (see [`Revision`]).
    #[serde(default)]
    pub revision: Revision,
}

impl Lead {
    /// "Lead {id}" with nothing else known: a base to fill in (tests, generated benchmark data).
    pub fn blank(id: LeadId) -> Lead {
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
            revision: Revision::default(),
        }
    }

    pub fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }
}
