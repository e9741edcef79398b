//! Two workspaces, each on a store of its own (two browsers), syncing through the real
//! CouchDB-protocol server that `scripts/test.sh` starts (tests/sync/server.mjs) and names in
//! `KARIZ_SYNC_SERVER`: what one person does reaches the other, edits of one lead on both merge,
//! a conflict is listed the same on both and ended by "Keep this", erasing travels, a restart
//! resumes without sending anything twice, and a browser with records made before sync joins a
//! team database that already has records by moving its own out of the way.
#![cfg(not(target_arch = "wasm32"))]

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use futures::executor::block_on;
use serde_json::{json, Value};

use kariz::domain::followup::{
    Sequence, SequenceStep, StepAction, Task, TaskOrigin, TaskSubject, Template,
};
use kariz::domain::import::ImportRow;
use kariz::domain::pipeline::DealForm;
use kariz::domain::rules::{pending, Firing};
use kariz::domain::validation::{ActivityForm, LeadForm};
use kariz::domain::{format_date_for_input, ActivityKind, Date, DeviceId, LeadId, Timestamp};
use kariz::store::{ChangeSet, Doc, MemoryStore, Store};
use kariz::sync::encryption::EncryptionError;
use kariz::sync::sealed::{is_encrypted, unlock, Cipher, Sealed};
use kariz::sync::{
    Method, Request, Response, SendError, Status, Transport, BATCHES_PER_CHECKPOINT,
};
use kariz::workspace::{Clock, SyncEncryption, SyncSetup, Workspace};

mod common;
use common::rust_crypto::{RustCrypto, RustKey};

const NOW: Timestamp = 1_767_000_000_000;

struct FixedClock;

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        NOW
    }
    fn utc_offset_minutes(&self) -> i32 {
        210
    }
}

/// A fresh database on the test server, reached with a blocking client.
struct Server {
    agent: ureq::Agent,
    db_url: String,
}

impl Server {
    fn fresh(name: &str) -> Option<Server> {
        static COUNT: AtomicU32 = AtomicU32::new(0);
        let Some(base) = std::env::var("KARIZ_SYNC_SERVER")
            .ok()
            .filter(|u| !u.is_empty())
        else {
            eprintln!("SKIPPED: KARIZ_SYNC_SERVER is not set; run scripts/test.sh native");
            return None;
        };
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let n = COUNT.fetch_add(1, Ordering::Relaxed);
        let server = Server {
            agent: ureq::Agent::config_builder()
                .http_status_as_error(false)
                .build()
                .into(),
            db_url: format!("{}/{name}-{nanos}-{n}/", base.trim_end_matches('/')),
        };
        let created = server.call(Method::Put, "", None).unwrap();
        assert_eq!(created.status, 201, "{:?}", created.body);
        Some(server)
    }

    fn call(&self, method: Method, path: &str, body: Option<&Value>) -> Result<Response, String> {
        let url = format!("{}{path}", self.db_url);
        let result = match method {
            Method::Get => self.agent.get(&url).call(),
            Method::Put => self
                .agent
                .put(&url)
                .header("Content-Type", "application/json")
                .send(body.map(Value::to_string).unwrap_or_default()),
            Method::Post => self
                .agent
                .post(&url)
                .header("Content-Type", "application/json")
                .send(body.map(Value::to_string).unwrap_or_default()),
        };
        let mut response = result.map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap_or_default();
        Ok(Response {
            status,
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
        })
    }

    /// The database's `update_seq`, which moves with every document written.
    fn update_seq(&self) -> Value {
        self.call(Method::Get, "", None).unwrap().body["update_seq"].clone()
    }
}

impl Transport for Server {
    async fn send(&self, request: &Request) -> Result<Response, SendError> {
        self.call(
            request.method,
            &request.path_and_query(),
            request.body.as_ref(),
        )
        .map_err(SendError::Unreachable)
    }
}

/// A transport to a server that is down.
struct Down;

impl Transport for Down {
    async fn send(&self, _: &Request) -> Result<Response, SendError> {
        Err(SendError::Unreachable("connection refused".into()))
    }
}

fn device(store: &MemoryStore) -> Workspace<MemoryStore> {
    block_on(Workspace::open(store.clone(), Box::new(FixedClock))).unwrap()
}

fn joined(server: &Server, device_id: DeviceId) -> (MemoryStore, Workspace<MemoryStore>) {
    let store = MemoryStore::of_device(device_id);
    let ws = device(&store);
    block_on(ws.set_up_sync(plain(server))).unwrap();
    (store, ws)
}

fn plain(server: &Server) -> SyncSetup {
    SyncSetup {
        database_url: server.db_url.clone(),
        ..SyncSetup::default()
    }
}

fn round(ws: &Workspace<MemoryStore>, server: &Server) {
    assert_eq!(status(ws, server), Some(Status::Synced));
}

fn status(ws: &Workspace<MemoryStore>, transport: &impl Transport) -> Option<Status> {
    block_on(ws.sync_round(transport)).map(|outcome| outcome.status)
}

/// The names of the leads `ws` holds, sorted.
fn lead_names(ws: &Workspace<MemoryStore>) -> Vec<String> {
    let mut names: Vec<String> = ws
        .state()
        .book
        .leads()
        .iter()
        .map(|l| l.name.clone())
        .collect();
    names.sort();
    names
}

