//! The "Sync" form of Settings, checked: the server's address and the database's name make the
//! database URL the replicator talks to.

/// What is wrong with the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetupProblem {
    /// Not an `http://` or `https://` address with a host.
    ServerUrl,
    /// Not a CouchDB database name: a lowercase letter, then lowercase letters, digits and
    /// `_ $ ( ) + -`.
    Database,
}

impl SetupProblem {
    /// Translation key of the message.
    pub fn message_key(self) -> &'static str {
        match self {
            SetupProblem::ServerUrl => "sync.server_url_invalid",
            SetupProblem::Database => "sync.database_invalid",
        }
    }
}

/// The database URL (ending in `/`) for the server address and database name as typed, or every
/// problem found.
///
/// ```
/// # use kariz::sync::setup::database_url;
/// assert_eq!(
///     database_url(" https://couch.example.com ", "team_sales").unwrap(),
///     "https://couch.example.com/team_sales/"
/// );
/// ```
pub fn database_url(server_url: &str, database: &str) -> Result<String, Vec<SetupProblem>> {
    let server = server_url.trim();
    let database = database.trim();
    let mut problems = Vec::new();
    let host = server
        .strip_prefix("https://")
        .or_else(|| server.strip_prefix("http://"));
    let host_ok = host.is_some_and(|rest| {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty() && !rest.contains(['?', '#', ' ']) && !host.contains('@')
    });
    if !host_ok {
        problems.push(SetupProblem::ServerUrl);
    }
    let mut chars = database.chars();
    let name_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_$()+-".contains(c));
    if !name_ok {
        problems.push(SetupProblem::Database);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let server = server.trim_end_matches('/');
    Ok(format!("{server}/{database}/"))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn a_server_behind_a_path_keeps_it() {
        assert_eq!(
            database_url("https://crm.example.com/couchdb/", "sales").unwrap(),
            "https://crm.example.com/couchdb/sales/"
        );
        assert_eq!(
            database_url("http://127.0.0.1:5984", "a1_$()+-").unwrap(),
            "http://127.0.0.1:5984/a1_$()+-/"
        );
    }

    #[test]
    fn each_problem_is_named() {
        assert_eq!(
            database_url("couch.example.com", "Sales"),
            Err(vec![SetupProblem::ServerUrl, SetupProblem::Database])
        );
        for bad in [
            "",
            "ftp://x",
            "https://",
            "https://user:pw@host",
            "https://h/?x",
        ] {
            assert_eq!(
                database_url(bad, "sales"),
                Err(vec![SetupProblem::ServerUrl]),
                "{bad}"
            );
        }
        for bad in ["", "1sales", "sales/2", "sáles", "_users"] {
            assert_eq!(
                database_url("https://h", bad),
                Err(vec![SetupProblem::Database]),
                "{bad}"
            );
        }
    }
}
