//! The activity form: kind, day and notes as typed, and the activity they validate into.

use super::problem::{FieldError, Problem};
use crate::domain::time::date_input::parse_date;
use crate::domain::{Activity, ActivityId, ActivityKind, Date, LeadId, Timestamp};

/// Most characters in an activity's notes.
pub const MAX_ACTIVITY_NOTES_CHARS: usize = 10_000;

/// A field of the activity form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActivityField {
    Kind,
    Date,
    Notes,
}

impl ActivityField {
    /// Stable snake_case key (translation key `field.<key>`).
    pub fn key(self) -> &'static str {
        match self {
            ActivityField::Kind => "kind",
            ActivityField::Date => "date",
            ActivityField::Notes => "notes",
        }
    }
}

/// The activity form's fields exactly as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActivityForm {
    /// An [`ActivityKind`] key.
    pub kind: String,
    /// The day it happened, as [`parse_date`] reads it.
    pub date: String,
    pub notes: String,
}

/// A validated activity, not yet given an id or a lead.
#[derive(Clone, Debug, PartialEq)]
pub struct ActivityDraft {
    pub kind: ActivityKind,
    pub at: Timestamp,
    pub notes: String,
}

impl ActivityForm {
    /// The activity, or every problem found, in field order. The date may not be after today
    /// (local time: UTC + `utc_offset_minutes`). Logged today it happened `now`; logged for an
    /// earlier day, at local midday, which keeps it on that day in any nearby time zone.
    pub fn validate(
        &self,
        now: Timestamp,
        utc_offset_minutes: i32,
    ) -> Result<ActivityDraft, Vec<FieldError<ActivityField>>> {
        let mut errors = Vec::new();
        let kind = match self.kind.trim() {
            "" => Err(Problem::Required),
            key => ActivityKind::from_key(key).ok_or(Problem::UnknownOption),
        };
        let today = Date::from_timestamp(now, utc_offset_minutes);
        let at = parse_date(&self.date)
            .map_err(Problem::from)
            .and_then(|day| {
                if day > today {
                    Err(Problem::DateInFuture)
                } else if day == today {
                    Ok(now)
                } else {
                    let offset_ms = utc_offset_minutes as i64 * 60_000;
                    Ok(
                        day.start_timestamp() + crate::domain::time::date::MS_PER_DAY / 2
                            - offset_ms,
                    )
                }
            });
        let notes = self.notes.trim();
        let notes = if notes.chars().count() > MAX_ACTIVITY_NOTES_CHARS {
            Err(Problem::TooLong)
        } else {
            Ok(notes.to_string())
        };
        for (field, result) in [
            (ActivityField::Kind, kind.as_ref().err()),
            (ActivityField::Date, at.as_ref().err()),
            (ActivityField::Notes, notes.as_ref().err()),
        ] {
            if let Some(&problem) = result {
                errors.push(FieldError { field, problem });
            }
        }
        match (kind, at, notes) {
            (Ok(kind), Ok(at), Ok(notes)) => Ok(ActivityDraft { kind, at, notes }),
            _ => Err(errors),
        }
    }
}

