//! Sync with the team's database: the workspace's side. Once sync is set up, every committed
//! write is taken into the replica ([`super::replica`]); a round pushes it and pulls the others'
//! changes, which are written into the store as one change set, through the same checks as any
//! command.
//!
//! **Ids unique across devices.** Before sync a database numbers its records 1, 2, 3…; two
//! browsers would both make lead 1. Once sync is set up, each device takes new ids only from its
//! own *block*: numbers at or above 2^24 whose low 24 bits are the block (drawn from the device
//! id, random per database). The store's counters still only move forward, so ids stay
//! increasing; they just step by 2^24. Records made before sync keep their small ids when their
//! device seeds an empty team database; a device joining one that already holds records moves
//! its own into its block first ([`super::renumber`]), and so does one taking in its first
//! change file.

use std::collections::{BTreeSet, HashSet};

use serde::{Deserialize, Serialize};

use super::replica::{activity_from, json_of, lead_from, Item, Replica, Written};
use super::stored::{self, SYNC_SETTING};
use super::{Changed, Workspace};
use crate::domain::qualification::QuestionBank;
use crate::domain::rules::RuleSet;
use crate::domain::scoring::ScoringModel;
use crate::domain::sync::{record_history, Change, FieldConflict, RevId};
use crate::domain::{Rev, Revision};
use crate::store::{ChangeSet, Doc, IdKind, Setting, Snapshot, Store, StoreError};
use crate::sync::encryption::KeySetup;
use crate::sync::{
    run_round_with, Method, Request, Round, SendError, Status, SyncCount, SyncError, Transport,
    BATCHES_PER_CHECKPOINT,
};

/// Bits of an id that name the device's block once sync is on.
const BLOCK_BITS: u32 = 24;
pub(crate) const BLOCK_SIZE: u64 = 1 << BLOCK_BITS;
/// Records per request in a round.
const BATCH_SIZE: usize = 500;
/// Replica entries saved per transaction.
const REPLICA_SLICE: usize = 10_000;
/// The document whose creation claims an empty team database for the first device's records
/// made before sync (see `Workspace::claim_seeding`).
const SEED_CLAIM_PATH: &str = "_local/kariz-seed";

/// Where the team's database is, kept in this browser's store (never in a backup).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncSettings {
    /// The database's URL, ending in `/`.
    pub database_url: String,
    pub user: String,
    /// Kept only when the user ticked "Remember on this device"; otherwise asked once per visit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// "Stop sync" was pressed: no rounds until "Start sync".
    #[serde(default)]
    pub stopped: bool,
    /// The team encrypts: contents are sealed with a key from the passphrase.
    #[serde(default)]
    pub encrypted: bool,
    /// Kept only with "Remember on this device", like the password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passphrase: Option<String>,
    /// The database's key set-up as last read, so the passphrase is checked offline too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_setup: Option<KeySetup>,
    /// This replica's name in checkpoints.
    pub replica_id: String,
    /// The low bits of every id this device makes while syncing.
    pub id_block: u32,
    /// Whether a round has completed (or a change file was exchanged): from then on the device is
    /// part of the team's data, its records made before sync included.
    #[serde(default)]
    pub joined: bool,
    /// The colleagues this device exchanged change files with.
    #[serde(default)]
    pub exchanges: super::change_files::Exchanges,
}

impl std::fmt::Debug for SyncSettings {
    // The password stays out of logs and panic messages.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncSettings")
            .field("database_url", &self.database_url)
            .field("user", &self.user)
            .field("password_kept", &self.password.is_some())
            .field("stopped", &self.stopped)
            .field("encrypted", &self.encrypted)
            .field("passphrase_kept", &self.passphrase.is_some())
            .field("replica_id", &self.replica_id)
            .field("id_block", &self.id_block)
            .field("joined", &self.joined)
            .finish()
    }
}

/// How the team's database is reached and whether it is encrypted, as Settings → Sync sets it up.
#[derive(Clone, Default)]
pub struct SyncSetup {
    /// The database's URL.
    pub database_url: String,
    pub user: String,
    /// Given only with "Remember on this device".
    pub remembered_password: Option<String>,
    /// With end-to-end encryption: the key found or set up on the server.
    pub encryption: Option<SyncEncryption>,
}

/// End-to-end encryption as set up.
#[derive(Clone)]
pub struct SyncEncryption {
    /// The key revision ids are derived with (from the passphrase).
    pub rev_key: Vec<u8>,
    pub key_setup: KeySetup,
    /// Given only with "Remember on this device".
    pub remembered_passphrase: Option<String>,
}

