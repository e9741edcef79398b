//! Compact numbers for chart axes and tiles, where a full amount does not fit: `120M`, `1.5K` in
//! English, `۱۲۰ میلیون`, `۱٫۵ هزار` in Persian. The exact value is always shown beside it (tooltip,
//! table), so one decimal (below ten of a unit) is all the precision kept.

use super::Lang;
use crate::domain::text::tenths::tenths_text;
use crate::i18n::localize_digits;

/// Units from the largest: (size, English suffix, Persian word).
const UNITS: [(f64, &str, &str); 4] = [
    (1e12, "T", "هزار میلیارد"),
    (1e9, "B", "میلیارد"),
    (1e6, "M", "میلیون"),
    (1e3, "K", "هزار"),
];

/// `value` in a few characters, with the language's digits; below 1,000 a whole number.
pub fn format_compact(lang: Lang, value: f64) -> String {
    let sign = if value < 0.0 { "−" } else { "" };
    let abs = value.abs();
    let (number, unit) = match UNITS.iter().find(|u| abs >= u.0 * 0.9995) {
        Some(&(size, en, fa)) => {
            let scaled = abs / size;
            let text = if scaled < 9.95 {
                tenths_text(scaled)
            } else {
                format!("{}", scaled.round() as u64)
            };
            (text, Some(if lang == Lang::Fa { fa } else { en }))
        }
        None => (format!("{}", abs.round() as u64), None),
    };
    let number = match lang {
        Lang::En => number,
        Lang::Fa => localize_digits(lang, &number).replace('.', "٫"),
    };
    match (unit, lang) {
        (None, _) => format!("{sign}{number}"),
        (Some(u), Lang::En) => format!("{sign}{number}{u}"),
        (Some(u), Lang::Fa) => format!("{sign}{number} {u}"),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn compact_numbers_in_both_languages() {
        let en = |v| format_compact(Lang::En, v);
        let fa = |v| format_compact(Lang::Fa, v);
        assert_eq!(en(0.0), "0");
        assert_eq!(en(999.0), "999");
        assert_eq!(en(1_000.0), "1K");
        assert_eq!(en(1_500.0), "1.5K");
        assert_eq!(en(120_000_000.0), "120M");
        assert_eq!(en(100_000_000.0), "100M");
        assert_eq!(en(2_500_000_000.0), "2.5B");
        assert_eq!(en(999_999.0), "1M", "rounds up into the next unit");
        assert_eq!(en(-20_000.0), "−20K");
        assert_eq!(fa(120_000_000.0), "۱۲۰ میلیون");
        assert_eq!(fa(1_500.0), "۱٫۵ هزار");
        assert_eq!(fa(3_000_000_000_000.0), "۳ هزار میلیارد");
        assert_eq!(fa(42.0), "۴۲");
    }
}
