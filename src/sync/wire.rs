//! Records as CouchDB documents: `_id`, `_rev`, `_revisions` (the ancestry CouchDB needs to place a
//! revision in its tree when written with `new_edits: false`), and either `_deleted: true` or the
//! version's content (`by`, `fields`).

use serde_json::{json, Map, Value};

use crate::domain::sync::{RevId, Version};

/// The field that holds a version's content when the team encrypts (see `sync::encryption`).
pub const SEALED: &str = "sealed";

/// One revision of one record as it travels.
#[derive(Clone, Debug, PartialEq)]
pub struct WireDoc {
    pub id: String,
    /// The revision and its ancestors, newest first.
    pub path: Vec<RevId>,
    pub deleted: bool,
    /// The content; `None` for a deletion.
    pub version: Option<Version>,
}

impl WireDoc {
    /// The CouchDB JSON document.
    pub fn to_json(&self) -> Value {
        let mut doc = Map::new();
        doc.insert("_id".into(), json!(self.id));
        if let Some(rev) = self.path.first() {
            doc.insert("_rev".into(), json!(rev.to_string()));
            let ids: Vec<&str> = self.path.iter().map(|r| r.hash.as_str()).collect();
            doc.insert("_revisions".into(), json!({"start": rev.pos, "ids": ids}));
        }
        if self.deleted {
            doc.insert("_deleted".into(), json!(true));
        }
        if let Some(version) = &self.version {
            doc.insert("by".into(), json!(version.by));
            doc.insert("fields".into(), Value::Object(version.fields.clone()));
            if !version.changed.is_empty() {
                doc.insert("changed".into(), json!(version.changed));
            }
        }
        Value::Object(doc)
    }

    /// Reads a CouchDB document; a missing `_id`/`_rev` or a malformed `_revisions` is an error
    /// saying which.
    pub fn from_json(doc: &Value) -> Result<WireDoc, String> {
        let id = doc
            .get("_id")
            .and_then(Value::as_str)
            .ok_or("a document without _id")?
            .to_owned();
        let rev = doc
            .get("_rev")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("document {id} without _rev"))?;
        let rev = RevId::parse(rev).map_err(|e| format!("document {id}: {e}"))?;
        let mut path = vec![rev.clone()];
        if let Some(revisions) = doc.get("_revisions") {
            let start = revisions.get("start").and_then(Value::as_u64);
            let ids = revisions.get("ids").and_then(Value::as_array);
            let (Some(start), Some(ids)) = (start, ids) else {
                return Err(format!("document {id}: _revisions is not {{start, ids}}"));
            };
            if start != u64::from(rev.pos) || ids.len() as u64 > start {
                return Err(format!("document {id}: _revisions does not end at {rev}"));
            }
            path = ids
                .iter()
                .enumerate()
                .map(|(i, hash)| {
                    let hash = hash.as_str().filter(|h| !h.is_empty());
                    hash.map(|hash| RevId {
                        pos: rev.pos - i as u32,
                        hash: hash.to_owned(),
                    })
                    .ok_or_else(|| {
                        format!("document {id}: a revision id in _revisions is not text")
                    })
                })
                .collect::<Result<_, _>>()?;
            if path.first() != Some(&rev) {
                return Err(format!(
                    "document {id}: _revisions does not start with {rev}"
                ));
            }
        }
        let deleted = doc
            .get("_deleted")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if doc.get(SEALED).is_some() {
            // Taking it as a version without fields would empty the record.
            return Err(format!(
                "document {id} is encrypted: set the team's encryption passphrase to read it"
            ));
        }
        let version = if deleted {
            None
        } else {
            let by = doc.get("by").and_then(Value::as_str).unwrap_or_default();
            let fields = doc
                .get("fields")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            let changed = doc
                .get("changed")
                .and_then(Value::as_object)
                .map(|stamps| {
                    stamps
                        .iter()
                        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                        .collect()
                })
                .unwrap_or_default();
            Some(Version {
                by: by.to_owned(),
                fields,
                changed,
            })
        };
        Ok(WireDoc {
            id,
            path,
            deleted,
            version,
        })
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn a_document_round_trips_with_its_ancestry() {
        let doc = WireDoc {
            id: "lead:7".into(),
            path: vec![RevId::parse("2-bb").unwrap(), RevId::parse("1-aa").unwrap()],
            deleted: false,
            version: Some(Version {
                by: "Sara".into(),
                fields: json!({"name": "Ali"}).as_object().unwrap().clone(),
                changed: [("phone".to_owned(), "1-aa".to_owned())].into(),
            }),
        };
        let json = doc.to_json();
        assert_eq!(
            json,
            json!({"_id": "lead:7", "_rev": "2-bb", "_revisions": {"start": 2, "ids": ["bb", "aa"]},
                   "by": "Sara", "fields": {"name": "Ali"}, "changed": {"phone": "1-aa"}})
        );
        assert_eq!(WireDoc::from_json(&json), Ok(doc));
    }

    #[test]
    fn malformed_documents_say_what_is_wrong() {
        assert_eq!(
            WireDoc::from_json(&json!({"_rev": "1-a"})),
            Err("a document without _id".into())
        );
        assert_eq!(
            WireDoc::from_json(&json!({"_id": "x", "_rev": "2-b",
                "_revisions": {"start": 3, "ids": ["b"]}})),
            Err("document x: _revisions does not end at 2-b".into())
        );
        let deleted =
            WireDoc::from_json(&json!({"_id": "x", "_rev": "2-b", "_deleted": true})).unwrap();
        assert!(deleted.deleted && deleted.version.is_none());
    }
}
