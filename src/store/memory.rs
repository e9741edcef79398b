//! [`MemoryStore`]: the in-memory twin of the IndexedDB store, with the same semantics, for native
//! tests of everything above the store.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ops::Range;
use std::rc::Rc;

use super::codec::{
    check_contents, check_docs, check_ids, check_revision, orphan, Chunked, MAX_ID,
};
use super::{ChangeSet, Contents, Doc, IdKind, Setting, Snapshot, Store, StoreError};
use crate::domain::{Activity, DeviceId, Lead, Revision};

/// An in-memory [`Store`]. Clones share the same data, like two tabs on one database.
///
/// ```
/// # use kariz::store::{memory::MemoryStore, Store, IdKind};
/// # futures::executor::block_on(async {
/// let store = MemoryStore::new();
/// let ids = store.reserve_ids(IdKind::Lead, 3).await.unwrap();
/// assert_eq!(ids, 1..4);
/// # });
/// ```
#[derive(Clone, Debug, Default)]
pub struct MemoryStore {
    state: Rc<RefCell<State>>,
    /// `None`: [`MEMORY_DEVICE`].
    device: Option<DeviceId>,
}

#[derive(Debug)]
struct State {
    leads: BTreeMap<u64, Lead>,
    activities: BTreeMap<u64, Activity>,
    /// (collection, id) → JSON and revision.
    docs: BTreeMap<(String, u64), (String, Revision)>,
    next_lead_id: u64,
    next_activity_id: u64,
    next_doc_id: u64,
    settings: BTreeMap<String, Setting>,
    fail_next_write: Option<StoreError>,
}

impl Default for State {
    fn default() -> Self {
        State {
            leads: BTreeMap::new(),
            activities: BTreeMap::new(),
            docs: BTreeMap::new(),
            next_lead_id: 1,
            next_activity_id: 1,
            next_doc_id: 1,
            settings: BTreeMap::new(),
            fail_next_write: None,
        }
    }
}

impl MemoryStore {
    /// An empty store; ids start at 1.
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    /// An empty store of another browser: its own device id (sync tests play several devices).
    pub fn of_device(device: DeviceId) -> MemoryStore {
        MemoryStore {
            device: Some(device),
            ..MemoryStore::default()
        }
    }

    /// Makes the next write (`apply`, `reserve_ids`, `save_setting`) fail with `error` and change
    /// nothing, as a full disk or a closed database would. For tests of error handling.
    pub fn fail_next_write(&self, error: StoreError) {
        self.state.borrow_mut().fail_next_write = Some(error);
    }

    fn take_failure(&self) -> Result<(), StoreError> {
        match self.state.borrow_mut().fail_next_write.take() {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }
}

impl Store for MemoryStore {
    async fn load_all(&self) -> Result<Snapshot, StoreError> {
        let state = self.state.borrow();
        Ok(Snapshot {
            leads: state.leads.values().cloned().collect(),
            activities: state.activities.values().cloned().collect(),
            docs: state
                .docs
                .iter()
                .map(|((collection, id), (json, revision))| Doc {
                    collection: collection.clone(),
                    id: *id,
                    json: json.clone(),
                    revision: *revision,
                })
                .collect(),
            unreadable: Vec::new(),
        })
    }

    async fn apply(&self, changes: &ChangeSet) -> Result<(), StoreError> {
        check_ids(&changes.leads, "lead")?;
        check_ids(&changes.activities, "activity")?;
        check_docs(changes)?;
        if changes.is_empty() {
            return Ok(());
        }
        self.take_failure()?;
        let mut state = self.state.borrow_mut();
        for a in &changes.activities {
            let known = state.leads.contains_key(&a.lead_id)
                || changes.leads.iter().any(|l| l.id == a.lead_id);
            if !known {
                return Err(orphan(a));
            }
        }
        check_revisions(&state.leads, &changes.leads)?;
        check_revisions(&state.activities, &changes.activities)?;
        for d in &changes.docs {
            let stored = state
                .docs
                .get(&(d.collection.clone(), d.id))
                .map(|(_, r)| *r);
            check_revision(
                &format!("{} document", d.collection),
                d.id,
                stored,
                d.revision,
            )?;
        }
        for l in &changes.leads {
            state.leads.insert(l.id, l.clone());
        }
        for a in &changes.activities {
            state.activities.insert(a.id, a.clone());
        }
        for d in &changes.docs {
            state
                .docs
                .insert((d.collection.clone(), d.id), (d.json.clone(), d.revision));
        }
        for key in &changes.deleted_docs {
            state.docs.remove(key);
        }
        for id in &changes.erased_leads {
            state.leads.remove(id);
        }
        for id in &changes.erased_activities {
            state.activities.remove(id);
        }
        if let Some(max) = changes.leads.iter().map(|l| l.id).max() {
            state.next_lead_id = state.next_lead_id.max(max + 1);
        }
        if let Some(max) = changes.activities.iter().map(|a| a.id).max() {
            state.next_activity_id = state.next_activity_id.max(max + 1);
        }
        if let Some(max) = changes.docs.iter().map(|d| d.id).max() {
            state.next_doc_id = state.next_doc_id.max(max + 1);
        }
        Ok(())
    }

