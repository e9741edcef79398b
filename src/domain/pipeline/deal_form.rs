//! The deal form: what was typed, checked into a deal's editable fields with every problem at once,
//! in field order, the way the lead form does it.

use super::deal::Deal;
use crate::domain::time::date_input::{format_date_for_input, parse_date, DateProblem};
use crate::domain::validation::{parse_whole_number, MAX_BUDGET};
use crate::domain::{Currency, Date, Lead, Money, Problem, Timeline, Timestamp};

/// Most characters in a deal title.
pub const MAX_TITLE_CHARS: usize = 200;
/// Most characters in an owner's name.
pub const MAX_OWNER_CHARS: usize = 100;
/// Most characters typed in a number or date field.
const MAX_SHORT_CHARS: usize = 40;
/// Days ahead a converted deal is expected to close when the lead named no timeline: a first guess
/// the owner corrects, one month being the common planning horizon.
pub const DEFAULT_CLOSE_DAYS: i32 = 30;

/// A field of the deal form, in form order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DealField {
    Title,
    Value,
    Currency,
    Probability,
    ExpectedClose,
    Owner,
}

impl DealField {
    /// Every field, in form order.
    pub const ALL: [DealField; 6] = [
        DealField::Title,
        DealField::Value,
        DealField::Currency,
        DealField::Probability,
        DealField::ExpectedClose,
        DealField::Owner,
    ];

    /// Translation key of the field's label (also `{field}` in problem messages).
    pub fn label_key(self) -> &'static str {
        match self {
            DealField::Title => "deal_field.title",
            DealField::Value => "deal_field.value",
            DealField::Currency => "deal_field.currency",
            DealField::Probability => "deal_field.probability",
            DealField::ExpectedClose => "deal_field.expected_close",
            DealField::Owner => "deal_field.owner",
        }
    }
}

/// What is wrong with one deal field. The problems a lead field can also have reuse the lead
/// form's messages (`problem.*`); the two only a deal has get their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DealProblem {
    Required,
    NotANumber,
    Negative,
    TooLarge,
    TooLong,
    UnknownOption,
    InvalidDate,
    NoSuchDay,
    /// A probability below 0 or above 100.
    ProbabilityOutOfRange,
    /// An expected close date before the day the deal was created.
    CloseBeforeCreation,
}

impl DealProblem {
    /// Translation key of the message; `{field}` in it is the field's label.
    pub fn label_key(self) -> &'static str {
        match self {
            DealProblem::Required => "problem.required",
            DealProblem::NotANumber => "problem.not_a_number",
            DealProblem::Negative => "problem.negative",
            DealProblem::TooLarge => "problem.too_large",
            DealProblem::TooLong => "problem.too_long",
            DealProblem::UnknownOption => "problem.unknown_option",
            DealProblem::InvalidDate => "problem.invalid_date",
            DealProblem::NoSuchDay => "problem.no_such_day",
            DealProblem::ProbabilityOutOfRange => "deal_problem.probability_out_of_range",
            DealProblem::CloseBeforeCreation => "deal_problem.close_before_creation",
        }
    }
}

impl From<Problem> for DealProblem {
    /// The number problems [`parse_whole_number`] reports; the others cannot come from a deal field.
    fn from(problem: Problem) -> DealProblem {
        match problem {
            Problem::Negative => DealProblem::Negative,
            Problem::TooLarge => DealProblem::TooLarge,
            _ => DealProblem::NotANumber,
        }
    }
}

impl From<DateProblem> for DealProblem {
    fn from(problem: DateProblem) -> DealProblem {
        match problem {
            DateProblem::Empty => DealProblem::Required,
            DateProblem::Malformed => DealProblem::InvalidDate,
            DateProblem::NoSuchDay => DealProblem::NoSuchDay,
        }
    }
}

/// One problem with one field of the deal form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DealFieldError {
    pub field: DealField,
    pub problem: DealProblem,
}

