//! The backup file: everything a database holds for the user ([`Contents`]) as one open JSON
//! document, optionally gzip-compressed. The format is described for users in docs/backup.md.
//!
//! Records are written in the store's frozen format types ([`super::format`]) so a backup made
//! today reads back through the same per-version types when the live domain types have moved on.
//! The `data` member is hashed exactly as written (SHA-256), so a truncated or edited file is
//! refused before anything is written.

use std::io::Read;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use super::codec::Chunked;
use super::format::v2::RevisionV2;
use super::{Contents, Doc, Setting};
use crate::domain::{Activity, Lead, Timestamp};

/// The backup format this version writes and the newest it reads.
pub const BACKUP_FORMAT: u32 = 1;
/// The stored-record format of the records inside (the chunks' format byte).
pub const RECORD_FORMAT: u32 = 2;
/// A larger file is refused before it is read: 1 GiB of JSON is about ten million records.
pub const MAX_BACKUP_BYTES: usize = 1 << 30;

/// What a backup says about itself, besides its contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupInfo {
    /// When the backup was made (milliseconds since the Unix epoch).
    pub created_at: Timestamp,
    /// The version of Kariz that made it.
    pub app_version: String,
    pub format: u32,
}

/// A backup read whole and checked, ready to restore.
#[derive(Clone, Debug, PartialEq)]
pub struct Backup {
    pub info: BackupInfo,
    pub contents: Contents,
}

/// Why a file cannot be restored. Nothing is written in any case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackupError {
    /// Not a Kariz backup at all (another JSON file, a CSV, an image…).
    NotABackup,
    /// A Kariz backup that was cut short or changed since it was made (checksum, JSON syntax,
    /// gzip stream).
    Damaged(String),
    /// Made by a newer Kariz, whose format this one does not know.
    TooNew { found: u32, supported: u32 },
    /// Larger than [`MAX_BACKUP_BYTES`].
    TooLarge,
}

impl std::fmt::Display for BackupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BackupError::NotABackup => write!(f, "not a Kariz backup"),
            BackupError::Damaged(why) => write!(f, "damaged backup: {why}"),
            BackupError::TooNew { found, supported } => write!(
                f,
                "backup format {found} is newer than this version reads ({supported})"
            ),
            BackupError::TooLarge => write!(f, "backup larger than 1 GiB"),
        }
    }
}

#[derive(Serialize)]
struct EnvelopeOut<'a> {
    kariz_backup: u32,
    record_format: u32,
    created_at: Timestamp,
    app_version: &'a str,
    sha256: String,
    data: &'a RawValue,
}

#[derive(Deserialize)]
struct EnvelopeIn<'a> {
    created_at: Timestamp,
    #[serde(default)]
    app_version: String,
    sha256: String,
    #[serde(borrow)]
    data: &'a RawValue,
}

/// Only the format numbers, read first so a newer file is named as such even when the rest of
/// it would not parse here.
#[derive(Deserialize)]
struct Versions {
    kariz_backup: Option<u32>,
    #[serde(default)]
    record_format: u32,
}

#[derive(Serialize)]
struct DataOut<'a> {
    leads: Vec<<Lead as Chunked>::V2Ref<'a>>,
    activities: Vec<<Activity as Chunked>::V2Ref<'a>>,
    documents: Vec<DocOut<'a>>,
    settings: Vec<SettingOut<'a>>,
}

#[derive(Deserialize)]
struct DataIn {
    leads: Vec<<Lead as Chunked>::V2>,
    activities: Vec<<Activity as Chunked>::V2>,
    documents: Vec<DocIn>,
    settings: Vec<SettingIn>,
}

#[derive(Serialize)]
struct DocOut<'a> {
    collection: &'a str,
    id: u64,
    revision: RevisionV2,
    value: &'a RawValue,
}

#[derive(Deserialize)]
struct DocIn {
    collection: String,
    id: u64,
    revision: RevisionV2,
    value: Box<RawValue>,
}

#[derive(Serialize)]
struct SettingOut<'a> {
    key: &'a str,
    revision: RevisionV2,
    value: &'a RawValue,
}

#[derive(Deserialize)]
struct SettingIn {
    key: String,
    revision: RevisionV2,
    value: Box<RawValue>,
}

/// A stored JSON text as a raw JSON value; text that is not JSON (which the store never holds)
/// is kept as a JSON string, so nothing is dropped.
fn raw(json: &str) -> Box<RawValue> {
    RawValue::from_string(json.to_owned()).unwrap_or_else(|_| {
        let quoted = serde_json::to_string(json).expect("a string serializes");
        RawValue::from_string(quoted).expect("a JSON string is JSON")
    })
}

