//! One sync round as the app runs it: push this device's changes, then pull everyone else's, and
//! the status line that describes where it stands ("Synced", "Syncing 1,200", "Offline — 3 changes
//! waiting", or the error). Like [`Replicator`], it does no I/O: the driver sends each request and
//! hands back the response, and runs a round again whenever the device changes something or a
//! timer fires.

use serde_json::Value;

use super::http::{Response, SendError, Transport};
use super::local_db::LocalDb;
use super::replicator::{replication_id, Direction, Progress, Replicator, Step, SyncError};

/// Where the sync stands, for the status line.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    /// A round is running; `moved` revisions have travelled so far in it.
    Syncing { moved: usize },
    /// The last round ended with nothing left to send or fetch.
    Synced,
    /// The server could not be reached; `waiting` records changed here are not on it yet.
    Offline { waiting: usize },
    /// The server refused or broke the protocol; the round stopped.
    Failed(SyncError),
}

/// Records a replication has moved, of how many (`None`: not known yet).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SyncCount {
    pub done: usize,
    pub total: Option<usize>,
}

/// What a finished round moved.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RoundReport {
    pub pushed: Progress,
    pub pulled: Progress,
}

/// A push followed by a pull, between one replica and one server database.
#[derive(Clone, Debug)]
pub struct Round {
    push: Replicator,
    pull: Replicator,
    pushed: Option<Progress>,
    status: Status,
    /// Up to which change the last round pushed, for the waiting count when the server cannot be
    /// asked for its checkpoint.
    pushed_before: u64,
}

impl Round {
    /// A round for replica `replica` (an id drawn once per device) and the database at
    /// `database_url`, moving at most `batch_size` records per request.
    pub fn new(replica: &str, database_url: &str, batch_size: usize) -> Round {
        let id = |direction| replication_id(replica, database_url, direction);
        Round {
            push: Replicator::new(Direction::Push, &id(Direction::Push), batch_size),
            pull: Replicator::new(Direction::Pull, &id(Direction::Pull), batch_size),
            pushed: None,
            status: Status::Syncing { moved: 0 },
            pushed_before: 0,
        }
    }

    /// The same round, knowing that an earlier one pushed every change up to `seq`.
    pub fn after_push_of(self, seq: u64) -> Round {
        Round {
            pushed_before: seq,
            ..self
        }
    }

    /// The same round, knowing the server database's `update_seq` (see
    /// [`Replicator::knowing_server_seq`]).
    pub fn knowing_server_seq(self, update_seq: Option<u64>) -> Round {
        Round {
            pull: self.pull.knowing_server_seq(update_seq),
            ..self
        }
    }

    /// The same round, saving its checkpoints every `batches` batches (see
    /// [`Replicator::checkpointing_every`]).
    pub fn checkpointing_every(self, batches: usize) -> Round {
        Round {
            push: self.push.checkpointing_every(batches),
            pull: self.pull.checkpointing_every(batches),
            ..self
        }
    }

    /// The same round, knowing whether the server database held no document, live or deleted,
    /// when it began (see [`Replicator::into_empty_target`]).
    pub fn into_empty_server(self, empty: bool) -> Round {
        Round {
            push: self.push.into_empty_target(empty),
            ..self
        }
    }

    /// How far the replication under way is: records done, of how many when known ("Syncing
    /// 1,200 of 100,000"). The push's while it runs, then the pull's.
    pub fn count(&self) -> SyncCount {
        let progress = match &self.pushed {
            None => self.push.progress(),
            Some(_) => self.pull.progress(),
        };
        SyncCount {
            done: progress.docs_done,
            total: progress.docs_total.map(|t| t.max(progress.docs_done)),
        }
    }

    /// Whether the next request saves the checkpoint of a pulled batch: what the batch brought
    /// must be kept on the device first (see [`run_round_with`]).
    pub fn saves_pulled_batch(&self) -> bool {
        self.pushed.is_some() && self.pull.saves_checkpoint()
    }

    /// Up to which change this round has pushed (what an earlier one did, until it knows).
    pub fn pushed_up_to(&self) -> u64 {
        let progress = self.pushed.as_ref().unwrap_or(self.push.progress());
        progress
            .checkpoint
            .as_u64()
            .unwrap_or(self.pushed_before)
            .max(self.pushed_before)
    }

    /// The server's sequence the pull reached, once the round ended synced: a watch for the
    /// team's next change starts there.
    pub fn pulled_to(&self) -> Option<&Value> {
        let reached = &self.pull.progress().checkpoint;
        (self.status == Status::Synced && !reached.is_null()).then_some(reached)
    }

    /// Where the round stands.
    pub fn status(&self) -> &Status {
        &self.status
    }

