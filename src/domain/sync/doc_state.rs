//! Everything a device knows of one record: its revision tree and the content of the revisions it
//! holds. Replication only ever adds to this (the union of two states), and what the user sees —
//! the winning content, merged field by field with the other live branches — is a pure function of
//! it, so devices holding the same revisions show the same record.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::field_merge::{merge_branches, Branch, FieldConflict, Fields, Stamps};
use super::rev_id::RevId;
use super::rev_tree::RevTree;

/// The content of one revision.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Version {
    /// Who made it: the "Your name" of the profile that saved it (empty when not set).
    pub by: String,
    /// The record's fields.
    pub fields: Fields,
    /// Which revision last changed each field, where that is not this one (see
    /// [`super::field_merge::Stamps`]); what lets every device merge from the leaves alone.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub changed: Stamps,
}

/// One record as a device knows it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocState {
    pub tree: RevTree,
    /// The content of the revisions this device holds (tombstones and revisions it only heard of
    /// have none).
    pub versions: BTreeMap<RevId, Version>,
}

/// What the record is now, once every live branch is merged into the winner.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolution {
    /// The winning leaf (CouchDB's `_rev`).
    pub winner: RevId,
    /// Whether the winner deletes the record.
    pub deleted: bool,
    /// The winner's fields with the other live leaves merged in.
    pub fields: Fields,
    /// Fields two branches changed differently: the kept value and the other.
    pub conflicts: Vec<FieldConflict>,
    /// The other live leaves (CouchDB's `_conflicts`).
    pub other_leaves: Vec<RevId>,
}

impl DocState {
    /// Adds a revision, its ancestry (newest first) and, unless it deletes the record, its content.
    pub fn insert(&mut self, path: &[RevId], deleted: bool, version: Option<Version>) {
        self.tree.insert_path(path, deleted);
        if let (Some(rev), Some(version)) = (path.first(), version) {
            self.versions.entry(rev.clone()).or_insert(version);
        }
    }

    /// The union of both states.
    pub fn merge(&self, other: &DocState) -> DocState {
        let mut versions = self.versions.clone();
        for (rev, theirs) in &other.versions {
            versions
                .entry(rev.clone())
                .and_modify(|mine| {
                    // One id, two contents, only from a broken client: keep the same one on
                    // every device.
                    if content_key(theirs) > content_key(mine) {
                        *mine = theirs.clone();
                    }
                })
                .or_insert_with(|| theirs.clone());
        }
        DocState {
            tree: self.tree.merge(&other.tree),
            versions,
        }
    }

    /// The record as every device holding these revisions shows it; `None` when no revision is
    /// known.
    pub fn resolve(&self) -> Option<Resolution> {
        let winner = self.tree.winner()?;
        let other_leaves = self.tree.conflicts();
        let deleted = self.tree.is_deleted(&winner);
        let mut resolution = Resolution {
            deleted,
            fields: Fields::new(),
            conflicts: Vec::new(),
            other_leaves,
            winner,
        };
        if deleted {
            return Some(resolution);
        }
        if !self.versions.contains_key(&resolution.winner) {
            return Some(resolution);
        }
        let histories: Vec<(RevId, BTreeSet<RevId>)> = std::iter::once(&resolution.winner)
            .chain(&resolution.other_leaves)
            .map(|leaf| (leaf.clone(), self.tree.path(leaf).into_iter().collect()))
            .collect();
        let branches: Vec<Branch<'_>> = histories
            .iter()
            .filter_map(|(leaf, history)| {
                let version = self.versions.get(leaf)?;
                Some(Branch {
                    rev: leaf,
                    fields: &version.fields,
                    stamps: &version.changed,
                    history,
                })
            })
            .collect();
        let Some((winner, others)) = branches.split_first() else {
            return Some(resolution);
        };
        let merged = merge_branches(*winner, others);
        resolution.fields = merged.fields;
        resolution.conflicts = merged.conflicts;
        Some(resolution)
    }
}

