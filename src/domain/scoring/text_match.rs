//! Matching a lead's typed text (industry, city, country) against the model's values without
//! allocating: both sides are folded the same way, character by character, and hashed.

use crate::domain::text::text_fold::fold_char;

use super::model::{Points, ValuePoints};

/// The characters of `text` in comparable form: lower-case; Arabic letter forms folded into the
/// Persian ones (ي ى→ی, ك→ک, ة ۀ→ه, أ إ ٱ→ا, ؤ→و); zero-width joiners, direction marks, tatweel
/// and harakat dropped; digits ASCII; whitespace trimmed and runs of it made one space.
pub fn folded(text: &str) -> Folded<'_> {
    Folded {
        chars: text.chars(),
        pending_space: false,
        started: false,
        queued: [None, None],
    }
}

/// [`folded`] collected, for building tables and comparing in validation.
pub fn fold_value(text: &str) -> String {
    folded(text).collect()
}

/// One character folded (before lower-casing), or `None` if it should be ignored.
#[inline]
fn fold(c: char) -> Option<char> {
    if c.is_ascii() {
        return match c {
            ' ' | '\t' | '\n' | '\r' | '\x0B' | '\x0C' => Some(' '),
            c if c.is_ascii_control() => None,
            c => Some(c.to_ascii_lowercase()),
        };
    }
    fold_char(c)
}

/// The iterator of [`folded`]: hand-rolled rather than chained adapters, because it runs for
/// three fields of every lead on every score.
pub struct Folded<'a> {
    chars: std::str::Chars<'a>,
    /// A space seen after text; written only if more text follows (trims the end).
    pending_space: bool,
    /// Text seen; spaces before it are dropped (trims the start).
    started: bool,
    /// Characters owed: the rest of a multi-character lower case, after a pending space.
    queued: [Option<char>; 2],
}

impl Iterator for Folded<'_> {
    type Item = char;

    #[inline]
    fn next(&mut self) -> Option<char> {
        if let Some(c) = self.queued[0].take() {
            self.queued = [self.queued[1].take(), None];
            return Some(c);
        }
        loop {
            let Some(c) = fold(self.chars.next()?) else {
                continue;
            };
            if c == ' ' {
                self.pending_space = self.started;
                continue;
            }
            let (first, rest) = if c.is_ascii() || ('\u{0600}'..='\u{06FF}').contains(&c) {
                (c, None)
            } else {
                let mut lower = c.to_lowercase();
                (lower.next().unwrap_or(c), lower.next())
            };
            self.started = true;
            if std::mem::take(&mut self.pending_space) {
                self.queued = [Some(first), rest];
                return Some(' ');
            }
            self.queued[0] = rest;
            return Some(first);
        }
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// FNV-1a over characters: the reference [`folded_hash`] is tested against.
#[cfg(all(test, not(target_arch = "wasm32")))]
fn hash(chars: impl Iterator<Item = char>) -> u64 {
    chars.fold(FNV_OFFSET, |h, c| (h ^ c as u64).wrapping_mul(FNV_PRIME))
}

/// A text value folded and hashed: what a [`ValueTable`] compares. Computing it is most of the
/// cost of a lookup, so a lead's keys are made once per edit ([`TextKey::of`]) and reused by every
/// score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TextKey {
    hash: u64,
    /// Folded length in characters (0: nothing to match).
    len: u32,
}

impl TextKey {
    pub fn of(text: &str) -> TextKey {
        let (hash, len) = folded_hash(text);
        TextKey { hash, len }
    }
}

/// `hash(folded(text))` and the folded length in characters, in one tight pass: ASCII is folded
/// inline, other characters go through [`Folded`]'s rules. Equal to the iterator form (tested).
fn folded_hash(text: &str) -> (u64, u32) {
    let mut pending_space = false;
    let mut started = false;
    let push = |h: &mut (u64, u32), c: char, pending_space: &mut bool, started: &mut bool| {
        if c == ' ' {
            *pending_space = *started;
            return;
        }
        if std::mem::take(pending_space) {
            *h = ((h.0 ^ ' ' as u64).wrapping_mul(FNV_PRIME), h.1 + 1);
        }
        *started = true;
        *h = ((h.0 ^ c as u64).wrapping_mul(FNV_PRIME), h.1 + 1);
    };
    let mut state = (FNV_OFFSET, 0u32);
    for c in text.chars() {
        if c.is_ascii() {
            let b = c as u8;
            let c = match b {
                b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => ' ',
                _ if b.is_ascii_control() => continue,
                _ => b.to_ascii_lowercase() as char,
            };
            push(&mut state, c, &mut pending_space, &mut started);
        } else {
            let Some(c) = fold(c) else { continue };
            if c.is_ascii() || ('\u{0600}'..='\u{06FF}').contains(&c) {
                push(&mut state, c, &mut pending_space, &mut started);
            } else {
                for c in c.to_lowercase() {
                    push(&mut state, c, &mut pending_space, &mut started);
                }
            }
        }
    }
    state
}

