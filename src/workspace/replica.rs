//! The workspace's records as sync documents, and the replica that keeps their revision trees.
//!
//! Every synced record is one document: `lead:42`, `activity:7`, `deal:9`, `task:3`,
//! `setting:scoring`… whose `fields` are the record's JSON without its local [`Revision`] (a
//! revision is this store's bookkeeping, not part of the record). The replica ([`LocalDb`]) holds
//! each document's revision tree and leaves, and beside it, per document, what the local record
//! holds ([`Seen`]): the local revision it was at, and the leaves its content reflects. A local
//! write whose revision is not the seen one is a new version to send; leaves that are not the seen
//! ones are remote changes to write into the store.
//!
//! Nothing here does I/O: the workspace hands in what a command committed and asks what to write
//! and what to keep.
//!
//! **Stored in chunks.** The replica keeps its entries in the store in chunks of up to 64
//! records of one kind with neighbouring ids (collections `replica.chunk.lead`…): a first sync
//! of a million records writes about 17,000 store documents, not a million, and a start reads as
//! few. Replicas saved before chunks (one document per record, in `replica.lead`…) still load;
//! their entries move into chunks at the next save, each old document deleted in the transaction
//! that writes its chunk.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::stored::{self, QUESTIONS_SETTING, REMINDED_UP_TO, RULES_SETTING, SCORING_SETTING};
use super::sync::BLOCK_SIZE;
use crate::domain::sync::{Fields, RevId};
use crate::domain::{Activity, ActivityId, Lead, LeadId, Rev, Revision};
use crate::store::{ChangeSet, Doc, Setting, Snapshot};
use crate::sync::wire::WireDoc;
use crate::sync::LocalDb;

/// The settings a team shares. The profile ("Your name") is each person's own.
pub(crate) const SYNCED_SETTINGS: [&str; 3] = [SCORING_SETTING, QUESTIONS_SETTING, RULES_SETTING];

/// One synced record, by kind and id.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Item {
    Lead(LeadId),
    Activity(ActivityId),
    /// A document of a stored collection.
    Doc(&'static str, u64),
    Setting(&'static str),
}

impl Item {
    /// The document id on the server.
    pub fn doc_id(&self) -> String {
        match self {
            Item::Lead(id) => format!("lead:{id}"),
            Item::Activity(id) => format!("activity:{id}"),
            Item::Doc(collection, id) => format!("{collection}:{id}"),
            Item::Setting(key) => format!("setting:{key}"),
        }
    }

    /// The record a document id names; `None` for one this version does not sync.
    pub fn parse(doc_id: &str) -> Option<Item> {
        let (kind, rest) = doc_id.split_once(':')?;
        if kind == "setting" {
            return SYNCED_SETTINGS
                .into_iter()
                .find(|k| *k == rest)
                .map(Item::Setting);
        }
        let id: u64 = rest.parse().ok().filter(|&id| id > 0)?;
        match kind {
            "lead" => Some(Item::Lead(id)),
            "activity" => Some(Item::Activity(id)),
            _ => {
                let collection = stored::collection_key(kind)?;
                synced_doc(collection, id).then_some(Item::Doc(collection, id))
            }
        }
    }

    /// The record's kind and number: its id, or a setting's place among the synced ones.
    fn kind_and_number(&self) -> (&'static str, u64) {
        match self {
            Item::Lead(id) => ("lead", *id),
            Item::Activity(id) => ("activity", *id),
            Item::Doc(collection, id) => (collection, *id),
            Item::Setting(key) => ("setting", setting_number(key)),
        }
    }

    /// The record of the same kind numbered `number`.
    fn numbered(&self, number: u64) -> Option<Item> {
        match self {
            _ if number == 0 => None,
            Item::Lead(_) => Some(Item::Lead(number)),
            Item::Activity(_) => Some(Item::Activity(number)),
            Item::Doc(collection, _) => Some(Item::Doc(collection, number)),
            Item::Setting(_) => SYNCED_SETTINGS
                .get(number as usize - 1)
                .map(|key| Item::Setting(key)),
        }
    }

    /// The chunk of the store that keeps this record's replica entry.
    fn chunk(&self) -> ChunkKey {
        let (kind, number) = self.kind_and_number();
        (format!("{CHUNK_PREFIX}{kind}"), chunk_of(number))
    }

    /// The records that may share this record's chunk, this one among them.
    fn chunk_mates(&self) -> impl Iterator<Item = Item> + '_ {
        let chunk = chunk_of(self.kind_and_number().1);
        chunk_numbers(chunk)
            .filter(move |&n| chunk_of(n) == chunk)
            .filter_map(|n| self.numbered(n))
    }
}

