//! Forecast periods: a month or a quarter of the Gregorian or the Jalali calendar. Persian users
//! plan in Jalali months (Farvardin…), whose quarters are the seasons; English users in Gregorian
//! ones. A period is a span of [`Date`]s, so deals are placed in it by plain day comparisons.

use serde::{Deserialize, Serialize};

use crate::domain::Date;

/// Which calendar names the period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CalendarKind {
    Gregorian,
    Jalali,
}

/// How long the period is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PeriodKind {
    Month,
    /// Three months: January–March… or Farvardin–Khordad (spring)…
    Quarter,
}

/// A month or quarter of a year. Always valid: built only through [`Period::new`] and
/// [`Period::containing`], and checked the same way when read from storage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "PeriodRecord")]
pub struct Period {
    calendar: CalendarKind,
    kind: PeriodKind,
    year: i32,
    /// Month 1–12 or quarter 1–4.
    index: u32,
}

/// A period as stored, checked into a [`Period`] on reading.
#[derive(Deserialize)]
struct PeriodRecord {
    calendar: CalendarKind,
    kind: PeriodKind,
    year: i32,
    index: u32,
}

impl TryFrom<PeriodRecord> for Period {
    type Error = &'static str;
    fn try_from(r: PeriodRecord) -> Result<Period, &'static str> {
        Period::new(r.calendar, r.kind, r.year, r.index).ok_or("period index out of range")
    }
}

/// The words of a period's name, for the view to put together in the viewer's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodLabel {
    /// Template `period.month` with `{month}` = the text of `name_key` and `{year}`.
    Month { name_key: &'static str, year: i32 },
    /// Template `period.quarter` with `{quarter}` and `{year}`.
    Quarter { quarter: u32, year: i32 },
}

impl PeriodLabel {
    /// Translation key of the template the parts fill.
    pub fn template_key(self) -> &'static str {
        match self {
            PeriodLabel::Month { .. } => "period.month",
            PeriodLabel::Quarter { .. } => "period.quarter",
        }
    }
}

/// Translation keys of Gregorian month names (January first).
pub const GREGORIAN_MONTH_KEYS: [&str; 12] = [
    "gregorian_month.1",
    "gregorian_month.2",
    "gregorian_month.3",
    "gregorian_month.4",
    "gregorian_month.5",
    "gregorian_month.6",
    "gregorian_month.7",
    "gregorian_month.8",
    "gregorian_month.9",
    "gregorian_month.10",
    "gregorian_month.11",
    "gregorian_month.12",
];

/// Translation keys of Jalali month names (Farvardin first).
pub const JALALI_MONTH_KEYS: [&str; 12] = [
    "jalali_month.1",
    "jalali_month.2",
    "jalali_month.3",
    "jalali_month.4",
    "jalali_month.5",
    "jalali_month.6",
    "jalali_month.7",
    "jalali_month.8",
    "jalali_month.9",
    "jalali_month.10",
    "jalali_month.11",
    "jalali_month.12",
];

impl Period {
    /// Month `index` (1–12) or quarter `index` (1–4) of `year`; `None` for an index out of range.
    pub fn new(calendar: CalendarKind, kind: PeriodKind, year: i32, index: u32) -> Option<Period> {
        let count = match kind {
            PeriodKind::Month => 12,
            PeriodKind::Quarter => 4,
        };
        (1..=count).contains(&index).then_some(Period {
            calendar,
            kind,
            year,
            index,
        })
    }

    /// The period of this kind and calendar that `date` falls in.
    pub fn containing(date: Date, kind: PeriodKind, calendar: CalendarKind) -> Period {
        let (year, month, _) = match calendar {
            CalendarKind::Gregorian => date.gregorian(),
            CalendarKind::Jalali => date.jalali(),
        };
        let index = match kind {
            PeriodKind::Month => month,
            PeriodKind::Quarter => (month - 1) / 3 + 1,
        };
        Period {
            calendar,
            kind,
            year,
            index,
        }
    }

    pub fn calendar(self) -> CalendarKind {
        self.calendar
    }

    pub fn kind(self) -> PeriodKind {
        self.kind
    }

    pub fn year(self) -> i32 {
        self.year
    }

