//! The lead form and the activity form, checked in the domain so every screen and the CSV import
//! agree on what a valid lead is. Forms hold exactly what was typed; validation returns either
//! clean values or every problem at once, in field order, so the form can mark them all.
//!
//! - `problem`: what can be wrong with a field ([`Problem`], [`FieldError`]);
//! - `lead_form`: the lead form ([`LeadForm`] → [`LeadFields`]);
//! - `activity_form`: the activity form ([`ActivityForm`] → [`ActivityDraft`]);
//! - `fields`: parsers for single fields (whole numbers, e-mail, phone, tags), also used by the
//!   CSV import.

mod activity_form;
mod fields;
mod lead_form;
mod problem;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod test_forms;

pub use activity_form::{ActivityDraft, ActivityField, ActivityForm, MAX_ACTIVITY_NOTES_CHARS};
pub use fields::{normalize_email, normalize_phone, parse_whole_number};
pub use lead_form::{
    LeadField, LeadFields, LeadForm, LeadFormText, MAX_BUDGET, MAX_EMPLOYEES, MAX_TAGS,
    MAX_TAG_CHARS,
};
pub use problem::{FieldError, Problem};
