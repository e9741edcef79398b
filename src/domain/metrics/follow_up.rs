//! Follow-up health: are Hot leads contacted quickly, and how much does each rep do?
//!
//! Definitions (what Kariz stores decides them):
//! - **Became Hot.** Kariz keeps no score history, so the moment a lead became Hot is not known.
//!   A lead that is Hot now (after rule penalties) is taken to have been Hot since it was
//!   *created*: the measure is "Hot leads contacted within 24 hours of being created". The leads
//!   counted are those created in the chosen period.
//! - **Contacted** is an activity where the seller reached out (`ActivityKind::is_contact`) less
//!   than 24 hours after the lead was created.
//! - **Activities per rep.** Activities name no author; an activity counts for the owner of its
//!   lead (`""` for leads without one). Only activities on a day in the period count.
//! - **Overdue follow-ups** are open tasks of the rep (by the task's owner) past their due time,
//!   out of the rep's open tasks, as of now whatever the period. Without any task in Kariz there
//!   is nothing to measure.

use super::rate::Rate;
use crate::domain::followup::Task;
use crate::domain::forecast::Period;
use crate::domain::lead_list::collate;
use crate::domain::time::date::MS_PER_DAY;
use crate::domain::{Activity, Date, Lead, Timestamp};

/// How soon a new Hot lead must be contacted.
pub const FIRST_CONTACT_WINDOW_MS: i64 = MS_PER_DAY;

/// Whether `lead` was contacted within [`FIRST_CONTACT_WINDOW_MS`] of its creation.
pub fn contacted_in_time(lead: &Lead, activities: &[Activity]) -> bool {
    activities
        .iter()
        .any(|a| a.kind.is_contact() && a.at - lead.created_at < FIRST_CONTACT_WINDOW_MS)
}

/// One rep's activity count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepActivity {
    pub rep: String,
    pub activities: usize,
}

/// Follow-up health of a period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowUpHealth {
    /// Hot leads created in the period contacted within 24 hours, out of those Hot leads.
    pub hot_contacted_in_time: Rate,
    /// Reps by activities in the period, most first (ties by name); reps without activity absent.
    pub activities_by_rep: Vec<RepActivity>,
    /// Overdue open tasks out of the open tasks; `None` when Kariz holds no task at all.
    pub overdue_tasks: Option<Rate>,
}

/// The open tasks `owns` picks (by owner) that are past due at `now`, out of those open tasks;
/// `None` when there is no task at all, open or done, so "0 of 0" never passes for good news.
pub fn overdue_tasks(tasks: &[Task], owns: impl Fn(&str) -> bool, now: Timestamp) -> Option<Rate> {
    if tasks.is_empty() {
        return None;
    }
    let mut rate = Rate::new(0, 0);
    for task in tasks.iter().filter(|t| t.is_open() && owns(&t.owner)) {
        rate.whole += 1;
        rate.part += usize::from(task.is_overdue(now));
    }
    Some(rate)
}

/// Accumulates [`FollowUpHealth`] lead by lead.
pub struct FollowUpCounter {
    period: Period,
    utc_offset_minutes: i32,
    hot: Rate,
    reps: Vec<RepActivity>,
}

impl FollowUpCounter {
    pub fn new(period: Period, utc_offset_minutes: i32) -> FollowUpCounter {
        FollowUpCounter {
            period,
            utc_offset_minutes,
            hot: Rate::new(0, 0),
            reps: Vec::new(),
        }
    }

    fn in_period(&self, at: Timestamp) -> bool {
        self.period
            .contains(Date::from_timestamp(at, self.utc_offset_minutes))
    }

    /// Counts one lead (not deleted), `hot` when its grade now is Hot.
    pub fn add(&mut self, lead: &Lead, activities: &[Activity], hot: bool) {
        if hot && self.in_period(lead.created_at) {
            self.hot.whole += 1;
            self.hot.part += usize::from(contacted_in_time(lead, activities));
        }
        let count = activities.iter().filter(|a| self.in_period(a.at)).count();
        if count == 0 {
            return;
        }
        let rep = lead.owner.trim();
        match self
            .reps
            .iter_mut()
            .find(|r| r.rep.to_lowercase() == rep.to_lowercase())
        {
            Some(r) => r.activities += count,
            None => self.reps.push(RepActivity {
                rep: rep.to_string(),
                activities: count,
            }),
        }
    }