/// The backup file of `contents`, made at `created_at` by `app_version`; gzip-compressed when
/// `compress`.
pub fn write_backup(
    contents: &Contents,
    created_at: Timestamp,
    app_version: &str,
    compress: bool,
) -> Vec<u8> {
    let doc_values: Vec<Box<RawValue>> = contents.docs.iter().map(|d| raw(&d.json)).collect();
    let setting_values: Vec<Box<RawValue>> = contents
        .settings
        .iter()
        .map(|(_, s)| raw(&s.json))
        .collect();
    let data = DataOut {
        leads: contents.leads.iter().map(Into::into).collect(),
        activities: contents.activities.iter().map(Into::into).collect(),
        documents: contents
            .docs
            .iter()
            .zip(&doc_values)
            .map(|(d, value)| DocOut {
                collection: &d.collection,
                id: d.id,
                revision: d.revision.into(),
                value,
            })
            .collect(),
        settings: contents
            .settings
            .iter()
            .zip(&setting_values)
            .map(|((key, s), value)| SettingOut {
                key,
                revision: s.revision.into(),
                value,
            })
            .collect(),
    };
    let data = serde_json::to_string(&data).expect("backup data serializes");
    let data = RawValue::from_string(data).expect("serde_json writes JSON");
    let envelope = EnvelopeOut {
        kariz_backup: BACKUP_FORMAT,
        record_format: RECORD_FORMAT,
        created_at,
        app_version,
        sha256: checksum(data.get()),
        data: &data,
    };
    let json = serde_json::to_vec(&envelope).expect("backup envelope serializes");
    if !compress {
        return json;
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut encoder, &json).expect("writing to a Vec cannot fail");
    encoder.finish().expect("writing to a Vec cannot fail")
}

