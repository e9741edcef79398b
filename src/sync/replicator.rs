//! One replication, push or pull, between this device's [`LocalDb`] and a CouchDB database, as a
//! state machine without I/O: [`Replicator::start`] gives the first request, and each
//! [`Replicator::receive`] takes the answer and gives the next request, or the end.
//!
//! It follows CouchDB's replication protocol, batch by batch:
//! - read the checkpoint `_local/<replication id>` on the server (missing: start from the start);
//! - pull: `GET _changes?style=all_docs&since=…&limit=…`, ask the replica which of the listed
//!   revisions it lacks, fetch only those with `POST _bulk_get?revs=true`, take them in as they
//!   are; push: list the replica's changes since the checkpoint, `POST _revs_diff` to learn which
//!   revisions the server lacks, send only those with `POST _bulk_docs` and `new_edits: false`;
//! - after every few batches, and at the end, save the checkpoint (`PUT _local/<replication
//!   id>`), so an interrupted replication resumes there, and what a batch already delivered is
//!   not sent again (the revisions diff skips it).
//!
//! A push into a database that held nothing when the round began skips `_revs_diff`: every
//! revision is missing there, and one sent twice (another device pushing at the same moment) is
//! taken once, as `new_edits: false` merges revision trees.

use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::domain::sync::RevId;

use super::encryption::EncryptionError;
use super::http::{Method, Request, Response};
use super::local_db::LocalDb;
use super::wire::WireDoc;

/// Which way revisions travel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// From this device to the server.
    Push,
    /// From the server to this device.
    Pull,
}

/// The name of a replication's checkpoint: the same replica, server database and direction always
/// give the same id, so a replication resumes where the last one with them stopped.
pub fn replication_id(replica: &str, database_url: &str, direction: Direction) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"kariz replication 1\0");
    hasher.update(replica.as_bytes());
    hasher.update([0]);
    hasher.update(database_url.as_bytes());
    hasher.update([0, matches!(direction, Direction::Push) as u8]);
    hasher.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A server sequence as `_changes` takes it in `since`: CouchDB's opaque strings as they are,
