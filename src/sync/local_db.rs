//! A device's replica: every record's [`DocState`] and the order in which records changed here
//! (a sequence number per change, like CouchDB's `update_seq`), so a push can resume from a
//! checkpoint and send each record's newest revisions once.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::domain::sync::{stamps_after, DocState, Fields, Resolution, RevId, Version};

use super::wire::WireDoc;

/// One record changed since a sequence number: its id and its leaves (live and deleted).
#[derive(Clone, Debug, PartialEq)]
pub struct LocalChange {
    pub seq: u64,
    pub id: String,
    pub leaves: Vec<RevId>,
}

/// Versions of a record kept between sessions besides its leaves: the newest ones, which History
/// shows after a reload. Older ones are dropped, as CouchDB's compaction drops old bodies.
pub const HISTORY_KEPT: usize = 20;

/// Every record this device holds, by id, with its change order.
#[derive(Clone, Debug, Default)]
pub struct LocalDb {
    docs: BTreeMap<String, DocState>,
    /// The sequence number of each record's latest change.
    seq_of: BTreeMap<String, u64>,
    /// The inverse: which record each live sequence number belongs to.
    by_seq: BTreeMap<u64, String>,
    update_seq: u64,
    /// The secret revision ids are keyed with when the team encrypts (see
    /// [`RevId::derive_keyed`]).
    rev_key: Option<Vec<u8>>,
}

impl AsMut<LocalDb> for LocalDb {
    fn as_mut(&mut self) -> &mut LocalDb {
        self
    }
}

impl LocalDb {
    /// An empty replica.
    pub fn new() -> LocalDb {
        LocalDb::default()
    }

    /// An empty replica whose new revision ids are keyed with `key` (end-to-end encryption on).
    pub fn with_rev_key(key: &[u8]) -> LocalDb {
        LocalDb {
            rev_key: Some(key.to_vec()),
            ..LocalDb::default()
        }
    }

    /// An empty replica keyed as this one.
    pub fn emptied(&self) -> LocalDb {
        LocalDb {
            rev_key: self.rev_key.clone(),
            ..LocalDb::default()
        }
    }

    /// The number of the latest change.
    pub fn update_seq(&self) -> u64 {
        self.update_seq
    }

    /// How many records are held (deleted ones included).
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether no record is held.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Every record's id, in order.
    pub fn ids(&self) -> impl Iterator<Item = &String> {
        self.docs.keys()
    }

    /// Everything held of record `id`.
    pub fn doc(&self, id: &str) -> Option<&DocState> {
        self.docs.get(id)
    }

    /// Record `id` as the user sees it: the winner with the other branches merged in.
    pub fn get(&self, id: &str) -> Option<Resolution> {
        self.docs.get(id)?.resolve()
    }

    /// Saves `fields` as the new version of record `id` by `by`, on top of the winning revision
    /// (a new record when there is none), and returns the new revision.
    pub fn edit(&mut self, id: &str, by: &str, fields: Fields) -> RevId {
        let version = Version {
            by: by.to_owned(),
            fields,
            ..Version::default()
        };
        self.write_child(id, None, false, Some(version))
    }

    /// Deletes record `id` (a tombstone on its winner); `None` when it is not held.
    pub fn delete(&mut self, id: &str) -> Option<RevId> {
        self.docs.get(id)?.tree.winner()?;
        Some(self.write_child(id, None, true, None))
    }

    /// Saves `fields` as a new version made from revision `parent` (the version the editor saw;
    /// the winner when `None`). When others built on `parent` meanwhile, the edit becomes a branch
    /// beside theirs, and [`LocalDb::get`] merges the two field by field instead of the edit
    /// undoing what they changed.
    pub fn edit_from(
        &mut self,
        id: &str,
        parent: Option<&RevId>,
        by: &str,
        fields: Fields,
    ) -> RevId {
        let parent = parent.filter(|p| self.docs.get(id).is_some_and(|d| d.tree.contains(p)));
        let version = Version {
            by: by.to_owned(),
            fields,
            ..Version::default()
        };
        self.write_child(id, parent, false, Some(version))
    }