fn checksum(data: &str) -> String {
    Sha256::digest(data.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Reads a whole backup file (plain or gzip) and checks it: format, checksum and every record.
pub fn read_backup(bytes: &[u8]) -> Result<Backup, BackupError> {
    if bytes.len() > MAX_BACKUP_BYTES {
        return Err(BackupError::TooLarge);
    }
    let inflated;
    let json: &[u8] = if bytes.starts_with(&[0x1f, 0x8b]) {
        inflated = gunzip(bytes)?;
        &inflated
    } else {
        bytes
    };
    let versions: Versions = serde_json::from_slice(json).map_err(|e| {
        if looks_like_backup(json) {
            BackupError::Damaged(e.to_string())
        } else {
            BackupError::NotABackup
        }
    })?;
    let format = versions.kariz_backup.ok_or(BackupError::NotABackup)?;
    if format > BACKUP_FORMAT {
        return Err(BackupError::TooNew {
            found: format,
            supported: BACKUP_FORMAT,
        });
    }
    if versions.record_format != RECORD_FORMAT {
        return Err(BackupError::Damaged(format!(
            "records in format {}, expected {RECORD_FORMAT}",
            versions.record_format
        )));
    }
    let envelope: EnvelopeIn<'_> =
        serde_json::from_slice(json).map_err(|e| BackupError::Damaged(e.to_string()))?;
    if checksum(envelope.data.get()) != envelope.sha256 {
        return Err(BackupError::Damaged(
            "the checksum does not match: the file was changed or cut short".into(),
        ));
    }
    let data: DataIn = serde_json::from_str(envelope.data.get())
        .map_err(|e| BackupError::Damaged(e.to_string()))?;
    let mut settings: Vec<(String, Setting)> = data
        .settings
        .into_iter()
        .map(|s| {
            (
                s.key,
                Setting {
                    json: s.value.get().to_owned(),
                    revision: s.revision.into(),
                },
            )
        })
        .collect();
    settings.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Backup {
        info: BackupInfo {
            created_at: envelope.created_at,
            app_version: envelope.app_version,
            format,
        },
        contents: Contents {
            leads: data.leads.into_iter().map(Into::into).collect(),
            activities: data.activities.into_iter().map(Into::into).collect(),
            docs: data
                .documents
                .into_iter()
                .map(|d| Doc {
                    collection: d.collection,
                    id: d.id,
                    json: d.value.get().to_owned(),
                    revision: d.revision.into(),
                })
                .collect(),
            settings,
        },
    })
}

/// Whether JSON that does not parse still starts like a backup (then it is damaged, not
/// something else).
fn looks_like_backup(json: &[u8]) -> bool {
    let head = &json[..json.len().min(64)];
    String::from_utf8_lossy(head).contains("\"kariz_backup\"")
}

fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, BackupError> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .take(MAX_BACKUP_BYTES as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| BackupError::Damaged(format!("the compressed file is damaged: {e}")))?;
    if out.len() > MAX_BACKUP_BYTES {
        return Err(BackupError::TooLarge);
    }
    Ok(out)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::domain::Revision;
    use crate::store::contract::{activity, doc, lead};

    fn sample() -> Contents {
        let revision = Revision::first(77).next(77);
        Contents {
            leads: vec![
                lead(1),
                Lead {
                    name: "سارا احمدی".into(),
                    revision,
                    ..lead(2_000)
                },
            ],
            activities: vec![activity(5, 1), activity(6, 2_000)],
            docs: vec![doc("audit", 3), doc("deal", 4).at(revision)],
            settings: vec![(
                "rules".into(),
                Setting {
                    json: r#"{"rules":[{"name":"Cold"}]}"#.into(),
                    revision,
                },
            )],
        }
    }

    #[test]
    fn a_backup_reads_back_as_written_plain_and_compressed() {
        for compress in [false, true] {
            let bytes = write_backup(&sample(), 1_750_000_000_000, "0.1.0", compress);
            assert_eq!(bytes.starts_with(&[0x1f, 0x8b]), compress);
            let backup = read_backup(&bytes).unwrap();
            assert_eq!(backup.contents, sample());
            assert_eq!(
                backup.info,
                BackupInfo {
                    created_at: 1_750_000_000_000,
                    app_version: "0.1.0".into(),
                    format: BACKUP_FORMAT,
                }
            );
        }
    }

    #[test]
    fn documents_and_settings_are_readable_json_in_the_file() {
        let text = String::from_utf8(write_backup(&sample(), 1, "0.1.0", false)).unwrap();
        assert!(
            text.contains(r#""value":{"rules":[{"name":"Cold"}]}"#),
            "{text}"
        );
        assert!(text.contains("سارا احمدی"));
    }

    #[test]
    fn an_edited_or_cut_backup_is_damaged() {
        let text = String::from_utf8(write_backup(&sample(), 1, "0.1.0", false)).unwrap();
        let edited = text.replace("سارا", "مریم");
        assert!(matches!(
            read_backup(edited.as_bytes()),
            Err(BackupError::Damaged(_))
        ));
        let cut = &text.as_bytes()[..text.len() - 40];
        assert!(matches!(read_backup(cut), Err(BackupError::Damaged(_))));
        let gz = write_backup(&sample(), 1, "0.1.0", true);
        assert!(matches!(
            read_backup(&gz[..gz.len() / 2]),
            Err(BackupError::Damaged(_))
        ));
    }

    #[test]
    fn a_newer_backup_is_refused_naming_both_versions() {
        let text = String::from_utf8(write_backup(&sample(), 1, "0.1.0", false)).unwrap();
        let newer = text.replacen(r#""kariz_backup":1"#, r#""kariz_backup":2"#, 1);
        assert_eq!(
            read_backup(newer.as_bytes()),
            Err(BackupError::TooNew {
                found: 2,
                supported: 1
            })
        );
        let error = read_backup(newer.as_bytes()).unwrap_err().to_string();
        assert!(error.contains('2') && error.contains('1'), "{error}");
    }

    #[test]
    fn other_files_are_not_backups() {
        for other in [
            &b"name,email\nSara,s@x.ir\n"[..],
            b"{\"leads\":[]}",
            b"",
            b"\x89PNG\r\n",
            b"[1,2,3]",
        ] {
            assert_eq!(
                read_backup(other),
                Err(BackupError::NotABackup),
                "{other:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2_000)) {
            let _ = read_backup(&bytes);
        }

        #[test]
        fn a_mutated_backup_is_refused_or_reads_back_the_same(
            at in any::<prop::sample::Index>(),
            byte in any::<u8>(),
            compress in any::<bool>(),
        ) {
            let mut bytes = write_backup(&sample(), 1, "0.1.0", compress);
            let i = at.index(bytes.len());
            let changed = bytes[i] != byte;
            bytes[i] = byte;
            match read_backup(&bytes) {
                // A change outside the checksummed data (whitespace, the app version string, the
                // gzip header's metadata) may still read: then it reads exactly the contents.
                Ok(backup) => prop_assert_eq!(backup.contents, sample()),
                Err(_) => prop_assert!(changed),
            }
        }
    }
}