fn named(name: &str) -> LeadForm {
    LeadForm {
        name: name.into(),
        ..LeadForm::default()
    }
}

fn edit(ws: &Workspace<MemoryStore>, id: LeadId, change: impl FnOnce(&mut LeadForm)) {
    let lead = ws.state().book.lead(id).unwrap().clone();
    let mut form = LeadForm::from_lead(&lead);
    change(&mut form);
    block_on(ws.update_lead(id, &form, lead.revision)).unwrap();
}

fn lead_json(ws: &Workspace<MemoryStore>, id: LeadId) -> Value {
    let mut lead = serde_json::to_value(ws.state().book.lead(id).unwrap()).unwrap();
    lead.as_object_mut().unwrap().remove("revision");
    lead
}

#[test]
fn a_lead_made_on_one_device_appears_on_the_other_with_its_activities() {
    let Some(server) = Server::fresh("appears") else {
        return;
    };
    let (_, a) = joined(&server, 0x00a1_b2c3);
    let (_, b) = joined(&server, 0x0077_8899);
    let lead = block_on(a.create_lead(&named("Sara Ahmadi"))).unwrap();
    assert_eq!(
        lead & 0xff_ffff,
        0xa1_b2c3,
        "a new id is in the device's block"
    );
    assert!(lead >= 1 << 24);
    let call = ActivityForm {
        kind: ActivityKind::Call.key().into(),
        date: format_date_for_input(Date::from_timestamp(NOW, 210)),
        notes: "asked for a quote".into(),
    };
    block_on(a.log_activity(lead, &call)).unwrap();
    let form = DealForm {
        value: "30000000".into(),
        ..DealForm::from_lead(
            a.state().book.lead(lead).unwrap(),
            Date::from_timestamp(NOW, 210),
        )
    };
    let deal = block_on(a.convert_to_deal(lead, &form, "met at the trade show")).unwrap();
    round(&a, &server);
    round(&b, &server);
    assert_eq!(lead_json(&b, lead), lead_json(&a, lead));
    assert_eq!(b.state().deals.get(deal), a.state().deals.get(deal));
    assert_eq!(
        b.state().deal_revision(deal).unwrap().current.device,
        0x0077_8899
    );
    let activities = b.state().book.activities_of(lead).to_vec();
    assert_eq!(activities.len(), 1);
    assert_eq!(activities[0].notes, "asked for a quote");
    // B's own new lead does not take A's number.
    let mine = block_on(b.create_lead(&named("Reza"))).unwrap();
    assert_eq!(mine & 0xff_ffff, 0x77_8899);
    round(&b, &server);
    round(&a, &server);
    assert_eq!(a.state().book.leads().len(), 2);
}

#[test]
fn edits_of_one_lead_on_two_devices_merge_and_a_conflict_is_kept_until_chosen() {
    let Some(server) = Server::fresh("merge") else {
        return;
    };
    let (_, a) = joined(&server, 0x0000_0101);
    let (_, b) = joined(&server, 0x0000_0202);
    let lead = block_on(a.create_lead(&named("Mina Karimi"))).unwrap();
    round(&a, &server);
    round(&b, &server);

    // Apart: different fields.
    edit(&a, lead, |f| f.city = "Tabriz".into());
    edit(&b, lead, |f| f.phone = "09121234567".into());
    for ws in [&a, &b, &a] {
        round(ws, &server);
    }
    let phone = b.state().book.lead(lead).unwrap().phone.clone();
    assert!(!phone.is_empty());
    for ws in [&a, &b] {
        let merged = ws.state().book.lead(lead).unwrap().clone();
        assert_eq!(
            (merged.city.as_str(), merged.phone.as_str()),
            ("Tabriz", phone.as_str())
        );
        assert!(ws.sync_conflicts().is_empty());
    }

    // Apart: the same field, differently, by two named people.
    block_on(a.save_profile("Sara")).unwrap();
    block_on(b.save_profile("Reza")).unwrap();
    edit(&a, lead, |f| f.notes = "call after Nowruz".into());
    edit(&b, lead, |f| f.notes = "wants a demo".into());
    for ws in [&a, &b, &a] {
        round(ws, &server);
    }
    let conflicts = a.sync_conflicts();
    assert_eq!(conflicts, b.sync_conflicts(), "both list the same conflict");
    assert_eq!(conflicts.len(), 1);
    // (Saved before the names: the branches of the first edits, if a device still held them.)
    let mut authors: Vec<&str> = conflicts[0]
        .authors
        .iter()
        .map(|(_, n)| n.as_str())
        .filter(|n| !n.is_empty())
        .collect();
    authors.sort_unstable();
    assert_eq!(authors, ["Reza", "Sara"], "who saved each version");
    let field = &conflicts[0].fields[0];
    assert_eq!(field.field, "notes");
    let values = [field.kept.1.clone(), field.other.1.clone()];
    assert!(values.contains(&Some(json!("call after Nowruz"))));
    assert!(values.contains(&Some(json!("wants a demo"))));
    assert_eq!(
        lead_json(&a, lead),
        lead_json(&b, lead),
        "same winner on both"
    );

    // "Keep this" on B, for A's value.
    let a_version = if field.kept.1 == Some(json!("call after Nowruz")) {
        field.kept.0.clone()
    } else {
        field.other.0.clone()
    };
    assert!(block_on(b.keep_version(&conflicts[0].doc_id, &a_version)).unwrap());
    for ws in [&b, &a] {
        round(ws, &server);
    }
    for ws in [&a, &b] {
        assert!(ws.sync_conflicts().is_empty());
        assert_eq!(
            ws.state().book.lead(lead).unwrap().notes,
            "call after Nowruz"
        );
    }
}