    /// Month 1–12 or quarter 1–4.
    pub fn index(self) -> u32 {
        self.index
    }

    /// The first month of the period (the month itself, or the quarter's first).
    fn first_month(self) -> u32 {
        match self.kind {
            PeriodKind::Month => self.index,
            PeriodKind::Quarter => (self.index - 1) * 3 + 1,
        }
    }

    /// The first day of the period.
    pub fn first_day(self) -> Date {
        let day = match self.calendar {
            CalendarKind::Gregorian => Date::from_gregorian(self.year, self.first_month(), 1),
            CalendarKind::Jalali => Date::from_jalali(self.year, self.first_month(), 1),
        };
        // Day 1 of months 1–12 exists in both calendars within the years a Date counts.
        day.expect("the first of a month exists")
    }

    /// The last day of the period.
    pub fn last_day(self) -> Date {
        self.next().first_day().add_days(-1)
    }

    /// Whether `date` lies in the period.
    pub fn contains(self, date: Date) -> bool {
        self.first_day() <= date && date <= self.last_day()
    }

    /// The period right after this one.
    pub fn next(self) -> Period {
        let count = self.count_per_year();
        if self.index == count {
            Period {
                year: self.year + 1,
                index: 1,
                ..self
            }
        } else {
            Period {
                index: self.index + 1,
                ..self
            }
        }
    }

    /// The period right before this one.
    pub fn prev(self) -> Period {
        if self.index == 1 {
            Period {
                year: self.year - 1,
                index: self.count_per_year(),
                ..self
            }
        } else {
            Period {
                index: self.index - 1,
                ..self
            }
        }
    }

    fn count_per_year(self) -> u32 {
        match self.kind {
            PeriodKind::Month => 12,
            PeriodKind::Quarter => 4,
        }
    }

    /// The months of the period: itself for a month, three for a quarter.
    pub fn months(self) -> Vec<Period> {
        let first = self.first_month();
        let count = match self.kind {
            PeriodKind::Month => 1,
            PeriodKind::Quarter => 3,
        };
        (first..first + count)
            .map(|index| Period {
                kind: PeriodKind::Month,
                index,
                ..self
            })
            .collect()
    }

    /// The parts of the period's name.
    pub fn label(self) -> PeriodLabel {
        match self.kind {
            PeriodKind::Month => {
                let keys = match self.calendar {
                    CalendarKind::Gregorian => &GREGORIAN_MONTH_KEYS,
                    CalendarKind::Jalali => &JALALI_MONTH_KEYS,
                };
                PeriodLabel::Month {
                    name_key: keys[self.index as usize - 1],
                    year: self.year,
                }
            }
            PeriodKind::Quarter => PeriodLabel::Quarter {
                quarter: self.index,
                year: self.year,
            },
        }
    }

    /// A short stable text key, e.g. `g2026-03`, `g2026-q1`, `j1405-01`, `j1405-q4`, for URLs
    /// and select options.
    pub fn key(self) -> String {
        let calendar = match self.calendar {
            CalendarKind::Gregorian => 'g',
            CalendarKind::Jalali => 'j',
        };
        match self.kind {
            PeriodKind::Month => format!("{calendar}{:04}-{:02}", self.year, self.index),
            PeriodKind::Quarter => format!("{calendar}{:04}-q{}", self.year, self.index),
        }
    }

