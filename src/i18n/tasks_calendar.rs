//! The open tasks as a calendar file, titled in the viewer's language.

use super::{task_title, Lang};
use crate::domain::followup::{tasks_ics, Task};
use crate::domain::Timestamp;

/// The open tasks among `tasks` as an iCalendar file, each titled as [`task_title`] shows it in
/// `lang` and followed by what `about` names (its lead or deal).
pub fn tasks_calendar(
    lang: Lang,
    tasks: &[Task],
    about: impl Fn(&Task) -> String,
    now: Timestamp,
) -> String {
    let shown: Vec<Task> = tasks
        .iter()
        .filter(|t| t.is_open())
        .map(|t| Task {
            title: task_title(lang, t),
            ..t.clone()
        })
        .collect();
    tasks_ics(&shown, about, now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::followup::{TaskOrigin, TaskSubject};

    #[test]
    fn automatic_tasks_are_titled_in_the_viewers_language_and_done_ones_left_out() {
        let task = |id, title: &str, origin, done: bool| Task {
            id,
            title: title.into(),
            subject: TaskSubject::Lead(1),
            owner: "Sara".into(),
            due: 1_796_195_400_000,
            done_at: done.then_some(1),
            origin,
            created_at: 1_796_195_400_000 - 24 * 3_600_000,
        };
        let tasks = [
            task(1, "task.title_hot_lead", TaskOrigin::HotLead, false),
            task(2, "Old call", TaskOrigin::Manual, true),
        ];
        let file = tasks_calendar(Lang::En, &tasks, |_| "Arash".into(), 0);
        assert!(
            file.contains("SUMMARY:Contact within 24 hours — Arash"),
            "{file}"
        );
        assert!(!file.contains("Old call"));
        let persian = tasks_calendar(Lang::Fa, &tasks, |_| String::new(), 0);
        assert!(persian.contains("SUMMARY:تماس ظرف ۲۴ ساعت"), "{persian}");
    }
}
