//! The sales process as plain data and pure functions: no browser, no storage, no UI.
//! Everything here compiles natively and is tested with `cargo test`.

pub mod activity;
pub mod calendar;
pub mod date;
pub mod date_input;
pub mod digits;
pub mod forecast;
pub mod import;
pub mod lead;
pub mod lead_book;
pub mod lead_list;
pub mod metrics;
pub mod money;
pub mod pipeline;
pub mod profile;
pub mod qualification;
pub mod revision;
pub mod rules;
pub mod scoring;
pub mod sort;
pub mod text_fold;
pub mod validation;

#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod test_support;

pub use activity::{Activity, ActivityId, ActivityKind};
pub use calendar::{
    gregorian_month_length, is_gregorian_leap, is_jalali_leap, jalali_month_length, Weekday,
};
pub use date::{Date, Timestamp};
pub use date_input::{
    format_date_for_input, format_gregorian, format_jalali, parse_date, DateProblem,
};
pub use digits::{normalize_digit, normalize_digits, to_persian_digits};
pub use lead::{DecisionRole, JourneyStage, Lead, LeadId, LeadSource, Timeline};
pub use lead_book::LeadBook;
pub use lead_list::{
    normalize_for_search, owners, query_leads, LeadList, LeadQuery, SearchIndex, SearchQuery,
    SortKey,
};
pub use money::{Currency, Money};
pub use revision::{DeviceId, Rev, Revision};
pub use validation::{
    ActivityDraft, ActivityField, ActivityForm, FieldError, LeadField, LeadFields, LeadForm,
    Problem,
};
