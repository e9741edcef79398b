//! The field-by-field merge of concurrent versions of a record. Each version says, per field, which
//! revision last changed it (its "stamp"); with the revision tree that is a three-way merge whose
//! common ancestor is found per field — and it needs only the leaves' content, which every device
//! holds, so every device merges alike. A field only one branch changed takes that change; a field
//! two branches changed differently keeps the winning branch's value and lists the other, so
//! nothing typed is lost and the user can choose later.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::rev_id::RevId;

/// A record's fields by name, as JSON.
pub type Fields = Map<String, Value>;

/// Which revision last changed each field, when it is not the version's own revision: a field
/// removed by an older revision keeps its stamp without a value; `""` marks a field the version's
/// own revision removed. A field with a value and no stamp was changed by the version's own
/// revision.
pub type Stamps = BTreeMap<String, String>;

/// A field two branches changed, differently.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldConflict {
    pub field: String,
    /// The revision whose value the merged record keeps, and that value (`None`: removed).
    pub kept: (RevId, Option<Value>),
    /// The other revision and its value, kept for the user.
    pub other: (RevId, Option<Value>),
}

/// The merged fields and every same-field conflict, ordered by field name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FieldMerge {
    pub fields: Fields,
    pub conflicts: Vec<FieldConflict>,
}

/// A live branch: its tip, the tip's fields and stamps, and the tip's history (itself and every
/// ancestor the tree knows).
#[derive(Clone, Copy, Debug)]
pub struct Branch<'a> {
    pub rev: &'a RevId,
    pub fields: &'a Fields,
    pub stamps: &'a Stamps,
    pub history: &'a BTreeSet<RevId>,
}

impl Branch<'_> {
    /// The revision that last changed `field` on this branch; `None` if it never had it.
    fn stamp(&self, field: &str) -> Option<RevId> {
        match self.stamps.get(field) {
            Some(text) if text.is_empty() => Some(self.rev.clone()),
            // A stamp that is not a revision id (another client's) counts as this revision's.
            Some(text) => Some(RevId::parse(text).unwrap_or_else(|_| self.rev.clone())),
            None => self.fields.contains_key(field).then(|| self.rev.clone()),
        }
    }
}

