//! Bringing leads in from spreadsheets as CSV (taking them out: [`crate::domain::export`]).

pub mod contact_key;
mod csv_cells;
pub mod delimiter;
pub mod file_encoding;
pub mod lead_csv;
pub mod unknown_value;

pub use lead_csv::{parse_leads_csv, ImportError, ImportPreview, RowOutcome};