#[test]
fn the_next_edit_closes_cleanly_merged_branches_and_the_server_lists_no_conflict() {
    let Some(server) = Server::fresh("close") else {
        return;
    };
    let (_, a) = joined(&server, 0x0000_0303);
    let (_, b) = joined(&server, 0x0000_0404);
    let lead = block_on(a.create_lead(&named("Arash Pak"))).unwrap();
    round(&a, &server);
    round(&b, &server);
    let doc = format!("lead:{lead}?conflicts=true");
    let server_conflicts = || {
        let answer = server.call(Method::Get, &doc, None).unwrap();
        assert_eq!(answer.status, 200, "{:?}", answer.body);
        answer.body["_conflicts"].as_array().map_or(0, Vec::len)
    };

    // Apart, different fields: merged on both, two branches on the server.
    edit(&a, lead, |f| f.city = "Shiraz".into());
    edit(&b, lead, |f| f.company = "Pak Tile".into());
    for ws in [&a, &b, &a] {
        round(ws, &server);
    }
    assert_eq!(
        server_conflicts(),
        1,
        "CouchDB keeps both branches until one is closed"
    );

    // The next edit, made on the merged record, takes both branches in and closes the other.
    edit(&b, lead, |f| f.notes = "visit in spring".into());
    for ws in [&b, &a] {
        round(ws, &server);
    }
    assert_eq!(
        server_conflicts(),
        0,
        "no branch is left open on the server"
    );
    for ws in [&a, &b] {
        let merged = ws.state().book.lead(lead).unwrap().clone();
        assert_eq!(
            (
                merged.city.as_str(),
                merged.company.as_str(),
                merged.notes.as_str()
            ),
            ("Shiraz", "Pak Tile", "visit in spring"),
            "nothing of either branch is lost"
        );
        assert!(ws.sync_conflicts().is_empty());
    }
    assert_eq!(lead_json(&a, lead), lead_json(&b, lead));

    // A same-field conflict is not closed by an edit: it stays listed until "Keep this".
    edit(&a, lead, |f| f.notes = "call in May".into());
    edit(&b, lead, |f| f.notes = "email first".into());
    for ws in [&a, &b, &a] {
        round(ws, &server);
    }
    edit(&a, lead, |f| f.city = "Isfahan".into());
    for ws in [&a, &b] {
        round(ws, &server);
    }
    for ws in [&a, &b] {
        assert_eq!(
            ws.sync_conflicts().len(),
            1,
            "the notes conflict is still listed"
        );
    }
    assert_eq!(server_conflicts(), 1);
}

#[test]
fn history_names_who_changed_which_fields_on_both_devices_and_after_a_restart() {
    let Some(server) = Server::fresh("history") else {
        return;
    };
    let (store, a) = joined(&server, 0x0000_0707);
    let (_, b) = joined(&server, 0x0000_0808);
    block_on(a.save_profile("Sara")).unwrap();
    block_on(b.save_profile("Reza")).unwrap();
    let lead = block_on(a.create_lead(&named("Nasrin Amini"))).unwrap();
    round(&a, &server);
    round(&b, &server);
    edit(&a, lead, |f| f.city = "Rasht".into());
    edit(&b, lead, |f| f.phone = "09121112233".into());
    for ws in [&a, &b, &a] {
        round(ws, &server);
    }
    let doc = format!("lead:{lead}");
    let who_what = |ws: &Workspace<MemoryStore>| -> Vec<(String, Vec<String>)> {
        ws.sync_history(&doc)
            .into_iter()
            .map(|c| (c.by, c.fields))
            .collect()
    };
    let on_a = who_what(&a);
    assert_eq!(on_a, who_what(&b), "both devices tell the same history");
    assert!(
        on_a.contains(&("Sara".into(), vec!["city".into()])),
        "{on_a:?}"
    );
    assert!(
        on_a.contains(&("Reza".into(), vec!["phone".into()])),
        "{on_a:?}"
    );
    let (first_by, first_fields) = on_a.last().unwrap();
    assert_eq!(first_by, "Sara", "the oldest is the lead as made");
    assert!(first_fields.contains(&"name".to_string()));

    // Kept with the replica: the same history after the browser is reopened.
    drop(a);
    let again = device(&store);
    assert!(block_on(again.resume_sync(None)).unwrap().unwrap().joined);
    assert_eq!(who_what(&again), on_a);
}

