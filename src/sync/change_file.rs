//! Change files, for teams without a server: a file of every record changed since the last
//! exchange with a colleague (each record's leaves with their ancestry, as they would travel to
//! CouchDB), and the import that takes a colleague's file in with the same rules as replication.
//! Importing a file twice changes nothing, and A → B then B → A leaves both with the same records.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::local_db::LocalDb;
use super::wire::WireDoc;

/// What the file says it is, so another kind of JSON file is refused by name.
pub const FORMAT: &str = "kariz-changes";

/// A change file's content.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangeFile {
    pub format: String,
    pub version: u32,
    /// The exporting replica's change number this file reaches: the next export to the same
    /// colleague starts after it.
    pub upto: u64,
    /// CouchDB documents with `_revisions`.
    pub docs: Vec<Value>,
    /// The exporting replica's id (empty in files of the first version of this format).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub from: String,
    /// How far the exporting replica has each colleague's changes, by their replica id: tells the
    /// importer from where its next file to the exporter must start.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub has: std::collections::BTreeMap<String, u64>,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    /// Revisions new here.
    pub new_revisions: usize,
    /// Revisions already held (a file imported twice has only these).
    pub already_held: usize,
}

/// Every record changed after `since` (0: everything), each leaf with its ancestry.
pub fn export_changes(db: &LocalDb, since: u64) -> ChangeFile {
    let changes = db.changes_since(since, usize::MAX);
    let docs = changes
        .iter()
        .flat_map(|change| {
            change
                .leaves
                .iter()
                .filter_map(|rev| db.wire_doc(&change.id, rev))
                .map(|doc| doc.to_json())
        })
        .collect();
    ChangeFile {
        format: FORMAT.to_owned(),
        version: 1,
        upto: db.update_seq(),
        docs,
        from: String::new(),
        has: Default::default(),
    }
}

