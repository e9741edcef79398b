//! Points in time and calendar days, independent of any calendar's way of naming them.

use serde::{Deserialize, Serialize};

/// Milliseconds since 1970-01-01T00:00:00Z, the unit JavaScript's `Date.now()` speaks.
pub type Timestamp = i64;

pub const MS_PER_DAY: i64 = 86_400_000;

/// A calendar day, counted as days since 1970-01-01 (Gregorian). Calendars (Gregorian, Jalali)
/// only name it; comparisons and arithmetic happen on the count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date(pub i32);

impl Date {
    /// The day a timestamp falls on, in UTC shifted by `offset_minutes` (local time = UTC + offset).
    pub fn from_timestamp(ts: Timestamp, offset_minutes: i32) -> Date {
        let local = ts + offset_minutes as i64 * 60_000;
        Date(local.div_euclid(MS_PER_DAY) as i32)
    }

    /// Midnight UTC at the start of this day.
    pub fn start_timestamp(self) -> Timestamp {
        self.0 as i64 * MS_PER_DAY
    }

    pub fn add_days(self, days: i32) -> Date {
        Date(self.0 + days)
    }

    pub fn days_since(self, earlier: Date) -> i32 {
        self.0 - earlier.0
    }
}
