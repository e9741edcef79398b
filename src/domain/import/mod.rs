//! Bringing leads in from spreadsheets and taking them out again, as CSV.

mod csv_cells;
pub mod lead_csv;

pub use lead_csv::{export_leads_csv, parse_leads_csv, ImportError, ImportPreview, RowOutcome};
