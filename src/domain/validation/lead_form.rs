//! The lead form: what was typed, field by field, and the lead it validates into.

use super::fields::{
    normalize_email, normalize_phone, option, optional_number, tags, text, trimmed,
};
use super::problem::{FieldError, Problem};
use crate::domain::time::date_input::{format_date_for_input, parse_date};
use crate::domain::{
    Currency, DecisionRole, JourneyStage, Lead, LeadId, LeadSource, Money, Timeline, Timestamp,
};

/// Most employees a company can be recorded with; larger is taken for a typo (the world's largest
/// employers have about two million).
pub const MAX_EMPLOYEES: u64 = 10_000_000;

/// Largest budget amount: JavaScript's `Number.MAX_SAFE_INTEGER`, so an amount survives any JSON
/// round trip through the browser exactly (and it is nine quadrillion rials, above any deal).
pub const MAX_BUDGET: u64 = 9_007_199_254_740_991;

/// Most tags on one lead.
pub const MAX_TAGS: usize = 50;
/// Most characters in one tag.
pub const MAX_TAG_CHARS: usize = 50;

/// A field of the lead form, in the order the form shows them (and errors are reported in).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LeadField {
    Name,
    Company,
    JobTitle,
    Email,
    Phone,
    Source,
    Industry,
    Employees,
    City,
    Country,
    Budget,
    Currency,
    DecisionRole,
    Need,
    Timeline,
    JourneyStage,
    Owner,
    Tags,
    Notes,
}

impl LeadField {
    /// Every field, in form order.
    pub const ALL: [LeadField; 19] = [
        LeadField::Name,
        LeadField::Company,
        LeadField::JobTitle,
        LeadField::Email,
        LeadField::Phone,
        LeadField::Source,
        LeadField::Industry,
        LeadField::Employees,
        LeadField::City,
        LeadField::Country,
        LeadField::Budget,
        LeadField::Currency,
        LeadField::DecisionRole,
        LeadField::Need,
        LeadField::Timeline,
        LeadField::JourneyStage,
        LeadField::Owner,
        LeadField::Tags,
        LeadField::Notes,
    ];

    /// Stable snake_case key, matching [`Lead`]'s field names (translation key `field.<key>`).
    pub fn key(self) -> &'static str {
        match self {
            LeadField::Name => "name",
            LeadField::Company => "company",
            LeadField::JobTitle => "job_title",
            LeadField::Email => "email",
            LeadField::Phone => "phone",
            LeadField::Source => "source",
            LeadField::Industry => "industry",
            LeadField::Employees => "employees",
            LeadField::City => "city",
            LeadField::Country => "country",
            LeadField::Budget => "budget",
            LeadField::Currency => "currency",
            LeadField::DecisionRole => "decision_role",
            LeadField::Need => "need",
            LeadField::Timeline => "timeline",
            LeadField::JourneyStage => "journey_stage",
            LeadField::Owner => "owner",
            LeadField::Tags => "tags",
            LeadField::Notes => "notes",
        }
    }

    /// The field with this key.
    pub fn from_key(key: &str) -> Option<LeadField> {
        LeadField::ALL.into_iter().find(|f| f.key() == key)
    }

    /// Most characters (not bytes: Persian letters are two bytes each) the trimmed text may have.
    pub fn max_chars(self) -> usize {
        match self {
            LeadField::Name | LeadField::Company | LeadField::JobTitle => 200,
            // RFC 5321's limit on a forward path.
            LeadField::Email => 254,
            LeadField::Phone | LeadField::Employees | LeadField::Budget | LeadField::Timeline => 40,
            LeadField::Source
            | LeadField::Currency
            | LeadField::DecisionRole
            | LeadField::JourneyStage => 40,
            LeadField::Industry | LeadField::City | LeadField::Country | LeadField::Owner => 100,
            LeadField::Need => 2_000,
            LeadField::Tags => 2_000,
            LeadField::Notes => 10_000,
        }
    }
}