/// The deal form's fields exactly as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DealForm {
    pub title: String,
    /// A whole amount, in any digits, with optional thousands separators.
    pub value: String,
    /// A [`Currency`] code; empty means [`Currency::Toman`].
    pub currency: String,
    /// Percent 0–100, `%` or `٪` allowed after it; empty follows the stage's default.
    pub probability: String,
    /// A date as [`parse_date`] reads it.
    pub expected_close: String,
    pub owner: String,
}

/// The validated, editable content of a deal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DealFields {
    pub title: String,
    pub value: Money,
    pub probability: Option<u8>,
    pub expected_close: Date,
    pub owner: String,
}

impl DealForm {
    /// The form for converting `lead`, filled from what the lead already says: its company (or
    /// name) as title, its budget as value, its timeline as expected close (when not already
    /// past, else [`DEFAULT_CLOSE_DAYS`] from `today`), its owner.
    pub fn from_lead(lead: &Lead, today: Date) -> DealForm {
        let title = if lead.company.trim().is_empty() {
            &lead.name
        } else {
            &lead.company
        };
        let close = match lead.timeline {
            Timeline::By(date) if date >= today => date,
            _ => today.add_days(DEFAULT_CLOSE_DAYS),
        };
        DealForm {
            title: title.trim().to_string(),
            value: lead.budget.map_or(String::new(), |b| b.amount.to_string()),
            currency: lead
                .budget
                .map_or(Currency::Toman, |b| b.currency)
                .code()
                .to_string(),
            probability: String::new(),
            expected_close: format_date_for_input(close),
            owner: lead.owner.clone(),
        }
    }

    /// The form for editing `deal`, reading back to the same fields.
    pub fn from_deal(deal: &Deal) -> DealForm {
        DealForm {
            title: deal.title.clone(),
            value: deal.value.amount.to_string(),
            currency: deal.value.currency.code().to_string(),
            probability: deal.probability.map_or(String::new(), |p| p.to_string()),
            expected_close: format_date_for_input(deal.expected_close),
            owner: deal.owner.clone(),
        }
    }

    /// Checks every field; `created` is the day the deal was (or is being) created, which the
    /// expected close may not precede.
    pub fn validate(&self, created: Date) -> Result<DealFields, Vec<DealFieldError>> {
        let mut errors = Vec::new();
        let title = check(
            &mut errors,
            DealField::Title,
            required_text(&self.title, MAX_TITLE_CHARS),
        );
        let amount = check(&mut errors, DealField::Value, value(&self.value));
        let currency = check(&mut errors, DealField::Currency, currency(&self.currency));
        let probability = check(
            &mut errors,
            DealField::Probability,
            parse_probability(&self.probability),
        );
        let expected_close = check(
            &mut errors,
            DealField::ExpectedClose,
            close_date(&self.expected_close, created),
        );
        let owner = check(
            &mut errors,
            DealField::Owner,
            text(&self.owner, MAX_OWNER_CHARS),
        );
        match (title, amount, currency, probability, expected_close, owner) {
            (
                Some(title),
                Some(amount),
                Some(currency),
                Some(probability),
                Some(expected_close),
                Some(owner),
            ) if errors.is_empty() => Ok(DealFields {
                title,
                value: Money { amount, currency },
                probability,
                expected_close,
                owner,
            }),
            _ => Err(errors),
        }
    }
}

impl DealFields {
    /// Writes these fields into an existing deal; `updated_at` moves to `now` only if something
    /// changed. Stage and status are not form fields: they change through moves, with history.
    pub fn apply_to(self, deal: &mut Deal, now: Timestamp) {
        let changed = deal.title != self.title
            || deal.value != self.value
            || deal.probability != self.probability
            || deal.expected_close != self.expected_close
            || deal.owner != self.owner;
        if changed {
            deal.title = self.title;
            deal.value = self.value;
            deal.probability = self.probability;
            deal.expected_close = self.expected_close;
            deal.owner = self.owner;
            deal.updated_at = now;
        }
    }
}

/// The value, or `None` with the problem noted against `field`.
fn check<T>(
    errors: &mut Vec<DealFieldError>,
    field: DealField,
    result: Result<T, DealProblem>,
) -> Option<T> {
    result
        .map_err(|problem| errors.push(DealFieldError { field, problem }))
        .ok()
}

