//! The replicator against a real CouchDB-protocol server: the one `scripts/test.sh` starts
//! (tests/sync/server.mjs: express-pouchdb on PouchDB's memory adapter) and names in
//! `KARIZ_SYNC_SERVER`. Two `LocalDb`s play two devices; each test uses a database of its own.
#![cfg(not(target_arch = "wasm32"))]

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use futures::executor::block_on;
use kariz::domain::sync::Fields;
use kariz::sync::encryption::{
    apply_opened, apply_sealed, base64_decode, base64_encode, check_aad, open_jobs, seal_jobs,
    CryptoJob, EncryptionError, KeySetup, CHECK_PLAINTEXT, KEY_SETUP_PATH,
};
use kariz::sync::sealed::{Cipher, KeyMaker};
use kariz::sync::{
    replication_id, Direction, LocalDb, Method, Progress, Replicator, Request, Response, Round,
    Status, Step, SyncError,
};
use serde_json::{json, Value};

mod common;
use common::rust_crypto::{RustCrypto, RustKey};

/// A database on the test server, with the credentials to use.
struct Server {
    agent: ureq::Agent,
    db_url: String,
    auth: Option<String>,
}

fn server_url() -> Option<String> {
    let url = std::env::var("KARIZ_SYNC_SERVER")
        .ok()
        .filter(|u| !u.is_empty());
    if url.is_none() {
        eprintln!(
            "SKIPPED: KARIZ_SYNC_SERVER is not set; run scripts/test.sh native, which starts the \
             sync test server (tests/sync/server.mjs)"
        );
    }
    url
}

impl Server {
    /// A fresh database named after the test, or `None` (the test is skipped) without a server.
    fn fresh(name: &str) -> Option<Server> {
        static COUNT: AtomicU32 = AtomicU32::new(0);
        let base = server_url()?;
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let n = COUNT.fetch_add(1, Ordering::Relaxed);
        let db = format!("{name}-{nanos}-{n}");
        let server = Server {
            agent: ureq::Agent::config_builder()
                .http_status_as_error(false)
                .build()
                .into(),
            db_url: format!("{}{db}/", base.trim_end_matches('/').to_owned() + "/"),
            auth: None,
        };
        let created = server.call(Method::Put, "", None);
        assert_eq!(created.status, 201, "creating {db}: {:?}", created.body);
        Some(server)
    }

    fn with_login(&self, user: &str, password: &str) -> Server {
        let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        Server {
            agent: self.agent.clone(),
            db_url: self.db_url.clone(),
            auth: Some(format!("Basic {token}")),
        }
    }

    fn call(&self, method: Method, path_and_query: &str, body: Option<&Value>) -> Response {
        let url = format!("{}{path_and_query}", self.db_url);
        self.call_url(method, &url, body)
    }

    fn call_url(&self, method: Method, url: &str, body: Option<&Value>) -> Response {
        let auth = self.auth.clone().unwrap_or_default();
        let result = match (method, body) {
            (Method::Get, _) => self.agent.get(url).header("Authorization", &auth).call(),
            (Method::Put, body) => self
                .agent
                .put(url)
                .header("Authorization", &auth)
                .header("Content-Type", "application/json")
                .send(body.map(Value::to_string).unwrap_or_default()),
            (Method::Post, body) => self
                .agent
                .post(url)
                .header("Authorization", &auth)
                .header("Content-Type", "application/json")
                .send(body.map(Value::to_string).unwrap_or_default()),
        };
        let mut response = result.unwrap_or_else(|e| panic!("{method:?} {url}: {e}"));
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap_or_default();
        Response {
            status,
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
        }
    }

    fn send(&self, request: &Request) -> Response {
        self.call(
            request.method,
            &request.path_and_query(),
            request.body.as_ref(),
        )
    }

    /// Runs a replication to its end, or until `stop_after` requests have been answered (the
    /// connection "drops" there). Returns the progress and how it ended.
    fn replicate(
        &self,
        db: &mut LocalDb,
        replica: &str,
        direction: Direction,
        batch: usize,
        stop_after: Option<usize>,
    ) -> (Progress, Result<bool, SyncError>) {
        let id = replication_id(replica, &self.db_url, direction);
        let mut replicator = Replicator::new(direction, &id, batch);
        let mut step = replicator.start();
        let mut answered = 0;
        loop {
            match step {
                Step::Send(request) => {
                    if stop_after == Some(answered) {
                        return (replicator.progress().clone(), Ok(false));
                    }
                    let response = self.send(&request);
                    answered += 1;
                    step = replicator.receive(db, response);
                }
                Step::Done(progress) => return (progress, Ok(true)),
                Step::Failed(error) => return (replicator.progress().clone(), Err(error)),
            }
        }
    }

