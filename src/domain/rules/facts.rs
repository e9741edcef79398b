//! Everything a rule needs to know about one lead, assembled once by the app, and how the facts
//! the CRM has no dedicated field for are represented.
//!
//! Representation (the simplest honest one the existing data allows):
//! - **Customer**: a lead tagged `customer` (or `مشتری`), or one with at least one purchase.
//! - **Purchase**: a won deal of the lead, at the time it was won ([`purchases`] collects them).
//! - **Upsell attempt**: a `QuoteSent` activity after the lead's first purchase: a quote to someone
//!   who already bought is an offer to buy more. "Without interest" means no purchase followed it.
//! - **Call without answer**: a `Call` activity whose notes contain a no-answer marker
//!   ([`NO_ANSWER_MARKERS`], e.g. "no answer", "بی‌پاسخ"); the activity form writes
//!   [`NO_ANSWER_NOTE`] for its "no answer" outcome.
//! - **Unsubscribed / stopped following**: an `Unsubscribed` activity, or a tag `unfollowed`
//!   (or `آنفالو`).
//! - **Anti-brand** (disparages us in public): a tag `anti-brand` (or `ضد برند`).
//! - **Complaint**: a `Complaint` activity.
//!
//! Tags compare ignoring case, spacing and Arabic/Persian letter forms.

use crate::domain::pipeline::{Deal, DealStatus};
use crate::domain::qualification::{
    timeline_is_next_year_or_later, LeadType, Qualification, QualificationVerdict,
};
use crate::domain::scoring::text_match::folded;
use crate::domain::scoring::{Grade, Points};
use crate::domain::{Activity, ActivityKind, DecisionRole, Lead, LeadId, Timestamp};

/// Tags that make a lead a customer.
pub const CUSTOMER_TAGS: [&str; 2] = ["customer", "مشتری"];
/// Tags that mark a lead anti-brand.
pub const ANTI_BRAND_TAGS: [&str; 3] = ["anti-brand", "ضد برند", "ضدبرند"];
/// Tags that say the lead stopped following us.
pub const UNFOLLOWED_TAGS: [&str; 2] = ["unfollowed", "آنفالو"];
/// Text in a call's notes that means nobody answered (ASCII matched ignoring case).
pub const NO_ANSWER_MARKERS: [&str; 10] = [
    "no answer",
    "no-answer",
    "unanswered",
    "not answered",
    "did not answer",
    "didn't answer",
    "voicemail",
    "بی‌پاسخ",
    "بی پاسخ",
    "جواب نداد",
];
/// The notes the activity form writes for a call nobody answered.
pub const NO_ANSWER_NOTE: &str = "no answer";

/// Whether an activity is a call nobody answered.
pub fn is_unanswered_call(activity: &Activity) -> bool {
    activity.kind == ActivityKind::Call
        && NO_ANSWER_MARKERS
            .iter()
            .any(|m| contains_ignoring_ascii_case(&activity.notes, m))
}

fn contains_ignoring_ascii_case(hay: &str, needle: &str) -> bool {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    hay.len() >= needle.len()
        && hay
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
}

/// Whether two texts are the same once folded (case, spacing, letter forms, digits).
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    folded(a).eq(folded(b))
}

/// The times a lead's deals were won: its purchases.
pub fn purchases(lead: LeadId, deals: &[Deal]) -> Vec<Timestamp> {
    let mut at: Vec<Timestamp> = deals
        .iter()
        .filter(|d| d.lead == lead)
        .filter_map(Deal::won_at)
        .collect();
    crate::domain::text::sort::sort(&mut at);
    at
}

/// When the lead's open deal entered its current stage (the most recently created open deal,
/// if it has several); `None` when it has no open deal.
pub fn open_stage_entered_at(lead: LeadId, deals: &[Deal]) -> Option<Timestamp> {
    deals
        .iter()
        .filter(|d| d.lead == lead && d.status == DealStatus::Open)
        .max_by_key(|d| (d.created_at, d.id))
        .map(Deal::entered_stage_at)
}

/// A lead field or derived fact a rule can test or name as evidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactField {
    Source,
    Industry,
    City,
    Country,
    Owner,
    Company,
    JobTitle,
    DecisionRole,
    JourneyStage,
    Tag,
    BudgetExists,
    Authority,
    Timeline,
    Grade,
    LeadType,
    Customer,
}

