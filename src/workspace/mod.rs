//! The workspace: the one place that writes. It owns every record in memory (the lead book, the
//! deals, qualifications, rule states, audit history and settings) and the [`Store`] behind them.
//!
//! Every change a user can make is a method here (a command): it validates through the domain,
//! builds one batch of records, writes it in one transaction, and only after the commit updates
//! memory and tells its listeners what [`Changed`]. A command that fails changes nothing, in the
//! store or in memory. Views send commands and read [`Workspace::state`]; they never build a change
//! set or name a stored collection ([`stored`] does that).
//!
//! Plain Rust, generic over the store: native tests run it on [`crate::store::MemoryStore`], the
//! browser on IndexedDB.

mod backup;
mod change_files;
mod deals;
mod demo;
mod followup;
mod leads;
mod learning;
mod renumber;
mod replica;
mod rules;
mod settings;
mod state;
mod stored;
mod sync;

use std::cell::{Ref, RefCell};

pub use crate::store::backup::BackupError;
pub use crate::store::Unreadable;
pub use backup::{backup_due, open_backup, BackupPreview, ReadBackup};
pub use change_files::{ChangeFileError, Exchanges, ImportedChanges};
pub use deals::{DealProblem, StaleRemoval};
pub use followup::{FollowUpProblem, FollowUps};
pub use leads::{ActivityError, LeadError};
pub use settings::PipelineProblem;
pub use state::{unreadable_download, Settings, State};
pub use sync::{
    saved_settings as saved_sync_settings, Ids, RoundOutcome, SyncConflict, SyncEncryption,
    SyncSettings, SyncSetup,
};

use crate::domain::pipeline::Deal;
use crate::domain::qualification::Qualification;
use crate::domain::{Activity, DeviceId, Lead, LeadId, Revision, Timestamp};
use crate::store::{Store, StoreError};
use stored::Batch;

/// Where the workspace takes the time from: the browser's clock in the app, a fixed one in tests.
pub trait Clock {
    /// Milliseconds since the Unix epoch.
    fn now(&self) -> Timestamp;
    /// The user's offset from UTC in minutes (Tehran: +210), for dates typed in forms.
    fn utc_offset_minutes(&self) -> i32;
    /// Lets the page do other work (paint, answer a click) before a long command goes on: in the
    /// browser, one turn of the event loop. A command pauses between slices of [`SLICE`]
    /// records, so an import of 100,000 leads never holds the page for long. By default it goes
    /// straight on (tests, native code).
    fn pause(&self) -> Pause {
        Box::pin(std::future::ready(()))
    }
}

/// What [`Clock::pause`] returns: done once the command may go on.
pub type Pause = std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;

/// Records a command handles in memory between two [`Clock::pause`]s: tens of milliseconds of
/// work at most (checking 5,000 imported leads for Hot, taking 5,000 into the lead book).
pub const SLICE: usize = 5_000;

/// What a committed command (or a reload) changed, for views that mirror the workspace.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Changed {
    /// Leads or activities.
    pub book: bool,
    pub deals: bool,
    pub qualifications: bool,
    pub rule_states: bool,
    pub dismissals: bool,
    pub audit: bool,
    pub scoring: bool,
    pub questions: bool,
    pub profile: bool,
    pub rules: bool,
    pub pipeline: bool,
    pub targets: bool,
    /// The learned model was retrained.
    pub learned_model: bool,
    /// Tasks, sequences, enrolments, templates or the automation settings.
    pub follow_up: bool,
    /// Read back from the store (another tab's change, or start-up), not made by a command here.
    pub from_store: bool,
    /// The leads whose records, activities, deals, answers or rule state changed; `None` for all
    /// of them (after a reload).
    pub leads: Option<Vec<LeadId>>,
}

impl Changed {
    /// Adds what `other` says changed (a command taken into memory in parts).
    fn add(&mut self, other: Changed) {
        let Changed {
            book,
            deals,
            qualifications,
            rule_states,
            dismissals,
            audit,
            scoring,
            questions,
            profile,
            rules,
            pipeline,
            targets,
            learned_model,
            follow_up,
            from_store,
            leads,
        } = other;
        self.book |= book;
        self.deals |= deals;
        self.qualifications |= qualifications;
        self.rule_states |= rule_states;
        self.dismissals |= dismissals;
        self.audit |= audit;
        self.scoring |= scoring;
        self.questions |= questions;
        self.profile |= profile;
        self.rules |= rules;
        self.pipeline |= pipeline;
        self.targets |= targets;
        self.learned_model |= learned_model;
        self.follow_up |= follow_up;
        self.from_store |= from_store;
        self.leads = match (self.leads.take(), leads) {
            (Some(mut mine), Some(theirs)) => {
                mine.extend(theirs);
                crate::domain::text::sort::sort(&mut mine);
                mine.dedup();
                Some(mine)
            }
            _ => None,
        };
    }

