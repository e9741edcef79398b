//! The HTTP exchanges the replicator asks for, as plain data: whoever drives it sends them (adding
//! the server's address and the credentials) and hands back what came.

use serde_json::Value;

use super::encryption::EncryptionError;
use super::replicator::SyncError;

/// The HTTP methods the replication protocol uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Put,
    Post,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
        }
    }
}

/// A request to the database: `path` is relative to the database's URL (`_changes`,
/// `_local/…`), `query` is not yet percent-encoded, `body` is sent as JSON.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub method: Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<Value>,
}

impl Request {
    /// `path?query` with the query percent-encoded, to append to the database's URL.
    pub fn path_and_query(&self) -> String {
        let mut out = self.path.clone();
        for (i, (key, value)) in self.query.iter().enumerate() {
            out.push(if i == 0 { '?' } else { '&' });
            out.push_str(&percent_encode(key));
            out.push('=');
            out.push_str(&percent_encode(value));
        }
        out
    }
}

/// What the server answered: the status and the body read as JSON (`Value::Null` when it was not
/// JSON).
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    pub status: u16,
    pub body: Value,
}

/// Why a request brought no usable answer.
#[derive(Clone, Debug, PartialEq)]
pub enum SendError {
    /// No answer: the network, the server being down, or the browser refusing the request (the
    /// Content-Security-Policy, CORS). The replication can be run again later.
    Unreachable(String),
    /// The server refused it.
    Refused(SyncError),
    /// What was to be sent could not be sealed, or what came back could not be opened.
    Encryption(EncryptionError),
}

/// Whatever carries requests to the team's database: `fetch` in the browser, a blocking client
/// in the native tests (either wrapped in [`super::sealed::Sealed`] when the team encrypts).
#[allow(async_fn_in_trait)]
pub trait Transport {
    /// Sends `request` (its path relative to the database's URL) and reads the answer.
    async fn send(&self, request: &Request) -> Result<Response, SendError>;
}

fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn the_query_is_percent_encoded() {
        let request = Request {
            method: Method::Get,
            path: "_changes".into(),
            query: vec![
                ("since".into(), "12-g1AAAA\"x y".into()),
                ("limit".into(), "500".into()),
            ],
            body: None,
        };
        assert_eq!(
            request.path_and_query(),
            "_changes?since=12-g1AAAA%22x%20y&limit=500"
        );
    }
}
