//! [`IdbStore`]: the browser's IndexedDB behind the [`Store`] trait.
//!
//! Layout (see [`migrations`] for the stores and [`codec`] for the chunks): leads and activities
//! live in chunks of 1,024 consecutive ids, one IndexedDB record per chunk, because IndexedDB
//! costs per record and per request, not per byte. Every `apply` is one readwrite transaction
//! that reads the chunks it touches, merges, writes them back, writes and deletes the JSON
//! documents it carries and moves the id counters; any failure aborts it, so nothing is ever
//! half-written. A large one gives the page a turn every few tens of milliseconds by waiting for
//! one of its own requests ([`Pacer`]), which keeps it open. Documents are few, so they are one IndexedDB record each, keyed by
//! `[collection, id]`.
//!
//! `idb` opens, upgrades (running [`migrations`]), watches and deletes the database and issues
//! every transaction and request; a small `#[wasm_bindgen]` binding opens only `apply`'s
//! transaction, which needs the `durability` option idb lacks. Transaction ends use raw listeners.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use std::future::{Future, IntoFuture};
use std::ops::Range;
use std::pin::Pin;
use std::rc::Rc;
use std::task::Poll;

use idb::request::OpenDatabaseRequest;
use idb::{
    Database, DatabaseEvent, Event as _, Factory, KeyRange, ObjectStore, Query, Request as _,
    Transaction, TransactionMode,
};
use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{prelude::wasm_bindgen, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{DomException, IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction};

use super::codec::{
    self, check_contents, check_docs, check_ids, check_revision, chunk_of, decode_chunk,
    encode_chunk, group_by_chunk, merge_by_id, Chunked, MAX_ID,
};
use super::migrations::{
    self, Upgrade, ACTIVITY_CHUNKS, CURRENT_VERSION, DOCS, LEAD_CHUNKS, META, SETTINGS,
};
use super::{ChangeSet, Contents, Doc, IdKind, Setting, Snapshot, Store, StoreError, Unreadable};
use crate::domain::{Activity, DeviceId, Lead, Revision};

const NEXT_LEAD_ID: &str = "next_lead_id";
const NEXT_ACTIVITY_ID: &str = "next_activity_id";
const NEXT_DOC_ID: &str = "next_doc_id";
/// This database's device id (see [`Store::device_id`]).
const DEVICE_ID: &str = "device_id";

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
/// store.apply(&ChangeSet { leads: vec![lead], ..Default::default() }).await?;
/// ```
pub struct IdbStore {
    db: Database,
    /// The same connection as `db`, for the durability binding and for dropping the listeners.
    raw: IdbDatabase,
    /// Why the connection was closed under us (another tab upgrading, storage cleared).
    closed: Rc<RefCell<Option<StoreError>>>,
    fail_next_apply: Cell<bool>,
    /// A value `next_doc_id` is known to have reached (0: none known). Counters only grow, in
    /// every tab, so a write of documents whose ids are all below it has no counter to read or
    /// raise: it goes to the disk without first waiting for a read of `meta` (a stage move).
    doc_counter_floor: Cell<u64>,
    /// This database's device id, once read.
    device: Cell<Option<DeviceId>>,
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
        // idb cannot unset a listener, and `db` drops its closures right after this.
        self.raw.set_onversionchange(None);
        self.raw.set_onclose(None);
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
        // The web-sys handle outlives idb's future: after `blocked`, the late success needs it.
        let raw_request: IdbOpenDbRequest = factory
            .open(name, Some(version))
            .map_err(|e| StoreError::Unavailable(idb_message(&e)))?
            .into();
        let mut request = OpenDatabaseRequest::from(raw_request.clone());

        let upgrade_error: Rc<RefCell<Option<String>>> = Rc::default();
        request.on_upgrade_needed({
            let upgrade_error = upgrade_error.clone();
            move |event| {
                let Ok(request) = event.target() else {
                    return;
                };
                let (Ok(db), Some(tx)) = (request.database(), request.transaction()) else {
                    return;
                };
                let from = event.old_version().unwrap_or(0);
                let to = event.new_version().ok().flatten().unwrap_or(version);
                if let Err(e) = migrations::run(&Upgrade { db: &db, tx: &tx }, from, to) {
                    *upgrade_error.borrow_mut() = Some(idb_message(&e));
                    let _ = tx.abort();
                }
            }
        });
        let mut on_blocked = None;
        let mut blocked =
            JsFuture::from(Promise::new(&mut |resolve, _| on_blocked = Some(resolve)));
        if let Some(resolve) = on_blocked {
            request.on_blocked(move |_| {
                let _ = resolve.call0(&JsValue::NULL);
            });
        }
        let mut opened = request.into_future();

        // The open request, unless `blocked` comes first.
        let outcome = std::future::poll_fn(|cx| {
            if let Poll::Ready(result) = Pin::new(&mut opened).poll(cx) {
                return Poll::Ready(Some(result));
            }
            if Pin::new(&mut blocked).poll(cx).is_ready() {
                return Poll::Ready(None);
            }
            Poll::Pending
        })
        .await;

        match outcome {
            Some(Ok(db)) => Ok(IdbStore::watch(db.into())),
            None => {
                // The request stays pending and may still succeed once the other tab closes.
                // Dropping idb's future keeps its listeners alive (the upgrade runs then); the
                // late connection is closed at once and the user retries.
                drop(opened);
                let mut late = OpenDatabaseRequest::from(raw_request);
                late.on_success(|event| {
                    if let Ok(db) = event.database() {
                        db.close();
                    }
                });
                late.forget_callbacks();
                Err(StoreError::Blocked)
            }
            Some(Err(e)) => {
                let error = match &e {
                    idb::Error::DomException(dom) => Some(dom.clone()),
                    _ => None,
                };
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
                    None => StoreError::Unavailable(format!(
                        "the browser refused to open the database ({})",
                        idb_message(&e)
                    )),
                })
            }
        }
    }

    /// Deletes the database `name` (tests, "erase all data"). Open `IdbStore`s on it close
    /// themselves and then answer [`StoreError::VersionChanged`].
    pub async fn delete_database(name: &str) -> Result<(), StoreError> {
        factory()?
            .delete(name)
            .map_err(idb_error)?
            .await
            .map_err(idb_error)
    }

    /// Closes the connection (also done on drop).
    pub fn close(self) {}

    /// The schema version of the open database.
    pub fn version(&self) -> u32 {
        self.db.version().unwrap_or(0)
    }

    /// [`Store::apply`] with a chosen [`Durability`], for bulk imports.
    pub async fn apply_with(
        &self,
        changes: &ChangeSet,
        durability: Durability,
    ) -> Result<(), StoreError> {
        check_ids(&changes.leads, "lead")?;
        check_ids(&changes.activities, "activity")?;
        check_docs(changes)?;
        if changes.is_empty() {
            return Ok(());
        }
        // `docs` only when needed: a database left at v1 or v2 (tests) has no such store.
        let touches_docs = !changes.docs.is_empty() || !changes.deleted_docs.is_empty();
        let stores: &[&str] = if touches_docs {
            &[META, LEAD_CHUNKS, ACTIVITY_CHUNKS, DOCS]
        } else {
            &[META, LEAD_CHUNKS, ACTIVITY_CHUNKS]
        };
        let tx = self.durable_transaction(stores, durability)?;
        let done = transaction_done(&tx);
        let result = self.apply_in(&Transaction::from(tx.clone()), changes).await;
        if result.is_err() {
            let _ = tx.abort();
        }
        let outcome = done.await;
        // A write the browser refused (a full disk) aborts the transaction, and a write issued
        // after a pause then fails as well: the transaction's own error says why.
        let next_doc = result.map_err(|e| tx.error().map_or(e, |dom| dom_error(&dom)))?;
        finished(&tx, outcome, "the write was aborted")?;
        self.doc_counter_at_least(next_doc);
        Ok(())
    }

    /// Notes a value `next_doc_id` has reached (read, or written by a committed transaction).
    fn doc_counter_at_least(&self, next_doc: u64) {
        self.doc_counter_floor
            .set(self.doc_counter_floor.get().max(next_doc));
    }

    /// Opens this connection's write path before the first save needs it. Traced on the board,
    /// the first read-write transaction of a page load waited about 20 ms longer in the browser's
    /// storage than every later one, and that first save is a user's stage move or edit.
    /// Reserving no ids reads the document counter and writes the same value back: nothing
    /// changes, in this tab or any other.
    pub async fn warm_up_writes(&self) -> Result<(), StoreError> {
        self.reserve_ids(IdKind::Doc, 0).await.map(|_| ())
    }

    /// Makes the next `apply` issue all its writes and then abort, as a crash or a full disk
    /// would at the last moment. For tests of atomicity.
    #[doc(hidden)]
    pub fn fail_next_apply(&self) {
        self.fail_next_apply.set(true);
    }

    fn watch(raw: IdbDatabase) -> IdbStore {
        let closed: Rc<RefCell<Option<StoreError>>> = Rc::default();
        let mut db = Database::from(raw.clone());
        db.on_version_change({
            let (raw, closed) = (raw.clone(), closed.clone());
            move |_| {
                // Another tab wants to upgrade or delete: step aside instead of blocking it.
                raw.close();
                closed
                    .borrow_mut()
                    .get_or_insert(StoreError::VersionChanged);
            }
        });
        db.on_close({
            let closed = closed.clone();
            move |_| {
                closed.borrow_mut().get_or_insert(StoreError::Unavailable(
                    "the browser closed the database (site data cleared?)".into(),
                ));
            }
        });
        IdbStore {
            db,
            raw,
            closed,
            fail_next_apply: Cell::new(false),
            doc_counter_floor: Cell::new(0),
            device: Cell::new(None),
        }
    }

    fn check_open(&self) -> Result<(), StoreError> {
        match self.closed.borrow().clone() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Why opening a transaction failed: the connection's fate if it was closed under us.
    fn or_closed(&self, error: StoreError) -> StoreError {
        self.closed.borrow().clone().unwrap_or(error)
    }

    fn transaction(
        &self,
        stores: &[&str],
        mode: TransactionMode,
    ) -> Result<Transaction, StoreError> {
        self.check_open()?;
        self.db
            .transaction(stores, mode)
            .map_err(|e| self.or_closed(idb_error(e)))
    }

    /// A readwrite transaction with a durability hint, through the binding (idb has no options).
    fn durable_transaction(
        &self,
        stores: &[&str],
        durability: Durability,
    ) -> Result<IdbTransaction, StoreError> {
        self.check_open()?;
        let names: Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
        let options = Object::new();
        let durability = match durability {
            Durability::Default => "default",
            Durability::Relaxed => "relaxed",
            Durability::Strict => "strict",
        };
        let _ = Reflect::set(&options, &"durability".into(), &durability.into());
        self.raw
            .unchecked_ref::<DatabaseWithOptions>()
            .transaction_with_options(&names, "readwrite", &options)
            .map_err(|e| self.or_closed(js_error(&e)))
    }

    /// The body of `apply`; any `Err` makes the caller abort the transaction. Returns the value
    /// `next_doc_id` has once the transaction commits.
    async fn apply_in(&self, tx: &Transaction, changes: &ChangeSet) -> Result<u64, StoreError> {
        let floor = self.doc_counter_floor.get();
        if changes.leads.is_empty()
            && changes.activities.is_empty()
            && changes.erased_leads.is_empty()
            && changes.erased_activities.is_empty()
            && changes.docs.iter().all(|d| d.id < floor)
        {
            self.write_docs(tx, changes, &mut Pacer::new()).await?;
            return self.armed_failure().map(|()| floor);
        }
        let meta = tx.object_store(META).map_err(idb_error)?;
        let lead_store = tx.object_store(LEAD_CHUNKS).map_err(idb_error)?;
        let activity_store = tx.object_store(ACTIVITY_CHUNKS).map_err(idb_error)?;

        let lead_groups = codec::group_by_chunk(&changes.leads);
        let activity_groups = codec::group_by_chunk(&changes.activities);
        let mut new_lead_ids: Vec<u64> = changes.leads.iter().map(|l| l.id).collect();
        crate::domain::text::sort::sort(&mut new_lead_ids);
        let to_check: Vec<&Activity> = changes
            .activities
            .iter()
            .filter(|a| new_lead_ids.binary_search(&a.lead_id).is_err())
            .collect();
        let mut lead_chunks_to_read: BTreeSet<u64> =
            crate::domain::text::sort::set_of(lead_groups.keys().copied());
        lead_chunks_to_read.extend(to_check.iter().map(|a| chunk_of(a.lead_id)));
        lead_chunks_to_read.extend(changes.erased_leads.iter().map(|&id| chunk_of(id)));
        let mut activity_chunks: BTreeSet<u64> =
            crate::domain::text::sort::set_of(activity_groups.keys().copied());
        activity_chunks.extend(changes.erased_activities.iter().map(|&id| chunk_of(id)));

        // Round 1: the counters and which of the chunks we need exist (one request per store).
        let counters = [
            meta.get(JsValue::from_str(NEXT_LEAD_ID))
                .map_err(idb_error)?,
            meta.get(JsValue::from_str(NEXT_ACTIVITY_ID))
                .map_err(idb_error)?,
            meta.get(JsValue::from_str(NEXT_DOC_ID))
                .map_err(idb_error)?,
        ];
        let key_requests = [
            existing_keys(&lead_store, &lead_chunks_to_read)?,
            existing_keys(&activity_store, &activity_chunks)?,
        ];
        let counters = counters.map(IntoFuture::into_future);
        let key_requests = key_requests.map(|r| r.map(IntoFuture::into_future));
        let counters = settle(counters).await;
        let mut keys = Vec::with_capacity(2);
        for request in key_requests {
            keys.push(match request {
                Some(request) => request.await.map_err(idb_error),
                None => Ok(Vec::new()),
            });
        }
        let counters = counters?;
        let mut keys = keys.into_iter();
        let lead_keys = keys.next().unwrap_or(Ok(Vec::new()))?;
        let activity_keys = keys.next().unwrap_or(Ok(Vec::new()))?;
        let counter =
            |v: &Option<JsValue>| v.as_ref().and_then(JsValue::as_f64).map_or(1, |n| n as u64);
        let next_lead = counter(&counters[0]);
        let next_activity = counter(&counters[1]);
        let next_doc = counter(&counters[2]);
        let stored_leads = keys_in(&lead_keys, &lead_chunks_to_read);
        let stored_activities = keys_in(&activity_keys, &activity_chunks);

        // Round 2: read only the chunks that exist; a brand-new chunk is written without reading.
        let mut reads = Vec::with_capacity(stored_leads.len() + stored_activities.len());
        for &k in &stored_leads {
            reads.push(lead_store.get(key(k)).map_err(idb_error)?);
        }
        for &k in &stored_activities {
            reads.push(activity_store.get(key(k)).map_err(idb_error)?);
        }
        let values = settle(
            reads
                .into_iter()
                .map(IntoFuture::into_future)
                .collect::<Vec<_>>(),
        )
        .await?;
        let (lead_values, activity_values) = values.split_at(stored_leads.len());
        let mut lead_chunks: BTreeMap<u64, Vec<Lead>> = BTreeMap::new();
        for (&k, v) in stored_leads.iter().zip(lead_values) {
            lead_chunks.insert(k, decode_value(v.as_ref())?);
        }
        let mut activity_chunks: BTreeMap<u64, Vec<Activity>> = BTreeMap::new();
        for (&k, v) in stored_activities.iter().zip(activity_values) {
            activity_chunks.insert(k, decode_value(v.as_ref())?);
        }

        check_chunk_revisions(&changes.leads, &lead_chunks)?;
        check_chunk_revisions(&changes.activities, &activity_chunks)?;
        for a in to_check {
            let stored = lead_chunks
                .get(&chunk_of(a.lead_id))
                .is_some_and(|c| c.binary_search_by_key(&a.lead_id, |l| l.id).is_ok());
            if !stored {
                return Err(codec::orphan(a));
            }
        }

        // Writes: no listeners; the transaction's completion reports them all.
        let mut pacer = Pacer::new();
        self.write_docs(tx, changes, &mut pacer).await?;
        write_merged(
            &lead_store,
            lead_groups,
            &changes.erased_leads,
            &mut lead_chunks,
            &mut pacer,
        )
        .await?;
        write_merged(
            &activity_store,
            activity_groups,
            &changes.erased_activities,
            &mut activity_chunks,
            &mut pacer,
        )
        .await?;
        if let Some(max) = new_lead_ids.last().filter(|&&max| max >= next_lead) {
            put_counter(&meta, NEXT_LEAD_ID, max + 1)?;
        }
        if let Some(max) = changes
            .activities
            .iter()
            .map(|a| a.id)
            .max()
            .filter(|&max| max >= next_activity)
        {
            put_counter(&meta, NEXT_ACTIVITY_ID, max + 1)?;
        }
        let mut next_doc = next_doc;
        if let Some(max) = changes
            .docs
            .iter()
            .map(|d| d.id)
            .max()
            .filter(|&max| max >= next_doc)
        {
            next_doc = max + 1;
            put_counter(&meta, NEXT_DOC_ID, next_doc)?;
        }
        self.armed_failure().map(|()| next_doc)
    }

    /// Checks each document's revision against the stored one, then puts and deletes the change's
    /// documents (requests run in issue order, so a document also deleted ends up deleted).
    async fn write_docs(
        &self,
        tx: &Transaction,
        changes: &ChangeSet,
        pacer: &mut Pacer,
    ) -> Result<(), StoreError> {
        if changes.docs.is_empty() && changes.deleted_docs.is_empty() {
            return Ok(());
        }
        let doc_store = tx.object_store(DOCS).map_err(idb_error)?;
        // Each document's stored version, read a slice at a time like the writes below.
        let mut stored = Vec::with_capacity(changes.docs.len());
        let mut reads = Vec::new();
        for d in &changes.docs {
            reads.push(
                doc_store
                    .get(doc_key(&d.collection, d.id))
                    .map_err(idb_error)?
                    .into_future(),
            );
            if pacer.due() {
                stored.extend(settle(reads.drain(..)).await?);
                pacer.restart();
            }
        }
        stored.extend(settle(reads).await?);
        for (d, stored) in changes.docs.iter().zip(&stored) {
            let stored = stored.as_ref().map(stored_revision);
            check_revision(
                &format!("{} document", d.collection),
                d.id,
                stored,
                d.revision,
            )?;
        }
        for d in &changes.docs {
            pacer.wrote(doc_store.put(&doc_value(d), None).map_err(idb_error)?);
            pacer.breathe().await;
        }
        for (collection, id) in &changes.deleted_docs {
            doc_store
                .delete(doc_key(collection, *id))
                .map_err(idb_error)?;
        }
        Ok(())
    }

    /// The failure [`IdbStore::fail_next_apply`] armed, once all writes were issued.
    /// [`Store::replace_all`]'s requests, inside its transaction.
    async fn replace_in(&self, tx: &Transaction, contents: &Contents) -> Result<(), StoreError> {
        let meta = tx.object_store(META).map_err(idb_error)?;
        let counters = [NEXT_LEAD_ID, NEXT_ACTIVITY_ID, NEXT_DOC_ID].map(|name| {
            meta.get(JsValue::from_str(name))
                .map(IntoFuture::into_future)
        });
        let mut reads = Vec::with_capacity(3);
        for request in counters {
            reads.push(request.map_err(idb_error)?);
        }
        let stored: Vec<u64> = settle(reads)
            .await?
            .into_iter()
            .map(|v| v.and_then(|v| v.as_f64()).map_or(1, |n| n as u64))
            .collect();

        let lead_store = tx.object_store(LEAD_CHUNKS).map_err(idb_error)?;
        let activity_store = tx.object_store(ACTIVITY_CHUNKS).map_err(idb_error)?;
        let doc_store = tx.object_store(DOCS).map_err(idb_error)?;
        let setting_store = tx.object_store(SETTINGS).map_err(idb_error)?;
        for store in [&lead_store, &activity_store, &doc_store, &setting_store] {
            store.clear().map_err(idb_error)?;
        }
        for (k, records) in group_by_chunk(&contents.leads) {
            let bytes = Uint8Array::from(encode_chunk(&records).as_slice());
            lead_store.put(&bytes, Some(&key(k))).map_err(idb_error)?;
        }
        for (k, records) in group_by_chunk(&contents.activities) {
            let bytes = Uint8Array::from(encode_chunk(&records).as_slice());
            activity_store
                .put(&bytes, Some(&key(k)))
                .map_err(idb_error)?;
        }
        for d in &contents.docs {
            doc_store.put(&doc_value(d), None).map_err(idb_error)?;
        }
        for (name, setting) in &contents.settings {
            setting_store
                .put(&setting_value(setting), Some(&name.as_str().into()))
                .map_err(idb_error)?;
        }
        let next = |stored: u64, ids: &mut dyn Iterator<Item = u64>| {
            stored.max(ids.max().map_or(1, |max| max + 1))
        };
        let next_doc = next(stored[2], &mut contents.docs.iter().map(|d| d.id));
        put_counter(
            &meta,
            NEXT_LEAD_ID,
            next(stored[0], &mut contents.leads.iter().map(|l| l.id)),
        )?;
        put_counter(
            &meta,
            NEXT_ACTIVITY_ID,
            next(stored[1], &mut contents.activities.iter().map(|a| a.id)),
        )?;
        put_counter(&meta, NEXT_DOC_ID, next_doc)?;
        self.armed_failure()?;
        self.doc_counter_at_least(next_doc);
        Ok(())
    }

    fn armed_failure(&self) -> Result<(), StoreError> {
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
        // A database left at v1 or v2 (tests) has no `docs` store: it loads with no documents.
        let has_docs = self.db.store_names().iter().any(|s| s == DOCS);
        let (stores, read): (&[&str], &[&str]) = if has_docs {
            (
                &[LEAD_CHUNKS, ACTIVITY_CHUNKS, DOCS, META],
                &[LEAD_CHUNKS, ACTIVITY_CHUNKS, DOCS],
            )
        } else {
            (
                &[LEAD_CHUNKS, ACTIVITY_CHUNKS],
                &[LEAD_CHUNKS, ACTIVITY_CHUNKS],
            )
        };
        let tx = self.transaction(stores, TransactionMode::ReadOnly)?;
        // The document counter too, so the first document write after start-up needs no read.
        let doc_counter = if has_docs {
            Some(
                tx.object_store(META)
                    .and_then(|s| s.get(JsValue::from_str(NEXT_DOC_ID)))
                    .map_err(idb_error)?
                    .into_future(),
            )
        } else {
            None
        };
        let mut requests = Vec::with_capacity(read.len());
        for &name in read {
            requests.push(
                tx.object_store(name)
                    .and_then(|s| s.get_all(None, None))
                    .map_err(idb_error)?
                    .into_future(),
            );
        }
        // The chunks' numbers, to name a chunk that does not decode.
        let mut key_requests = Vec::with_capacity(2);
        for name in [LEAD_CHUNKS, ACTIVITY_CHUNKS] {
            key_requests.push(
                tx.object_store(name)
                    .and_then(|s| s.get_all_keys(None, None))
                    .map_err(idb_error)?
                    .into_future(),
            );
        }
        let tx = IdbTransaction::from(tx);
        let done = transaction_done(&tx);
        let values = settle(requests).await;
        let chunk_keys = settle(key_requests).await;
        let doc_counter = match doc_counter {
            Some(request) => request.await.ok().flatten(),
            None => None,
        };
        // Returns only once the transaction is over, so a `close` right after really closes.
        let _ = done.await;
        if let Some(next) = doc_counter.and_then(|v| v.as_f64()) {
            self.doc_counter_at_least(next as u64);
        }
        let mut chunk_keys = chunk_keys?.into_iter();
        let lead_keys = chunk_keys.next().unwrap_or_default();
        let activity_keys = chunk_keys.next().unwrap_or_default();
        let mut values = values?.into_iter();
        let (Some(leads), Some(activities)) = (values.next(), values.next()) else {
            return Err(StoreError::Other("getAll answered too few".into()));
        };
        let mut unreadable = Vec::new();
        let mut docs = Vec::new();
        for value in values.next().unwrap_or_default() {
            match decode_doc(&value) {
                Ok(doc) => docs.push(doc),
                Err(e) => unreadable.push(Unreadable {
                    what: describe_doc(&value),
                    error: e.to_string(),
                    raw: js_sys::JSON::stringify(&value)
                        .ok()
                        .and_then(|s| s.as_string())
                        .unwrap_or_default()
                        .into_bytes(),
                }),
            }
        }
        // IndexedDB orders strings by UTF-16 code units; the contract orders them as Rust does.
        crate::domain::text::sort::sort_by(&mut docs, |a, b| {
            (&a.collection, a.id).cmp(&(&b.collection, b.id))
        });
        Ok(Snapshot {
            leads: decode_all(&leads, &lead_keys, &mut unreadable),
            activities: decode_all(&activities, &activity_keys, &mut unreadable),
            docs,
            unreadable,
        })
    }

    async fn apply(&self, changes: &ChangeSet) -> Result<(), StoreError> {
        self.apply_with(changes, Durability::Default).await
    }

    async fn reserve_ids(&self, kind: IdKind, count: u64) -> Result<Range<u64>, StoreError> {
        let name = match kind {
            IdKind::Lead => NEXT_LEAD_ID,
            IdKind::Activity => NEXT_ACTIVITY_ID,
            IdKind::Doc => NEXT_DOC_ID,
        };
        let tx = self.transaction(&[META], TransactionMode::ReadWrite)?;
        let meta = tx.object_store(META).map_err(idb_error)?;
        let tx = IdbTransaction::from(tx);
        let done = transaction_done(&tx);
        let result = async {
            let current = meta
                .get(JsValue::from_str(name))
                .map_err(idb_error)?
                .await
                .map_err(idb_error)?;
            let start = current.and_then(|v| v.as_f64()).map_or(1, |n| n as u64);
            let range = start..start.saturating_add(count);
            if range.end > MAX_ID + 1 {
                return Err(StoreError::Integrity("id space exhausted".into()));
            }
            put_counter(&meta, name, range.end)?;
            Ok(range)
        }
        .await;
        if result.is_err() {
            let _ = tx.abort();
        }
        let outcome = done.await;
        let range = result?;
        finished(&tx, outcome, "aborted")?;
        if kind == IdKind::Doc {
            self.doc_counter_at_least(range.end);
        }
        Ok(range)
    }

    async fn load_setting(&self, key: &str) -> Result<Option<Setting>, StoreError> {
        let tx = self.transaction(&[SETTINGS], TransactionMode::ReadOnly)?;
        let request = tx
            .object_store(SETTINGS)
            .and_then(|s| s.get(JsValue::from_str(key)))
            .map_err(idb_error)?;
        let tx = IdbTransaction::from(tx);
        let done = transaction_done(&tx);
        let value = request.await.map_err(idb_error);
        let _ = done.await;
        Ok(value?.as_ref().and_then(setting_of))
    }

    async fn save_setting(&self, key: &str, setting: &Setting) -> Result<(), StoreError> {
        let tx = self.transaction(&[SETTINGS], TransactionMode::ReadWrite)?;
        let store = tx.object_store(SETTINGS).map_err(idb_error)?;
        let tx_raw = IdbTransaction::from(tx);
        let done = transaction_done(&tx_raw);
        let result = async {
            let stored = store
                .get(JsValue::from_str(key))
                .map_err(idb_error)?
                .await
                .map_err(idb_error)?;
            let stored = stored.as_ref().and_then(setting_of).map(|s| s.revision);
            check_revision("setting", 0, stored, setting.revision).map_err(|_| {
                StoreError::Conflict {
                    what: format!("{key} setting"),
                    stored,
                }
            })?;
            store
                .put(&setting_value(setting), Some(&key.into()))
                .map_err(idb_error)?;
            Ok(())
        }
        .await;
        if result.is_err() {
            let _ = tx_raw.abort();
        }
        let outcome = done.await;
        result?;
        finished(&tx_raw, outcome, "aborted")
    }

    async fn all_settings(&self) -> Result<Vec<(String, Setting)>, StoreError> {
        let tx = self.transaction(&[SETTINGS], TransactionMode::ReadOnly)?;
        let store = tx.object_store(SETTINGS).map_err(idb_error)?;
        let keys = store.get_all_keys(None, None).map_err(idb_error)?;
        let values = store.get_all(None, None).map_err(idb_error)?;
        let tx = IdbTransaction::from(tx);
        let done = transaction_done(&tx);
        let keys = keys.await.map_err(idb_error);
        let values = values.await.map_err(idb_error);
        let _ = done.await;
        let (keys, values) = (keys?, values?);
        let mut settings: Vec<(String, Setting)> = keys
            .iter()
            .zip(&values)
            .filter_map(|(k, v)| Some((k.as_string()?, setting_of(v)?)))
            .collect();
        settings.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(settings)
    }

    async fn replace_all(&self, contents: &Contents) -> Result<(), StoreError> {
        check_contents(contents)?;
        let tx = self.durable_transaction(
            &[META, LEAD_CHUNKS, ACTIVITY_CHUNKS, DOCS, SETTINGS],
            Durability::Strict,
        )?;
        let done = transaction_done(&tx);
        let result = self
            .replace_in(&Transaction::from(tx.clone()), contents)
            .await;
        if result.is_err() {
            let _ = tx.abort();
        }
        let outcome = done.await;
        result?;
        finished(&tx, outcome, "the restore was aborted")
    }

    async fn device_id(&self) -> Result<DeviceId, StoreError> {
        if let Some(id) = self.device.get() {
            return Ok(id);
        }
        let tx = self.transaction(&[META], TransactionMode::ReadWrite)?;
        let meta = tx.object_store(META).map_err(idb_error)?;
        let tx = IdbTransaction::from(tx);
        let done = transaction_done(&tx);
        let result = async {
            let stored = meta
                .get(JsValue::from_str(DEVICE_ID))
                .map_err(idb_error)?
                .await
                .map_err(idb_error)?
                .and_then(|v| v.as_f64())
                .map(|n| n as DeviceId)
                .filter(|&n| n != 0);
            match stored {
                Some(id) => Ok(id),
                None => {
                    // Any non-zero u32; two browsers of one team drawing the same is harmless
                    // (revisions still count up) and vanishingly rare.
                    let id = (js_sys::Math::random() * (u32::MAX as f64 - 1.0)) as DeviceId + 1;
                    meta.put(&JsValue::from_f64(id as f64), Some(&DEVICE_ID.into()))
                        .map_err(idb_error)?;
                    Ok(id)
                }
            }
        }
        .await;
        if result.is_err() {
            let _ = tx.abort();
        }
        let outcome = done.await;
        let id = result?;
        finished(&tx, outcome, "aborted")?;
        self.device.set(Some(id));
        Ok(id)
    }
}