#[test]
fn erasing_a_lead_erases_it_on_the_other_device() {
    let Some(server) = Server::fresh("erase") else {
        return;
    };
    let (_, a) = joined(&server, 0x0000_0303);
    let (_, b) = joined(&server, 0x0000_0404);
    let lead = block_on(a.create_lead(&named("Ali Rezaei"))).unwrap();
    let note = ActivityForm {
        kind: ActivityKind::EmailSent.key().into(),
        date: format_date_for_input(Date::from_timestamp(NOW, 210)),
        notes: String::new(),
    };
    block_on(a.log_activity(lead, &note)).unwrap();
    round(&a, &server);
    round(&b, &server);
    assert!(b.state().book.lead(lead).is_some());
    block_on(b.erase_lead(lead)).unwrap();
    round(&b, &server);
    round(&a, &server);
    assert!(a.state().book.lead(lead).is_none());
    assert!(a.state().book.activities_of(lead).is_empty());
}

#[test]
fn a_restart_resumes_without_sending_anything_twice() {
    let Some(server) = Server::fresh("restart") else {
        return;
    };
    let (store, a) = joined(&server, 0x0000_0505);
    for name in ["One", "Two", "Three"] {
        block_on(a.create_lead(&named(name))).unwrap();
    }
    round(&a, &server);
    let seq = server.update_seq();
    drop(a);
    let again = device(&store);
    assert_eq!(
        status(&again, &server),
        None,
        "not running in this tab until resumed"
    );
    assert!(block_on(again.resume_sync(None)).unwrap().unwrap().joined);
    round(&again, &server);
    assert_eq!(server.update_seq(), seq, "nothing written twice");
    let (_, b) = joined(&server, 0x0000_0606);
    round(&b, &server);
    assert_eq!(b.state().book.leads().len(), 3);

    // A backup holds the data, not this browser's sync state.
    let file = String::from_utf8(block_on(again.backup("test", false)).unwrap()).unwrap();
    assert!(file.contains("\"Three\""));
    assert!(
        !file.contains("replica.") && !file.contains("replica_id"),
        "{file}"
    );

    // Offline: the round says how many changes wait, and they go when the server is back.
    block_on(again.create_lead(&named("Four"))).unwrap();
    assert_eq!(status(&again, &Down), Some(Status::Offline { waiting: 1 }));
    round(&again, &server);
    round(&b, &server);
    assert_eq!(b.state().book.leads().len(), 4);
}

#[test]
fn a_browser_with_records_before_sync_seeds_an_empty_database_and_one_joining_a_full_one_moves_its_own_into_its_block(
) {
    let Some(server) = Server::fresh("join") else {
        return;
    };
    let first = MemoryStore::of_device(0x0000_0707);
    let a = device(&first);
    let old = block_on(a.create_lead(&named("Made before sync"))).unwrap();
    assert!(old < 1 << 24);
    block_on(a.set_up_sync(plain(&server))).unwrap();
    round(&a, &server);
    assert_eq!(
        a.state().book.lead(old).unwrap().name,
        "Made before sync",
        "a seed keeps its ids"
    );

    // A second browser, used apart: its lead 1 is not A's lead 1, and it has an activity, a
    // deal with a task, a template, a sequence using it and an enrolment.
    let second = MemoryStore::of_device(0x0000_0808);
    let b = device(&second);
    let lead = block_on(b.create_lead(&named("Also made before sync"))).unwrap();
    assert_eq!(lead, old, "both browsers numbered their first lead 1");
    let call = ActivityForm {
        kind: ActivityKind::Call.key().into(),
        date: format_date_for_input(Date::from_timestamp(NOW, 210)),
        notes: "asked for a quote".into(),
    };
    block_on(b.log_activity(lead, &call)).unwrap();
    let form = DealForm {
        value: "30000000".into(),
        ..DealForm::from_lead(
            b.state().book.lead(lead).unwrap(),
            Date::from_timestamp(NOW, 210),
        )
    };
    let deal = block_on(b.convert_to_deal(lead, &form, "met at the trade show")).unwrap();
    let task = Task {
        id: 0,
        title: "Send the quote".into(),
        subject: TaskSubject::Deal(deal),
        owner: "Reza".into(),
        due: NOW + 86_400_000,
        done_at: None,
        origin: TaskOrigin::Manual,
        created_at: NOW,
    };
    block_on(b.create_task(task)).unwrap();
    let template = Template {
        id: 0,
        name: "Hello".into(),
        lang: "en".into(),
        subject: "Hi {first_name}".into(),
        body: "Thank you for your time.".into(),
    };
    let template = block_on(b.save_template(template)).unwrap();
    let sequence = Sequence {
        id: 0,
        name: "Welcome".into(),
        steps: vec![SequenceStep {
            day: 0,
            action: StepAction::Email,
            title: "Intro email".into(),
            template: Some(template),
        }],
    };
    let sequence = block_on(b.save_sequence(sequence)).unwrap();
    block_on(b.enroll(lead, sequence, "Reza")).unwrap();
    // Five e-mails without a reply flag a lead Cold; Reza said "not this one".
    let quiet = block_on(b.create_lead(&named("Five emails"))).unwrap();
    for n in 0..5 {
        let email = ActivityForm {
            kind: ActivityKind::EmailSent.key().into(),
            notes: format!("follow-up {n}"),
            ..call.clone()
        };
        block_on(b.log_activity(quiet, &email)).unwrap();
    }
    let firings = review(&b);
    let firing = firings.iter().find(|f| f.lead_id == quiet).unwrap();
    block_on(b.dismiss_firing(firing)).unwrap();
    assert!(review(&b).iter().all(|f| f.lead_id != quiet));

    block_on(b.set_up_sync(plain(&server))).unwrap();
    round(&b, &server);

    // B's records moved into its block, every reference with them.
    let block = |id: u64| id >= 1 << 24 && id & 0xff_ffff == 0x00_0808;
    let state = b.state();
    let mine = state
        .book
        .leads()
        .iter()
        .find(|l| l.name == "Also made before sync")
        .unwrap()
        .clone();
    assert!(block(mine.id), "lead {}", mine.id);
    let activities = state.book.activities_of(mine.id);
    assert_eq!(activities.len(), 1);
    assert!(block(activities[0].id));
    let deals: Vec<_> = state.deals.of_lead(mine.id).cloned().collect();
    assert_eq!(deals.len(), 1);
    assert!(block(deals[0].id));
    let f = &state.follow_up;
    let manual: Vec<_> = f
        .tasks
        .iter()
        .filter(|t| t.origin == TaskOrigin::Manual)
        .collect();
    assert_eq!(manual.len(), 1);
    assert!(block(manual[0].id));
    assert_eq!(manual[0].subject, TaskSubject::Deal(deals[0].id));
    assert!(block(f.templates[0].id));
    assert!(block(f.sequences[0].id));
    assert_eq!(f.sequences[0].steps[0].template, Some(f.templates[0].id));
    assert_eq!(f.enrollments.len(), 1);
    assert!(block(f.enrollments[0].id));
    assert_eq!(f.enrollments[0].lead, mine.id);
    assert_eq!(f.enrollments[0].sequence, f.sequences[0].id);
    // A's lead came down beside it, under its own number.
    assert_eq!(state.book.lead(old).unwrap().name, "Made before sync");
    assert_eq!(state.book.leads().len(), 3);
    drop(state);
    // The dismissed firing stays dismissed under the lead's new number.
    assert!(review(&b).is_empty(), "{:?}", review(&b));

    // A takes in B's records; nothing of A's was overwritten.
    round(&a, &server);
    let state = a.state();
    assert_eq!(state.book.lead(old).unwrap().name, "Made before sync");
    assert_eq!(
        state.book.lead(mine.id).unwrap().name,
        "Also made before sync"
    );
    assert_eq!(
        state.book.activities_of(mine.id)[0].notes,
        "asked for a quote"
    );
    assert_eq!(state.deals.of_lead(mine.id).count(), 1);
    assert_eq!(state.follow_up.enrollments[0].lead, mine.id);
    drop(state);

    // Restarted, B holds the same and has nothing more to send.
    let reopened = device(&second);
    assert!(
        block_on(reopened.resume_sync(None))
            .unwrap()
            .unwrap()
            .joined
    );
    let seq = server.update_seq();
    round(&reopened, &server);
    assert_eq!(server.update_seq(), seq, "nothing sent twice");
    assert_eq!(reopened.state().book.leads().len(), 3);
}

