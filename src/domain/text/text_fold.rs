//! One character of typed text in comparable form, shared by search and by scoring's value matching
//! so both treat Persian and Arabic text alike.

use crate::domain::text::digits::normalize_digit;

/// `c` folded for comparison (before lower-casing), or `None` if it should be ignored: Arabic letter
/// forms become the Persian ones people mean (ي ى→ی, ك→ک, ة ۀ→ه, أ إ ٱ→ا, ؤ→و), since Arabic and
/// Persian keyboards type different code points for the same letter; zero-width joiners, direction
/// marks, tatweel and harakat are dropped; any whitespace is one space; other control characters are
/// dropped; Persian and Arabic-Indic digits become ASCII. `آ` stays: it is a letter of its own.
pub fn fold_char(c: char) -> Option<char> {
    Some(match c {
        // ZWNJ, ZWJ and direction marks: invisible, typed inconsistently.
        '\u{200C}' | '\u{200D}' | '\u{200E}' | '\u{200F}' | '\u{061C}' => return None,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' => return None,
        // Tatweel (kashida) stretches letters; harakat and superscript alef are optional vowels.
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