    /// The first request.
    pub fn start(&mut self) -> Step {
        self.status = Status::Syncing { moved: 0 };
        self.push.start()
    }

    /// Takes the answer to the last request; at the end of the push the pull starts.
    pub fn receive(&mut self, db: &mut LocalDb, response: Response) -> Step {
        let step = match self.pushed {
            None => self.push.receive(db, response),
            Some(_) => self.pull.receive(db, response),
        };
        let step = match (step, &self.pushed) {
            (Step::Done(pushed), None) => {
                self.pushed = Some(pushed);
                self.pull.start()
            }
            (step, _) => step,
        };
        self.status = match &step {
            Step::Send(_) => Status::Syncing {
                moved: self.moved(),
            },
            Step::Done(_) => Status::Synced,
            Step::Failed(error) => Status::Failed(error.clone()),
        };
        step
    }

    /// The request could not be sent or got no answer (no network, the server is down): the
    /// round ends, and the status counts what waits to be pushed.
    pub fn unreachable(&mut self, db: &LocalDb) -> Status {
        let waiting = db.count_changes_since(self.pushed_up_to());
        self.status = Status::Offline { waiting };
        self.status.clone()
    }

    /// The round stops on `error` (its checkpoint stays at the last complete batch).
    pub fn fail(&mut self, error: SyncError) -> Status {
        self.status = Status::Failed(error);
        self.status.clone()
    }

    /// What the round moved, once it is over.
    pub fn report(&self) -> RoundReport {
        RoundReport {
            pushed: self
                .pushed
                .clone()
                .unwrap_or_else(|| self.push.progress().clone()),
            pulled: self.pull.progress().clone(),
        }
    }

    fn moved(&self) -> usize {
        let pushed = self.pushed.as_ref().unwrap_or(self.push.progress());
        pushed.revisions_moved + self.pull.progress().revisions_moved
    }
}

/// Runs `round` to its end over `transport`: the status it ends with (`Synced`, the server's
/// refusal, or `Offline` with the changes still waiting when the server cannot be reached).
pub async fn run_round(transport: &impl Transport, db: &mut LocalDb, round: &mut Round) -> Status {
    run_round_with(transport, db, round, async |_: &mut LocalDb, _: &Round| {
        Ok(())
    })
    .await
}

