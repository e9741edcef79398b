//! Pieces shared by several screens.

mod conflict;
mod download;
mod feedback;
mod field;
mod file_pick;
mod reason;
mod update_banner;

pub use conflict::{ConflictDialog, ConflictRow};
pub use download::{download_bytes, download_text};
pub use feedback::{ErrorBanner, NoticeBar, RecoveryNotice, StorageFailure};
pub use field::{field_error_text, keyed_options, SelectField, TextField};
pub use file_pick::{chosen_file, open_file_picker};
pub use reason::{explain, needs_more_text, points_text};
pub use update_banner::UpdateBanner;
