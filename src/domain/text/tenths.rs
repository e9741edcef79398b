//! Numbers to a tenth, as people type and read them: a half-life of `7.5` days, `12.3` %, a chart
//! coordinate. Whole tenths are read and written with integer arithmetic, so the app needs neither
//! core's float parser nor its float printer.

use super::digits::normalize_digits;

/// The number of tenths `text` spells, with at most one decimal, in any digit script and with
/// either minus (`7.5` → 75, `۷٫۵` → 75, `14` → 140, `−2` → −20); `None` if it is not one.
pub fn parse_tenths(text: &str) -> Option<i64> {
    let text = normalize_digits(text.trim()).replace('\u{2212}', "-");
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(&text)),
    };
    let (whole, tenth) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits_only = whole
        .bytes()
        .chain(tenth.bytes())
        .all(|b| b.is_ascii_digit());
    if !digits_only || tenth.len() > 1 || whole.is_empty() && tenth.is_empty() {
        return None;
    }
    let tenth = if tenth.is_empty() { "0" } else { tenth };
    let tenths: i64 = format!("{whole}{tenth}").parse().ok()?;
    Some(if negative { -tenths } else { tenths })
}

/// `x` rounded to tenths and written without a trailing zero: `12.3`, `14`, `-0.5`; the same text
/// as `((x * 10.0).round() / 10.0).to_string()` for every value the app shows (far below 10^14).
pub fn tenths_text(x: f64) -> String {
    let tenths = (x * 10.0).round();
    let sign = if tenths.is_sign_negative() { "-" } else { "" };
    let n = tenths.abs() as u64;
    match n % 10 {
        0 => format!("{sign}{}", n / 10),
        tenth => format!("{sign}{}.{tenth}", n / 10),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenths_are_read_in_any_digit_script_with_either_minus() {
        assert_eq!(parse_tenths(" 7.5 "), Some(75));
        assert_eq!(parse_tenths("۷٫۵"), Some(75));
        assert_eq!(parse_tenths("14"), Some(140));
        assert_eq!(parse_tenths("0.1"), Some(1));
        assert_eq!(parse_tenths(".5"), Some(5));
        assert_eq!(parse_tenths("5."), Some(50));
        assert_eq!(parse_tenths("+3"), Some(30));
        assert_eq!(parse_tenths("\u{2212}2"), Some(-20));
        assert_eq!(parse_tenths("-0.5"), Some(-5));
    }

    #[test]
    fn more_than_one_decimal_or_anything_else_is_not_tenths() {
        for text in [
            "",
            ".",
            "-",
            "7.25",
            "1e3",
            "inf",
            "seven",
            "7,5",
            "1.2.3",
            "--1",
            "99999999999999999999",
        ] {
            assert_eq!(parse_tenths(text), None, "{text:?}");
        }
    }

    #[test]
    fn tenths_are_rounded_and_written_as_rust_writes_the_rounded_value() {
        assert_eq!(tenths_text(14.0), "14");
        assert_eq!(tenths_text(7.5), "7.5");
        assert_eq!(tenths_text(12.34), "12.3");
        assert_eq!(tenths_text(12.35), "12.4");
        assert_eq!(tenths_text(0.04), "0");
        assert_eq!(tenths_text(-3.25), "-3.3");
        for x in [
            0.0,
            0.05,
            0.15,
            99.95,
            -0.04,
            640.25,
            1234567.89,
            -98765432.15,
        ] {
            assert_eq!(
                tenths_text(x),
                ((x * 10.0).round() / 10.0).to_string(),
                "{x:e}"
            );
        }
    }
}
