//! [`IdbStore`]: the browser's IndexedDB behind the [`Store`] trait.
//!
//! Layout (see [`migrations`] for the stores and [`codec`] for the chunks): leads and activities
//! live in chunks of 1,024 consecutive ids, one IndexedDB record per chunk, because IndexedDB
//! costs per record and per request, not per byte. Every `apply` is one readwrite transaction
//! that reads the chunks it touches, merges, writes them back and moves the id counters; any
//! failure aborts it, so nothing is ever half-written.
//!
//! Written against `web-sys` directly rather than the `idb` crate: the store needs transaction
//! durability options, the exact `DOMException` names and requests issued in bulk with a
//! listener on the last one only, which `idb` either lacks or wraps away.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::rc::Rc;

use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{closure::Closure, prelude::wasm_bindgen, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DomException, IdbDatabase, IdbFactory, IdbKeyRange, IdbObjectStore, IdbRequest, IdbTransaction,
    IdbVersionChangeEvent,
};

use super::codec::{
    self, check_ids, chunk_of, decode_chunk, encode_chunk, merge_by_id, Chunked, MAX_ID,
};
use super::migrations::{
    self, Upgrade, ACTIVITY_CHUNKS, CURRENT_VERSION, LEAD_CHUNKS, META, SETTINGS,
};
use super::{ChangeSet, IdKind, Snapshot, Store, StoreError};
use crate::domain::{Activity, Lead};

const NEXT_LEAD_ID: &str = "next_lead_id";
const NEXT_ACTIVITY_ID: &str = "next_activity_id";
const BLOCKED: &str = "kariz:blocked";

#[wasm_bindgen]
extern "C" {
    /// An `IDBDatabase` seen through the full `transaction(stores, mode, options)` signature:
    /// web-sys offers the options only behind `--cfg=web_sys_unstable_apis`, which would rebuild
    /// web-sys for the whole project.
    type DatabaseWithOptions;

    #[wasm_bindgen(method, catch, js_name = transaction)]
    fn transaction_with_options(
        this: &DatabaseWithOptions,
        stores: &Array,
        mode: &str,
        options: &Object,
    ) -> Result<IdbTransaction, JsValue>;
}

/// How hard a write transaction insists on reaching the disk before it reports success.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Durability {
    /// The browser's default (Chromium: relaxed since 121, Firefox: strict).
    #[default]
    Default,
    /// Reported done once the OS has the data: much faster for the intermediate batches of a bulk
    /// import, whose loss on power failure only means importing again.
    Relaxed,
    /// Reported done once flushed to disk.
    Strict,
}

/// Kariz's data in one IndexedDB database of this browser profile.
///
/// ```ignore
/// let store = IdbStore::open("kariz").await?;   // creates or upgrades the schema
/// let snapshot = store.load_all().await?;       // everything, in id order
/// let ids = store.reserve_ids(IdKind::Lead, 1).await?;
/// store.apply(&ChangeSet { leads: vec![lead], activities: vec![] }).await?;
/// ```
pub struct IdbStore {
    db: IdbDatabase,
    /// Why the connection was closed under us (another tab upgrading, storage cleared).
    closed: Rc<RefCell<Option<StoreError>>>,
    _on_version_change: Closure<dyn FnMut(JsValue)>,
    _on_close: Closure<dyn FnMut(JsValue)>,
    fail_next_apply: std::cell::Cell<bool>,
}

impl std::fmt::Debug for IdbStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdbStore")
            .field("name", &self.db.name())
            .finish_non_exhaustive()
    }
}

impl Drop for IdbStore {
    fn drop(&mut self) {
        self.db.set_onversionchange(None);
        self.db.set_onclose(None);
        self.db.close();
    }
}

impl IdbStore {
    /// Opens (creating or upgrading to [`CURRENT_VERSION`]) the database `name`.
    ///
    /// Errors: [`StoreError::Unavailable`] when the browser offers no IndexedDB (private mode,
    /// disabled storage), [`StoreError::Blocked`] when a tab running an older Kariz keeps the old
    /// version open, [`StoreError::TooNew`] when a newer Kariz already upgraded the database.
    pub async fn open(name: &str) -> Result<IdbStore, StoreError> {
        IdbStore::open_at_version(name, CURRENT_VERSION).await
    }