    async fn reserve_ids(&self, kind: IdKind, count: u64) -> Result<Range<u64>, StoreError> {
        self.take_failure()?;
        let mut state = self.state.borrow_mut();
        let next = match kind {
            IdKind::Lead => &mut state.next_lead_id,
            IdKind::Activity => &mut state.next_activity_id,
            IdKind::Doc => &mut state.next_doc_id,
        };
        let range = *next..next.saturating_add(count);
        if range.end > MAX_ID + 1 {
            return Err(StoreError::Integrity("id space exhausted".into()));
        }
        *next = range.end;
        Ok(range)
    }

    async fn load_setting(&self, key: &str) -> Result<Option<Setting>, StoreError> {
        Ok(self.state.borrow().settings.get(key).cloned())
    }

    async fn save_setting(&self, key: &str, setting: &Setting) -> Result<(), StoreError> {
        self.take_failure()?;
        let mut state = self.state.borrow_mut();
        let stored = state.settings.get(key).map(|s| s.revision);
        check_revision("setting", 0, stored, setting.revision).map_err(|_| {
            StoreError::Conflict {
                what: format!("{key} setting"),
                stored,
            }
        })?;
        state.settings.insert(key.to_owned(), setting.clone());
        Ok(())
    }

    async fn device_id(&self) -> Result<DeviceId, StoreError> {
        Ok(self.device.unwrap_or(MEMORY_DEVICE))
    }

    async fn all_settings(&self) -> Result<Vec<(String, Setting)>, StoreError> {
        let state = self.state.borrow();
        Ok(state
            .settings
            .iter()
            .map(|(k, s)| (k.clone(), s.clone()))
            .collect())
    }

    async fn replace_all(&self, contents: &Contents) -> Result<(), StoreError> {
        check_contents(contents)?;
        self.take_failure()?;
        let mut state = self.state.borrow_mut();
        state.leads = contents.leads.iter().map(|l| (l.id, l.clone())).collect();
        state.activities = contents
            .activities
            .iter()
            .map(|a| (a.id, a.clone()))
            .collect();
        state.docs = contents
            .docs
            .iter()
            .map(|d| ((d.collection.clone(), d.id), (d.json.clone(), d.revision)))
            .collect();
        state.settings = contents.settings.iter().cloned().collect();
        if let Some(max) = contents.leads.iter().map(|l| l.id).max() {
            state.next_lead_id = state.next_lead_id.max(max + 1);
        }
        if let Some(max) = contents.activities.iter().map(|a| a.id).max() {
            state.next_activity_id = state.next_activity_id.max(max + 1);
        }
        if let Some(max) = contents.docs.iter().map(|d| d.id).max() {
            state.next_doc_id = state.next_doc_id.max(max + 1);
        }
        Ok(())
    }
}

/// The device every in-memory store reports (tests share one store between "tabs", as a
/// browser's tabs share one database).
pub const MEMORY_DEVICE: DeviceId = 1;

/// Each record's revision against what is stored under its id.
fn check_revisions<T: Chunked>(
    stored: &BTreeMap<u64, T>,
    incoming: &[T],
) -> Result<(), StoreError> {
    for record in incoming {
        check_revision(
            T::WHAT,
            record.id(),
            stored.get(&record.id()).map(Chunked::revision),
            record.revision(),
        )?;
    }
    Ok(())
}