    /// Everything: the state was replaced.
    pub fn everything() -> Changed {
        Changed {
            book: true,
            deals: true,
            qualifications: true,
            rule_states: true,
            dismissals: true,
            audit: true,
            scoring: true,
            questions: true,
            profile: true,
            rules: true,
            pipeline: true,
            targets: true,
            learned_model: true,
            follow_up: true,
            from_store: true,
            leads: None,
        }
    }
}

/// Why a command did not happen. Whatever the reason, nothing was written.
#[derive(Clone, Debug, PartialEq)]
pub enum CommandError<P> {
    /// The domain refused the input; each problem says what and where.
    Invalid(Vec<P>),
    /// The record was changed elsewhere (another tab or device) since the form was opened: the
    /// user chooses between their version and this one.
    Conflict(Box<Conflict>),
    /// The store failed; the data is as it was.
    Store(StoreError),
}

/// Another version of the record a form edited, saved since the form opened.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    pub theirs: Theirs,
    /// Their version: a save "keeping mine" names it as the version it replaces.
    pub revision: Option<Revision>,
}

/// The record as the other tab or device saved it.
#[derive(Clone, Debug, PartialEq)]
pub enum Theirs {
    Lead(Lead),
    Deal(Deal),
    /// The answers (`None` if they were never saved).
    Qualification(Option<Qualification>),
    /// The record no longer exists.
    Gone,
}

impl<P> From<StoreError> for CommandError<P> {
    fn from(error: StoreError) -> Self {
        CommandError::Store(error)
    }
}

impl<P> CommandError<P> {
    /// The store's error, if that is why.
    pub fn store_error(&self) -> Option<&StoreError> {
        match self {
            CommandError::Store(e) => Some(e),
            CommandError::Invalid(_) | CommandError::Conflict(_) => None,
        }
    }
}

/// A refusal of a command that has no input to correct, only a reason (its message key).
pub type Refused = &'static str;

type Listener = Box<dyn Fn(&Changed)>;

/// The records, the store they live in, and the commands that change them.
pub struct Workspace<S: Store> {
    store: S,
    /// Written into every revision this workspace makes.
    device: DeviceId,
    clock: Box<dyn Clock>,
    state: RefCell<State>,
    listeners: RefCell<Vec<Listener>>,
    /// The block this device's new ids come from once sync is set up (known in every tab).
    id_block: std::cell::Cell<Option<u32>>,
    /// Sync with the team's database, in the one tab that runs it (see
    /// [`Workspace::resume_sync`]).
    sync: RefCell<Option<sync::SyncLink>>,
}

impl<S: Store> Workspace<S> {
    /// Loads everything the store holds. Records that cannot be read are set aside in
    /// [`State::unreadable`]; only a store that cannot be read at all is an error.
    pub async fn open(store: S, clock: Box<dyn Clock>) -> Result<Workspace<S>, StoreError> {
        let state = load(&store).await?;
        let device = store.device_id().await?;
        let id_block = sync::saved_settings(&store).await?.map(|s| s.id_block);
        Ok(Workspace {
            store,
            device,
            clock,
            state: RefCell::new(state),
            listeners: RefCell::new(Vec::new()),
            id_block: std::cell::Cell::new(id_block),
            sync: RefCell::new(None),
        })
    }

