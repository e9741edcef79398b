//! What can be wrong with a typed field, and which field it is wrong in.

use super::lead_form::LeadField;
use crate::domain::time::date_input::DateProblem;

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
