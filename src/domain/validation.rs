//! The lead form and the activity form, checked in the domain so every screen and the CSV import
//! agree on what a valid lead is. Forms hold exactly what was typed; validation returns either
//! clean values or every problem at once, in field order, so the form can mark them all.

use std::borrow::Cow;

use super::date_input::{format_date_for_input, parse_date, DateProblem};
use super::digits::normalize_digit;
use super::{
    Activity, ActivityId, ActivityKind, Currency, Date, DecisionRole, JourneyStage, Lead, LeadId,
    LeadSource, Money, Timeline, Timestamp,
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

/// Most characters in an activity's notes.
pub const MAX_ACTIVITY_NOTES_CHARS: usize = 10_000;

/// What is wrong with one field. Unit variants only: the UI words them through translation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Problem {
    /// The field must not be empty.
    Required,
    /// Not a plausible e-mail address.
    InvalidEmail,
    /// Not a phone number Kariz can read (letters, wrong length, unknown shape).
    InvalidPhone,
    /// Not a whole number.
    NotANumber,
    /// A number below zero where only zero or more makes sense.
    Negative,
    /// A number beyond the field's sane maximum.
    TooLarge,
    /// A choice (source, role, stage, currency, activity kind) Kariz does not know.
    UnknownOption,
    /// Not shaped like a date.
    InvalidDate,
    /// Shaped like a date, but the calendar has no such day.
    NoSuchDay,
    /// Longer than the field allows (see [`LeadField::max_chars`]).
    TooLong,
    /// An activity dated after today: activities log what happened, they do not plan.
    DateInFuture,
}

impl Problem {
    /// Stable snake_case key, used as the translation key `problem.<key>`.
    pub fn key(self) -> &'static str {
        match self {
            Problem::Required => "required",
            Problem::InvalidEmail => "invalid_email",
            Problem::InvalidPhone => "invalid_phone",
            Problem::NotANumber => "not_a_number",
            Problem::Negative => "negative",
            Problem::TooLarge => "too_large",
            Problem::UnknownOption => "unknown_option",
            Problem::InvalidDate => "invalid_date",
            Problem::NoSuchDay => "no_such_day",
            Problem::TooLong => "too_long",
            Problem::DateInFuture => "date_in_future",
        }
    }
}

impl From<DateProblem> for Problem {
    fn from(problem: DateProblem) -> Problem {
        match problem {
            DateProblem::Empty => Problem::Required,
            DateProblem::Malformed => Problem::InvalidDate,
            DateProblem::NoSuchDay => Problem::NoSuchDay,
        }
    }
}

/// One problem with one field of a form; `F` names the form's fields ([`LeadField`] by default,
/// [`ActivityField`] for the activity form).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FieldError<F = LeadField> {
    pub field: F,
    pub problem: Problem,
}

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

/// Trimmed text, refused when longer than the field allows.
fn text(raw: &str, field: LeadField) -> Result<String, Problem> {
    trimmed(raw, field).map(str::to_owned)
}

/// [`text`] without the copy.
fn trimmed(raw: &str, field: LeadField) -> Result<&str, Problem> {
    let trimmed = raw.trim();
    if too_long(trimmed, field.max_chars()) {
        Err(Problem::TooLong)
    } else {
        Ok(trimmed)
    }
}

/// More than `max` characters. A character is at least one byte, so only text of more than
/// `max` bytes needs counting (a cell of notes is scanned once, not twice).
fn too_long(text: &str, max: usize) -> bool {
    text.len() > max && text.chars().count() > max
}

/// A choice by key: empty means `default`, an unknown key is refused.
fn option<T>(raw: &str, default: T, from_key: impl Fn(&str) -> Option<T>) -> Result<T, Problem> {
    let key = raw.trim();
    if key.is_empty() {
        Ok(default)
    } else {
        from_key(key).ok_or(Problem::UnknownOption)
    }
}

/// An optional whole number up to `max`: empty means `None`.
fn optional_number(raw: &str, field: LeadField, max: u64) -> Result<Option<u64>, Problem> {
    let raw = trimmed(raw, field)?;
    if raw.is_empty() {
        return Ok(None);
    }
    parse_whole_number(raw, max).map(Some)
}

/// A whole, non-negative number as people type it: ASCII, Persian or Arabic-Indic digits, with
/// optional thousands separators (`,`, `٬` or the Persian comma `،`) in groups of three, and an
/// optional sign. `-5` is [`Problem::Negative`], beyond `max` [`Problem::TooLarge`], anything else
/// that is not such a number (`12.5`, `1,50`, `ten`) [`Problem::NotANumber`].
pub fn parse_whole_number(raw: &str, max: u64) -> Result<u64, Problem> {
    let trimmed = raw.trim();
    // Plain ASCII digits, the usual case, reach the same end without the copy and the groups.
    if !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return whole_digits(trimmed, max);
    }
    let text: String = trimmed.chars().map(normalize_digit).collect();
    // U+2212 is the minus sign proper, which some keyboards and pasted text produce.
    let (negative, unsigned) = match text.strip_prefix(['-', '\u{2212}']) {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(&text)),
    };
    let groups: Vec<&str> = unsigned.split([',', '،']).collect();
    let grouped_well = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    if !grouped_well || !groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit())) {
        return Err(Problem::NotANumber);
    }
    let digits = groups.concat();
    if digits.is_empty() {
        return Err(Problem::NotANumber);
    }
    if negative && !digits.trim_start_matches('0').is_empty() {
        return Err(Problem::Negative);
    }
    whole_digits(&digits, max)
}