    fn complete(
        &self,
        db: &mut LocalDb,
        replica: &str,
        direction: Direction,
        batch: usize,
    ) -> Progress {
        let (progress, ended) = self.replicate(db, replica, direction, batch, None);
        assert_eq!(ended, Ok(true), "{direction:?} of {replica}: {progress:?}");
        progress
    }
}

fn fields(value: Value) -> Fields {
    value.as_object().unwrap().clone()
}

fn lead(n: usize) -> Fields {
    fields(json!({"name": format!("Lead {n}"), "phone": format!("+98 912 000 {n:04}")}))
}

#[test]
fn push_from_one_device_and_pull_into_another_gives_the_same_records() {
    let Some(server) = Server::fresh("push-pull") else {
        return;
    };
    let mut a = LocalDb::new();
    for n in 0..25 {
        a.edit(&format!("lead:{n}"), "Sara", lead(n));
    }
    a.edit("lead:3", "Sara", fields(json!({"name": "Lead 3 renamed"})));
    a.delete("lead:4");

    let pushed = server.complete(&mut a, "device-a", Direction::Push, 10);
    assert_eq!(pushed.docs_seen, 25);
    assert_eq!(
        pushed.revisions_moved, 25,
        "one leaf per record is sent; ancestors ride along"
    );
    assert_eq!(pushed.batches, 3);
    // The checkpoint read, then per batch _revs_diff, _bulk_docs and the checkpoint.
    assert_eq!(pushed.requests, 1 + 3 * 3);

    let info = server.call(Method::Get, "", None);
    assert_eq!(
        info.body["doc_count"],
        json!(24),
        "lead:4 is deleted: {:?}",
        info.body
    );

    let mut b = LocalDb::new();
    let pulled = server.complete(&mut b, "device-b", Direction::Pull, 10);
    assert_eq!(pulled.revisions_moved, 25);
    for id in a.ids() {
        assert_eq!(b.get(id), a.get(id), "{id}");
    }
    let renamed = b.get("lead:3").unwrap();
    assert_eq!(renamed.winner.pos, 2);
    assert!(b.get("lead:4").unwrap().deleted);

    // Nothing new: one request for the checkpoint and one _changes that lists nothing.
    let again = server.complete(&mut b, "device-b", Direction::Pull, 10);
    assert_eq!((again.revisions_moved, again.requests), (0, 2));
}

#[test]
fn concurrent_edits_merge_by_field_and_a_same_field_conflict_keeps_both_values() {
    let Some(server) = Server::fresh("conflict") else {
        return;
    };
    let mut a = LocalDb::new();
    a.edit(
        "lead:1",
        "Sara",
        fields(json!({"name": "Ali", "phone": "1", "city": "Qom"})),
    );
    server.complete(&mut a, "a", Direction::Push, 100);
    let mut b = LocalDb::new();
    server.complete(&mut b, "b", Direction::Pull, 100);

    // Both edit while apart: different fields, and the same field differently.
    let mine = a.edit(
        "lead:1",
        "Sara",
        fields(json!({"name": "Ali Rezaei", "phone": "1", "city": "Yazd"})),
    );
    let theirs = b.edit(
        "lead:1",
        "Reza",
        fields(json!({"name": "Ali", "phone": "2", "city": "Kish"})),
    );
    server.complete(&mut a, "a", Direction::Push, 100);
    server.complete(&mut b, "b", Direction::Push, 100);
    server.complete(&mut a, "a", Direction::Pull, 100);
    server.complete(&mut b, "b", Direction::Pull, 100);

    let on_a = a.get("lead:1").unwrap();
    assert_eq!(
        on_a,
        b.get("lead:1").unwrap(),
        "both devices show the same record"
    );
    let (winner, loser) = if mine > theirs {
        (&mine, &theirs)
    } else {
        (&theirs, &mine)
    };
    assert_eq!(&on_a.winner, winner);
    assert_eq!(on_a.other_leaves, vec![loser.clone()]);
    assert_eq!(on_a.fields["name"], json!("Ali Rezaei"));
    assert_eq!(on_a.fields["phone"], json!("2"));
    assert_eq!(on_a.conflicts.len(), 1);
    assert_eq!(on_a.conflicts[0].field, "city");
    let values = [&on_a.conflicts[0].kept.1, &on_a.conflicts[0].other.1];
    assert!(values.contains(&&Some(json!("Yazd"))) && values.contains(&&Some(json!("Kish"))));

    // The server agrees on the winner and lists the other branch.
    let doc = server.call(Method::Get, "lead%3A1?conflicts=true", None);
    assert_eq!(doc.body["_rev"], json!(winner.to_string()));
    assert_eq!(doc.body["_conflicts"], json!([loser.to_string()]));

    // Keep this: Sara keeps her city; the choice reaches Reza and the conflict is over.
    a.keep("lead:1", &mine, "Sara").unwrap();
    server.complete(&mut a, "a", Direction::Push, 100);
    server.complete(&mut b, "b", Direction::Pull, 100);
    let settled = b.get("lead:1").unwrap();
    assert!(settled.conflicts.is_empty() && settled.other_leaves.is_empty());
    assert_eq!(
        settled.fields,
        fields(json!({"name": "Ali Rezaei", "phone": "2", "city": "Yazd"}))
    );
    let doc = server.call(Method::Get, "lead%3A1?conflicts=true", None);
    assert!(doc.body.get("_conflicts").is_none(), "{:?}", doc.body);
}