    /// The other live leaves of record `id` that a new version made from `parent` takes in: all
    /// of them when `parent` is the winner and they merge into it with no field in conflict (the
    /// record as the user saw and edited it already holds their changes); none otherwise. A
    /// branch in a field conflict stays until "Keep this" ([`LocalDb::keep`]).
    pub fn branches_taken_in(&self, id: &str, parent: Option<&RevId>) -> Vec<RevId> {
        match self.get(id) {
            Some(r) if !r.deleted && r.conflicts.is_empty() && parent == Some(&r.winner) => {
                r.other_leaves
            }
            _ => Vec::new(),
        }
    }

    /// Deletes each of `leaves` of record `id` (a tombstone on it): branches a new version took
    /// in, so the record leaves CouchDB's `_conflicts`. A tombstone's revision id follows from its
    /// parent alone, so devices closing the same branch write the same revision.
    pub fn close_branches(&mut self, id: &str, leaves: &[RevId]) {
        for leaf in leaves {
            self.write_child(id, Some(leaf), true, None);
        }
    }

    /// Deletes record `id` as of revision `parent` (the winner when `None`); `None` when the
    /// record is not held or already deleted there.
    pub fn delete_from(&mut self, id: &str, parent: Option<&RevId>) -> Option<RevId> {
        let doc = self.docs.get(id)?;
        let parent = parent
            .filter(|p| doc.tree.contains(p))
            .cloned()
            .or_else(|| doc.tree.winner())?;
        if doc.tree.is_deleted(&parent) {
            return None;
        }
        Some(self.write_child(id, Some(&parent), true, None))
    }

    /// The sequence number of record `id`'s latest change here.
    pub fn seq_of(&self, id: &str) -> Option<u64> {
        self.seq_of.get(id).copied()
    }

    /// Puts back a record kept from an earlier session at its change number, so pushes resume
    /// from their checkpoints (see [`LocalDb::saved_form`]).
    pub fn restore(&mut self, id: &str, seq: u64, leaves: Vec<WireDoc>) {
        let state = self.docs.entry(id.to_owned()).or_default();
        for leaf in leaves {
            state.insert(&leaf.path, leaf.deleted, leaf.version);
        }
        if let Some(old) = self.seq_of.insert(id.to_owned(), seq) {
            self.by_seq.remove(&old);
        }
        self.by_seq.insert(seq, id.to_owned());
        self.update_seq = self.update_seq.max(seq);
    }

    /// Record `id` as kept between sessions: each leaf with its ancestry and content (all that
    /// merges need), then the newest [`HISTORY_KEPT`] other versions held, for History.
    pub fn saved_form(&self, id: &str) -> Option<Vec<WireDoc>> {
        let doc = self.docs.get(id)?;
        let leaves = doc.tree.leaves();
        let older = doc
            .versions
            .keys()
            .rev()
            .filter(|rev| !leaves.contains(rev))
            .take(HISTORY_KEPT)
            .cloned()
            .collect::<Vec<_>>();
        Some(
            leaves
                .iter()
                .chain(&older)
                .filter_map(|rev| self.wire_doc(id, rev))
                .collect(),
        )
    }

    /// Ends a record's conflict by keeping version `keep` of each conflicting field: writes the
    /// merged fields with those values on top of the winner, and deletes every other live leaf, so
    /// every device that receives these revisions shows the same record without a conflict.
    /// Returns `None` when the record or `keep` is not a live leaf held here.
    pub fn keep(&mut self, id: &str, keep: &RevId, by: &str) -> Option<RevId> {
        let resolution = self.get(id)?;
        let is_leaf = resolution.winner == *keep || resolution.other_leaves.contains(keep);
        if !is_leaf || resolution.deleted {
            return None;
        }
        let mut fields = resolution.fields.clone();
        for conflict in &resolution.conflicts {
            let value = if conflict.kept.0 == *keep {
                &conflict.kept.1
            } else if conflict.other.0 == *keep {
                &conflict.other.1
            } else {
                continue;
            };
            match value {
                Some(value) => fields.insert(conflict.field.clone(), value.clone()),
                None => fields.remove(&conflict.field),
            };
        }
        for leaf in &resolution.other_leaves {
            self.write_child(id, Some(leaf), true, None);
        }
        let version = Version {
            by: by.to_owned(),
            fields,
            ..Version::default()
        };
        Some(self.write_child(id, Some(&resolution.winner), false, Some(version)))
    }