/// A chunk of the replica in the store: collection (`replica.chunk.<kind>`) and number.
type ChunkKey = (String, u64);

/// The collections of replica chunks, by kind: `replica.chunk.lead`…
const CHUNK_PREFIX: &str = "replica.chunk.";
/// Records per chunk: 2^CHUNK_BITS.
const CHUNK_BITS: u32 = 6;

/// The chunk of the record numbered `number`, a store id (from 1). Ids made before sync are
/// consecutive, and so are the ids one device makes while syncing once their block is set aside
/// (they step by 2^24 in the block's lane, see `sync`): each chunk holds neighbours of one lane.
fn chunk_of(number: u64) -> u64 {
    let lane_bits = BLOCK_SIZE.trailing_zeros();
    if number < BLOCK_SIZE {
        (number >> CHUNK_BITS) + 1
    } else {
        let (step, block) = (number >> lane_bits, number & (BLOCK_SIZE - 1));
        (((step >> CHUNK_BITS) + 1) << lane_bits) | block
    }
}

/// Every number whose chunk may be `chunk` (filter with [`chunk_of`]).
fn chunk_numbers(chunk: u64) -> impl Iterator<Item = u64> {
    let lane_bits = BLOCK_SIZE.trailing_zeros();
    let (first, step) = if chunk < BLOCK_SIZE {
        ((chunk - 1) << CHUNK_BITS, 1)
    } else {
        let block = chunk & (BLOCK_SIZE - 1);
        let first_step = ((chunk >> lane_bits) - 1) << CHUNK_BITS;
        ((first_step << lane_bits) | block, BLOCK_SIZE)
    };
    (0..1u64 << CHUNK_BITS).map(move |i| first + i * step)
}

/// Whether a stored document is shared with the team: the learned model is trained on each
/// device, and when reminders were last shown is this device's own.
fn synced_doc(collection: &str, id: u64) -> bool {
    collection != stored::LEARNED_MODEL
        && !(collection == stored::AUTOMATION && id == REMINDED_UP_TO)
}

fn setting_number(key: &str) -> u64 {
    SYNCED_SETTINGS
        .iter()
        .position(|k| *k == key)
        .map_or(0, |i| i as u64 + 1)
}

/// A record's fields as a document: its JSON object without the local revision. A value that
/// is not an object (a bare number or list) is kept under `value`.
pub(crate) fn fields_of(mut value: Value) -> Fields {
    match value {
        Value::Object(ref mut map) => {
            map.remove("revision");
            std::mem::take(map)
        }
        other => Map::from_iter([("value".to_owned(), other)]),
    }
}

/// The JSON a record is read back from: `fields`, unwrapped the way [`fields_of`] wrapped it.
pub(crate) fn json_of(fields: &Fields) -> Value {
    match fields.get("value") {
        Some(value) if fields.len() == 1 => value.clone(),
        _ => Value::Object(fields.clone()),
    }
}

/// One record as a committed write left it: its local revision and fields, or `None` when it
/// was deleted or erased.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Written {
    pub item: Item,
    pub local: Rev,
    pub fields: Option<Fields>,
}

