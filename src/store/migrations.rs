//! The IndexedDB schema, one step per version. `STEPS[n]` upgrades a database from version `n` to
//! `n + 1`; opening runs every step between the stored and the wanted version inside the single
//! upgrade transaction, so an upgrade either completes or leaves the old database untouched.
//!
//! Never edit a released step: add a new one (and bump nothing else, [`CURRENT_VERSION`] follows).

use idb::{Database, Error, KeyPath, ObjectStoreParams, Transaction};

/// Id counters: `next_lead_id`, `next_activity_id`, `next_doc_id` (v3) → JS number.
pub const META: &str = "meta";
/// Leads in chunks: chunk number (JS number) → `Uint8Array` (see [`super::codec`]).
pub const LEAD_CHUNKS: &str = "lead_chunks";
/// Activities in chunks of their own ids: chunk number → `Uint8Array`.
pub const ACTIVITY_CHUNKS: &str = "activity_chunks";
/// Settings documents (v2): key → JSON string.
pub const SETTINGS: &str = "settings";
/// JSON documents (v3): `{collection, id, json}` objects keyed by their own `[collection, id]`.
pub const DOCS: &str = "docs";

/// What a step works with: the database being upgraded and its `versionchange` transaction
/// (for steps that rewrite data, which must only issue requests on this transaction).
pub struct Upgrade<'a> {
    pub db: &'a Database,
    pub tx: &'a Transaction,
}

/// One schema step; an `Err` aborts the whole upgrade.
pub type Step = fn(&Upgrade) -> Result<(), Error>;

/// Every step in order; the database version is the number of steps applied.
pub const STEPS: &[Step] = &[v1_chunks, v2_settings, v3_docs];

/// The schema version this build writes and reads.
pub const CURRENT_VERSION: u32 = STEPS.len() as u32;

/// Runs the steps that take a database from version `from` to version `to` (steps this build
/// does not know are skipped: only a test creates such a database, to play a newer Kariz).
pub fn run(upgrade: &Upgrade, from: u32, to: u32) -> Result<(), Error> {
    let known = to.min(CURRENT_VERSION);
    for step in STEPS.iter().take(known as usize).skip(from as usize) {
        step(upgrade)?;
    }
    Ok(())
}

/// v1: id counters and the two chunk stores (keys supplied on write).
fn v1_chunks(u: &Upgrade) -> Result<(), Error> {
    for name in [META, LEAD_CHUNKS, ACTIVITY_CHUNKS] {
        u.db.create_object_store(name, ObjectStoreParams::new())?;
    }
    Ok(())
}

/// v2: named settings documents.
fn v2_settings(u: &Upgrade) -> Result<(), Error> {
    u.db.create_object_store(SETTINGS, ObjectStoreParams::new())?;
    Ok(())
}

/// v3: JSON documents of named collections. The key is the compound key path
/// `["collection", "id"]` (inline, not supplied on write): the key cannot disagree with the
/// record it keys, `getAll` alone yields collection and id with each document, and the array keys
/// sort by collection then numeric id, so a collection is one contiguous key range.
fn v3_docs(u: &Upgrade) -> Result<(), Error> {
    let mut params = ObjectStoreParams::new();
    params.key_path(Some(KeyPath::new_array(["collection", "id"])));
    u.db.create_object_store(DOCS, params)?;
    Ok(())
}