fn factory() -> Result<Factory, StoreError> {
    Factory::new().map_err(|e| match e {
        idb::Error::IndexedDbNotFound(v) if v.is_null() || v.is_undefined() => {
            StoreError::Unavailable("this browser offers no IndexedDB".into())
        }
        idb::Error::IndexedDbNotFound(v)
            if v.is_instance_of::<DomException>() || v.is_instance_of::<js_sys::Error>() =>
        {
            StoreError::Unavailable(js_message(&v))
        }
        _ => StoreError::Unavailable("indexedDB is not an IDBFactory".into()),
    })
}

/// The version of an existing database, opened without asking for one.
async fn stored_version(factory: &Factory, name: &str) -> Option<u32> {
    let db = factory.open(name, None).ok()?.await.ok()?;
    let version = db.version().ok();
    db.close();
    version
}

/// A future for the end of a transaction: `Ok` on `complete`, `Err` on `abort`.
// Not idb's TransactionFuture: it settles on a request's `error`, before `tx.error` names the DOMException.
fn transaction_done(tx: &IdbTransaction) -> JsFuture {
    JsFuture::from(Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onabort(Some(&reject));
    }))
}

/// Maps a finished [`transaction_done`] to the transaction's own error if it aborted.
fn finished(
    tx: &IdbTransaction,
    outcome: Result<JsValue, JsValue>,
    aborted: &str,
) -> Result<(), StoreError> {
    outcome.map(|_| ()).map_err(|_| match tx.error() {
        Some(e) => dom_error(&e),
        None => StoreError::Other(aborted.into()),
    })
}

