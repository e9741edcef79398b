//! The browser transport (`sync::fetch`) against the sync test server, in headless Chromium: two
//! replicas sync through real `fetch` requests with basic auth, and an unreachable server leaves
//! the round "Offline" with the changes waiting. `scripts/test.sh wasm` starts the server and
//! names it in `KARIZ_SYNC_SERVER` at build time.

#![cfg(target_arch = "wasm32")]

use kariz::sync::fetch::{run_round, Connection};
use kariz::sync::{LocalDb, Method, Request, Round, Status};
use serde_json::json;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh database on the test server, or `None` (with a message) when the build had none.
async fn fresh(name: &str) -> Option<Connection> {
    let Some(server) = option_env!("KARIZ_SYNC_SERVER") else {
        console_log!(
            "SKIPPED: KARIZ_SYNC_SERVER was not set at build time; run scripts/test.sh wasm"
        );
        return None;
    };
    let db = format!("{name}-{}", js_sys::Date::now() as u64);
    let connection = Connection {
        database_url: format!("{}/{db}/", server.trim_end_matches('/')),
        user: String::new(),
        password: String::new(),
    };
    let create = Request {
        method: Method::Put,
        path: String::new(),
        query: Vec::new(),
        body: None,
    };
    let created = connection
        .send(&create)
        .await
        .expect("the test server answers");
    assert_eq!(created.status, 201, "{:?}", created.body);
    Some(connection)
}

#[wasm_bindgen_test]
async fn two_replicas_sync_through_fetch() {
    let Some(connection) = fresh("fetch").await else {
        return;
    };
    let mut a = LocalDb::new();
    let mut b = LocalDb::new();
    for n in 0..30 {
        a.edit(
            &format!("lead:{n}"),
            "Sara",
            json!({"name": format!("Lead {n}")})
                .as_object()
                .unwrap()
                .clone(),
        );
    }
    b.edit(
        "lead:b",
        "Reza",
        json!({"name": "From B"}).as_object().unwrap().clone(),
    );
    let url = connection.database_url.clone();
    let mut round_a = Round::new("a", &url, 10);
    assert_eq!(
        run_round(&connection, &mut a, &mut round_a).await,
        Status::Synced
    );
    let mut round_b = Round::new("b", &url, 10);
    assert_eq!(
        run_round(&connection, &mut b, &mut round_b).await,
        Status::Synced
    );
    assert_eq!(round_b.report().pulled.revisions_moved, 30);
    let mut round_a = Round::new("a", &url, 10);
    assert_eq!(
        run_round(&connection, &mut a, &mut round_a).await,
        Status::Synced
    );
    assert_eq!(a.len(), 31);
    for id in a.ids() {
        assert_eq!(a.get(id), b.get(id), "{id}");
    }
}

#[wasm_bindgen_test]
async fn a_wrong_password_and_an_unreachable_server_are_told_apart() {
    let Some(connection) = fresh("fetch-errors").await else {
        return;
    };
    let server = connection
        .database_url
        .rsplitn(3, '/')
        .nth(2)
        .unwrap()
        .to_owned();
    let user = format!("reza{}", js_sys::Date::now() as u64);
    let users = Connection {
        database_url: format!("{server}/_users/"),
        ..connection.clone()
    };
    let put = Request {
        method: Method::Put,
        path: format!("org.couchdb.user:{user}"),
        query: Vec::new(),
        body: Some(json!({"name": user, "password": "right", "roles": [], "type": "user"})),
    };
    assert_eq!(users.send(&put).await.unwrap().status, 201);

    let mut db = LocalDb::new();
    db.edit(
        "lead:1",
        "Reza",
        json!({"name": "Ali"}).as_object().unwrap().clone(),
    );
    let wrong = Connection {
        user: user.clone(),
        password: "wrong".into(),
        ..connection.clone()
    };
    let mut round = Round::new("r", &wrong.database_url, 10);
    assert_eq!(
        run_round(&wrong, &mut db, &mut round).await,
        Status::Failed(kariz::sync::SyncError::Unauthorized)
    );
    let right = Connection {
        user,
        password: "right".into(),
        ..connection.clone()
    };
    let mut round = Round::new("r", &right.database_url, 10);
    assert_eq!(run_round(&right, &mut db, &mut round).await, Status::Synced);

    // Nothing listens on port 9 of this machine: the round ends offline, the edit waiting.
    db.edit(
        "lead:1",
        "Reza",
        json!({"name": "Ali R"}).as_object().unwrap().clone(),
    );
    let gone = Connection {
        database_url: "http://127.0.0.1:9/team/".into(),
        ..right
    };
    let mut round = Round::new("r", &gone.database_url, 10);
    assert_eq!(
        run_round(&gone, &mut db, &mut round).await,
        Status::Offline { waiting: 1 }
    );
}