/// A non-empty run of ASCII digits as a number up to `max`.
fn whole_digits(digits: &str, max: u64) -> Result<u64, Problem> {
    let significant = digits.trim_start_matches('0');
    // Too many digits for u64 is simply too large, not a different kind of mistake.
    match significant.parse::<u64>() {
        _ if significant.is_empty() => Ok(0),
        Ok(n) if n <= max => Ok(n),
        _ => Err(Problem::TooLarge),
    }
}

/// Tags from comma-separated text (`,` or `،`): trimmed, empty ones dropped, duplicates (compared
/// case-insensitively) dropped keeping the first spelling.
fn tags(text: &str) -> Result<Vec<String>, Problem> {
    // A list, not a set: a lead has a few tags, and more than MAX_TAGS distinct ones are refused
    // as soon as the next one comes, so the list stays short. A tag already in lower case is its
    // own key.
    let mut seen: Vec<Cow<str>> = Vec::new();
    let mut tags = Vec::new();
    for tag in text
        .split([',', '،'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        if too_long(tag, MAX_TAG_CHARS) {
            return Err(Problem::TooLong);
        }
        let key = if tag.bytes().any(|b| !b.is_ascii() || b.is_ascii_uppercase()) {
            Cow::Owned(tag.to_lowercase())
        } else {
            Cow::Borrowed(tag)
        };
        if !seen.contains(&key) {
            if tags.len() == MAX_TAGS {
                return Err(Problem::TooLong);
            }
            seen.push(key);
            tags.push(tag.to_string());
        }
    }
    Ok(tags)
}

/// A plausible e-mail address, with its domain lower-cased (domains are case-insensitive; the
/// local part, strictly, is not, so it is kept as typed). Persian digits become ASCII. Plausible
/// means `local@domain.tld`: one `@`, no spaces, a dot in the domain, no empty or `-`-edged
/// domain labels, no consecutive dots, a top-level domain of two or more characters, not all
/// digits. Deliverability is not checkable offline, and stricter rules reject real addresses.
pub fn normalize_email(raw: &str) -> Result<String, Problem> {
    let trimmed = raw.trim();
    // Only non-ASCII text can hold Persian or Arabic-Indic digits.
    let text: Cow<str> = if trimmed.is_ascii() {
        Cow::Borrowed(trimmed)
    } else {
        Cow::Owned(trimmed.chars().map(normalize_digit).collect())
    };
    let (local, domain) = text.split_once('@').ok_or(Problem::InvalidEmail)?;
    let forbidden = |c: char| {
        c.is_whitespace()
            || c.is_control()
            || matches!(
                c,
                '@' | '<' | '>' | '(' | ')' | '[' | ']' | '\\' | ',' | ';' | ':' | '"'
            )
    };
    let local_ok = !local.is_empty()
        && !too_long(local, 64)
        && !local.chars().any(forbidden)
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    let label_ok = |l: &str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    // `split` yields at least one label; the last is the top-level domain.
    let mut labels = 0;
    let mut tld = "";
    for label in domain.split('.') {
        if !label_ok(label) {
            return Err(Problem::InvalidEmail);
        }
        labels += 1;
        tld = label;
    }
    let domain_ok =
        labels >= 2 && tld.chars().nth(1).is_some() && !tld.chars().all(|c| c.is_ascii_digit());
    if !(local_ok && domain_ok) {
        return Err(Problem::InvalidEmail);
    }
    let mut email = String::with_capacity(text.len());
    email.push_str(local);
    email.push('@');
    if domain.is_ascii() {
        email.push_str(domain);
        email[local.len() + 1..].make_ascii_lowercase();
    } else {
        email.push_str(&domain.to_lowercase());
    }
    Ok(email)
}

/// A phone number in canonical form, from the shapes people type it in.
///
/// Digits may be Persian or Arabic-Indic; spaces, `-`, `(`, `)` and `.` are separators; a `+` may
/// only lead. Iranian numbers become `+98 …`: mobiles (`09121234567`, `9121234567`,
/// `+989121234567`, `00989121234567`, `+98 0912…`) as `+98 912 123 4567`, landlines
/// (`021 1234 5678`: two-digit area code, eight-digit number) as `+98 21 1234 5678`. Other
/// countries need `+` or `00` and 7–15 digits (E.164) and become `+` and the digits, since their
/// grouping is not known here. A number with neither a country code nor Iran's trunk `0` is
/// refused, except the ten-digit `9…` form, which can only be an Iranian mobile.
pub fn normalize_phone(raw: &str) -> Result<String, Problem> {
    let mut digits = String::with_capacity(raw.len());
    let mut plus = false;
    for c in raw.trim().chars().map(normalize_digit) {
        match c {
            '0'..='9' => digits.push(c),
            '+' if digits.is_empty() && !plus => plus = true,
            ' ' | '-' | '(' | ')' | '.' | '\u{00A0}' => {}
            _ => return Err(Problem::InvalidPhone),
        }
    }
    let international = if plus {
        Some(digits.as_str())
    } else {
        digits.strip_prefix("00")
    };
    match international {
        Some(rest) => match rest.strip_prefix("98") {
            // Some write the trunk zero after the country code: +98 (0)912 …
            Some(national) => iranian(national.strip_prefix('0').unwrap_or(national)),
            None if (7..=15).contains(&rest.len()) && !rest.starts_with('0') => {
                let mut phone = String::with_capacity(rest.len() + 1);
                phone.push('+');
                phone.push_str(rest);
                Ok(phone)
            }
            None => Err(Problem::InvalidPhone),
        },
        None => match digits.strip_prefix('0') {
            Some(national) => iranian(national),
            None if digits.len() == 10 && digits.starts_with('9') => iranian(&digits),
            None => Err(Problem::InvalidPhone),
        },
    }
}

/// An Iranian number without country code or trunk zero, as `+98 …`.
fn iranian(national: &str) -> Result<String, Problem> {
    let d = national;
    // Mobiles: 912 123 4567; landlines: 21 1234 5678. Either way the last group is four digits.
    let area = match d.as_bytes().first() {
        Some(b'9') if d.len() == 10 => 3,
        Some(b'1'..=b'8') if d.len() == 10 => 2,
        _ => return Err(Problem::InvalidPhone),
    };
    let mut phone = String::with_capacity(16);
    for part in ["+98 ", &d[..area], " ", &d[area..6], " ", &d[6..]] {
        phone.push_str(part);
    }
    Ok(phone)
}

/// A field of the activity form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActivityField {
    Kind,
    Date,
    Notes,
}

