//! The browser's transport for the replicator: each [`Request`] sent with `fetch` to the sync
//! database, the credentials as basic auth in the `Authorization` header (never in the URL, and
//! never kept by this code), the answer read back as JSON.

use base64::Engine;
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestCredentials, RequestInit};

use super::http::{Request, Response, SendError, Transport};
use super::local_db::LocalDb;
use super::session::{Round, Status};

/// Where the team's database is and how to sign in to it.
#[derive(Clone, PartialEq, Eq)]
pub struct Connection {
    /// The database's URL, ending in `/` (e.g. `https://couch.example.com/team/`).
    pub database_url: String,
    pub user: String,
    pub password: String,
}

impl std::fmt::Debug for Connection {
    // The password stays out of logs and panic messages.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("database_url", &self.database_url)
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

impl Connection {
    /// `Basic <base64(user:password)>`; `None` without a user name (a server open to all).
    fn authorization(&self) -> Option<String> {
        (!self.user.is_empty()).then(|| {
            let pair = format!("{}:{}", self.user, self.password);
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(pair)
            )
        })
    }

    /// Sends `request` and reads the answer; a body that is not JSON reads as `Value::Null`.
    pub async fn send(&self, request: &Request) -> Result<Response, SendError> {
        Transport::send(self, request).await
    }
}

impl Transport for Connection {
    async fn send(&self, request: &Request) -> Result<Response, SendError> {
        let headers = Headers::new().map_err(unreachable)?;
        headers
            .set("Accept", "application/json")
            .map_err(unreachable)?;
        if let Some(authorization) = self.authorization() {
            headers
                .set("Authorization", &authorization)
                .map_err(unreachable)?;
        }
        let init = RequestInit::new();
        init.set_method(request.method.as_str());
        // The credentials go in the header only; no cookie of the server's is sent or kept.
        init.set_credentials(RequestCredentials::Omit);
        if let Some(body) = &request.body {
            headers
                .set("Content-Type", "application/json")
                .map_err(unreachable)?;
            init.set_body(&JsValue::from_str(&body.to_string()));
        }
        init.set_headers(&headers);
        let url = format!("{}{}", self.database_url, request.path_and_query());
        let window = web_sys::window().ok_or_else(|| SendError::Unreachable("no window".into()))?;
        let answer = JsFuture::from(window.fetch_with_str_and_init(&url, &init))
            .await
            .map_err(unreachable)?;
        let answer: web_sys::Response = answer.dyn_into().map_err(unreachable)?;
        let text = JsFuture::from(answer.text().map_err(unreachable)?)
            .await
            .map_err(unreachable)?;
        let body = text
            .as_string()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or(Value::Null);
        Ok(Response {
            status: answer.status(),
            body,
        })
    }
}

/// Runs `round` to its end over `connection` (see [`super::session::run_round`]).
pub async fn run_round(connection: &Connection, db: &mut LocalDb, round: &mut Round) -> Status {
    super::session::run_round(connection, db, round).await
}

fn unreachable(error: JsValue) -> SendError {
    let message = error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| format!("{error:?}"));
    SendError::Unreachable(message)
}
