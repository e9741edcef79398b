//! What a rep has to do today: their open tasks due today or already overdue, the first thing
//! the Today page shows.

use crate::domain::{Date, Timestamp};

use super::task::work_order;
use super::Task;

/// The open tasks of `me` due by the end of today (the viewer's day), overdue first. With no
/// name of one's own set (`me` empty), nobody's tasks can be told apart: every open task counts.
pub fn agenda(tasks: &[Task], me: &str, now: Timestamp, offset_minutes: i32) -> Vec<Task> {
    let today = Date::from_timestamp(now, offset_minutes);
    let me = me.trim();
    let mut due: Vec<Task> = tasks
        .iter()
        .filter(|t| t.is_open())
        .filter(|t| me.is_empty() || t.owner.trim() == me)
        .filter(|t| Date::from_timestamp(t.due, offset_minutes) <= today)
        .cloned()
        .collect();
    work_order(&mut due);
    due
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::followup::{TaskOrigin, TaskSubject};

    /// 2026-12-02 10:40 in Tehran (07:10 UTC).
    const NOW: Timestamp = 1_796_195_400_000;
    const TEHRAN: i32 = 210;
    const HOUR: i64 = 3_600_000;

    fn task(id: u64, due: Timestamp, owner: &str, done: bool) -> Task {
        Task {
            id,
            title: format!("t{id}"),
            subject: TaskSubject::General,
            owner: owner.into(),
            due,
            done_at: done.then_some(NOW),
            origin: TaskOrigin::Manual,
            created_at: 0,
        }
    }

    fn ids(tasks: &[Task]) -> Vec<u64> {
        tasks.iter().map(|t| t.id).collect()
    }

    #[test]
    fn my_overdue_and_due_today_tasks_overdue_first() {
        let tasks = [
            task(1, NOW + 10 * HOUR, "Sara", false), // 20:40 tonight
            task(2, NOW - 50 * HOUR, "Sara", false), // two days ago
            task(3, NOW + 14 * HOUR, "Sara", false), // 00:40 tomorrow
            task(4, NOW - HOUR, "Omid", false),
            task(5, NOW - HOUR, "Sara", true),
        ];
        assert_eq!(ids(&agenda(&tasks, " Sara ", NOW, TEHRAN)), [2, 1]);
        assert_eq!(ids(&agenda(&tasks, "", NOW, TEHRAN)), [2, 4, 1]);
    }
}