/// The firings the Prune review would show now.
fn review(ws: &Workspace<MemoryStore>) -> Vec<Firing> {
    let state = ws.state();
    let firings = state.rule_firings(NOW);
    pending(firings, &state.dismissals, &state.audit, &state.rule_states)
        .into_iter()
        .map(|f| (*f).clone())
        .collect()
}

#[test]
fn a_write_in_another_tab_is_synced_by_the_tab_that_runs_sync() {
    let Some(server) = Server::fresh("tabs") else {
        return;
    };
    let (store, syncing) = joined(&server, 0x0000_0a0a);
    let other_tab = device(&store);
    let lead = block_on(other_tab.create_lead(&named("Written in the other tab"))).unwrap();
    assert_eq!(
        lead & 0xff_ffff,
        0x0a0a,
        "the other tab draws ids from the block too"
    );
    assert_eq!(status(&other_tab, &server), None, "only one tab runs sync");
    block_on(syncing.reload()).unwrap();
    round(&syncing, &server);
    let (_, b) = joined(&server, 0x0000_0b0b);
    round(&b, &server);
    assert_eq!(
        b.state().book.lead(lead).unwrap().name,
        "Written in the other tab"
    );
}

/// A device that syncs with `passphrase`; few iterations keep the debug build fast (the app
/// uses 600,000).
fn encrypted(
    server: &Server,
    device_id: DeviceId,
    passphrase: &str,
) -> (Workspace<MemoryStore>, RustKey) {
    let ws = device(&MemoryStore::of_device(device_id));
    let (key, key_setup) = block_on(unlock(server, &RustCrypto, passphrase, 1_000, None)).unwrap();
    let setup = SyncSetup {
        encryption: Some(SyncEncryption {
            rev_key: key.rev_key().to_vec(),
            key_setup,
            remembered_passphrase: None,
        }),
        ..plain(server)
    };
    block_on(ws.set_up_sync(setup)).unwrap();
    (ws, key)
}

