//! Persistence behind one small trait. The browser uses IndexedDB ([`idb`]); native tests use the
//! in-memory twin ([`memory`]). The trait speaks in whole sets and batches because Kariz keeps every
//! lead in memory and must load and import 100,000 of them in seconds.

pub mod backup;
pub mod codec;
pub mod contract;
pub mod format;
#[cfg(target_arch = "wasm32")]
pub mod idb;
pub mod memory;
#[cfg(target_arch = "wasm32")]
pub mod migrations;

use std::ops::Range;

use serde::{de::DeserializeOwned, Serialize};

use crate::domain::{Activity, ActivityId, DeviceId, Lead, LeadId, Revision};

#[cfg(target_arch = "wasm32")]
pub use idb::IdbStore;
pub use memory::MemoryStore;

/// Everything stored, as loaded at start-up (soft-deleted leads included: undo needs them).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    pub leads: Vec<Lead>,
    pub activities: Vec<Activity>,
    /// Every document, ordered by (collection, id).
    pub docs: Vec<Doc>,
    /// Stored values that could not be decoded: left as they are, reported, offered for download.
    pub unreadable: Vec<Unreadable>,
}

/// Stored data that could not be read. Everything else loads without it; nothing overwrites it
/// until the user decides.
#[derive(Clone, Debug, PartialEq)]
pub struct Unreadable {
    /// What it is, e.g. "lead chunk 3", "deal document 12" or "scoring setting".
    pub what: String,
    /// Why it could not be read.
    pub error: String,
    /// The stored bytes, as they are.
    pub raw: Vec<u8>,
}

/// A named settings document: its JSON and its version.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Setting {
    pub json: String,
    pub revision: Revision,
}

impl Snapshot {
    /// The documents of one collection, in id order.
    pub fn docs_in(&self, collection: &str) -> &[Doc] {
        let start = self
            .docs
            .partition_point(|d| d.collection.as_str() < collection);
        let len = self.docs[start..].partition_point(|d| d.collection == collection);
        &self.docs[start..start + len]
    }
}

/// Everything a database holds for the user (a backup's contents): what [`Store::replace_all`]
/// writes in place of what is stored. The device id and the id counters are the store's own.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Contents {
    pub leads: Vec<Lead>,
    pub activities: Vec<Activity>,
    pub docs: Vec<Doc>,
    /// Settings documents by key, in key order.
    pub settings: Vec<(String, Setting)>,
}

/// Records to insert or replace and documents to delete, written all together or not at all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChangeSet {
    pub leads: Vec<Lead>,
    pub activities: Vec<Activity>,
    /// Documents to insert or replace by (collection, id).
    pub docs: Vec<Doc>,
    /// Documents to delete by (collection, id), after `docs` are written: a document both written
    /// and deleted in one change ends up deleted. Deleting a missing document is not an error.
    pub deleted_docs: Vec<(String, u64)>,
    /// Leads and activities removed for good (a privacy request), after the writes above. Unlike
    /// a soft delete nothing of them stays stored; erasing a missing record is not an error. A
    /// lead's activities are not erased with it: list them too.
    pub erased_leads: Vec<LeadId>,
    pub erased_activities: Vec<ActivityId>,
}

impl ChangeSet {
    /// Whether the change writes and deletes nothing.
    pub fn is_empty(&self) -> bool {
        self.leads.is_empty()
            && self.activities.is_empty()
            && self.docs.is_empty()
            && self.deleted_docs.is_empty()
            && self.erased_leads.is_empty()
            && self.erased_activities.is_empty()
    }
}

/// A JSON document in a named collection (e.g. "deal", "qualification", "audit"), keyed by a number.
///
/// For records that are few (hundreds to a few thousand) and keep gaining fields: JSON, unlike the
/// postcard chunks of leads and activities, still loads into a type with new `#[serde(default)]`
/// fields. Ids come from [`IdKind::Doc`], one sequence shared by all collections.
///
/// ```
/// # use kariz::store::Doc;
/// let doc = Doc::encode("deal", 7, &vec![1, 2, 3]);
/// assert_eq!(doc.json, "[1,2,3]");
/// assert_eq!(doc.decode::<Vec<u8>>().unwrap(), vec![1, 2, 3]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Doc {
    pub collection: String,
    pub id: u64,
    pub json: String,
    /// Which version of the document this is; stored beside the JSON, not in it.
    pub revision: Revision,
}

impl Doc {
    /// `value` as a document of `collection`.
    ///
    /// Panics only if `value`'s `Serialize` fails, which for plain domain data (no maps with
    /// non-string keys, no custom errors) is a programming error.
    pub fn encode<T: Serialize + ?Sized>(collection: &str, id: u64, value: &T) -> Doc {
        let json = serde_json::to_string(value).unwrap_or_else(|e| {
            panic!("{collection} document {id} does not serialize to JSON: {e}")
        });
        Doc {
            collection: collection.to_owned(),
            id,
            json,
            revision: Revision::default(),
        }
    }

    /// The same document at `revision`.
    pub fn at(self, revision: Revision) -> Doc {
        Doc { revision, ..self }
    }

    /// The document's value; JSON that does not fit `T` is [`StoreError::Corrupt`], naming the
    /// collection and id.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, StoreError> {
        serde_json::from_str(&self.json).map_err(|e| {
            StoreError::Corrupt(format!(
                "{} document {} does not decode: {e}",
                self.collection, self.id
            ))
        })
    }
}

