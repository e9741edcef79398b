//! Pieces shared by several screens.

mod conflict;
mod download;
mod feedback;
mod field;
mod reason;

pub use conflict::{ConflictDialog, ConflictRow};
pub use download::download_text;
pub use feedback::{ErrorBanner, NoticeBar, RecoveryNotice, StorageFailure};
pub use field::{field_error_text, keyed_options, SelectField, TextField};
pub use reason::{explain, points_text};