impl ActivityField {
    /// Stable snake_case key (translation key `field.<key>`).
    pub fn key(self) -> &'static str {
        match self {
            ActivityField::Kind => "kind",
            ActivityField::Date => "date",
            ActivityField::Notes => "notes",
        }
    }
}

/// The activity form's fields exactly as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActivityForm {
    /// An [`ActivityKind`] key.
    pub kind: String,
    /// The day it happened, as [`parse_date`] reads it.
    pub date: String,
    pub notes: String,
}

/// A validated activity, not yet given an id or a lead.
#[derive(Clone, Debug, PartialEq)]
pub struct ActivityDraft {
    pub kind: ActivityKind,
    pub at: Timestamp,
    pub notes: String,
}

impl ActivityForm {
    /// The activity, or every problem found, in field order. The date may not be after today
    /// (local time: UTC + `utc_offset_minutes`). Logged today it happened `now`; logged for an
    /// earlier day, at local midday, which keeps it on that day in any nearby time zone.
    pub fn validate(
        &self,
        now: Timestamp,
        utc_offset_minutes: i32,
    ) -> Result<ActivityDraft, Vec<FieldError<ActivityField>>> {
        let mut errors = Vec::new();
        let kind = match self.kind.trim() {
            "" => Err(Problem::Required),
            key => ActivityKind::from_key(key).ok_or(Problem::UnknownOption),
        };
        let today = Date::from_timestamp(now, utc_offset_minutes);
        let at = parse_date(&self.date)
            .map_err(Problem::from)
            .and_then(|day| {
                if day > today {
                    Err(Problem::DateInFuture)
                } else if day == today {
                    Ok(now)
                } else {
                    let offset_ms = utc_offset_minutes as i64 * 60_000;
                    Ok(day.start_timestamp() + super::date::MS_PER_DAY / 2 - offset_ms)
                }
            });
        let notes = self.notes.trim();
        let notes = if notes.chars().count() > MAX_ACTIVITY_NOTES_CHARS {
            Err(Problem::TooLong)
        } else {
            Ok(notes.to_string())
        };
        for (field, result) in [
            (ActivityField::Kind, kind.as_ref().err()),
            (ActivityField::Date, at.as_ref().err()),
            (ActivityField::Notes, notes.as_ref().err()),
        ] {
            if let Some(&problem) = result {
                errors.push(FieldError { field, problem });
            }
        }
        match (kind, at, notes) {
            (Ok(kind), Ok(at), Ok(notes)) => Ok(ActivityDraft { kind, at, notes }),
            _ => Err(errors),
        }
    }
}

impl ActivityDraft {
    /// The activity, given its id and the lead it belongs to.
    pub fn into_activity(self, id: ActivityId, lead_id: LeadId) -> Activity {
        Activity {
            id,
            lead_id,
            kind: self.kind,
            at: self.at,
            notes: self.notes,
            revision: Default::default(),
        }
    }
}

