//! What the Leads table shows: which leads match the search box and filters, in which order.
//!
//! Kariz holds every lead in memory, and the table must answer each keystroke at 100,000 leads.
//! So the searchable text of each lead is normalised once into a [`SearchIndex`] (and again only
//! for a lead that changed), all of it in one buffer a query word is found in by one pass; and a
//! [`LeadList`] keeps each sort order and the previous result between the table's queries, so a
//! keystroke filters an already sorted list, or only the previous result when it narrows it.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};

use super::digits::normalize_digit;
use super::text_fold::fold_char;
use super::validation::normalize_phone;
use super::{JourneyStage, Lead, LeadId, LeadSource, Timestamp};

/// A column the table can be sorted by; creation date by default (the table opens newest first).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SortKey {
    Name,
    Company,
    Owner,
    Source,
    Stage,
    #[default]
    CreatedAt,
    UpdatedAt,
}

impl SortKey {
    /// Every sort key, in column order.
    pub const ALL: [SortKey; 7] = [
        SortKey::Name,
        SortKey::Company,
        SortKey::Owner,
        SortKey::Source,
        SortKey::Stage,
        SortKey::CreatedAt,
        SortKey::UpdatedAt,
    ];

    /// Stable snake_case key, for URLs and saved settings.
    pub fn key(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Company => "company",
            SortKey::Owner => "owner",
            SortKey::Source => "source",
            SortKey::Stage => "stage",
            SortKey::CreatedAt => "created_at",
            SortKey::UpdatedAt => "updated_at",
        }
    }

    /// The sort key with this key.
    pub fn from_key(key: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.key() == key)
    }

    /// The direction a column sorts in when first chosen: dates newest first, everything else A→Z
    /// (as clicking a column header does in most CRMs).
    pub fn starts_descending(self) -> bool {
        matches!(self, SortKey::CreatedAt | SortKey::UpdatedAt)
    }
}

/// The search box, the filters and the sort order of the Leads table.
#[derive(Clone, Debug, PartialEq)]
pub struct LeadQuery {
    /// Words that must all appear in the name, company, e-mail or phone (see [`SearchQuery`]).
    pub text: String,
    pub source: Option<LeadSource>,
    /// Exact owner, as listed by [`owners`]; `Some("")` picks leads without an owner.
    pub owner: Option<String>,
    pub stage: Option<JourneyStage>,
    pub sort: SortKey,
    pub descending: bool,
}

impl Default for LeadQuery {
    /// Everything, newest first.
    fn default() -> LeadQuery {
        LeadQuery {
            text: String::new(),
            source: None,
            owner: None,
            stage: None,
            sort: SortKey::default(),
            descending: true,
        }
    }
}

/// Search text in one comparable form: lower-case; Arabic letter forms folded into the Persian
/// ones people mean (ي ى→ی, ك→ک, ة ۀ→ه, أ إ ٱ→ا, ؤ→و), since Arabic and Persian keyboards type
/// different code points for the same letter; zero-width joiners, direction marks, tatweel and
/// diacritics (harakat) removed; Persian and Arabic-Indic digits made ASCII. `آ` stays: it is a
/// letter of its own in Persian.
pub fn normalize_for_search(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_normalized(&mut out, text);
    out
}

/// Appends the [`normalize_for_search`] form of `text` to `out`.
fn push_normalized(out: &mut String, text: &str) {
    for c in text.chars().filter_map(fold_char) {
        out.extend(c.to_lowercase());
    }
}

/// Separates fields in an index entry; [`fold_char`] drops control characters, so no query word
/// contains it and no word matches across two fields.
const FIELD_SEPARATOR: char = '\u{1}';

/// The search box, parsed once per query into normalised words.
///
/// Every term must match (AND). A term is a text word, matched as a substring of the lead's
/// normalised name, company or e-mail; or a run of adjacent number-like words (digits with
/// `+ - ( ) .`), matched either as a substring of the lead's phone digits, joined, or word by word
/// like text (so "0912 123" finds `+98 912 123 4567`, and "1404" still finds "Acme 1404").
///
/// Phones are matched on digits in two spellings: international (`989121234567`) and, for
/// Iranian numbers, national with the trunk zero (`09121234567`). So "0912 123", "912123",
/// "+98 912" and "0098912" all find `+98 912 123 4567`: a leading `+` or `00` is dropped from the
/// query, which then meets the international spelling; a leading `0` meets the national one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchQuery {
    terms: Vec<Term>,
}

#[derive(Clone, Debug, PartialEq)]
enum Term {
    Text(String),
    Number { words: Vec<String>, digits: String },
}

impl SearchQuery {
    /// The query typed in the search box.
    pub fn parse(text: &str) -> SearchQuery {
        let normalized = normalize_for_search(text);
        let mut terms: Vec<Term> = Vec::new();
        // A word of letters or symbols with no letter or digit in it (a lone "-") says nothing.
        let words = normalized
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric));
        for word in words {
            if !is_number_like(word) {
                terms.push(Term::Text(word.to_string()));
                continue;
            }
            if let Some(Term::Number { words, digits }) = terms.last_mut() {
                words.push(word.to_string());
                digits.extend(word.chars().filter(char::is_ascii_digit));
                continue;
            }
            let digits = word.chars().filter(char::is_ascii_digit).collect();
            terms.push(Term::Number {
                words: vec![word.to_string()],
                digits,
            });
        }
        for term in &mut terms {
            // "0098 912" is "+98 912" as dialled: drop the prefix to meet the international
            // spelling (a `+` never entered the digits). Country codes never start with 0, so
            // "000 1" is not such a prefix.
            if let Term::Number { digits, .. } = term {
                if let Some(rest) = digits
                    .strip_prefix("00")
                    .filter(|r| !r.is_empty() && !r.starts_with('0'))
                {
                    *digits = rest.to_string();
                }
            }
        }
        SearchQuery { terms }
    }

    /// Whether nothing searchable was typed (every lead matches).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether a lead with this normalised text and phone key matches every term.
    fn matches(&self, text: &str, phone: &str) -> bool {
        self.terms.iter().all(|term| term.matches(text, phone))
    }
}

