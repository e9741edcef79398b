//! The sales process as plain data and pure functions: no browser, no storage, no UI.
//! Everything here compiles natively and is tested with `cargo test`.

pub mod demo;
pub mod export;
pub mod followup;
pub mod forecast;
pub mod import;
pub mod lead_list;
pub mod learning;
pub mod metrics;
pub mod pipeline;
pub mod qualification;
pub mod records;
pub mod revision;
pub mod rules;
pub mod scoring;
pub mod sync;
pub mod text;
pub mod time;
pub mod validation;

#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod test_support;

pub use lead_list::{
    normalize_for_search, owners, query_leads, LeadList, LeadQuery, SearchIndex, SearchQuery,
    SortKey,
};
pub use records::activity::{Activity, ActivityId, ActivityKind};
pub use records::lead::{DecisionRole, JourneyStage, Lead, LeadId, LeadSource, Timeline};
pub use records::lead_book::LeadBook;
pub use records::money::{Currency, Money};
pub use revision::{DeviceId, Rev, Revision};
pub use text::digits::{normalize_digit, normalize_digits, to_persian_digits};
pub use time::calendar::{
    gregorian_month_length, is_gregorian_leap, is_jalali_leap, jalali_month_length, Weekday,
};
pub use time::date::{Date, Timestamp};
pub use time::date_input::{
    format_date_for_input, format_gregorian, format_jalali, parse_date, DateProblem,
};
pub use validation::{
    ActivityDraft, ActivityField, ActivityForm, FieldError, LeadField, LeadFields, LeadForm,
    Problem,
};
