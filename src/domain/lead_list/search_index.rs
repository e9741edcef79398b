//! The searchable text of every lead, normalised once (and again only for a lead that changed),
//! in one buffer a query word is found in by one pass.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};

use super::search::{fill, push_number_runs, SearchQuery, FIELD_SEPARATOR};
use crate::domain::{Lead, LeadId, Timestamp};

/// A set of index slots, one bit each.
#[derive(Clone, Debug)]
pub(super) struct SlotSet(pub(super) Vec<u64>);

impl SlotSet {
    fn empty(slots: usize) -> SlotSet {
        SlotSet(vec![0; slots.div_ceil(64)])
    }

    fn insert(&mut self, slot: usize) {
        self.0[slot / 64] |= 1 << (slot % 64);
    }

    pub(super) fn contains(&self, slot: usize) -> bool {
        self.0
            .get(slot / 64)
            .is_some_and(|w| w & (1 << (slot % 64)) != 0)
    }

    pub(super) fn intersect(&mut self, other: &SlotSet) {
        self.0.iter_mut().zip(&other.0).for_each(|(a, b)| *a &= b);
    }

    /// How many slots are in the set.
    pub(super) fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Keeps the slots for which `keep` is true.
    pub(super) fn retain(&mut self, mut keep: impl FnMut(usize) -> bool) {
        for (i, word) in self.0.iter_mut().enumerate() {
            let mut bits = *word;
            while bits != 0 {
                let bit = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if !keep(i * 64 + bit) {
                    *word &= !(1 << bit);
                }
            }
        }
    }

    pub(super) fn unite(&mut self, other: &SlotSet) {
        self.0.iter_mut().zip(&other.0).for_each(|(a, b)| *a |= b);
    }
}

/// A region of a [`Haystack`] whose slot was re-indexed since.
const DEAD: u32 = u32::MAX;

/// Every slot's text in one contiguous buffer, each ending with [`FIELD_SEPARATOR`], so a query
/// word is found in all leads by one pass of a substring search instead of one search per lead
/// (no word contains the separator, so no match runs from one lead into the next).
///
/// A re-indexed slot gets a new region at the end; the old one is marked dead and the buffer is
/// compacted once dead text outweighs the live text.
#[derive(Clone, Debug, Default)]
pub(super) struct Haystack {
    text: String,
    /// `(start, slot)` of each region, in buffer order; the region ends where the next starts.
    regions: Vec<(u32, u32)>,
    /// Per slot, the index of its live region.
    live: Vec<u32>,
    dead_bytes: usize,
    /// How often each byte occurs in `text` (dead regions included: only a search heuristic).
    byte_counts: Vec<u32>,
}

/// Ranks bytes by how common they are in one haystack, for memmem's prefilter: its built-in
/// ranking is for English prose, so in lead names (where `a`, `i`, `r` and the lead bytes of
/// Persian letters abound) it skips along a byte that is everywhere, and a query can cost
/// three times another of the same length.
struct ByteRank<'a>(&'a [u32]);

impl memchr::arch::all::packedpair::HeuristicFrequencyRank for ByteRank<'_> {
    fn rank(&self, byte: u8) -> u8 {
        let max = self.0.iter().copied().max().unwrap_or(0).max(1) as u64;
        let count = self.0.get(usize::from(byte)).copied().unwrap_or(0) as u64;
        // The prefilter gives up above 250: keep every byte below, so the rarest is always used.
        (count * 250 / max) as u8
    }
}

impl Haystack {
    /// Appends the text of the next slot (slots are numbered from 0 in the order pushed).
    fn push(&mut self, text: &str) {
        let slot = self.live.len() as u32;
        self.live.push(self.regions.len() as u32);
        self.append(slot, text);
    }

    fn append(&mut self, slot: u32, text: &str) {
        if self.byte_counts.is_empty() {
            self.byte_counts = vec![0; 256];
        }
        for &b in text.as_bytes() {
            self.byte_counts[usize::from(b)] += 1;
        }
        self.regions.push((self.text.len() as u32, slot));
        self.text.push_str(text);
        self.text.push(FIELD_SEPARATOR);
    }