/// Every synced record a committed change set wrote or removed.
pub(crate) fn written(changes: &ChangeSet) -> Vec<Written> {
    let mut out: Vec<Written> = records(&changes.leads, &changes.activities, &changes.docs)
        .map(|(item, local, fields)| Written {
            item,
            local,
            fields: fields(),
        })
        .collect();
    let removed = changes
        .deleted_docs
        .iter()
        .filter_map(|(c, id)| Some(Item::Doc(stored::collection_key(c)?, *id)))
        .filter(|item| matches!(item, Item::Doc(c, id) if synced_doc(c, *id)))
        .chain(changes.erased_leads.iter().map(|&id| Item::Lead(id)))
        .chain(
            changes
                .erased_activities
                .iter()
                .map(|&id| Item::Activity(id)),
        );
    out.extend(removed.map(|item| Written {
        item,
        local: Rev::default(),
        fields: None,
    }));
    out
}

type LazyFields<'a> = Box<dyn FnOnce() -> Option<Fields> + 'a>;

/// Each synced record among these, with its local revision and, when asked for, its fields.
fn records<'a>(
    leads: &'a [Lead],
    activities: &'a [Activity],
    docs: &'a [Doc],
) -> impl Iterator<Item = (Item, Rev, LazyFields<'a>)> + 'a {
    let to_fields = |value: Result<Value, serde_json::Error>| value.ok().map(fields_of);
    let leads = leads.iter().map(move |lead| {
        let fields: LazyFields<'a> = Box::new(move || to_fields(serde_json::to_value(lead)));
        (Item::Lead(lead.id), lead.revision.current, fields)
    });
    let activities = activities.iter().map(move |activity| {
        let fields: LazyFields<'a> = Box::new(move || to_fields(serde_json::to_value(activity)));
        (
            Item::Activity(activity.id),
            activity.revision.current,
            fields,
        )
    });
    let docs = docs.iter().filter_map(move |doc| {
        let collection = stored::collection_key(&doc.collection)?;
        if !synced_doc(collection, doc.id) {
            return None;
        }
        let fields: LazyFields<'a> = Box::new(move || to_fields(serde_json::from_str(&doc.json)));
        Some((Item::Doc(collection, doc.id), doc.revision.current, fields))
    });
    leads.chain(activities).chain(docs)
}

/// A synced setting as saved.
pub(crate) fn written_setting(key: &'static str, setting: &Setting) -> Written {
    Written {
        item: Item::Setting(key),
        local: setting.revision.current,
        fields: serde_json::from_str(&setting.json).ok().map(fields_of),
    }
}

/// What the local record of a document holds.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Seen {
    /// The local revision the record was at (`None` once deleted here).
    pub local: Option<Rev>,
    /// The revision a local edit is made from: the one the record's content came from.
    pub base: Option<String>,
    /// The leaves the record's content reflects; other leaves are news to write.
    pub leaves: Vec<String>,
}

/// How a record's replica entry is kept in the store: in a chunk of [`SavedChunk`], or, as
/// replicas saved before chunks did, a document of its own.
#[derive(Debug, Serialize, Deserialize)]
struct SavedEntry {
    id: String,
    seq: u64,
    seen: Seen,
    leaves: Vec<Value>,
}

/// The entries of one chunk of the replica.
#[derive(Debug, Serialize, Deserialize)]
struct SavedChunk {
    entries: Vec<SavedEntry>,
}

/// What a slice of [`Replica::to_save`] holds: each entry with its change count then, and each
/// chunk with its new stored revision.
#[derive(Debug, Default)]
pub(crate) struct SaveMarks {
    entries: Vec<(String, u64)>,
    chunks: Vec<(ChunkKey, Revision)>,
}

