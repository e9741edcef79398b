//! Who changed what: a record's versions along the history of one revision, each with its author
//! and the fields it changed from the version it replaced.

use super::doc_state::DocState;
use super::rev_id::RevId;

/// One step of a record's history.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub rev: RevId,
    /// Who made it ("Your name" on their device; empty when not set).
    pub by: String,
    /// The fields it set, changed or removed, by name; every field for a first version (or when
    /// the version it replaced is not held here).
    pub fields: Vec<String>,
}

/// The history of `rev` in `state`, newest first, over the versions whose content is held.
pub fn history(state: &DocState, rev: &RevId) -> Vec<Change> {
    let path = state.tree.path(rev);
    let mut changes = Vec::new();
    for (i, at) in path.iter().enumerate() {
        let Some(version) = state.versions.get(at) else {
            continue;
        };
        let before = path.get(i + 1).and_then(|p| state.versions.get(p));
        let mut fields: Vec<String> = match before {
            None => version.fields.keys().cloned().collect(),
            Some(before) => version
                .fields
                .keys()
                .chain(before.fields.keys())
                .filter(|name| version.fields.get(*name) != before.fields.get(*name))
                .cloned()
                .collect(),
        };
        fields.sort();
        fields.dedup();
        changes.push(Change {
            rev: at.clone(),
            by: version.by.clone(),
            fields,
        });
    }
    changes
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use serde_json::json;

    use super::super::doc_state::Version;
    use super::*;

    #[test]
    fn names_the_author_and_the_changed_fields_of_each_version() {
        let v1 = Version {
            by: "Sara".into(),
            fields: json!({"name": "Ali", "phone": "1"})
                .as_object()
                .unwrap()
                .clone(),
            ..Version::default()
        };
        let v2 = Version {
            by: "Reza".into(),
            fields: json!({"name": "Ali", "phone": "2", "city": "Qom"})
                .as_object()
                .unwrap()
                .clone(),
            ..Version::default()
        };
        let r1 = RevId::parse("1-a").unwrap();
        let r2 = RevId::parse("2-b").unwrap();
        let mut state = DocState::default();
        state.insert(std::slice::from_ref(&r1), false, Some(v1));
        state.insert(&[r2.clone(), r1.clone()], false, Some(v2));
        assert_eq!(
            history(&state, &r2),
            vec![
                Change {
                    rev: r2,
                    by: "Reza".into(),
                    fields: vec!["city".into(), "phone".into()]
                },
                Change {
                    rev: r1,
                    by: "Sara".into(),
                    fields: vec!["name".into(), "phone".into()]
                },
            ]
        );
    }
}
