//! The store contract, persistence, migrations and failure modes of [`IdbStore`] in a real browser.
//!
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test store_idb`

#![cfg(target_arch = "wasm32")]

use std::cell::Cell;

use js_sys::{Date, Promise};
use kariz::domain::{Lead, Revision};
use kariz::store::idb::Durability;
use kariz::store::migrations::CURRENT_VERSION;
use kariz::store::{contract, ChangeSet, IdKind, IdbStore, Setting, Store, StoreError};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

thread_local!(static COUNTER: Cell<u32> = const { Cell::new(0) });

/// A database name no other test (or earlier run) uses.
fn fresh_name(test: &str) -> String {
    let n = COUNTER.with(|c| c.replace(c.get() + 1));
    format!("kariz-test-{test}-{}-{n}", Date::now())
}

async fn open(name: &str) -> IdbStore {
    IdbStore::open(name)
        .await
        .unwrap_or_else(|e| panic!("opening {name} failed: {e}"))
}

async fn delete(name: &str) {
    IdbStore::delete_database(name)
        .await
        .unwrap_or_else(|e| panic!("deleting {name} failed: {e}"));
}

/// Runs one contract function on a fresh database and deletes it afterwards.
macro_rules! contract_tests {
    ($($f:ident),* $(,)?) => {$(
        #[wasm_bindgen_test]
        async fn $f() {
            let name = fresh_name(stringify!($f));
            let store = open(&name).await;
            contract::$f(&store).await;
            store.close();
            delete(&name).await;
        }
    )*};
}

contract_tests!(
    starts_empty,
    replace_all_replaces_everything,
    round_trip,
    rejects_orphan_activity_and_writes_nothing,
    rejects_out_of_range_ids,
    ids_never_overlap,
    explicit_ids_advance_counters,
    replaces_by_id,
    keeps_id_order,
    settings_round_trip,
    large_batch,
    docs_round_trip,
    docs_replace_by_key,
    docs_delete,
    erased_records_are_gone,
    docs_same_id_in_two_collections_are_distinct,
    rejects_orphan_activity_with_docs_and_writes_nothing,
    rejects_bad_doc_keys,
    doc_ids_never_overlap,
    revisions_refuse_stale_writes,
);

fn setting(json: &str) -> Setting {
    Setting {
        json: json.into(),
        revision: Revision::first(1),
    }
}

#[wasm_bindgen_test]
async fn two_connections_do_not_clobber() {
    let name = fresh_name("two-tabs");
    let (tab_a, tab_b) = (open(&name).await, open(&name).await);
    contract::two_handles_do_not_clobber(&tab_a, &tab_b).await;
    drop((tab_a, tab_b));
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn doc_counter_follows_other_connections() {
    let name = fresh_name("doc-counter");
    let (tab_a, tab_b) = (open(&name).await, open(&name).await);
    contract::doc_counter_follows_other_handles(&tab_a, &tab_b).await;
    drop((tab_a, tab_b));
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn warming_up_writes_changes_nothing() {
    let name = fresh_name("warm-up");
    let store = open(&name).await;
    store.warm_up_writes().await.unwrap();
    assert_eq!(
        store.reserve_ids(IdKind::Doc, 2).await.unwrap(),
        1..3,
        "fresh database"
    );
    store.warm_up_writes().await.unwrap();
    assert_eq!(store.reserve_ids(IdKind::Doc, 1).await.unwrap(), 3..4);
    let before = store.load_all().await.unwrap();
    store.warm_up_writes().await.unwrap();
    let after = store.load_all().await.unwrap();
    assert_eq!(format!("{before:?}"), format!("{after:?}"));
    assert_eq!(store.reserve_ids(IdKind::Lead, 1).await.unwrap(), 1..2);
    assert_eq!(store.reserve_ids(IdKind::Activity, 1).await.unwrap(), 1..2);
    store.close();
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn aborted_doc_write_leaves_the_counter() {
    let name = fresh_name("doc-abort");
    let store = open(&name).await;
    contract::failed_doc_write_leaves_the_counter(&store, IdbStore::fail_next_apply).await;
    store.close();
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn aborted_replace_all_rolls_back() {
    let name = fresh_name("abort-replace");
    let store = open(&name).await;
    contract::failed_replace_all_changes_nothing(&store, IdbStore::fail_next_apply).await;
    store.close();
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn aborted_apply_rolls_back_issued_writes() {
    let name = fresh_name("abort");
    let store = open(&name).await;
    contract::failed_apply_writes_nothing(&store, IdbStore::fail_next_apply).await;
    store.close();
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn data_survives_close_and_reopen() {
    let name = fresh_name("reopen");
    let store = open(&name).await;
    contract::round_trip(&store).await;
    let docs = ChangeSet {
        docs: vec![contract::doc("deal", 1), contract::doc("audit", 1)],
        ..Default::default()
    };
    store.apply(&docs).await.unwrap();
    store
        .save_setting("ui", &setting(r#"{"lang":"fa"}"#))
        .await
        .unwrap();
    let ids = store.reserve_ids(IdKind::Lead, 5).await.unwrap();
    let doc_ids = store.reserve_ids(IdKind::Doc, 5).await.unwrap();
    let before = store.load_all().await.unwrap();
    store.close();

    let store = open(&name).await;
    assert_eq!(
        store.load_all().await.unwrap(),
        before,
        "data must survive a reopen"
    );
    assert_eq!(
        store.load_setting("ui").await.unwrap(),
        Some(setting(r#"{"lang":"fa"}"#))
    );
    let after = store.reserve_ids(IdKind::Lead, 1).await.unwrap();
    assert!(
        after.start >= ids.end,
        "id counters must survive a reopen: {ids:?} then {after:?}"
    );
    let after = store.reserve_ids(IdKind::Doc, 1).await.unwrap();
    assert!(
        after.start >= doc_ids.end,
        "the document counter must survive a reopen: {doc_ids:?} then {after:?}"
    );
    store.close();
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn orphan_rejection_leaves_nothing_after_reload() {
    let name = fresh_name("orphan-reload");
    let store = open(&name).await;
    let mut changes = contract::import_sized(&store, 3_000, 2).await;
    changes
        .activities
        .push(contract::activity(999_999, 888_888));
    changes.docs = vec![contract::doc("deal", 1), contract::doc("audit", 1)];
    assert!(matches!(
        store.apply(&changes).await,
        Err(StoreError::Integrity(_))
    ));
    store.close();
    let store = open(&name).await;
    let snap = store.load_all().await.unwrap();
    assert!(
        snap.leads.is_empty() && snap.activities.is_empty() && snap.docs.is_empty(),
        "a rejected change left records"
    );
    store.close();
    delete(&name).await;
}

/// Creates a database as Kariz at schema `from` left it, fills it, reopens it at
/// [`CURRENT_VERSION`] and checks that every record, setting and id counter survived and that
/// documents work.
async fn upgrades_without_loss(from: u32) {
    let name = fresh_name(&format!("migrate-v{from}"));
    let old = IdbStore::open_at_version(&name, from)
        .await
        .unwrap_or_else(|e| panic!("creating a v{from} database: {e}"));
    assert_eq!(old.version(), from);
    let changes = contract::import_sized(&old, 2_500, 3).await;
    old.apply(&changes).await.unwrap();
    let ids = old.reserve_ids(IdKind::Activity, 10).await.unwrap();
    let has_settings = from >= 2;
    if has_settings {
        old.save_setting("locale", &setting(r#"{"lang":"fa"}"#))
            .await
            .unwrap();
    } else {
        assert!(
            old.load_setting("ui").await.is_err(),
            "v1 has no settings store"
        );
    }
    let before = old.load_all().await.unwrap();
    assert!(before.docs.is_empty(), "v{from} has no documents");
    old.close();

    let store = open(&name).await;
    assert_eq!(store.version(), CURRENT_VERSION);
    assert_eq!(
        store.load_all().await.unwrap(),
        before,
        "the upgrade from v{from} must keep every record"
    );
    let next = store.reserve_ids(IdKind::Activity, 1).await.unwrap();
    assert!(
        next.start >= ids.end,
        "the upgrade from v{from} must keep the id counters"
    );
    if has_settings {
        assert_eq!(
            store.load_setting("locale").await.unwrap(),
            Some(setting(r#"{"lang":"fa"}"#)),
            "the upgrade from v{from} must keep settings"
        );
    }

    let doc_ids = store.reserve_ids(IdKind::Doc, 2).await.unwrap();
    assert_eq!(doc_ids, 1..3, "document ids start at 1 after the upgrade");
    let edited = Lead {
        notes: "qualified".into(),
        revision: Revision::default().next(1),
        ..changes.leads[7].clone()
    };
    let docs = vec![
        contract::doc("deal", doc_ids.start),
        contract::doc("qualification", doc_ids.start + 1),
    ];
    store
        .apply(&ChangeSet {
            leads: vec![edited.clone()],
            docs: docs.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    store.close();

    let store = open(&name).await;
    let after = store.load_all().await.unwrap();
    assert_eq!(
        after.docs, docs,
        "documents written after the upgrade must persist"
    );
    assert_eq!(after.leads[7], edited);
    assert_eq!(after.leads.len(), before.leads.len());
    assert!(
        after.activities == before.activities,
        "activities must stay as they were"
    );
    contract::settings_round_trip(&store).await;
    store.close();
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn upgrades_a_v1_database_without_loss() {
    upgrades_without_loss(1).await;
}

#[wasm_bindgen_test]
async fn upgrades_a_v2_database_without_loss() {
    upgrades_without_loss(2).await;
}

#[wasm_bindgen_test]
async fn newer_database_is_too_new() {
    let name = fresh_name("too-new");
    IdbStore::open_at_version(&name, CURRENT_VERSION + 1)
        .await
        .unwrap()
        .close();
    match IdbStore::open(&name).await {
        Err(StoreError::TooNew { found, supported }) => {
            assert_eq!((found, supported), (CURRENT_VERSION + 1, CURRENT_VERSION));
        }
        other => panic!("expected TooNew, got {other:?}"),
    }
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn another_tab_upgrading_closes_this_connection() {
    let name = fresh_name("version-change");
    let old_tab = open(&name).await;
    contract::round_trip(&old_tab).await;
    let new_tab = IdbStore::open_at_version(&name, CURRENT_VERSION + 1)
        .await
        .expect("the upgrade must not be blocked by a Kariz tab");
    assert_eq!(old_tab.load_all().await, Err(StoreError::VersionChanged));
    assert_eq!(
        old_tab.reserve_ids(IdKind::Lead, 1).await,
        Err(StoreError::VersionChanged)
    );
    drop((old_tab, new_tab));
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn upgrade_blocked_by_a_connection_that_stays_open() {
    let name = fresh_name("blocked");
    open(&name).await.close();
    // A connection without a versionchange handler, as an older Kariz or a devtools tab keeps.
    let request = web_sys::window()
        .unwrap()
        .indexed_db()
        .unwrap()
        .unwrap()
        .open(&name)
        .unwrap();
    let opened = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    JsFuture::from(opened).await.unwrap();
    let stubborn: web_sys::IdbDatabase = request.result().unwrap().unchecked_into();

    assert_eq!(
        IdbStore::open_at_version(&name, CURRENT_VERSION + 1)
            .await
            .unwrap_err(),
        StoreError::Blocked
    );
    stubborn.close();
    delete(&name).await;
}

/// Not a pass/fail test: prints how long bulk writes and a cold load take (debug build, so
/// slower than release). Run with `-- --nocapture` to see the numbers.
#[wasm_bindgen_test]
async fn measure_bulk_import_and_load() {
    let name = fresh_name("measure");
    let store = open(&name).await;
    for (leads, per_lead, durability) in [
        (5_000, 0, Durability::Default),
        (5_000, 10, Durability::Default),
        (5_000, 10, Durability::Relaxed),
    ] {
        let changes = contract::import_sized(&store, leads, per_lead).await;
        let t = Date::now();
        store.apply_with(&changes, durability).await.unwrap();
        console_log!(
            "apply {leads} leads + {} activities ({durability:?}): {} ms",
            changes.activities.len(),
            Date::now() - t
        );
    }
    let one = ChangeSet {
        leads: vec![Lead {
            revision: Revision::default().next(1),
            ..contract::lead(2_500)
        }],
        activities: vec![],
        ..Default::default()
    };
    let t = Date::now();
    store.apply(&one).await.unwrap();
    console_log!("apply 1 lead into a full chunk: {} ms", Date::now() - t);
    store.close();

    let t = Date::now();
    let store = open(&name).await;
    let snap = store.load_all().await.unwrap();
    console_log!(
        "cold open + load_all of {} leads, {} activities: {} ms",
        snap.leads.len(),
        snap.activities.len(),
        Date::now() - t
    );
    store.close();
    delete(&name).await;
}

/// Puts raw values into a database's object stores, as an older Kariz (or a damaged disk) left
/// them: `(store, key, value)`, the key `None` for the documents' inline keys.
async fn put_raw(
    name: &str,
    values: Vec<(&str, Option<wasm_bindgen::JsValue>, wasm_bindgen::JsValue)>,
) {
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let request = factory.open(name).unwrap();
    let opened = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    JsFuture::from(opened).await.unwrap();
    let db: web_sys::IdbDatabase = request.result().unwrap().unchecked_into();
    let names = js_sys::Array::new();
    for (store, _, _) in &values {
        names.push(&(*store).into());
    }
    let tx = db
        .transaction_with_str_sequence_and_mode(&names, web_sys::IdbTransactionMode::Readwrite)
        .unwrap();
    for (store, key, value) in values {
        let store = tx.object_store(store).unwrap();
        match key {
            Some(key) => store.put_with_key(&value, &key).unwrap(),
            None => store.put(&value).unwrap(),
        };
    }
    let done = Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onabort(Some(&reject));
    });
    JsFuture::from(done).await.unwrap();
    db.close();
}

fn bytes(b: &[u8]) -> wasm_bindgen::JsValue {
    js_sys::Uint8Array::from(b).into()
}

/// A database written by the version before revisions (stored format 1: the committed fixtures,
/// written by that version) loads with every record, and takes new writes.
#[wasm_bindgen_test]
async fn a_format_1_database_written_by_the_old_version_loads() {
    let name = fresh_name("format-1");
    IdbStore::open_at_version(&name, 3).await.unwrap().close();
    let docs: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("fixtures/store/format-1/docs.json")).unwrap();
    let settings: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(include_str!("fixtures/store/format-1/settings.json")).unwrap();
    let mut values = vec![
        (
            "lead_chunks",
            Some(0.into()),
            bytes(include_bytes!("fixtures/store/format-1/lead_chunk_0.bin")),
        ),
        (
            "lead_chunks",
            Some(1.into()),
            bytes(include_bytes!("fixtures/store/format-1/lead_chunk_1.bin")),
        ),
        (
            "activity_chunks",
            Some(0.into()),
            bytes(include_bytes!(
                "fixtures/store/format-1/activity_chunk_0.bin"
            )),
        ),
    ];
    for doc in &docs {
        let o = js_sys::Object::new();
        js_sys::Reflect::set(
            &o,
            &"collection".into(),
            &doc["collection"].as_str().unwrap().into(),
        )
        .unwrap();
        js_sys::Reflect::set(&o, &"id".into(), &(doc["id"].as_f64().unwrap()).into()).unwrap();
        js_sys::Reflect::set(&o, &"json".into(), &doc["json"].as_str().unwrap().into()).unwrap();
        values.push(("docs", None, o.into()));
    }
    for (key, json) in &settings {
        values.push((
            "settings",
            Some(key.as_str().into()),
            json.as_str().unwrap().into(),
        ));
    }
    put_raw(&name, values).await;

    let store = open(&name).await;
    let snap = store.load_all().await.unwrap();
    assert!(snap.unreadable.is_empty(), "{:?}", snap.unreadable);
    let expected: Vec<Lead> =
        serde_json::from_str(include_str!("fixtures/store/format-1/leads.json")).unwrap();
    assert_eq!(snap.leads, expected);
    assert_eq!(snap.activities.len(), 22);
    assert_eq!(snap.docs.len(), 8);
    assert!(snap.docs.iter().all(|d| d.revision == Revision::default()));
    let profile = store.load_setting("profile").await.unwrap().unwrap();
    assert_eq!(profile.json, r#"{"name":"Nima Rahimi"}"#);
    assert_eq!(profile.revision, Revision::default());
    // A write from version 0 replaces a record from before revisions.
    let mut lead = snap.leads[0].clone();
    lead.notes = "after the upgrade".into();
    lead.revision = lead.revision.next(store.device_id().await.unwrap());
    store
        .apply(&ChangeSet {
            leads: vec![lead.clone()],
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(store.load_all().await.unwrap().leads[0], lead);
    store.close();
    delete(&name).await;
}

/// A chunk or a document that does not decode is reported with its bytes, the rest loads, and a
/// write that would rewrite the damaged chunk is refused instead of overwriting it.
#[wasm_bindgen_test]
async fn unreadable_data_is_set_aside_and_never_overwritten() {
    let name = fresh_name("unreadable");
    let store = open(&name).await;
    let changes = contract::import_sized(&store, 2_000, 1).await;
    store.apply(&changes).await.unwrap();
    store.close();
    let garbage_doc = js_sys::Object::new();
    js_sys::Reflect::set(&garbage_doc, &"collection".into(), &"deal".into()).unwrap();
    js_sys::Reflect::set(&garbage_doc, &"id".into(), &7.into()).unwrap();
    js_sys::Reflect::set(&garbage_doc, &"json".into(), &5.into()).unwrap();
    put_raw(
        &name,
        vec![
            ("lead_chunks", Some(1.into()), bytes(&[9, 1, 2, 3])),
            ("docs", None, garbage_doc.into()),
        ],
    )
    .await;

    let store = open(&name).await;
    let snap = store.load_all().await.unwrap();
    let what: Vec<&str> = snap.unreadable.iter().map(|u| u.what.as_str()).collect();
    assert_eq!(what, ["deal document 7", "lead chunk 1"]);
    assert_eq!(snap.unreadable[1].raw, vec![9, 1, 2, 3]);
    assert_eq!(snap.leads.len(), 1_023, "chunk 0 loads (ids 1–1023)");
    assert_eq!(snap.activities.len(), 2_000);
    let in_damaged_chunk = Lead {
        revision: Revision::default().next(1),
        ..changes.leads[1_500].clone()
    };
    assert!(matches!(
        store
            .apply(&ChangeSet {
                leads: vec![in_damaged_chunk],
                ..Default::default()
            })
            .await,
        Err(StoreError::Corrupt(_))
    ));
    let again = store.load_all().await.unwrap();
    assert_eq!(
        again.unreadable[1].raw,
        vec![9, 1, 2, 3],
        "the damaged chunk is untouched"
    );
    store.close();
    delete(&name).await;
}