    /// Records changed after `since`, oldest change first, at most `limit`.
    pub fn changes_since(&self, since: u64, limit: usize) -> Vec<LocalChange> {
        self.by_seq
            .range(since.saturating_add(1)..)
            .take(limit)
            .map(|(&seq, id)| LocalChange {
                seq,
                id: id.clone(),
                leaves: self.docs[id].tree.leaves(),
            })
            .collect()
    }

    /// How many records changed after `since`.
    pub fn count_changes_since(&self, since: u64) -> usize {
        self.by_seq.range(since.saturating_add(1)..).count()
    }

    /// The ids of the records changed after `since`, oldest change first.
    pub fn ids_changed_since(&self, since: u64) -> impl Iterator<Item = &String> {
        self.by_seq
            .range(since.saturating_add(1)..)
            .map(|(_, id)| id)
    }

    /// Of the revisions offered per record, those not held here (the answer to `_revs_diff`).
    pub fn revs_diff(&self, offered: &[(String, Vec<RevId>)]) -> Vec<(String, Vec<RevId>)> {
        offered
            .iter()
            .filter_map(|(id, revs)| {
                let missing = match self.docs.get(id) {
                    Some(doc) => doc.tree.missing(revs),
                    None => revs.clone(),
                };
                (!missing.is_empty()).then(|| (id.clone(), missing))
            })
            .collect()
    }

    /// Revision `rev` of record `id` with its ancestry, to send.
    pub fn wire_doc(&self, id: &str, rev: &RevId) -> Option<WireDoc> {
        let doc = self.docs.get(id)?;
        if !doc.tree.contains(rev) {
            return None;
        }
        Some(WireDoc {
            id: id.to_owned(),
            path: doc.tree.path(rev),
            deleted: doc.tree.is_deleted(rev),
            version: doc.versions.get(rev).cloned(),
        })
    }

    /// Takes in a revision received from elsewhere, as it is (CouchDB's `new_edits: false`).
    /// Returns whether it was new here; a revision already held changes nothing.
    pub fn insert(&mut self, doc: WireDoc) -> bool {
        let Some(rev) = doc.path.first() else {
            return false;
        };
        if self.docs.get(&doc.id).is_some_and(|d| d.tree.contains(rev)) {
            return false;
        }
        let state = self.docs.entry(doc.id.clone()).or_default();
        state.insert(&doc.path, doc.deleted, doc.version);
        self.touch(&doc.id);
        true
    }

    fn write_child(
        &mut self,
        id: &str,
        parent: Option<&RevId>,
        deleted: bool,
        version: Option<Version>,
    ) -> RevId {
        let state = self.docs.entry(id.to_owned()).or_default();
        let parent = parent.cloned().or_else(|| state.tree.winner());
        let mut version = version;
        if let Some(version) = &mut version {
            let before = parent
                .as_ref()
                .and_then(|p| Some((p, state.versions.get(p)?)));
            version.changed = stamps_after(
                before.map(|(rev, v)| (rev, &v.fields, &v.changed)),
                &version.fields,
            );
        }
        let body = version
            .as_ref()
            .map_or(Value::Null, |v| serde_json::to_value(v).unwrap_or_default());
        let rev = RevId::derive_keyed(self.rev_key.as_deref(), parent.as_ref(), deleted, &body);
        let mut path = vec![rev.clone()];
        path.extend(parent.map(|p| state.tree.path(&p)).unwrap_or_default());
        state.insert(&path, deleted, version);
        self.touch(id);
        rev
    }