#[test]
fn with_a_passphrase_the_server_holds_no_name_email_or_phone_and_a_wrong_one_is_refused() {
    let Some(server) = Server::fresh("sealed") else {
        return;
    };
    assert_eq!(block_on(is_encrypted(&server)), Ok(false));
    let (a, key_a) = encrypted(&server, 0x0000_0c0c, "correct horse battery");
    let lead = block_on(a.create_lead(&LeadForm {
        name: "Ali Rezaei".into(),
        email: "ali@example.com".into(),
        phone: "09123456789".into(),
        ..LeadForm::default()
    }))
    .unwrap();
    let sealed_a = Sealed {
        inner: &server,
        key: &key_a,
    };
    assert_eq!(status(&a, &sealed_a), Some(Status::Synced));
    let stored = server
        .call(Method::Get, "_all_docs?include_docs=true", None)
        .unwrap()
        .body
        .to_string();
    assert!(stored.contains(&format!("lead:{lead}")), "{stored}");
    for secret in ["Ali Rezaei", "ali@example.com", "0912", "Rezaei"] {
        assert!(!stored.contains(secret), "{secret} in {stored}");
    }

    let (b, key_b) = encrypted(&server, 0x0000_0d0d, "correct horse battery");
    let sealed_b = Sealed {
        inner: &server,
        key: &key_b,
    };
    assert_eq!(status(&b, &sealed_b), Some(Status::Synced));
    assert_eq!(b.state().book.lead(lead).unwrap().email, "ali@example.com");

    assert_eq!(block_on(is_encrypted(&server)), Ok(true));
    let wrong = block_on(unlock(&server, &RustCrypto, "wrong horse", 1_000, None));
    assert_eq!(
        wrong.err(),
        Some(SendError::Encryption(EncryptionError::WrongPassphrase))
    );
}

#[test]
fn change_files_carry_a_team_without_a_server() {
    use kariz::workspace::ChangeFileError;
    let a = device(&MemoryStore::of_device(0x0000_1111));
    let made_before = block_on(a.create_lead(&named("Nasrin File"))).unwrap();
    let from_a = block_on(a.export_changes()).unwrap();
    assert!(from_a.contains("Nasrin File"));

    let b = device(&MemoryStore::of_device(0x0000_2222));
    let imported = block_on(b.import_changes(&from_a)).unwrap();
    assert!(imported.new_revisions >= 1);
    assert_eq!(
        b.state().book.lead(made_before).unwrap().name,
        "Nasrin File"
    );
    let again = block_on(b.import_changes(&from_a)).unwrap();
    assert_eq!(
        (again.new_revisions, again.written_here),
        (0, 0),
        "the same file twice"
    );

    edit(&b, made_before, |f| f.city = "Rasht".into());
    let mine = block_on(b.create_lead(&named("Made by B"))).unwrap();
    assert_eq!(mine & 0xff_ffff, 0x2222);
    let from_b = block_on(b.export_changes()).unwrap();
    block_on(a.import_changes(&from_b)).unwrap();
    assert_eq!(a.state().book.lead(made_before).unwrap().city, "Rasht");
    assert_eq!(a.state().book.lead(mine).unwrap().name, "Made by B");

    // A's next file starts where B said it has A's changes (what A took from B is in it again,
    // and B takes none of it twice); the first file is not in it.
    let next = block_on(a.export_changes()).unwrap();
    assert!(next.contains("Made by B"));
    let echo = block_on(b.import_changes(&next)).unwrap();
    assert_eq!((echo.new_revisions, echo.written_here), (0, 0));
    let newest = block_on(a.create_lead(&named("After the exchange"))).unwrap();
    let last = block_on(a.export_changes()).unwrap();
    block_on(b.import_changes(&last)).unwrap();
    assert_eq!(
        b.state().book.lead(newest).unwrap().name,
        "After the exchange"
    );

    assert_eq!(
        block_on(a.import_changes(&next)),
        Err(ChangeFileError::OwnFile)
    );
    assert!(matches!(
        block_on(a.import_changes("{\"format\": \"something else\"}")),
        Err(ChangeFileError::Unreadable(_))
    ));
    // C used Kariz before any exchange: its lead 1 is not A's. A file that does not read changes
    // nothing, its numbers included; A's file moves C's own out of the way, then comes in.
    let c = device(&MemoryStore::of_device(0x0000_3333));
    let own = block_on(c.create_lead(&named("C's own, before any exchange"))).unwrap();
    assert_eq!(own, made_before, "both numbered their first lead 1");
    assert!(matches!(
        block_on(c.import_changes(&from_a.replacen("\"version\":", "\"version\":9", 1))),
        Err(ChangeFileError::Unreadable(_))
    ));
    assert_eq!(
        c.state().book.lead(own).unwrap().name,
        "C's own, before any exchange"
    );
    block_on(c.import_changes(&from_a)).unwrap();
    let names = |ws: &Workspace<MemoryStore>| -> Vec<(u64, String)> {
        let mut names: Vec<_> = ws
            .state()
            .book
            .leads()
            .iter()
            .map(|l| (l.id, l.name.clone()))
            .collect();
        names.sort();
        names
    };
    let moved = names(&c);
    assert_eq!(moved.len(), 2);
    assert_eq!(moved[0], (made_before, "Nasrin File".to_owned()));
    assert_eq!(moved[1].1, "C's own, before any exchange");
    assert_eq!(moved[1].0 & 0xff_ffff, 0x3333, "moved into C's block");
    // C's file brings its lead to A under the new number.
    let from_c = block_on(c.export_changes()).unwrap();
    block_on(a.import_changes(&from_c)).unwrap();
    assert_eq!(
        a.state().book.lead(moved[1].0).unwrap().name,
        "C's own, before any exchange"
    );
    assert_eq!(
        a.state().book.lead(made_before).unwrap().name,
        "Nasrin File"
    );
}