    /// Opens `name` at an exact schema `version`, running only the migration steps up to it.
    /// For tests: creating a database as an older (or, above [`CURRENT_VERSION`], a newer) Kariz
    /// would have left it.
    #[doc(hidden)]
    pub async fn open_at_version(name: &str, version: u32) -> Result<IdbStore, StoreError> {
        let factory = factory()?;
        let request = factory
            .open_with_u32(name, version)
            .map_err(|e| StoreError::Unavailable(js_message(&e)))?;

        let upgrade_error: Rc<RefCell<Option<String>>> = Rc::default();
        let on_upgrade = {
            let request = request.clone();
            let upgrade_error = upgrade_error.clone();
            Closure::<dyn FnMut(IdbVersionChangeEvent)>::new(move |event: IdbVersionChangeEvent| {
                let (Ok(db), Some(tx)) = (request.result(), request.transaction()) else {
                    return;
                };
                let db: IdbDatabase = db.unchecked_into();
                let from = event.old_version() as u32;
                let to = event.new_version().map_or(version, |v| v as u32);
                if let Err(e) = migrations::run(&Upgrade { db: &db, tx: &tx }, from, to) {
                    *upgrade_error.borrow_mut() = Some(js_message(&e));
                    let _ = tx.abort();
                }
            })
        };
        request.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));

        let mut on_blocked = None;
        let opened = Promise::new(&mut |resolve, reject| {
            request.set_onsuccess(Some(&resolve));
            request.set_onerror(Some(&reject));
            let blocked = Closure::<dyn FnMut(JsValue)>::new(move |_| {
                let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(BLOCKED));
            });
            request.set_onblocked(Some(blocked.as_ref().unchecked_ref()));
            on_blocked = Some(blocked);
        });

        match JsFuture::from(opened).await {
            Ok(_) => {
                request.set_onupgradeneeded(None);
                request.set_onblocked(None);
                let db: IdbDatabase = request.result().map_err(js_error)?.unchecked_into();
                Ok(IdbStore::watch(db))
            }
            Err(reason) if reason.as_string().as_deref() == Some(BLOCKED) => {
                // The request stays pending and may still succeed once the other tab closes:
                // let the upgrade run then, close that connection, and let the user retry.
                on_upgrade.forget();
                if let Some(blocked) = on_blocked {
                    blocked.forget();
                }
                let late = request.clone();
                let close_late = Closure::once_into_js(move |_: JsValue| {
                    if let Ok(db) = late.result() {
                        db.unchecked_into::<IdbDatabase>().close();
                    }
                });
                request.set_onsuccess(Some(close_late.unchecked_ref()));
                request.set_onerror(None);
                Err(StoreError::Blocked)
            }
            Err(_) => {
                let error = request.error().ok().flatten();
                let name_of = error.as_ref().map(DomException::name).unwrap_or_default();
                if name_of == "VersionError" {
                    let found = stored_version(&factory, name).await.unwrap_or(0);
                    return Err(StoreError::TooNew {
                        found,
                        supported: version,
                    });
                }
                if let Some(why) = upgrade_error.borrow_mut().take() {
                    return Err(StoreError::Other(format!(
                        "upgrading the database to version {version} failed: {why}"
                    )));
                }
                Err(match error {
                    Some(e) if e.name() == "QuotaExceededError" => StoreError::QuotaExceeded,
                    Some(e) => StoreError::Unavailable(format!("{}: {}", e.name(), e.message())),
                    None => {
                        StoreError::Unavailable("the browser refused to open the database".into())
                    }
                })
            }
        }
    }

    /// Deletes the database `name` (tests, "erase all data"). Open `IdbStore`s on it close
    /// themselves and then answer [`StoreError::VersionChanged`].
    pub async fn delete_database(name: &str) -> Result<(), StoreError> {
        let request = factory()?.delete_database(name).map_err(js_error)?;
        let deleted = Promise::new(&mut |resolve, reject| {
            request.set_onsuccess(Some(&resolve));
            request.set_onerror(Some(&reject));
        });
        JsFuture::from(deleted)
            .await
            .map(|_| ())
            .map_err(|_| request_error(&request))
    }

    /// Closes the connection (also done on drop).
    pub fn close(self) {}

    /// The schema version of the open database.
    pub fn version(&self) -> u32 {
        self.db.version() as u32
    }

    /// [`Store::apply`] with a chosen [`Durability`], for bulk imports.
    pub async fn apply_with(
        &self,
        changes: &ChangeSet,
        durability: Durability,
    ) -> Result<(), StoreError> {
        check_ids(&changes.leads, "lead")?;
        check_ids(&changes.activities, "activity")?;
        if changes.is_empty() {
            return Ok(());
        }
        let tx = self.transaction(&[META, LEAD_CHUNKS, ACTIVITY_CHUNKS], true, durability)?;
        let done = transaction_done(&tx);
        let result = self.apply_in(&tx, changes).await;
        if result.is_err() {
            let _ = tx.abort();
        }
        let outcome = done.await;
        result?;
        outcome.map(|_| ()).map_err(|_| match tx.error() {
            Some(e) => dom_error(&e),
            None => StoreError::Other("the write was aborted".into()),
        })
    }

    /// Makes the next `apply` issue all its writes and then abort, as a crash or a full disk
    /// would at the last moment. For tests of atomicity.
    #[doc(hidden)]
    pub fn fail_next_apply(&self) {
        self.fail_next_apply.set(true);
    }

    fn watch(db: IdbDatabase) -> IdbStore {
        let closed: Rc<RefCell<Option<StoreError>>> = Rc::default();
        let on_version_change = {
            let (db, closed) = (db.clone(), closed.clone());
            Closure::<dyn FnMut(JsValue)>::new(move |_| {
                // Another tab wants to upgrade or delete: step aside instead of blocking it.
                db.close();
                closed
                    .borrow_mut()
                    .get_or_insert(StoreError::VersionChanged);
            })
        };
        let on_close = {
            let closed = closed.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |_| {
                closed.borrow_mut().get_or_insert(StoreError::Unavailable(
                    "the browser closed the database (site data cleared?)".into(),
                ));
            })
        };
        db.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
        db.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        IdbStore {
            db,
            closed,
            _on_version_change: on_version_change,
            _on_close: on_close,
            fail_next_apply: std::cell::Cell::new(false),
        }
    }

    fn transaction(
        &self,
        stores: &[&str],
        write: bool,
        durability: Durability,
    ) -> Result<IdbTransaction, StoreError> {
        if let Some(e) = self.closed.borrow().clone() {
            return Err(e);
        }
        let names: Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
        let mode = if write { "readwrite" } else { "readonly" };
        let options = Object::new();
        let durability = match durability {
            Durability::Default => "default",
            Durability::Relaxed => "relaxed",
            Durability::Strict => "strict",
        };
        let _ = Reflect::set(&options, &"durability".into(), &durability.into());
        self.db
            .unchecked_ref::<DatabaseWithOptions>()
            .transaction_with_options(&names, mode, &options)
            .map_err(|e| match self.closed.borrow().clone() {
                Some(closed) => closed,
                None => js_error(e),
            })
    }

    /// The body of `apply`; any `Err` makes the caller abort the transaction.
    async fn apply_in(&self, tx: &IdbTransaction, changes: &ChangeSet) -> Result<(), StoreError> {
        let meta = tx.object_store(META).map_err(js_error)?;
        let lead_store = tx.object_store(LEAD_CHUNKS).map_err(js_error)?;
        let activity_store = tx.object_store(ACTIVITY_CHUNKS).map_err(js_error)?;

        let lead_groups = codec::group_by_chunk(&changes.leads);
        let activity_groups = codec::group_by_chunk(&changes.activities);
        let mut new_lead_ids: Vec<u64> = changes.leads.iter().map(|l| l.id).collect();
        new_lead_ids.sort_unstable();
        let to_check: Vec<&Activity> = changes
            .activities
            .iter()
            .filter(|a| new_lead_ids.binary_search(&a.lead_id).is_err())
            .collect();
        let mut lead_chunks_to_read: BTreeSet<u64> = lead_groups.keys().copied().collect();
        lead_chunks_to_read.extend(to_check.iter().map(|a| chunk_of(a.lead_id)));
        let activity_chunks: BTreeSet<u64> = activity_groups.keys().copied().collect();

        // Round 1: the counters and which of the chunks we need exist (one request per store).
        let lead_keys = existing_keys(&lead_store, &lead_chunks_to_read)?;
        let activity_keys = existing_keys(&activity_store, &activity_chunks)?;
        let mut first = vec![
            meta.get(&NEXT_LEAD_ID.into()).map_err(js_error)?,
            meta.get(&NEXT_ACTIVITY_ID.into()).map_err(js_error)?,
        ];
        first.extend(lead_keys.iter().chain(&activity_keys).cloned());
        let first = all_done(&first).await?;
        let next_lead = first[0].as_f64().map_or(1, |n| n as u64);
        let next_activity = first[1].as_f64().map_or(1, |n| n as u64);
        let stored_leads = keys_in(lead_keys.as_ref(), &lead_chunks_to_read)?;
        let stored_activities = keys_in(activity_keys.as_ref(), &activity_chunks)?;

        // Round 2: read only the chunks that exist; a brand-new chunk is written without reading.
        let mut reads = Vec::new();
        for &k in &stored_leads {
            reads.push(lead_store.get(&key(k)).map_err(js_error)?);
        }
        for &k in &stored_activities {
            reads.push(activity_store.get(&key(k)).map_err(js_error)?);
        }
        let values = all_done(&reads).await?;
        let (lead_values, activity_values) = values.split_at(stored_leads.len());
        let mut lead_chunks: BTreeMap<u64, Vec<Lead>> = BTreeMap::new();
        for (&k, v) in stored_leads.iter().zip(lead_values) {
            lead_chunks.insert(k, decode_value(v)?);
        }
        let mut activity_chunks: BTreeMap<u64, Vec<Activity>> = BTreeMap::new();
        for (&k, v) in stored_activities.iter().zip(activity_values) {
            activity_chunks.insert(k, decode_value(v)?);
        }

        for a in to_check {
            let stored = lead_chunks
                .get(&chunk_of(a.lead_id))
                .is_some_and(|c| c.binary_search_by_key(&a.lead_id, |l| l.id).is_ok());
            if !stored {
                return Err(codec::orphan(a));
            }
        }

        // Writes: no listeners; the transaction's completion reports them all.
        write_merged(&lead_store, lead_groups, &mut lead_chunks)?;
        write_merged(&activity_store, activity_groups, &mut activity_chunks)?;
        if let Some(max) = new_lead_ids.last().filter(|&&max| max >= next_lead) {
            meta.put_with_key(&JsValue::from_f64((max + 1) as f64), &NEXT_LEAD_ID.into())
                .map_err(js_error)?;
        }
        if let Some(max) = changes
            .activities
            .iter()
            .map(|a| a.id)
            .max()
            .filter(|&max| max >= next_activity)
        {
            meta.put_with_key(
                &JsValue::from_f64((max + 1) as f64),
                &NEXT_ACTIVITY_ID.into(),
            )
            .map_err(js_error)?;
        }
        if self.fail_next_apply.replace(false) {
            return Err(StoreError::Other(
                "simulated failure after all writes were issued".into(),
            ));
        }
        Ok(())
    }
}

