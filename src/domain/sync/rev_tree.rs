//! A record's revision tree, as CouchDB keeps it: every revision any device made, each pointing at
//! the one it replaced. Concurrent edits make branches; the branch tips are the leaves. Merging two
//! trees is the union of their revisions, so it is commutative, associative and idempotent, and
//! replicating in any order ends in the same tree.

use std::collections::{BTreeMap, BTreeSet};

use super::rev_id::RevId;

/// What the tree knows of one revision.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Node {
    /// The revision it replaced; `None` for a first version, or when that part of the history was
    /// not sent.
    parent: Option<RevId>,
    /// Whether this revision deletes the record (a tombstone).
    deleted: bool,
}

/// Every known revision of one record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RevTree {
    nodes: BTreeMap<RevId, Node>,
}

impl RevTree {
    /// An empty tree: the record is unknown.
    pub fn new() -> RevTree {
        RevTree::default()
    }

    /// Adds a revision and its ancestry, newest first (`path[0]` is the new revision, `path[1]`
    /// the one it replaced, …), as CouchDB sends it in `_revisions`. Whether `path[0]` deletes
    /// the record is `deleted`.
    pub fn insert_path(&mut self, path: &[RevId], deleted: bool) {
        let mut branch = RevTree::new();
        for (i, rev) in path.iter().enumerate() {
            let node = Node {
                parent: path.get(i + 1).cloned(),
                deleted: i == 0 && deleted,
            };
            branch.nodes.insert(rev.clone(), node);
        }
        *self = self.merge(&branch);
    }

    /// The union of both trees.
    pub fn merge(&self, other: &RevTree) -> RevTree {
        let mut merged = self.clone();
        for (rev, node) in &other.nodes {
            let mine = merged.nodes.entry(rev.clone()).or_default();
            // Honest ids name their parent, so two parents for one id only come from a broken
            // client; the larger one is kept so that the merge stays order-independent.
            mine.parent = match (mine.parent.take(), node.parent.clone()) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
            mine.deleted |= node.deleted;
        }
        merged
    }

    /// Whether the tree holds `rev`.
    pub fn contains(&self, rev: &RevId) -> bool {
        self.nodes.contains_key(rev)
    }

    /// Whether `rev` deletes the record.
    pub fn is_deleted(&self, rev: &RevId) -> bool {
        self.nodes.get(rev).is_some_and(|n| n.deleted)
    }

    /// Every revision, in order.
    pub fn revisions(&self) -> impl Iterator<Item = &RevId> {
        self.nodes.keys()
    }

    /// The branch tips: revisions nothing replaced, in order.
    pub fn leaves(&self) -> Vec<RevId> {
        let parents: BTreeSet<&RevId> = self
            .nodes
            .values()
            .filter_map(|n| n.parent.as_ref())
            .collect();
        self.nodes
            .keys()
            .filter(|rev| !parents.contains(rev))
            .cloned()
            .collect()
    }

    /// The leaves ranked as CouchDB ranks them, winner first: live before deleted, then the
    /// longer history, then the greater hash. Every device holding this tree ranks the same way.
    pub fn ranked_leaves(&self) -> Vec<RevId> {
        let mut leaves = self.leaves();
        leaves.sort_by(|a, b| (!self.is_deleted(b), b).cmp(&(!self.is_deleted(a), a)));
        leaves
    }

    /// The revision every device shows: the first of [`RevTree::ranked_leaves`].
    pub fn winner(&self) -> Option<RevId> {
        self.ranked_leaves().into_iter().next()
    }

    /// The live leaves other than the winner: the conflicts CouchDB reports in `_conflicts`.
    pub fn conflicts(&self) -> Vec<RevId> {
        self.ranked_leaves()
            .into_iter()
            .skip(1)
            .filter(|rev| !self.is_deleted(rev))
            .collect()
    }

    /// `rev` and its known ancestors, newest first: what `_revisions` carries.
    pub fn path(&self, rev: &RevId) -> Vec<RevId> {
        let mut path = Vec::new();
        let mut at = self.nodes.get_key_value(rev);
        while let Some((rev, node)) = at {
            path.push(rev.clone());
            // A malformed tree with a cycle cannot loop forever: no path is longer than the tree.
            if path.len() > self.nodes.len() {
                break;
            }
            at = node
                .parent
                .as_ref()
                .and_then(|p| self.nodes.get_key_value(p));
        }
        path
    }

    /// The newest revision both `a` and `b` descend from, if their known histories meet.
    pub fn common_ancestor(&self, a: &RevId, b: &RevId) -> Option<RevId> {
        let of_a: BTreeSet<RevId> = self.path(a).into_iter().collect();
        self.path(b).into_iter().find(|rev| of_a.contains(rev))
    }

    /// Which of `revs` the tree does not hold, in the order given: the answer to `_revs_diff`.
    pub fn missing(&self, revs: &[RevId]) -> Vec<RevId> {
        revs.iter().filter(|r| !self.contains(r)).cloned().collect()
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn rev(text: &str) -> RevId {
        RevId::parse(text).unwrap()
    }

    fn path(texts: &[&str]) -> Vec<RevId> {
        texts.iter().map(|t| rev(t)).collect()
    }

    #[test]
    fn a_straight_history_has_one_leaf_and_no_conflict() {
        let mut tree = RevTree::new();
        tree.insert_path(&path(&["3-c", "2-b", "1-a"]), false);
        assert_eq!(tree.leaves(), path(&["3-c"]));
        assert_eq!(tree.winner(), Some(rev("3-c")));
        assert!(tree.conflicts().is_empty());
        assert_eq!(tree.path(&rev("3-c")), path(&["3-c", "2-b", "1-a"]));
    }

    #[test]
    fn longer_branch_wins_then_greater_hash() {
        let mut tree = RevTree::new();
        tree.insert_path(&path(&["2-b", "1-a"]), false);
        tree.insert_path(&path(&["2-c", "1-a"]), false);
        assert_eq!(tree.winner(), Some(rev("2-c")));
        assert_eq!(tree.conflicts(), path(&["2-b"]));
        tree.insert_path(&path(&["3-a", "2-b", "1-a"]), false);
        assert_eq!(tree.winner(), Some(rev("3-a")));
        assert_eq!(
            tree.common_ancestor(&rev("3-a"), &rev("2-c")),
            Some(rev("1-a"))
        );
    }

    #[test]
    fn a_live_leaf_beats_a_longer_deleted_one() {
        let mut tree = RevTree::new();
        tree.insert_path(&path(&["3-z", "2-b", "1-a"]), true);
        tree.insert_path(&path(&["2-c", "1-a"]), false);
        assert_eq!(tree.winner(), Some(rev("2-c")));
        assert!(tree.conflicts().is_empty(), "a deleted leaf is no conflict");
    }

    #[test]
    fn revs_diff_names_what_is_missing() {
        let mut tree = RevTree::new();
        tree.insert_path(&path(&["2-b", "1-a"]), false);
        assert_eq!(
            tree.missing(&path(&["1-a", "2-x", "2-b", "3-y"])),
            path(&["2-x", "3-y"])
        );
    }

    #[test]
    fn a_truncated_history_learns_its_parent_on_merge() {
        let mut short = RevTree::new();
        short.insert_path(&path(&["3-c"]), false);
        let mut long = RevTree::new();
        long.insert_path(&path(&["3-c", "2-b", "1-a"]), false);
        let merged = short.merge(&long);
        assert_eq!(merged, long.merge(&short));
        assert_eq!(merged.path(&rev("3-c")).len(), 3);
    }
}
