//! The search box: its text parsed into normalised words and number runs, and how a word
//! matches a lead's indexed text and phone digits.

use super::search_index::{Haystack, SearchIndex, SlotSet};
use crate::domain::text::digits::normalize_digit;
use crate::domain::text::text_fold::fold_char;
use crate::domain::validation::normalize_phone;
use crate::domain::Lead;

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
pub(super) const FIELD_SEPARATOR: char = '\u{1}';

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
    pub(super) fn matches(&self, text: &str, phone: &str) -> bool {
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
pub(super) fn fill(text: &mut String, phone: &mut String, lead: &Lead) {
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
pub(super) fn push_number_runs(out: &mut String, text: &str) {
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

impl SearchQuery {
    /// Whether every lead matching `self` also matches `earlier`, judged from the terms alone
    /// (conservatively: `false` when unsure). Typing more of a word or adding a word narrows.
    pub(super) fn narrows(&self, earlier: &SearchQuery) -> bool {
        earlier
            .terms
            .iter()
            .all(|old| self.terms.iter().any(|new| new.implies(old)))
    }

    /// The index slots matching every term, each term searched in one pass over all leads
    /// until fewer than `few` are left, which are then checked one by one.
    pub(super) fn matching_slots(&self, index: &SearchIndex, few: usize) -> SlotSet {
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
    pub(super) fn matches(&self, text: &str, phone: &str) -> bool {
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::test_leads::*;
    use super::*;
    use crate::domain::LeadId;

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
}