    /// Everything in memory, to read. Hold it only while reading: commands need it back.
    pub fn state(&self) -> Ref<'_, State> {
        self.state.borrow()
    }

    /// The store, for what is not a change of records (its version, warming it up).
    pub fn store(&self) -> &S {
        &self.store
    }

    /// Calls `listener` after every committed command and every reload.
    pub fn subscribe(&self, listener: impl Fn(&Changed) + 'static) {
        self.listeners.borrow_mut().push(Box::new(listener));
    }

    /// Reads everything again (another tab or device changed the store).
    pub async fn reload(&self) -> Result<(), StoreError> {
        let snapshot = self.store.load_all().await?;
        // Sync may have been set up in another tab since.
        let block = sync::saved_settings(&self.store).await?.map(|s| s.id_block);
        self.id_block.set(block);
        self.catch_up_replica(&snapshot).await?;
        let state = state_of(&self.store, snapshot).await?;
        *self.state.borrow_mut() = state;
        self.tell(&Changed::everything());
        Ok(())
    }

    fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Writes a batch in one transaction, then (only then) takes it into memory and tells the
    /// listeners. The one path by which records change. When the store refuses the batch as made
    /// from stale data, memory is read again from the store (so the next attempt starts from what
    /// is there) and the conflict is returned.
    async fn commit(&self, mut batch: Batch) -> Result<Changed, StoreError> {
        self.add_hot_lead_follow_ups(&mut batch).await?;
        let mut changes = {
            let state = self.state.borrow();
            batch.take_change_set(&state.doc_revisions, self.device)
        };
        if changes.is_empty() {
            return Ok(Changed::default());
        }
        if let Err(error) = self.store.apply(&changes).await {
            if matches!(error, StoreError::Conflict { .. }) {
                self.reload().await?;
            }
            return Err(error);
        }
        self.take_into_replica(&changes);
        let leads = std::mem::take(&mut changes.leads);
        let activities = std::mem::take(&mut changes.activities);
        let mut changed = {
            let mut state = self.state.borrow_mut();
            for doc in &changes.docs {
                if let Some(collection) = stored::collection_key(&doc.collection) {
                    state
                        .doc_revisions
                        .insert((collection, doc.id), doc.revision);
                }
            }
            state.absorb(Vec::new(), Vec::new(), batch)
        };
        changed.add(self.absorb_records(leads, activities).await);
        self.tell(&changed);
        // Committed whatever happens next: an entry not saved now is saved with the next one,
        // or caught up from the records at the next start.
        let _ = self.save_replica().await;
        Ok(changed)
    }

    /// Takes committed leads and activities into memory, [`SLICE`] at a time with a pause
    /// between (an import brings 100,000 leads, each indexed for search and prepared for
    /// scoring): leads first, so every activity finds its lead. What is committed is stored
    /// already; until the last slice memory shows part of it, and listeners hear of it once,
    /// after the last.
    async fn absorb_records(&self, leads: Vec<Lead>, activities: Vec<Activity>) -> Changed {
        let mut changed = Changed {
            leads: Some(Vec::new()),
            ..Changed::default()
        };
        let mut leads = leads.into_iter().peekable();
        let mut activities = activities.into_iter().peekable();
        loop {
            let slice: Vec<Lead> = leads.by_ref().take(SLICE).collect();
            let activity_slice: Vec<Activity> = if slice.is_empty() {
                activities.by_ref().take(SLICE).collect()
            } else {
                Vec::new()
            };
            changed.add(
                self.state
                    .borrow_mut()
                    .absorb(slice, activity_slice, Batch::default()),
            );
            if leads.peek().is_none() && activities.peek().is_none() {
                return changed;
            }
            self.clock.pause().await;
        }
    }

    /// The revision of a new record made here.
    fn first_revision(&self) -> Revision {
        Revision::first(self.device)
    }

    /// [`Workspace::commit`] for a command that edits one record from a form: a refusal because
    /// the record changed elsewhere becomes the [`Conflict`] the user resolves, described by
    /// `conflict` from memory as it now is.
    async fn commit_edit<P>(
        &self,
        batch: Batch,
        conflict: impl Fn(&State) -> Conflict,
    ) -> Result<Changed, CommandError<P>> {
        match self.commit(batch).await {
            Ok(changed) => Ok(changed),
            Err(StoreError::Conflict { .. }) => {
                Err(CommandError::Conflict(Box::new(conflict(&self.state()))))
            }
            Err(e) => Err(CommandError::Store(e)),
        }
    }

    fn tell(&self, changed: &Changed) {
        for listener in self.listeners.borrow().iter() {
            listener(changed);
        }
    }
}

async fn load<S: Store>(store: &S) -> Result<State, StoreError> {
    state_of(store, store.load_all().await?).await
}

/// The state of a snapshot of `store`, with the settings saved there.
async fn state_of<S: Store>(
    store: &S,
    snapshot: crate::store::Snapshot,
) -> Result<State, StoreError> {
    let loaded = settings::load(store).await?;
    let mut state = State::from_snapshot(snapshot, loaded.settings);
    state.unreadable.extend(loaded.unreadable);
    state.setting_revisions = loaded.revisions;
    Ok(state)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
