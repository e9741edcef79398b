//! The chunk layout both stores share: which chunk holds a record, how a chunk is encoded and how
//! changes are merged into it.
//!
//! IndexedDB costs per record and per transaction, not per byte, so records are stored in chunks of
//! [`CHUNK_SIZE`] consecutive ids: leads by `lead.id >> CHUNK_BITS`, activities by
//! `activity.id >> CHUNK_BITS`. A chunk is one byte of format (see [`super::format`]) followed by
//! the postcard encoding of its records as a `Vec`, sorted by id.

use serde::{de::DeserializeOwned, Serialize};

use super::format::{v1, v2, FORMAT_V1, FORMAT_V2};
use super::{ChangeSet, Contents, StoreError};
use crate::domain::{Activity, Lead, Revision};

/// Bits of an id that select the record inside its chunk.
pub const CHUNK_BITS: u32 = 10;

/// Records per chunk at most (1,024).
pub const CHUNK_SIZE: u64 = 1 << CHUNK_BITS;

/// The largest id a store accepts: ids and chunk numbers must stay exact as JavaScript numbers.
pub const MAX_ID: u64 = (1 << 53) - 1;

/// The chunk number that holds the record with this id.
pub fn chunk_of(id: u64) -> u64 {
    id >> CHUNK_BITS
}

/// A record that lives in a chunk, keyed by its id, stored through its frozen format types.
pub trait Chunked: Clone {
    /// Its stored form in format 1 and format 2 (read), and format 2 borrowing it (written).
    type V1: DeserializeOwned + Into<Self>;
    type V2: DeserializeOwned + Into<Self>;
    type V2Ref<'a>: Serialize + From<&'a Self>
    where
        Self: 'a;
    /// "lead" or "activity", for messages.
    const WHAT: &'static str;
    /// The record's id, which decides its chunk and its place inside it.
    fn id(&self) -> u64;
    fn revision(&self) -> Revision;
}

impl Chunked for Lead {
    type V1 = v1::LeadV1;
    type V2 = v2::LeadV2;
    type V2Ref<'a> = v2::LeadV2Ref<'a>;
    const WHAT: &'static str = "lead";
    fn id(&self) -> u64 {
        self.id
    }
    fn revision(&self) -> Revision {
        self.revision
    }
}

impl Chunked for Activity {
    type V1 = v1::ActivityV1;
    type V2 = v2::ActivityV2;
    type V2Ref<'a> = v2::ActivityV2Ref<'a>;
    const WHAT: &'static str = "activity";
    fn id(&self) -> u64 {
        self.id
    }
    fn revision(&self) -> Revision {
        self.revision
    }
}

/// Encodes records (already sorted by id) as one chunk value, in the newest format.
pub fn encode_chunk<T: Chunked>(records: &[T]) -> Vec<u8> {
    let stored: Vec<T::V2Ref<'_>> = records.iter().map(Into::into).collect();
    postcard::to_extend(&stored, vec![FORMAT_V2]).expect("postcard encoding into a Vec cannot fail")
}

/// Decodes a chunk value of any format ever written; an unknown format byte, truncated or
/// trailing bytes are [`StoreError::Corrupt`].
pub fn decode_chunk<T: Chunked>(bytes: &[u8]) -> Result<Vec<T>, StoreError> {
    match bytes.split_first() {
        None => Err(StoreError::Corrupt("empty chunk".into())),
        Some((&FORMAT_V1, body)) => Ok(decode_all::<T::V1>(body)?
            .into_iter()
            .map(Into::into)
            .collect()),
        Some((&FORMAT_V2, body)) => Ok(decode_all::<T::V2>(body)?
            .into_iter()
            .map(Into::into)
            .collect()),
        Some((format, _)) => Err(StoreError::Corrupt(format!(
            "unknown chunk format {format}"
        ))),
    }
}

fn decode_all<R: DeserializeOwned>(body: &[u8]) -> Result<Vec<R>, StoreError> {
    let (records, rest) = postcard::take_from_bytes::<Vec<R>>(body)
        .map_err(|e| StoreError::Corrupt(format!("chunk does not decode: {e}")))?;
    if !rest.is_empty() {
        return Err(StoreError::Corrupt(format!(
            "{} trailing bytes after chunk",
            rest.len()
        )));
    }
    Ok(records)
}

/// Checks that writing `incoming` over what is stored (`stored`, `None` when there is nothing under
/// its id) replaces the version it was made from: a new record replaces nothing, a changed one
/// names the stored version as the one it replaced. Anything else was made from stale data.
pub fn check_revision(
    what: &str,
    id: u64,
    stored: Option<Revision>,
    incoming: Revision,
) -> Result<(), StoreError> {
    let fits = match stored {
        None => incoming.replaced.is_none(),
        Some(stored) => stored.accepts(incoming),
    };
    if fits {
        Ok(())
    } else {
        Err(StoreError::Conflict {
            what: format!("{what} {id}"),
            stored,
        })
    }
}