impl SaveMarks {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The replica and what each local record holds of it.
#[derive(Debug, Default)]
pub(crate) struct Replica {
    pub db: LocalDb,
    seen: HashMap<String, Seen>,
    /// Each saved chunk's version in the store, for the next save of it.
    saved: HashMap<ChunkKey, Revision>,
    /// Entries still in a document of their own, as replicas saved before chunks kept them:
    /// that document is deleted when the entry's chunk is saved.
    unchunked: HashMap<String, (String, u64)>,
    /// Documents whose entry changed since it was last saved, each with the count of changes at
    /// its last one: a save marks an entry saved only if it did not change again meanwhile.
    unsaved: BTreeMap<String, u64>,
    changes: u64,
    /// Up to which change of `db` the news were looked for: later ones are the only candidates,
    /// with `waiting`, so a round writing batch by batch never scans every record.
    news_up_to: u64,
    /// News not written when last looked for (an activity whose lead has not come yet, content
    /// that does not open or read): looked at again every time.
    waiting: BTreeSet<String>,
}

impl Replica {
    /// Takes a committed local write in: a new version (or deletion) of each record whose
    /// revision is not the one the replica last saw. `by` is the profile's name.
    pub fn take_local(&mut self, written: &[Written], by: &str) {
        for w in written {
            let id = w.item.doc_id();
            let seen = self.seen.get(&id).cloned().unwrap_or_default();
            let base = seen.base.as_deref().and_then(|b| RevId::parse(b).ok());
            match &w.fields {
                Some(fields) => {
                    if seen.local == Some(w.local) {
                        continue;
                    }
                    let unchanged = base.as_ref().is_some_and(|b| {
                        self.db
                            .doc(&id)
                            .and_then(|d| d.versions.get(b))
                            .is_some_and(|v| v.fields == *fields)
                    });
                    let rev = if unchanged {
                        base.clone().expect("checked above")
                    } else {
                        // Branches merged cleanly into what the user saw (every leaf there is
                        // now) are in this version: they are closed, not left as conflicts.
                        // A record the user saw with one leaf has none to close, which is nearly
                        // every write: it skips comparing leaves and resolving the record.
                        let saw_branches = seen.leaves.len() > 1 && seen.leaves == self.leaves(&id);
                        let taken_in = if saw_branches {
                            self.db.branches_taken_in(&id, base.as_ref())
                        } else {
                            Vec::new()
                        };
                        let rev = self.db.edit_from(&id, base.as_ref(), by, fields.clone());
                        self.db.close_branches(&id, &taken_in);
                        rev
                    };
                    self.note(&id, Some(w.local), Some(&rev));
                }
                None => {
                    if seen.local.is_none() && self.seen.contains_key(&id) {
                        continue;
                    }
                    let rev = self.db.delete_from(&id, base.as_ref());
                    if rev.is_some() || self.db.doc(&id).is_some() {
                        self.note(&id, None, rev.as_ref());
                    }
                }
            }
        }
    }