/// The lead form's fields exactly as typed (strings), so nothing typed is lost on a validation error.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LeadForm {
    pub name: String,
    pub company: String,
    pub job_title: String,
    pub email: String,
    pub phone: String,
    /// A [`LeadSource`] key; empty means [`LeadSource::Other`].
    pub source: String,
    pub industry: String,
    pub employees: String,
    pub city: String,
    pub country: String,
    pub budget: String,
    /// A [`Currency`] code; empty means [`Currency::Toman`].
    pub currency: String,
    /// A [`DecisionRole`] key; empty means [`DecisionRole::Unknown`].
    pub decision_role: String,
    pub need: String,
    /// A date as [`parse_date`] reads it; empty means [`Timeline::Unknown`].
    pub timeline: String,
    /// A [`JourneyStage`] key; empty means [`JourneyStage::Awareness`].
    pub journey_stage: String,
    pub owner: String,
    /// Comma-separated (`,` or the Persian `،`).
    pub tags: String,
    pub notes: String,
}

/// The validated, editable content of a lead (everything but id, timestamps, deleted marker).
#[derive(Clone, Debug, PartialEq)]
pub struct LeadFields {
    pub name: String,
    pub company: String,
    pub job_title: String,
    /// Empty, or a plausible address with its domain lower-cased.
    pub email: String,
    /// Empty, or canonical: `+98 912 123 4567`, `+98 21 1234 5678`, `+4930123456`.
    pub phone: String,
    pub source: LeadSource,
    pub industry: String,
    pub employees: Option<u32>,
    pub city: String,
    pub country: String,
    pub budget: Option<Money>,
    pub decision_role: DecisionRole,
    pub need: String,
    pub timeline: Timeline,
    pub journey_stage: JourneyStage,
    pub owner: String,
    /// Trimmed, non-empty, without duplicates (compared case-insensitively), in typed order.
    pub tags: Vec<String>,
    pub notes: String,
}

impl LeadForm {
    /// The form filled with a stored lead, ready to edit. Validating it unchanged gives the lead's
    /// content back (phones and e-mails are stored canonical, so they read back as themselves).
    pub fn from_lead(lead: &Lead) -> LeadForm {
        LeadForm {
            name: lead.name.clone(),
            company: lead.company.clone(),
            job_title: lead.job_title.clone(),
            email: lead.email.clone(),
            phone: lead.phone.clone(),
            source: lead.source.key().to_string(),
            industry: lead.industry.clone(),
            employees: lead.employees.map(|n| n.to_string()).unwrap_or_default(),
            city: lead.city.clone(),
            country: lead.country.clone(),
            budget: lead
                .budget
                .map(|m| m.amount.to_string())
                .unwrap_or_default(),
            currency: lead
                .budget
                .map_or(Currency::Toman, |m| m.currency)
                .code()
                .to_string(),
            decision_role: lead.decision_role.key().to_string(),
            need: lead.need.clone(),
            timeline: match lead.timeline {
                Timeline::Unknown => String::new(),
                Timeline::By(date) => format_date_for_input(date),
            },
            journey_stage: lead.journey_stage.key().to_string(),
            owner: lead.owner.clone(),
            tags: lead.tags.join(", "),
            notes: lead.notes.clone(),
        }
    }

    /// The form's text, borrowed.
    pub fn text(&self) -> LeadFormText<'_> {
        LeadFormText {
            name: &self.name,
            company: &self.company,
            job_title: &self.job_title,
            email: &self.email,
            phone: &self.phone,
            source: &self.source,
            industry: &self.industry,
            employees: &self.employees,
            city: &self.city,
            country: &self.country,
            budget: &self.budget,
            currency: &self.currency,
            decision_role: &self.decision_role,
            need: &self.need,
            timeline: &self.timeline,
            journey_stage: &self.journey_stage,
            owner: &self.owner,
            tags: &self.tags,
            notes: &self.notes,
        }
    }

    /// The lead's content, or every problem found (at most one per field, in field order).
    pub fn validate(&self) -> Result<LeadFields, Vec<FieldError>> {
        self.text().validate()
    }
}

