//! The two calendars Kariz names days in: Gregorian and Jalali (Solar Hijri, the Iranian civil
//! calendar). Both are views of [`Date`], a plain day count, so arithmetic never depends on them.
//!
//! Jalali leap years follow the astronomical calendar through Kazimierz Borkowski's break-year
//! algorithm (the one behind `jalaali-js`), exact for Jalali years −61..=3177. Outside that span
//! the last (or first) 33-year cycle simply continues, which keeps every conversion a consistent
//! bijection even though real calendar reform that far out is anyone's guess.

use crate::domain::Date;

/// Years (Jalali) where the 33-year pattern of leap years restarts, from Borkowski's analysis of
/// the vernal equinox; the leap pattern between two breaks is regular.
const BREAKS: [i64; 20] = [
    -61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324,
    2394, 2456, 3178,
];

/// Day number ([`Date`] count) of 1 Farvardin is `365 * year + leap_days_before(year) + this`;
/// calibrated on 1 Farvardin 1403 = 2024-03-20 and checked against `jdatetime` for 1300–1500.
const NOWRUZ_OFFSET: i64 = -492_634;

/// Days in 33 Jalali years (8 of them leap), used to guess the year of a day before refining.
const DAYS_PER_33_YEARS: i64 = 33 * 365 + 8;

/// A day of the week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    /// Every weekday, Monday first (ISO 8601 order).
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    /// Stable snake_case key used in translation tables.
    pub fn key(self) -> &'static str {
        match self {
            Weekday::Monday => "monday",
            Weekday::Tuesday => "tuesday",
            Weekday::Wednesday => "wednesday",
            Weekday::Thursday => "thursday",
            Weekday::Friday => "friday",
            Weekday::Saturday => "saturday",
            Weekday::Sunday => "sunday",
        }
    }

    /// Position in an ISO week (Monday = 0 … Sunday = 6).
    pub fn days_from_monday(self) -> u32 {
        self as u32
    }

    /// Position in an Iranian week (Saturday = 0 … Friday = 6), for Jalali month grids.
    pub fn days_from_saturday(self) -> u32 {
        (self as u32 + 2) % 7
    }
}