/// Merges `incoming` into `existing` (sorted by id): a record replaces the one with the same id,
/// others are inserted in id order. Within `incoming` the last record of an id wins.
pub fn merge_by_id<T: Chunked>(existing: &mut Vec<T>, mut incoming: Vec<T>) {
    incoming.reverse();
    crate::domain::text::sort::sort_by_key(&mut incoming, Chunked::id); // stable: of equal ids the last given now comes first
    incoming.dedup_by_key(|r| r.id());
    if existing.is_empty() {
        *existing = incoming;
        return;
    }
    let old = std::mem::take(existing);
    existing.reserve(old.len() + incoming.len());
    let mut old = old.into_iter().peekable();
    let mut new = incoming.into_iter().peekable();
    loop {
        match (old.peek(), new.peek()) {
            (Some(o), Some(n)) if o.id() < n.id() => existing.extend(old.next()),
            (Some(o), Some(n)) if o.id() == n.id() => {
                old.next();
                existing.extend(new.next());
            }
            (_, Some(_)) => existing.extend(new.next()),
            (Some(_), None) => existing.extend(old.next()),
            (None, None) => break,
        }
    }
}

/// Splits records into their chunks, in chunk order, keeping the records' order inside each.
pub fn group_by_chunk<T: Chunked>(records: &[T]) -> std::collections::BTreeMap<u64, Vec<T>> {
    let mut chunks = std::collections::BTreeMap::<u64, Vec<T>>::new();
    for r in records {
        chunks.entry(chunk_of(r.id())).or_default().push(r.clone());
    }
    chunks
}

/// Checks the ids of a change: 0 is never handed out and ids above [`MAX_ID`] cannot be stored.
pub fn check_ids<T: Chunked>(records: &[T], what: &str) -> Result<(), StoreError> {
    match records.iter().find(|r| r.id() == 0 || r.id() > MAX_ID) {
        Some(r) => Err(StoreError::Integrity(format!(
            "{what} id {} is out of range",
            r.id()
        ))),
        None => Ok(()),
    }
}

/// Checks the documents of a change, written and deleted: a collection needs a name, and ids
/// follow the rule of [`check_ids`].
pub fn check_docs(changes: &ChangeSet) -> Result<(), StoreError> {
    check_doc_keys(
        changes
            .docs
            .iter()
            .map(|d| (d.collection.as_str(), d.id))
            .chain(changes.deleted_docs.iter().map(|(c, id)| (c.as_str(), *id))),
    )
}

/// [`check_docs`] for any documents' (collection, id) keys.
pub fn check_doc_keys<'a>(keys: impl Iterator<Item = (&'a str, u64)>) -> Result<(), StoreError> {
    for (collection, id) in keys {
        if collection.is_empty() {
            return Err(StoreError::Integrity(format!(
                "document {id} has no collection name"
            )));
        }
        if id == 0 || id > MAX_ID {
            return Err(StoreError::Integrity(format!(
                "{collection} document id {id} is out of range"
            )));
        }
    }
    Ok(())
}

/// The checks [`Store::replace_all`](super::Store::replace_all) makes before writing anything: ids
/// in range, named collections, and every activity's lead among the contents.
pub fn check_contents(contents: &Contents) -> Result<(), StoreError> {
    check_ids(&contents.leads, "lead")?;
    check_ids(&contents.activities, "activity")?;
    check_doc_keys(contents.docs.iter().map(|d| (d.collection.as_str(), d.id)))?;
    let leads: std::collections::BTreeSet<u64> = contents.leads.iter().map(|l| l.id).collect();
    match contents
        .activities
        .iter()
        .find(|a| !leads.contains(&a.lead_id))
    {
        Some(a) => Err(orphan(a)),
        None => Ok(()),
    }
}

