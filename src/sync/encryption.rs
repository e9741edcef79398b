//! End-to-end encryption of what a replication sends, as data: which parts of a request to seal
//! and which parts of a response to open, and the additional data that binds each ciphertext to its
//! document. The sealing itself is the platform's (WebCrypto's AES-GCM in the browser), done by the
//! driver between [`Replicator`](super::Replicator) steps, so the state machine stays synchronous.
//!
//! With encryption on, a document on the server is `{"_id", "_rev", "_revisions", "sealed"}` (or a
//! tombstone): the server sees ids, revisions and ciphertext only. The key is derived from the
//! team's passphrase with PBKDF2-SHA-256 and the salt and iteration count of the database's
//! [`KeySetup`], which also holds a sealed check value, so a wrong passphrase is detected before
//! anything is read or written.

use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::http::{Request, Response};
use super::wire::SEALED;

/// Where a database keeps its [`KeySetup`] (a `_local` document: it does not replicate, and every
/// device reads it from the server).
pub const KEY_SETUP_PATH: &str = "_local/kariz-encryption";

/// The plaintext of the check value.
pub const CHECK_PLAINTEXT: &[u8] = b"kariz encryption check 1";

/// How the database's key is derived, and the check value sealed with it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeySetup {
    /// Base64 of the PBKDF2 salt (16 random bytes or more).
    pub salt: String,
    /// PBKDF2-SHA-256 iterations.
    pub iterations: u32,
    /// Base64 of [`CHECK_PLAINTEXT`] sealed with the key and [`check_aad`].
    pub check: String,
}

/// Why encrypted content could not be used. Nothing is taken in or overwritten.
#[derive(Clone, Debug, PartialEq)]
pub enum EncryptionError {
    /// The passphrase does not open the database's check value.
    WrongPassphrase,
    /// The server holds a readable (not encrypted) version in a database this device encrypts.
    NotEncrypted(String),
    /// A sealed value is not base64, or a document is malformed.
    Malformed(String),
    /// The database is encrypted and no passphrase was given.
    PassphraseNeeded,
}

impl std::fmt::Display for EncryptionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EncryptionError::WrongPassphrase => write!(
                f,
                "the encryption passphrase is not the one this database was encrypted with"
            ),
            EncryptionError::NotEncrypted(id) => write!(
                f,
                "document {id} on the server is not encrypted, but this device encrypts: a device \
                 without the passphrase wrote to this database"
            ),
            EncryptionError::Malformed(what) => write!(f, "encrypted data is malformed: {what}"),
            EncryptionError::PassphraseNeeded => write!(
                f,
                "this database is encrypted: enter its passphrase in Settings → Sync"
            ),
        }
    }
}

impl std::error::Error for EncryptionError {}

/// One value to seal or open, and the additional data it is bound to.
#[derive(Clone, Debug, PartialEq)]
pub struct CryptoJob {
    pub aad: Vec<u8>,
    pub data: Vec<u8>,
}

/// The additional data of a document's sealed content: its id and revision, so a ciphertext
/// cannot be moved to another document or revision.
pub fn document_aad(id: &str, rev: &str) -> Vec<u8> {
    format!("kariz sealed 1\0{id}\0{rev}").into_bytes()
}

/// The additional data of the check value.
pub fn check_aad() -> Vec<u8> {
    b"kariz encryption check 1".to_vec()
}

/// The contents of a `_bulk_docs` request to seal, in order (tombstones have none).
pub fn seal_jobs(request: &Request) -> Vec<CryptoJob> {
    outgoing_docs(request)
        .filter(|doc| doc.get("fields").is_some())
        .map(|doc| CryptoJob {
            aad: document_aad(text(doc, "_id"), text(doc, "_rev")),
            data: json!({"by": doc["by"], "fields": doc["fields"], "changed": doc.get("changed")})
                .to_string()
                .into_bytes(),
        })
        .collect()
}

/// Replaces each sealed document's `by` and `fields` with `sealed`, the ciphertexts in the order
/// of [`seal_jobs`].
pub fn apply_sealed(request: &mut Request, sealed: Vec<Vec<u8>>) {
    let mut sealed = sealed.into_iter();
    let docs = request
        .body
        .as_mut()
        .and_then(|body| body.get_mut("docs"))
        .and_then(Value::as_array_mut);
    for doc in docs.into_iter().flatten() {
        let Some(object) = doc.as_object_mut() else {
            continue;
        };
        if object.contains_key("fields") {
            let ciphertext = sealed.next().unwrap_or_default();
            object.remove("by");
            object.remove("fields");
            object.remove("changed");
            object.insert(SEALED.into(), json!(base64_encode(&ciphertext)));
        }
    }
}

/// The sealed contents of a `_bulk_get` answer to open, in order. A live document that is not
/// sealed is refused: taking it would mix readable data into an encrypted database unnoticed.
pub fn open_jobs(
    request: &Request,
    response: &Response,
) -> Result<Vec<CryptoJob>, EncryptionError> {
    if request.path != "_bulk_get" {
        return Ok(Vec::new());
    }
    let mut jobs = Vec::new();
    for doc in incoming_docs(response) {
        if doc.get("_deleted").and_then(Value::as_bool) == Some(true) {
            continue;
        }
        let id = text(doc, "_id");
        let sealed = doc[SEALED]
            .as_str()
            .ok_or_else(|| EncryptionError::NotEncrypted(id.to_owned()))?;
        let data = base64::engine::general_purpose::STANDARD
            .decode(sealed)
            .map_err(|e| EncryptionError::Malformed(format!("document {id}: {e}")))?;
        jobs.push(CryptoJob {
            aad: document_aad(id, text(doc, "_rev")),
            data,
        });
    }
    Ok(jobs)
}