fn content_key(version: &Version) -> String {
    serde_json::to_string(version).unwrap_or_default()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::prelude::*;
    use serde_json::{json, Value};

    use super::super::field_merge::stamps_after;
    use super::*;

    fn version(by: &str, fields: Value) -> Version {
        Version {
            by: by.into(),
            fields: fields.as_object().unwrap().clone(),
            ..Version::default()
        }
    }

    /// A history shared by every device: each edit replaces an earlier one (or starts the record)
    /// and sets one of three fields to one of three values; `deleted` edits are tombstones.
    #[derive(Clone, Debug)]
    struct Edit {
        parent: Option<prop::sample::Index>,
        field: usize,
        value: u8,
        deleted: bool,
    }

    fn edits() -> impl Strategy<Value = Vec<Edit>> {
        prop::collection::vec(
            (
                prop::option::weighted(0.9, any::<prop::sample::Index>()),
                0..3usize,
                0..3u8,
                prop::bool::weighted(0.1),
            )
                .prop_map(|(parent, field, value, deleted)| Edit {
                    parent,
                    field,
                    value,
                    deleted,
                }),
            1..12,
        )
    }

    /// Every revision of the shared history: its path (newest first), tombstone flag and content.
    fn history(edits: &[Edit]) -> Vec<(Vec<RevId>, bool, Version)> {
        let mut made: Vec<(Vec<RevId>, bool, Version)> = Vec::new();
        for edit in edits {
            let parent = edit
                .parent
                .as_ref()
                .filter(|_| !made.is_empty())
                .map(|i| made[i.index(made.len())].clone());
            let mut fields = parent
                .as_ref()
                .map(|p| p.2.fields.clone())
                .unwrap_or_default();
            fields.insert(format!("f{}", edit.field), json!(edit.value));
            let mut version = version(&format!("device {}", edit.value), Value::Object(fields));
            version.changed = stamps_after(
                parent
                    .as_ref()
                    .map(|p| (&p.0[0], &p.2.fields, &p.2.changed)),
                &version.fields,
            );
            let body = serde_json::to_value(&version).unwrap();
            let parent_rev = parent.as_ref().map(|p| &p.0[0]);
            let rev = RevId::derive(parent_rev, edit.deleted, &body);
            let mut path = vec![rev];
            path.extend(parent.map(|p| p.0).unwrap_or_default());
            made.push((path, edit.deleted, version));
        }
        made
    }

    /// A device that received some of the revisions of the shared history.
    fn device(edits: &[Edit], picks: &[bool]) -> DocState {
        let mut state = DocState::default();
        for (i, (path, deleted, version)) in history(edits).into_iter().enumerate() {
            if picks.get(i).copied().unwrap_or(false) {
                state.insert(&path, deleted, (!deleted).then_some(version));
            }
        }
        state
    }

    fn three_devices() -> impl Strategy<Value = (DocState, DocState, DocState)> {
        edits().prop_flat_map(|edits| {
            let n = edits.len();
            let picks = || prop::collection::vec(any::<bool>(), n);
            (Just(edits), picks(), picks(), picks()).prop_map(|(edits, a, b, c)| {
                (device(&edits, &a), device(&edits, &b), device(&edits, &c))
            })
        })
    }

    proptest! {
        #[test]
        fn merge_is_commutative((a, b, _c) in three_devices()) {
            prop_assert_eq!(a.merge(&b), b.merge(&a));
            prop_assert_eq!(a.merge(&b).resolve(), b.merge(&a).resolve());
        }

        #[test]
        fn merge_is_associative((a, b, c) in three_devices()) {
            prop_assert_eq!(a.merge(&b).merge(&c), a.merge(&b.merge(&c)));
        }

        #[test]
        fn merge_is_idempotent((a, b, _c) in three_devices()) {
            prop_assert_eq!(a.merge(&a), a.clone());
            let ab = a.merge(&b);
            prop_assert_eq!(ab.merge(&b), ab.clone());
        }

        #[test]
        fn no_revision_or_content_is_lost((a, b, _c) in three_devices()) {
            let ab = a.merge(&b);
            for side in [&a, &b] {
                for rev in side.tree.revisions() {
                    prop_assert!(ab.tree.contains(rev));
                }
                for (rev, version) in &side.versions {
                    prop_assert_eq!(ab.versions.get(rev), Some(version));
                }
            }
        }

        #[test]
        fn every_device_picks_the_same_winner_whatever_the_order((a, b, c) in three_devices()) {
            let orders = [
                a.merge(&b).merge(&c),
                c.merge(&b).merge(&a),
                b.merge(&c).merge(&a),
            ];
            let winners: Vec<_> = orders.iter().map(DocState::resolve).collect();
            prop_assert_eq!(&winners[0], &winners[1]);
            prop_assert_eq!(&winners[0], &winners[2]);
        }

        #[test]
        fn a_live_branch_value_is_either_kept_or_listed((a, b, _c) in three_devices()) {
            let ab = a.merge(&b);
            let Some(resolution) = ab.resolve() else { return Ok(()) };
            if resolution.deleted { return Ok(()) }
            for leaf in &resolution.other_leaves {
                let Some(theirs) = ab.versions.get(leaf) else { continue };
                for (field, value) in &theirs.fields {
                    let kept = resolution.fields.get(field) == Some(value);
                    let listed = resolution.conflicts.iter().any(|c| {
                        &c.field == field && c.other == (leaf.clone(), Some(value.clone()))
                    });
                    // Superseded: another live branch (or the winner) was built on this very
                    // change, and changed the field again.
                    let stamp = theirs.changed.get(field).filter(|s| !s.is_empty()).cloned()
                        .unwrap_or_else(|| leaf.to_string());
                    let stamp = RevId::parse(&stamp).unwrap();
                    let unchanged_on_its_branch = std::iter::once(&resolution.winner)
                        .chain(&resolution.other_leaves)
                        .filter(|other| *other != leaf)
                        .any(|other| ab.tree.path(other).contains(&stamp));
                    prop_assert!(kept || listed || unchanged_on_its_branch,
                        "{field}={value} of {leaf} vanished: {resolution:?}");
                }
            }
        }
    }

    #[test]
    fn two_devices_editing_different_fields_of_one_lead_both_count() {
        let base = version("Sara", json!({"name": "Ali", "phone": "1"}));
        let first = RevId::derive(None, false, &serde_json::to_value(&base).unwrap());
        let mut mine = version("Sara", json!({"name": "Ali Rezaei", "phone": "1"}));
        let mut theirs = version("Reza", json!({"name": "Ali", "phone": "2"}));
        for v in [&mut mine, &mut theirs] {
            v.changed = stamps_after(Some((&first, &base.fields, &base.changed)), &v.fields);
        }
        let r_mine = RevId::derive(Some(&first), false, &serde_json::to_value(&mine).unwrap());
        let r_theirs = RevId::derive(Some(&first), false, &serde_json::to_value(&theirs).unwrap());
        let mut a = DocState::default();
        a.insert(std::slice::from_ref(&first), false, Some(base.clone()));
        let mut b = a.clone();
        a.insert(&[r_mine.clone(), first.clone()], false, Some(mine));
        b.insert(&[r_theirs.clone(), first.clone()], false, Some(theirs));
        let resolution = a.merge(&b).resolve().unwrap();
        assert_eq!(
            Value::Object(resolution.fields),
            json!({"name": "Ali Rezaei", "phone": "2"})
        );
        assert!(resolution.conflicts.is_empty());
        assert_eq!(resolution.winner, r_mine.clone().max(r_theirs.clone()));
        assert_eq!(resolution.other_leaves, vec![r_mine.min(r_theirs)]);
    }
}