/// Awaits requests issued together (each with its own listener: Chromium does not promise that
/// the last request's `success` comes after the others' results are readable) and returns their
/// results, or the first failure. Every one is awaited even after a failure: the transaction
/// then aborts and fails the rest at once, and idb's listeners must not be dropped before they
/// fire. Only reads go through here; writes carry no listener and are reported by the
/// transaction's `complete`.
async fn settle<F, T>(requests: impl IntoIterator<Item = F>) -> Result<Vec<T>, StoreError>
where
    F: Future<Output = Result<T, idb::Error>>,
{
    let mut results = Vec::new();
    let mut first_error = None;
    for request in requests {
        match request.await {
            Ok(value) => results.push(value),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    match first_error {
        Some(e) => Err(idb_error(e)),
        None => Ok(results),
    }
}

/// A `getAllKeys` over the span of `chunks` (none when there are no chunks).
fn existing_keys(
    store: &ObjectStore,
    chunks: &BTreeSet<u64>,
) -> Result<Option<idb::request::GetAllKeysStoreRequest>, StoreError> {
    let (Some(&first), Some(&last)) = (chunks.first(), chunks.last()) else {
        return Ok(None);
    };
    let range = KeyRange::bound(&key(first), &key(last), None, None).map_err(idb_error)?;
    store
        .get_all_keys(Some(Query::from(range)), None)
        .map(Some)
        .map_err(idb_error)
}

/// The chunk numbers an [`existing_keys`] request found that are also `wanted`.
fn keys_in(keys: &[JsValue], wanted: &BTreeSet<u64>) -> Vec<u64> {
    keys.iter()
        .filter_map(JsValue::as_f64)
        .map(|k| k as u64)
        .filter(|k| wanted.contains(k))
        .collect()
}

/// Writes each chunk that gains records (`groups`) or loses them (`erased`, after the merge): the
/// stored chunk with the changes, or no chunk at all once it holds nothing.
async fn write_merged<T: Chunked>(
    store: &ObjectStore,
    groups: BTreeMap<u64, Vec<T>>,
    erased: &[u64],
    stored: &mut BTreeMap<u64, Vec<T>>,
    pacer: &mut Pacer,
) -> Result<(), StoreError> {
    let mut touched: BTreeMap<u64, Vec<T>> = BTreeMap::new();
    for (k, incoming) in groups {
        let mut records = stored.remove(&k).unwrap_or_default();
        merge_by_id(&mut records, incoming);
        touched.insert(k, records);
    }
    for &id in erased {
        let k = chunk_of(id);
        let records = match touched.entry(k) {
            std::collections::btree_map::Entry::Occupied(entry) => entry.into_mut(),
            std::collections::btree_map::Entry::Vacant(entry) => match stored.remove(&k) {
                Some(records) => entry.insert(records),
                // Not stored: nothing to erase.
                None => continue,
            },
        };
        records.retain(|r| r.id() != id);
    }
    for (k, records) in touched {
        if records.is_empty() {
            store.delete(key(k)).map_err(idb_error)?;
        } else {
            // A copy sized to the chunk: a view into wasm memory would clone all of it.
            let bytes = Uint8Array::from(encode_chunk(&records).as_slice());
            pacer.wrote(store.put(&bytes, Some(&key(k))).map_err(idb_error)?);
            pacer.breathe().await;
        }
    }
    Ok(())
}

/// Milliseconds of reading, encoding and putting between two waits inside a write transaction.
const WRITE_SLICE_MS: f64 = 40.0;

/// Keeps a large write (an import's 100,000 leads and 15,000 follow-up tasks) from holding the
/// page: after each [`WRITE_SLICE_MS`] of encoding and putting it waits for one of the
/// transaction's own puts to finish, which gives the event loop a turn (reads wait for the reads
/// issued so far). That is the one wait
/// allowed inside a transaction: it stays alive while it has requests pending, where a timer
/// would let it commit half-written. It waits for the last put of the slice before when that
/// one is still pending, so the browser has this slice's puts to write meanwhile; otherwise for
/// this slice's last. The transaction stays one: every put or none is committed.
struct Pacer {
    /// When the current slice began.
    since: f64,
    /// The last put of the slice before, and of this one.
    previous: Option<IdbRequest>,
    latest: Option<IdbRequest>,
}

impl Pacer {
    fn new() -> Pacer {
        Pacer {
            since: js_sys::Date::now(),
            previous: None,
            latest: None,
        }
    }

    /// Notes a put just issued.
    fn wrote(&mut self, request: impl Into<IdbRequest>) {
        self.latest = Some(request.into());
    }

    /// Whether the current slice has run its time.
    fn due(&self) -> bool {
        js_sys::Date::now() - self.since >= WRITE_SLICE_MS
    }

    /// Starts the next slice (after a wait of the caller's own).
    fn restart(&mut self) {
        self.since = js_sys::Date::now();
    }

    /// Waits for a put once the slice has run its time; otherwise goes straight on.
    async fn breathe(&mut self) {
        if !self.due() {
            return;
        }
        let wait = self
            .previous
            .take()
            .filter(pending)
            .or_else(|| self.latest.clone().filter(pending));
        if let Some(request) = wait {
            // Its error, if any, aborts the transaction, which reports it.
            let _ = request_finished(&request).await;
        }
        self.previous = self.latest.take();
        self.restart();
    }
}

/// Whether a request has not finished yet.
fn pending(request: &IdbRequest) -> bool {
    Reflect::get(request, &"readyState".into())
        .ok()
        .and_then(|state| state.as_string())
        .is_some_and(|state| state == "pending")
}

/// A future for a request's end, success or error (a failed write aborts its transaction, whose
/// end reports it).
fn request_finished(request: &IdbRequest) -> JsFuture {
    JsFuture::from(Promise::new(&mut |resolve, _| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&resolve));
    }))
}

