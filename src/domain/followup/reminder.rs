//! Reminders: which open tasks came due in a stretch of time. While Kariz is open the stretch is
//! from the last check to now; at start it is from when reminders were last shown to the start,
//! so a task that came due while the app was closed is listed as missed instead of skipped.

use super::task::{Task, TaskId};
use crate::domain::Timestamp;

/// Open tasks whose due time is after `since` (or at any time before `until` when reminders were
/// never shown) and no later than `until`, earliest due first. A task made already due (a past
/// due time confirmed, a sequence's day-0 step) is left out: whoever made it knows.
pub fn came_due(tasks: &[Task], since: Option<Timestamp>, until: Timestamp) -> Vec<TaskId> {
    let mut due: Vec<&Task> = tasks
        .iter()
        .filter(|t| {
            t.is_open()
                && t.due > t.created_at
                && t.due <= until
                && since.is_none_or(|since| t.due > since)
        })
        .collect();
    due.sort_by_key(|t| (t.due, t.id));
    due.into_iter().map(|t| t.id).collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::followup::{TaskOrigin, TaskSubject};

    const HOUR: Timestamp = 3_600_000;
    const START: Timestamp = 1_796_195_400_000;

    fn task(id: TaskId, due: Timestamp, done: bool) -> Task {
        Task {
            id,
            title: format!("Task {id}"),
            subject: TaskSubject::General,
            owner: "Sara".into(),
            due,
            done_at: done.then_some(due),
            origin: TaskOrigin::Manual,
            created_at: START - 1000 * HOUR,
        }
    }

    #[test]
    fn tasks_due_while_the_app_was_closed_are_missed_and_listed_earliest_first() {
        // Reminders were last shown at START; the app opens again 30 hours later.
        let tasks = [
            task(1, START - HOUR, false),      // reminded before
            task(2, START + 20 * HOUR, false), // came due while closed
            task(3, START + 2 * HOUR, false),  // came due while closed
            task(4, START + 5 * HOUR, true),   // done: nothing to remind
            task(5, START + 40 * HOUR, false), // not due yet
            task(6, START, false),             // due exactly when last shown
        ];
        let opened = START + 30 * HOUR;
        assert_eq!(came_due(&tasks, Some(START), opened), vec![3, 2]);
        // Ten hours later (checked while open), the last one has come due.
        assert_eq!(came_due(&tasks, Some(opened), opened + 10 * HOUR), vec![5]);
        assert!(came_due(&tasks, Some(opened), opened + 9 * HOUR).is_empty());
    }

    #[test]
    fn before_any_reminder_was_shown_every_overdue_open_task_is_missed() {
        let tasks = [
            task(1, START - 900 * HOUR, false),
            task(2, START - HOUR, true),
            task(3, START + HOUR, false),
        ];
        assert_eq!(came_due(&tasks, None, START), vec![1]);
        assert_eq!(came_due(&tasks, None, START + HOUR), vec![1, 3]);
    }

    #[test]
    fn a_task_made_already_due_is_not_reminded_of() {
        let mut late = task(1, START - HOUR, false);
        late.created_at = START;
        let mut day_zero = task(2, START, false);
        day_zero.created_at = START;
        assert!(came_due(&[late, day_zero], None, START + HOUR).is_empty());
    }
}