/// [`run_round`] over a replica `db` that keeps more than the [`LocalDb`] (the workspace's
/// records), calling `before_send` before each request: it sees where the round stands
/// ([`Round::count`]), and when [`Round::saves_pulled_batch`] it keeps what the batch brought
/// (in the store) before the checkpoint says it is kept. An error from it stops the round there,
/// its checkpoint unsaved, so the batch comes again next time.
pub async fn run_round_with<D: AsMut<LocalDb>>(
    transport: &impl Transport,
    db: &mut D,
    round: &mut Round,
    mut before_send: impl AsyncFnMut(&mut D, &Round) -> Result<(), SyncError>,
) -> Status {
    let mut step = round.start();
    while let Step::Send(request) = step {
        if let Err(error) = before_send(db, round).await {
            return round.fail(error);
        }
        match transport.send(&request).await {
            Ok(response) => step = round.receive(db.as_mut(), response),
            Err(SendError::Unreachable(_)) => return round.unreachable(db.as_mut()),
            Err(SendError::Refused(error)) => return round.fail(error),
            Err(SendError::Encryption(error)) => return round.fail(SyncError::Encryption(error)),
        }
    }
    round.status().clone()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use serde_json::json;

    use super::*;

    fn missing() -> Response {
        Response {
            status: 404,
            body: json!({"error": "not_found", "reason": "missing"}),
        }
    }

    #[test]
    fn a_round_pushes_then_pulls_and_ends_synced() {
        let mut db = LocalDb::new();
        let rev = db.edit("a", "Sara", Default::default());
        let mut round = Round::new("device", "http://x/db/", 10);
        round.start();
        let steps = [
            missing(),
            Response {
                status: 200,
                body: json!({"a": {"missing": [rev.to_string()]}}),
            },
            Response {
                status: 201,
                body: json!([]),
            },
            Response {
                status: 201,
                body: json!({"ok": true, "rev": "0-1"}),
            },
        ];
        for response in steps {
            assert!(matches!(round.receive(&mut db, response), Step::Send(_)));
        }
        assert_eq!(round.status(), &Status::Syncing { moved: 1 });
        let Step::Send(changes) = round.receive(&mut db, missing()) else {
            panic!()
        };
        assert_eq!(changes.path, "_changes");
        let end = round.receive(
            &mut db,
            Response {
                status: 200,
                body: json!({"results": [], "last_seq": 1}),
            },
        );
        assert!(matches!(end, Step::Done(_)));
        assert_eq!(round.status(), &Status::Synced);
        assert_eq!(round.report().pushed.revisions_moved, 1);
        assert_eq!(
            round.pulled_to(),
            Some(&json!(1)),
            "a watch starts after the pull"
        );
        round.fail(SyncError::Protocol("cut off".into()));
        assert_eq!(round.pulled_to(), None);
    }

    fn ok(body: serde_json::Value) -> Response {
        Response { status: 200, body }
    }

    fn count(done: usize, total: Option<usize>) -> SyncCount {
        SyncCount { done, total }
    }

    #[test]
    fn the_count_follows_the_push_batch_by_batch_then_the_pull() {
        let mut db = LocalDb::new();
        let revs: Vec<_> = ["a", "b", "c"]
            .iter()
            .map(|id| db.edit(id, "Sara", Default::default()))
            .collect();
        let mut round = Round::new("device", "http://x/db/", 2).knowing_server_seq(Some(5));
        round.start();
        assert_eq!(round.count(), count(0, None));
        round.receive(&mut db, missing());
        assert_eq!(round.count(), count(0, Some(3)), "the push lists its total");
        round.receive(
            &mut db,
            ok(json!({"a": {"missing": [revs[0].to_string()]}, "b": {"missing": [revs[1].to_string()]}})),
        );
        round.receive(&mut db, ok(json!([])));
        assert!(
            !round.saves_pulled_batch(),
            "a pushed batch is not the device's to keep"
        );
        assert_eq!(round.count(), count(2, Some(3)), "one batch through");
        round.receive(&mut db, ok(json!({"ok": true, "rev": "0-1"})));
        assert_eq!(round.count(), count(2, Some(3)));
        round.receive(
            &mut db,
            ok(json!({"c": {"missing": [revs[2].to_string()]}})),
        );
        round.receive(&mut db, ok(json!([])));
        round.receive(&mut db, ok(json!({"ok": true, "rev": "0-2"})));
        // The pull: the server's update_seq (5) says at most five changes to come.
        assert_eq!(round.count(), count(0, None));
        round.receive(&mut db, missing());
        let listed = json!({"results": [
            {"id": "d", "seq": 1, "changes": [{"rev": "1-d"}]},
            {"id": "e", "seq": 2, "changes": [{"rev": "1-e"}]}], "last_seq": 2});
        let Step::Send(bulk_get) = round.receive(&mut db, ok(listed)) else {
            panic!("expected _bulk_get")
        };
        assert_eq!(bulk_get.path, "_bulk_get");
        assert_eq!(round.count(), count(0, Some(5)));
        let docs = json!({"results": [
            {"id": "d", "docs": [{"ok": {"_id": "d", "_rev": "1-d", "_revisions": {"start": 1, "ids": ["d"]}, "by": "", "fields": {}}}]},
            {"id": "e", "docs": [{"ok": {"_id": "e", "_rev": "1-e", "_revisions": {"start": 1, "ids": ["e"]}, "by": "", "fields": {}}}]}]});
        round.receive(&mut db, ok(docs));
        assert!(
            round.saves_pulled_batch(),
            "the pulled batch is kept before its checkpoint"
        );
        round.receive(&mut db, ok(json!({"ok": true, "rev": "0-1"})));
        assert_eq!(round.count(), count(2, Some(5)));
    }

    #[test]
    fn a_server_that_says_what_is_pending_gives_the_pull_its_total() {
        let mut db = LocalDb::new();
        let mut pull = Replicator::new(Direction::Pull, "r", 1);
        pull.start();
        pull.receive(&mut db, missing());
        let listed = json!({"results": [{"id": "a", "seq": "1-g", "changes": [{"rev": "1-a"}]}],
            "last_seq": "1-g", "pending": 1199});
        pull.receive(&mut db, ok(listed));
        assert_eq!(pull.progress().docs_total, Some(1200));
    }

    #[test]
    fn offline_counts_the_changes_waiting_to_be_pushed() {
        let mut db = LocalDb::new();
        db.edit("a", "Sara", Default::default());
        db.edit("b", "Sara", Default::default());
        db.edit("a", "Sara", json!({"n": 1}).as_object().unwrap().clone());
        let mut round = Round::new("device", "http://x/db/", 10);
        round.start();
        assert_eq!(round.unreachable(&db), Status::Offline { waiting: 2 });
    }

    #[test]
    fn a_refusal_is_the_status() {
        let mut db = LocalDb::new();
        let mut round = Round::new("device", "http://x/db/", 10);
        round.start();
        round.receive(
            &mut db,
            Response {
                status: 401,
                body: json!({"error": "unauthorized"}),
            },
        );
        assert_eq!(round.status(), &Status::Failed(SyncError::Unauthorized));
    }
}