/// Writes an id counter (no listener: the transaction's completion reports it).
fn put_counter(meta: &ObjectStore, name: &str, next: u64) -> Result<(), StoreError> {
    meta.put(&JsValue::from_f64(next as f64), Some(&name.into()))
        .map(drop)
        .map_err(idb_error)
}

fn decode_value<T: Chunked>(value: Option<&JsValue>) -> Result<Vec<T>, StoreError> {
    let bytes = value
        .and_then(|v| v.dyn_ref::<Uint8Array>())
        .ok_or_else(|| StoreError::Corrupt("a chunk is not a byte array".into()))?;
    decode_chunk(&bytes.to_vec())
}

/// Every chunk's records; a chunk that does not decode is set aside in `unreadable`, its bytes
/// kept, and the others load.
fn decode_all<T: Chunked>(
    values: &[JsValue],
    keys: &[JsValue],
    unreadable: &mut Vec<Unreadable>,
) -> Vec<T> {
    let mut all = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match decode_value::<T>(Some(v)) {
            Ok(records) => all.extend(records),
            Err(e) => unreadable.push(Unreadable {
                what: format!(
                    "{} chunk {}",
                    T::WHAT,
                    keys.get(i).and_then(JsValue::as_f64).map_or(-1.0, |k| k)
                ),
                error: e.to_string(),
                raw: v
                    .dyn_ref::<Uint8Array>()
                    .map(Uint8Array::to_vec)
                    .unwrap_or_default(),
            }),
        }
    }
    all
}