/// Trimmed text of at most `max` characters.
fn text(raw: &str, max: usize) -> Result<String, DealProblem> {
    let trimmed = raw.trim();
    if trimmed.chars().count() > max {
        Err(DealProblem::TooLong)
    } else {
        Ok(trimmed.to_string())
    }
}

/// Trimmed, non-empty text of at most `max` characters.
fn required_text(raw: &str, max: usize) -> Result<String, DealProblem> {
    let text = text(raw, max)?;
    if text.is_empty() {
        Err(DealProblem::Required)
    } else {
        Ok(text)
    }
}

/// The deal's amount: required, whole, not negative (0 is allowed: a deal worth an unknown sum).
fn value(raw: &str) -> Result<u64, DealProblem> {
    short(raw)?;
    if raw.trim().is_empty() {
        return Err(DealProblem::Required);
    }
    Ok(parse_whole_number(raw, MAX_BUDGET)?)
}

fn currency(raw: &str) -> Result<Currency, DealProblem> {
    if raw.trim().is_empty() {
        Ok(Currency::Toman)
    } else {
        Currency::from_code(raw).ok_or(DealProblem::UnknownOption)
    }
}

/// A typed probability: a whole percentage 0–100 in any digits, optionally followed by `%` (or
/// the Persian `٪`); empty is `None` ("the stage's default"). Also for the stage settings form.
pub fn parse_probability(raw: &str) -> Result<Option<u8>, DealProblem> {
    short(raw)?;
    let number = raw.trim().trim_end_matches(['%', '٪']);
    if number.trim().is_empty() {
        return Ok(None);
    }
    match parse_whole_number(number, 100) {
        Ok(p) => Ok(Some(p as u8)),
        Err(Problem::Negative | Problem::TooLarge) => Err(DealProblem::ProbabilityOutOfRange),
        Err(other) => Err(other.into()),
    }
}

/// A required date, not before `created`.
fn close_date(raw: &str, created: Date) -> Result<Date, DealProblem> {
    short(raw)?;
    let date = parse_date(raw)?;
    if date < created {
        Err(DealProblem::CloseBeforeCreation)
    } else {
        Ok(date)
    }
}