/// A [`LeadForm`]'s fields borrowed from wherever the text lies, so the CSV import validates its
/// cells in place instead of copying each into a `LeadForm` first. Same meaning per field.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LeadFormText<'a> {
    pub name: &'a str,
    pub company: &'a str,
    pub job_title: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
    pub source: &'a str,
    pub industry: &'a str,
    pub employees: &'a str,
    pub city: &'a str,
    pub country: &'a str,
    pub budget: &'a str,
    pub currency: &'a str,
    pub decision_role: &'a str,
    pub need: &'a str,
    pub timeline: &'a str,
    pub journey_stage: &'a str,
    pub owner: &'a str,
    pub tags: &'a str,
    pub notes: &'a str,
}

impl LeadFormText<'_> {
    /// The lead's content, or every problem found (at most one per field, in field order).
    pub fn validate(&self) -> Result<LeadFields, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut check = |field: LeadField, result: Result<(), Problem>| {
            if let Err(problem) = result {
                errors.push(FieldError { field, problem });
            }
        };
        let mut fields = LeadFields {
            name: String::new(),
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
            tags: Vec::new(),
            notes: String::new(),
        };
        use LeadField as F;
        check(
            F::Name,
            text(self.name, F::Name).and_then(|name| {
                if name.is_empty() {
                    Err(Problem::Required)
                } else {
                    fields.name = name;
                    Ok(())
                }
            }),
        );
        check(
            F::Company,
            text(self.company, F::Company).map(|t| fields.company = t),
        );
        check(
            F::JobTitle,
            text(self.job_title, F::JobTitle).map(|t| fields.job_title = t),
        );
        check(
            F::Email,
            trimmed(self.email, F::Email)
                .and_then(|t| {
                    if t.is_empty() {
                        Ok(String::new())
                    } else {
                        normalize_email(t)
                    }
                })
                .map(|t| fields.email = t),
        );
        check(
            F::Phone,
            trimmed(self.phone, F::Phone)
                .and_then(|t| {
                    if t.is_empty() {
                        Ok(String::new())
                    } else {
                        normalize_phone(t)
                    }
                })
                .map(|t| fields.phone = t),
        );
        check(
            F::Source,
            option(self.source, LeadSource::Other, LeadSource::from_key).map(|s| fields.source = s),
        );
        check(
            F::Industry,
            text(self.industry, F::Industry).map(|t| fields.industry = t),
        );
        check(
            F::Employees,
            optional_number(self.employees, F::Employees, MAX_EMPLOYEES)
                .map(|n| fields.employees = n.map(|n| n as u32)),
        );
        check(F::City, text(self.city, F::City).map(|t| fields.city = t));
        check(
            F::Country,
            text(self.country, F::Country).map(|t| fields.country = t),
        );
        let amount = optional_number(self.budget, F::Budget, MAX_BUDGET);
        check(F::Budget, amount.map(|_| ()));
        // The currency only matters with an amount: a cleared budget leaves any choice behind.
        if let Ok(Some(amount)) = amount {
            check(
                F::Currency,
                option(self.currency, Currency::Toman, Currency::from_code)
                    .map(|currency| fields.budget = Some(Money { amount, currency })),
            );
        }
        check(
            F::DecisionRole,
            option(
                self.decision_role,
                DecisionRole::Unknown,
                DecisionRole::from_key,
            )
            .map(|r| fields.decision_role = r),
        );
        check(F::Need, text(self.need, F::Need).map(|t| fields.need = t));
        check(
            F::Timeline,
            if self.timeline.trim().is_empty() {
                Ok(())
            } else {
                parse_date(self.timeline)
                    .map(|date| fields.timeline = Timeline::By(date))
                    .map_err(Problem::from)
            },
        );
        check(
            F::JourneyStage,
            option(
                self.journey_stage,
                JourneyStage::Awareness,
                JourneyStage::from_key,
            )
            .map(|s| fields.journey_stage = s),
        );
        check(
            F::Owner,
            text(self.owner, F::Owner).map(|t| fields.owner = t),
        );
        check(
            F::Tags,
            trimmed(self.tags, F::Tags)
                .and_then(tags)
                .map(|t| fields.tags = t),
        );
        check(
            F::Notes,
            text(self.notes, F::Notes).map(|t| fields.notes = t),
        );
        if errors.is_empty() {
            Ok(fields)
        } else {
            Err(errors)
        }
    }
}