/// Refuses records whose revision does not replace the one stored in their (decoded) chunk.
fn check_chunk_revisions<T: Chunked>(
    incoming: &[T],
    chunks: &BTreeMap<u64, Vec<T>>,
) -> Result<(), StoreError> {
    for record in incoming {
        let stored = chunks.get(&chunk_of(record.id())).and_then(|c| {
            c.binary_search_by_key(&record.id(), Chunked::id)
                .ok()
                .map(|i| c[i].revision())
        });
        check_revision(T::WHAT, record.id(), stored, record.revision())?;
    }
    Ok(())
}

/// "deal document 12" for a stored document, as far as its fields say.
fn describe_doc(value: &JsValue) -> String {
    let field = |name: &str| Reflect::get(value, &name.into()).ok();
    let collection = field("collection")
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| "unknown".into());
    let id = field("id")
        .and_then(|v| v.as_f64())
        .map_or_else(|| "?".into(), |n| n.to_string());
    format!("{collection} document {id}")
}

/// The revision kept beside a document or setting (`revision`: its JSON); none before revisions.
fn stored_revision(value: &JsValue) -> Revision {
    Reflect::get(value, &"revision".into())
        .ok()
        .and_then(|v| v.as_string())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

fn revision_value(revision: Revision) -> JsValue {
    serde_json::to_string(&revision).unwrap_or_default().into()
}

/// A document as stored: `{collection, id, json}`, keyed by its own `[collection, id]`.
fn doc_value(d: &Doc) -> JsValue {
    let o = Object::new();
    let _ = Reflect::set(&o, &"collection".into(), &d.collection.as_str().into());
    let _ = Reflect::set(&o, &"id".into(), &JsValue::from_f64(d.id as f64));
    let _ = Reflect::set(&o, &"json".into(), &d.json.as_str().into());
    let _ = Reflect::set(&o, &"revision".into(), &revision_value(d.revision));
    o.into()
}

/// The key of a document: `[collection, id]`.
fn doc_key(collection: &str, id: u64) -> JsValue {
    Array::of2(&collection.into(), &JsValue::from_f64(id as f64)).into()
}

fn decode_doc(value: &JsValue) -> Result<Doc, StoreError> {
    let field = |name: &str| Reflect::get(value, &name.into()).ok();
    let collection = field("collection").and_then(|v| v.as_string());
    let id = field("id")
        .and_then(|v| v.as_f64())
        .filter(|n| n.fract() == 0.0 && (1.0..=MAX_ID as f64).contains(n));
    let json = field("json").and_then(|v| v.as_string());
    match (collection, id, json) {
        (Some(collection), Some(id), Some(json)) => Ok(Doc {
            collection,
            id: id as u64,
            json,
            revision: stored_revision(value),
        }),
        _ => Err(StoreError::Corrupt(
            "a stored document is not {collection, id, json}".into(),
        )),
    }
}

/// A stored setting: `{json, revision}`, or a plain JSON string as saved before revisions.
/// A setting as stored: `{json, revision}`.
fn setting_value(setting: &Setting) -> JsValue {
    let value = Object::new();
    let _ = Reflect::set(&value, &"json".into(), &setting.json.as_str().into());
    let _ = Reflect::set(
        &value,
        &"revision".into(),
        &revision_value(setting.revision),
    );
    value.into()
}

fn setting_of(value: &JsValue) -> Option<Setting> {
    if let Some(json) = value.as_string() {
        return Some(Setting {
            json,
            revision: Revision::default(),
        });
    }
    let json = Reflect::get(value, &"json".into()).ok()?.as_string()?;
    Some(Setting {
        json,
        revision: stored_revision(value),
    })
}

fn key(chunk: u64) -> JsValue {
    JsValue::from_f64(chunk as f64)
}

/// The browser's own error inside an idb error, when there is one.
fn payload(e: &idb::Error) -> Option<&JsValue> {
    use idb::Error as E;
    match e {
        E::DomException(dom) => Some(dom.as_ref()),
        E::TransactionOpenFailed(v)
        | E::TransactionAbortError(v)
        | E::ObjectStoreNotFound(v)
        | E::ObjectStoreCreateFailed(v)
        | E::GetFailed(v)
        | E::GetAllFailed(v)
        | E::GetAllKeysFailed(v)
        | E::UpdateFailed(v)
        | E::KeyRangeCreateFailed(v)
        | E::IndexedDbOpenFailed(v)
        | E::IndexedDbDeleteFailed(v)
        | E::RequestResultNotFound(v)
        | E::RequestErrorNotFound(v) => Some(v),
        _ => None,
    }
}

fn idb_error(e: idb::Error) -> StoreError {
    match payload(&e) {
        Some(v) => js_error(v),
        None => StoreError::Other(e.to_string()),
    }
}

fn idb_message(e: &idb::Error) -> String {
    payload(e).map_or_else(|| e.to_string(), js_message)
}

fn dom_error(e: &DomException) -> StoreError {
    match e.name().as_str() {
        "QuotaExceededError" => StoreError::QuotaExceeded,
        name => StoreError::Other(format!("{name}: {}", e.message())),
    }
}

fn js_error(e: &JsValue) -> StoreError {
    match e.dyn_ref::<DomException>() {
        Some(dom) => dom_error(dom),
        None => StoreError::Other(js_message(e)),
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
