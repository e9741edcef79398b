//! Pieces shared by several screens.

mod feedback;
mod field;

pub use feedback::{ErrorBanner, NoticeBar, StorageFailure};
pub use field::{field_error_text, SelectField, TextField};
