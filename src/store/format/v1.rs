//! Chunk format 1, as schema versions 1 to 3 wrote it: postcard, fields in this order, enums by
//! variant index. Frozen: never edit (a change is a new format).

use serde::{Deserialize, Serialize};

use crate::domain::{
    Activity, ActivityKind, Currency, Date, DecisionRole, JourneyStage, Lead, LeadSource, Money,
    Revision, Timeline,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LeadSourceV1 {
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DecisionRoleV1 {
    DecisionMaker,
    Influencer,
    User,
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum JourneyStageV1 {
    Awareness,
    Consideration,
    Decision,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CurrencyV1 {
    Irr,
    Toman,
    Usd,
    Eur,
}

/// Days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateV1(pub i32);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimelineV1 {
    Unknown,
    By(DateV1),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoneyV1 {
    pub amount: u64,
    pub currency: CurrencyV1,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActivityKindV1 {
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeadV1 {
    pub id: u64,
    pub name: String,
    pub company: String,
    pub job_title: String,
    pub email: String,
    pub phone: String,
    pub source: LeadSourceV1,
    pub industry: String,
    pub employees: Option<u32>,
    pub city: String,
    pub country: String,
    pub budget: Option<MoneyV1>,
    pub decision_role: DecisionRoleV1,
    pub need: String,
    pub timeline: TimelineV1,
    pub journey_stage: JourneyStageV1,
    pub owner: String,
    pub tags: Vec<String>,
    pub notes: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub deleted_at: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityV1 {
    pub id: u64,
    pub lead_id: u64,
    pub kind: ActivityKindV1,
    pub at: i64,
    pub notes: String,
}

/// The stored form of each domain enum and back: written out, so a domain enum's order can change
/// without touching what is stored.
macro_rules! same_variants {
    ($domain:ident <=> $stored:ident { $($v:ident),* $(,)? }) => {
        impl From<$domain> for $stored {
            fn from(value: $domain) -> $stored {
                match value { $($domain::$v => $stored::$v),* }
            }
        }
        impl From<$stored> for $domain {
            fn from(value: $stored) -> $domain {
                match value { $($stored::$v => $domain::$v),* }
            }
        }
    };
}

same_variants!(LeadSource <=> LeadSourceV1 {
    WebForm, WebsiteOrder, PhoneCallIn, PhoneCallOut, BusinessCard, TradeShowForm, SocialNetwork,
    Sms, Fax, Email, InPersonMeeting, Referral, Import, Other,
});
same_variants!(DecisionRole <=> DecisionRoleV1 { DecisionMaker, Influencer, User, Unknown });
same_variants!(JourneyStage <=> JourneyStageV1 { Awareness, Consideration, Decision });
same_variants!(Currency <=> CurrencyV1 { Irr, Toman, Usd, Eur });
same_variants!(ActivityKind <=> ActivityKindV1 {
    Call, EmailSent, EmailOpened, EmailReplied, EmailBounced, Sms, Meeting, Demo, QuoteSent,
    WebinarAttended, SiteVisit, ContentDownload, FormSubmitted, TrialStarted, Complaint,
    Unsubscribed, Note,
});

impl From<Timeline> for TimelineV1 {
    fn from(t: Timeline) -> TimelineV1 {
        match t {
            Timeline::Unknown => TimelineV1::Unknown,
            Timeline::By(d) => TimelineV1::By(DateV1(d.0)),
        }
    }
}

impl From<TimelineV1> for Timeline {
    fn from(t: TimelineV1) -> Timeline {
        match t {
            TimelineV1::Unknown => Timeline::Unknown,
            TimelineV1::By(d) => Timeline::By(Date(d.0)),
        }
    }
}

impl From<Money> for MoneyV1 {
    fn from(m: Money) -> MoneyV1 {
        MoneyV1 {
            amount: m.amount,
            currency: m.currency.into(),
        }
    }
}

impl From<MoneyV1> for Money {
    fn from(m: MoneyV1) -> Money {
        Money {
            amount: m.amount,
            currency: m.currency.into(),
        }
    }
}

impl LeadV1 {
    /// The domain lead, with the revision it is stored at.
    pub fn into_lead(self, revision: Revision) -> Lead {
        Lead {
            id: self.id,
            name: self.name,
            company: self.company,
            job_title: self.job_title,
            email: self.email,
            phone: self.phone,
            source: self.source.into(),
            industry: self.industry,
            employees: self.employees,
            city: self.city,
            country: self.country,
            budget: self.budget.map(Into::into),
            decision_role: self.decision_role.into(),
            need: self.need,
            timeline: self.timeline.into(),
            journey_stage: self.journey_stage.into(),
            owner: self.owner,
            tags: self.tags,
            notes: self.notes,
            created_at: self.created_at,
            updated_at: self.updated_at,
            deleted_at: self.deleted_at,
            revision,
        }
    }
}

impl ActivityV1 {
    pub fn into_activity(self, revision: Revision) -> Activity {
        Activity {
            id: self.id,
            lead_id: self.lead_id,
            kind: self.kind.into(),
            at: self.at,
            notes: self.notes,
            revision,
        }
    }
}

impl From<LeadV1> for Lead {
    fn from(lead: LeadV1) -> Lead {
        lead.into_lead(Revision::default())
    }
}

impl From<ActivityV1> for Activity {
    fn from(activity: ActivityV1) -> Activity {
        activity.into_activity(Revision::default())
    }
}
