//! Today's first section: the user's tasks due today or overdue, ticked off right here.

use leptos::prelude::*;

use crate::domain::followup::{agenda, Task};
use crate::ui::i18n::tr;
use crate::ui::state::{now, use_app, utc_offset_minutes};
use crate::ui::tasks::TaskRow;

#[component]
pub fn TasksDue() -> impl IntoView {
    let app = use_app();
    let due = Memo::new(move |_| {
        let me = app.profile.with(|p| p.name.clone());
        app.follow_up
            .with(|f| agenda(&f.tasks, &me, now(), utc_offset_minutes()))
    });
    view! {
        <Show when=move || !due.with(Vec::is_empty)>
            <section class="today-tasks" aria-labelledby="today-tasks-title">
                <h2 id="today-tasks-title">{tr("today.tasks")}</h2>
                <ul class="task-list" aria-label=tr("today.tasks")>
                    <For each=move || due.get() key=|task: &Task| (task.id, task.done_at, task.due, task.title.clone(), task.owner.clone()) let:task>
                        <TaskRow task=task/>
                    </For>
                </ul>
            </section>
        </Show>
    }
}
