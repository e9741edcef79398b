//! A task's title as the viewer reads it: automatic tasks store a message key, shown in the
//! viewer's language; a title someone typed is shown as typed.

use super::{format_number, t_with, Lang};
use crate::domain::followup::{Task, TaskOrigin};

const HOUR_MS: i64 = 60 * 60 * 1000;

/// The title of `task` in `lang`. A Hot lead's follow-up names the hours it was given
/// ("Contact within 24 hours").
pub fn task_title(lang: Lang, task: &Task) -> String {
    let automatic = matches!(task.origin, TaskOrigin::HotLead | TaskOrigin::StaleDeal);
    if !automatic || !lang.table().contains_key(task.title.as_str()) {
        return task.title.clone();
    }
    let hours = ((task.due - task.created_at).max(0) / HOUR_MS) as u64;
    t_with(lang, &task.title, &[("hours", &format_number(lang, hours))])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::followup::TaskSubject;

    fn task(title: &str, origin: TaskOrigin, hours: i64) -> Task {
        Task {
            id: 1,
            title: title.into(),
            subject: TaskSubject::Lead(1),
            owner: String::new(),
            due: 1_000 + hours * HOUR_MS,
            done_at: None,
            origin,
            created_at: 1_000,
        }
    }

    #[test]
    fn automatic_titles_are_translated_and_typed_ones_kept() {
        let hot = task("task.title_hot_lead", TaskOrigin::HotLead, 24);
        assert_eq!(task_title(Lang::En, &hot), "Contact within 24 hours");
        assert_eq!(task_title(Lang::Fa, &hot), "تماس ظرف ۲۴ ساعت");
        let soon = task("task.title_hot_lead", TaskOrigin::HotLead, 8);
        assert_eq!(task_title(Lang::En, &soon), "Contact within 8 hours");
        let stale = task("task.title_stale_deal", TaskOrigin::StaleDeal, 48);
        assert_eq!(task_title(Lang::En, &stale), "Revive or close this deal");
        // Someone typing a key's text into a task of their own gets what they typed.
        let typed = task("task.title_stale_deal", TaskOrigin::Manual, 1);
        assert_eq!(task_title(Lang::En, &typed), "task.title_stale_deal");
        let step = task(
            "Intro email",
            TaskOrigin::Sequence {
                sequence: 1,
                step: 0,
            },
            0,
        );
        assert_eq!(task_title(Lang::Fa, &step), "Intro email");
    }
}