#[test]
fn an_interrupted_push_and_pull_resume_from_the_checkpoint_without_duplicates() {
    let Some(server) = Server::fresh("resume") else {
        return;
    };
    let mut a = LocalDb::new();
    for n in 0..35 {
        a.edit(&format!("lead:{n:02}"), "Sara", lead(n));
    }
    // Checkpoint read, two batches of three requests, then the third batch's _revs_diff and
    // _bulk_docs: its records reach the server, its checkpoint does not.
    let (cut, ended) = server.replicate(&mut a, "a", Direction::Push, 10, Some(1 + 2 * 3 + 2));
    assert_eq!(ended, Ok(false));
    assert_eq!(cut.batches, 3, "three batches sent");
    assert_eq!(cut.checkpoint, json!(20), "two checkpointed");
    let (resumed, ended) = server.replicate(&mut a, "a", Direction::Push, 10, None);
    assert_eq!(ended, Ok(true));
    assert_eq!(
        resumed.revisions_moved, 5,
        "the third batch is on the server: not sent again"
    );
    let info = server.call(Method::Get, "", None);
    assert_eq!(info.body["doc_count"], json!(35));
    let all = server.call(Method::Get, "_all_docs", None);
    for row in all.body["rows"].as_array().unwrap() {
        assert!(
            row["value"]["rev"].as_str().unwrap().starts_with("1-"),
            "{row}"
        );
    }

    let mut b = LocalDb::new();
    // Checkpoint read, one batch (_changes, _bulk_get, checkpoint), then the second batch's
    // _changes and _bulk_get.
    let (cut, ended) = server.replicate(&mut b, "b", Direction::Pull, 10, Some(1 + 3 + 2));
    assert_eq!(
        (ended, cut.batches, cut.revisions_moved),
        (Ok(false), 2, 20),
        "two batches taken in"
    );
    assert_eq!(cut.checkpoint, json!(10), "one checkpointed");
    let (resumed, ended) = server.replicate(&mut b, "b", Direction::Pull, 10, None);
    assert_eq!(ended, Ok(true));
    assert_eq!(
        resumed.revisions_moved, 15,
        "what the cut batch delivered is not fetched again"
    );
    assert_eq!(b.len(), 35);
    assert_eq!(b.update_seq(), 35, "each record taken in once");
    for id in a.ids() {
        assert_eq!(b.get(id), a.get(id), "{id}");
    }
}

