//! Digits as Persian speakers type and read them: Persian (۰–۹) and Arabic-Indic (٠–٩) digits in,
//! ASCII for parsing; ASCII in, Persian digits out for display.
//!
//! Persian keyboards produce U+06F0..U+06F9, Arabic keyboards (and some Persian phone layouts)
//! U+0660..U+0669; users mix them freely, so every parser in the domain normalises first.

/// Arabic decimal separator `٫` (U+066B), used in Persian for the decimal point.
pub const PERSIAN_DECIMAL_SEPARATOR: char = '\u{066B}';
/// Arabic thousands separator `٬` (U+066C), used in Persian to group thousands.
pub const PERSIAN_THOUSANDS_SEPARATOR: char = '\u{066C}';

/// The ASCII twin of one character: Persian and Arabic-Indic digits become `0`–`9`, `٫` becomes
/// `.`, `٬` becomes `,`; everything else is returned unchanged. Allocation-free, for hot loops.
pub fn normalize_digit(c: char) -> char {
    match c {
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        PERSIAN_DECIMAL_SEPARATOR => '.',
        PERSIAN_THOUSANDS_SEPARATOR => ',',
        _ => c,
    }
}

/// The text with Persian and Arabic-Indic digits (and their decimal/thousands separators) turned
/// into ASCII, so the rest of the domain parses one alphabet of digits.
pub fn normalize_digits(text: &str) -> String {
    text.chars().map(normalize_digit).collect()
}

/// The text with ASCII digits shown as Persian digits. A `.` or `,` between two digits becomes
/// the Persian decimal (`٫`) or thousands (`٬`) separator; elsewhere punctuation is left alone,
/// because a full stop ending a sentence is not a decimal point.
pub fn to_persian_digits(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let is_digit_at = |i: usize| chars.get(i).is_some_and(|c| c.is_ascii_digit());
    let mut out = String::with_capacity(text.len() * 2);
    for (i, &c) in chars.iter().enumerate() {
        let between_digits = i > 0 && is_digit_at(i - 1) && is_digit_at(i + 1);
        out.push(match c {
            '0'..='9' => char::from_u32(0x06F0 + (c as u32 - '0' as u32)).unwrap_or(c),
            '.' if between_digits => PERSIAN_DECIMAL_SEPARATOR,
            ',' if between_digits => PERSIAN_THOUSANDS_SEPARATOR,
            _ => c,
        });
    }
    out
}

// Native only: proptest does not build for wasm32 (see Cargo.toml).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn persian_digits_become_ascii() {
        assert_eq!(normalize_digits("۰۱۲۳۴۵۶۷۸۹"), "0123456789");
    }

    #[test]
    fn arabic_indic_digits_become_ascii() {
        assert_eq!(normalize_digits("٠١٢٣٤٥٦٧٨٩"), "0123456789");
    }

    #[test]
    fn mixed_digits_and_text_keep_the_text() {
        assert_eq!(normalize_digits("تلفن: ۰۹۱۲-٣٤٥ x7"), "تلفن: 0912-345 x7");
    }

    #[test]
    fn persian_separators_become_ascii() {
        assert_eq!(normalize_digits("۱٬۲۵۰٫۵"), "1,250.5");
    }

    #[test]
    fn ascii_digits_become_persian_for_display() {
        assert_eq!(to_persian_digits("1405/02/11"), "۱۴۰۵/۰۲/۱۱");
    }

    #[test]
    fn separators_between_digits_become_persian() {
        assert_eq!(to_persian_digits("1,250.5"), "۱٬۲۵۰٫۵");
    }

    #[test]
    fn punctuation_outside_numbers_is_left_alone() {
        assert_eq!(to_persian_digits("Done. 3, then 4."), "Done. ۳, then ۴.");
    }

    #[test]
    fn empty_text_stays_empty() {
        assert_eq!(normalize_digits(""), "");
        assert_eq!(to_persian_digits(""), "");
    }

    proptest! {
        #[test]
        fn persian_display_normalizes_back(s in "[0-9a-z .,/-]{0,30}") {
            prop_assert_eq!(normalize_digits(&to_persian_digits(&s)), s);
        }

        #[test]
        fn normalized_text_has_no_eastern_digits(s in "\\PC{0,30}") {
            let eastern = |c: char| matches!(c, '\u{06F0}'..='\u{06F9}' | '\u{0660}'..='\u{0669}');
            let has_eastern = normalize_digits(&s).chars().any(eastern);
            prop_assert!(!has_eastern);
        }
    }
}
