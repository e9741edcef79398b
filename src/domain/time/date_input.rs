//! Reading a day from what a person typed: Gregorian `2026-05-01` or Jalali `1405/02/11`, in
//! ASCII, Persian or Arabic-Indic digits; and writing a day back so it reads in again unchanged.

use crate::domain::text::digits::normalize_digit;
use crate::domain::Date;

/// Four-digit years from here on are Gregorian, below it Jalali. The two calendars' current years
/// (2020s vs 1400s) are centuries apart, so the year alone tells which one was meant.
pub const FIRST_GREGORIAN_YEAR: i32 = 1700;

/// Why typed text is not a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateProblem {
    /// Nothing but whitespace was typed.
    Empty,
    /// Not shaped like `YYYY-MM-DD` or `YYYY/MM/DD`.
    Malformed,
    /// Shaped like a date, but the calendar has no such day (2026-02-30, 1404/12/30, month 13).
    NoSuchDay,
}

impl DateProblem {
    /// Stable snake_case key, used as the translation key `problem.<key>`.
    pub fn key(self) -> &'static str {
        match self {
            DateProblem::Empty => "required",
            DateProblem::Malformed => "invalid_date",
            DateProblem::NoSuchDay => "no_such_day",
        }
    }
}

/// The day named by `text`: year, month and day separated by `-` or `/`, a four-digit year of
/// [`FIRST_GREGORIAN_YEAR`] or later read as Gregorian and an earlier one as Jalali. Digits may be
/// ASCII, Persian or Arabic-Indic; surrounding whitespace and invisible direction marks (which
/// copying from right-to-left text brings along) are ignored. Day-first orders are refused
/// rather than guessed, since `01/05/2026` means different days in different countries.
pub fn parse_date(text: &str) -> Result<Date, DateProblem> {
    // Direction marks and non-ASCII digits are never ASCII: ASCII text is already clean.
    let cleaned: std::borrow::Cow<str> = if text.is_ascii() {
        text.into()
    } else {
        text.chars()
            .filter(|&c| !is_direction_mark(c))
            .map(normalize_digit)
            .collect::<String>()
            .into()
    };
    let cleaned = cleaned.trim();
    if cleaned.is_empty() {
        return Err(DateProblem::Empty);
    }
    let mut parts = cleaned.split(['-', '/']).map(str::trim);
    let (Some(year), Some(month), Some(day), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(DateProblem::Malformed);
    };
    let year = number(year, 4..=4)? as i32;
    let month = number(month, 1..=2)?;
    let day = number(day, 1..=2)?;
    let date = if year >= FIRST_GREGORIAN_YEAR {
        Date::from_gregorian(year, month, day)
    } else {
        Date::from_jalali(year, month, day)
    };
    date.ok_or(DateProblem::NoSuchDay)
}

/// An unsigned number of ASCII digits whose count is in `widths`.
fn number(text: &str, widths: std::ops::RangeInclusive<usize>) -> Result<u32, DateProblem> {
    if !widths.contains(&text.len()) || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DateProblem::Malformed);
    }
    text.parse().map_err(|_| DateProblem::Malformed)
}