/// The model's values for one criterion, folded and hashed once.
///
/// A lead's value matches an entry when its folded form has the same 64-bit FNV-1a hash and the
/// same length. Comparing the text as well would double the cost of every match, for a false match
/// that needs a collision of both, about one chance in 10^19 per comparison.
#[derive(Clone, Debug, Default)]
pub struct ValueTable {
    /// Open addressing on the key's hash, which is already well mixed: a power-of-two number of
    /// slots, at most half full, probed in order. A slot whose key has length 0 is free (no value
    /// that folds to nothing is stored). Empty when there are no values.
    slots: Box<[(TextKey, u32, Points)]>,
}

impl ValueTable {
    /// The table for these rows; on a value repeated (in any spelling) the first row wins.
    pub fn new(rows: &[ValuePoints]) -> ValueTable {
        let mut entries: Vec<(TextKey, u32, Points)> = Vec::new();
        for (row, r) in rows.iter().enumerate() {
            for value in &r.values {
                let key = TextKey::of(value);
                if key.len > 0 && !entries.iter().any(|e| e.0 == key) {
                    entries.push((key, row as u32, r.points));
                }
            }
        }
        if entries.is_empty() {
            return ValueTable::default();
        }
        let free = (TextKey { hash: 0, len: 0 }, 0, 0);
        let mut slots = vec![free; (entries.len() * 2).next_power_of_two()];
        let mask = slots.len() - 1;
        for entry in entries {
            let mut i = entry.0.hash as usize & mask;
            while slots[i].0.len != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = entry;
        }
        ValueTable {
            slots: slots.into_boxed_slice(),
        }
    }

    /// The row matching `text` and its points. Allocation-free.
    pub fn lookup(&self, text: &str) -> Option<(usize, Points)> {
        if self.slots.is_empty() {
            return None;
        }
        self.lookup_key(TextKey::of(text))
    }

    /// The row matching a text whose key is `key` ([`TextKey::of`]), and its points.
    #[inline(always)]
    pub fn lookup_key(&self, key: TextKey) -> Option<(usize, Points)> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut i = key.hash as usize & mask;
        loop {
            let slot = &self.slots[i];
            if slot.0 == key && key.len != 0 {
                return Some((slot.1 as usize, slot.2));
            }
            if slot.0.len == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folding_ignores_case_spacing_digits_and_letter_forms() {
        assert_eq!(fold_value("  IT   Services "), "it services");
        assert_eq!(fold_value("نرم\u{200C}افزار"), "نرمافزار");
        assert_eq!(fold_value("كرج"), "کرج");
        assert_eq!(fold_value("منطقه ۲"), "منطقه 2");
        assert_eq!(fold_value(" \t "), "");
    }

    #[test]
    fn lookup_finds_any_spelling_and_the_first_row_wins() {
        let rows = vec![
            ValuePoints {
                values: vec!["Software".into(), "نرم‌افزار".into()],
                points: 20,
            },
            ValuePoints {
                values: vec!["software".into(), "retail".into()],
                points: 5,
            },
        ];
        let table = ValueTable::new(&rows);
        assert_eq!(table.lookup(" SOFTWARE"), Some((0, 20)));
        assert_eq!(
            table.lookup("نرم افزار"),
            None,
            "a space is not a zero-width non-joiner"
        );
        assert_eq!(table.lookup("نرم\u{200C}افزار"), Some((0, 20)));
        assert_eq!(table.lookup("Retail"), Some((1, 5)));
        assert_eq!(table.lookup(""), None);
        assert_eq!(ValueTable::default().lookup("software"), None);
    }

    proptest! {
        #[test]
        fn every_stored_value_is_found_at_its_first_row_and_nothing_else_is(
            rows in prop::collection::vec(prop::collection::vec("[a-e ]{0,3}", 0..6), 0..12),
            probe in "[a-e ]{0,3}",
        ) {
            let rows: Vec<ValuePoints> = rows
                .into_iter()
                .enumerate()
                .map(|(i, values)| ValuePoints { values, points: i as Points * 10 })
                .collect();
            let table = ValueTable::new(&rows);
            let first_row = |text: &str| {
                let folded = fold_value(text);
                rows.iter().position(|r| r.values.iter().any(|v| !folded.is_empty() && fold_value(v) == folded))
            };
            for text in rows.iter().flat_map(|r| &r.values).chain([&probe]) {
                prop_assert_eq!(table.lookup(text), first_row(text).map(|row| (row, row as Points * 10)));
            }
        }

        #[test]
        fn streaming_fold_matches_collected_fold_and_is_idempotent(s in "[ a-zA-Z\u{0600}-\u{06FF}\u{200C}\t]{0,20}") {
            let once = fold_value(&s);
            prop_assert_eq!(fold_value(&once), once.clone());
            prop_assert!(!once.starts_with(' ') && !once.ends_with(' ') && !once.contains("  "));
            let table = ValueTable::new(&[ValuePoints { values: vec![s.clone()], points: 1 }]);
            prop_assert_eq!(table.lookup(&s).is_some(), !once.is_empty());
            prop_assert_eq!(table.lookup_key(TextKey::of(&s)), table.lookup(&s));
            prop_assert_eq!(folded_hash(&s), (hash(folded(&s)), once.chars().count() as u32));
        }
    }
}