#[test]
fn a_wrong_password_is_refused_with_401_and_explained() {
    let Some(server) = Server::fresh("login") else {
        return;
    };
    let base = server_url().unwrap();
    let user = format!("sara-{}", server.db_url.len() + std::process::id() as usize);
    let created = server.call_url(
        Method::Put,
        &format!(
            "{}/_users/org.couchdb.user:{user}",
            base.trim_end_matches('/')
        ),
        Some(&json!({"name": user, "password": "right horse", "roles": [], "type": "user"})),
    );
    assert_eq!(created.status, 201, "{:?}", created.body);

    let mut a = LocalDb::new();
    a.edit("lead:1", "Sara", lead(1));
    let good = server.with_login(&user, "right horse");
    good.complete(&mut a, "a", Direction::Push, 10);

    let bad = server.with_login(&user, "wrong horse");
    let (progress, ended) = bad.replicate(&mut a, "a2", Direction::Push, 10, None);
    assert_eq!(ended, Err(SyncError::Unauthorized));
    assert_eq!(progress.requests, 1, "it stops at the first refusal");
    let message = SyncError::Unauthorized.to_string();
    assert!(message.contains("user name or password"), "{message}");
}

#[test]
fn a_missing_database_is_named_as_such() {
    let Some(server) = Server::fresh("exists") else {
        return;
    };
    let missing = Server {
        agent: server.agent.clone(),
        db_url: server.db_url.trim_end_matches('/').to_owned() + "-not-created/",
        auth: None,
    };
    let mut a = LocalDb::new();
    a.edit("lead:1", "Sara", lead(1));
    let (_, ended) = missing.replicate(&mut a, "a", Direction::Push, 10, None);
    assert_eq!(ended, Err(SyncError::NoDatabase));
}

#[test]
fn sync_rounds_on_two_devices_converge() {
    let Some(server) = Server::fresh("rounds") else {
        return;
    };
    let mut devices = [LocalDb::new(), LocalDb::new()];
    devices[0].edit("lead:1", "Sara", lead(1));
    devices[1].edit("lead:2", "Reza", lead(2));
    let round = |db: &mut LocalDb, replica: &str| {
        let mut round = Round::new(replica, &server.db_url, 100);
        let mut step = round.start();
        while let Step::Send(request) = step {
            step = round.receive(db, server.send(&request));
        }
        assert_eq!(round.status(), &Status::Synced, "{step:?}");
        round.report()
    };
    let [a, b] = &mut devices;
    round(a, "a");
    let on_b = round(b, "b");
    assert_eq!(
        (on_b.pushed.revisions_moved, on_b.pulled.revisions_moved),
        (1, 1)
    );
    let on_a = round(a, "a");
    assert_eq!(
        (on_a.pushed.revisions_moved, on_a.pulled.revisions_moved),
        (0, 1)
    );
    for id in ["lead:1", "lead:2"] {
        assert_eq!(a.get(id), b.get(id), "{id}");
    }
}

impl Server {
    /// Reads the database's key set-up and checks the passphrase against it, or sets it up when
    /// the database has none.
    fn unlock(&self, passphrase: &str) -> Result<RustKey, EncryptionError> {
        let found = self.call(Method::Get, KEY_SETUP_PATH, None);
        if found.status == 404 {
            let salt = RustCrypto.random_salt();
            // Few iterations keep the debug-built test fast; the app uses 600,000.
            let iterations = 1_000;
            let crypto = block_on(RustCrypto.derive(passphrase, &salt, iterations))?;
            let check = block_on(crypto.seal(&CryptoJob {
                aad: check_aad(),
                data: CHECK_PLAINTEXT.to_vec(),
            }))?;
            let setup = KeySetup {
                salt: base64_encode(&salt),
                iterations,
                check: base64_encode(&check),
            };
            let saved = self.call(
                Method::Put,
                KEY_SETUP_PATH,
                Some(&serde_json::to_value(&setup).unwrap()),
            );
            assert_eq!(saved.status, 201, "{:?}", saved.body);
            return Ok(crypto);
        }
        let setup: KeySetup = serde_json::from_value(found.body)
            .map_err(|e| EncryptionError::Malformed(e.to_string()))?;
        let salt = base64_decode(&setup.salt)?;
        let crypto = block_on(RustCrypto.derive(passphrase, &salt, setup.iterations))?;
        let check = CryptoJob {
            aad: check_aad(),
            data: base64_decode(&setup.check)?,
        };
        match block_on(crypto.open(&check)) {
            Ok(plain) if plain == CHECK_PLAINTEXT => Ok(crypto),
            _ => Err(EncryptionError::WrongPassphrase),
        }
    }