impl ActivityDraft {
    /// The activity, given its id and the lead it belongs to.
    pub fn into_activity(self, id: ActivityId, lead_id: LeadId) -> Activity {
        Activity {
            id,
            lead_id,
            kind: self.kind,
            at: self.at,
            notes: self.notes,
            revision: Default::default(),
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::test_forms::*;
    use super::*;

    /// 2026-05-01 15:00 in Tehran (UTC+3:30) = 11:30 UTC.
    const NOW: Timestamp = 1_777_635_000_000;
    const TEHRAN: i32 = 210;

    fn activity(kind: &str, date: &str) -> ActivityForm {
        ActivityForm {
            kind: kind.into(),
            date: date.into(),
            notes: String::new(),
        }
    }

    fn activity_problems(form: &ActivityForm, now: Timestamp) -> Vec<(ActivityField, Problem)> {
        match form.validate(now, TEHRAN) {
            Ok(_) => vec![],
            Err(errors) => errors.into_iter().map(|e| (e.field, e.problem)).collect(),
        }
    }

    #[test]
    fn the_test_clock_is_where_it_claims() {
        assert_eq!(Date::from_timestamp(NOW, TEHRAN), date(2026, 5, 1));
        assert_eq!(
            NOW,
            date(2026, 5, 1).start_timestamp() + (11 * 60 + 30) * 60_000
        );
    }

    #[test]
    fn an_activity_today_happened_now() {
        let draft = ActivityForm {
            notes: " no answer ".into(),
            ..activity("call", "۱۴۰۵/۰۲/۱۱")
        }
        .validate(NOW, TEHRAN)
        .unwrap();
        assert_eq!(
            draft,
            ActivityDraft {
                kind: ActivityKind::Call,
                at: NOW,
                notes: "no answer".into()
            }
        );
    }

    #[test]
    fn an_earlier_activity_happened_at_local_midday() {
        let draft = activity("meeting", "2026-04-30")
            .validate(NOW, TEHRAN)
            .unwrap();
        // Midday in Tehran is 08:30 UTC.
        assert_eq!(
            draft.at,
            date(2026, 4, 30).start_timestamp() + (8 * 60 + 30) * 60_000
        );
        assert_eq!(Date::from_timestamp(draft.at, TEHRAN), date(2026, 4, 30));
        let draft = activity("meeting", "2026-04-30")
            .validate(NOW, -480)
            .unwrap();
        assert_eq!(
            draft.at,
            date(2026, 4, 30).start_timestamp() + 20 * 3_600_000
        );
    }

    #[test]
    fn tomorrow_is_in_the_future_even_close_to_midnight() {
        assert_eq!(
            activity_problems(&activity("call", "2026-05-02"), NOW),
            vec![(ActivityField::Date, Problem::DateInFuture)]
        );
        // 23:59 local on 1 May: 2 May is still tomorrow; at 00:00 on 2 May it is today.
        let last_minute =
            date(2026, 5, 1).start_timestamp() + (24 * 60 - 1 - TEHRAN as i64) * 60_000;
        assert_eq!(
            activity_problems(&activity("call", "2026-05-02"), last_minute),
            vec![(ActivityField::Date, Problem::DateInFuture)]
        );
        let midnight = last_minute + 60_000;
        let draft = activity("call", "2026-05-02")
            .validate(midnight, TEHRAN)
            .unwrap();
        assert_eq!(draft.at, midnight);
    }

    #[test]
    fn activity_problems_all_at_once() {
        let f = ActivityForm {
            notes: "x".repeat(MAX_ACTIVITY_NOTES_CHARS + 1),
            ..activity("", "")
        };
        assert_eq!(
            activity_problems(&f, NOW),
            vec![
                (ActivityField::Kind, Problem::Required),
                (ActivityField::Date, Problem::Required),
                (ActivityField::Notes, Problem::TooLong),
            ]
        );
        assert_eq!(
            activity_problems(&activity("lunch", "1405/13/01"), NOW),
            vec![
                (ActivityField::Kind, Problem::UnknownOption),
                (ActivityField::Date, Problem::NoSuchDay)
            ]
        );
        assert_eq!(
            activity_problems(&activity("call", "yesterday"), NOW),
            vec![(ActivityField::Date, Problem::InvalidDate)]
        );
    }

    #[test]
    fn a_draft_becomes_an_activity() {
        let draft = activity("demo", "2026-05-01")
            .validate(NOW, TEHRAN)
            .unwrap();
        let a = draft.into_activity(3, 7);
        assert_eq!(
            (a.id, a.lead_id, a.kind, a.at),
            (3, 7, ActivityKind::Demo, NOW)
        );
    }
}
