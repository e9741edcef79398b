//! Bringing leads in from spreadsheets as CSV (taking them out: [`crate::domain::export`]).

pub mod column_map;
pub mod contact_key;
mod csv_cells;
pub mod delimiter;
pub mod duplicates;
pub mod engagement;
pub mod file_encoding;
pub mod foreign_values;
pub mod lead_csv;
pub mod unknown_value;
pub mod vcard;

pub use column_map::ColumnChoice;
pub use engagement::EngagementCount;
pub use lead_csv::{
    parse_leads_csv, CsvSheet, ImportError, ImportPreview, ImportRow, PreviewRun, RowOutcome,
    SheetReading,
};
