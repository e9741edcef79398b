//! Matching a lead's typed text (industry, city, country) against the model's values without
//! allocating: both sides are folded the same way, character by character, and hashed.

use crate::domain::digits::normalize_digit;

use super::model::{Points, ValuePoints};

/// The characters of `text` in comparable form: lower-case; Arabic letter forms folded into the
/// Persian ones (ي ى→ی, ك→ک, ة ۀ→ه, أ إ ٱ→ا, ؤ→و); zero-width joiners, direction marks, tatweel
/// and harakat dropped; digits ASCII; whitespace trimmed and runs of it made one space.
pub fn folded(text: &str) -> impl Iterator<Item = char> + '_ {
    Collapse { inner: text.chars().filter_map(fold).flat_map(char::to_lowercase), pending_space: false, started: false, queued: None }
}

/// [`folded`] collected, for building tables and comparing in validation.
pub fn fold_value(text: &str) -> String {
    folded(text).collect()
}

fn fold(c: char) -> Option<char> {
    Some(match c {
        '\u{200C}' | '\u{200D}' | '\u{200E}' | '\u{200F}' | '\u{061C}' => return None,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' => return None,
        '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0610}'..='\u{061A}' => return None,
        '\u{064A}' | '\u{0649}' => '\u{06CC}',
        '\u{0643}' => '\u{06A9}',
        '\u{0629}' | '\u{06C0}' => '\u{0647}',
        '\u{0623}' | '\u{0625}' | '\u{0671}' => '\u{0627}',
        '\u{0624}' => '\u{0648}',
        c if c.is_whitespace() => ' ',
        c if c.is_control() => return None,
        c => normalize_digit(c),
    })
}

/// Trims spaces at both ends and turns inner runs of spaces into one.
struct Collapse<I> {
    inner: I,
    pending_space: bool,
    started: bool,
    queued: Option<char>,
}

impl<I: Iterator<Item = char>> Iterator for Collapse<I> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        if let Some(c) = self.queued.take() {
            return Some(c);
        }
        loop {
            let c = self.inner.next()?;
            if c == ' ' {
                self.pending_space = self.started;
                continue;
            }
            self.started = true;
            if std::mem::take(&mut self.pending_space) {
                self.queued = Some(c);
                return Some(' ');
            }
            return Some(c);
        }
    }
}

/// FNV-1a over the folded characters.
fn hash(chars: impl Iterator<Item = char>) -> u64 {
    chars.fold(0xcbf2_9ce4_8422_2325, |h, c| (h ^ c as u64).wrapping_mul(0x0100_0000_01b3))
}

/// The model's values for one criterion, folded and hashed once.
#[derive(Clone, Debug, Default)]
pub struct ValueTable {
    /// Sorted by hash; on a repeated value the first row wins.
    entries: Vec<(u64, Box<str>, usize, Points)>,
}

impl ValueTable {
    /// The table for these rows.
    pub fn new(rows: &[ValuePoints]) -> ValueTable {
        let mut entries: Vec<(u64, Box<str>, usize, Points)> = Vec::new();
        for (row, r) in rows.iter().enumerate() {
            for value in &r.values {
                let key = fold_value(value);
                if !key.is_empty() && !entries.iter().any(|e| *e.1 == *key) {
                    entries.push((hash(key.chars()), key.into_boxed_str(), row, r.points));
                }
            }
        }
        entries.sort_by_key(|e| (e.0, e.2));
        ValueTable { entries }
    }

    /// The row matching `text` and its points. Allocation-free.
    pub fn lookup(&self, text: &str) -> Option<(usize, Points)> {
        if self.entries.is_empty() {
            return None;
        }
        let h = hash(folded(text));
        let start = self.entries.partition_point(|e| e.0 < h);
        self.entries[start..]
            .iter()
            .take_while(|e| e.0 == h)
            .find(|e| folded(text).eq(e.1.chars()))
            .map(|e| (e.2, e.3))
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
            ValuePoints { values: vec!["Software".into(), "نرم‌افزار".into()], points: 20 },
            ValuePoints { values: vec!["software".into(), "retail".into()], points: 5 },
        ];
        let table = ValueTable::new(&rows);
        assert_eq!(table.lookup(" SOFTWARE"), Some((0, 20)));
        assert_eq!(table.lookup("نرم افزار"), None, "a space is not a zero-width non-joiner");
        assert_eq!(table.lookup("نرم\u{200C}افزار"), Some((0, 20)));
        assert_eq!(table.lookup("Retail"), Some((1, 5)));
        assert_eq!(table.lookup(""), None);
        assert_eq!(ValueTable::default().lookup("software"), None);
    }

    proptest! {
        #[test]
        fn streaming_fold_matches_collected_fold_and_is_idempotent(s in "[ a-zA-Z\u{0600}-\u{06FF}\u{200C}\t]{0,20}") {
            let once = fold_value(&s);
            prop_assert_eq!(fold_value(&once), once.clone());
            prop_assert!(!once.starts_with(' ') && !once.ends_with(' ') && !once.contains("  "));
            let table = ValueTable::new(&[ValuePoints { values: vec![s.clone()], points: 1 }]);
            prop_assert_eq!(table.lookup(&s).is_some(), !once.is_empty());
        }
    }
}