    /// A substring searcher for `needle`, tuned to this haystack's bytes.
    pub(super) fn finder<'n>(&self, needle: &'n str) -> memchr::memmem::Finder<'n> {
        memchr::memmem::FinderBuilder::new()
            .build_forward_with_ranker(ByteRank(&self.byte_counts), needle)
    }

    /// Replaces a slot's text.
    fn replace(&mut self, slot: usize, text: &str) {
        let old = self.live[slot] as usize;
        self.dead_bytes += self.region(old).len() + FIELD_SEPARATOR.len_utf8();
        self.regions[old].1 = DEAD;
        self.live[slot] = self.regions.len() as u32;
        self.append(slot as u32, text);
        if self.dead_bytes > self.text.len() / 2 {
            self.compact();
        }
    }

    fn compact(&mut self) {
        let old = std::mem::take(self);
        for slot in 0..old.live.len() {
            self.push(old.get(slot));
        }
    }

    /// The text of region `r`, its terminating separator left out.
    fn region(&self, r: usize) -> &str {
        let start = self.regions[r].0 as usize;
        let end = self
            .regions
            .get(r + 1)
            .map_or(self.text.len(), |&(next, _)| next as usize);
        &self.text[start..end - FIELD_SEPARATOR.len_utf8()]
    }

    /// A slot's text.
    pub(super) fn get(&self, slot: usize) -> &str {
        self.region(self.live[slot] as usize)
    }

    /// The region holding byte `at`, searched from region `from` on (galloping: the next hit is
    /// usually a few regions ahead, and a binary search over all regions would miss the cache).
    fn region_at(&self, from: usize, at: u32) -> usize {
        let (mut lo, mut step) = (from, 1);
        while lo + step < self.regions.len() && self.regions[lo + step].0 <= at {
            lo += step;
            step *= 2;
        }
        let hi = (lo + step).min(self.regions.len());
        lo + self.regions[lo..hi].partition_point(|&(start, _)| start <= at) - 1
    }

    /// The slots whose text contains `needle` (not empty), found in one pass over the buffer.
    pub(super) fn find(&self, needle: &str) -> SlotSet {
        let mut found = SlotSet::empty(self.live.len());
        let finder = self.finder(needle);
        let bytes = self.text.as_bytes();
        let (mut at, mut r) = (0, 0);
        while let Some(offset) = finder.find(&bytes[at..]) {
            r = self.region_at(r, (at + offset) as u32);
            let slot = self.regions[r].1;
            if slot != DEAD {
                found.insert(slot as usize);
            }
            // One hit per region is enough: go on from the next region.
            match self.regions.get(r + 1) {
                Some(&(next, _)) => at = next as usize,
                None => break,
            }
        }
        found
    }
}

/// The identity of a lead as indexed.
#[derive(Clone, Copy, Debug)]
struct Entry {
    id: LeadId,
    /// The lead's `updated_at` when indexed, to notice an entry gone stale.
    updated_at: Timestamp,
}

/// Pre-normalised search text per lead, built once and updated per changed lead, so a query at
/// 100,000 leads scans one flat buffer (see [`Haystack`]).
///
/// Entries are found by lead id, with the lead's position in the slice as a fast path, so the
/// index stays right however the caller orders its leads. A lead changed without [`upsert`]
/// (noticed by its `updated_at`) is still searched correctly, only more slowly.
///
/// [`upsert`]: SearchIndex::upsert
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    entries: Vec<Entry>,
    /// Name, company and e-mail per slot, normalised, separated by [`FIELD_SEPARATOR`].
    pub(super) text: Haystack,
    /// Phone digits per slot in their international and national spellings, separated likewise.
    pub(super) phone: Haystack,
    /// The number runs of `text` per slot (see [`push_number_runs`]): number words are looked
    /// for here, in a fifth of the bytes.
    pub(super) numbers: Haystack,
    slots: HashMap<LeadId, usize>,
    /// Changes with every rebuild or upsert, and differs between indexes built apart, so a
    /// [`LeadList`](super::LeadList) notices that the leads changed.
    pub(super) revision: u64,
}