/// Invisible marks that set text direction; they ride along when copying from Persian text.
fn is_direction_mark(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `2026-05-01`: the ISO 8601 Gregorian name of a day.
pub fn format_gregorian(date: Date) -> String {
    let (y, m, d) = date.gregorian();
    format!("{y:04}-{m:02}-{d:02}")
}

/// `1405/02/11`: the Jalali name of a day, year first as Iranians write it (ASCII digits; see
/// [`to_persian_digits`](crate::domain::text::digits::to_persian_digits) for display).
pub fn format_jalali(date: Date) -> String {
    let (y, m, d) = date.jalali();
    format!("{y:04}/{m:02}/{d:02}")
}

/// A day as text for an input field that [`parse_date`] reads back as the same day: Gregorian
/// ISO when its year is [`FIRST_GREGORIAN_YEAR`] or later, Jalali otherwise (a Gregorian year
/// below that would be read as Jalali).
pub fn format_date_for_input(date: Date) -> String {
    if date.gregorian().0 >= FIRST_GREGORIAN_YEAR {
        format_gregorian(date)
    } else {
        format_jalali(date)
    }
}

// Native only: proptest does not build for wasm32 (see Cargo.toml).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn greg(y: i32, m: u32, d: u32) -> Date {
        Date::from_gregorian(y, m, d).unwrap()
    }

    #[test]
    fn iso_gregorian_with_dashes_or_slashes() {
        assert_eq!(parse_date("2026-05-01"), Ok(greg(2026, 5, 1)));
        assert_eq!(parse_date("2026/05/01"), Ok(greg(2026, 5, 1)));
        assert_eq!(parse_date("2026-5-1"), Ok(greg(2026, 5, 1)));
    }

    #[test]
    fn jalali_with_slashes_or_dashes() {
        assert_eq!(parse_date("1405/02/11"), Ok(greg(2026, 5, 1)));
        assert_eq!(parse_date("1405-2-11"), Ok(greg(2026, 5, 1)));
    }

    #[test]
    fn persian_and_arabic_indic_digits() {
        assert_eq!(parse_date("۱۴۰۵/۰۲/۱۱"), Ok(greg(2026, 5, 1)));
        assert_eq!(parse_date("١٤٠٥/٠٢/١١"), Ok(greg(2026, 5, 1)));
        assert_eq!(parse_date("۲۰۲۶-۰۵-۰۱"), Ok(greg(2026, 5, 1)));
        assert_eq!(parse_date("۱۴۰۵/2/١١"), Ok(greg(2026, 5, 1)));
    }

    #[test]
    fn whitespace_and_direction_marks_are_ignored() {
        assert_eq!(parse_date("  1405/02/11\t"), Ok(greg(2026, 5, 1)));
        assert_eq!(
            parse_date("\u{200F}۱۴۰۵/۰۲/۱۱\u{200E}"),
            Ok(greg(2026, 5, 1))
        );
        assert_eq!(parse_date("1405 / 02 / 11"), Ok(greg(2026, 5, 1)));
    }

    #[test]
    fn year_1700_is_the_first_gregorian_year() {
        assert_eq!(parse_date("1700-01-01"), Ok(greg(1700, 1, 1)));
        assert_eq!(
            parse_date("1699/01/01"),
            Date::from_jalali(1699, 1, 1).ok_or(DateProblem::NoSuchDay)
        );
    }

    #[test]
    fn empty_text() {
        assert_eq!(parse_date(""), Err(DateProblem::Empty));
        assert_eq!(parse_date("   "), Err(DateProblem::Empty));
    }

    #[test]
    fn malformed_text() {
        for text in [
            "tomorrow",
            "2026-05",
            "2026-05-01-01",
            "26-05-01",
            "02026-05-01",
            "2026-005-01",
            "2026--01",
            "01/05/2026",
            "2026.05.01",
            "2026-05-01T10:00",
            "2026-0x-01",
            "۱۴۰۵ ۰۲ ۱۱",
            "2026-+5-01",
        ] {
            assert_eq!(parse_date(text), Err(DateProblem::Malformed), "{text}");
        }
    }

    #[test]
    fn no_such_day() {
        assert_eq!(parse_date("2026-02-30"), Err(DateProblem::NoSuchDay));
        assert_eq!(parse_date("2026-02-29"), Err(DateProblem::NoSuchDay));
        assert_eq!(parse_date("2026-13-01"), Err(DateProblem::NoSuchDay));
        assert_eq!(parse_date("2026-00-10"), Err(DateProblem::NoSuchDay));
        assert_eq!(parse_date("2026-01-00"), Err(DateProblem::NoSuchDay));
        // 1404 is a common year: Esfand has 29 days. 1403 is leap.
        assert_eq!(parse_date("1404/12/30"), Err(DateProblem::NoSuchDay));
        assert_eq!(parse_date("۱۴۰۴/۱۲/۳۰"), Err(DateProblem::NoSuchDay));
        assert!(parse_date("1403/12/30").is_ok());
        assert_eq!(parse_date("1403/12/31"), Err(DateProblem::NoSuchDay));
        assert_eq!(parse_date("1405/07/31"), Err(DateProblem::NoSuchDay));
    }

    #[test]
    fn golden_formats() {
        assert_eq!(format_gregorian(greg(2026, 5, 1)), "2026-05-01");
        assert_eq!(format_jalali(greg(2026, 5, 1)), "1405/02/11");
        assert_eq!(format_date_for_input(greg(2026, 5, 1)), "2026-05-01");
        assert_eq!(format_date_for_input(greg(1650, 5, 1)), "1029/02/11");
    }

    #[test]
    fn problems_have_translation_keys() {
        assert_eq!(DateProblem::NoSuchDay.key(), "no_such_day");
        assert_eq!(DateProblem::Malformed.key(), "invalid_date");
    }

    proptest! {
        #[test]
        fn input_format_reads_back(days in -100_000i32..2_900_000) {
            // Gregorian years 1700..=9999 and Jalali 1000..=1699 have four digits.
            let date = Date(days);
            prop_assert_eq!(parse_date(&format_date_for_input(date)), Ok(date));
        }

        #[test]
        fn both_calendars_read_back(days in -50_000i32..120_000) {
            let date = Date(days);
            prop_assert_eq!(parse_date(&format_gregorian(date)), Ok(date));
            prop_assert_eq!(parse_date(&crate::domain::text::digits::to_persian_digits(&format_jalali(date))), Ok(date));
        }
    }
}
