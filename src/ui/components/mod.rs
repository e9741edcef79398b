//! Pieces shared by several screens.

mod feedback;
mod field;
mod reason;

pub use feedback::{ErrorBanner, NoticeBar, StorageFailure};
pub use field::{field_error_text, keyed_options, SelectField, TextField};
pub use reason::{explain, points_text};