    fn touch(&mut self, id: &str) {
        self.update_seq += 1;
        if let Some(old) = self.seq_of.insert(id.to_owned(), self.update_seq) {
            self.by_seq.remove(&old);
        }
        self.by_seq.insert(self.update_seq, id.to_owned());
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use serde_json::json;

    use super::*;

    fn fields(value: Value) -> Fields {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn changes_list_each_record_once_at_its_latest_change() {
        let mut db = LocalDb::new();
        db.edit("a", "Sara", fields(json!({"n": 1})));
        db.edit("b", "Sara", fields(json!({"n": 1})));
        db.edit("a", "Sara", fields(json!({"n": 2})));
        let changes = db.changes_since(0, 10);
        assert_eq!(
            changes
                .iter()
                .map(|c| (c.seq, c.id.as_str()))
                .collect::<Vec<_>>(),
            [(2, "b"), (3, "a")]
        );
        assert_eq!(db.changes_since(2, 10).len(), 1);
        assert_eq!(db.get("a").unwrap().fields, fields(json!({"n": 2})));
    }

    #[test]
    fn a_revision_received_twice_is_taken_once() {
        let mut a = LocalDb::new();
        let rev = a.edit("x", "Sara", fields(json!({"n": 1})));
        let mut b = LocalDb::new();
        assert!(b.insert(a.wire_doc("x", &rev).unwrap()));
        assert!(!b.insert(a.wire_doc("x", &rev).unwrap()));
        assert_eq!(b.update_seq(), 1);
        assert!(b.revs_diff(&[("x".into(), vec![rev])]).is_empty());
    }

    /// Two devices that share record "x" as `first` by Sara, then edit it apart (Sara on A to
    /// `mine`, Reza on B to `theirs`) and exchange the edits: both hold both branches.
    fn edited_apart(first: Value, mine: Value, theirs: Value) -> (LocalDb, LocalDb, RevId) {
        let mut a = LocalDb::new();
        a.edit("x", "Sara", fields(first));
        let mut b = a.clone();
        let mine = a.edit("x", "Sara", fields(mine));
        let theirs = b.edit("x", "Reza", fields(theirs));
        let (to_a, to_b) = (b.wire_doc("x", &theirs), a.wire_doc("x", &mine));
        a.insert(to_a.unwrap());
        b.insert(to_b.unwrap());
        (a, b, mine)
    }

    #[test]
    fn keep_this_ends_the_conflict_the_same_way_on_both_devices() {
        let (mut a, mut b, mine) = edited_apart(
            json!({"city": "Qom", "phone": "1"}),
            json!({"city": "Yazd", "phone": "1"}),
            json!({"city": "Kish", "phone": "2"}),
        );
        let seen = a.get("x").unwrap();
        assert_eq!(seen, b.get("x").unwrap());
        assert_eq!(seen.conflicts.len(), 1, "{seen:?}");
        assert_eq!(seen.fields["phone"], json!("2"));
        let kept_a = a.keep("x", &mine, "Sara").unwrap();
        let kept_b = b.keep("x", &mine, "Sara").unwrap();
        assert_eq!(kept_a, kept_b, "the same choice makes the same revision");
        let after = a.get("x").unwrap();
        assert!(after.conflicts.is_empty() && after.other_leaves.is_empty());
        assert_eq!(after.fields, fields(json!({"city": "Yazd", "phone": "2"})));
    }

    #[test]
    fn an_edit_on_a_clean_merge_closes_the_other_branch_the_same_way_on_both_devices() {
        let (mut a, mut b, _) = edited_apart(
            json!({"city": "Qom", "phone": "1"}),
            json!({"city": "Yazd", "phone": "1"}),
            json!({"city": "Qom", "phone": "2"}),
        );
        let merged = a.get("x").unwrap();
        assert!(merged.conflicts.is_empty());
        assert_eq!(merged.other_leaves.len(), 1);
        // Not from the winner: a branch beside it, which closes nothing.
        let loser = merged.other_leaves[0].clone();
        assert!(a.branches_taken_in("x", Some(&loser)).is_empty());

        let winner = merged.winner.clone();
        let mut closed = Vec::new();
        for db in [&mut a, &mut b] {
            let taken_in = db.branches_taken_in("x", Some(&winner));
            assert_eq!(taken_in, merged.other_leaves);
            let mut edited = merged.fields.clone();
            edited.insert("notes".into(), json!("spring"));
            db.edit_from("x", Some(&winner), "Sara", edited);
            db.close_branches("x", &taken_in);
            let after = db.get("x").unwrap();
            assert!(after.other_leaves.is_empty(), "{after:?}");
            assert_eq!(
                after.fields,
                fields(json!({"city": "Yazd", "phone": "2", "notes": "spring"}))
            );
            closed.push(db.doc("x").unwrap().tree.leaves());
        }
        assert_eq!(closed[0], closed[1], "the same tombstone on both devices");
    }
}
