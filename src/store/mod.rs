//! Persistence behind one small trait. The browser uses IndexedDB ([`idb`]); native tests use the
//! in-memory twin ([`memory`]). The trait speaks in whole sets and batches because Kariz keeps every
//! lead in memory and must load and import 100,000 of them in seconds.

pub mod codec;
pub mod contract;
#[cfg(target_arch = "wasm32")]
pub mod idb;
pub mod memory;
#[cfg(target_arch = "wasm32")]
pub mod migrations;

use std::ops::Range;

use crate::domain::{Activity, Lead};

#[cfg(target_arch = "wasm32")]
pub use idb::IdbStore;
pub use memory::MemoryStore;

/// Everything stored, as loaded at start-up (soft-deleted leads included: undo needs them).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    pub leads: Vec<Lead>,
    pub activities: Vec<Activity>,
}

/// Records to insert or replace, written all together or not at all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChangeSet {
    pub leads: Vec<Lead>,
    pub activities: Vec<Activity>,
}

impl ChangeSet {
    pub fn is_empty(&self) -> bool {
        self.leads.is_empty() && self.activities.is_empty()
    }
}

/// Which id sequence to draw from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdKind {
    Lead,
    Activity,
}

/// Why the store could not do what was asked. Every variant leaves stored data as it was.
#[derive(Clone, Debug, PartialEq)]
pub enum StoreError {
    /// The browser refuses storage (private mode, disabled IndexedDB, unsupported browser).
    Unavailable(String),
    /// Another tab holds an older version of the database open and blocks the upgrade.
    Blocked,
    /// A newer Kariz (in another tab) upgraded the database; this tab must reload.
    VersionChanged,
    /// The database was written by a newer Kariz than this one.
    TooNew { found: u32, supported: u32 },
    /// The disk or the browser's quota for this site is full.
    QuotaExceeded,
    /// The change would break a rule of the data (an activity for a lead that does not exist…).
    Integrity(String),
    /// Stored bytes could not be decoded.
    Corrupt(String),
    /// Anything else the browser reported, with its message.
    Other(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Unavailable(why) => write!(f, "storage unavailable: {why}"),
            StoreError::Blocked => write!(f, "database upgrade blocked by another tab"),
            StoreError::VersionChanged => write!(f, "database upgraded by a newer version in another tab"),
            StoreError::TooNew { found, supported } => {
                write!(f, "database version {found} is newer than supported {supported}")
            }
            StoreError::QuotaExceeded => write!(f, "storage quota exceeded"),
            StoreError::Integrity(why) => write!(f, "integrity: {why}"),
            StoreError::Corrupt(why) => write!(f, "corrupt data: {why}"),
            StoreError::Other(why) => write!(f, "{why}"),
        }
    }
}

impl std::error::Error for StoreError {}

/// The persistence contract shared by IndexedDB and the in-memory twin.
#[allow(async_fn_in_trait)]
pub trait Store {
    /// Every lead and activity, in id order.
    async fn load_all(&self) -> Result<Snapshot, StoreError>;

    /// Inserts or replaces the given records in one transaction. An activity whose lead exists
    /// neither in the store nor in the same change set is an [`StoreError::Integrity`] error, and
    /// then nothing of the change set is written.
    async fn apply(&self, changes: &ChangeSet) -> Result<(), StoreError>;

    /// Reserves `count` fresh ids of one kind; ranges never overlap, even across tabs.
    async fn reserve_ids(&self, kind: IdKind, count: u32) -> Result<Range<u64>, StoreError>;

    /// A small named settings document (JSON text), if saved.
    async fn load_setting(&self, key: &str) -> Result<Option<String>, StoreError>;

    async fn save_setting(&self, key: &str, json: &str) -> Result<(), StoreError>;
}