impl Store for IdbStore {
    async fn load_all(&self) -> Result<Snapshot, StoreError> {
        let tx = self.transaction(&[LEAD_CHUNKS, ACTIVITY_CHUNKS], false, Durability::Default)?;
        let done = transaction_done(&tx);
        let requests = [
            tx.object_store(LEAD_CHUNKS)
                .and_then(|s| s.get_all())
                .map_err(js_error)?,
            tx.object_store(ACTIVITY_CHUNKS)
                .and_then(|s| s.get_all())
                .map_err(js_error)?,
        ];
        let values = all_done(&requests).await;
        let _ = done.await;
        let values = values?;
        Ok(Snapshot {
            leads: decode_all(&values[0])?,
            activities: decode_all(&values[1])?,
        })
    }

    async fn apply(&self, changes: &ChangeSet) -> Result<(), StoreError> {
        self.apply_with(changes, Durability::Default).await
    }

    async fn reserve_ids(&self, kind: IdKind, count: u32) -> Result<Range<u64>, StoreError> {
        let name = match kind {
            IdKind::Lead => NEXT_LEAD_ID,
            IdKind::Activity => NEXT_ACTIVITY_ID,
        };
        let tx = self.transaction(&[META], true, Durability::Default)?;
        let done = transaction_done(&tx);
        let result = async {
            let meta = tx.object_store(META).map_err(js_error)?;
            let current = all_done(&[meta.get(&name.into()).map_err(js_error)?]).await?;
            let start = current[0].as_f64().map_or(1, |n| n as u64);
            let range = start..start + count as u64;
            if range.end > MAX_ID + 1 {
                return Err(StoreError::Integrity("id space exhausted".into()));
            }
            meta.put_with_key(&JsValue::from_f64(range.end as f64), &name.into())
                .map_err(js_error)?;
            Ok(range)
        }
        .await;
        if result.is_err() {
            let _ = tx.abort();
        }
        let outcome = done.await;
        let range = result?;
        outcome.map_err(|_| {
            tx.error()
                .map_or(StoreError::Other("aborted".into()), |e| dom_error(&e))
        })?;
        Ok(range)
    }

