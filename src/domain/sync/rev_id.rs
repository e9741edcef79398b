//! CouchDB revision ids, `"N-hash"`: N counts the edits since the record was created, the hash
//! names the content. Kariz derives the hash from the parent revision and the content (canonical
//! JSON, keys sorted), so two devices that make the same edit of the same version produce the same
//! id — and a conflict resolved the same way on two devices does not become a new conflict.

use std::cmp::Ordering;
use std::fmt;

use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// One revision of a record, ordered as CouchDB orders them: by edit count, then by hash.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RevId {
    /// How many edits made this revision (1 for a record's first version).
    pub pos: u32,
    /// Names the content; lower-case hex from Kariz, any text from another client.
    pub hash: String,
}

/// Why a text is not a revision id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RevIdError {
    /// No `-` between the count and the hash, or nothing after it.
    Shape(String),
    /// The part before `-` is not a positive number.
    Count(String),
}

impl fmt::Display for RevIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RevIdError::Shape(text) => write!(f, "revision id {text:?} is not N-hash"),
            RevIdError::Count(text) => {
                write!(
                    f,
                    "revision id {text:?} does not start with a positive count"
                )
            }
        }
    }
}

impl std::error::Error for RevIdError {}

impl RevId {
    /// Reads `"N-hash"`.
    pub fn parse(text: &str) -> Result<RevId, RevIdError> {
        let (count, hash) = text
            .split_once('-')
            .filter(|(_, hash)| !hash.is_empty())
            .ok_or_else(|| RevIdError::Shape(text.to_owned()))?;
        let pos = count
            .parse::<u32>()
            .ok()
            .filter(|&pos| pos > 0)
            .ok_or_else(|| RevIdError::Count(text.to_owned()))?;
        Ok(RevId {
            pos,
            hash: hash.to_owned(),
        })
    }

    /// The id of the revision that follows `parent` (or starts a record) with `body`, or deletes
    /// the record when `deleted`.
    pub fn derive(parent: Option<&RevId>, deleted: bool, body: &Value) -> RevId {
        RevId::derive_keyed(None, parent, deleted, body)
    }

    /// [`RevId::derive`] keyed by a secret (HMAC-SHA-256) when `key` is given: with end-to-end
    /// encryption on, a server that sees only ids and revisions cannot confirm a guess of a
    /// record's content by hashing it, while devices sharing the key still agree on every id.
    pub fn derive_keyed(
        key: Option<&[u8]>,
        parent: Option<&RevId>,
        deleted: bool,
        body: &Value,
    ) -> RevId {
        let mut message = Vec::new();
        if let Some(parent) = parent {
            message.extend_from_slice(parent.to_string().as_bytes());
        }
        message.extend_from_slice(&[0, u8::from(deleted)]);
        let mut canonical = String::new();
        write_canonical(body, &mut canonical);
        message.extend_from_slice(canonical.as_bytes());
        let digest: Vec<u8> = match key {
            None => Sha256::digest(&message).to_vec(),
            Some(key) => {
                // HMAC accepts a key of any length: new_from_slice cannot fail for it.
                let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
                    .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
                mac.update(&message);
                mac.finalize().into_bytes().to_vec()
            }
        };
        // 128 bits, the length of CouchDB's own MD5 revision hashes.
        let hash = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        RevId {
            pos: parent.map_or(1, |p| p.pos.saturating_add(1)),
            hash,
        }
    }
}

impl fmt::Display for RevId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.pos, self.hash)
    }
}

impl Ord for RevId {
    fn cmp(&self, other: &Self) -> Ordering {
        self.pos
            .cmp(&other.pos)
            .then_with(|| self.hash.cmp(&other.hash))
    }
}

impl PartialOrd for RevId {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// JSON with object keys sorted, whatever order the map kept them in.
fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(&map[key], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn parses_and_prints_couchdb_revision_ids() {
        let rev = RevId::parse("3-917fa2381192822767f010b95b45325b").unwrap();
        assert_eq!(rev.pos, 3);
        assert_eq!(rev.to_string(), "3-917fa2381192822767f010b95b45325b");
        assert_eq!(
            RevId::parse("abc"),
            Err(RevIdError::Shape("abc".to_owned()))
        );
        assert_eq!(RevId::parse("3-"), Err(RevIdError::Shape("3-".to_owned())));
        assert_eq!(
            RevId::parse("0-abc"),
            Err(RevIdError::Count("0-abc".to_owned()))
        );
        assert_eq!(
            RevId::parse("x-abc"),
            Err(RevIdError::Count("x-abc".to_owned()))
        );
    }

    #[test]
    fn the_same_edit_gets_the_same_id_whatever_the_key_order() {
        let a: Value = serde_json::from_str(r#"{"name":"Sara","phone":"1"}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"phone":"1","name":"Sara"}"#).unwrap();
        let parent = RevId::parse("1-aa").unwrap();
        let rev = RevId::derive(Some(&parent), false, &a);
        assert_eq!(rev, RevId::derive(Some(&parent), false, &b));
        assert_eq!(rev.pos, 2);
        assert_eq!(rev.hash.len(), 32);
    }

    #[test]
    fn parent_content_and_deletion_each_change_the_id() {
        let body = json!({"name": "Sara"});
        let first = RevId::derive(None, false, &body);
        assert_eq!(first.pos, 1);
        assert_ne!(first, RevId::derive(None, true, &body));
        assert_ne!(first, RevId::derive(None, false, &json!({"name": "Sarah"})));
        let other_parent = RevId::parse("1-bb").unwrap();
        assert_ne!(
            RevId::derive(Some(&first), false, &body),
            RevId::derive(Some(&other_parent), false, &body)
        );
    }

    #[test]
    fn a_keyed_id_depends_on_the_key_and_nothing_else_changes() {
        let body = json!({"name": "Sara"});
        let plain = RevId::derive(None, false, &body);
        let keyed = RevId::derive_keyed(Some(b"team key"), None, false, &body);
        assert_ne!(plain, keyed);
        assert_eq!(
            keyed,
            RevId::derive_keyed(Some(b"team key"), None, false, &body)
        );
        assert_ne!(
            keyed,
            RevId::derive_keyed(Some(b"other key"), None, false, &body)
        );
        assert_eq!((keyed.pos, keyed.hash.len()), (1, 32));
    }

    #[test]
    fn orders_by_count_then_hash() {
        let a = RevId::parse("2-b").unwrap();
        let b = RevId::parse("10-a").unwrap();
        let c = RevId::parse("10-b").unwrap();
        assert!(a < b && b < c);
    }
}