/// What a sync round did.
#[derive(Clone, Debug, PartialEq)]
pub struct RoundOutcome {
    pub status: Status,
    /// How many records it changed here.
    pub written_here: usize,
    /// The server's sequence the round's pull reached, when it ended synced: where a watch for
    /// the team's next change starts (`_changes?feed=longpoll&since=`).
    pub pulled_to: Option<serde_json::Value>,
}

impl RoundOutcome {
    fn failed(error: SyncError) -> RoundOutcome {
        RoundOutcome {
            status: Status::Failed(error),
            written_here: 0,
            pulled_to: None,
        }
    }
}

/// What writing the team's changes into the store did, batch after batch of a round.
#[derive(Debug, Default)]
pub(super) struct Absorbed {
    /// Records written here.
    written: usize,
    /// What memory took in (leads and activities, as a command's are).
    changed: Changed,
    /// Something besides leads and activities was written (deals, tasks, settings, deletions):
    /// memory is read again from the store once, at the end.
    reload: bool,
}

impl Absorbed {
    fn add(&mut self, other: Absorbed) {
        self.written += other.written;
        self.changed.add(other.changed);
        self.reload |= other.reload;
    }
}

impl AsMut<crate::sync::LocalDb> for Replica {
    fn as_mut(&mut self) -> &mut crate::sync::LocalDb {
        &mut self.db
    }
}

fn not_stored(error: StoreError) -> SyncError {
    SyncError::NotStored(error.to_string())
}

/// Fresh ids: consecutive, or, with sync on, one every 2^24 in this device's block.
#[derive(Clone, Debug)]
pub struct Ids {
    next: u64,
    step: u64,
    left: u64,
}

impl Ids {
    /// The first id (0 when none were asked for).
    pub fn first(&self) -> u64 {
        if self.left == 0 {
            0
        } else {
            self.next
        }
    }
}

impl Iterator for Ids {
    type Item = u64;
    fn next(&mut self) -> Option<u64> {
        if self.left == 0 {
            return None;
        }
        let id = self.next;
        self.left -= 1;
        self.next += self.step;
        Some(id)
    }
}

/// A record both sides changed differently, as the user chooses between them.
#[derive(Clone, Debug, PartialEq)]
pub struct SyncConflict {
    /// The document id (`lead:42`).
    pub doc_id: String,
    pub fields: Vec<FieldConflict>,
    /// Who saved each version in conflict ("Your name" of their Settings; empty when not set).
    pub authors: Vec<(RevId, String)>,
}

/// Sync's state in the workspace.
#[derive(Debug)]
pub(crate) struct SyncLink {
    pub settings: SyncSettings,
    /// `None` while a round has it.
    replica: Option<Replica>,
    /// Writes committed while a round had the replica, taken in when it is back.
    pending: Vec<Written>,
    /// Up to which change of the replica the last round pushed.
    pushed_up_to: u64,
}

impl SyncLink {
    /// An empty replica in place of this one, keyed as it was: the records it held were moved
    /// (see `renumber`), and none of them was sent.
    pub fn start_replica_afresh(&mut self) {
        if let Some(replica) = self.replica.as_mut() {
            *replica = replica.emptied();
        }
        self.pending.clear();
        self.pushed_up_to = 0;
    }

    /// The replica, unless a round has it.
    pub fn replica_db(&self) -> Option<&crate::sync::LocalDb> {
        self.replica.as_ref().map(|r| &r.db)
    }

