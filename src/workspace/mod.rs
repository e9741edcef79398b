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
use crate::domain::{DeviceId, Lead, LeadId, Revision, Timestamp};
use crate::store::{Store, StoreError};
use stored::Batch;

/// Where the workspace takes the time from: the browser's clock in the app, a fixed one in tests.
pub trait Clock {
    /// Milliseconds since the Unix epoch.
    fn now(&self) -> Timestamp;
    /// The user's offset from UTC in minutes (Tehran: +210), for dates typed in forms.
    fn utc_offset_minutes(&self) -> i32;
}

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
        let changed = {
            let mut state = self.state.borrow_mut();
            for doc in &changes.docs {
                if let Some(collection) = stored::collection_key(&doc.collection) {
                    state
                        .doc_revisions
                        .insert((collection, doc.id), doc.revision);
                }
            }
            state.absorb(leads, activities, batch)
        };
        self.tell(&changed);
        // Committed whatever happens next: an entry not saved now is saved with the next one,
        // or caught up from the records at the next start.
        let _ = self.save_replica().await;
        Ok(changed)
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