    async fn load_setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        let tx = self.transaction(&[SETTINGS], false, Durability::Default)?;
        let done = transaction_done(&tx);
        let request = tx
            .object_store(SETTINGS)
            .and_then(|s| s.get(&key.into()))
            .map_err(js_error)?;
        let value = all_done(&[request]).await;
        let _ = done.await;
        Ok(value?[0].as_string())
    }

    async fn save_setting(&self, key: &str, json: &str) -> Result<(), StoreError> {
        let tx = self.transaction(&[SETTINGS], true, Durability::Default)?;
        let done = transaction_done(&tx);
        let put = tx
            .object_store(SETTINGS)
            .and_then(|s| s.put_with_key(&json.into(), &key.into()))
            .map_err(js_error);
        if put.is_err() {
            let _ = tx.abort();
        }
        let outcome = done.await;
        put?;
        outcome.map(|_| ()).map_err(|_| {
            tx.error()
                .map_or(StoreError::Other("aborted".into()), |e| dom_error(&e))
        })
    }
}

fn factory() -> Result<IdbFactory, StoreError> {
    let value = Reflect::get(&js_sys::global(), &"indexedDB".into())
        .map_err(|e| StoreError::Unavailable(js_message(&e)))?;
    if value.is_null() || value.is_undefined() {
        return Err(StoreError::Unavailable(
            "this browser offers no IndexedDB".into(),
        ));
    }
    value
        .dyn_into()
        .map_err(|_| StoreError::Unavailable("indexedDB is not an IDBFactory".into()))
}

