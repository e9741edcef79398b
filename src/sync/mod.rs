//! Two-way sync with a CouchDB server, in pure Rust and without I/O: [`local_db`] is a device's
//! replica (every record's revision tree and versions, in change order), [`replicator`] speaks the
//! CouchDB replication protocol as a state machine that hands out [`http::Request`]s and takes
//! [`http::Response`]s, so the browser (fetch) and the native tests (a blocking HTTP client) drive
//! the same code ([`fetch`] is the browser's transport); [`change_file`] carries the same revisions in a file, for teams without a
//! server; [`encryption`] says what to seal and open when the team encrypts; [`session`] is one round as the app runs it (push, then pull) and its status line.
//! The merge rules live in [`crate::domain::sync`].

pub mod change_file;
pub mod encryption;
#[cfg(target_arch = "wasm32")]
pub mod fetch;
pub mod http;
pub mod local_db;
pub mod replicator;
pub mod sealed;
pub mod session;
pub mod setup;
#[cfg(target_arch = "wasm32")]
pub mod webcrypto;
pub mod wire;

pub use change_file::{export_changes, import_changes, ChangeFile, Imported};
pub use http::{Method, Request, Response, SendError, Transport};
pub use local_db::LocalDb;
pub use replicator::{
    replication_id, since_param, Direction, Progress, Replicator, Step, SyncError,
    BATCHES_PER_CHECKPOINT,
};
pub use session::{run_round, run_round_with, Round, RoundReport, Status, SyncCount};
