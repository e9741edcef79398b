//! The field-by-field three-way merge of two concurrent versions of a record against the version
//! both were made from: a field only one side changed takes that change; a field both changed to
//! different values keeps the winning revision's value and lists the other, so nothing typed is
//! lost and the user can choose later.

use serde_json::{Map, Value};

use super::rev_id::RevId;

/// A record's fields by name, as JSON.
pub type Fields = Map<String, Value>;

/// A field both versions changed, differently.
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

/// A live branch merged into the winner: its tip, its fields, and the fields of the newest version
/// it shares with the winner (`None` when that is not known: then every field counts as changed on
/// both sides, and any difference is a conflict).
#[derive(Clone, Copy, Debug)]
pub struct Branch<'a> {
    pub rev: &'a RevId,
    pub fields: &'a Fields,
    pub ancestor: Option<&'a Fields>,
}

/// Merges versions `a` and `b` (each a revision and its fields) against `ancestor`, the fields of
/// the newest version both descend from. Of two different values the one of the greater revision
/// (CouchDB's winner among live leaves) is kept, so the result does not depend on the order of
/// `a` and `b`.
pub fn merge_fields(
    ancestor: Option<&Fields>,
    a: (&RevId, &Fields),
    b: (&RevId, &Fields),
) -> FieldMerge {
    let (winner, loser) = if a.0 >= b.0 { (a, b) } else { (b, a) };
    merge_branches(
        winner,
        &[Branch {
            rev: loser.0,
            fields: loser.1,
            ancestor,
        }],
    )
}

/// Merges the other live branches into the winner, field by field. A branch changed a field when
/// its value differs from its ancestor's. A field no branch changed keeps the winner's value; a
/// field changed to one value takes it; a field changed to several values keeps the winner's (when
/// the winner changed it too, else the first branch's) and lists each other value as a conflict.
/// `others` are in rank order, so the result is the same on every device.
pub fn merge_branches(winner: (&RevId, &Fields), others: &[Branch<'_>]) -> FieldMerge {
    let mut names: Vec<&String> = winner
        .1
        .keys()
        .chain(others.iter().flat_map(|b| b.fields.keys()))
        .collect();
    names.sort();
    names.dedup();
    let mut merged = FieldMerge::default();
    for name in names {
        let won = winner.1.get(name);
        let changed_by = |branch: &Branch<'_>| match branch.ancestor {
            Some(base) => branch.fields.get(name) != base.get(name),
            // Without the shared version, whatever the branch holds may be its own edit.
            None => true,
        };
        let changers: Vec<&Branch<'_>> = others.iter().filter(|b| changed_by(b)).collect();
        let winner_changed = changers.iter().any(|b| match b.ancestor {
            Some(base) => won != base.get(name),
            None => true,
        });
        // Every value in the running, the one kept first.
        let mut candidates: Vec<(&RevId, Option<&serde_json::Value>)> = Vec::new();
        if winner_changed || changers.is_empty() {
            candidates.push((winner.0, won));
        }
        candidates.extend(changers.iter().map(|b| (b.rev, b.fields.get(name))));
        let (kept_rev, kept) = candidates[0];
        for &(rev, value) in &candidates[1..] {
            if value != kept {
                merged.conflicts.push(FieldConflict {
                    field: name.clone(),
                    kept: (kept_rev.clone(), kept.cloned()),
                    other: (rev.clone(), value.cloned()),
                });
            }
        }
        if let Some(value) = kept {
            merged.fields.insert(name.clone(), value.clone());
        }
    }
    merged
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use serde_json::json;

    use super::*;

    fn fields(value: Value) -> Fields {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn different_fields_merge_and_the_same_field_keeps_both_values() {
        let base = fields(json!({"name": "Sara", "phone": "1", "city": "Tehran"}));
        let mine = fields(json!({"name": "Sara K", "phone": "1", "city": "Shiraz"}));
        let theirs = fields(json!({"name": "Sara", "phone": "2", "city": "Tabriz"}));
        let (r_mine, r_theirs) = (RevId::parse("2-a").unwrap(), RevId::parse("2-b").unwrap());
        let merged = merge_fields(Some(&base), (&r_mine, &mine), (&r_theirs, &theirs));
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
        assert_eq!(
            merged,
            merge_fields(Some(&base), (&r_theirs, &theirs), (&r_mine, &mine))
        );
    }

    #[test]
    fn a_removed_field_stays_removed_unless_the_other_side_changed_it() {
        let base = fields(json!({"note": "x", "tag": "a"}));
        let mine = fields(json!({"tag": "a"}));
        let theirs = fields(json!({"note": "x", "tag": "b"}));
        let (r1, r2) = (RevId::parse("2-a").unwrap(), RevId::parse("2-b").unwrap());
        let merged = merge_fields(Some(&base), (&r1, &mine), (&r2, &theirs));
        assert_eq!(Value::Object(merged.fields), json!({"tag": "b"}));
        assert!(merged.conflicts.is_empty());
    }

    #[test]
    fn without_an_ancestor_every_difference_is_a_conflict() {
        let mine = fields(json!({"name": "A", "same": 1}));
        let theirs = fields(json!({"name": "B", "same": 1}));
        let (r1, r2) = (RevId::parse("1-a").unwrap(), RevId::parse("1-b").unwrap());
        let merged = merge_fields(None, (&r1, &mine), (&r2, &theirs));
        assert_eq!(
            Value::Object(merged.fields),
            json!({"name": "B", "same": 1})
        );
        assert_eq!(merged.conflicts.len(), 1);
        assert_eq!(merged.conflicts[0].other, (r1, Some(json!("A"))));
    }
}