/// A revision number no index had before.
fn next_revision() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, AtomicOrdering::Relaxed)
}

impl SearchIndex {
    /// The index of these leads (soft-deleted ones included, so undoing a delete needs no work).
    pub fn new(leads: &[Lead]) -> SearchIndex {
        let mut index = SearchIndex::default();
        index.rebuild(leads);
        index
    }

    /// Forgets everything and indexes these leads.
    pub fn rebuild(&mut self, leads: &[Lead]) {
        *self = SearchIndex {
            revision: next_revision(),
            ..SearchIndex::default()
        };
        self.entries.reserve(leads.len());
        self.slots.reserve(leads.len());
        let mut scratch = Default::default();
        for lead in leads {
            self.upsert_with(lead, &mut scratch);
        }
    }

    /// Indexes a new or changed lead.
    pub fn upsert(&mut self, lead: &Lead) {
        self.upsert_with(lead, &mut Default::default());
    }

    /// [`SearchIndex::upsert`] with scratch buffers for the lead's text, phone and number runs.
    fn upsert_with(&mut self, lead: &Lead, (text, phone, numbers): &mut (String, String, String)) {
        self.revision = next_revision();
        fill(text, phone, lead);
        numbers.clear();
        push_number_runs(numbers, text);
        let (text, phone, numbers) = (text.as_str(), phone.as_str(), numbers.as_str());
        let entry = Entry {
            id: lead.id,
            updated_at: lead.updated_at,
        };
        match self.slots.get(&lead.id) {
            Some(&slot) => {
                self.entries[slot] = entry;
                self.text.replace(slot, text);
                self.phone.replace(slot, phone);
                self.numbers.replace(slot, numbers);
            }
            None => {
                self.slots.insert(lead.id, self.entries.len());
                self.entries.push(entry);
                self.text.push(text);
                self.phone.push(phone);
                self.numbers.push(numbers);
            }
        }
    }

    /// How many leads are indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no lead is indexed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether the indexed lead with this id matches the query (`false` if it is not indexed).
    pub fn matches(&self, id: LeadId, query: &SearchQuery) -> bool {
        self.slots
            .get(&id)
            .is_some_and(|&slot| query.matches(self.text.get(slot), self.phone.get(slot)))
    }