    /// The period a [`Period::key`] names.
    pub fn from_key(key: &str) -> Option<Period> {
        let calendar = match key.get(..1)? {
            "g" => CalendarKind::Gregorian,
            "j" => CalendarKind::Jalali,
            _ => return None,
        };
        let (year, rest) = key[1..].split_once('-')?;
        let year = year.parse().ok()?;
        let (kind, index) = match rest.strip_prefix('q') {
            Some(q) => (PeriodKind::Quarter, q),
            None => (PeriodKind::Month, rest),
        };
        if index.is_empty() || !index.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Period::new(calendar, kind, year, index.parse().ok()?)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn g(y: i32, m: u32, d: u32) -> Date {
        Date::from_gregorian(y, m, d).unwrap()
    }

    #[test]
    fn gregorian_months_and_quarters() {
        let feb = Period::containing(g(2024, 2, 10), PeriodKind::Month, CalendarKind::Gregorian);
        assert_eq!((feb.year(), feb.index()), (2024, 2));
        assert_eq!(
            (feb.first_day(), feb.last_day()),
            (g(2024, 2, 1), g(2024, 2, 29))
        );
        let q4 = Period::containing(
            g(2025, 11, 30),
            PeriodKind::Quarter,
            CalendarKind::Gregorian,
        );
        assert_eq!(
            (q4.index(), q4.first_day(), q4.last_day()),
            (4, g(2025, 10, 1), g(2025, 12, 31))
        );
        assert_eq!(
            q4.next(),
            Period::new(CalendarKind::Gregorian, PeriodKind::Quarter, 2026, 1).unwrap()
        );
        assert_eq!(q4.next().prev(), q4);
        assert!(q4.contains(g(2025, 10, 1)) && !q4.contains(g(2026, 1, 1)));
    }

    #[test]
    fn jalali_months_and_seasons() {
        // 2026-03-21 is 1 Farvardin 1405; 1404 is a common year, so Esfand has 29 days.
        let esfand = Period::containing(g(2026, 3, 20), PeriodKind::Month, CalendarKind::Jalali);
        assert_eq!((esfand.year(), esfand.index()), (1404, 12));
        assert_eq!(esfand.first_day(), g(2026, 2, 20));
        assert_eq!(esfand.last_day(), g(2026, 3, 20));
        let farvardin = esfand.next();
        assert_eq!(
            (farvardin.year(), farvardin.index(), farvardin.first_day()),
            (1405, 1, g(2026, 3, 21))
        );
        // Spring 1405: Farvardin (31) + Ordibehesht (31) + Khordad (31) = 93 days.
        let spring = Period::containing(g(2026, 4, 1), PeriodKind::Quarter, CalendarKind::Jalali);
        assert_eq!(spring.index(), 1);
        assert_eq!(spring.last_day().days_since(spring.first_day()) + 1, 93);
        assert_eq!(spring.prev().index(), 4);
        assert_eq!(spring.prev().year(), 1404);
        assert_eq!(
            spring
                .months()
                .iter()
                .map(|m| m.index())
                .collect::<Vec<_>>(),
            [1, 2, 3]
        );
    }

    #[test]
    fn labels_and_keys() {
        let mehr = Period::new(CalendarKind::Jalali, PeriodKind::Month, 1405, 7).unwrap();
        assert_eq!(
            mehr.label(),
            PeriodLabel::Month {
                name_key: "jalali_month.7",
                year: 1405
            }
        );
        assert_eq!(mehr.label().template_key(), "period.month");
        let q2 = Period::new(CalendarKind::Gregorian, PeriodKind::Quarter, 2026, 2).unwrap();
        assert_eq!(
            q2.label(),
            PeriodLabel::Quarter {
                quarter: 2,
                year: 2026
            }
        );
        assert_eq!(
            (mehr.key(), q2.key()),
            ("j1405-07".to_string(), "g2026-q2".to_string())
        );
        assert_eq!(Period::from_key("j1405-07"), Some(mehr));
        assert_eq!(Period::from_key("g2026-q2"), Some(q2));
        for bad in [
            "", "x2026-01", "g2026-13", "g2026-q5", "g2026-q", "g2026", "g2026-+1",
        ] {
            assert_eq!(Period::from_key(bad), None, "{bad}");
        }
    }

    #[test]
    fn stored_periods_are_checked_on_reading() {
        let p = Period::new(CalendarKind::Gregorian, PeriodKind::Month, 2026, 5).unwrap();
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<Period>(&json).unwrap(), p);
        let bytes = postcard::to_allocvec(&p).unwrap();
        assert_eq!(postcard::from_bytes::<Period>(&bytes).unwrap(), p);
        let bad = r#"{"calendar":"Gregorian","kind":"Month","year":2026,"index":13}"#;
        assert!(serde_json::from_str::<Period>(bad).is_err());
        assert_eq!(
            Period::new(CalendarKind::Jalali, PeriodKind::Quarter, 1405, 0),
            None
        );
    }
}