/// Merges the other live branches (`others`, in rank order) into the `winner`, field by field.
///
/// For each field, the branches holding the value so far (at first the winner) meet each other
/// branch in turn. A branch whose change a holder has already seen (the same stamp, or a stamp in
/// the holder's history) offers nothing new. A branch whose history contains every holder's change
/// is newer and takes over. Otherwise the changes are concurrent: the same value joins the holders,
/// and a different value stays listed as a conflict beside the value kept.
pub fn merge_branches(winner: Branch<'_>, others: &[Branch<'_>]) -> FieldMerge {
    let mut names: BTreeSet<&String> = BTreeSet::new();
    for branch in std::iter::once(&winner).chain(others) {
        names.extend(branch.fields.keys());
        names.extend(branch.stamps.keys());
    }
    let all: Vec<&Branch<'_>> = std::iter::once(&winner).chain(others).collect();
    let mut merged = FieldMerge::default();
    for name in names {
        let seen_by = |holder: &(&Branch<'_>, Option<RevId>), stamp: &RevId| {
            holder.1.as_ref() == Some(stamp) || holder.0.history.contains(stamp)
        };
        let mut holders: Vec<(&Branch<'_>, Option<RevId>)> = vec![(&winner, winner.stamp(name))];
        for branch in others {
            let Some(stamp) = branch.stamp(name) else {
                continue;
            };
            if holders.iter().any(|h| seen_by(h, &stamp)) {
                continue;
            }
            let remaining: Vec<_> = holders
                .iter()
                .filter(|(_, held)| held.as_ref().is_some_and(|s| !branch.history.contains(s)))
                .cloned()
                .collect();
            if remaining.is_empty() {
                holders = vec![(branch, Some(stamp))];
            } else {
                holders = remaining;
                if holders[0].0.fields.get(name) == branch.fields.get(name) {
                    holders.push((branch, Some(stamp)));
                }
            }
        }
        let kept = holders[0].0;
        let value = kept.fields.get(name);
        // Every live value no holder has seen, and different from the one kept, is listed.
        for branch in &all {
            let Some(stamp) = branch.stamp(name) else {
                continue;
            };
            let seen = holders.iter().any(|h| seen_by(h, &stamp));
            if !seen && branch.fields.get(name) != value {
                merged.conflicts.push(FieldConflict {
                    field: name.clone(),
                    kept: (kept.rev.clone(), value.cloned()),
                    other: (branch.rev.clone(), branch.fields.get(name).cloned()),
                });
            }
        }
        if let Some(value) = value {
            merged.fields.insert(name.clone(), value.clone());
        }
    }
    merged
}

/// The stamps of a new version with `fields`, made on top of `parent` (its revision, fields and
/// stamps): a field the new version leaves as it was keeps the parent's stamp, a changed field
/// gets none (this revision), a field it removes gets `""`.
pub fn stamps_after(parent: Option<(&RevId, &Fields, &Stamps)>, fields: &Fields) -> Stamps {
    let Some((parent_rev, parent_fields, parent_stamps)) = parent else {
        return Stamps::new();
    };
    let parent_stamp = |name: &str| match parent_stamps.get(name) {
        Some(text) if text.is_empty() => parent_rev.to_string(),
        Some(text) => text.clone(),
        None => parent_rev.to_string(),
    };
    let mut stamps = Stamps::new();
    for (name, value) in fields {
        if parent_fields.get(name) == Some(value) {
            stamps.insert(name.clone(), parent_stamp(name));
        }
    }
    for name in parent_fields.keys().chain(parent_stamps.keys()) {
        if fields.contains_key(name) || stamps.contains_key(name) {
            continue;
        }
        let was_removed_before = !parent_fields.contains_key(name);
        let stamp = if was_removed_before {
            parent_stamp(name)
        } else {
            String::new()
        };
        stamps.insert(name.clone(), stamp);
    }
    stamps
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use serde_json::json;

    use super::*;

    fn fields(value: Value) -> Fields {
        value.as_object().unwrap().clone()
    }

    fn rev(text: &str) -> RevId {
        RevId::parse(text).unwrap()
    }

    fn history(revs: &[&str]) -> BTreeSet<RevId> {
        revs.iter().map(|r| rev(r)).collect()
    }

    #[test]
    fn different_fields_merge_and_the_same_field_keeps_both_values() {
        // 1-a: name, phone, city; 2-b (Sara) changed name and city; 2-c (Reza) phone and city.
        let base = fields(json!({"name": "Sara", "phone": "1", "city": "Tehran"}));
        let mine = fields(json!({"name": "Sara K", "phone": "1", "city": "Shiraz"}));
        let theirs = fields(json!({"name": "Sara", "phone": "2", "city": "Tabriz"}));
        let (r_base, r_mine, r_theirs) = (rev("1-a"), rev("2-b"), rev("2-c"));
        let my_stamps = stamps_after(Some((&r_base, &base, &Stamps::new())), &mine);
        let their_stamps = stamps_after(Some((&r_base, &base, &Stamps::new())), &theirs);
        assert_eq!(my_stamps, Stamps::from([("phone".into(), "1-a".into())]));
        let (h_mine, h_theirs) = (history(&["2-b", "1-a"]), history(&["2-c", "1-a"]));
        let b_mine = Branch {
            rev: &r_mine,
            fields: &mine,
            stamps: &my_stamps,
            history: &h_mine,
        };
        let b_theirs = Branch {
            rev: &r_theirs,
            fields: &theirs,
            stamps: &their_stamps,
            history: &h_theirs,
        };
        // 2-c is the greater revision: the winner.
        let merged = merge_branches(b_theirs, &[b_mine]);
        assert_eq!(
            Value::Object(merged.fields.clone()),
            json!({"name": "Sara K", "phone": "2", "city": "Tabriz"})
        );
        assert_eq!(
            merged.conflicts,
            vec![FieldConflict {
                field: "city".into(),
                kept: (r_theirs.clone(), Some(json!("Tabriz"))),
                other: (r_mine.clone(), Some(json!("Shiraz"))),
            }]
        );
    }

    #[test]
    fn a_removed_field_stays_removed_unless_the_other_side_changed_it() {
        let base = fields(json!({"note": "x", "tag": "a"}));
        let (r_base, r1, r2) = (rev("1-a"), rev("2-b"), rev("2-c"));
        let removed = fields(json!({"tag": "a"}));
        let retagged = fields(json!({"note": "x", "tag": "b"}));
        let s1 = stamps_after(Some((&r_base, &base, &Stamps::new())), &removed);
        assert_eq!(s1.get("note"), Some(&String::new()));
        let s2 = stamps_after(Some((&r_base, &base, &Stamps::new())), &retagged);
        let (h1, h2) = (history(&["2-b", "1-a"]), history(&["2-c", "1-a"]));
        let b1 = Branch {
            rev: &r1,
            fields: &removed,
            stamps: &s1,
            history: &h1,
        };
        let b2 = Branch {
            rev: &r2,
            fields: &retagged,
            stamps: &s2,
            history: &h2,
        };
        let merged = merge_branches(b2, &[b1]);
        assert_eq!(Value::Object(merged.fields), json!({"tag": "b"}));
        assert!(merged.conflicts.is_empty());
    }

    #[test]
    fn unrelated_first_versions_conflict_on_every_difference() {
        let (r1, r2) = (rev("1-a"), rev("1-b"));
        let (f1, f2) = (
            fields(json!({"name": "A", "same": 1})),
            fields(json!({"name": "B", "same": 1})),
        );
        let none = Stamps::new();
        let (h1, h2) = (history(&["1-a"]), history(&["1-b"]));
        let merged = merge_branches(
            Branch {
                rev: &r2,
                fields: &f2,
                stamps: &none,
                history: &h2,
            },
            &[Branch {
                rev: &r1,
                fields: &f1,
                stamps: &none,
                history: &h1,
            }],
        );
        assert_eq!(
            Value::Object(merged.fields),
            json!({"name": "B", "same": 1})
        );
        assert_eq!(merged.conflicts.len(), 1);
        assert_eq!(merged.conflicts[0].other, (r1, Some(json!("A"))));
    }
}