/// Takes in a colleague's change file. The whole file is read before anything is taken in, so a
/// file that is not a change file, or holds one malformed document, changes nothing.
pub fn import_changes(db: &mut LocalDb, text: &str) -> Result<Imported, String> {
    let file: ChangeFile =
        serde_json::from_str(text).map_err(|e| format!("not a Kariz change file: {e}"))?;
    if file.format != FORMAT {
        return Err(format!(
            "not a Kariz change file (format {:?})",
            file.format
        ));
    }
    if file.version != 1 {
        return Err(format!(
            "a change file of version {}, newer than this Kariz reads (1)",
            file.version
        ));
    }
    let docs = file
        .docs
        .iter()
        .map(WireDoc::from_json)
        .collect::<Result<Vec<_>, _>>()?;
    let mut imported = Imported::default();
    for doc in docs {
        if db.insert(doc) {
            imported.new_revisions += 1;
        } else {
            imported.already_held += 1;
        }
    }
    Ok(imported)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use std::collections::BTreeSet;

    use proptest::prelude::*;
    use serde_json::json;

    use crate::domain::sync::RevId;

    use super::*;

    fn fields(value: Value) -> crate::domain::sync::Fields {
        value.as_object().unwrap().clone()
    }

    fn text(file: &ChangeFile) -> String {
        serde_json::to_string(file).unwrap()
    }

    #[test]
    fn importing_the_same_file_twice_changes_nothing() {
        let mut a = LocalDb::new();
        a.edit("lead:1", "Sara", fields(json!({"name": "Ali"})));
        a.edit("lead:2", "Sara", fields(json!({"name": "Mina"})));
        let file = text(&export_changes(&a, 0));
        let mut b = LocalDb::new();
        assert_eq!(
            import_changes(&mut b, &file),
            Ok(Imported {
                new_revisions: 2,
                already_held: 0
            })
        );
        let seq = b.update_seq();
        assert_eq!(
            import_changes(&mut b, &file),
            Ok(Imported {
                new_revisions: 0,
                already_held: 2
            })
        );
        assert_eq!(b.update_seq(), seq);
    }

    #[test]
    fn a_to_b_then_b_to_a_converges_with_the_conflict_kept() {
        let mut a = LocalDb::new();
        a.edit(
            "lead:1",
            "Sara",
            fields(json!({"name": "Ali", "city": "Qom"})),
        );
        let mut b = LocalDb::new();
        import_changes(&mut b, &text(&export_changes(&a, 0))).unwrap();
        let a_sent = a.update_seq();
        a.edit(
            "lead:1",
            "Sara",
            fields(json!({"name": "Ali R", "city": "Yazd"})),
        );
        b.edit(
            "lead:1",
            "Reza",
            fields(json!({"name": "Ali", "city": "Kish"})),
        );
        b.edit("lead:2", "Reza", fields(json!({"name": "Mina"})));

        let a_to_b = export_changes(&a, a_sent);
        assert_eq!(
            a_to_b.docs.len(),
            1,
            "only what changed since the last exchange"
        );
        import_changes(&mut b, &text(&a_to_b)).unwrap();
        import_changes(&mut a, &text(&export_changes(&b, 0))).unwrap();
        for id in ["lead:1", "lead:2"] {
            assert_eq!(a.get(id), b.get(id), "{id}");
        }
        let lead = a.get("lead:1").unwrap();
        assert_eq!(lead.fields["name"], json!("Ali R"));
        assert_eq!(lead.conflicts.len(), 1);
    }

    #[test]
    fn another_file_or_a_malformed_document_changes_nothing() {
        let mut b = LocalDb::new();
        let err = import_changes(&mut b, "name,phone\nAli,1").unwrap_err();
        assert!(err.starts_with("not a Kariz change file"), "{err}");
        let other = json!({"format": "other", "version": 1, "upto": 0, "docs": []}).to_string();
        assert!(import_changes(&mut b, &other).is_err());
        let bad = json!({"format": FORMAT, "version": 1, "upto": 2, "docs": [
            {"_id": "lead:1", "_rev": "1-a", "fields": {}},
            {"_id": "lead:2"}]})
        .to_string();
        assert_eq!(
            import_changes(&mut b, &bad),
            Err("document lead:2 without _rev".into())
        );
        assert!(b.is_empty());
    }

    #[derive(Clone, Debug)]
    enum Op {
        /// Device `device` sets field `field` of record `record` to `value`.
        Edit {
            device: usize,
            record: u8,
            field: u8,
            value: u8,
        },
        /// Device `device` deletes record `record`, if it holds it.
        Delete { device: usize, record: u8 },
        /// Everything `from` holds goes to `to` in a change file.
        Exchange { from: usize, to: usize },
    }

    fn ops() -> impl Strategy<Value = Vec<Op>> {
        let op = prop_oneof![
            6 => (0..3usize, 0..4u8, 0..3u8, 0..3u8)
                .prop_map(|(device, record, field, value)| Op::Edit { device, record, field, value }),
            1 => (0..3usize, 0..4u8).prop_map(|(device, record)| Op::Delete { device, record }),
            3 => (0..3usize, 0..3usize).prop_map(|(from, to)| Op::Exchange { from, to }),
        ];
        prop::collection::vec(op, 1..40)
    }

    fn exchange(devices: &mut [LocalDb], from: usize, to: usize) {
        let file = text(&export_changes(&devices[from], 0));
        import_changes(&mut devices[to], &file).unwrap();
    }

    proptest! {
        /// Three devices editing and exchanging files in any order end, once everyone has heard
        /// from everyone, with the same records, and no revision any of them made is lost.
        #[test]
        fn devices_converge_whatever_the_order_of_exchanges(ops in ops()) {
            let mut devices = [LocalDb::new(), LocalDb::new(), LocalDb::new()];
            let mut made: BTreeSet<(String, RevId)> = BTreeSet::new();
            for op in ops {
                match op {
                    Op::Edit { device, record, field, value } => {
                        let id = format!("lead:{record}");
                        let db = &mut devices[device];
                        let mut fields = db.get(&id).map(|r| r.fields).unwrap_or_default();
                        fields.insert(format!("f{field}"), json!(value));
                        let by = format!("device {device}");
                        made.insert((id.clone(), db.edit(&id, &by, fields)));
                    }
                    Op::Delete { device, record } => {
                        let id = format!("lead:{record}");
                        if let Some(rev) = devices[device].delete(&id) {
                            made.insert((id, rev));
                        }
                    }
                    Op::Exchange { from, to } => exchange(&mut devices, from, to),
                }
            }
            for (from, to) in [(0, 1), (1, 2), (2, 0), (0, 1)] {
                exchange(&mut devices, from, to);
            }
            for (id, rev) in &made {
                for db in &devices {
                    prop_assert!(db.doc(id).is_some_and(|d| d.tree.contains(rev)), "{id} {rev} lost");
                }
            }
            let ids: Vec<&String> = devices[0].ids().collect();
            prop_assert_eq!(&ids, &devices[1].ids().collect::<Vec<_>>());
            prop_assert_eq!(&ids, &devices[2].ids().collect::<Vec<_>>());
            for id in ids {
                prop_assert_eq!(devices[0].get(id), devices[1].get(id));
                prop_assert_eq!(devices[0].get(id), devices[2].get(id));
            }
        }
    }
}
