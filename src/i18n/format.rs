//! Numbers, money and dates as each language writes them.

use super::{t, Lang};
use crate::domain::text::digits::to_persian_digits;
use crate::domain::{Date, Money, Timestamp};

/// Digits as the language writes them: Persian digits in Persian, untouched in English.
pub fn localize_digits(lang: Lang, text: &str) -> String {
    match lang {
        Lang::En => text.to_owned(),
        Lang::Fa => to_persian_digits(text),
    }
}

/// A whole number with thousands grouped: `1,250,000` or `۱٬۲۵۰٬۰۰۰`.
pub fn format_number(lang: Lang, n: u64) -> String {
    let digits = n.to_string();
    let separator = match lang {
        Lang::En => ',',
        Lang::Fa => '٬',
    };
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(separator);
        }
        grouped.push(c);
    }
    localize_digits(lang, &grouped)
}

/// A wait in whole minutes as people read it: `45 min`, `3 h 20 min`, `2 d 5 h` (days drop the
/// minutes: nobody needs them by then).
pub fn format_minutes(lang: Lang, minutes: i64) -> String {
    let minutes = minutes.max(0) as u64;
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    let n = |v: u64| format_number(lang, v);
    if minutes < 60 {
        super::t_with(lang, "duration.minutes", &[("m", &n(mins))])
    } else if days == 0 {
        super::t_with(lang, "duration.hours", &[("h", &n(hours)), ("m", &n(mins))])
    } else {
        super::t_with(lang, "duration.days", &[("d", &n(days)), ("h", &n(hours))])
    }
}

/// A size in bytes as people read it: `812 KB`, `3.4 MB`, `1.2 GB` (decimal units, one digit
/// after the point from MB up), with the language's digits.
pub fn format_bytes(lang: Lang, bytes: f64) -> String {
    let (value, unit) = match bytes {
        b if b >= 1e9 => (b / 1e9, "GB"),
        b if b >= 1e6 => (b / 1e6, "MB"),
        b => ((b / 1e3).round(), "KB"),
    };
    let text = if unit == "KB" {
        format!("{value} {unit}")
    } else {
        format!("{value:.1} {unit}")
    };
    localize_digits(lang, &text)
}

pub fn format_money(lang: Lang, money: Money) -> String {
    let amount = format_number(lang, money.amount);
    let unit = t(lang, &format!("currency_short.{}", money.currency.code()));
    format!("{amount} {unit}")
}