    /// The health, with the overdue tasks counted by [`overdue_tasks`].
    pub fn finish(mut self, overdue_tasks: Option<Rate>) -> FollowUpHealth {
        crate::domain::text::sort::sort_by(&mut self.reps, |a, b| {
            b.activities
                .cmp(&a.activities)
                .then_with(|| collate(&a.rep, &b.rep))
        });
        FollowUpHealth {
            hot_contacted_in_time: self.hot,
            activities_by_rep: self.reps,
            overdue_tasks,
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::forecast::{CalendarKind, PeriodKind};
    use crate::domain::test_support::{activity, lead};
    use crate::domain::ActivityKind;

    const HOUR: i64 = 3_600_000;

    /// March 2026 (Gregorian).
    fn march() -> Period {
        Period::new(CalendarKind::Gregorian, PeriodKind::Month, 2026, 3).unwrap()
    }

    fn at(day: u32, hour: i64) -> Timestamp {
        Date::from_gregorian(2026, 3, day)
            .unwrap()
            .start_timestamp()
            + hour * HOUR
    }

    fn owned(id: u64, owner: &str, created: Timestamp) -> Lead {
        Lead {
            owner: owner.into(),
            created_at: created,
            ..lead(id)
        }
    }

    #[test]
    fn golden_follow_up_health() {
        let mut counter = FollowUpCounter::new(march(), 0);
        // Hot, created 2 March 09:00, called at 20:00 the same day: in time.
        let a = owned(1, "Sara", at(2, 9));
        counter.add(&a, &[activity(1, 1, ActivityKind::Call, at(2, 20))], true);
        // Hot, created 3 March 09:00, emailed 4 March 09:00 — exactly 24 h: too late. The note
        // before it is no contact.
        let b = owned(2, "sara ", at(3, 9));
        counter.add(
            &b,
            &[
                activity(2, 2, ActivityKind::Note, at(3, 10)),
                activity(3, 2, ActivityKind::EmailSent, at(4, 9)),
            ],
            true,
        );
        // Hot, never contacted.
        counter.add(&owned(3, "Reza", at(10, 0)), &[], true);
        // Hot but created in February: not counted among the Hot leads; its March call counts
        // for Reza's activities, its February one does not.
        let d = owned(4, "Reza", at(1, 0) - 48 * HOUR);
        counter.add(
            &d,
            &[
                activity(4, 4, ActivityKind::Call, at(1, 0) - HOUR),
                activity(5, 4, ActivityKind::Call, at(5, 0)),
            ],
            true,
        );
        // Warm, contacted at once: not Hot, so only its activities count.
        let e = owned(5, "Mina", at(6, 0));
        counter.add(
            &e,
            &[
                activity(6, 5, ActivityKind::Call, at(6, 1)),
                activity(7, 5, ActivityKind::Meeting, at(7, 1)),
            ],
            false,
        );
        let health = counter.finish(None);
        // Hot leads created in March: 1, 2, 3; contacted in time: 1 → 1 of 3.
        assert_eq!(health.hot_contacted_in_time, Rate::new(1, 3));
        // Sara 1 + 2 = 3 (owner names match whatever their case and spaces), Mina 2, Reza 1.
        assert_eq!(
            health.activities_by_rep,
            vec![
                RepActivity {
                    rep: "Sara".into(),
                    activities: 3
                },
                RepActivity {
                    rep: "Mina".into(),
                    activities: 2
                },
                RepActivity {
                    rep: "Reza".into(),
                    activities: 1
                },
            ]
        );
    }
    #[test]
    fn golden_overdue_tasks_of_a_rep() {
        use crate::domain::followup::{TaskOrigin, TaskSubject};
        let now = at(20, 12);
        let task = |id, owner: &str, due: Timestamp, done: bool| Task {
            id,
            title: format!("Task {id}"),
            subject: TaskSubject::Lead(id),
            owner: owner.into(),
            due,
            done_at: done.then_some(due),
            origin: TaskOrigin::Manual,
            created_at: at(1, 9),
        };
        let tasks = [
            task(1, "Sara", at(19, 9), false),    // overdue
            task(2, " sara ", at(20, 11), false), // overdue by an hour
            task(3, "Sara", at(20, 13), false),   // due in an hour
            task(4, "Sara", at(18, 9), true),     // done: not open, not counted
            task(5, "Reza", at(10, 9), false),    // Reza's, overdue
        ];
        let sara = |owner: &str| owner.trim().eq_ignore_ascii_case("sara");
        assert_eq!(overdue_tasks(&tasks, sara, now), Some(Rate::new(2, 3)));
        assert_eq!(overdue_tasks(&tasks, |_| true, now), Some(Rate::new(3, 4)));
        assert_eq!(
            overdue_tasks(&tasks[3..4], |_| true, now),
            Some(Rate::new(0, 0)),
            "every task done: nothing overdue, and tasks are in use"
        );
        assert_eq!(
            overdue_tasks(&[], |_| true, now),
            None,
            "no task: not measured"
        );
    }
}