impl FactField {
    /// Every field.
    pub const ALL: [FactField; 16] = [
        FactField::Source,
        FactField::Industry,
        FactField::City,
        FactField::Country,
        FactField::Owner,
        FactField::Company,
        FactField::JobTitle,
        FactField::DecisionRole,
        FactField::JourneyStage,
        FactField::Tag,
        FactField::BudgetExists,
        FactField::Authority,
        FactField::Timeline,
        FactField::Grade,
        FactField::LeadType,
        FactField::Customer,
    ];

    /// Stable snake_case key, as a `Field` term names it.
    pub fn key(self) -> &'static str {
        match self {
            FactField::Source => "source",
            FactField::Industry => "industry",
            FactField::City => "city",
            FactField::Country => "country",
            FactField::Owner => "owner",
            FactField::Company => "company",
            FactField::JobTitle => "job_title",
            FactField::DecisionRole => "decision_role",
            FactField::JourneyStage => "journey_stage",
            FactField::Tag => "tag",
            FactField::BudgetExists => "budget_exists",
            FactField::Authority => "authority",
            FactField::Timeline => "timeline",
            FactField::Grade => "grade",
            FactField::LeadType => "lead_type",
            FactField::Customer => "customer",
        }
    }

    /// The field with this key.
    pub fn from_key(key: &str) -> Option<FactField> {
        let key = key.trim();
        FactField::ALL.into_iter().find(|f| f.key() == key)
    }

    /// Translation key of the field's name.
    pub fn label_key(self) -> &'static str {
        match self {
            FactField::Source => "rules.field_source",
            FactField::Industry => "rules.field_industry",
            FactField::City => "rules.field_city",
            FactField::Country => "rules.field_country",
            FactField::Owner => "rules.field_owner",
            FactField::Company => "rules.field_company",
            FactField::JobTitle => "rules.field_job_title",
            FactField::DecisionRole => "rules.field_decision_role",
            FactField::JourneyStage => "rules.field_journey_stage",
            FactField::Tag => "rules.field_tag",
            FactField::BudgetExists => "rules.field_budget_exists",
            FactField::Authority => "rules.field_authority",
            FactField::Timeline => "rules.field_timeline",
            FactField::Grade => "rules.field_grade",
            FactField::LeadType => "rules.field_lead_type",
            FactField::Customer => "rules.field_customer",
        }
    }

    /// Whether a `Field` term may test it: the lead's own single-valued fields. (Tags, BANT,
    /// grade and type have their own terms.)
    pub fn is_lead_field(self) -> bool {
        matches!(
            self,
            FactField::Source
                | FactField::Industry
                | FactField::City
                | FactField::Country
                | FactField::Owner
                | FactField::Company
                | FactField::JobTitle
                | FactField::DecisionRole
                | FactField::JourneyStage
        )
    }

    /// The lead's value of a lead field, as stored (enum fields by their key); `None` for the
    /// others.
    pub fn lead_value(self, lead: &Lead) -> Option<&str> {
        Some(match self {
            FactField::Source => lead.source.key(),
            FactField::Industry => &lead.industry,
            FactField::City => &lead.city,
            FactField::Country => &lead.country,
            FactField::Owner => &lead.owner,
            FactField::Company => &lead.company,
            FactField::JobTitle => &lead.job_title,
            FactField::DecisionRole => lead.decision_role.key(),
            FactField::JourneyStage => lead.journey_stage.key(),
            _ => return None,
        })
    }
}

/// What rules see of one lead. Borrowed, so building it for every lead costs nothing; the app
/// builds it from the lead, its activities, qualification, score and deals.
#[derive(Clone, Copy, Debug)]
pub struct LeadFacts<'a> {
    pub lead: &'a Lead,
    /// The lead's activities, in any order.
    pub activities: &'a [Activity],
    pub qualification: Option<&'a Qualification>,
    pub verdict: Option<&'a QualificationVerdict>,
    /// The score after any rule penalty (`RuleState::score`).
    pub score: Points,
    /// The grade shown for the lead, Cold when a rule flagged it (`RuleState::grade`).
    pub grade: Grade,
    pub lead_type: LeadType,
    /// When the lead's open deal entered its stage ([`open_stage_entered_at`]).
    pub stage_entered_at: Option<Timestamp>,
    /// Purchase times, any order ([`purchases`]).
    pub purchases: &'a [Timestamp],
}