// Native only: proptest does not build for wasm32 (see Cargo.toml).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn form(name: &str) -> LeadForm {
        LeadForm {
            name: name.to_string(),
            ..LeadForm::default()
        }
    }

    fn problems(form: &LeadForm) -> Vec<(LeadField, Problem)> {
        match form.validate() {
            Ok(_) => vec![],
            Err(errors) => errors.into_iter().map(|e| (e.field, e.problem)).collect(),
        }
    }

    fn problem_of(form: &LeadForm, field: LeadField) -> Option<Problem> {
        problems(form)
            .into_iter()
            .find(|(f, _)| *f == field)
            .map(|(_, p)| p)
    }

    fn date(y: i32, m: u32, d: u32) -> Date {
        Date::from_gregorian(y, m, d).unwrap()
    }

    // --- Name and text fields ---

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

    // --- E-mail ---

    #[test]
    fn email_is_optional() {
        assert_eq!(form("Sara").validate().unwrap().email, "");
        let f = LeadForm {
            email: "   ".into(),
            ..form("Sara")
        };
        assert_eq!(f.validate().unwrap().email, "");
    }

    #[test]
    fn plausible_emails_are_kept_with_a_lower_case_domain() {
        for (typed, stored) in [
            ("sara@example.com", "sara@example.com"),
            (" Sara.Ahmadi@Example.CO.IR ", "Sara.Ahmadi@example.co.ir"),
            ("first+tag@mail-server.io", "first+tag@mail-server.io"),
            ("ali۱۲@example.com", "ali12@example.com"),
            ("user@شرکت.ایران", "user@شرکت.ایران"),
        ] {
            assert_eq!(normalize_email(typed), Ok(stored.to_string()), "{typed}");
        }
    }

    #[test]
    fn implausible_emails_are_refused() {
        for typed in [
            "sara",
            "sara@",
            "@example.com",
            "sara@example",
            "sara@@example.com",
            "sa@ra@example.com",
            "sara @example.com",
            "sara@exa mple.com",
            "sara@example..com",
            "sa..ra@example.com",
            ".sara@example.com",
            "sara.@example.com",
            "sara@.example.com",
            "sara@example.com.",
            "sara@-example.com",
            "sara@example.c",
            "sara@example.123",
            "<sara@example.com>",
        ] {
            assert_eq!(
                normalize_email(typed),
                Err(Problem::InvalidEmail),
                "{typed}"
            );
        }
        let f = LeadForm {
            email: "sara@example".into(),
            ..form("Sara")
        };
        assert_eq!(
            problems(&f),
            vec![(LeadField::Email, Problem::InvalidEmail)]
        );
    }

    // --- Phone ---

    #[test]
    fn iranian_mobiles_in_every_common_form_become_canonical() {
        for typed in [
            "09121234567",
            "0912 123 4567",
            "0912-123-4567",
            "(0912) 123 45 67",
            "9121234567",
            "+989121234567",
            "+98 912 123 4567",
            "+98 (0)912 123 4567",
            "00989121234567",
            "۰۹۱۲۱۲۳۴۵۶۷",
            "٠٩١٢١٢٣٤٥٦٧",
            "+۹۸ ۹۱۲ ۱۲۳ ۴۵۶۷",
            " 0912.123.4567 ",
        ] {
            assert_eq!(
                normalize_phone(typed),
                Ok("+98 912 123 4567".to_string()),
                "{typed}"
            );
        }
    }

    #[test]
    fn an_iranian_mobile_must_have_exactly_eleven_digits_with_its_zero() {
        assert_eq!(normalize_phone("0912123456"), Err(Problem::InvalidPhone));
        assert_eq!(normalize_phone("091212345678"), Err(Problem::InvalidPhone));
        assert_eq!(normalize_phone("+98912123456"), Err(Problem::InvalidPhone));
        assert_eq!(normalize_phone("912123456"), Err(Problem::InvalidPhone));
    }

    #[test]
    fn iranian_landlines_become_canonical() {
        assert_eq!(
            normalize_phone("021 1234 5678"),
            Ok("+98 21 1234 5678".to_string())
        );
        assert_eq!(
            normalize_phone("۰۳۱-۳۲۱۲۳۴۵۶"),
            Ok("+98 31 3212 3456".to_string())
        );
        assert_eq!(
            normalize_phone("+98 21 1234 5678"),
            Ok("+98 21 1234 5678".to_string())
        );
        assert_eq!(normalize_phone("021 1234 567"), Err(Problem::InvalidPhone));
        // Without the area code it could be in any city.
        assert_eq!(normalize_phone("1234 5678"), Err(Problem::InvalidPhone));
    }

    #[test]
    fn international_numbers_need_a_country_code_and_seven_to_fifteen_digits() {
        assert_eq!(
            normalize_phone("+49 30 123456"),
            Ok("+4930123456".to_string())
        );
        assert_eq!(
            normalize_phone("+1 (555) 123-4567"),
            Ok("+15551234567".to_string())
        );
        assert_eq!(
            normalize_phone("0044 20 7946 0958"),
            Ok("+442079460958".to_string())
        );
        assert_eq!(normalize_phone("+1234567"), Ok("+1234567".to_string()));
        assert_eq!(normalize_phone("+123456"), Err(Problem::InvalidPhone));
        assert_eq!(
            normalize_phone("+123456789012345"),
            Ok("+123456789012345".to_string())
        );
        assert_eq!(
            normalize_phone("+1234567890123456"),
            Err(Problem::InvalidPhone)
        );
        assert_eq!(normalize_phone("555 123 4567"), Err(Problem::InvalidPhone));
    }

    #[test]
    fn letters_and_misplaced_plus_are_invalid_phones() {
        for typed in [
            "0912 CALL ME",
            "0912123456x",
            "0912+1234567",
            "++989121234567",
            "+",
            "()",
        ] {
            assert_eq!(
                normalize_phone(typed),
                Err(Problem::InvalidPhone),
                "{typed}"
            );
        }
    }

    #[test]
    fn phone_is_optional_and_stored_canonical() {
        assert_eq!(form("Sara").validate().unwrap().phone, "");
        let f = LeadForm {
            phone: "۰۹۱۲ ۱۲۳ ۴۵۶۷".into(),
            ..form("Sara")
        };
        assert_eq!(f.validate().unwrap().phone, "+98 912 123 4567");
        let f = LeadForm {
            phone: "0912123456".into(),
            ..form("Sara")
        };
        assert_eq!(
            problems(&f),
            vec![(LeadField::Phone, Problem::InvalidPhone)]
        );
    }

    // --- Numbers ---

    #[test]
    fn whole_numbers_in_any_digits_with_thousands_separators() {
        assert_eq!(parse_whole_number("1200", 10_000), Ok(1200));
        assert_eq!(parse_whole_number("1,200", 10_000), Ok(1200));
        assert_eq!(parse_whole_number("۱٬۲۰۰", 10_000), Ok(1200));
        assert_eq!(parse_whole_number("۱،۲۰۰", 10_000), Ok(1200));
        assert_eq!(parse_whole_number("١٢٠٠", 10_000), Ok(1200));
        assert_eq!(parse_whole_number(" +12 ", 10_000), Ok(12));
        assert_eq!(parse_whole_number("0", 10_000), Ok(0));
        assert_eq!(parse_whole_number("-0", 10_000), Ok(0));
        assert_eq!(parse_whole_number("007", 10_000), Ok(7));
    }

    #[test]
    fn not_whole_numbers() {
        for typed in [
            "ten", "12.5", "۱۲٫۵", "1,50", "1,2,3", ",100", "100,", "1 200", "-", "+", "1e3",
            "--5", "0x10",
        ] {
            assert_eq!(
                parse_whole_number(typed, u64::MAX),
                Err(Problem::NotANumber),
                "{typed}"
            );
        }
    }

    #[test]
    fn negative_and_too_large_numbers() {
        assert_eq!(parse_whole_number("-5", 100), Err(Problem::Negative));
        assert_eq!(parse_whole_number("\u{2212}5", 100), Err(Problem::Negative));
        assert_eq!(parse_whole_number("-۱٬۰۰۰", 100), Err(Problem::Negative));
        assert_eq!(parse_whole_number("100", 100), Ok(100));
        assert_eq!(parse_whole_number("101", 100), Err(Problem::TooLarge));
        assert_eq!(
            parse_whole_number("99999999999999999999999", 100),
            Err(Problem::TooLarge)
        );
    }

    #[test]
    fn employees_rules() {
        let with = |e: &str| LeadForm {
            employees: e.into(),
            ..form("Sara")
        };
        assert_eq!(with("").validate().unwrap().employees, None);
        assert_eq!(with("۱٬۲۵۰").validate().unwrap().employees, Some(1250));
        assert_eq!(
            with("10,000,000").validate().unwrap().employees,
            Some(10_000_000)
        );
        assert_eq!(
            problem_of(&with("10,000,001"), LeadField::Employees),
            Some(Problem::TooLarge)
        );
        assert_eq!(
            problem_of(&with("-1"), LeadField::Employees),
            Some(Problem::Negative)
        );
        assert_eq!(
            problem_of(&with("about 50"), LeadField::Employees),
            Some(Problem::NotANumber)
        );
        assert_eq!(
            problem_of(&with("12.5"), LeadField::Employees),
            Some(Problem::NotANumber)
        );
    }

    #[test]
    fn budget_rules() {
        let with = |b: &str, c: &str| LeadForm {
            budget: b.into(),
            currency: c.into(),
            ..form("Sara")
        };
        let money = |amount, currency| Some(Money { amount, currency });
        assert_eq!(with("", "").validate().unwrap().budget, None);
        assert_eq!(
            with("۵۰۰٬۰۰۰", "").validate().unwrap().budget,
            money(500_000, Currency::Toman)
        );
        assert_eq!(
            with("1,500", "usd").validate().unwrap().budget,
            money(1_500, Currency::Usd)
        );
        assert_eq!(
            with("0", "IRR").validate().unwrap().budget,
            money(0, Currency::Irr)
        );
        assert_eq!(
            problem_of(&with("-5", ""), LeadField::Budget),
            Some(Problem::Negative)
        );
        assert_eq!(
            problem_of(&with("5 million", ""), LeadField::Budget),
            Some(Problem::NotANumber)
        );
        assert_eq!(
            with("9007199254740991", "EUR").validate().unwrap().budget,
            money(MAX_BUDGET, Currency::Eur)
        );
        assert_eq!(
            problem_of(&with("9007199254740992", ""), LeadField::Budget),
            Some(Problem::TooLarge)
        );
    }

    #[test]
    fn a_budget_needs_a_known_currency_but_no_budget_needs_none() {
        let with = |b: &str, c: &str| LeadForm {
            budget: b.into(),
            currency: c.into(),
            ..form("Sara")
        };
        assert_eq!(
            problems(&with("100", "BTC")),
            vec![(LeadField::Currency, Problem::UnknownOption)]
        );
        assert_eq!(with("", "BTC").validate().unwrap().budget, None);
        // A broken amount is reported once, on the amount.
        assert_eq!(
            problems(&with("abc", "BTC")),
            vec![(LeadField::Budget, Problem::NotANumber)]
        );
    }

    // --- Choices ---

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

    // --- Timeline ---

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

    // --- Tags ---

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

    // --- Keys ---

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

    // --- Lead <-> form ---

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

    // --- Activity form ---

    /// 2026-05-01 15:00 in Tehran (UTC+3:30) = 11:30 UTC.
    const NOW: Timestamp = 1_777_635_000_000;
    const TEHRAN: i32 = 210;

    fn activity(kind: &str, date: &str) -> ActivityForm {
        ActivityForm {
            kind: kind.into(),
            date: date.into(),
            notes: String::new(),
        }
    }

    fn activity_problems(form: &ActivityForm, now: Timestamp) -> Vec<(ActivityField, Problem)> {
        match form.validate(now, TEHRAN) {
            Ok(_) => vec![],
            Err(errors) => errors.into_iter().map(|e| (e.field, e.problem)).collect(),
        }
    }

    #[test]
    fn the_test_clock_is_where_it_claims() {
        assert_eq!(Date::from_timestamp(NOW, TEHRAN), date(2026, 5, 1));
        assert_eq!(
            NOW,
            date(2026, 5, 1).start_timestamp() + (11 * 60 + 30) * 60_000
        );
    }

    #[test]
    fn an_activity_today_happened_now() {
        let draft = ActivityForm {
            notes: " no answer ".into(),
            ..activity("call", "۱۴۰۵/۰۲/۱۱")
        }
        .validate(NOW, TEHRAN)
        .unwrap();
        assert_eq!(
            draft,
            ActivityDraft {
                kind: ActivityKind::Call,
                at: NOW,
                notes: "no answer".into()
            }
        );
    }

    #[test]
    fn an_earlier_activity_happened_at_local_midday() {
        let draft = activity("meeting", "2026-04-30")
            .validate(NOW, TEHRAN)
            .unwrap();
        // Midday in Tehran is 08:30 UTC.
        assert_eq!(
            draft.at,
            date(2026, 4, 30).start_timestamp() + (8 * 60 + 30) * 60_000
        );
        assert_eq!(Date::from_timestamp(draft.at, TEHRAN), date(2026, 4, 30));
        let draft = activity("meeting", "2026-04-30")
            .validate(NOW, -480)
            .unwrap();
        assert_eq!(
            draft.at,
            date(2026, 4, 30).start_timestamp() + 20 * 3_600_000
        );
    }

    #[test]
    fn tomorrow_is_in_the_future_even_close_to_midnight() {
        assert_eq!(
            activity_problems(&activity("call", "2026-05-02"), NOW),
            vec![(ActivityField::Date, Problem::DateInFuture)]
        );
        // 23:59 local on 1 May: 2 May is still tomorrow; at 00:00 on 2 May it is today.
        let last_minute =
            date(2026, 5, 1).start_timestamp() + (24 * 60 - 1 - TEHRAN as i64) * 60_000;
        assert_eq!(
            activity_problems(&activity("call", "2026-05-02"), last_minute),
            vec![(ActivityField::Date, Problem::DateInFuture)]
        );
        let midnight = last_minute + 60_000;
        let draft = activity("call", "2026-05-02")
            .validate(midnight, TEHRAN)
            .unwrap();
        assert_eq!(draft.at, midnight);
    }

    #[test]
    fn activity_problems_all_at_once() {
        let f = ActivityForm {
            notes: "x".repeat(MAX_ACTIVITY_NOTES_CHARS + 1),
            ..activity("", "")
        };
        assert_eq!(
            activity_problems(&f, NOW),
            vec![
                (ActivityField::Kind, Problem::Required),
                (ActivityField::Date, Problem::Required),
                (ActivityField::Notes, Problem::TooLong),
            ]
        );
        assert_eq!(
            activity_problems(&activity("lunch", "1405/13/01"), NOW),
            vec![
                (ActivityField::Kind, Problem::UnknownOption),
                (ActivityField::Date, Problem::NoSuchDay)
            ]
        );
        assert_eq!(
            activity_problems(&activity("call", "yesterday"), NOW),
            vec![(ActivityField::Date, Problem::InvalidDate)]
        );
    }

    #[test]
    fn a_draft_becomes_an_activity() {
        let draft = activity("demo", "2026-05-01")
            .validate(NOW, TEHRAN)
            .unwrap();
        let a = draft.into_activity(3, 7);
        assert_eq!(
            (a.id, a.lead_id, a.kind, a.at),
            (3, 7, ActivityKind::Demo, NOW)
        );
    }

    // --- Properties ---

    fn any_text() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            "[ a-zA-Z0-9@.,+()-]{0,20}",
            "[ ۰-۹٠-٩٬٫،,/-]{0,15}",
            "\\PC{0,30}",
        ]
    }

    prop_compose! {
        fn any_form()(
            a in prop::collection::vec(any_text(), 19)
        ) -> LeadForm {
            let mut it = a.into_iter();
            let mut next = || it.next().unwrap();
            LeadForm {
                name: next(), company: next(), job_title: next(), email: next(), phone: next(),
                source: next(), industry: next(), employees: next(), city: next(), country: next(),
                budget: next(), currency: next(), decision_role: next(), need: next(),
                timeline: next(), journey_stage: next(), owner: next(), tags: next(), notes: next(),
            }
        }
    }

    /// Mostly valid values, with a little junk, so round-trip properties see many valid leads.
    fn plausible(valid: &'static [&'static str]) -> impl Strategy<Value = String> {
        prop_oneof![
            8 => prop::sample::select(valid).prop_map(str::to_string),
            1 => any_text(),
        ]
    }

    prop_compose! {
        fn plausible_form()(
            name in plausible(&["Sara", " علی رضایی ", "Ali"]),
            text in plausible(&["", "Acme", " شرکت نمونه ", "x"]),
            email in plausible(&["", "sara@Example.com", "ali۱@x.ir"]),
            phone in plausible(&["", "09121234567", "+49 30 123456", "۰۲۱ ۱۲۳۴ ۵۶۷۸"]),
            source in plausible(&["", "referral", "web_form"]),
            employees in plausible(&["", "0", "1,250", "۴۵"]),
            budget in plausible(&["", "500", "۱٬۰۰۰٬۰۰۰"]),
            currency in plausible(&["", "usd", "IRR", "TOMAN"]),
            role in plausible(&["", "user", "decision_maker"]),
            timeline in plausible(&["", "2026-05-01", "۱۴۰۴/۱۲/۲۹", "1650-01-01"]),
            stage in plausible(&["", "decision"]),
            tags in plausible(&["", "vip, VIP ,hot", "مشتری،ویژه"]),
        ) -> LeadForm {
            LeadForm {
                name, company: text.clone(), job_title: text.clone(), email, phone, source,
                industry: text.clone(), employees, city: text.clone(), country: text.clone(),
                budget, currency, decision_role: role, need: text.clone(), timeline,
                journey_stage: stage, owner: text.clone(), tags, notes: text,
            }
        }
    }

    // --- The validators as they were before the import was made faster, to hold the fast paths
    // to the same answers.

    mod before {
        use super::super::{normalize_digit, Problem, MAX_TAGS, MAX_TAG_CHARS};
        use std::collections::HashSet;

        pub fn parse_whole_number(raw: &str, max: u64) -> Result<u64, Problem> {
            let text: String = raw.trim().chars().map(normalize_digit).collect();
            let (negative, unsigned) = match text.strip_prefix(['-', '\u{2212}']) {
                Some(rest) => (true, rest),
                None => (false, text.strip_prefix('+').unwrap_or(&text)),
            };
            let groups: Vec<&str> = unsigned.split([',', '،']).collect();
            let grouped_well = groups.len() == 1
                || (!groups[0].is_empty()
                    && groups[0].len() <= 3
                    && groups[1..].iter().all(|g| g.len() == 3));
            if !grouped_well || !groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit())) {
                return Err(Problem::NotANumber);
            }
            let digits = groups.concat();
            if digits.is_empty() {
                return Err(Problem::NotANumber);
            }
            let significant = digits.trim_start_matches('0');
            if negative && !significant.is_empty() {
                return Err(Problem::Negative);
            }
            match significant.parse::<u64>() {
                _ if significant.is_empty() => Ok(0),
                Ok(n) if n <= max => Ok(n),
                _ => Err(Problem::TooLarge),
            }
        }

        pub fn tags(text: &str) -> Result<Vec<String>, Problem> {
            let mut seen = HashSet::new();
            let mut tags = Vec::new();
            for tag in text
                .split([',', '،'])
                .map(str::trim)
                .filter(|t| !t.is_empty())
            {
                if tag.chars().count() > MAX_TAG_CHARS {
                    return Err(Problem::TooLong);
                }
                if seen.insert(tag.to_lowercase()) {
                    tags.push(tag.to_string());
                }
            }
            if tags.len() > MAX_TAGS {
                return Err(Problem::TooLong);
            }
            Ok(tags)
        }

        pub fn normalize_email(raw: &str) -> Result<String, Problem> {
            let text: String = raw.trim().chars().map(normalize_digit).collect();
            let (local, domain) = text.split_once('@').ok_or(Problem::InvalidEmail)?;
            let forbidden =
                |c: char| c.is_whitespace() || c.is_control() || "@<>()[]\\,;:\"".contains(c);
            let local_ok = !local.is_empty()
                && local.chars().count() <= 64
                && !local.chars().any(forbidden)
                && !local.starts_with('.')
                && !local.ends_with('.')
                && !local.contains("..");
            let labels: Vec<&str> = domain.split('.').collect();
            let label_ok = |l: &&str| {
                !l.is_empty()
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            };
            let tld = labels.last().copied().unwrap_or("");
            let domain_ok = labels.len() >= 2
                && labels.iter().all(label_ok)
                && tld.chars().count() >= 2
                && !tld.chars().all(|c| c.is_ascii_digit());
            if local_ok && domain_ok {
                Ok(format!("{local}@{}", domain.to_lowercase()))
            } else {
                Err(Problem::InvalidEmail)
            }
        }

        pub fn iranian(d: &str) -> Result<String, Problem> {
            match d.as_bytes().first() {
                Some(b'9') if d.len() == 10 => {
                    Ok(format!("+98 {} {} {}", &d[..3], &d[3..6], &d[6..]))
                }
                Some(b'1'..=b'8') if d.len() == 10 => {
                    Ok(format!("+98 {} {} {}", &d[..2], &d[2..6], &d[6..]))
                }
                _ => Err(Problem::InvalidPhone),
            }
        }
    }

    fn numberish() -> impl Strategy<Value = String> {
        prop_oneof![
            any_text(),
            "[ 0-9۰-۹٠-٩,،٬+−-]{0,30}",
            "[0-9]{0,25}",
            " ?[+-]?0*[0-9]{1,22} ?"
        ]
    }

    fn emailish() -> impl Strategy<Value = String> {
        prop_oneof![
            any_text(),
            "[ a-zA-Z0-9۰-۹.@<>,\"-]{0,20}",
            "[a-zA-Z0-9._+-]{0,70}@[a-zA-Z0-9ÉéИи.-]{0,20}",
            " ?[a-z.]{1,8}@([A-Za-z0-9-]{0,5}\\.){1,3}[A-Za-z0-9۱]{0,4} ?",
        ]
    }

    fn tagsish() -> impl Strategy<Value = String> {
        prop_oneof![
            any_text(),
            "([ aAbBKkİıſ\u{212A}ß]{0,3}[,،]){0,70}",
            "([a-c]{1,2}[,،]){0,60}",
            "[a-zA-Z]{45,55}(,[a-z]{0,3})?",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1_000))]
        #[test]
        fn numbers_read_as_before(raw in numberish(), max in prop_oneof![Just(MAX_BUDGET), Just(MAX_EMPLOYEES), Just(u64::MAX)]) {
            prop_assert_eq!(parse_whole_number(&raw, max), before::parse_whole_number(&raw, max));
        }

        #[test]
        fn emails_read_as_before(raw in emailish()) {
            prop_assert_eq!(normalize_email(&raw), before::normalize_email(&raw));
        }

        #[test]
        fn tags_read_as_before(raw in tagsish()) {
            prop_assert_eq!(tags(&raw), before::tags(&raw));
        }

        #[test]
        fn phones_group_as_before(national in "[0-9]{0,12}") {
            prop_assert_eq!(iranian(&national), before::iranian(&national));
        }
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

        #[test]
        fn canonical_phones_are_stable(digits in "[1-9][0-9]{6,14}", mobile in "9[0-9]{9}") {
            for typed in [format!("+{digits}"), format!("0{mobile}"), format!("۰۰۹۸{mobile}")] {
                if let Ok(canonical) = normalize_phone(&typed) {
                    prop_assert_eq!(normalize_phone(&canonical), Ok(canonical.clone()));
                }
            }
            let national = normalize_phone(&format!("0{mobile}"));
            prop_assert!(national.is_ok());
        }

        #[test]
        fn numbers_read_back_with_or_without_separators(n in 0u64..=MAX_BUDGET) {
            let plain = n.to_string();
            let grouped = plain
                .as_bytes()
                .rchunks(3)
                .rev()
                .map(|c| std::str::from_utf8(c).unwrap())
                .collect::<Vec<_>>()
                .join(",");
            prop_assert_eq!(parse_whole_number(&plain, MAX_BUDGET), Ok(n));
            prop_assert_eq!(parse_whole_number(&grouped, MAX_BUDGET), Ok(n));
            prop_assert_eq!(parse_whole_number(&crate::domain::to_persian_digits(&grouped), MAX_BUDGET), Ok(n));
        }
    }
}