fn is_number_like(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit())
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || "+-().".contains(c))
}

/// Writes a lead's searchable text and phone key into the (cleared) buffers.
fn fill(text: &mut String, phone: &mut String, lead: &Lead) {
    text.clear();
    phone.clear();
    push_normalized(text, &lead.name);
    text.push(FIELD_SEPARATOR);
    push_normalized(text, &lead.company);
    text.push(FIELD_SEPARATOR);
    push_normalized(text, &lead.email);
    push_phone_key(phone, &lead.phone);
}

/// Appends the runs of number-like characters (digits and `+ - ( ) .`) of normalised `text` that
/// hold a digit, each followed by [`FIELD_SEPARATOR`]. A number word (made of those characters
/// only) occurs in the text exactly when it occurs in one of these runs.
fn push_number_runs(out: &mut String, text: &str) {
    // By bytes, not chars: these characters are ASCII, and no byte of a longer UTF-8 character is.
    let is_number_byte =
        |b: &u8| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'(' | b')' | b'.');
    for run in text.as_bytes().split(|b| !is_number_byte(b)) {
        if run.iter().any(u8::is_ascii_digit) {
            out.push_str(std::str::from_utf8(run).unwrap_or_default());
            out.push(FIELD_SEPARATOR);
        }
    }
}

/// Appends a phone's digits as searched: international, then national for Iranian numbers.
fn push_phone_key(out: &mut String, phone: &str) {
    if phone.is_empty() {
        return;
    }
    // Stored phones are canonical; imported ones may not be, and are then searched as typed.
    let canonical = normalize_phone(phone);
    let source = canonical.as_deref().unwrap_or(phone);
    let start = out.len();
    out.extend(
        source
            .chars()
            .map(normalize_digit)
            .filter(char::is_ascii_digit),
    );
    if canonical.is_ok() && out[start..].starts_with("98") {
        let national = format!("{FIELD_SEPARATOR}0{}", &out[start + 2..]);
        out.push_str(&national);
    }
}

/// A set of index slots, one bit each.
#[derive(Clone, Debug)]
struct SlotSet(Vec<u64>);

impl SlotSet {
    fn empty(slots: usize) -> SlotSet {
        SlotSet(vec![0; slots.div_ceil(64)])
    }

    fn insert(&mut self, slot: usize) {
        self.0[slot / 64] |= 1 << (slot % 64);
    }

    fn contains(&self, slot: usize) -> bool {
        self.0
            .get(slot / 64)
            .is_some_and(|w| w & (1 << (slot % 64)) != 0)
    }

    fn intersect(&mut self, other: &SlotSet) {
        self.0.iter_mut().zip(&other.0).for_each(|(a, b)| *a &= b);
    }

