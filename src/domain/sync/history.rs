//! Who changed what: a record's versions along the history of one revision, each with its author
//! and the fields it changed. The fields come from the version's own stamps (see
//! [`super::field_merge::Stamps`]), so a device that holds only some versions still names what
//! each of them changed.

use super::doc_state::{DocState, Version};
use super::rev_id::RevId;

/// One step of a record's history.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub rev: RevId,
    /// Who made it ("Your name" on their device; empty when not set).
    pub by: String,
    /// The fields it set, changed or removed, by name (every field of a first version).
    pub fields: Vec<String>,
}

/// The history of `rev` in `state`, newest first, over the versions whose content is held.
pub fn history(state: &DocState, rev: &RevId) -> Vec<Change> {
    state
        .tree
        .path(rev)
        .into_iter()
        .filter_map(|at| {
            let version = state.versions.get(&at)?;
            Some(change(at, version))
        })
        .collect()
}

/// Every version of the record whose content is held, on every branch (merged and closed ones
/// too), newest first: what "History" shows.
pub fn record_history(state: &DocState) -> Vec<Change> {
    let mut changes: Vec<Change> = state
        .versions
        .iter()
        .map(|(rev, version)| change(rev.clone(), version))
        .collect();
    changes.sort_by(|a, b| b.rev.cmp(&a.rev));
    changes
}

fn change(rev: RevId, version: &Version) -> Change {
    let set = version
        .fields
        .keys()
        .filter(|name| !version.changed.contains_key(*name));
    let removed = version
        .changed
        .iter()
        .filter(|(_, stamp)| stamp.is_empty())
        .map(|(name, _)| name);
    let mut fields: Vec<String> = set.chain(removed).cloned().collect();
    fields.sort();
    Change {
        rev,
        by: version.by.clone(),
        fields,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use serde_json::json;

    use super::super::doc_state::Version;
    use super::super::field_merge::stamps_after;
    use super::*;

    fn version(by: &str, fields: serde_json::Value, parent: Option<(&RevId, &Version)>) -> Version {
        let fields = fields.as_object().unwrap().clone();
        let changed = stamps_after(parent.map(|(r, v)| (r, &v.fields, &v.changed)), &fields);
        Version {
            by: by.into(),
            fields,
            changed,
        }
    }

    #[test]
    fn names_the_author_and_the_changed_fields_of_each_version() {
        let (r1, r2, r3) = (
            RevId::parse("1-a").unwrap(),
            RevId::parse("2-b").unwrap(),
            RevId::parse("3-c").unwrap(),
        );
        let v1 = version("Sara", json!({"name": "Ali", "phone": "1"}), None);
        let v2 = version(
            "Reza",
            json!({"name": "Ali", "phone": "2", "city": "Qom"}),
            Some((&r1, &v1)),
        );
        let v3 = version(
            "Mina",
            json!({"name": "Ali", "phone": "2"}),
            Some((&r2, &v2)),
        );
        let mut state = DocState::default();
        state.insert(std::slice::from_ref(&r1), false, Some(v1));
        state.insert(&[r2.clone(), r1.clone()], false, Some(v2.clone()));
        state.insert(
            &[r3.clone(), r2.clone(), r1.clone()],
            false,
            Some(v3.clone()),
        );
        let change = |rev: &RevId, by: &str, fields: &[&str]| Change {
            rev: rev.clone(),
            by: by.into(),
            fields: fields.iter().map(|f| f.to_string()).collect(),
        };
        let expected = vec![
            change(&r3, "Mina", &["city"]),
            change(&r2, "Reza", &["city", "phone"]),
            change(&r1, "Sara", &["name", "phone"]),
        ];
        assert_eq!(history(&state, &r3), expected);

        // A device that received only the two newest versions still names what each changed.
        let mut partial = DocState::default();
        partial.insert(&[r2.clone(), r1.clone()], false, Some(v2));
        partial.insert(&[r3.clone(), r2, r1], false, Some(v3));
        assert_eq!(history(&partial, &r3), expected[..2]);
    }

    #[test]
    fn the_record_history_lists_every_branch_newest_first() {
        let (r1, mine, theirs) = (
            RevId::parse("1-a").unwrap(),
            RevId::parse("2-b").unwrap(),
            RevId::parse("2-c").unwrap(),
        );
        let v1 = version("Sara", json!({"name": "Ali", "city": "Qom"}), None);
        let v_mine = version(
            "Sara",
            json!({"name": "Ali", "city": "Yazd"}),
            Some((&r1, &v1)),
        );
        let v_theirs = version(
            "Reza",
            json!({"name": "Ali", "city": "Qom", "phone": "2"}),
            Some((&r1, &v1)),
        );
        let mut state = DocState::default();
        state.insert(&[mine.clone(), r1.clone()], false, Some(v_mine));
        state.insert(&[theirs.clone(), r1.clone()], false, Some(v_theirs));
        state.insert(std::slice::from_ref(&r1), false, Some(v1));
        let listed: Vec<(String, String, Vec<String>)> = record_history(&state)
            .into_iter()
            .map(|c| (c.rev.to_string(), c.by, c.fields))
            .collect();
        assert_eq!(
            listed,
            [
                ("2-c".into(), "Reza".into(), vec!["phone".into()]),
                ("2-b".into(), "Sara".into(), vec!["city".into()]),
                (
                    "1-a".into(),
                    "Sara".into(),
                    vec!["city".into(), "name".into()]
                ),
            ]
        );
    }
}