    /// The link as saved: its settings and the replica kept in the store, caught up with what
    /// the store holds.
    pub fn open(
        settings: SyncSettings,
        rev_key: Option<&[u8]>,
        snapshot: &Snapshot,
        shared_settings: &[(&'static str, Setting)],
        by: &str,
    ) -> SyncLink {
        let mut replica = Replica::load(&replica_docs(snapshot), rev_key);
        replica.catch_up(snapshot, shared_settings, by);
        SyncLink {
            settings,
            replica: Some(replica),
            pending: Vec::new(),
            pushed_up_to: 0,
        }
    }
}

/// The sync settings saved in `store`, if sync was ever set up there.
pub async fn saved_settings<S: Store>(store: &S) -> Result<Option<SyncSettings>, StoreError> {
    Ok(store
        .load_setting(SYNC_SETTING)
        .await?
        .and_then(|setting| serde_json::from_str(&setting.json).ok()))
}

/// The shared settings as saved.
pub(crate) async fn shared_settings<S: Store>(
    store: &S,
) -> Result<Vec<(&'static str, Setting)>, StoreError> {
    let mut out = Vec::new();
    for key in super::replica::SYNCED_SETTINGS {
        if let Some(setting) = store.load_setting(key).await? {
            out.push((key, setting));
        }
    }
    Ok(out)
}

/// The replica's documents among a snapshot's.
fn replica_docs(snapshot: &Snapshot) -> Vec<Doc> {
    snapshot
        .docs
        .iter()
        .filter(|d| d.collection.starts_with(stored::REPLICA_PREFIX))
        .cloned()
        .collect()
}

impl<S: Store> Workspace<S> {
    /// Fresh ids of one kind for `count` new records.
    pub(crate) async fn new_ids(&self, kind: IdKind, count: u64) -> Result<Ids, StoreError> {
        let Some(block) = self.id_block.get() else {
            let range = self.store.reserve_ids(kind, count).await?;
            return Ok(Ids {
                next: range.start,
                step: 1,
                left: range.end - range.start,
            });
        };
        let range = self
            .store
            .reserve_ids(kind, count.saturating_mul(BLOCK_SIZE))
            .await?;
        // The first number of the range, at or above 2^24, whose low bits are the block.
        let start = range.start.max(BLOCK_SIZE);
        let first = (start - u64::from(block)).div_ceil(BLOCK_SIZE) * BLOCK_SIZE + u64::from(block);
        Ok(Ids {
            next: first,
            step: BLOCK_SIZE,
            left: count,
        })
    }

    /// The sync settings, when sync is set up and runs in this tab.
    pub fn sync_settings(&self) -> Option<SyncSettings> {
        self.sync.borrow().as_ref().map(|l| l.settings.clone())
    }

    /// Starts keeping the replica in this tab, if sync was set up here before: loads it from the
    /// store and catches up with what was written since. Only one tab of a browser may do this
    /// (the app holds a lock for it): two replicas of one store would overwrite each other.
    /// Returns the settings when sync is set up.
    /// When the team encrypts, `rev_key` is the key from the passphrase; without it the replica
    /// is not loaded (its revision ids need the key) and the settings say what is missing.
    pub async fn resume_sync(
        &self,
        rev_key: Option<&[u8]>,
    ) -> Result<Option<SyncSettings>, StoreError> {
        if let Some(settings) = self.sync_settings() {
            return Ok(Some(settings));
        }
        let Some(settings) = saved_settings(&self.store).await? else {
            return Ok(None);
        };
        if settings.encrypted && rev_key.is_none() {
            return Ok(Some(settings));
        }
        let snapshot = self.store.load_all().await?;
        let by = self.state().settings.profile.actor().to_owned();
        let shared = shared_settings(&self.store).await?;
        let link = SyncLink::open(settings.clone(), rev_key, &snapshot, &shared, &by);
        self.id_block.set(Some(settings.id_block));
        *self.sync.borrow_mut() = Some(link);
        self.save_replica().await?;
        Ok(Some(settings))
    }

    /// "Stop sync" (`stopped`) or "Start sync" again, kept for the next visit.
    pub async fn set_sync_stopped(&self, stopped: bool) -> Result<(), StoreError> {
        let Some(settings) = self.sync_settings() else {
            return Ok(());
        };
        let settings = SyncSettings {
            stopped,
            ..settings
        };
        self.save_sync_settings(&settings).await?;
        if let Some(link) = self.sync.borrow_mut().as_mut() {
            link.settings = settings;
        }
        Ok(())
    }

    /// Takes into the replica what another tab wrote (after a reload).
    pub(super) async fn catch_up_replica(&self, snapshot: &Snapshot) -> Result<(), StoreError> {
        if self.sync.borrow().is_none() {
            return Ok(());
        }
        let by = self.state().settings.profile.actor().to_owned();
        let shared = shared_settings(&self.store).await?;
        if let Some(replica) = self
            .sync
            .borrow_mut()
            .as_mut()
            .and_then(|l| l.replica.as_mut())
        {
            replica.catch_up(snapshot, &shared, &by);
        }
        self.save_replica().await
    }

    /// Sets up sync as `setup` says: from now on every write is kept for the team, and new ids
    /// come from this device's block. Everything already here is taken in as this device's first
    /// versions. Set up again for the same database (a password given again), the replica goes
    /// on; for another database, this device replicates there from the start (new checkpoints),
    /// and a device already part of a team keeps its records' numbers (the team is moving).
    pub async fn set_up_sync(&self, setup: SyncSetup) -> Result<SyncSettings, StoreError> {
        let mut url = setup.database_url.trim().to_owned();
        if !url.is_empty() && !url.ends_with('/') {
            url.push('/');
        }
        let block = (self.device & (BLOCK_SIZE as u32 - 1)).max(1);
        let saved = saved_settings(&self.store).await?;
        // Files exchanged so far stay known whatever the server.
        let exchanges = saved
            .as_ref()
            .map(|s| s.exchanges.clone())
            .unwrap_or_default();
        let files_only = saved.as_ref().is_some_and(|s| s.database_url.is_empty());
        // A device whose records are already a team's keeps them as they are numbered on
        // another database: a team moving to a new one (to change its encryption, or its
        // server) must not find every record made before sync twice.
        let was_joined = saved.as_ref().is_some_and(|s| s.joined);
        let same_replica = saved
            .filter(|s| s.database_url == url || files_only)
            .map(|s| s.replica_id);
        let replica_id =
            same_replica.unwrap_or_else(|| format!("kariz-{:08x}-{}", self.device, self.now()));
        let joined = was_joined;
        let encryption = setup.encryption.as_ref();
        let settings = SyncSettings {
            database_url: url,
            user: setup.user.trim().to_owned(),
            password: setup.remembered_password.clone(),
            stopped: false,
            encrypted: encryption.is_some(),
            passphrase: encryption.and_then(|e| e.remembered_passphrase.clone()),
            key_setup: encryption.map(|e| e.key_setup.clone()),
            replica_id,
            id_block: block,
            joined,
            exchanges,
        };
        self.save_sync_settings(&settings).await?;
        self.id_block.set(Some(block));
        let loaded = self.sync.borrow().is_some();
        if loaded {
            if let Some(link) = self.sync.borrow_mut().as_mut() {
                link.settings = settings.clone();
            }
            return Ok(settings);
        }
        let snapshot = self.store.load_all().await?;
        let by = self.state().settings.profile.actor().to_owned();
        let shared = shared_settings(&self.store).await?;
        let rev_key = encryption.map(|e| e.rev_key.as_slice());
        let link = SyncLink::open(settings.clone(), rev_key, &snapshot, &shared, &by);
        *self.sync.borrow_mut() = Some(link);
        self.save_replica().await?;
        Ok(settings)
    }

    async fn save_sync_settings(&self, settings: &SyncSettings) -> Result<(), StoreError> {
        let current = self.store.load_setting(SYNC_SETTING).await?;
        let setting = Setting {
            json: serde_json::to_string(settings).unwrap_or_default(),
            revision: stored::next_revision(current.map(|s| s.revision), self.device),
        };
        self.store.save_setting(SYNC_SETTING, &setting).await
    }

    /// Changes the saved sync settings (and this tab's copy).
    pub(super) async fn update_sync_settings(
        &self,
        change: impl FnOnce(&mut SyncSettings),
    ) -> Result<(), StoreError> {
        let Some(mut settings) = self.sync_settings() else {
            return Ok(());
        };
        change(&mut settings);
        self.save_sync_settings(&settings).await?;
        if let Some(link) = self.sync.borrow_mut().as_mut() {
            link.settings = settings;
        }
        Ok(())
    }

    /// The replica, out of the link while it is worked on (see [`Workspace::put_replica`]).
    pub(super) fn take_replica(&self) -> Option<Replica> {
        self.sync.borrow_mut().as_mut()?.replica.take()
    }

    pub(super) fn put_replica(&self, replica: Replica) {
        if let Some(link) = self.sync.borrow_mut().as_mut() {
            link.replica = Some(replica);
        }
    }

    /// Records made here before sync, numbered as another device's may be, counted from memory:
    /// whether joining must move them first (`renumber` counts what it moves from the store).
    pub(super) fn records_before_sync(&self) -> usize {
        use super::renumber::made_before_sync as before;
        let state = self.state();
        let f = &state.follow_up;
        let ids = state.book.leads().iter().map(|l| l.id);
        let ids = ids.chain(state.deals.all().iter().map(|d| d.id));
        let ids = ids.chain(f.tasks.iter().map(|t| t.id));
        let ids = ids.chain(f.sequences.iter().map(|q| q.id));
        let ids = ids.chain(f.enrollments.iter().map(|e| e.id));
        let ids = ids.chain(f.templates.iter().map(|t| t.id));
        let ids = ids.chain(state.audit.iter().map(|e| e.id));
        ids.filter(|&id| before(id)).count()
    }

    /// Takes a committed change set into the replica (or keeps it for after the running
    /// round). Without sync set up, nothing is encoded.
    pub(super) fn take_into_replica(&self, changes: &ChangeSet) {
        if self.sync.borrow().is_some() {
            self.take_written(super::replica::written(changes));
        }
    }

    /// [`Workspace::take_into_replica`] for records already described.
    pub(super) fn take_written(&self, written: Vec<Written>) {
        if written.is_empty() {
            return;
        }
        let by = self.state().settings.profile.actor().to_owned();
        let mut sync = self.sync.borrow_mut();
        let Some(link) = sync.as_mut() else {
            return;
        };
        match link.replica.as_mut() {
            Some(replica) => replica.take_local(&written, &by),
            None => link.pending.extend(written),
        }
    }

    /// Saves the replica's changed entries, in transactions of their own, [`REPLICA_SLICE`] at a
    /// time: the replica can always be rebuilt from the records and the server, so a crash
    /// between the records and their entries, or between two slices, loses nothing.
    pub(super) async fn save_replica(&self) -> Result<(), StoreError> {
        loop {
            let (change, marks) = match self.sync.borrow().as_ref().and_then(|l| l.replica.as_ref())
            {
                Some(replica) => replica.to_save(REPLICA_SLICE),
                None => return Ok(()),
            };
            if marks.is_empty() {
                return Ok(());
            }
            self.store.apply(&change).await?;
            if let Some(replica) = self
                .sync
                .borrow_mut()
                .as_mut()
                .and_then(|l| l.replica.as_mut())
            {
                replica.saved(marks);
            }
        }
    }

    /// One sync round over `transport`: pushes what changed here, pulls what changed there and
    /// writes it into the store. Returns where the sync stands and what it changed here; without
    /// sync set up in this tab, or while another round runs, `None`.
    pub async fn sync_round(&self, transport: &impl Transport) -> Option<RoundOutcome> {
        self.sync_round_with(transport, |_| {}).await
    }

    /// [`Workspace::sync_round`], telling `on_progress` how far it is before each request.
    /// Pulled records are written into the store a few batches at a time, before the checkpoint
    /// after them is saved on the server: a first sync cut off halfway resumes after what it
    /// kept, and never holds more than [`BATCHES_PER_CHECKPOINT`] batches that are not stored.
    pub async fn sync_round_with(
        &self,
        transport: &impl Transport,
        mut on_progress: impl FnMut(SyncCount),
    ) -> Option<RoundOutcome> {
        let settings = self.sync_settings()?;
        if settings.database_url.is_empty() {
            // Changes travel by file only.
            return None;
        }
        let info = Self::remote_info(transport).await;
        if !settings.joined {
            let remote = info.as_ref().and_then(|i| i.get("doc_count")?.as_u64());
            // Joining a database that already holds records, or that another device has claimed
            // to seed (it may not have pushed yet): this device's own records made before sync
            // move out of the way of everyone else's first.
            let seeded_by_another = match remote {
                Some(0) if self.records_before_sync() > 0 => {
                    match Self::claim_seeding(transport, &settings.replica_id).await {
                        Ok(claimed) => !claimed,
                        Err(Some(error)) => return Some(RoundOutcome::failed(error)),
                        Err(None) => return Some(self.offline()),
                    }
                }
                Some(_) => self.records_before_sync() > 0,
                None => false,
            };
            if seeded_by_another {
                if let Err(error) = self.move_records_into_block().await {
                    return Some(RoundOutcome::failed(not_stored(error)));
                }
            }
            // Checked: from now on this device's records are the team's, even if this first
            // round is cut off halfway (the server then holds some of them).
            if remote.is_some() {
                if let Err(error) = self.update_sync_settings(|s| s.joined = true).await {
                    return Some(RoundOutcome::failed(not_stored(error)));
                }
            }
        }
        let (mut replica, pushed_before) = {
            let mut sync = self.sync.borrow_mut();
            let link = sync.as_mut()?;
            (link.replica.take()?, link.pushed_up_to)
        };
        let server_seq = info.as_ref().and_then(|i| i.get("update_seq")?.as_u64());
        let count = |key| info.as_ref().and_then(|i| i.get(key)?.as_u64());
        // No document, and no deleted one either (a server that does not count those, as PouchDB
        // Server, has never been written to).
        let server_empty = count("doc_count") == Some(0)
            && count("doc_del_count").or(server_seq.filter(|&seq| seq == 0)) == Some(0);
        let mut round = Round::new(&settings.replica_id, &settings.database_url, BATCH_SIZE)
            .after_push_of(pushed_before)
            .knowing_server_seq(server_seq)
            .checkpointing_every(BATCHES_PER_CHECKPOINT)
            .into_empty_server(server_empty);
        let mut absorbed = Absorbed::default();
        let status = run_round_with(
            transport,
            &mut replica,
            &mut round,
            async |replica: &mut Replica, round: &Round| {
                on_progress(round.count());
                if !round.saves_pulled_batch() {
                    return Ok(());
                }
                self.take_pending(replica);
                absorbed.add(self.absorb_news(replica).await.map_err(not_stored)?);
                self.save_entries(replica).await.map_err(not_stored)
            },
        )
        .await;
        if let Some(link) = self.sync.borrow_mut().as_mut() {
            link.pushed_up_to = round.pushed_up_to();
        }
        self.take_pending(&mut replica);
        let last = self.absorb_news(&mut replica).await;
        let written = match last {
            Ok(last) => {
                absorbed.add(last);
                self.finish_absorbing(absorbed).await
            }
            Err(error) => Err(error),
        };
        let saved = self.save_entries(&mut replica).await;
        if let Some(link) = self.sync.borrow_mut().as_mut() {
            link.replica = Some(replica);
        }
        let written_here = match (written, saved) {
            (Ok(written), Ok(())) => written,
            (Err(error), _) | (_, Err(error)) => {
                return Some(RoundOutcome::failed(not_stored(error)))
            }
        };
        Some(RoundOutcome {
            status,
            written_here,
            pulled_to: round.pulled_to().cloned(),
        })
    }

    /// Takes into `replica` the writes committed while a round had it.
    fn take_pending(&self, replica: &mut Replica) {
        let pending = match self.sync.borrow_mut().as_mut() {
            Some(link) => std::mem::take(&mut link.pending),
            None => return,
        };
        if !pending.is_empty() {
            let by = self.state().settings.profile.actor().to_owned();
            replica.take_local(&pending, &by);
        }
    }

    /// Saves `replica`'s changed entries (see [`Workspace::save_replica`]) while a round has it.
    async fn save_entries(&self, replica: &mut Replica) -> Result<(), StoreError> {
        loop {
            let (change, marks) = replica.to_save(REPLICA_SLICE);
            if marks.is_empty() {
                return Ok(());
            }
            self.store.apply(&change).await?;
            replica.saved(marks);
        }
    }

    /// Claims the right to seed an empty team database with this device's records as they are
    /// numbered (`PUT _local/kariz-seed`, which only the first device can create): `true` when
    /// this device is the first; the server's refusal, or `None` when it cannot be reached. Two
    /// browsers used before sync and started on the same empty database at the same moment
    /// would otherwise both push their lead 1 as `lead:1`, and two different leads would merge
    /// into one. A `_local` document does not replicate, so an encrypted database and every
    /// device's pull never see it.
    async fn claim_seeding(
        transport: &impl Transport,
        replica_id: &str,
    ) -> Result<bool, Option<SyncError>> {
        let request = Request {
            method: Method::Put,
            path: SEED_CLAIM_PATH.into(),
            query: Vec::new(),
            body: Some(serde_json::json!({ "replica": replica_id })),
        };
        match transport.send(&request).await {
            Ok(response) if (200..300).contains(&response.status) => Ok(true),
            Ok(response) if response.status == 409 => Ok(false),
            Ok(response) => Err(Some(SyncError::of(&response))),
            Err(SendError::Unreachable(_)) => Err(None),
            Err(SendError::Refused(error)) => Err(Some(error)),
            Err(SendError::Encryption(error)) => Err(Some(SyncError::Encryption(error))),
        }
    }

    /// A round that could not reach the server: offline, with what waits to be pushed.
    fn offline(&self) -> RoundOutcome {
        let sync = self.sync.borrow();
        let waiting = sync.as_ref().map_or(0, |link| {
            link.replica_db()
                .map_or(0, |db| db.count_changes_since(link.pushed_up_to))
        });
        RoundOutcome {
            status: Status::Offline { waiting },
            written_here: 0,
            pulled_to: None,
        }
    }

    /// The team's database's description (`GET /<db>`: `doc_count`, `update_seq`); `None` when
    /// it cannot be asked.
    async fn remote_info(transport: &impl Transport) -> Option<serde_json::Value> {
        let request = Request {
            method: Method::Get,
            path: String::new(),
            query: Vec::new(),
            body: None,
        };
        let response = transport.send(&request).await.ok()?;
        (response.status == 200).then_some(response.body)
    }

    /// How many documents the team's database holds (`None` when it cannot be asked).
    pub async fn remote_doc_count(transport: &impl Transport) -> Option<u64> {
        Self::remote_info(transport)
            .await?
            .get("doc_count")?
            .as_u64()
    }

    /// The records two people changed differently, with both values of each field.
    pub fn sync_conflicts(&self) -> Vec<SyncConflict> {
        let sync = self.sync.borrow();
        let Some(replica) = sync.as_ref().and_then(|l| l.replica.as_ref()) else {
            return Vec::new();
        };
        replica
            .db
            .ids()
            .filter_map(|id| {
                let resolution = replica.db.get(id)?;
                if resolution.conflicts.is_empty() {
                    return None;
                }
                let doc = replica.db.doc(id)?;
                let authors = std::iter::once(&resolution.winner)
                    .chain(&resolution.other_leaves)
                    .filter_map(|rev| Some((rev.clone(), doc.versions.get(rev)?.by.clone())))
                    .collect();
                Some(SyncConflict {
                    doc_id: id.clone(),
                    fields: resolution.conflicts,
                    authors,
                })
            })
            .collect()
    }

    /// Who changed what in record `doc_id` (`lead:42`): its versions this device holds, on
    /// every branch, newest first. Empty until sync is set up (and while a round runs).
    pub fn sync_history(&self, doc_id: &str) -> Vec<Change> {
        let sync = self.sync.borrow();
        sync.as_ref()
            .and_then(|l| l.replica.as_ref())
            .and_then(|replica| replica.db.doc(doc_id))
            .map(record_history)
            .unwrap_or_default()
    }

    /// "Keep this": ends the conflict of `doc_id` with version `rev`'s values, and writes the
    /// result here.
    pub async fn keep_version(&self, doc_id: &str, rev: &RevId) -> Result<bool, StoreError> {
        let by = self.state().settings.profile.actor().to_owned();
        let Some(mut replica) = self
            .sync
            .borrow_mut()
            .as_mut()
            .and_then(|l| l.replica.take())
        else {
            return Ok(false);
        };
        let kept = replica.db.keep(doc_id, rev, &by).is_some();
        let written = self.write_news(&mut replica).await;
        if let Some(link) = self.sync.borrow_mut().as_mut() {
            link.replica = Some(replica);
        }
        written?;
        self.save_replica().await?;
        Ok(kept)
    }

    /// Writes into the store what the replica holds and the local records do not reflect yet,
    /// and takes it into memory. Returns how many records it wrote.
    pub(super) async fn write_news(&self, replica: &mut Replica) -> Result<usize, StoreError> {
        let absorbed = self.absorb_news(replica).await?;
        self.finish_absorbing(absorbed).await
    }

    /// Tells the listeners what [`Workspace::absorb_news`] took in, after reading memory again
    /// from the store when it wrote more than leads and activities.
    async fn finish_absorbing(&self, absorbed: Absorbed) -> Result<usize, StoreError> {
        if absorbed.reload {
            let state = super::load(&self.store).await?;
            *self.state.borrow_mut() = state;
            self.tell(&Changed::everything());
        } else if absorbed.written > 0 {
            self.tell(&absorbed.changed);
        }
        Ok(absorbed.written)
    }

    /// Writes into the store what the replica holds and the local records do not reflect yet,
    /// in one change set (and the shared settings one by one), and takes the leads and
    /// activities into memory as a command does; the listeners are not told yet.
    async fn absorb_news(&self, replica: &mut Replica) -> Result<Absorbed, StoreError> {
        let up_to = replica.db.update_seq();
        let news = replica.news();
        if news.is_empty() {
            replica.news_taken(up_to, BTreeSet::new());
            return Ok(Absorbed::default());
        }
        let news_ids: HashSet<&str> = news.iter().map(String::as_str).collect();
        let mut changes = ChangeSet::default();
        let mut settings: Vec<(&'static str, Setting)> = Vec::new();
        let mut written_here: Vec<(String, Option<Rev>)> = Vec::new();
        {
            let state = self.state();
            let revision_after = |id: &str| {
                let current = replica.seen_local(id);
                stored::next_revision(
                    current.map(|current| Revision {
                        current,
                        replaced: None,
                    }),
                    self.device,
                )
            };
            let mut new_leads = BTreeSet::new();
            for id in &news {
                let (Some(item), Some(resolution)) = (Item::parse(id), replica.db.get(id)) else {
                    continue;
                };
                let fields = &resolution.fields;
                let deleted = resolution.deleted;
                if !deleted && fields.is_empty() {
                    // Content this device cannot read (sealed without the key): left as it is.
                    continue;
                }
                match item {
                    Item::Lead(lead) if deleted => {
                        if state.book.lead(lead).is_some() {
                            changes.erased_leads.push(lead);
                            changes
                                .erased_activities
                                .extend(state.book.activities_of(lead).iter().map(|a| a.id));
                            for collection in [stored::QUALIFICATIONS, stored::RULE_STATES] {
                                changes.deleted_docs.push((collection.to_owned(), lead));
                            }
                        }
                        written_here.push((id.clone(), None));
                    }
                    Item::Lead(_) => {
                        let revision = revision_after(id);
                        if let Ok(lead) = lead_from(fields, revision) {
                            new_leads.insert(lead.id);
                            changes.leads.push(lead);
                            written_here.push((id.clone(), Some(revision.current)));
                        }
                    }
                    Item::Activity(activity) if deleted => {
                        changes.erased_activities.push(activity);
                        written_here.push((id.clone(), None));
                    }
                    Item::Activity(_) => {
                        let revision = revision_after(id);
                        let Ok(activity) = activity_from(fields, revision) else {
                            continue;
                        };
                        // An activity of a lead not here (yet) waits for it.
                        let lead_here = state.book.lead(activity.lead_id).is_some()
                            || new_leads.contains(&activity.lead_id)
                            || news_ids.contains(format!("lead:{}", activity.lead_id).as_str());
                        if lead_here {
                            changes.activities.push(activity);
                            written_here.push((id.clone(), Some(revision.current)));
                        }
                    }
                    Item::Doc(collection, doc) if deleted => {
                        changes.deleted_docs.push((collection.to_owned(), doc));
                        written_here.push((id.clone(), None));
                    }
                    Item::Doc(collection, doc) => {
                        let current = state.doc_revisions.get(&(collection, doc)).copied();
                        let revision = stored::next_revision(current, self.device);
                        changes.docs.push(Doc {
                            collection: collection.to_owned(),
                            id: doc,
                            json: json_of(fields).to_string(),
                            revision,
                        });
                        written_here.push((id.clone(), Some(revision.current)));
                    }
                    Item::Setting(_) if deleted => {}
                    Item::Setting(key) => {
                        let json = json_of(fields).to_string();
                        if !setting_reads(key, &json) {
                            continue;
                        }
                        let current = state.setting_revisions.get(key).copied();
                        let revision = stored::next_revision(current, self.device);
                        settings.push((key, Setting { json, revision }));
                        written_here.push((id.clone(), Some(revision.current)));
                    }
                }
            }
        }
        // Activities of a lead erased here go with it, whatever the server says of them.
        changes
            .activities
            .retain(|a| !changes.erased_leads.contains(&a.lead_id));
        changes.erased_activities.sort_unstable();
        changes.erased_activities.dedup();
        if !changes.is_empty() {
            self.store.apply(&changes).await?;
        }
        for (key, setting) in &settings {
            self.store.save_setting(key, setting).await?;
        }
        let count = written_here.len();
        let written_ids: HashSet<&str> = written_here.iter().map(|(id, _)| id.as_str()).collect();
        let waiting = news
            .iter()
            .filter(|id| !written_ids.contains(id.as_str()))
            .cloned()
            .collect();
        for (id, local) in &written_here {
            replica.written_locally(id, *local);
        }
        replica.news_taken(up_to, waiting);
        let reload = !changes.docs.is_empty()
            || !changes.deleted_docs.is_empty()
            || !changes.erased_leads.is_empty()
            || !changes.erased_activities.is_empty()
            || !settings.is_empty();
        let changed = self.absorb_records(changes.leads, changes.activities).await;
        Ok(Absorbed {
            written: count,
            changed,
            reload,
        })
    }
}

/// Whether a shared setting received from the team reads as that setting.
fn setting_reads(key: &str, json: &str) -> bool {
    match key {
        stored::SCORING_SETTING => ScoringModel::from_json(json).is_ok(),
        stored::QUESTIONS_SETTING => QuestionBank::from_json(json).is_ok(),
        stored::RULES_SETTING => RuleSet::from_json(json).is_ok(),
        _ => false,
    }
}