/// Amounts in several currencies on one line (`50,000,000 Toman · 1,200 USD`), or "—" for none.
pub fn format_money_list(lang: Lang, amounts: &[Money]) -> String {
    if amounts.is_empty() {
        return "—".to_owned();
    }
    amounts
        .iter()
        .map(|m| format_money(lang, *m))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A day: `Mar 21, 2026` (Gregorian) in English, `۱۴۰۵/۰۱/۰۱` (Jalali) in Persian.
pub fn format_date(lang: Lang, date: Date) -> String {
    match lang {
        Lang::En => {
            let (y, m, d) = date.gregorian();
            format!("{} {d}, {y}", t(lang, &format!("month.{m}")))
        }
        Lang::Fa => {
            let (y, m, d) = date.jalali();
            to_persian_digits(&format!("{y:04}/{m:02}/{d:02}"))
        }
    }
}

/// The local day of a timestamp, formatted; `utc_offset_minutes` is the viewer's offset from UTC.
pub fn format_timestamp(lang: Lang, ts: Timestamp, utc_offset_minutes: i32) -> String {
    format_date(lang, Date::from_timestamp(ts, utc_offset_minutes))
}

/// A moment as the viewer reads it: the local day as [`format_date`] writes it and the 24-hour
/// time, `Dec 3, 2026, 14:30` or `۱۴۰۵/۰۹/۱۲، ۱۴:۳۰`.
pub fn format_date_time(lang: Lang, ts: Timestamp, utc_offset_minutes: i32) -> String {
    const DAY_MS: i64 = 24 * 60 * 60 * 1000;
    let local = ts + utc_offset_minutes as i64 * 60_000;
    let minutes = local.rem_euclid(DAY_MS) / 60_000;
    let time = format!("{:02}:{:02}", minutes / 60, minutes % 60);
    let comma = match lang {
        Lang::En => ",",
        Lang::Fa => "،",
    };
    format!(
        "{}{comma} {}",
        format_timestamp(lang, ts, utc_offset_minutes),
        localize_digits(lang, &time)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Currency;

    #[test]
    fn waits_read_in_minutes_hours_or_days() {
        assert_eq!(format_minutes(Lang::En, 0), "0 min");
        assert_eq!(format_minutes(Lang::En, 59), "59 min");
        assert_eq!(format_minutes(Lang::En, 200), "3 h 20 min");
        assert_eq!(format_minutes(Lang::En, 2 * 1440 + 5 * 60 + 59), "2 d 5 h");
        assert_eq!(format_minutes(Lang::Fa, 200), "۳ ساعت و ۲۰ دقیقه");
        assert_eq!(format_minutes(Lang::En, -5), "0 min");
    }

    #[test]
    fn sizes_read_in_the_unit_that_fits() {
        assert_eq!(format_bytes(Lang::En, 0.0), "0 KB");
        assert_eq!(format_bytes(Lang::En, 812_400.0), "812 KB");
        assert_eq!(format_bytes(Lang::En, 3_449_000.0), "3.4 MB");
        assert_eq!(format_bytes(Lang::En, 1_250_000_000.0), "1.2 GB");
        assert_eq!(format_bytes(Lang::Fa, 3_449_000.0), "۳٫۴ MB");
    }

    #[test]
    fn numbers_are_grouped_in_each_language() {
        assert_eq!(format_number(Lang::En, 0), "0");
        assert_eq!(format_number(Lang::En, 999), "999");
        assert_eq!(format_number(Lang::En, 1_250_000), "1,250,000");
        assert_eq!(format_number(Lang::Fa, 1_250_000), "۱٬۲۵۰٬۰۰۰");
    }

    #[test]
    fn money_names_its_currency() {
        let budget = Money {
            amount: 50_000_000,
            currency: Currency::Toman,
        };
        assert_eq!(format_money(Lang::En, budget), "50,000,000 Toman");
        assert_eq!(format_money(Lang::Fa, budget), "۵۰٬۰۰۰٬۰۰۰ تومان");
        let usd = Money {
            amount: 1_200,
            currency: Currency::Usd,
        };
        assert_eq!(
            format_money_list(Lang::En, &[budget, usd]),
            "50,000,000 Toman · 1,200 USD"
        );
        assert_eq!(format_money_list(Lang::En, &[]), "—");
    }

    #[test]
    fn nowruz_1405_in_both_calendars() {
        let nowruz = Date::from_gregorian(2026, 3, 21).unwrap();
        assert_eq!(format_date(Lang::En, nowruz), "Mar 21, 2026");
        assert_eq!(format_date(Lang::Fa, nowruz), "۱۴۰۵/۰۱/۰۱");
    }

    #[test]
    fn moments_show_the_viewers_day_and_time() {
        // 2026-12-02T22:00Z is 01:30 on 3 December (12 Azar 1405) in Tehran.
        let ts = Date::from_gregorian(2026, 12, 2).unwrap().start_timestamp() + 22 * 3_600_000;
        assert_eq!(format_date_time(Lang::En, ts, 0), "Dec 2, 2026, 22:00");
        assert_eq!(format_date_time(Lang::En, ts, 210), "Dec 3, 2026, 01:30");
        assert_eq!(format_date_time(Lang::Fa, ts, 210), "۱۴۰۵/۰۹/۱۲، ۰۱:۳۰");
        // Before 1970 the time of day still counts from local midnight.
        assert_eq!(
            format_date_time(Lang::En, -60_000, 0),
            "Dec 31, 1969, 23:59"
        );
    }

    #[test]
    fn timestamps_use_the_viewers_day() {
        // 2026-03-20T22:00Z is already 21 March in Tehran (UTC+3:30).
        let ts = Date::from_gregorian(2026, 3, 20).unwrap().start_timestamp() + 22 * 3_600_000;
        assert_eq!(format_timestamp(Lang::En, ts, 0), "Mar 20, 2026");
        assert_eq!(format_timestamp(Lang::En, ts, 210), "Mar 21, 2026");
    }
}