impl LeadFields {
    /// A new lead with this content, created (and last updated) `now`.
    pub fn into_new_lead(self, id: LeadId, now: Timestamp) -> Lead {
        let LeadFields {
            name,
            company,
            job_title,
            email,
            phone,
            source,
            industry,
            employees,
            city,
            country,
            budget,
            decision_role,
            need,
            timeline,
            journey_stage,
            owner,
            tags,
            notes,
        } = self;
        Lead {
            id,
            name,
            company,
            job_title,
            email,
            phone,
            source,
            industry,
            employees,
            city,
            country,
            budget,
            decision_role,
            need,
            timeline,
            journey_stage,
            owner,
            tags,
            notes,
            created_at: now,
            updated_at: now,
            deleted_at: None,
            // The store's business: the workspace gives each write its revision.
            revision: Default::default(),
        }
    }

    /// Writes this content into an existing lead. `updated_at` moves to `now` only if something
    /// actually changed, so saving an untouched form does not reshuffle "recently updated" lists.
    pub fn apply_to(self, lead: &mut Lead, now: Timestamp) {
        let updated = self.into_new_lead(lead.id, lead.created_at);
        let changed = Lead {
            updated_at: lead.updated_at,
            deleted_at: lead.deleted_at,
            revision: lead.revision,
            ..updated
        };
        if changed != *lead {
            *lead = Lead {
                updated_at: now,
                ..changed
            };
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::activity_form::ActivityField;
    use super::super::test_forms::*;
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn name_is_required() {
        assert_eq!(
            problems(&form("")),
            vec![(LeadField::Name, Problem::Required)]
        );
        assert_eq!(
            problems(&form("  \t ")),
            vec![(LeadField::Name, Problem::Required)]
        );
    }

    #[test]
    fn a_name_alone_is_a_valid_lead_with_defaults() {
        let fields = form("  Sara Ahmadi ").validate().unwrap();
        assert_eq!(fields.name, "Sara Ahmadi");
        assert_eq!(fields.source, LeadSource::Other);
        assert_eq!(fields.decision_role, DecisionRole::Unknown);
        assert_eq!(fields.journey_stage, JourneyStage::Awareness);
        assert_eq!(fields.timeline, Timeline::Unknown);
        assert_eq!((fields.employees, fields.budget), (None, None));
        assert!(fields.tags.is_empty());
    }

    #[test]
    fn every_text_is_trimmed() {
        let f = LeadForm {
            company: " Acme ".into(),
            job_title: "\tCTO\n".into(),
            industry: " Retail ".into(),
            city: " تهران ".into(),
            country: " Iran ".into(),
            need: " CRM\n".into(),
            owner: " Reza ".into(),
            notes: "\n line one\nline two \n".into(),
            ..form("Sara")
        };
        let fields = f.validate().unwrap();
        assert_eq!(
            [
                &fields.company,
                &fields.job_title,
                &fields.industry,
                &fields.city
            ],
            ["Acme", "CTO", "Retail", "تهران"]
        );
        assert_eq!(
            [&fields.country, &fields.need, &fields.owner],
            ["Iran", "CRM", "Reza"]
        );
        assert_eq!(fields.notes, "line one\nline two");
    }

    #[test]
    fn text_length_is_counted_in_characters_at_the_boundary() {
        // 200 Persian letters are 400 bytes but within the limit.
        assert!(form(&"س".repeat(200)).validate().is_ok());
        assert_eq!(
            problems(&form(&"س".repeat(201))),
            vec![(LeadField::Name, Problem::TooLong)]
        );
        let f = LeadForm {
            notes: "x".repeat(10_001),
            ..form("Sara")
        };
        assert_eq!(problems(&f), vec![(LeadField::Notes, Problem::TooLong)]);
        let f = LeadForm {
            notes: format!("  {}  ", "x".repeat(10_000)),
            ..form("Sara")
        };
        assert!(f.validate().is_ok());
    }

    #[test]
    fn all_errors_come_at_once_in_field_order() {
        let f = LeadForm {
            name: String::new(),
            email: "nope".into(),
            phone: "call me".into(),
            employees: "-3".into(),
            budget: "lots".into(),
            timeline: "2026-02-30".into(),
            journey_stage: "bored".into(),
            notes: "x".repeat(20_000),
            ..LeadForm::default()
        };
        assert_eq!(
            problems(&f),
            vec![
                (LeadField::Name, Problem::Required),
                (LeadField::Email, Problem::InvalidEmail),
                (LeadField::Phone, Problem::InvalidPhone),
                (LeadField::Employees, Problem::Negative),
                (LeadField::Budget, Problem::NotANumber),
                (LeadField::Timeline, Problem::NoSuchDay),
                (LeadField::JourneyStage, Problem::UnknownOption),
                (LeadField::Notes, Problem::TooLong),
            ]
        );
    }

    #[test]
    fn choices_by_key_with_defaults_when_empty() {
        let f = LeadForm {
            source: "referral".into(),
            decision_role: "decision_maker".into(),
            journey_stage: " decision ".into(),
            ..form("Sara")
        };
        let fields = f.validate().unwrap();
        assert_eq!(fields.source, LeadSource::Referral);
        assert_eq!(fields.decision_role, DecisionRole::DecisionMaker);
        assert_eq!(fields.journey_stage, JourneyStage::Decision);
    }

    #[test]
    fn unknown_choices_are_refused() {
        let f = LeadForm {
            source: "pigeon".into(),
            decision_role: "boss".into(),
            journey_stage: "Decision".into(),
            ..form("Sara")
        };
        assert_eq!(
            problems(&f),
            vec![
                (LeadField::Source, Problem::UnknownOption),
                (LeadField::DecisionRole, Problem::UnknownOption),
                (LeadField::JourneyStage, Problem::UnknownOption),
            ]
        );
    }

    #[test]
    fn timeline_is_a_date_in_either_calendar_or_unknown() {
        let with = |t: &str| LeadForm {
            timeline: t.into(),
            ..form("Sara")
        };
        assert_eq!(with(" ").validate().unwrap().timeline, Timeline::Unknown);
        assert_eq!(
            with("2026-05-01").validate().unwrap().timeline,
            Timeline::By(date(2026, 5, 1))
        );
        assert_eq!(
            with("۱۴۰۵/۰۲/۱۱").validate().unwrap().timeline,
            Timeline::By(date(2026, 5, 1))
        );
        assert_eq!(
            problem_of(&with("next spring"), LeadField::Timeline),
            Some(Problem::InvalidDate)
        );
        assert_eq!(
            problem_of(&with("1404/12/30"), LeadField::Timeline),
            Some(Problem::NoSuchDay)
        );
    }

    #[test]
    fn tags_are_split_trimmed_and_deduplicated() {
        let f = LeadForm {
            tags: " vip, hot lead ،مشتری ویژه,, VIP ,hot lead,  ".into(),
            ..form("Sara")
        };
        assert_eq!(
            f.validate().unwrap().tags,
            vec!["vip", "hot lead", "مشتری ویژه"]
        );
    }

    #[test]
    fn too_many_or_too_long_tags() {
        let many: Vec<String> = (0..=MAX_TAGS).map(|i| format!("t{i}")).collect();
        let f = LeadForm {
            tags: many.join(","),
            ..form("Sara")
        };
        assert_eq!(problems(&f), vec![(LeadField::Tags, Problem::TooLong)]);
        let f = LeadForm {
            tags: many[..MAX_TAGS].join(","),
            ..form("Sara")
        };
        assert_eq!(f.validate().unwrap().tags.len(), MAX_TAGS);
        let f = LeadForm {
            tags: "x".repeat(MAX_TAG_CHARS + 1),
            ..form("Sara")
        };
        assert_eq!(problems(&f), vec![(LeadField::Tags, Problem::TooLong)]);
    }

    #[test]
    fn keys_are_stable_and_round_trip() {
        assert_eq!(LeadField::JobTitle.key(), "job_title");
        assert_eq!(LeadField::DecisionRole.key(), "decision_role");
        for field in LeadField::ALL {
            assert_eq!(LeadField::from_key(field.key()), Some(field));
        }
        assert_eq!(Problem::InvalidPhone.key(), "invalid_phone");
        assert_eq!(Problem::NoSuchDay.key(), "no_such_day");
        assert_eq!(Problem::DateInFuture.key(), "date_in_future");
        assert_eq!(ActivityField::Date.key(), "date");
    }

    fn sample_lead() -> Lead {
        LeadForm {
            company: "Acme".into(),
            email: "sara@acme.ir".into(),
            phone: "09121234567".into(),
            source: "web_form".into(),
            employees: "250".into(),
            budget: "1,000,000".into(),
            currency: "IRR".into(),
            decision_role: "influencer".into(),
            timeline: "1405/02/11".into(),
            journey_stage: "consideration".into(),
            owner: "Reza".into(),
            tags: "vip, tehran".into(),
            ..form("Sara")
        }
        .validate()
        .unwrap()
        .into_new_lead(7, 1_000)
    }

    #[test]
    fn a_new_lead_gets_id_and_timestamps() {
        let lead = sample_lead();
        assert_eq!(
            (lead.id, lead.created_at, lead.updated_at, lead.deleted_at),
            (7, 1_000, 1_000, None)
        );
        assert_eq!(lead.phone, "+98 912 123 4567");
        assert_eq!(
            lead.budget,
            Some(Money {
                amount: 1_000_000,
                currency: Currency::Irr
            })
        );
    }

    #[test]
    fn golden_form_from_lead() {
        let form = LeadForm::from_lead(&sample_lead());
        assert_eq!(form.phone, "+98 912 123 4567");
        assert_eq!(form.budget, "1000000");
        assert_eq!(form.currency, "IRR");
        assert_eq!(form.timeline, "2026-05-01");
        assert_eq!(form.tags, "vip, tehran");
        assert_eq!(form.source, "web_form");
        assert_eq!(
            LeadForm::from_lead(&form_lead_without_budget()).currency,
            "TOMAN"
        );
    }

    fn form_lead_without_budget() -> Lead {
        form("Ali").validate().unwrap().into_new_lead(1, 0)
    }

    #[test]
    fn editing_updates_content_and_updated_at_only() {
        let mut lead = sample_lead();
        lead.deleted_at = Some(5);
        let mut edit = LeadForm::from_lead(&lead);
        edit.company = "Acme Iran".into();
        edit.validate().unwrap().apply_to(&mut lead, 2_000);
        assert_eq!(lead.company, "Acme Iran");
        assert_eq!(
            (lead.id, lead.created_at, lead.updated_at),
            (7, 1_000, 2_000)
        );
        assert_eq!(lead.deleted_at, Some(5));
    }

    #[test]
    fn saving_an_untouched_form_keeps_updated_at() {
        let mut lead = sample_lead();
        let before = lead.clone();
        LeadForm::from_lead(&lead)
            .validate()
            .unwrap()
            .apply_to(&mut lead, 9_999);
        assert_eq!(lead, before);
    }

    proptest! {
        #[test]
        fn errors_are_in_field_order_one_per_field(f in any_form()) {
            if let Err(errors) = f.validate() {
                prop_assert!(!errors.is_empty());
                prop_assert!(errors.windows(2).all(|w| w[0].field < w[1].field));
            }
        }

        #[test]
        fn a_valid_lead_reads_back_from_its_form(f in prop_oneof![any_form(), plausible_form()]) {
            if let Ok(fields) = f.validate() {
                let lead = fields.clone().into_new_lead(1, 0);
                prop_assert_eq!(LeadForm::from_lead(&lead).validate(), Ok(fields));
            }
        }
    }
}