    /// A replication whose documents are sealed on the way out and opened on the way in.
    fn replicate_sealed(
        &self,
        db: &mut LocalDb,
        replica: &str,
        direction: Direction,
        crypto: &RustKey,
    ) -> Result<Progress, String> {
        let id = replication_id(replica, &self.db_url, direction);
        let mut replicator = Replicator::new(direction, &id, 10);
        let mut step = replicator.start();
        loop {
            match step {
                Step::Send(mut request) => {
                    let sealed = seal_jobs(&request)
                        .iter()
                        .map(|job| block_on(crypto.seal(job)).expect("sealed"))
                        .collect();
                    apply_sealed(&mut request, sealed);
                    let mut response = self.send(&request);
                    let opened = open_jobs(&request, &response)
                        .and_then(|jobs| {
                            jobs.iter().map(|job| block_on(crypto.open(job))).collect()
                        })
                        .and_then(|opened| apply_opened(&mut response, opened));
                    opened.map_err(|e| e.to_string())?;
                    step = replicator.receive(db, response);
                }
                Step::Done(progress) => return Ok(progress),
                Step::Failed(error) => return Err(error.to_string()),
            }
        }
    }
}

#[test]
fn with_a_passphrase_the_server_holds_ids_revisions_and_ciphertext_only() {
    let Some(server) = Server::fresh("sealed") else {
        return;
    };
    let crypto = server.unlock("correct horse battery").unwrap();
    let mut a = LocalDb::with_rev_key(crypto.rev_key());
    let people = [
        ("Ali Rezaei", "ali@example.com", "+98 912 345 6789"),
        ("Mina Karimi", "mina@example.com", "+98 935 111 2222"),
    ];
    for (n, (name, email, phone)) in people.iter().enumerate() {
        a.edit(
            &format!("lead:{n}"),
            "Sara Ahmadi",
            fields(json!({"name": name, "email": email, "phone": phone})),
        );
    }
    server
        .replicate_sealed(&mut a, "a", Direction::Push, &crypto)
        .unwrap();

    // Read back over HTTP exactly what the server stores.
    let stored = server.call(Method::Get, "_all_docs?include_docs=true", None);
    let text = stored.body.to_string();
    // Outside the ciphertext not even a fragment of a word (the revision ids are hex, which may
    // spell digits by chance); inside it, base64 may spell a short fragment by chance, but never a
    // whole value.
    let mut outside = stored.body.clone();
    for row in outside["rows"].as_array_mut().unwrap() {
        row["doc"]["sealed"] = json!("");
    }
    let outside = outside.to_string();
    for (name, email, phone) in people {
        for secret in [name, email, phone, "Sara Ahmadi"] {
            assert!(
                !text.contains(secret),
                "{secret} is readable on the server: {text}"
            );
        }
        for fragment in ["Rezaei", "Karimi", "example", "Sara"] {
            assert!(
                !outside.contains(fragment),
                "{fragment} is readable on the server: {outside}"
            );
        }
    }
    let rows = stored.body["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    for row in rows {
        let doc = row["doc"].as_object().unwrap();
        let mut keys: Vec<&str> = doc.keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(keys, ["_id", "_rev", "sealed"]);
        let plain_rev = kariz::domain::sync::RevId::derive(
            None,
            false,
            &serde_json::to_value(kariz::domain::sync::Version {
                by: "Sara Ahmadi".into(),
                fields: a.get(row["id"].as_str().unwrap()).unwrap().fields,
                ..Default::default()
            })
            .unwrap(),
        );
        assert_ne!(
            doc["_rev"],
            json!(plain_rev.to_string()),
            "revision ids are keyed"
        );
    }

    // The same passphrase on a second device reads everything.
    let unlocked = server.unlock("correct horse battery").unwrap();
    let mut b = LocalDb::with_rev_key(unlocked.rev_key());
    server
        .replicate_sealed(&mut b, "b", Direction::Pull, &unlocked)
        .unwrap();
    for id in a.ids() {
        assert_eq!(b.get(id), a.get(id), "{id}");
    }

    // A wrong passphrase is detected before anything is read.
    let wrong = server.unlock("correct horse battery staple");
    assert_eq!(wrong.err(), Some(EncryptionError::WrongPassphrase));
    assert!(EncryptionError::WrongPassphrase
        .to_string()
        .contains("passphrase"));

    // A device without the passphrase stops at the first sealed document and keeps nothing.
    let mut c = LocalDb::new();
    let (_, ended) = server.replicate(&mut c, "c", Direction::Pull, 10, None);
    match ended {
        Err(SyncError::Protocol(why)) => assert!(why.contains("encrypted"), "{why}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(c.is_empty());
}
