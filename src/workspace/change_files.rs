//! Change files, for a team without a server: "Export changes" writes what the colleagues this
//! device exchanged with may lack, "Import changes" takes a colleague's file in with the same
//! merge rules as a sync round. The replica is the one sync keeps; without a server it is set up
//! for files alone.
//!
//! **What to export.** Each file says whose it is (`from`, the replica id), how far it reaches
//! (`upto`) and, per colleague, how far this device has that colleague's changes (`has`). Importing
//! a colleague's file therefore tells this device how far the colleague has *its* changes; the next
//! export starts from the least of those, so no colleague misses anything (and one who gets a
//! change twice takes it once).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::sync::{SyncLink, SyncSettings};
use super::Workspace;
use crate::store::{Store, StoreError};
use crate::sync::change_file::{export_changes, import_changes, ChangeFile};
use crate::sync::LocalDb;

/// What this device knows of the colleagues it exchanged files with, by replica id.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Exchanges {
    /// How far this device has each colleague's changes.
    #[serde(default)]
    pub received: BTreeMap<String, u64>,
    /// How far each colleague has this device's changes (from their last file).
    #[serde(default)]
    pub acknowledged: BTreeMap<String, u64>,
}

/// Why a change file was not taken in. Nothing changed.
#[derive(Clone, Debug, PartialEq)]
pub enum ChangeFileError {
    /// Not a Kariz change file, or a malformed one (the reason says what).
    Unreadable(String),
    /// The file is this device's own.
    OwnFile,
    /// Sync runs in another tab, or waits for the encryption passphrase.
    NotHere,
    Store(StoreError),
}

impl From<StoreError> for ChangeFileError {
    fn from(error: StoreError) -> Self {
        ChangeFileError::Store(error)
    }
}

/// What an import did.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedChanges {
    /// Revisions new here.
    pub new_revisions: usize,
    /// Records written here.
    pub written_here: usize,
}

impl<S: Store> Workspace<S> {
    /// The replica of this tab, set up for files alone when sync was never set up.
    async fn replica_for_files(&self) -> Result<SyncSettings, ChangeFileError> {
        if let Some(settings) = self.sync_settings() {
            return Ok(settings);
        }
        match self.resume_sync(None).await? {
            Some(settings) if self.sync_settings().is_some() => Ok(settings),
            Some(_) => Err(ChangeFileError::NotHere),
            None => Ok(self.set_up_sync(super::SyncSetup::default()).await?),
        }
    }

    /// The change file for the colleagues this device exchanges with (JSON text).
    pub async fn export_changes(&self) -> Result<String, ChangeFileError> {
        let settings = self.replica_for_files().await?;
        let since = settings
            .exchanges
            .acknowledged
            .values()
            .min()
            .copied()
            .unwrap_or(0);
        let file = self.with_link(|link| {
            let mut file = export_changes(link.replica_db()?, since);
            file.from = settings.replica_id.clone();
            file.has = settings.exchanges.received.clone();
            Some(file)
        });
        let Some(file) = file else {
            return Err(ChangeFileError::NotHere);
        };
        // What this device made is now out: its records keep their numbers.
        self.update_sync_settings(|s| s.joined = true).await?;
        Ok(serde_json::to_string(&file).unwrap_or_default())
    }

    /// Takes a colleague's change file in: every revision new here, merged like a round's, and
    /// the records written into the store. A file that does not read changes nothing.
    pub async fn import_changes(&self, text: &str) -> Result<ImportedChanges, ChangeFileError> {
        let file: ChangeFile = serde_json::from_str(text)
            .map_err(|e| ChangeFileError::Unreadable(format!("not a Kariz change file: {e}")))?;
        let settings = self.replica_for_files().await?;
        if !file.from.is_empty() && file.from == settings.replica_id {
            return Err(ChangeFileError::OwnFile);
        }
        if !settings.joined && !file.docs.is_empty() && self.records_before_sync() > 0 {
            // This device's own records made before any exchange move out of the way of the
            // file's (see `renumber`); the file is read on its own first, so one that does not
            // read changes nothing, ids included.
            let scratch = self.with_link(|link| link.replica_db().map(LocalDb::emptied));
            let Some(mut scratch) = scratch else {
                return Err(ChangeFileError::NotHere);
            };
            import_changes(&mut scratch, text).map_err(ChangeFileError::Unreadable)?;
            self.move_records_into_block().await?;
        }
        let Some(mut replica) = self.take_replica() else {
            return Err(ChangeFileError::NotHere);
        };
        let imported = import_changes(&mut replica.db, text);
        let written = match &imported {
            Ok(_) => self.write_news(&mut replica).await,
            Err(_) => Ok(0),
        };
        self.put_replica(replica);
        let imported = imported.map_err(ChangeFileError::Unreadable)?;
        let written_here = written?;
        self.save_replica().await?;
        let mine = file.has.get(&settings.replica_id).copied();
        self.update_sync_settings(|s| {
            s.joined = true;
            if !file.from.is_empty() {
                let received = s.exchanges.received.entry(file.from.clone()).or_default();
                *received = (*received).max(file.upto);
                let acked = s
                    .exchanges
                    .acknowledged
                    .entry(file.from.clone())
                    .or_default();
                *acked = (*acked).max(mine.unwrap_or(0));
            }
        })
        .await?;
        Ok(ImportedChanges {
            new_revisions: imported.new_revisions,
            written_here,
        })
    }

    fn with_link<T>(&self, f: impl FnOnce(&SyncLink) -> Option<T>) -> Option<T> {
        self.sync.borrow().as_ref().and_then(f)
    }
}