    /// Takes in what a snapshot of the store holds that the replica has not seen: writes made
    /// while the replica was not saved (a crash between a command and the replica's save) or
    /// by a tab that was not syncing. Records whose revision it saw are not even encoded.
    pub fn catch_up(
        &mut self,
        snapshot: &Snapshot,
        settings: &[(&'static str, Setting)],
        by: &str,
    ) {
        let mut unseen: Vec<Written> =
            records(&snapshot.leads, &snapshot.activities, &snapshot.docs)
                .filter(|(item, local, _)| {
                    self.seen.get(&item.doc_id()).and_then(|s| s.local) != Some(*local)
                })
                .map(|(item, local, fields)| Written {
                    item,
                    local,
                    fields: fields(),
                })
                .collect();
        unseen.extend(settings.iter().map(|(key, s)| written_setting(key, s)));
        self.take_local(&unseen, by);
    }

    /// The documents whose leaves the local records do not reflect yet, in id order: those
    /// changed since the news were last taken ([`Replica::news_taken`]), and those waiting.
    pub fn news(&self) -> Vec<String> {
        let candidates: BTreeSet<&String> = self
            .db
            .ids_changed_since(self.news_up_to)
            .chain(&self.waiting)
            .collect();
        candidates
            .into_iter()
            .filter(|id| {
                let leaves = self.leaves(id);
                self.seen.get(*id).is_none_or(|s| s.leaves != leaves)
            })
            .cloned()
            .collect()
    }

    /// Notes that the news up to change `up_to` were taken, and which of them still wait.
    pub fn news_taken(&mut self, up_to: u64, waiting: BTreeSet<String>) {
        self.news_up_to = up_to;
        self.waiting = waiting;
    }

    /// The local revision of the record of `id` as the replica last saw it.
    pub fn seen_local(&self, id: &str) -> Option<Rev> {
        self.seen.get(id).and_then(|s| s.local)
    }

    /// Notes that the local record of `id` now holds what the replica resolves it to, at local
    /// revision `local` (`None`: deleted or absent locally).
    pub fn written_locally(&mut self, id: &str, local: Option<Rev>) {
        let winner = self.db.doc(id).and_then(|d| d.tree.winner());
        self.note(id, local, winner.as_ref());
    }

    fn note(&mut self, id: &str, local: Option<Rev>, base: Option<&RevId>) {
        let seen = Seen {
            local,
            base: base.map(RevId::to_string),
            leaves: self.leaves(id),
        };
        self.seen.insert(id.to_owned(), seen);
        self.changes += 1;
        self.unsaved.insert(id.to_owned(), self.changes);
    }

    fn leaves(&self, id: &str) -> Vec<String> {
        self.db
            .doc(id)
            .map(|d| d.tree.leaves().iter().map(RevId::to_string).collect())
            .unwrap_or_default()
    }

    /// An empty replica keyed as this one.
    pub fn emptied(&self) -> Replica {
        Replica {
            db: self.db.emptied(),
            ..Replica::default()
        }
    }

    /// The chunks holding the entries changed since they were last saved, about `limit`
    /// entries' worth, as a change of the store (old unchunked documents of those entries
    /// deleted); call [`Replica::saved`] with the marks once it is committed. Saved in slices, a
    /// replica of a million records never has all its documents encoded at once.
    pub fn to_save(&self, limit: usize) -> (ChangeSet, SaveMarks) {
        let mut change = ChangeSet::default();
        let mut marks = SaveMarks::default();
        let mut chunks = BTreeSet::new();
        let mut entries = 0;
        for (id, count) in &self.unsaved {
            if entries >= limit {
                break;
            }
            let Some(item) = Item::parse(id) else {
                // Not a record this version syncs: nothing to keep.
                marks.entries.push((id.clone(), *count));
                entries += 1;
                continue;
            };
            let key = item.chunk();
            if !chunks.insert(key.clone()) {
                continue; // Written with an earlier entry of its chunk.
            }
            let mut chunk = SavedChunk {
                entries: Vec::new(),
            };
            // Marked even if the replica no longer holds it: the save moves on.
            marks.entries.push((id.clone(), *count));
            for mate in item.chunk_mates() {
                let mate_id = mate.doc_id();
                let Some(entry) = self.saved_entry(&mate_id) else {
                    continue;
                };
                chunk.entries.push(entry);
                if let Some(count) = self.unsaved.get(&mate_id).filter(|_| mate_id != *id) {
                    marks.entries.push((mate_id.clone(), *count));
                }
                if let Some((collection, old)) = self.unchunked.get(&mate_id) {
                    change.deleted_docs.push((collection.clone(), *old));
                }
            }
            entries += chunk.entries.len();
            let revision = match self.saved.get(&key) {
                Some(r) => r.next(0),
                None => Revision::first(0),
            };
            change
                .docs
                .push(Doc::encode(&key.0, key.1, &chunk).at(revision));
            marks.chunks.push((key, revision));
        }
        (change, marks)
    }

    /// The entry of `id` as the store keeps it, if the replica holds the record.
    fn saved_entry(&self, id: &str) -> Option<SavedEntry> {
        let leaves = self.db.saved_form(id)?;
        Some(SavedEntry {
            id: id.to_owned(),
            seq: self.db.seq_of(id).unwrap_or(0),
            seen: self.seen.get(id).cloned().unwrap_or_default(),
            leaves: leaves.iter().map(WireDoc::to_json).collect(),
        })
    }

    /// Notes that a slice of [`Replica::to_save`] was committed: its entries are saved unless
    /// they changed again meanwhile.
    pub fn saved(&mut self, marks: SaveMarks) {
        for (key, revision) in marks.chunks {
            self.saved.insert(key, revision);
        }
        for (id, count) in marks.entries {
            self.unchunked.remove(&id);
            if self.unsaved.get(&id) == Some(&count) {
                self.unsaved.remove(&id);
            }
        }
    }

    /// The replica as saved in the store (documents of the replica collections); entries that
    /// do not read are skipped (the server still has them, and the next pull brings them back).
    /// `rev_key` is the team's revision key when it encrypts.
    pub fn load(docs: &[Doc], rev_key: Option<&[u8]>) -> Replica {
        let mut replica = Replica {
            db: rev_key.map_or_else(LocalDb::new, LocalDb::with_rev_key),
            ..Replica::default()
        };
        for doc in docs {
            if let Some(kind) = doc.collection.strip_prefix(CHUNK_PREFIX) {
                // Known even when it does not read, so the next save of the chunk replaces it.
                let key = (format!("{CHUNK_PREFIX}{kind}"), doc.id);
                replica.saved.insert(key, doc.revision);
                let Ok(chunk) = doc.decode::<SavedChunk>() else {
                    continue;
                };
                for entry in chunk.entries {
                    replica.restore(entry);
                }
            } else if let Ok(entry) = doc.decode::<SavedEntry>() {
                // Saved before chunks: moved into its chunk at the next save.
                let id = entry.id.clone();
                replica.restore(entry);
                let old = (doc.collection.clone(), doc.id);
                replica.unchunked.insert(id.clone(), old);
                replica.changes += 1;
                replica.unsaved.insert(id, replica.changes);
            }
        }
        replica
    }

    fn restore(&mut self, entry: SavedEntry) {
        let leaves: Vec<WireDoc> = entry
            .leaves
            .iter()
            .filter_map(|l| WireDoc::from_json(l).ok())
            .collect();
        self.db.restore(&entry.id, entry.seq, leaves);
        self.seen.insert(entry.id, entry.seen);
    }
}

/// A document's fields as the record they describe, at `revision`. Fails with the reason when
/// the fields do not make that record (written by a newer or broken client).
pub(crate) fn lead_from(fields: &Fields, revision: Revision) -> Result<Lead, String> {
    let mut lead: Lead = serde_json::from_value(json_of(fields)).map_err(|e| e.to_string())?;
    lead.revision = revision;
    Ok(lead)
}

/// See [`lead_from`].
pub(crate) fn activity_from(fields: &Fields, revision: Revision) -> Result<Activity, String> {
    let mut activity: Activity =
        serde_json::from_value(json_of(fields)).map_err(|e| e.to_string())?;
    activity.revision = revision;
    Ok(activity)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use serde_json::json;

    use super::*;

    fn leads(ids: impl IntoIterator<Item = u64>) -> Vec<Lead> {
        ids.into_iter()
            .map(|id| Lead {
                revision: Revision::first(9),
                ..Lead::blank(id)
            })
            .collect()
    }

    fn take_leads(replica: &mut Replica, leads: Vec<Lead>) {
        let changes = ChangeSet {
            leads,
            ..ChangeSet::default()
        };
        replica.take_local(&written(&changes), "Sara");
    }

    #[test]
    fn entries_are_saved_in_chunks_and_one_changed_while_saving_is_saved_again() {
        let mut replica = Replica::default();
        let all = leads(1..=3);
        take_leads(&mut replica, all.clone());

        let (first, marks) = replica.to_save(2);
        assert_eq!(first.docs.len(), 1, "neighbours share a chunk");
        assert_eq!(first.docs[0].collection, "replica.chunk.lead");
        // Lead 1 changes again while the chunk is being written.
        let mut again = all[0].clone();
        again.name = "Renamed".into();
        again.revision = again.revision.next(9);
        take_leads(&mut replica, vec![again]);
        replica.saved(marks);

        let (rest, marks) = replica.to_save(10);
        assert_eq!(rest.docs.len(), 1, "lead 1's chunk again");
        assert_eq!(rest.docs[0].id, first.docs[0].id);
        assert_eq!(rest.docs[0].revision, first.docs[0].revision.next(0));
        replica.saved(marks);
        assert!(replica.to_save(10).1.is_empty());
        let loaded = Replica::load(&rest.docs, None);
        assert_eq!(loaded.db.get("lead:1"), replica.db.get("lead:1"));
        assert_eq!(loaded.db.get("lead:3"), replica.db.get("lead:3"));
    }

    #[test]
    fn a_large_replica_is_saved_in_slices_of_whole_chunks() {
        let mut replica = Replica::default();
        take_leads(&mut replica, leads(1..=200));
        let mut slices = Vec::new();
        loop {
            let (change, marks) = replica.to_save(100);
            if marks.is_empty() {
                break;
            }
            slices.push(change.docs.len());
            replica.saved(marks);
            let loaded_entries: usize = change
                .docs
                .iter()
                .map(|d| d.decode::<SavedChunk>().unwrap().entries.len())
                .sum();
            assert!(
                loaded_entries <= 100 + 63,
                "about a slice: {loaded_entries}"
            );
        }
        // Ids 1–63, 64–127 (a slice of 127 entries), 128–191 and 192–200.
        assert_eq!(slices, [2, 2]);
    }

    #[test]
    fn a_chunk_that_does_not_read_is_replaced_by_the_next_save() {
        let mut replica = Replica::default();
        take_leads(&mut replica, leads([1]));
        let (change, marks) = replica.to_save(10);
        replica.saved(marks);
        let mut broken = change.docs[0].clone();
        broken.json = "{\"entries\": 7}".into();
        let mut loaded = Replica::load(&[broken.clone()], None);
        take_leads(&mut loaded, leads([2]));
        let (again, _) = loaded.to_save(10);
        assert_eq!(again.docs[0].id, broken.id);
        assert_eq!(
            again.docs[0].revision,
            broken.revision.next(0),
            "a write the store takes over the stored revision"
        );
    }

    #[test]
    fn a_chunk_holds_neighbours_of_one_lane() {
        let block = 0x00ab_cdef_u64;
        let device = |n: u64| n * BLOCK_SIZE + block;
        for id in [
            1,
            63,
            64,
            65,
            1_000_000,
            BLOCK_SIZE - 1,
            device(1),
            device(63),
            device(64),
            device(5_000_000),
            BLOCK_SIZE * 7 + 3,
        ] {
            let lead = Item::Lead(id);
            let mates: Vec<Item> = lead.chunk_mates().collect();
            assert!(mates.contains(&lead), "{id} is in its own chunk");
            assert!(mates.len() <= 64);
            assert!(mates.iter().all(|m| m.chunk() == lead.chunk()), "{id}");
        }
        assert_eq!(Item::Lead(1).chunk(), Item::Lead(63).chunk());
        assert_ne!(Item::Lead(63).chunk(), Item::Lead(64).chunk());
        assert_eq!(
            Item::Lead(device(64)).chunk(),
            Item::Lead(device(127)).chunk()
        );
        assert_ne!(
            Item::Lead(device(64)).chunk(),
            Item::Lead(device(64) + 1).chunk(),
            "another lane"
        );
        assert_ne!(Item::Lead(5).chunk(), Item::Activity(5).chunk());
        let largest = (1 << 53) - 1;
        for id in [1, 63, BLOCK_SIZE - 1, BLOCK_SIZE, device(1), largest] {
            let (_, key) = Item::Lead(id).chunk();
            assert!((1..=largest).contains(&key), "a store id: {key}");
        }
        assert_eq!(
            Item::Setting(SCORING_SETTING).chunk_mates().count(),
            SYNCED_SETTINGS.len()
        );
    }

    #[test]
    fn a_replica_saved_before_chunks_loads_and_moves_into_chunks_at_the_next_save() {
        let mut replica = Replica::default();
        take_leads(&mut replica, leads([2, 70]));
        // As replicas were saved before chunks: a document per entry, keyed by the record's id.
        let unchunked: Vec<Doc> = ["lead:2", "lead:70"]
            .iter()
            .map(|id| {
                let entry = replica.saved_entry(id).unwrap();
                let number = id[5..].parse().unwrap();
                Doc::encode("replica.lead", number, &entry).at(Revision::first(0))
            })
            .collect();
        let mut loaded = Replica::load(&unchunked, None);
        assert_eq!(loaded.db.get("lead:70"), replica.db.get("lead:70"));
        let (change, marks) = loaded.to_save(10);
        assert_eq!(change.docs.len(), 2, "two chunks");
        let mut deleted = change.deleted_docs.clone();
        deleted.sort();
        assert_eq!(
            deleted,
            [
                ("replica.lead".to_owned(), 2),
                ("replica.lead".to_owned(), 70)
            ]
        );
        loaded.saved(marks);
        assert!(loaded.to_save(10).1.is_empty(), "moved once");
        let again = Replica::load(&change.docs, None);
        assert_eq!(again.db.get("lead:2"), replica.db.get("lead:2"));
        assert!(again.to_save(10).1.is_empty());
    }

    #[test]
    fn document_ids_name_the_record_and_read_back() {
        for item in [
            Item::Lead(42),
            Item::Activity(7),
            Item::Doc(stored::DEALS, 9),
            Item::Setting(SCORING_SETTING),
        ] {
            assert_eq!(Item::parse(&item.doc_id()), Some(item));
        }
        assert_eq!(Item::Lead(42).doc_id(), "lead:42");
        for unsynced in [
            "learned_model:1",
            "automation:2",
            "setting:profile",
            "lead:0",
            "lead:x",
            "nothing:1",
            "lead",
        ] {
            assert_eq!(Item::parse(unsynced), None, "{unsynced}");
        }
    }

    #[test]
    fn a_record_s_fields_leave_out_its_local_revision() {
        let lead = Lead::blank(5);
        let fields = fields_of(serde_json::to_value(&lead).unwrap());
        assert!(!fields.contains_key("revision"));
        let back = lead_from(&fields, Revision::first(3)).unwrap();
        assert_eq!(back.revision, Revision::first(3));
        assert_eq!(back.name, lead.name);
        assert_eq!(json_of(&fields_of(json!(12))), json!(12));
    }

    #[test]
    fn a_local_write_is_taken_once_and_the_replica_survives_a_save() {
        let mut replica = Replica::default();
        let mut lead = Lead::blank(1);
        lead.revision = Revision::first(9);
        let changes = ChangeSet {
            leads: vec![lead.clone()],
            ..ChangeSet::default()
        };
        replica.take_local(&written(&changes), "Sara");
        replica.take_local(&written(&changes), "Sara");
        assert_eq!(
            replica.db.update_seq(),
            1,
            "the same revision is taken once"
        );
        assert!(
            replica.news().is_empty(),
            "the local record is what it holds"
        );

        let (change, marks) = replica.to_save(10);
        assert_eq!(change.docs.len(), 1);
        replica.saved(marks);
        assert!(replica.to_save(10).1.is_empty());
        let loaded = Replica::load(&change.docs, None);
        assert_eq!(loaded.db.update_seq(), 1);
        assert_eq!(loaded.db.get("lead:1"), replica.db.get("lead:1"));
        assert!(loaded.news().is_empty());

        let erased = ChangeSet {
            erased_leads: vec![1],
            ..ChangeSet::default()
        };
        replica.take_local(&written(&erased), "Sara");
        assert!(replica.db.get("lead:1").unwrap().deleted);
    }
}