/// The server until `left` requests have been answered, then no answer (the network drops).
struct CutOff<'a> {
    server: &'a Server,
    left: std::cell::Cell<usize>,
}

impl Transport for CutOff<'_> {
    async fn send(&self, request: &Request) -> Result<Response, SendError> {
        if self.left.get() == 0 {
            return Err(SendError::Unreachable("the network dropped".into()));
        }
        self.left.set(self.left.get() - 1);
        self.server.send(request).await
    }
}

#[test]
fn a_first_round_cut_off_halfway_goes_on_where_it_stopped() {
    let Some(server) = Server::fresh("cutoff") else {
        return;
    };
    let a = device(&MemoryStore::of_device(0x0000_4444));
    for i in 0..1_200 {
        block_on(a.create_lead(&named(&format!("Lead {i}")))).unwrap();
    }
    block_on(a.set_up_sync(plain(&server))).unwrap();
    // The database's description (empty: no revisions diff), the claim to seed it, the
    // checkpoint read, the first batch of 500, then the line drops before its checkpoint.
    let cut = CutOff {
        server: &server,
        left: std::cell::Cell::new(4),
    };
    assert!(matches!(status(&a, &cut), Some(Status::Offline { .. })));
    let on_server = |server: &Server| {
        server.call(Method::Get, "", None).unwrap().body["doc_count"]
            .as_u64()
            .unwrap()
    };
    let partial = on_server(&server);
    assert!(partial > 0 && partial < 1_200, "{partial}");
    round(&a, &server);
    assert_eq!(on_server(&server), 1_200);
    let (_, b) = joined(&server, 0x0000_5555);
    round(&b, &server);
    assert_eq!(b.state().book.leads().len(), 1_200);
}

/// Regression: a pull saved each batch's checkpoint while the batch was only in memory (the store
/// got it at the end of the round), so a tab closed halfway resumed after records it never kept.
#[test]
fn a_pull_keeps_each_batch_before_its_checkpoint_and_a_reopened_device_goes_on_from_there() {
    let Some(server) = Server::fresh("cutpull") else {
        return;
    };
    let a = device(&MemoryStore::of_device(0x0000_6666));
    const LEADS: usize = 5_200;
    let rows = (0..LEADS).map(|i| ImportRow::from(named(&format!("Lead {i}")).validate().unwrap()));
    block_on(a.import_leads(rows.collect())).unwrap();
    block_on(a.set_up_sync(plain(&server))).unwrap();
    round(&a, &server);
    let (store, b) = joined(&server, 0x0000_7777);
    // The database's description, the push's checkpoint (nothing to push), the pull's
    // checkpoint, then the batches up to the first checkpoint (_changes and _bulk_get each,
    // then the checkpoint written); then the line drops.
    let before_checkpoint = BATCHES_PER_CHECKPOINT * 2;
    let cut = CutOff {
        server: &server,
        left: std::cell::Cell::new(3 + before_checkpoint + 1),
    };
    let kept = BATCHES_PER_CHECKPOINT * 500;
    let mut counts = Vec::new();
    let outcome = block_on(b.sync_round_with(&cut, |count| counts.push(count)));
    assert!(matches!(
        outcome.map(|o| o.status),
        Some(Status::Offline { .. })
    ));
    assert!(
        counts
            .iter()
            .any(|c| c.done == kept && c.total.is_some_and(|t| t >= LEADS)),
        "the pull counted its batches of a known total: {counts:?}"
    );
    assert_eq!(
        b.state().book.leads().len(),
        kept,
        "the batches are in memory"
    );
    // Closed and opened again: the batches are in the store, and the pull goes on after them.
    drop(b);
    let again = device(&store);
    assert_eq!(again.state().book.leads().len(), kept);
    block_on(again.resume_sync(None)).unwrap();
    round(&again, &server);
    assert_eq!(again.state().book.leads().len(), LEADS);
    let names = lead_names(&again);
    assert_eq!(
        names
            .iter()
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        LEADS,
        "each lead once"
    );
}

/// What the replica-1 fixture's store went through (tests/fixtures/store/replica-1): a lead made
/// before sync, sync set up for change files, the lead edited, a second lead and an activity
/// made while syncing. Never change it: the fixture was written from it.
fn replica_fixture_history(store: &MemoryStore) -> (Workspace<MemoryStore>, LeadId, LeadId) {
    let ws = device(store);
    let first = block_on(ws.create_lead(&LeadForm {
        name: "Nasrin Karimi".into(),
        company: "Pars Sanat".into(),
        ..LeadForm::default()
    }))
    .unwrap();
    block_on(ws.set_up_sync(SyncSetup::default())).unwrap();
    edit(&ws, first, |form| form.phone = "09121234567".into());
    let second = block_on(ws.create_lead(&named("Reza Ahmadi"))).unwrap();
    let call = ActivityForm {
        kind: ActivityKind::Call.key().into(),
        date: format_date_for_input(Date::from_timestamp(NOW, 210)),
        notes: "asked for a quote".into(),
    };
    block_on(ws.log_activity(first, &call)).unwrap();
    (ws, first, second)
}