/// numbers written out.
pub fn since_param(seq: &Value) -> String {
    match seq {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Why a replication stopped before the end. Whatever was taken in before stays; the checkpoint
/// stays at the last complete batch.
#[derive(Clone, Debug, PartialEq)]
pub enum SyncError {
    /// 401: the server does not know this user name with this password.
    Unauthorized,
    /// 403: the user may not read or write this database.
    Forbidden(String),
    /// 404 on the database: it does not exist on the server.
    NoDatabase,
    /// Another status, with CouchDB's `error` and `reason`.
    Server {
        status: u16,
        error: String,
        reason: String,
    },
    /// The server answered something the protocol does not allow (the text says what).
    Protocol(String),
    /// What came from the server could not be stored here (the store's reason).
    NotStored(String),
    /// End-to-end encryption failed: a wrong passphrase, or content that does not open.
    Encryption(EncryptionError),
}

impl SyncError {
    /// The refusal a server's error answer says.
    pub fn of(response: &Response) -> SyncError {
        error_of(response)
    }
}

impl std::fmt::Display for SyncError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SyncError::Unauthorized => write!(
                f,
                "the server refused the user name or password (401): check both in Settings → Sync"
            ),
            SyncError::Forbidden(reason) => {
                write!(f, "this user may not use the database (403): {reason}")
            }
            SyncError::NoDatabase => write!(
                f,
                "the database does not exist on the server (404): create it, or check its name"
            ),
            SyncError::Server {
                status,
                error,
                reason,
            } => write!(f, "the server answered {status} {error}: {reason}"),
            SyncError::Protocol(what) => write!(f, "unexpected answer from the server: {what}"),
            SyncError::NotStored(why) => write!(f, "the changes could not be stored here: {why}"),
            SyncError::Encryption(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for SyncError {}

/// What a replication did so far.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    /// Records listed as changed (by `_changes`, or by the replica for a push).
    pub docs_seen: usize,
    /// Revisions taken in (pull) or sent (push).
    pub revisions_moved: usize,
    /// Batches completed (a checkpoint is saved every few, see [`BATCHES_PER_CHECKPOINT`]).
    pub batches: usize,
    /// Records of the completed batches.
    pub docs_done: usize,
    /// Records this replication has to move in all, once known: the replica's changes since the
    /// checkpoint (push), or what `_changes` says is pending besides what was listed (pull,
    /// from a server that says it, as CouchDB does).
    pub docs_total: Option<usize>,
    /// Requests asked for.
    pub requests: usize,
    /// The checkpoint as saved on the server: the server's sequence (pull) or the replica's
    /// (push) up to which everything has been replicated.
    pub checkpoint: Value,
}

/// What the driver does next.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Send this request and hand its response to [`Replicator::receive`].
    Send(Request),
    /// Everything up to now is replicated.
    Done(Progress),
    /// The replication stopped; see the error.
    Failed(SyncError),
}

#[derive(Clone, Debug)]
enum Phase {
    ReadCheckpoint,
    /// Pull: waiting for `_changes`.
    Changes,
    /// Pull: waiting for `_bulk_get`; the batch ends at `seq`.
    BulkGet {
        seq: Value,
        more: bool,
    },
    /// Push: waiting for `_revs_diff` about a batch ending at `seq`.
    RevsDiff {
        seq: u64,
        more: bool,
    },
    /// Push: waiting for `_bulk_docs`.
    BulkDocs {
        seq: u64,
        more: bool,
    },
    SaveCheckpoint {
        seq: Value,
        more: bool,
    },
    Over,
}

/// Batches between two checkpoints. A checkpoint costs a request, and a pulled batch must be
/// stored before it; a replication cut off between two redoes at most these batches, which the
/// revisions diff then finds already there.
pub const BATCHES_PER_CHECKPOINT: usize = 10;

/// One push or pull; see the module's description.
#[derive(Clone, Debug)]
pub struct Replicator {
    direction: Direction,
    checkpoint_path: String,
    batch_size: usize,
    batches_per_checkpoint: usize,
    /// Where the next batch starts: the checkpoint, or past it by the batches not yet saved.
    position: Value,
    /// Batches done since the last saved checkpoint.
    unsaved_batches: usize,
    /// The server database held no document when the round began (see the module's description).
    target_empty: bool,
    phase: Phase,
    /// The `_rev` of the checkpoint document, to replace it.
    checkpoint_rev: Option<String>,
    progress: Progress,
    /// Records in the batch under way.
    batch_len: usize,
    /// The server database's `update_seq` when the pull started, for the count of what is to
    /// come from a server whose `_changes` does not say what is pending (PouchDB Server).
    server_seq: Option<u64>,
}

impl Replicator {
    /// A replication in `direction` whose checkpoint is named by `replication_id` (see
    /// [`replication_id`]), moving at most `batch_size` records per batch.
    pub fn new(direction: Direction, replication_id: &str, batch_size: usize) -> Replicator {
        Replicator {
            direction,
            checkpoint_path: format!("_local/{replication_id}"),
            batch_size: batch_size.max(1),
            batches_per_checkpoint: 1,
            position: json!(0),
            unsaved_batches: 0,
            target_empty: false,
            phase: Phase::ReadCheckpoint,
            checkpoint_rev: None,
            progress: Progress {
                checkpoint: json!(0),
                ..Progress::default()
            },
            batch_len: 0,
            server_seq: None,
        }
    }

    /// Saves the checkpoint after every `batches` batches instead of after each (and always at
    /// the end).
    pub fn checkpointing_every(mut self, batches: usize) -> Replicator {
        self.batches_per_checkpoint = batches.max(1);
        self
    }

    /// Tells a push that the server database held no document, live or deleted, when the round
    /// began: it sends its batches without asking `_revs_diff` which revisions are missing.
    pub fn into_empty_target(mut self, empty: bool) -> Replicator {
        self.target_empty = empty && self.direction == Direction::Push;
        self
    }

    /// Tells a pull the server database's `update_seq` (from `GET /<db>`), so it can count what
    /// remains when `_changes` does not: every change after the checkpoint, at most.
    pub fn knowing_server_seq(mut self, update_seq: Option<u64>) -> Replicator {
        self.server_seq = update_seq;
        self
    }

    /// Whether the request asked for last saves the checkpoint of a batch: what a pull took in
    /// must be kept on the device before it, or a device that stops now would resume after
    /// records it never kept.
    pub fn saves_checkpoint(&self) -> bool {
        matches!(self.phase, Phase::SaveCheckpoint { .. })
    }

    /// What was done so far.
    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// The first request: read the checkpoint.
    pub fn start(&mut self) -> Step {
        self.phase = Phase::ReadCheckpoint;
        let path = self.checkpoint_path.clone();
        self.send(Method::Get, path, Vec::new(), None)
    }

    /// Takes the answer to the last request and says what to do next.
    pub fn receive(&mut self, db: &mut LocalDb, response: Response) -> Step {
        let phase = std::mem::replace(&mut self.phase, Phase::Over);
        let step = match phase {
            Phase::ReadCheckpoint => self.on_checkpoint(db, response),
            Phase::Changes => self.on_changes(db, response),
            Phase::BulkGet { seq, more } => self.on_bulk_get(db, response, seq, more),
            Phase::RevsDiff { seq, more } => self.on_revs_diff(db, response, seq, more),
            Phase::BulkDocs { seq, more } => self.on_bulk_docs(db, response, seq, more),
            Phase::SaveCheckpoint { seq, more } => self.on_saved(db, response, seq, more),
            Phase::Over => Err(SyncError::Protocol(
                "a response after the replication ended".into(),
            )),
        };
        step.unwrap_or_else(|error| {
            self.phase = Phase::Over;
            Step::Failed(error)
        })
    }

    fn on_checkpoint(&mut self, db: &mut LocalDb, response: Response) -> Result<Step, SyncError> {
        match response.status {
            200 => {
                self.checkpoint_rev = response.body["_rev"].as_str().map(str::to_owned);
                self.progress.checkpoint = response.body["last_seq"].clone();
                if self.progress.checkpoint.is_null() {
                    return Err(SyncError::Protocol("a checkpoint without last_seq".into()));
                }
                self.position = self.progress.checkpoint.clone();
            }
            404 if is_missing_doc(&response) => {}
            _ => return Err(error_of(&response)),
        }
        Ok(self.next_batch(db))
    }

    fn next_batch(&mut self, db: &mut LocalDb) -> Step {
        match self.direction {
            Direction::Pull => {
                self.phase = Phase::Changes;
                let since = since_param(&self.position);
                let query = vec![
                    ("style".into(), "all_docs".into()),
                    ("since".into(), since),
                    ("limit".into(), self.batch_size.to_string()),
                ];
                self.send(Method::Get, "_changes".into(), query, None)
            }
            Direction::Push => {
                let since = self.position.as_u64().unwrap_or(0);
                if self.progress.docs_total.is_none() {
                    self.progress.docs_total = Some(db.count_changes_since(since));
                }
                let changes = db.changes_since(since, self.batch_size);
                let Some(last) = changes.last() else {
                    return self.finish(json!(since));
                };
                let seq = last.seq;
                let more = changes.len() == self.batch_size;
                self.progress.docs_seen += changes.len();
                self.batch_len = changes.len();
                if self.target_empty {
                    let wanted = changes.into_iter().flat_map(|change| {
                        change
                            .leaves
                            .into_iter()
                            .map(move |rev| (change.id.clone(), rev))
                    });
                    return self
                        .send_docs(db, wanted, seq, more)
                        .unwrap_or_else(|error| {
                            self.phase = Phase::Over;
                            Step::Failed(error)
                        });
                }
                let mut body = Map::new();
                for change in changes {
                    let revs = change.leaves.iter().map(|r| json!(r.to_string())).collect();
                    body.insert(change.id, Value::Array(revs));
                }
                self.phase = Phase::RevsDiff { seq, more };
                self.send(
                    Method::Post,
                    "_revs_diff".into(),
                    Vec::new(),
                    Some(Value::Object(body)),
                )
            }
        }
    }

    fn on_changes(&mut self, db: &mut LocalDb, response: Response) -> Result<Step, SyncError> {
        expect_ok(&response)?;
        let results = response.body["results"]
            .as_array()
            .ok_or_else(|| SyncError::Protocol("_changes without results".into()))?;
        let seq = response.body["last_seq"].clone();
        if seq.is_null() {
            return Err(SyncError::Protocol("_changes without last_seq".into()));
        }
        if results.is_empty() {
            // Nothing after the last batch: everything up to `last_seq` is here.
            return Ok(self.finish(seq));
        }
        self.progress.docs_seen += results.len();
        self.batch_len = results.len();
        if let Some(pending) = response.body["pending"].as_u64() {
            let total = self.progress.docs_done + results.len() + pending as usize;
            self.progress.docs_total = Some(total);
        } else if self.progress.docs_total.is_none() {
            if let (Some(end), Some(since)) = (self.server_seq, self.position.as_u64()) {
                let left = (end.saturating_sub(since) as usize).max(results.len());
                self.progress.docs_total = Some(self.progress.docs_done + left);
            }
        }
        let more = results.len() >= self.batch_size;
        let mut offered = Vec::with_capacity(results.len());
        for result in results {
            let id = result["id"]
                .as_str()
                .ok_or_else(|| SyncError::Protocol("a change without id".into()))?;
            let revs = result["changes"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| c["rev"].as_str().map(RevId::parse))
                .map(|rev| match rev {
                    Some(Ok(rev)) => Ok(rev),
                    _ => Err(SyncError::Protocol(format!("change of {id}: a bad rev"))),
                })
                .collect::<Result<Vec<_>, _>>()?;
            offered.push((id.to_owned(), revs));
        }
        let missing = db.revs_diff(&offered);
        if missing.is_empty() {
            return Ok(self.batch_done(db, seq, more));
        }
        let docs: Vec<Value> = missing
            .iter()
            .flat_map(|(id, revs)| {
                revs.iter()
                    .map(move |rev| json!({"id": id, "rev": rev.to_string()}))
            })
            .collect();
        self.phase = Phase::BulkGet { seq, more };
        let query = vec![("revs".into(), "true".into())];
        Ok(self.send(
            Method::Post,
            "_bulk_get".into(),
            query,
            Some(json!({ "docs": docs })),
        ))
    }

    fn on_bulk_get(
        &mut self,
        db: &mut LocalDb,
        response: Response,
        seq: Value,
        more: bool,
    ) -> Result<Step, SyncError> {
        expect_ok(&response)?;
        let results = response.body["results"]
            .as_array()
            .ok_or_else(|| SyncError::Protocol("_bulk_get without results".into()))?;
        // Parse the whole batch first: a bad document takes in nothing of it.
        let mut received = Vec::new();
        for result in results {
            for doc in result["docs"].as_array().into_iter().flatten() {
                if let Some(ok) = doc.get("ok") {
                    received.push(WireDoc::from_json(ok).map_err(SyncError::Protocol)?);
                } else {
                    let error = &doc["error"];
                    return Err(SyncError::Protocol(format!(
                        "_bulk_get could not read {} {}: {}",
                        error["id"], error["rev"], error["reason"]
                    )));
                }
            }
        }
        for doc in received {
            if db.insert(doc) {
                self.progress.revisions_moved += 1;
            }
        }
        Ok(self.batch_done(db, seq, more))
    }

    fn on_revs_diff(
        &mut self,
        db: &mut LocalDb,
        response: Response,
        seq: u64,
        more: bool,
    ) -> Result<Step, SyncError> {
        expect_ok(&response)?;
        let answer = response
            .body
            .as_object()
            .ok_or_else(|| SyncError::Protocol("_revs_diff is not an object".into()))?;
        let mut wanted = Vec::new();
        for (id, diff) in answer {
            for rev in diff["missing"].as_array().into_iter().flatten() {
                let rev = rev
                    .as_str()
                    .and_then(|r| RevId::parse(r).ok())
                    .ok_or_else(|| SyncError::Protocol(format!("_revs_diff of {id}: a bad rev")))?;
                wanted.push((id.clone(), rev));
            }
        }
        self.send_docs(db, wanted, seq, more)
    }

    /// Push: sends the revisions `wanted` of the batch ending at `seq` with `_bulk_docs`.
    fn send_docs(
        &mut self,
        db: &mut LocalDb,
        wanted: impl IntoIterator<Item = (String, RevId)>,
        seq: u64,
        more: bool,
    ) -> Result<Step, SyncError> {
        let mut docs = Vec::new();
        for (id, rev) in wanted {
            let doc = db.wire_doc(&id, &rev).ok_or_else(|| {
                SyncError::Protocol(format!("_revs_diff asks for {id} {rev}, never offered"))
            })?;
            docs.push(doc.to_json());
        }
        if docs.is_empty() {
            return Ok(self.batch_done(db, json!(seq), more));
        }
        self.progress.revisions_moved += docs.len();
        self.phase = Phase::BulkDocs { seq, more };
        let body = json!({"new_edits": false, "docs": docs});
        Ok(self.send(Method::Post, "_bulk_docs".into(), Vec::new(), Some(body)))
    }

    fn on_bulk_docs(
        &mut self,
        db: &mut LocalDb,
        response: Response,
        seq: u64,
        more: bool,
    ) -> Result<Step, SyncError> {
        expect_ok(&response)?;
        // With new_edits: false the server lists only the documents it refused.
        if let Some(refused) = response
            .body
            .as_array()
            .and_then(|items| items.iter().find(|item| item.get("error").is_some()))
        {
            return Err(SyncError::Protocol(format!(
                "the server refused {}: {} {}",
                refused["id"], refused["error"], refused["reason"]
            )));
        }
        Ok(self.batch_done(db, json!(seq), more))
    }

    /// A batch ending at `seq` is through: the next one starts, or the checkpoint is saved first
    /// when it is due or the replication is over.
    fn batch_done(&mut self, db: &mut LocalDb, seq: Value, more: bool) -> Step {
        self.position = seq.clone();
        self.unsaved_batches += 1;
        self.progress.batches += 1;
        self.progress.docs_done += std::mem::take(&mut self.batch_len);
        if more && self.unsaved_batches < self.batches_per_checkpoint {
            self.next_batch(db)
        } else {
            self.save_checkpoint(seq, more)
        }
    }

    /// Nothing is left after `reached`: the end, once the batches since the last checkpoint
    /// have theirs. A pull's `reached` is where a watch for the next change starts.
    fn finish(&mut self, reached: Value) -> Step {
        if self.unsaved_batches > 0 {
            return self.save_checkpoint(reached, false);
        }
        self.progress.checkpoint = reached;
        self.phase = Phase::Over;
        Step::Done(self.progress.clone())
    }

    fn save_checkpoint(&mut self, seq: Value, more: bool) -> Step {
        let mut body = json!({"last_seq": seq.clone()});
        if let Some(rev) = &self.checkpoint_rev {
            body["_rev"] = json!(rev);
        }
        self.phase = Phase::SaveCheckpoint { seq, more };
        let path = self.checkpoint_path.clone();
        self.send(Method::Put, path, Vec::new(), Some(body))
    }

    fn on_saved(
        &mut self,
        db: &mut LocalDb,
        response: Response,
        seq: Value,
        more: bool,
    ) -> Result<Step, SyncError> {
        expect_ok(&response)?;
        self.checkpoint_rev = response.body["rev"].as_str().map(str::to_owned);
        self.progress.checkpoint = seq.clone();
        self.position = seq;
        self.unsaved_batches = 0;
        if more {
            Ok(self.next_batch(db))
        } else {
            self.phase = Phase::Over;
            Ok(Step::Done(self.progress.clone()))
        }
    }

    fn send(
        &mut self,
        method: Method,
        path: String,
        query: Vec<(String, String)>,
        body: Option<Value>,
    ) -> Step {
        self.progress.requests += 1;
        Step::Send(Request {
            method,
            path,
            query,
            body,
        })
    }
}

/// A 404 about a document (the checkpoint not written yet), not about the database.
fn is_missing_doc(response: &Response) -> bool {
    response.body["reason"].as_str() != Some("no_db_file")
        && response.body["reason"].as_str() != Some("Database does not exist.")
}

fn expect_ok(response: &Response) -> Result<(), SyncError> {
    if (200..300).contains(&response.status) {
        Ok(())
    } else {
        Err(error_of(response))
    }
}

fn error_of(response: &Response) -> SyncError {
    let text = |key: &str| response.body[key].as_str().unwrap_or_default().to_owned();
    match response.status {
        401 => SyncError::Unauthorized,
        403 => SyncError::Forbidden(text("reason")),
        404 => SyncError::NoDatabase,
        status => SyncError::Server {
            status,
            error: text("error"),
            reason: text("reason"),
        },
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn answer(status: u16, body: Value) -> Response {
        Response { status, body }
    }

    fn sent(step: Step) -> Request {
        match step {
            Step::Send(request) => request,
            other => panic!("expected a request, got {other:?}"),
        }
    }

    #[test]
    fn a_pull_asks_only_for_the_revisions_the_replica_lacks() {
        let mut db = LocalDb::new();
        let held = db.edit("a", "Sara", Default::default());
        let mut pull = Replicator::new(Direction::Pull, "r1", 2);
        assert_eq!(sent(pull.start()).path, "_local/r1");
        let changes = sent(pull.receive(
            &mut db,
            answer(404, json!({"error": "not_found", "reason": "missing"})),
        ));
        assert_eq!(
            changes.path_and_query(),
            "_changes?style=all_docs&since=0&limit=2"
        );
        let bulk_get = sent(pull.receive(
            &mut db,
            answer(
                200,
                json!({"results": [
                {"id": "a", "seq": 1, "changes": [{"rev": held.to_string()}]},
                {"id": "b", "seq": 2, "changes": [{"rev": "1-x"}, {"rev": "1-y"}]}],
                "last_seq": 2}),
            ),
        ));
        assert_eq!(bulk_get.path_and_query(), "_bulk_get?revs=true");
        assert_eq!(
            bulk_get.body,
            Some(json!({"docs": [{"id": "b", "rev": "1-x"}, {"id": "b", "rev": "1-y"}]}))
        );
    }

    #[test]
    fn a_string_checkpoint_is_sent_back_as_it_came() {
        let mut db = LocalDb::new();
        let mut pull = Replicator::new(Direction::Pull, "r1", 100);
        pull.start();
        let changes = sent(pull.receive(
            &mut db,
            answer(
                200,
                json!({"_id": "_local/r1", "_rev": "0-3", "last_seq": "12-g1AAAA"}),
            ),
        ));
        assert_eq!(changes.query[1], ("since".into(), "12-g1AAAA".into()));
        let step = pull.receive(
            &mut db,
            answer(200, json!({"results": [], "last_seq": "12-g1AAAA"})),
        );
        assert!(matches!(step, Step::Done(_)));
    }

    #[test]
    fn a_malformed_or_refused_answer_stops_with_what_went_wrong() {
        let mut db = LocalDb::new();
        let mut pull = Replicator::new(Direction::Pull, "r1", 100);
        pull.start();
        pull.receive(
            &mut db,
            answer(404, json!({"error": "not_found", "reason": "missing"})),
        );
        let step = pull.receive(&mut db, answer(200, json!({"last_seq": 3})));
        assert_eq!(
            step,
            Step::Failed(SyncError::Protocol("_changes without results".into()))
        );
        assert!(matches!(
            pull.receive(&mut db, answer(200, json!({}))),
            Step::Failed(SyncError::Protocol(_))
        ));

        let mut push = Replicator::new(Direction::Push, "r2", 100);
        db.edit("a", "Sara", Default::default());
        push.start();
        let diff = sent(push.receive(
            &mut db,
            answer(404, json!({"error": "not_found", "reason": "missing"})),
        ));
        assert_eq!(diff.path, "_revs_diff");
        let step = push.receive(
            &mut db,
            answer(500, json!({"error": "boom", "reason": "disk"})),
        );
        assert_eq!(
            step,
            Step::Failed(SyncError::Server {
                status: 500,
                error: "boom".into(),
                reason: "disk".into()
            })
        );
    }

    #[test]
    fn a_document_the_server_refuses_stops_the_push_before_its_checkpoint() {
        let mut db = LocalDb::new();
        let rev = db.edit("a", "Sara", Default::default());
        let mut push = Replicator::new(Direction::Push, "r2", 100);
        push.start();
        push.receive(
            &mut db,
            answer(404, json!({"error": "not_found", "reason": "missing"})),
        );
        let docs = sent(push.receive(
            &mut db,
            answer(200, json!({"a": {"missing": [rev.to_string()]}})),
        ));
        assert_eq!(docs.body.as_ref().unwrap()["new_edits"], json!(false));
        let step = push.receive(
            &mut db,
            answer(
                201,
                json!([{"id": "a", "error": "forbidden", "reason": "read only"}]),
            ),
        );
        assert!(
            matches!(step, Step::Failed(SyncError::Protocol(ref why)) if why.contains("forbidden"))
        );
        assert_eq!(push.progress().batches, 0);
    }

    fn doc(id: &str, rev: &str) -> Value {
        let (start, hash) = rev.split_once('-').unwrap();
        json!({"id": id, "docs": [{"ok": {"_id": id, "_rev": rev,
            "_revisions": {"start": start.parse::<u64>().unwrap(), "ids": [hash]},
            "by": "", "fields": {}}}]})
    }

    #[test]
    fn a_pull_saves_its_checkpoint_every_few_batches_and_at_the_end() {
        let mut db = LocalDb::new();
        let mut pull = Replicator::new(Direction::Pull, "r", 1).checkpointing_every(2);
        pull.start();
        let mut next = sent(pull.receive(&mut db, answer(404, json!({"reason": "missing"}))));
        let mut checkpoints = Vec::new();
        for (seq, id) in [(1, "a"), (2, "b"), (3, "c")] {
            assert_eq!(next.path, "_changes");
            assert_eq!(
                next.query[1].1,
                (seq - 1).to_string(),
                "the next batch follows on"
            );
            let listed = json!({"results": [{"id": id, "seq": seq, "changes": [{"rev": "1-x"}]}],
                "last_seq": seq});
            assert_eq!(
                sent(pull.receive(&mut db, answer(200, listed))).path,
                "_bulk_get"
            );
            let results = json!({"results": [doc(id, "1-x")]});
            next = sent(pull.receive(&mut db, answer(200, results)));
            if next.method == Method::Put {
                assert!(pull.saves_checkpoint());
                checkpoints.push(next.body.clone().unwrap()["last_seq"].clone());
                next = sent(pull.receive(&mut db, answer(201, json!({"ok": true, "rev": "0-1"}))));
            }
        }
        assert_eq!(checkpoints, [json!(2)], "one checkpoint after two batches");
        assert_eq!(
            pull.progress().docs_done,
            3,
            "the count does not wait for a checkpoint"
        );
        // Nothing more: the third batch gets its checkpoint before the end.
        let save = sent(pull.receive(&mut db, answer(200, json!({"results": [], "last_seq": 4}))));
        assert_eq!(save.body.unwrap()["last_seq"], json!(4));
        let end = pull.receive(&mut db, answer(201, json!({"ok": true, "rev": "0-2"})));
        assert!(matches!(end, Step::Done(ref p) if p.checkpoint == json!(4) && p.batches == 3));
    }

    #[test]
    fn a_push_into_an_empty_database_sends_its_documents_without_a_revisions_diff() {
        let mut db = LocalDb::new();
        let a = db.edit("a", "Sara", Default::default());
        let b = db.edit("b", "Sara", Default::default());
        let mut push = Replicator::new(Direction::Push, "r", 1)
            .checkpointing_every(5)
            .into_empty_target(true);
        push.start();
        let mut paths = Vec::new();
        let mut sent_revs = Vec::new();
        let mut step = push.receive(&mut db, answer(404, json!({"reason": "missing"})));
        while let Step::Send(request) = step {
            paths.push(request.path.clone());
            let response = match request.path.as_str() {
                "_bulk_docs" => {
                    let body = request.body.unwrap();
                    assert_eq!(body["new_edits"], json!(false));
                    sent_revs.extend(
                        body["docs"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|d| d["_rev"].clone()),
                    );
                    answer(201, json!([]))
                }
                _ => answer(201, json!({"ok": true, "rev": "0-1"})),
            };
            step = push.receive(&mut db, response);
        }
        assert_eq!(paths, ["_bulk_docs", "_bulk_docs", "_local/r"]);
        assert_eq!(sent_revs, [json!(a.to_string()), json!(b.to_string())]);
        assert!(matches!(step, Step::Done(ref p) if p.checkpoint == json!(2)));
        // A pull is never told so: it lists what the server has.
        let mut pull = Replicator::new(Direction::Pull, "q", 1).into_empty_target(true);
        pull.start();
        let first = sent(pull.receive(&mut db, answer(404, json!({"reason": "missing"}))));
        assert_eq!(first.path, "_changes");
    }

    #[test]
    fn the_replication_id_depends_on_replica_database_and_direction() {
        let id = replication_id("a", "http://x/db/", Direction::Push);
        assert_eq!(id, replication_id("a", "http://x/db/", Direction::Push));
        assert_ne!(id, replication_id("a", "http://x/db/", Direction::Pull));
        assert_ne!(id, replication_id("b", "http://x/db/", Direction::Push));
        assert_ne!(id, replication_id("a", "http://x/db2/", Direction::Push));
        assert_eq!(id.len(), 32);
    }
}