/// The error for an activity whose lead exists neither in the store nor in the same change.
pub fn orphan(a: &Activity) -> StoreError {
    StoreError::Integrity(format!(
        "activity {} refers to lead {}, which does not exist",
        a.id, a.lead_id
    ))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::store::contract::{activity, lead};

    #[test]
    fn chunk_of_groups_1024_ids() {
        assert_eq!(chunk_of(0), 0);
        assert_eq!(chunk_of(1023), 0);
        assert_eq!(chunk_of(1024), 1);
        assert_eq!(chunk_of(MAX_ID), MAX_ID >> 10);
    }

    #[test]
    fn empty_chunk_round_trips() {
        let bytes = encode_chunk::<Lead>(&[]);
        assert_eq!(bytes, vec![FORMAT_V2, 0]);
        assert_eq!(decode_chunk::<Lead>(&bytes).unwrap(), vec![]);
    }

    #[test]
    fn unknown_format_is_corrupt() {
        let mut bytes = encode_chunk(&[lead(1)]);
        bytes[0] = 3;
        assert_eq!(
            decode_chunk::<Lead>(&bytes),
            Err(StoreError::Corrupt("unknown chunk format 3".into()))
        );
        assert!(matches!(
            decode_chunk::<Lead>(&[]),
            Err(StoreError::Corrupt(_))
        ));
    }

    #[test]
    fn truncated_or_padded_chunk_is_corrupt() {
        let bytes = encode_chunk(&[lead(1), lead(2)]);
        assert!(matches!(
            decode_chunk::<Lead>(&bytes[..bytes.len() - 1]),
            Err(StoreError::Corrupt(_))
        ));
        let mut padded = bytes.clone();
        padded.push(0);
        assert!(matches!(
            decode_chunk::<Lead>(&padded),
            Err(StoreError::Corrupt(_))
        ));
    }

    #[test]
    fn merge_replaces_and_inserts_in_id_order() {
        let mut existing = vec![lead(1), lead(5), lead(9)];
        let mut five = lead(5);
        five.name = "replaced".into();
        merge_by_id(
            &mut existing,
            vec![lead(7), five.clone(), lead(3), lead(11)],
        );
        let ids: Vec<u64> = existing.iter().map(|l| l.id).collect();
        assert_eq!(ids, [1, 3, 5, 7, 9, 11]);
        assert_eq!(existing[2], five);
    }

    #[test]
    fn merge_keeps_the_last_of_duplicate_ids() {
        let mut first = lead(4);
        first.name = "first".into();
        let mut last = lead(4);
        last.name = "last".into();
        let mut existing = vec![lead(4)];
        merge_by_id(&mut existing, vec![first.clone(), last.clone()]);
        assert_eq!(existing, vec![last.clone()]);
        let mut empty = Vec::new();
        merge_by_id(&mut empty, vec![first, last.clone()]);
        assert_eq!(empty, vec![last]);
    }

    #[test]
    fn check_ids_rejects_zero_and_too_large() {
        assert!(check_ids(&[lead(1), lead(MAX_ID)], "lead").is_ok());
        assert!(matches!(
            check_ids(&[lead(0)], "lead"),
            Err(StoreError::Integrity(_))
        ));
        assert!(matches!(
            check_ids(&[lead(MAX_ID + 1)], "lead"),
            Err(StoreError::Integrity(_))
        ));
    }

    fn any_lead() -> impl Strategy<Value = Lead> {
        (
            1..=MAX_ID,
            ".{0,20}",
            ".{0,20}",
            proptest::option::of(any::<u32>()),
            any::<i64>(),
            proptest::collection::vec("[a-z]{0,8}", 0..4),
        )
            .prop_map(|(id, name, notes, employees, at, tags)| Lead {
                name,
                notes,
                employees,
                created_at: at,
                updated_at: at,
                tags,
                ..lead(id)
            })
    }

    proptest! {
        #[test]
        fn leads_round_trip(leads in proptest::collection::vec(any_lead(), 0..40)) {
            let bytes = encode_chunk(&leads);
            prop_assert_eq!(decode_chunk::<Lead>(&bytes).unwrap(), leads);
        }

        #[test]
        fn activities_round_trip(ids in proptest::collection::vec((1..=MAX_ID, 1..=MAX_ID, ".{0,30}"), 0..40)) {
            let acts: Vec<Activity> = ids
                .into_iter()
                .map(|(id, lead_id, notes)| Activity { notes, ..activity(id, lead_id) })
                .collect();
            let bytes = encode_chunk(&acts);
            prop_assert_eq!(decode_chunk::<Activity>(&bytes).unwrap(), acts);
        }

        #[test]
        fn merge_equals_map_semantics(old in proptest::collection::btree_set(1u64..3000, 0..50),
                                      new in proptest::collection::vec(1u64..3000, 0..50)) {
            let mut existing: Vec<Lead> = old.iter().map(|&id| lead(id)).collect();
            let incoming: Vec<Lead> = new.iter().enumerate().map(|(i, &id)| Lead { notes: i.to_string(), ..lead(id) }).collect();
            let mut expected: std::collections::BTreeMap<u64, Lead> = existing.iter().map(|l| (l.id, l.clone())).collect();
            for l in &incoming {
                expected.insert(l.id, l.clone());
            }
            merge_by_id(&mut existing, incoming);
            prop_assert_eq!(existing, expected.into_values().collect::<Vec<_>>());
        }
    }
}