/// Puts the opened contents (in the order of [`open_jobs`]) back as `by` and `fields`.
pub fn apply_opened(response: &mut Response, opened: Vec<Vec<u8>>) -> Result<(), EncryptionError> {
    let mut opened = opened.into_iter();
    let results = response
        .body
        .get_mut("results")
        .and_then(Value::as_array_mut);
    for result in results.into_iter().flatten() {
        let docs = result.get_mut("docs").and_then(Value::as_array_mut);
        for entry in docs.into_iter().flatten() {
            let Some(doc) = entry.get_mut("ok").and_then(Value::as_object_mut) else {
                continue;
            };
            if !doc.contains_key(SEALED) {
                continue;
            }
            let id = doc
                .get("_id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            let plaintext = opened.next().unwrap_or_default();
            let content: Value = serde_json::from_slice(&plaintext)
                .map_err(|e| EncryptionError::Malformed(format!("document {id}: {e}")))?;
            doc.remove(SEALED);
            doc.insert("by".into(), content["by"].clone());
            doc.insert("fields".into(), content["fields"].clone());
            if let Some(changed) = content.get("changed").filter(|c| c.is_object()) {
                doc.insert("changed".into(), changed.clone());
            }
        }
    }
    Ok(())
}

/// Base64 of sealed bytes, as stored.
pub fn base64_encode(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Sealed bytes from their base64.
pub fn base64_decode(text: &str) -> Result<Vec<u8>, EncryptionError> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|e| EncryptionError::Malformed(e.to_string()))
}

fn outgoing_docs(request: &Request) -> impl Iterator<Item = &Value> {
    let docs = (request.path == "_bulk_docs")
        .then(|| request.body.as_ref()?.get("docs")?.as_array())
        .flatten();
    docs.into_iter().flatten()
}

fn incoming_docs(response: &Response) -> impl Iterator<Item = &Value> {
    response.body["results"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|result| result["docs"].as_array().into_iter().flatten())
        .filter_map(|entry| entry.get("ok"))
}

fn text<'a>(doc: &'a Value, key: &str) -> &'a str {
    doc.get(key).and_then(Value::as_str).unwrap_or_default()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::http::Method;
    use super::*;

    /// A stand-in cipher for the format tests: XOR with the additional data's length. The real
    /// AES-GCM runs in tests/sync_server.rs.
    fn scramble(job: &CryptoJob) -> Vec<u8> {
        job.data.iter().map(|b| b ^ (job.aad.len() as u8)).collect()
    }

    #[test]
    fn bulk_docs_carry_only_ids_revisions_and_ciphertext() {
        let mut request = Request {
            method: Method::Post,
            path: "_bulk_docs".into(),
            query: Vec::new(),
            body: Some(json!({"new_edits": false, "docs": [
                {"_id": "lead:1", "_rev": "1-a", "_revisions": {"start": 1, "ids": ["a"]},
                 "by": "Sara", "fields": {"name": "Ali", "phone": "0912"}},
                {"_id": "lead:2", "_rev": "2-b", "_deleted": true}]})),
        };
        let jobs = seal_jobs(&request);
        assert_eq!(jobs.len(), 1);
        assert_eq!(jobs[0].aad, b"kariz sealed 1\0lead:1\x001-a");
        let sealed = jobs.iter().map(scramble).collect();
        apply_sealed(&mut request, sealed);
        let docs = request.body.as_ref().unwrap()["docs"].clone();
        let text = docs.to_string();
        assert!(
            !text.contains("Ali") && !text.contains("0912") && !text.contains("Sara"),
            "{text}"
        );
        assert!(docs[0]["sealed"].is_string());
        assert_eq!(
            docs[1],
            json!({"_id": "lead:2", "_rev": "2-b", "_deleted": true})
        );

        // What the server sends back opens to what was sealed.
        let request = Request {
            path: "_bulk_get".into(),
            ..request
        };
        let mut response = Response {
            status: 200,
            body: json!({"results": [{"id": "lead:1", "docs": [{"ok": docs[0].clone()}]}]}),
        };
        let jobs = open_jobs(&request, &response).unwrap();
        apply_opened(&mut response, jobs.iter().map(scramble).collect()).unwrap();
        let doc = &response.body["results"][0]["docs"][0]["ok"];
        assert_eq!(doc["fields"], json!({"name": "Ali", "phone": "0912"}));
        assert_eq!(doc["by"], json!("Sara"));
        assert!(doc.get("sealed").is_none());
    }

    #[test]
    fn a_readable_document_in_an_encrypted_pull_is_refused() {
        let request = Request {
            method: Method::Post,
            path: "_bulk_get".into(),
            query: Vec::new(),
            body: None,
        };
        let response = Response {
            status: 200,
            body: json!({"results": [{"id": "x", "docs": [{"ok":
                {"_id": "x", "_rev": "1-a", "fields": {"name": "Ali"}}}]}]}),
        };
        assert_eq!(
            open_jobs(&request, &response),
            Err(EncryptionError::NotEncrypted("x".into()))
        );
    }
}