#[test]
fn a_replica_saved_one_document_per_record_loads_and_moves_into_chunks() {
    let store = MemoryStore::of_device(0x0000_1234);
    let (ws, first, second) = replica_fixture_history(&store);
    let today = ws.sync_history("lead:1");
    drop(ws);
    // The replica as commit 44e0d27 kept it, in place of today's chunks.
    let fixture: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/store/replica-1/docs.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let replica_docs = |store: &MemoryStore| -> Vec<(String, u64)> {
        block_on(store.load_all())
            .unwrap()
            .docs
            .iter()
            .filter(|d| d.collection.starts_with("replica."))
            .map(|d| (d.collection.clone(), d.id))
            .collect()
    };
    let old = ChangeSet {
        deleted_docs: replica_docs(&store),
        docs: fixture
            .iter()
            .map(|d| Doc {
                collection: d["collection"].as_str().unwrap().to_owned(),
                id: d["id"].as_u64().unwrap(),
                json: d["json"].as_str().unwrap().to_owned(),
                // Written afresh here: the store's bookkeeping, not the fixture's content.
                revision: Default::default(),
            })
            .collect(),
        ..ChangeSet::default()
    };
    block_on(store.apply(&old)).unwrap();
    assert_eq!(replica_docs(&store).len(), 3);

    let ws = device(&store);
    block_on(ws.resume_sync(None)).unwrap();
    let history = ws.sync_history("lead:1");
    assert_eq!(history, today, "the same versions, nothing taken in again");
    assert_eq!(history.len(), 2);
    assert!(history[0].rev.to_string().starts_with("2-8ac936c7"));
    assert_eq!(history[0].fields, ["phone"]);
    let mut moved = replica_docs(&store);
    moved.sort();
    let chunk = |kind: &str, id: u64| (format!("replica.chunk.{kind}"), id);
    assert_eq!(
        moved,
        [
            chunk("activity", 1 << 24 | 0x1234),
            chunk("lead", 1),
            chunk("lead", 1 << 24 | 0x1234)
        ],
        "one chunk per neighbourhood, and no document of the old kind left"
    );
    // Opened again from the chunks: the same replica.
    drop(ws);
    let ws = device(&store);
    block_on(ws.resume_sync(None)).unwrap();
    assert_eq!(ws.sync_history("lead:1"), today);
    assert_eq!(ws.sync_history(&format!("lead:{second}")).len(), 1);
    assert_eq!(
        ws.state().book.lead(first).unwrap().phone,
        "+98 912 123 4567"
    );
}

#[test]
fn two_browsers_used_before_sync_starting_on_one_empty_database_at_once_keep_their_leads_apart() {
    let Some(server) = Server::fresh("seedrace") else {
        return;
    };
    let a = device(&MemoryStore::of_device(0x0000_0a0a));
    let b = device(&MemoryStore::of_device(0x0000_0b0b));
    let on_a = block_on(a.create_lead(&named("Made on A"))).unwrap();
    let on_b = block_on(b.create_lead(&named("Made on B"))).unwrap();
    assert_eq!(on_a, on_b, "both browsers numbered their first lead 1");
    block_on(a.set_up_sync(plain(&server))).unwrap();
    block_on(b.set_up_sync(plain(&server))).unwrap();
    // A reads the database's description and claims it, then its line drops before it pushes:
    // B, starting now, still finds the database empty.
    let cut = CutOff {
        server: &server,
        left: std::cell::Cell::new(2),
    };
    assert!(matches!(status(&a, &cut), Some(Status::Offline { .. })));
    round(&b, &server);
    round(&a, &server);
    round(&b, &server);
    for ws in [&a, &b] {
        assert_eq!(
            lead_names(ws),
            ["Made on A", "Made on B"],
            "two leads, not one merged"
        );
        assert!(ws.sync_conflicts().is_empty());
    }
    assert_eq!(
        a.state().book.lead(on_a).unwrap().name,
        "Made on A",
        "the device that claimed the database keeps its numbers"
    );
}

/// Regression: a device moving to a new database (to change the team's encryption, or its
/// server) took the records made before sync on the seeding device for its own, and moved them
/// into its block: every one of them twice.
#[test]
fn a_team_moving_to_a_new_database_keeps_one_copy_of_each_record() {
    let (Some(old), Some(new)) = (Server::fresh("moving"), Server::fresh("moved")) else {
        return;
    };
    let a = device(&MemoryStore::of_device(0x0000_0c0c));
    let lead = block_on(a.create_lead(&named("Made before sync"))).unwrap();
    block_on(a.set_up_sync(plain(&old))).unwrap();
    round(&a, &old);
    let (_, b) = joined(&old, 0x0000_0d0d);
    round(&b, &old);
    assert!(b.state().book.lead(lead).is_some());

    block_on(b.set_up_sync(plain(&new))).unwrap();
    round(&b, &new);
    block_on(a.set_up_sync(plain(&new))).unwrap();
    round(&a, &new);
    round(&b, &new);
    for ws in [&a, &b] {
        assert_eq!(
            lead_names(ws),
            ["Made before sync"],
            "one lead, at its number"
        );
        assert!(ws.state().book.lead(lead).is_some());
        assert!(ws.sync_conflicts().is_empty());
    }
}
