//! The sales process as plain data and pure functions: no browser, no storage, no UI.
//! Everything here compiles natively and is tested with `cargo test`.

pub mod activity;
pub mod date;
pub mod lead;
pub mod money;

pub use activity::{Activity, ActivityId, ActivityKind};
pub use date::{Date, Timestamp};
pub use lead::{DecisionRole, JourneyStage, Lead, LeadId, LeadSource, Timeline};
pub use money::{Currency, Money};