    /// The slot of the up-to-date entry for the lead at `position`, if there is one.
    pub(super) fn slot_for(&self, lead: &Lead, position: usize) -> Option<usize> {
        let slot = match self.entries.get(position) {
            Some(entry) if entry.id == lead.id => position,
            _ => *self.slots.get(&lead.id)?,
        };
        (self.entries[slot].updated_at == lead.updated_at).then_some(slot)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::filters::query_leads;
    use super::super::query::{LeadQuery, SortKey};
    use super::super::test_leads::*;
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn upsert_reindexes_a_changed_lead_and_adds_a_new_one() {
        let mut leads = sample();
        let mut index = SearchIndex::new(&leads);
        leads[2].name = "Jane Doe".into();
        leads[2].updated_at += 1;
        index.upsert(&leads[2]);
        leads.push(lead(6, "Jane Roe"));
        index.upsert(&leads[5]);
        assert_eq!(index.len(), 6);
        let q = LeadQuery {
            text: "jane".into(),
            sort: SortKey::Name,
            descending: false,
            ..LeadQuery::default()
        };
        assert_eq!(names(&leads, &query_leads(&leads, &index, &q)), vec![3, 6]);
        assert!(index.matches(6, &SearchQuery::parse("roe")));
        assert!(!index.matches(3, &SearchQuery::parse("john")));
        assert!(!index.matches(99, &SearchQuery::parse("")));
    }

    #[test]
    fn a_stale_or_missing_entry_is_still_searched_correctly() {
        let mut leads = sample();
        let index = SearchIndex::new(&leads[..2]);
        leads[0].name = "Changed".into();
        leads[0].updated_at += 1;
        let q = LeadQuery {
            text: "changed".into(),
            ..LeadQuery::default()
        };
        assert_eq!(names(&leads, &query_leads(&leads, &index, &q)), vec![1]);
        let q = LeadQuery {
            text: "globex".into(),
            ..LeadQuery::default()
        };
        assert_eq!(names(&leads, &query_leads(&leads, &index, &q)), vec![3]);
    }

    #[test]
    fn a_hundred_thousand_leads_are_searched_quickly_enough_to_type() {
        let leads: Vec<Lead> = (0..100_000)
            .map(|i| Lead {
                company: format!("Company {}", i % 977),
                email: format!("user{i}@example.com"),
                phone: format!("+98 912 {:03} {:04}", i % 1000, i % 10_000),
                ..lead(i, &format!("Lead number {i}"))
            })
            .collect();
        let index = SearchIndex::new(&leads);
        let started = std::time::Instant::now();
        let q = LeadQuery {
            text: "company 97 lead 0912".into(),
            sort: SortKey::Name,
            ..LeadQuery::default()
        };
        let found = query_leads(&leads, &index, &q);
        assert!(!found.is_empty());
        let everything = LeadQuery {
            sort: SortKey::Name,
            ..LeadQuery::default()
        };
        assert_eq!(query_leads(&leads, &index, &everything).len(), 100_000);
        // Generous even for an unoptimised debug build; the point is "no pathology".
        assert!(
            started.elapsed().as_secs() < 5,
            "took {:?}",
            started.elapsed()
        );
    }

    #[test]
    fn repeated_edits_compact_the_index_and_keep_it_right() {
        let mut leads = sample();
        let mut index = SearchIndex::new(&leads);
        for round in 0..20 {
            leads[0].name = format!("Edited {round}");
            leads[0].updated_at += 1;
            index.upsert(&leads[0]);
        }
        assert!(index.text.text.len() < 400, "{}", index.text.text.len());
        let found = |text: &str| {
            let q = LeadQuery {
                text: text.into(),
                ..LeadQuery::default()
            };
            names(&leads, &query_leads(&leads, &index, &q))
        };
        assert_eq!(found("edited 19"), vec![1]);
        assert_eq!(found("edited 18"), Vec::<LeadId>::new());
        assert_eq!(found("acme"), vec![5, 1]);
        assert_eq!(found("0912 123"), vec![1]);
    }

    proptest! {
        #[test]
        fn a_stale_index_answers_like_a_fresh_one(
            leads in any_leads(), changed in any_leads(), q in any_query()
        ) {
            let index = SearchIndex::new(&leads);
            // Edits the index was not told about (their updated_at moves, as every save does).
            let mut current = leads.clone();
            for lead in changed {
                let lead = Lead { updated_at: 100, ..lead };
                match current.iter_mut().find(|l| l.id == lead.id) {
                    Some(slot) => *slot = lead,
                    None => current.push(lead),
                }
            }
            prop_assert_eq!(
                query_leads(&current, &index, &q),
                query_leads(&current, &SearchIndex::new(&current), &q)
            );
        }

        #[test]
        fn an_upserted_index_answers_like_a_fresh_one(
            leads in any_leads(), changed in any_leads(), q in any_query()
        ) {
            let mut index = SearchIndex::new(&leads);
            // Replace some leads (same ids) and add the rest, as edits and creations would.
            let mut current = leads.clone();
            for lead in changed {
                index.upsert(&lead);
                match current.iter_mut().find(|l| l.id == lead.id) {
                    Some(slot) => *slot = lead,
                    None => current.push(lead),
                }
            }
            prop_assert_eq!(
                query_leads(&current, &index, &q),
                query_leads(&current, &SearchIndex::new(&current), &q)
            );
        }
    }
}