/// The version of an existing database, opened without asking for one.
async fn stored_version(factory: &IdbFactory, name: &str) -> Option<u32> {
    let request = factory.open(name).ok()?;
    let opened = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    JsFuture::from(opened).await.ok()?;
    let db: IdbDatabase = request.result().ok()?.unchecked_into();
    let version = db.version() as u32;
    db.close();
    Some(version)
}

/// A future for the end of a transaction: `Ok` on `complete`, `Err` on `abort`.
fn transaction_done(tx: &IdbTransaction) -> JsFuture {
    JsFuture::from(Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onabort(Some(&reject));
    }))
}

/// Waits for requests issued together on one transaction and returns their results.
///
/// Every request gets its own listener: Chromium does not promise that the last request's
/// `success` comes after the others' results are readable. Only reads go through here; writes
/// carry no listener and are reported by the transaction's `complete`.
async fn all_done(requests: &[IdbRequest]) -> Result<Vec<JsValue>, StoreError> {
    let pending: Vec<JsFuture> = requests
        .iter()
        .map(|r| {
            JsFuture::from(Promise::new(&mut |resolve, reject| {
                r.set_onsuccess(Some(&resolve));
                r.set_onerror(Some(&reject));
            }))
        })
        .collect();
    let mut results = Vec::with_capacity(requests.len());
    for (request, done) in requests.iter().zip(pending) {
        if done.await.is_err() {
            return Err(request_error(request));
        }
        results.push(request.result().map_err(js_error)?);
    }
    Ok(results)
}

