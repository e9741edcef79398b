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

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::stored::{
    self, QUESTIONS_SETTING, REMINDED_UP_TO, REPLICA_PREFIX, RULES_SETTING, SCORING_SETTING,
};
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

    /// Where the replica keeps this record's tree in the store.
    fn replica_key(&self) -> (String, u64) {
        let (kind, id) = match self {
            Item::Lead(id) => ("lead", *id),
            Item::Activity(id) => ("activity", *id),
            Item::Doc(collection, id) => (*collection, *id),
            Item::Setting(key) => ("setting", setting_number(key)),
        };
        (format!("{REPLICA_PREFIX}{kind}"), id)
    }
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

/// How a record's replica entry is kept in the store.
#[derive(Debug, Serialize, Deserialize)]
struct SavedEntry {
    id: String,
    seq: u64,
    seen: Seen,
    leaves: Vec<Value>,
}

/// Which entries a slice of [`Replica::to_save`] holds: id, change count, stored revision.
#[derive(Debug)]
pub(crate) struct SaveMarks(Vec<(String, u64, Option<Revision>)>);

impl SaveMarks {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The replica and what each local record holds of it.
#[derive(Debug, Default)]
pub(crate) struct Replica {
    pub db: LocalDb,
    seen: HashMap<String, Seen>,
    /// Each saved entry's version in the store, for the next save of it.
    saved: HashMap<String, Revision>,
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

    /// Up to `limit` of the entries changed since they were last saved, as store documents; call
    /// [`Replica::saved`] with the marks once they are committed. Saved in slices, a replica of a
    /// million records never has all its documents encoded at once.
    pub fn to_save(&self, limit: usize) -> (Vec<Doc>, SaveMarks) {
        let mut docs = Vec::new();
        let mut marks = Vec::new();
        for (id, change) in self.unsaved.iter().take(limit) {
            let Some(item) = Item::parse(id) else {
                // Not a record this version syncs: nothing to keep.
                marks.push((id.clone(), *change, None));
                continue;
            };
            let (collection, key) = item.replica_key();
            let entry = SavedEntry {
                id: id.clone(),
                seq: self.db.seq_of(id).unwrap_or(0),
                seen: self.seen.get(id).cloned().unwrap_or_default(),
                leaves: self
                    .db
                    .saved_form(id)
                    .unwrap_or_default()
                    .iter()
                    .map(WireDoc::to_json)
                    .collect(),
            };
            let revision = match self.saved.get(id) {
                Some(r) => r.next(0),
                None => Revision::first(0),
            };
            docs.push(Doc::encode(&collection, key, &entry).at(revision));
            marks.push((id.clone(), *change, Some(revision)));
        }
        (docs, SaveMarks(marks))
    }

    /// Notes that the documents [`Replica::to_save`] gave with `marks` are committed.
    pub fn saved(&mut self, marks: SaveMarks) {
        for (id, change, revision) in marks.0 {
            if let Some(revision) = revision {
                self.saved.insert(id.clone(), revision);
            }
            if self.unsaved.get(&id) == Some(&change) {
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
            let Ok(entry) = doc.decode::<SavedEntry>() else {
                continue;
            };
            let leaves: Vec<WireDoc> = entry
                .leaves
                .iter()
                .filter_map(|l| WireDoc::from_json(l).ok())
                .collect();
            let id = entry.id;
            replica.db.restore(&id, entry.seq, leaves);
            replica.seen.insert(id.clone(), entry.seen);
            replica.saved.insert(id, doc.revision);
        }
        replica
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

    #[test]
    fn entries_are_saved_in_slices_and_one_changed_while_saving_is_saved_again() {
        let mut replica = Replica::default();
        let leads: Vec<Lead> = (1..=3)
            .map(|id| Lead {
                revision: Revision::first(9),
                ..Lead::blank(id)
            })
            .collect();
        let changes = ChangeSet {
            leads: leads.clone(),
            ..ChangeSet::default()
        };
        replica.take_local(&written(&changes), "Sara");

        let (first, marks) = replica.to_save(2);
        assert_eq!(first.len(), 2);
        // Lead 1 changes again while the first slice is being written.
        let mut again = leads[0].clone();
        again.name = "Renamed".into();
        again.revision = again.revision.next(9);
        let change = ChangeSet {
            leads: vec![again],
            ..ChangeSet::default()
        };
        replica.take_local(&written(&change), "Sara");
        replica.saved(marks);

        let (rest, marks) = replica.to_save(10);
        let ids: Vec<u64> = rest.iter().map(|d| d.id).collect();
        assert_eq!(ids, vec![1, 3], "lead 1's newer entry and the third lead");
        assert_eq!(rest[0].revision, first[0].revision.next(0));
        replica.saved(marks);
        assert!(replica.to_save(10).1.is_empty());
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

        let (docs, marks) = replica.to_save(10);
        assert_eq!(docs.len(), 1);
        replica.saved(marks);
        assert!(replica.to_save(10).1.is_empty());
        let loaded = Replica::load(&docs, None);
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
