//! Kariz: a private CRM that runs entirely in the browser.
//!
//! - [`domain`]: the sales process as pure Rust (tested natively).
//! - [`i18n`]: translation tables, digits and calendars for English and Persian.
//! - [`store`]: persistence behind a small trait — IndexedDB in the browser, memory in tests.
//! - `ui`: Leptos screens (browser only).

pub mod domain;
pub mod i18n;
pub mod store;

#[cfg(target_arch = "wasm32")]
pub mod ui;