fn request_error(request: &IdbRequest) -> StoreError {
    match request.error() {
        Ok(Some(e)) => dom_error(&e),
        Ok(None) => StoreError::Other("request failed".into()),
        Err(e) => js_error(e),
    }
}

/// A `getAllKeys` over the span of `chunks` (none when there are no chunks).
fn existing_keys(
    store: &IdbObjectStore,
    chunks: &BTreeSet<u64>,
) -> Result<Option<IdbRequest>, StoreError> {
    let (Some(&first), Some(&last)) = (chunks.first(), chunks.last()) else {
        return Ok(None);
    };
    let range = IdbKeyRange::bound(&key(first), &key(last)).map_err(js_error)?;
    store
        .get_all_keys_with_key(&range)
        .map(Some)
        .map_err(js_error)
}

/// The chunk numbers a finished [`existing_keys`] request found that are also `wanted`.
fn keys_in(request: Option<&IdbRequest>, wanted: &BTreeSet<u64>) -> Result<Vec<u64>, StoreError> {
    let Some(request) = request else {
        return Ok(Vec::new());
    };
    let keys: Array = request.result().map_err(js_error)?.unchecked_into();
    Ok(keys
        .iter()
        .filter_map(|k| k.as_f64())
        .map(|k| k as u64)
        .filter(|k| wanted.contains(k))
        .collect())
}

fn write_merged<T: Chunked>(
    store: &IdbObjectStore,
    groups: BTreeMap<u64, Vec<T>>,
    stored: &mut BTreeMap<u64, Vec<T>>,
) -> Result<(), StoreError> {
    for (k, incoming) in groups {
        let mut records = stored.remove(&k).unwrap_or_default();
        merge_by_id(&mut records, incoming);
        // A copy sized to the chunk: a view into wasm memory would clone all of it.
        let bytes = Uint8Array::from(encode_chunk(&records).as_slice());
        store.put_with_key(&bytes, &key(k)).map_err(js_error)?;
    }
    Ok(())
}

fn decode_value<T: Chunked>(value: &JsValue) -> Result<Vec<T>, StoreError> {
    let bytes = value
        .dyn_ref::<Uint8Array>()
        .ok_or_else(|| StoreError::Corrupt("a chunk is not a byte array".into()))?;
    decode_chunk(&bytes.to_vec())
}

fn decode_all<T: Chunked>(values: &JsValue) -> Result<Vec<T>, StoreError> {
    let values: &Array = values.unchecked_ref();
    let mut all = Vec::new();
    for v in values.iter() {
        all.extend(decode_value::<T>(&v)?);
    }
    Ok(all)
}

fn key(chunk: u64) -> JsValue {
    JsValue::from_f64(chunk as f64)
}

fn dom_error(e: &DomException) -> StoreError {
    match e.name().as_str() {
        "QuotaExceededError" => StoreError::QuotaExceeded,
        name => StoreError::Other(format!("{name}: {}", e.message())),
    }
}

fn js_error(e: JsValue) -> StoreError {
    match e.dyn_ref::<DomException>() {
        Some(dom) => dom_error(dom),
        None => StoreError::Other(js_message(&e)),
    }
}

fn js_message(e: &JsValue) -> String {
    if let Some(dom) = e.dyn_ref::<DomException>() {
        return format!("{}: {}", dom.name(), dom.message());
    }
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}