impl<'a> LeadFacts<'a> {
    /// A lead, its activities, score and grade; nothing known of qualification, deals or type.
    pub fn new(lead: &'a Lead, activities: &'a [Activity], score: Points, grade: Grade) -> Self {
        LeadFacts {
            lead,
            activities,
            qualification: None,
            verdict: None,
            score,
            grade,
            lead_type: LeadType::Unqualified,
            stage_entered_at: None,
            purchases: &[],
        }
    }

    /// With the qualification record and its verdict.
    pub fn with_qualification(
        self,
        qualification: Option<&'a Qualification>,
        verdict: Option<&'a QualificationVerdict>,
    ) -> Self {
        LeadFacts {
            qualification,
            verdict,
            ..self
        }
    }

    /// With the lead type.
    pub fn with_lead_type(self, lead_type: LeadType) -> Self {
        LeadFacts { lead_type, ..self }
    }

    /// With the time the open deal entered its stage.
    pub fn with_stage_entered_at(self, stage_entered_at: Option<Timestamp>) -> Self {
        LeadFacts {
            stage_entered_at,
            ..self
        }
    }

    /// With the purchase times.
    pub fn with_purchases(self, purchases: &'a [Timestamp]) -> Self {
        LeadFacts { purchases, ..self }
    }

    /// The first of the lead's tags matching any of `tags`.
    pub fn tag(&self, tags: &[&str]) -> Option<&'a str> {
        self.lead
            .tags
            .iter()
            .find(|t| tags.iter().any(|w| same_text(t, w)))
            .map(String::as_str)
    }

    /// Whether the lead is a customer: tagged so, or bought something.
    pub fn is_customer(&self) -> bool {
        !self.purchases.is_empty() || self.tag(&CUSTOMER_TAGS).is_some()
    }

    /// The BANT authority: the qualification override, else the lead's role.
    pub fn authority(&self) -> DecisionRole {
        self.qualification
            .map_or(self.lead.decision_role, |q| q.bant.authority(self.lead))
    }

    /// Whether the lead buys next year or later: the rep's answer, else the lead's timeline.
    pub fn next_year_or_later(&self, now: Timestamp) -> bool {
        match self.qualification {
            Some(q) => q.bant.is_next_year_or_later(self.lead.timeline, now),
            None => timeline_is_next_year_or_later(self.lead.timeline, now),
        }
    }

    /// The latest activity matching `keep` (ties broken by the larger id).
    pub fn latest(&self, keep: impl Fn(&Activity) -> bool) -> Option<&'a Activity> {
        self.activities
            .iter()
            .filter(|a| keep(a))
            .max_by_key(|a| (a.at, a.id))
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::test_support::{activity, lead};

    #[test]
    fn unanswered_calls_are_calls_with_a_marker() {
        let mut call = activity(1, 1, ActivityKind::Call, 0);
        assert!(!is_unanswered_call(&call));
        for notes in [
            "No Answer",
            "left a VOICEMAIL",
            "تماس بی‌پاسخ ماند",
            NO_ANSWER_NOTE,
        ] {
            call.notes = notes.into();
            assert!(is_unanswered_call(&call), "{notes}");
        }
        call.notes = "answered, asked for a quote".into();
        assert!(!is_unanswered_call(&call));
        let mut email = activity(2, 1, ActivityKind::EmailSent, 0);
        email.notes = "no answer".into();
        assert!(!is_unanswered_call(&email));
    }

    #[test]
    fn customers_by_tag_or_purchase_and_tags_fold() {
        let mut l = lead(1);
        let facts = LeadFacts::new(&l, &[], 0, Grade::Cold);
        assert!(!facts.is_customer());
        assert!(facts.with_purchases(&[5]).is_customer());
        l.tags = vec![" Customer ".into(), "ضد  برند".into()];
        let facts = LeadFacts::new(&l, &[], 0, Grade::Cold);
        assert!(facts.is_customer());
        assert_eq!(facts.tag(&ANTI_BRAND_TAGS), Some("ضد  برند"));
    }

    #[test]
    fn lead_fields_have_values_and_keys_round_trip() {
        let l = lead(1);
        for f in FactField::ALL {
            assert_eq!(FactField::from_key(f.key()), Some(f));
            assert_eq!(f.lead_value(&l).is_some(), f.is_lead_field(), "{f:?}");
        }
        assert_eq!(FactField::DecisionRole.lead_value(&l), Some("unknown"));
    }
}