    /// How many slots are in the set.
    fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Keeps the slots for which `keep` is true.
    fn retain(&mut self, mut keep: impl FnMut(usize) -> bool) {
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

    fn unite(&mut self, other: &SlotSet) {
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
struct Haystack {
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
    fn finder<'n>(&self, needle: &'n str) -> memchr::memmem::Finder<'n> {
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
    fn get(&self, slot: usize) -> &str {
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
    fn find(&self, needle: &str) -> SlotSet {
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

impl SearchQuery {
    /// Whether every lead matching `self` also matches `earlier`, judged from the terms alone
    /// (conservatively: `false` when unsure). Typing more of a word or adding a word narrows.
    fn narrows(&self, earlier: &SearchQuery) -> bool {
        earlier
            .terms
            .iter()
            .all(|old| self.terms.iter().any(|new| new.implies(old)))
    }

    /// The index slots matching every term, each term searched in one pass over all leads
    /// until fewer than `few` are left, which are then checked one by one.
    fn matching_slots(&self, index: &SearchIndex, few: usize) -> SlotSet {
        let mut all: Option<SlotSet> = None;
        for term in &self.terms {
            if let Some(all) = all.as_mut().filter(|all| all.len() < few) {
                // Few leads left: check them one by one rather than scanning everyone again.
                term.retain_matching(index, all);
                continue;
            }
            let found = match term {
                Term::Text(word) => index.text.find(word),
                Term::Number { words, digits } => {
                    let mut by_words = index.numbers.find(&words[0]);
                    for word in &words[1..] {
                        if by_words.len() < few {
                            Term::Text(word.clone()).retain_matching(index, &mut by_words);
                        } else {
                            by_words.intersect(&index.numbers.find(word));
                        }
                    }
                    by_words.unite(&index.phone.find(digits));
                    by_words
                }
            };
            match &mut all {
                Some(all) => all.intersect(&found),
                None => all = Some(found),
            }
        }
        all.unwrap_or_else(|| SlotSet(vec![u64::MAX; index.len().div_ceil(64)]))
    }
}

impl Term {
    /// Keeps the slots that match the term, checked one by one with one searcher per word built
    /// up front (`str::contains` would set one up per lead). A number word is looked for in the
    /// slot's number runs only, which finds it exactly where its text would.
    fn retain_matching(&self, index: &SearchIndex, slots: &mut SlotSet) {
        fn within<'a>(hay: &'a Haystack, word: &'a str) -> impl Fn(usize) -> bool + 'a {
            let finder = hay.finder(word);
            move |slot| finder.find(hay.get(slot).as_bytes()).is_some()
        }
        match self {
            Term::Text(word) => slots.retain(within(&index.text, word)),
            Term::Number { words, digits } => {
                let in_phone = within(&index.phone, digits);
                let in_numbers: Vec<_> = words.iter().map(|w| within(&index.numbers, w)).collect();
                slots.retain(|slot| {
                    (!digits.is_empty() && in_phone(slot))
                        || in_numbers.iter().all(|found| found(slot))
                });
            }
        }
    }

    /// Whether a lead with this normalised text and phone key matches the term.
    fn matches(&self, text: &str, phone: &str) -> bool {
        match self {
            Term::Text(word) => text.contains(word.as_str()),
            Term::Number { words, digits } => {
                (!digits.is_empty() && phone.contains(digits.as_str()))
                    || words.iter().all(|w| text.contains(w.as_str()))
            }
        }
    }

    /// Whether a lead matching `self` surely matches `old`.
    fn implies(&self, old: &Term) -> bool {
        let words_within = |olds: &[String], news: &[&str]| {
            olds.iter()
                .all(|o| news.iter().any(|n| n.contains(o.as_str())))
        };
        match (self, old) {
            (Term::Text(new), Term::Text(old)) => new.contains(old.as_str()),
            (Term::Text(new), Term::Number { words, .. }) => words_within(words, &[new]),
            (
                Term::Number {
                    words: nw,
                    digits: nd,
                },
                Term::Number {
                    words: ow,
                    digits: od,
                },
            ) => {
                let news: Vec<&str> = nw.iter().map(String::as_str).collect();
                nd.contains(od.as_str()) && words_within(ow, &news)
            }
            (Term::Number { .. }, Term::Text(_)) => false,
        }
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
    text: Haystack,
    /// Phone digits per slot in their international and national spellings, separated likewise.
    phone: Haystack,
    /// The number runs of `text` per slot (see [`push_number_runs`]): number words are looked
    /// for here, in a fifth of the bytes.
    numbers: Haystack,
    slots: HashMap<LeadId, usize>,
    /// Changes with every rebuild or upsert, and differs between indexes built apart, so a
    /// [`LeadList`] notices that the leads changed.
    revision: u64,
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
    fn slot_for(&self, lead: &Lead, position: usize) -> Option<usize> {
        let slot = match self.entries.get(position) {
            Some(entry) if entry.id == lead.id => position,
            _ => *self.slots.get(&lead.id)?,
        };
        (self.entries[slot].updated_at == lead.updated_at).then_some(slot)
    }
}

/// Whether a lead passes the table's filters (deleted leads never do).
fn passes_filters(lead: &Lead, q: &LeadQuery) -> bool {
    !(lead.is_deleted()
        || q.source.is_some_and(|s| lead.source != s)
        || q.stage.is_some_and(|s| lead.journey_stage != s)
        || q.owner.as_deref().is_some_and(|o| lead.owner != o))
}

/// The `candidates` (positions in `leads`, kept in their order) that pass the filters and the
/// search. With `hits` (the slots matching the search, found in one pass), a lead's match is a
/// bit test; without, its indexed text is searched.
fn select(
    leads: &[Lead],
    index: &SearchIndex,
    search: &SearchQuery,
    q: &LeadQuery,
    candidates: impl Iterator<Item = usize>,
    hits: Option<&SlotSet>,
) -> Vec<usize> {
    // Buffers for leads the index does not know in their current form; reused, not per lead.
    let (mut text, mut phone) = (String::new(), String::new());
    candidates
        .filter(|&i| {
            let lead = &leads[i];
            if !passes_filters(lead, q) {
                return false;
            }
            if search.is_empty() {
                return true;
            }
            match index.slot_for(lead, i) {
                Some(slot) => match hits {
                    Some(hits) => hits.contains(slot),
                    None => search.matches(index.text.get(slot), index.phone.get(slot)),
                },
                None => {
                    fill(&mut text, &mut phone, lead);
                    search.matches(&text, &phone)
                }
            }
        })
        .collect()
}

/// The positions in `leads` the table shows for this query: soft-deleted leads left out, search
/// and filters applied, sorted.
///
/// Sorting is case-insensitive and Persian-aware for text columns (Persian alphabet order, so
/// پ follows ب rather than landing after ی), with empty values last in either direction; source
/// and stage sort in their declared order (the order the filters list them); ties are broken by
/// id. Descending reverses everything but the empty-values-last rule.
///
/// This answers one query from scratch; [`LeadList`] answers the table's successive queries
/// faster, with exactly the same results.
pub fn query_leads(leads: &[Lead], index: &SearchIndex, q: &LeadQuery) -> Vec<usize> {
    let search = SearchQuery::parse(&q.text);
    let mut positions = select(leads, index, &search, q, 0..leads.len(), None);
    sort_positions(leads, index, &mut positions, q.sort, q.descending);
    positions
}

/// Sorts positions in `leads` into the table's order (see [`query_leads`]).
fn sort_positions(
    leads: &[Lead],
    index: &SearchIndex,
    positions: &mut Vec<usize>,
    sort: SortKey,
    descending: bool,
) {
    let Some(segment) = index_segment(sort) else {
        crate::domain::sort::sort_positions_by(positions, &mut |i, j| {
            compare_leads(&leads[i], &leads[j], sort, descending)
        });
        return;
    };
    // Name and company sort keys come from the index, already folded and lower-cased, so
    // comparisons only rank characters; a lead the index does not know gets its key made.
    let mut keyed: Vec<(Cow<str>, usize)> = positions
        .iter()
        .map(|&i| {
            let lead = &leads[i];
            let key = match index.slot_for(lead, i) {
                Some(slot) => Cow::Borrowed(
                    index
                        .text
                        .get(slot)
                        .split(FIELD_SEPARATOR)
                        .nth(segment)
                        .unwrap_or_default(),
                ),
                None => Cow::Owned(normalize_for_search(sort_text(lead, sort).unwrap_or(""))),
            };
            (key, i)
        })
        .collect();
    crate::domain::sort::sort_by(&mut keyed, |(ka, i), (kb, j)| {
        order_by_text(
            (
                ka.chars().map(collation_rank),
                ka.chars().all(char::is_whitespace),
                leads[*i].id,
            ),
            (
                kb.chars().map(collation_rank),
                kb.chars().all(char::is_whitespace),
                leads[*j].id,
            ),
            descending,
        )
    });
    positions.clear();
    positions.extend(keyed.into_iter().map(|(_, i)| i));
}

/// Below this share of the leads (1/n), a narrowed query searches each remaining lead's text
/// rather than scanning the whole index once.
const SCAN_WHEN_ABOVE_ONE_IN: usize = 16;

/// The Leads table's successive queries, answered fast at 100,000 leads with exactly the results
/// of [`query_leads`]:
///
/// - each sort order of the leads not deleted is computed once and kept, so a query only filters
///   a sorted list and never sorts (the default newest-first order included);
/// - a query that can only narrow the previous one (more of a word typed, a word added, a filter
///   set where there was none, same order) filters the previous result instead of every lead;
/// - a search word is found in every lead by one pass over the index's contiguous text, and a
///   lead's match is then one bit, so a query touches the leads themselves only for filters.
///
/// What is kept belongs to one state of the leads: it is dropped when the index changes (every
/// [`SearchIndex::upsert`] or rebuild) or the number of leads does. So leads must change only
/// together with their index, as [`LeadBook`](super::LeadBook) does; if the index is found stale
/// for some lead, every query is answered by [`query_leads`] until it changes.
#[derive(Clone, Debug, Default)]
pub struct LeadList {
    revision: u64,
    lead_count: usize,
    /// Per position in `leads`, its index slot; empty if some lead has no up-to-date entry.
    slot_of: Vec<u32>,
    /// The positions of the leads not deleted, sorted, per (sort key, descending).
    orders: Vec<((SortKey, bool), Vec<u32>)>,
    /// The previous query, its parsed search and its result.
    last: Option<(LeadQuery, SearchQuery, Vec<usize>)>,
    /// Overrides [`SCAN_WHEN_ABOVE_ONE_IN`] (tests force either path).
    scan_above: Option<usize>,
}

impl LeadList {
    /// What [`query_leads`] returns for this query.
    pub fn query(&mut self, leads: &[Lead], index: &SearchIndex, q: &LeadQuery) -> Vec<usize> {
        if self.revision != index.revision || self.lead_count != leads.len() || self.revision == 0 {
            self.prepare(leads, index);
        }
        if self.slot_of.len() != leads.len() {
            return query_leads(leads, index, q);
        }
        let search = SearchQuery::parse(&q.text);
        let last = self.last.take();
        let narrowed = last
            .as_ref()
            .filter(|(lq, ls, _)| narrows(q, lq) && search.narrows(ls))
            .map(|(_, _, result)| result.as_slice());
        let scan_above = self
            .scan_above
            .unwrap_or(leads.len() / SCAN_WHEN_ABOVE_ONE_IN);
        let order = match narrowed {
            Some(_) => None,
            None => Some(self.order(leads, index, q.sort, q.descending)),
        };
        let candidates: Box<dyn Iterator<Item = usize> + '_> = match (narrowed, order) {
            (Some(result), _) => Box::new(result.iter().copied()),
            (None, order) => Box::new(
                self.orders[order.unwrap_or_default()]
                    .1
                    .iter()
                    .map(|&i| i as usize),
            ),
        };
        let candidate_count = narrowed.map_or(usize::MAX, <[usize]>::len);
        let hits = (!search.is_empty() && candidate_count > scan_above)
            .then(|| search.matching_slots(index, scan_above));
        let filtered = q.source.is_some() || q.stage.is_some() || q.owner.is_some();
        let slot_of = &self.slot_of;
        let result: Vec<usize> = candidates
            .filter(|&i| {
                if filtered && !passes_filters(&leads[i], q) {
                    return false;
                }
                let slot = slot_of[i] as usize;
                match &hits {
                    _ if search.is_empty() => true,
                    Some(hits) => hits.contains(slot),
                    None => search.matches(index.text.get(slot), index.phone.get(slot)),
                }
            })
            .collect();
        self.last = Some((q.clone(), search, result.clone()));
        result
    }

    /// Forgets what belonged to the previous state of the leads and maps positions to slots.
    fn prepare(&mut self, leads: &[Lead], index: &SearchIndex) {
        let slot_of: Option<Vec<u32>> = leads
            .iter()
            .enumerate()
            .map(|(i, lead)| index.slot_for(lead, i).map(|slot| slot as u32))
            .collect();
        *self = LeadList {
            revision: index.revision,
            lead_count: leads.len(),
            slot_of: slot_of.unwrap_or_default(),
            scan_above: self.scan_above,
            ..LeadList::default()
        };
    }

    /// Where in `orders` the positions of the leads not deleted are, in this order (computed on
    /// first use, then kept).
    fn order(
        &mut self,
        leads: &[Lead],
        index: &SearchIndex,
        sort: SortKey,
        descending: bool,
    ) -> usize {
        let key = (sort, descending);
        if let Some(at) = self.orders.iter().position(|(k, _)| *k == key) {
            return at;
        }
        let mut open: Vec<usize> = (0..leads.len())
            .filter(|&i| !leads[i].is_deleted())
            .collect();
        sort_positions(leads, index, &mut open, sort, descending);
        self.orders
            .push((key, open.into_iter().map(|i| i as u32).collect()));
        self.orders.len() - 1
    }
}

/// Whether query `q` keeps the order of `earlier` and only narrows its filters.
fn narrows(q: &LeadQuery, earlier: &LeadQuery) -> bool {
    q.sort == earlier.sort
        && q.descending == earlier.descending
        && (earlier.source.is_none() || earlier.source == q.source)
        && (earlier.stage.is_none() || earlier.stage == q.stage)
        && (earlier.owner.is_none() || earlier.owner == q.owner)
}

/// Which field of an index entry holds the sort key for `sort`, if it is there.
fn index_segment(sort: SortKey) -> Option<usize> {
    match sort {
        SortKey::Name => Some(0),
        SortKey::Company => Some(1),
        _ => None,
    }
}

/// The table's order between two leads (see [`query_leads`]): the definition the fast path for
/// name and company must agree with.
fn compare_leads(a: &Lead, b: &Lead, sort: SortKey, descending: bool) -> Ordering {
    if let (Some(ta), Some(tb)) = (sort_text(a, sort), sort_text(b, sort)) {
        return order_by_text(
            (collation_ranks(ta), is_blank(ta), a.id),
            (collation_ranks(tb), is_blank(tb), b.id),
            descending,
        );
    }
    let by_key = match sort {
        SortKey::Source => (a.source as u8).cmp(&(b.source as u8)),
        SortKey::Stage => (a.journey_stage as u8).cmp(&(b.journey_stage as u8)),
        SortKey::CreatedAt => a.created_at.cmp(&b.created_at),
        _ => a.updated_at.cmp(&b.updated_at),
    };
    directed(by_key.then(a.id.cmp(&b.id)), descending)
}

/// Text order: blanks last whatever the direction, then collation ranks, then id.
fn order_by_text(
    (ranks_a, blank_a, id_a): (impl Iterator<Item = u32>, bool, LeadId),
    (ranks_b, blank_b, id_b): (impl Iterator<Item = u32>, bool, LeadId),
    descending: bool,
) -> Ordering {
    blank_a
        .cmp(&blank_b)
        .then_with(|| directed(ranks_a.cmp(ranks_b).then(id_a.cmp(&id_b)), descending))
}

fn directed(order: Ordering, descending: bool) -> Ordering {
    if descending {
        order.reverse()
    } else {
        order
    }
}

/// The text a text column sorts by; `None` for the other columns.
fn sort_text(lead: &Lead, sort: SortKey) -> Option<&str> {
    match sort {
        SortKey::Name => Some(&lead.name),
        SortKey::Company => Some(&lead.company),
        SortKey::Owner => Some(&lead.owner),
        _ => None,
    }
}

/// Whether text is empty once folded (spaces, direction marks and the like only).
fn is_blank(text: &str) -> bool {
    text.chars().filter_map(fold_char).all(char::is_whitespace)
}

/// The Persian alphabet in dictionary order.
const PERSIAN_ALPHABET: [char; 33] = [
    'آ', 'ا', 'ب', 'پ', 'ت', 'ث', 'ج', 'چ', 'ح', 'خ', 'د', 'ذ', 'ر', 'ز', 'ژ', 'س', 'ش', 'ص', 'ض',
    'ط', 'ظ', 'ع', 'غ', 'ف', 'ق', 'ک', 'گ', 'ل', 'م', 'ن', 'و', 'ه', 'ی',
];

/// Where a (folded, lower-cased) character sorts: Persian letters after every other character,
/// in alphabet order; everything else by code point.
fn collation_rank(c: char) -> u32 {
    // Most characters are not Persian letters; skip the alphabet scan for them.
    if !('\u{0622}'..='\u{06CC}').contains(&c) {
        return c as u32;
    }
    match PERSIAN_ALPHABET.iter().position(|&p| p == c) {
        Some(i) => 0x11_0000 + i as u32,
        None => c as u32,
    }
}

/// Case-insensitive, Persian-aware text order, without allocating; exact text breaks ties so the
/// order is total.
pub fn collate(a: &str, b: &str) -> Ordering {
    collation_ranks(a)
        .cmp(collation_ranks(b))
        .then_with(|| a.cmp(b))
}

fn collation_ranks(text: &str) -> impl Iterator<Item = u32> + '_ {
    text.chars().flat_map(|c| {
        // Visible ASCII needs no folding and lower-cases to one character: the common case.
        let (ascii, other) = if c.is_ascii_graphic() || c == ' ' {
            (Some(c.to_ascii_lowercase() as u32), None)
        } else {
            (
                None,
                fold_char(c).map(|c| c.to_lowercase().map(collation_rank)),
            )
        };
        ascii.into_iter().chain(other.into_iter().flatten())
    })
}

/// Distinct owners of the leads not deleted, sorted, for the owner filter (leads without an
/// owner are left out; the filter offers them as `Some("")`).
pub fn owners(leads: &[Lead]) -> Vec<String> {
    let mut owners: Vec<&str> = leads
        .iter()
        .filter(|l| !l.is_deleted() && !is_blank(&l.owner))
        .map(|l| l.owner.as_str())
        .collect();
    crate::domain::sort::sort_by(&mut owners, |a, b| collate(a, b));
    owners.dedup();
    owners.into_iter().map(str::to_string).collect()
}

// Native only: proptest does not build for wasm32 (see Cargo.toml).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn text_columns_start_a_to_z_and_dates_newest_first() {
        assert!(!SortKey::Name.starts_descending());
        assert!(!SortKey::Company.starts_descending());
        assert!(SortKey::CreatedAt.starts_descending());
        assert_eq!(
            LeadQuery::default().descending,
            LeadQuery::default().sort.starts_descending()
        );
    }

    fn lead(id: LeadId, name: &str) -> Lead {
        Lead {
            name: name.to_string(),
            created_at: id as Timestamp * 1_000,
            updated_at: id as Timestamp * 1_000,
            ..crate::domain::test_support::lead(id)
        }
    }

    fn sample() -> Vec<Lead> {
        vec![
            Lead {
                company: "Acme Trading".into(),
                email: "sara@acme.ir".into(),
                phone: "+98 912 123 4567".into(),
                owner: "Reza".into(),
                source: LeadSource::Referral,
                ..lead(1, "Sara Ahmadi")
            },
            Lead {
                company: "شركة كيان".into(), // typed on an Arabic keyboard: ك and ة
                phone: "+98 21 8888 1234".into(),
                owner: "Mina".into(),
                journey_stage: JourneyStage::Decision,
                ..lead(2, "علي‌رضا كريمي")
            },
            Lead {
                company: "Globex".into(),
                phone: "+15551234567".into(),
                owner: "Reza".into(),
                ..lead(3, "john smith")
            },
            Lead {
                deleted_at: Some(9),
                owner: "Zed".into(),
                ..lead(4, "Sara Deleted")
            },
            Lead {
                company: "acme".into(),
                ..lead(5, "Bob")
            },
        ]
    }

    fn names(leads: &[Lead], positions: &[usize]) -> Vec<LeadId> {
        positions.iter().map(|&i| leads[i].id).collect()
    }

    fn search(leads: &[Lead], text: &str) -> Vec<LeadId> {
        let q = LeadQuery {
            text: text.into(),
            sort: SortKey::Name,
            descending: false,
            ..LeadQuery::default()
        };
        names(leads, &query_leads(leads, &SearchIndex::new(leads), &q))
    }

    #[test]
    fn normalization_folds_case_arabic_letters_invisibles_and_digits() {
        assert_eq!(normalize_for_search("SARA"), "sara");
        assert_eq!(normalize_for_search("علي"), "علی");
        assert_eq!(normalize_for_search("كتاب"), "کتاب");
        assert_eq!(normalize_for_search("مدرسة"), "مدرسه");
        assert_eq!(normalize_for_search("مصطفى"), "مصطفی");
        assert_eq!(normalize_for_search("می‌خواهم"), "میخواهم");
        assert_eq!(normalize_for_search("محمّد"), "محمد");
        assert_eq!(normalize_for_search("مـــحمد"), "محمد");
        assert_eq!(normalize_for_search("۰۹۱۲ ٣٤٥"), "0912 345");
        assert_eq!(normalize_for_search("أحمد"), "احمد");
        assert_eq!(normalize_for_search("آرش"), "آرش");
    }

    #[test]
    fn empty_search_shows_every_lead_not_deleted() {
        assert_eq!(search(&sample(), "  "), vec![5, 3, 1, 2]);
    }

    #[test]
    fn search_matches_name_company_and_email_case_insensitively() {
        let leads = sample();
        assert_eq!(search(&leads, "sara"), vec![1]);
        assert_eq!(search(&leads, "ACME"), vec![5, 1]);
        assert_eq!(search(&leads, "acme.ir"), vec![1]);
        assert_eq!(search(&leads, "GLOBEX"), vec![3]);
        assert_eq!(search(&leads, "nobody"), Vec::<LeadId>::new());
    }

    #[test]
    fn every_word_must_match() {
        let leads = sample();
        assert_eq!(search(&leads, "sara acme"), vec![1]);
        assert_eq!(search(&leads, "sara globex"), Vec::<LeadId>::new());
        assert_eq!(search(&leads, "acme - trading"), vec![1]);
    }

    #[test]
    fn words_do_not_match_across_fields() {
        let leads = vec![Lead {
            company: "mith".into(),
            ..lead(1, "Jo S")
        }];
        assert_eq!(search(&leads, "smith"), Vec::<LeadId>::new());
    }

    #[test]
    fn persian_search_ignores_arabic_keyboard_forms_and_zwnj() {
        let leads = sample();
        assert_eq!(search(&leads, "علیرضا"), vec![2]);
        assert_eq!(search(&leads, "کریمی"), vec![2]);
        assert_eq!(search(&leads, "شرکه کیان"), vec![2]);
    }

    #[test]
    fn phone_search_on_digits_in_any_spelling() {
        let leads = sample();
        for text in [
            "0912 123",
            "0912-123-45",
            "912123",
            "+98 912",
            "0098 912 123",
            "۰۹۱۲ ۱۲۳",
            "2 123 45",
        ] {
            assert_eq!(search(&leads, text), vec![1], "{text}");
        }
        assert_eq!(search(&leads, "021 8888"), vec![2]);
        assert_eq!(search(&leads, "+1 555 123"), vec![3]);
        assert_eq!(search(&leads, "555 1234"), vec![3]);
        // The digits must be adjacent in the phone, not merely all present.
        assert_eq!(search(&leads, "0912 4567"), Vec::<LeadId>::new());
    }

    #[test]
    fn phone_words_combine_with_text_words() {
        let leads = sample();
        assert_eq!(search(&leads, "sara 0912"), vec![1]);
        assert_eq!(search(&leads, "john 0912"), Vec::<LeadId>::new());
    }

    #[test]
    fn numbers_also_match_text() {
        let leads = vec![Lead {
            company: "Studio 1404".into(),
            ..lead(1, "Ali")
        }];
        assert_eq!(search(&leads, "1404"), vec![1]);
        assert_eq!(search(&leads, "۱۴۰۴"), vec![1]);
    }

    #[test]
    fn imported_phones_that_are_not_canonical_are_still_found() {
        let leads = vec![Lead {
            phone: "0912 123 4567 (work)".into(),
            ..lead(1, "Ali")
        }];
        assert_eq!(search(&leads, "0912 123"), vec![1]);
    }

    #[test]
    fn filters_source_owner_stage() {
        let leads = sample();
        let index = SearchIndex::new(&leads);
        let run = |q: LeadQuery| {
            let q = LeadQuery {
                sort: SortKey::Name,
                descending: false,
                ..q
            };
            names(&leads, &query_leads(&leads, &index, &q))
        };
        assert_eq!(
            run(LeadQuery {
                source: Some(LeadSource::Referral),
                ..LeadQuery::default()
            }),
            vec![1]
        );
        assert_eq!(
            run(LeadQuery {
                owner: Some("Reza".into()),
                ..LeadQuery::default()
            }),
            vec![3, 1]
        );
        assert_eq!(
            run(LeadQuery {
                owner: Some(String::new()),
                ..LeadQuery::default()
            }),
            vec![5]
        );
        assert_eq!(
            run(LeadQuery {
                owner: Some("Zed".into()),
                ..LeadQuery::default()
            }),
            Vec::<LeadId>::new()
        );
        assert_eq!(
            run(LeadQuery {
                stage: Some(JourneyStage::Decision),
                ..LeadQuery::default()
            }),
            vec![2]
        );
        let q = LeadQuery {
            owner: Some("Reza".into()),
            text: "acme".into(),
            ..LeadQuery::default()
        };
        assert_eq!(run(q), vec![1]);
    }

    #[test]
    fn default_query_is_newest_first() {
        let leads = sample();
        let positions = query_leads(&leads, &SearchIndex::new(&leads), &LeadQuery::default());
        assert_eq!(names(&leads, &positions), vec![5, 3, 2, 1]);
    }

    #[test]
    fn sorting_is_case_insensitive_with_ties_by_id_and_blanks_last() {
        let leads = vec![
            Lead {
                company: "beta".into(),
                ..lead(1, "b")
            },
            Lead {
                company: "".into(),
                ..lead(2, "B")
            },
            Lead {
                company: "Alpha".into(),
                ..lead(3, "a")
            },
            Lead {
                company: "Beta".into(),
                ..lead(4, "A")
            },
        ];
        let index = SearchIndex::new(&leads);
        let run = |sort, descending| {
            let q = LeadQuery {
                sort,
                descending,
                ..LeadQuery::default()
            };
            names(&leads, &query_leads(&leads, &index, &q))
        };
        assert_eq!(run(SortKey::Company, false), vec![3, 1, 4, 2]);
        assert_eq!(run(SortKey::Company, true), vec![4, 1, 3, 2]);
        assert_eq!(run(SortKey::Name, false), vec![3, 4, 1, 2]);
        assert_eq!(run(SortKey::CreatedAt, false), vec![1, 2, 3, 4]);
        assert_eq!(run(SortKey::UpdatedAt, true), vec![4, 3, 2, 1]);
    }

    #[test]
    fn persian_names_sort_in_alphabet_order() {
        // Code-point order would put پ, چ, ژ and گ after ی.
        let leads: Vec<Lead> = [
            "گلی",
            "پرویز",
            "بهرام",
            "ژاله",
            "یاسمن",
            "كاوه",
            "آرش",
            "Zara",
        ]
        .iter()
        .enumerate()
        .map(|(i, n)| lead(i as LeadId + 1, n))
        .collect();
        let q = LeadQuery {
            sort: SortKey::Name,
            descending: false,
            ..LeadQuery::default()
        };
        let sorted: Vec<&str> = query_leads(&leads, &SearchIndex::new(&leads), &q)
            .iter()
            .map(|&i| leads[i].name.as_str())
            .collect();
        assert_eq!(
            sorted,
            vec![
                "Zara",
                "آرش",
                "بهرام",
                "پرویز",
                "ژاله",
                "كاوه",
                "گلی",
                "یاسمن"
            ]
        );
    }

    #[test]
    fn source_and_stage_sort_in_declared_order() {
        let leads = vec![
            Lead {
                source: LeadSource::Other,
                journey_stage: JourneyStage::Awareness,
                ..lead(1, "x")
            },
            Lead {
                source: LeadSource::WebForm,
                journey_stage: JourneyStage::Decision,
                ..lead(2, "y")
            },
            Lead {
                source: LeadSource::Referral,
                journey_stage: JourneyStage::Consideration,
                ..lead(3, "z")
            },
        ];
        let index = SearchIndex::new(&leads);
        let run = |sort| {
            let q = LeadQuery {
                sort,
                descending: false,
                ..LeadQuery::default()
            };
            names(&leads, &query_leads(&leads, &index, &q))
        };
        assert_eq!(run(SortKey::Source), vec![2, 3, 1]);
        assert_eq!(run(SortKey::Stage), vec![1, 3, 2]);
    }

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
    fn owners_are_distinct_sorted_and_skip_blanks_and_deleted() {
        assert_eq!(owners(&sample()), vec!["Mina", "Reza"]);
    }

    #[test]
    fn sort_keys_round_trip() {
        for key in SortKey::ALL {
            assert_eq!(SortKey::from_key(key.key()), Some(key));
        }
        assert_eq!(SortKey::CreatedAt.key(), "created_at");
        assert_eq!(SortKey::from_key("price"), None);
        assert_eq!(SortKey::default(), SortKey::CreatedAt);
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

    #[test]
    fn typing_more_narrows_and_deleting_does_not() {
        let narrows =
            |new: &str, old: &str| SearchQuery::parse(new).narrows(&SearchQuery::parse(old));
        assert!(narrows("kar", "ka"));
        assert!(narrows("kari", ""));
        assert!(narrows("sara acme", "sara"));
        assert!(narrows("acme sara", "sara"));
        assert!(narrows("0912 12", "0912 1"));
        assert!(narrows("a12", "12"));
        assert!(!narrows("ka", "kar"));
        assert!(!narrows("", "k"));
        assert!(!narrows("12", "a12"));
        // "00" is kept as typed but "009" loses its prefix: not a narrowing.
        assert!(!narrows("009", "00"));
    }

    #[test]
    fn the_lead_list_follows_typing_backspace_filters_and_edits() {
        let mut leads = sample();
        let mut index = SearchIndex::new(&leads);
        let mut list = LeadList::default();
        let mut check = |leads: &[Lead], index: &SearchIndex, q: LeadQuery| {
            assert_eq!(
                list.query(leads, index, &q),
                query_leads(leads, index, &q),
                "{q:?}"
            );
        };
        for text in [
            "s", "sa", "sar", "sara", "sar", "", "a", "ac", "acme", "acme t",
        ] {
            check(
                &leads,
                &index,
                LeadQuery {
                    text: text.into(),
                    ..LeadQuery::default()
                },
            );
        }
        let reza = LeadQuery {
            owner: Some("Reza".into()),
            text: "acme".into(),
            ..LeadQuery::default()
        };
        check(&leads, &index, reza.clone());
        leads[4].owner = "Reza".into();
        leads[4].updated_at += 1;
        index.upsert(&leads[4]);
        check(&leads, &index, reza);
        check(
            &leads,
            &index,
            LeadQuery {
                sort: SortKey::Name,
                descending: false,
                ..LeadQuery::default()
            },
        );
    }

    // --- Properties ---

    const WORDS: [&str; 10] = [
        "sara", "Sara", "علي", "علی", "acme", "ACME", "کیان", "كيان", "bob", "رضا",
    ];

    prop_compose! {
        fn any_lead(id: LeadId)(
            name in prop::sample::select(&WORDS[..]),
            last in prop::sample::select(&WORDS[..]),
            company in prop::sample::select(&WORDS[..]),
            mobile in 0u32..1000,
            owner in prop::sample::select(&["", "Reza", "Mina", "reza"][..]),
            source in prop::sample::select(&LeadSource::ALL[..]),
            stage in prop::sample::select(&JourneyStage::ALL[..]),
            deleted in prop::bool::weighted(0.2),
            updated in 0i64..5,
            email in prop::sample::select(&["", "sara.12@acme1.ir", "x(0912)-100@b.c", "+98.912@00.x", "1404 acme"][..]),
        ) -> Lead {
            Lead {
                company: company.to_string(),
                email: email.to_string(),
                phone: format!("+98 912 000 {mobile:04}"),
                owner: owner.to_string(),
                source,
                journey_stage: stage,
                deleted_at: deleted.then_some(1),
                updated_at: updated,
                ..lead(id, &format!("{name} {last}"))
            }
        }
    }

    fn any_leads() -> impl Strategy<Value = Vec<Lead>> {
        (0usize..40).prop_flat_map(|n| {
            (0..n)
                .map(|i| any_lead(i as LeadId + 1))
                .collect::<Vec<_>>()
        })
    }

    fn any_query() -> impl Strategy<Value = LeadQuery> {
        (
            prop::sample::select(
                &[
                    "",
                    "sara",
                    "ACME",
                    "علی",
                    "كيان",
                    "sara acme",
                    "000 1",
                    "0912 000",
                    "x",
                    "12",
                    "(0912) 1404",
                    ".12 00.",
                ][..],
            ),
            prop::option::of(prop::sample::select(&LeadSource::ALL[..])),
            prop::option::of(prop::sample::select(&["", "Reza", "Mina"][..])),
            prop::option::of(prop::sample::select(&JourneyStage::ALL[..])),
            prop::sample::select(&SortKey::ALL[..]),
            any::<bool>(),
        )
            .prop_map(|(text, source, owner, stage, sort, descending)| LeadQuery {
                text: text.to_string(),
                source,
                owner: owner.map(str::to_string),
                stage,
                sort,
                descending,
            })
    }

    /// One step of using the table: a query, or an edit saved through the index.
    #[derive(Clone, Debug)]
    enum Step {
        Query(LeadQuery),
        Edit(Box<Lead>),
    }

    /// Queries as typed: prefixes of a few texts, so many extend the previous one.
    fn any_typed_query() -> impl Strategy<Value = LeadQuery> {
        (
            prop::sample::select(
                &[
                    "sara acme",
                    "علی كيان",
                    "0912 000 1",
                    "00989",
                    "acme 12",
                    "x",
                    "12 100 acme",
                    "(0912)-10 0",
                ][..],
            ),
            0usize..12,
            any_query(),
        )
            .prop_map(|(typed, len, q)| LeadQuery {
                text: typed.chars().take(len).collect(),
                ..q
            })
    }

    fn any_steps() -> impl Strategy<Value = Vec<Step>> {
        prop::collection::vec(
            prop_oneof![
                6 => any_typed_query().prop_map(Step::Query),
                2 => any_query().prop_map(Step::Query),
                1 => (1u64..45).prop_flat_map(any_lead).prop_map(|l| Step::Edit(Box::new(l))),
            ],
            1..25,
        )
    }

    /// The query's meaning, written out slowly and independently of the index.
    fn naive_matches(lead: &Lead, q: &LeadQuery) -> bool {
        let fields = [&lead.name, &lead.company, &lead.email].map(|f| normalize_for_search(f));
        let phone_digits: String = lead.phone.chars().filter(char::is_ascii_digit).collect();
        let national = format!("0{}", &phone_digits[2..]);
        let text = normalize_for_search(&q.text);
        let is_numeric = |w: &str| {
            w.chars().any(|c| c.is_ascii_digit())
                && w.chars().all(|c| c.is_ascii_digit() || "+-().".contains(c))
        };
        let all_numeric = !text.trim().is_empty() && text.split_whitespace().all(is_numeric);
        let joined: String = text.chars().filter(char::is_ascii_digit).collect();
        let joined = match joined.strip_prefix("00") {
            Some(rest) if !rest.is_empty() && !rest.starts_with('0') => rest.to_string(),
            _ => joined,
        };
        let words_match = text
            .split_whitespace()
            .all(|w| fields.iter().any(|f| f.contains(w)));
        let phone_match =
            all_numeric && (phone_digits.contains(&joined) || national.contains(&joined));
        !lead.is_deleted()
            && q.source.is_none_or(|s| lead.source == s)
            && q.stage.is_none_or(|s| lead.journey_stage == s)
            && q.owner.as_deref().is_none_or(|o| lead.owner == o)
            && (words_match || phone_match)
    }

    proptest! {
        #[test]
        fn results_are_exactly_the_matching_leads_in_sorted_order(leads in any_leads(), q in any_query()) {
            let found = query_leads(&leads, &SearchIndex::new(&leads), &q);
            let expected: Vec<usize> = (0..leads.len()).filter(|&i| naive_matches(&leads[i], &q)).collect();
            let mut found_sorted = found.clone();
            found_sorted.sort();
            prop_assert_eq!(found_sorted, expected);
            for pair in found.windows(2) {
                let order = compare_leads(&leads[pair[0]], &leads[pair[1]], q.sort, q.descending);
                prop_assert_eq!(order, Ordering::Less);
            }
        }

        #[test]
        fn the_lead_list_answers_like_a_fresh_query(
            leads in any_leads(),
            steps in any_steps(),
            scan_above in prop::option::of(prop::sample::select(&[0usize, 3, 12, usize::MAX][..])),
        ) {
            let mut current = leads;
            let mut index = SearchIndex::new(&current);
            let mut list = LeadList { scan_above, ..LeadList::default() };
            for step in steps {
                match step {
                    Step::Query(q) => {
                        let expected = query_leads(&current, &SearchIndex::new(&current), &q);
                        prop_assert_eq!(list.query(&current, &index, &q), expected, "{:?}", q);
                    }
                    Step::Edit(lead) => {
                        let lead = Lead { updated_at: lead.updated_at + 10, ..*lead };
                        index.upsert(&lead);
                        match current.iter_mut().find(|l| l.id == lead.id) {
                            Some(slot) => *slot = lead,
                            None => current.push(lead),
                        }
                    }
                }
            }
        }

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