/// Refuses a number or date field pasted full of text before trying to read it.
fn short(raw: &str) -> Result<(), DealProblem> {
    if raw.trim().chars().count() > MAX_SHORT_CHARS {
        Err(DealProblem::TooLong)
    } else {
        Ok(())
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::pipeline::deal::test_deal;

    fn form() -> DealForm {
        DealForm {
            title: " Acme CRM rollout ".into(),
            value: "۱۲٬۵۰۰٬۰۰۰".into(),
            currency: "".into(),
            probability: "".into(),
            expected_close: "2026-05-01".into(),
            owner: " Reza ".into(),
        }
    }

    fn created() -> Date {
        Date::from_gregorian(2026, 4, 1).unwrap()
    }

    fn problems(form: &DealForm) -> Vec<(DealField, DealProblem)> {
        match form.validate(created()) {
            Ok(_) => vec![],
            Err(errors) => errors.into_iter().map(|e| (e.field, e.problem)).collect(),
        }
    }

    #[test]
    fn a_valid_form_with_persian_digits() {
        let fields = form().validate(created()).unwrap();
        assert_eq!(
            fields,
            DealFields {
                title: "Acme CRM rollout".into(),
                value: Money {
                    amount: 12_500_000,
                    currency: Currency::Toman
                },
                probability: None,
                expected_close: Date::from_gregorian(2026, 5, 1).unwrap(),
                owner: "Reza".into(),
            }
        );
    }

    #[test]
    fn value_must_be_a_non_negative_whole_number() {
        for (typed, problem) in [
            ("", DealProblem::Required),
            ("-5", DealProblem::Negative),
            ("lots", DealProblem::NotANumber),
            ("12.5", DealProblem::NotANumber),
            ("9007199254740992", DealProblem::TooLarge),
        ] {
            let f = DealForm {
                value: typed.into(),
                ..form()
            };
            assert_eq!(problems(&f), vec![(DealField::Value, problem)], "{typed}");
        }
        let f = DealForm {
            value: "0".into(),
            ..form()
        };
        assert_eq!(f.validate(created()).unwrap().value.amount, 0);
    }

    #[test]
    fn probability_is_a_percentage_from_0_to_100() {
        let with = |p: &str| DealForm {
            probability: p.into(),
            ..form()
        };
        assert_eq!(with("0").validate(created()).unwrap().probability, Some(0));
        assert_eq!(
            with("100").validate(created()).unwrap().probability,
            Some(100)
        );
        assert_eq!(
            with(" ۶۵٪ ").validate(created()).unwrap().probability,
            Some(65)
        );
        assert_eq!(
            with("40 %").validate(created()).unwrap().probability,
            Some(40)
        );
        assert_eq!(with("%").validate(created()).unwrap().probability, None);
        for typed in ["101", "-1", "250"] {
            assert_eq!(
                problems(&with(typed)),
                vec![(DealField::Probability, DealProblem::ProbabilityOutOfRange)],
                "{typed}"
            );
        }
        assert_eq!(
            problems(&with("12.5")),
            vec![(DealField::Probability, DealProblem::NotANumber)]
        );
        assert_eq!(
            problems(&with("likely")),
            vec![(DealField::Probability, DealProblem::NotANumber)]
        );
    }

    #[test]
    fn expected_close_is_required_and_not_before_creation() {
        let with = |d: &str| DealForm {
            expected_close: d.into(),
            ..form()
        };
        // The creation day itself is fine; the day before is not.
        assert!(with("2026-04-01").validate(created()).is_ok());
        assert_eq!(
            problems(&with("2026-03-31")),
            vec![(DealField::ExpectedClose, DealProblem::CloseBeforeCreation)]
        );
        // 1405/01/12 is 2026-04-01 in the Jalali calendar; 1405/01/11 the day before.
        assert!(with("۱۴۰۵/۰۱/۱۲").validate(created()).is_ok());
        assert_eq!(
            problems(&with("1405/01/11")),
            vec![(DealField::ExpectedClose, DealProblem::CloseBeforeCreation)]
        );
        assert_eq!(
            problems(&with("")),
            vec![(DealField::ExpectedClose, DealProblem::Required)]
        );
        assert_eq!(
            problems(&with("soon")),
            vec![(DealField::ExpectedClose, DealProblem::InvalidDate)]
        );
        assert_eq!(
            problems(&with("2026-02-30")),
            vec![(DealField::ExpectedClose, DealProblem::NoSuchDay)]
        );
    }

    #[test]
    fn all_errors_at_once_in_field_order() {
        let f = DealForm {
            title: "  ".into(),
            value: "-1".into(),
            currency: "BTC".into(),
            probability: "120".into(),
            expected_close: "2020-01-01".into(),
            owner: "x".repeat(101),
        };
        assert_eq!(
            problems(&f),
            vec![
                (DealField::Title, DealProblem::Required),
                (DealField::Value, DealProblem::Negative),
                (DealField::Currency, DealProblem::UnknownOption),
                (DealField::Probability, DealProblem::ProbabilityOutOfRange),
                (DealField::ExpectedClose, DealProblem::CloseBeforeCreation),
                (DealField::Owner, DealProblem::TooLong),
            ]
        );
    }

    #[test]
    fn a_deal_reads_back_into_the_same_fields_and_unchanged_saves_keep_updated_at() {
        let mut deal = test_deal(1, 2);
        deal.probability = Some(35);
        deal.updated_at = 5;
        let fields = DealForm::from_deal(&deal).validate(Date(0)).unwrap();
        fields.clone().apply_to(&mut deal, 99);
        assert_eq!(deal.updated_at, 5);
        DealFields {
            title: "Bigger".into(),
            ..fields
        }
        .apply_to(&mut deal, 99);
        assert_eq!((deal.title.as_str(), deal.updated_at), ("Bigger", 99));
    }
}