/// Which id sequence to draw from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdKind {
    Lead,
    Activity,
    /// Documents of every collection: one shared sequence, so an id names one document whatever
    /// its collection.
    Doc,
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
    /// The change was made from an older version of a record than the one stored (another tab or
    /// device wrote it since): `what` names the record ("lead 42"), `stored` is its version now.
    Conflict {
        what: String,
        stored: Option<Revision>,
    },
    /// Anything else the browser reported, with its message.
    Other(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Unavailable(why) => write!(f, "storage unavailable: {why}"),
            StoreError::Blocked => write!(f, "database upgrade blocked by another tab"),
            StoreError::VersionChanged => {
                write!(f, "database upgraded by a newer version in another tab")
            }
            StoreError::TooNew { found, supported } => {
                write!(
                    f,
                    "database version {found} is newer than supported {supported}"
                )
            }
            StoreError::QuotaExceeded => write!(f, "storage quota exceeded"),
            StoreError::Integrity(why) => write!(f, "integrity: {why}"),
            StoreError::Corrupt(why) => write!(f, "corrupt data: {why}"),
            StoreError::Conflict { what, .. } => {
                write!(f, "{what} was changed elsewhere since it was read")
            }
            StoreError::Other(why) => write!(f, "{why}"),
        }
    }
}

impl std::error::Error for StoreError {}

/// The persistence contract shared by IndexedDB and the in-memory twin.
#[allow(async_fn_in_trait)]
pub trait Store {
    /// Every lead and activity, in id order, and every document, in (collection, id) order.
    async fn load_all(&self) -> Result<Snapshot, StoreError>;

    /// Inserts or replaces the given records and documents and deletes the given documents, in
    /// one transaction. An activity whose lead exists neither in the store nor in the same change
    /// set, an id of 0 or above 2^53 - 1, or a document with an empty collection name is an
    /// [`StoreError::Integrity`] error; a record or document whose revision does not replace the
    /// stored one (see [`Revision::accepts`]; a new one must replace nothing) is a
    /// [`StoreError::Conflict`]; either way nothing of the change set is written.
    async fn apply(&self, changes: &ChangeSet) -> Result<(), StoreError>;

    /// Reserves `count` fresh ids of one kind; ranges never overlap, even across tabs.
    async fn reserve_ids(&self, kind: IdKind, count: u64) -> Result<Range<u64>, StoreError>;

    /// A small named settings document, if saved.
    async fn load_setting(&self, key: &str) -> Result<Option<Setting>, StoreError>;

    /// Saves a settings document. Like a record, it must name the stored version as the one it
    /// replaces (none for the first save), or it is a [`StoreError::Conflict`].
    async fn save_setting(&self, key: &str, setting: &Setting) -> Result<(), StoreError>;

    /// This browser's (database's) device id, drawn once and kept: written into every revision.
    async fn device_id(&self) -> Result<DeviceId, StoreError>;

    /// Every saved settings document, by key in key order.
    async fn all_settings(&self) -> Result<Vec<(String, Setting)>, StoreError>;

    /// Replaces every lead, activity, document and setting with `contents`, revisions as given,
    /// in one transaction: afterwards the store holds exactly `contents`, or, on any error,
    /// exactly what it held before. The same checks as [`Store::apply`] (ids in range, no
    /// activity without its lead, named collections) refuse bad contents. Id counters only move
    /// forward (past the restored ids), so an id is never given twice; the device id stays.
    async fn replace_all(&self, contents: &Contents) -> Result<(), StoreError>;
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    struct Deal {
        title: String,
        amount: u64,
        stage: String,
    }

    #[test]
    fn doc_round_trips_a_value() {
        let deal = Deal {
            title: "ERP".into(),
            amount: 5,
            stage: "won".into(),
        };
        let doc = Doc::encode("deal", 3, &deal);
        assert_eq!((doc.collection.as_str(), doc.id), ("deal", 3));
        assert_eq!(doc.decode::<Deal>().unwrap(), deal);
    }

    #[test]
    fn doc_saved_before_a_field_existed_still_decodes() {
        let old = Doc {
            collection: "deal".into(),
            id: 1,
            json: r#"{"title":"ERP","retired_field":true}"#.into(),
            revision: Revision::default(),
        };
        assert_eq!(
            old.decode::<Deal>().unwrap(),
            Deal {
                title: "ERP".into(),
                ..Deal::default()
            }
        );
    }

    #[test]
    fn undecodable_doc_is_corrupt_naming_collection_and_id() {
        let bad = Doc {
            collection: "audit".into(),
            id: 42,
            json: "[1,".into(),
            revision: Revision::default(),
        };
        match bad.decode::<Deal>() {
            Err(StoreError::Corrupt(why)) => {
                assert!(why.starts_with("audit document 42 "), "{why}");
            }
            other => panic!("expected Corrupt, got {other:?}"),
        }
    }

    #[test]
    fn docs_in_picks_one_collection() {
        let docs = ["audit", "deal", "deal", "qualification"]
            .iter()
            .enumerate()
            .map(|(i, c)| Doc::encode(c, i as u64 + 1, &()))
            .collect();
        let snap = Snapshot {
            docs,
            ..Snapshot::default()
        };
        assert_eq!(
            snap.docs_in("deal")
                .iter()
                .map(|d| d.id)
                .collect::<Vec<_>>(),
            [2, 3]
        );
        assert_eq!(snap.docs_in("qualification").len(), 1);
        assert!(snap.docs_in("de").is_empty());
        assert!(snap.docs_in("zzz").is_empty());
    }

    #[test]
    fn is_empty_counts_docs_and_deletes() {
        assert!(ChangeSet::default().is_empty());
        let docs = ChangeSet {
            docs: vec![Doc::encode("deal", 1, &())],
            ..ChangeSet::default()
        };
        assert!(!docs.is_empty());
        let deletes = ChangeSet {
            deleted_docs: vec![("deal".into(), 1)],
            ..ChangeSet::default()
        };
        assert!(!deletes.is_empty());
    }
}
