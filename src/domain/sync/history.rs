//! Who changed what: a record's versions along the history of one revision, each with its author
//! and the fields it changed. The fields come from the version's own stamps (see
//! [`super::field_merge::Stamps`]), so a device that holds only some versions still names what
//! each of them changed.

use super::doc_state::DocState;
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
            Some(Change {
                rev: at,
                by: version.by.clone(),
                fields,
            })
        })
        .collect()
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
}