/// Whether a Gregorian year has 29 February.
pub fn is_gregorian_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in a Gregorian month (1 = January); 0 for a month outside 1..=12.
pub fn gregorian_month_length(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_gregorian_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Whether a Jalali year has 30 Esfand (366 days).
pub fn is_jalali_leap(year: i32) -> bool {
    let year = year as i64;
    nowruz_day(year + 1) - nowruz_day(year) == 366
}

/// Days in a Jalali month (1 = Farvardin): 31 for the first six, 30 for the next five, 29 or 30
/// for Esfand; 0 for a month outside 1..=12.
pub fn jalali_month_length(year: i32, month: u32) -> u32 {
    match month {
        1..=6 => 31,
        7..=11 => 30,
        12 if is_jalali_leap(year) => 30,
        12 => 29,
        _ => 0,
    }
}

impl Date {
    /// The day with this Gregorian name, or `None` if no such day exists (30 February, month 13)
    /// or it lies outside the range a [`Date`] can count.
    pub fn from_gregorian(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > gregorian_month_length(year, month) {
            return None;
        }
        to_date(days_from_civil(year as i64, month as i64, day as i64))
    }

    /// This day's Gregorian (year, month, day), proleptic before 1582.
    pub fn gregorian(self) -> (i32, u32, u32) {
        let (y, m, d) = civil_from_days(self.0 as i64);
        (y as i32, m as u32, d as u32)
    }

    /// The day with this Jalali name, or `None` if no such day exists (31 Mehr, 30 Esfand of a
    /// common year, month 13) or it lies outside the range a [`Date`] can count.
    pub fn from_jalali(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > jalali_month_length(year, month) {
            return None;
        }
        to_date(nowruz_day(year as i64) + day_of_jalali_year(month, day) as i64)
    }

    /// This day's Jalali (year, month, day).
    pub fn jalali(self) -> (i32, u32, u32) {
        let day = self.0 as i64;
        // A guess from the mean Jalali year, then exact correction (the guess is off by a year at
        // most, near Nowruz).
        let mut year = ((day - nowruz_day(0)) * 33).div_euclid(DAYS_PER_33_YEARS);
        while day < nowruz_day(year) {
            year -= 1;
        }
        while day >= nowruz_day(year + 1) {
            year += 1;
        }
        let k = (day - nowruz_day(year)) as u32;
        let (month, day) = if k < 186 {
            (1 + k / 31, 1 + k % 31)
        } else {
            (7 + (k - 186) / 30, 1 + (k - 186) % 30)
        };
        (year as i32, month, day)
    }

    /// The day of the week (1970-01-01, day 0, was a Thursday).
    pub fn weekday(self) -> Weekday {
        Weekday::ALL[(self.0 as i64 + 3).rem_euclid(7) as usize]
    }
}

fn to_date(days: i64) -> Option<Date> {
    i32::try_from(days).ok().map(Date)
}

/// Zero-based day of the Jalali year.
fn day_of_jalali_year(month: u32, day: u32) -> u32 {
    if month <= 6 {
        (month - 1) * 31 + day - 1
    } else {
        186 + (month - 7) * 30 + day - 1
    }
}

/// Day count of 1 Farvardin of a Jalali year.
fn nowruz_day(year: i64) -> i64 {
    365 * year + leap_days_before(year) + NOWRUZ_OFFSET
}

/// Jalali leap years before `year`, counted from an arbitrary origin (Borkowski's `leapJ`).
/// Only differences matter; [`NOWRUZ_OFFSET`] absorbs the origin.
fn leap_days_before(year: i64) -> i64 {
    let mut leaps = -14;
    let mut start = BREAKS[0];
    // Length of the break interval holding `year`; none before the first or after the last break,
    // where the neighbouring 33-year cycle continues indefinitely.
    let mut interval = None;
    if year >= BREAKS[0] {
        for &next in &BREAKS[1..] {
            let jump = next - start;
            if year < next {
                interval = Some(jump);
                break;
            }
            leaps += jump.div_euclid(33) * 8 + jump.rem_euclid(33).div_euclid(4);
            start = next;
        }
    }
    let n = year - start;
    leaps += n.div_euclid(33) * 8 + (n.rem_euclid(33) + 3).div_euclid(4);
    // An interval of 33k+4 years ends in a five-year gap whose leap year comes one year late.
    if interval.is_some_and(|jump| jump.rem_euclid(33) == 4 && jump - n == 4) {
        leaps += 1;
    }
    leaps
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Proleptic Gregorian date of a day count since 1970-01-01 (Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

// Native only: proptest does not build for wasm32 (see Cargo.toml).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn epoch_is_1970_01_01() {
        assert_eq!(Date(0).gregorian(), (1970, 1, 1));
        assert_eq!(Date::from_gregorian(1970, 1, 1), Some(Date(0)));
    }

    #[test]
    fn golden_gregorian_days() {
        assert_eq!(Date::from_gregorian(2000, 3, 1), Some(Date(11_017)));
        assert_eq!(Date::from_gregorian(1969, 12, 31), Some(Date(-1)));
        assert_eq!(Date::from_gregorian(2024, 2, 29), Some(Date(19_782)));
    }

    #[test]
    fn impossible_gregorian_days_are_refused() {
        assert_eq!(Date::from_gregorian(2026, 2, 29), None);
        assert_eq!(Date::from_gregorian(1900, 2, 29), None);
        assert_eq!(Date::from_gregorian(2026, 4, 31), None);
        assert_eq!(Date::from_gregorian(2026, 13, 1), None);
        assert_eq!(Date::from_gregorian(2026, 0, 1), None);
        assert_eq!(Date::from_gregorian(2026, 1, 0), None);
        assert!(Date::from_gregorian(2000, 2, 29).is_some());
    }

    #[test]
    fn golden_nowruz() {
        // 1 Farvardin in recent years, from the official Iranian calendar.
        assert_eq!(
            Date::from_jalali(1403, 1, 1),
            Date::from_gregorian(2024, 3, 20)
        );
        assert_eq!(
            Date::from_jalali(1404, 1, 1),
            Date::from_gregorian(2025, 3, 21)
        );
        assert_eq!(
            Date::from_jalali(1405, 1, 1),
            Date::from_gregorian(2026, 3, 21)
        );
        assert_eq!(
            Date::from_jalali(1399, 1, 1),
            Date::from_gregorian(2020, 3, 20)
        );
        assert_eq!(
            Date::from_jalali(1348, 10, 11),
            Date::from_gregorian(1970, 1, 1)
        );
    }

    #[test]
    fn golden_jalali_names() {
        assert_eq!(
            Date::from_gregorian(2026, 5, 1).unwrap().jalali(),
            (1405, 2, 11)
        );
        assert_eq!(
            Date::from_gregorian(2025, 3, 20).unwrap().jalali(),
            (1403, 12, 30)
        );
        assert_eq!(
            Date::from_gregorian(1979, 2, 11).unwrap().jalali(),
            (1357, 11, 22)
        );
    }

    #[test]
    fn golden_jalali_leap_years() {
        let leaps: Vec<i32> = (1390..=1410).filter(|&y| is_jalali_leap(y)).collect();
        assert_eq!(leaps, vec![1391, 1395, 1399, 1403, 1408]);
    }

    #[test]
    fn esfand_30_exists_only_in_leap_years() {
        assert!(Date::from_jalali(1403, 12, 30).is_some());
        assert_eq!(Date::from_jalali(1404, 12, 30), None);
        assert_eq!(jalali_month_length(1404, 12), 29);
        assert_eq!(jalali_month_length(1403, 12), 30);
    }

    #[test]
    fn impossible_jalali_days_are_refused() {
        assert_eq!(Date::from_jalali(1405, 7, 31), None);
        assert_eq!(Date::from_jalali(1405, 13, 1), None);
        assert_eq!(Date::from_jalali(1405, 0, 1), None);
        assert_eq!(Date::from_jalali(1405, 1, 0), None);
        assert!(Date::from_jalali(1405, 6, 31).is_some());
    }

    #[test]
    fn jalali_month_lengths() {
        assert_eq!(
            (1..=12).map(|m| jalali_month_length(1405, m)).sum::<u32>(),
            365
        );
        assert_eq!(jalali_month_length(1405, 6), 31);
        assert_eq!(jalali_month_length(1405, 7), 30);
        assert_eq!(jalali_month_length(1405, 13), 0);
    }

    #[test]
    fn golden_weekdays() {
        assert_eq!(Date(0).weekday(), Weekday::Thursday);
        assert_eq!(
            Date::from_gregorian(2026, 5, 1).unwrap().weekday(),
            Weekday::Friday
        );
        assert_eq!(Date(-1).weekday(), Weekday::Wednesday);
        assert_eq!(Weekday::Saturday.days_from_saturday(), 0);
        assert_eq!(Weekday::Friday.days_from_saturday(), 6);
        assert_eq!(Weekday::Sunday.days_from_monday(), 6);
    }

    #[test]
    fn extreme_dates_do_not_overflow() {
        for d in [Date(i32::MIN), Date(i32::MAX), Date(0)] {
            let (y, m, day) = d.gregorian();
            assert_eq!(Date::from_gregorian(y, m, day), Some(d));
            let (y, m, day) = d.jalali();
            assert_eq!(Date::from_jalali(y, m, day), Some(d));
        }
        assert_eq!(Date::from_gregorian(9_000_000, 1, 1), None);
    }

    proptest! {
        #[test]
        fn gregorian_round_trips(days in -3_000_000i32..3_000_000) {
            let (y, m, d) = Date(days).gregorian();
            prop_assert_eq!(Date::from_gregorian(y, m, d), Some(Date(days)));
        }

        #[test]
        fn jalali_round_trips(days in -3_000_000i32..3_000_000) {
            let (y, m, d) = Date(days).jalali();
            prop_assert!(d >= 1 && d <= jalali_month_length(y, m));
            prop_assert_eq!(Date::from_jalali(y, m, d), Some(Date(days)));
        }

        #[test]
        fn next_day_is_the_next_jalali_name(days in -3_000_000i32..3_000_000) {
            let (y, m, d) = Date(days).jalali();
            let expected = if d < jalali_month_length(y, m) {
                (y, m, d + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            };
            prop_assert_eq!(Date(days + 1).jalali(), expected);
        }

        #[test]
        fn next_day_is_the_next_gregorian_name(days in -3_000_000i32..3_000_000) {
            let (y, m, d) = Date(days).gregorian();
            let expected = if d < gregorian_month_length(y, m) {
                (y, m, d + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            };
            prop_assert_eq!(Date(days + 1).gregorian(), expected);
        }

        #[test]
        fn jalali_names_are_monotonic(a in -3_000_000i32..3_000_000, b in -3_000_000i32..3_000_000) {
            prop_assert_eq!(a.cmp(&b), Date(a).jalali().cmp(&Date(b).jalali()));
        }

        #[test]
        fn weekday_repeats_every_seven_days(days in -3_000_000i32..3_000_000) {
            prop_assert_eq!(Date(days).weekday(), Date(days + 7).weekday());
            prop_assert_ne!(Date(days).weekday(), Date(days + 1).weekday());
        }
    }
}
