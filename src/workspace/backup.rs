//! Backup and restore: the whole workspace out to one file, and a file read, shown, and put in
//! place of everything (the file format: [`crate::store::backup`], docs/backup.md).

use super::stored::{self, AUDIT, DEALS, QUALIFICATIONS, RULE_STATES};
use super::{Changed, Workspace};
use crate::domain::{LeadBook, Timestamp};
use crate::store::backup::{read_backup, write_backup, Backup, BackupError};
use crate::store::{Contents, Store, StoreError};

/// What a backup file holds, shown before the user decides to restore it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupPreview {
    pub created_at: Timestamp,
    pub app_version: String,
    pub leads: usize,
    pub activities: usize,
    pub deals: usize,
    pub qualifications: usize,
    pub rule_states: usize,
    pub audit_entries: usize,
    /// Settings documents (scoring model, questions, rules, profile…).
    pub settings: usize,
}

impl BackupPreview {
    fn of(backup: &Backup) -> BackupPreview {
        let docs = |collection: &str| {
            backup
                .contents
                .docs
                .iter()
                .filter(|d| d.collection == collection)
                .count()
        };
        BackupPreview {
            created_at: backup.info.created_at,
            app_version: backup.info.app_version.clone(),
            leads: backup.contents.leads.len(),
            activities: backup.contents.activities.len(),
            deals: docs(DEALS),
            qualifications: docs(QUALIFICATIONS),
            rule_states: docs(RULE_STATES),
            audit_entries: docs(AUDIT),
            settings: backup.contents.settings.len(),
        }
    }
}

/// A backup file read and checked, with what it holds; nothing is written until
/// [`Workspace::restore`].
#[derive(Clone, Debug, PartialEq)]
pub struct ReadBackup {
    pub preview: BackupPreview,
    backup: Backup,
}

/// Reads a backup file whole and checks it, writing nothing.
pub fn open_backup(bytes: &[u8]) -> Result<ReadBackup, BackupError> {
    let backup = read_backup(bytes)?;
    Ok(ReadBackup {
        preview: BackupPreview::of(&backup),
        backup,
    })
}

impl<S: Store> Workspace<S> {
    /// The backup file of everything stored, as stored (revisions and settings included),
    /// gzip-compressed when `compress`. Read from the store, not memory, so what the file holds
    /// is what a restore would put back.
    ///
    /// Sync's own state (the replica and where the team's database is) belongs to this browser,
    /// not to the data, and stays out of the file.
    pub async fn backup(&self, app_version: &str, compress: bool) -> Result<Vec<u8>, StoreError> {
        let snapshot = self.store.load_all().await?;
        let mut settings = self.store.all_settings().await?;
        settings.retain(|(key, _)| key != stored::SYNC_SETTING);
        let mut docs = snapshot.docs;
        docs.retain(|d| !d.collection.starts_with(stored::REPLICA_PREFIX));
        let contents = Contents {
            leads: snapshot.leads,
            activities: snapshot.activities,
            docs,
            settings,
        };
        Ok(write_backup(&contents, self.now(), app_version, compress))
    }

    /// Puts the backup's contents in place of everything stored, in one transaction, then
    /// reads memory again. On error nothing changed, in the store or in memory. Sync's state
    /// goes with what was stored: after a restore, sync is set up again from Settings (and
    /// then sends the restored records as this device's versions).
    pub async fn restore(&self, backup: ReadBackup) -> Result<Changed, StoreError> {
        self.store.replace_all(&backup.backup.contents).await?;
        *self.sync.borrow_mut() = None;
        self.reload().await?;
        Ok(Changed::everything())
    }
}

/// Changes may go this long without a backup before Kariz offers one.
pub const BACKUP_REMINDER_MS: Timestamp = 7 * 24 * 60 * 60 * 1000;

/// Whether to offer a backup: something changed since the last one (or there is data and none
/// was ever made), and the last one (or, without one, the oldest lead) is more than seven days
/// old.
pub fn backup_due(book: &LeadBook, last_backup: Option<Timestamp>, now: Timestamp) -> bool {
    let leads = book.leads();
    let last_change = leads
        .iter()
        .map(|l| l.updated_at)
        .chain(
            leads
                .iter()
                .flat_map(|l| book.activities_of(l.id))
                .map(|a| a.at),
        )
        .max();
    let Some(last_change) = last_change else {
        return false;
    };
    let since = match last_backup {
        Some(at) if last_change <= at => return false,
        Some(at) => at,
        None => leads.iter().map(|l| l.created_at).min().unwrap_or(now),
    };
    now - since > BACKUP_REMINDER_MS
}
