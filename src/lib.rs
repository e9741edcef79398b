//! Kariz: a private CRM that runs entirely in the browser.
//!
//! - [`domain`]: the sales process as pure Rust (tested natively).
//! - [`i18n`]: translation tables, digits and calendars for English and Persian.
//! - [`store`]: persistence behind a small trait — IndexedDB in the browser, memory in tests.
//! - [`sync`]: two-way sync with a CouchDB server: the replica and the replication protocol,
//!   without I/O.
//! - [`workspace`]: the one place that writes: commands over the records, on any [`store::Store`].
//! - `ui`: Leptos screens (browser only): they send commands and read the workspace's state.

pub mod domain;
pub mod i18n;
pub mod store;
pub mod sync;
pub mod workspace;

#[cfg(target_arch = "wasm32")]
pub mod ui;
