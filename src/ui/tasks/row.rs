//! One task in a list: a checkbox named by its title (ticking it completes the task), what it is
//! about, when it is due and whose it is.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::followup::{Task, TaskSubject};
use crate::i18n::{format_date_time, t, t_with, task_title, tasks_calendar};
use crate::ui::components::download_text;
use crate::ui::i18n::{tr, use_lang};
use crate::ui::links::href;
use crate::ui::state::{now, use_app, utc_offset_minutes, AppState};

#[component]
pub fn TaskRow(task: Task) -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let id = task.id;
    let done = !task.is_open();
    let overdue = task.is_overdue(now());
    let busy = RwSignal::new(false);
    let check_id = format!("task-{id}");
    let (about, link) = subject_link(app, task.subject);
    let title = {
        let task = task.clone();
        move || task_title(lang.get(), &task)
    };
    let history_title = {
        let task = task.clone();
        Signal::derive(move || task_title(lang.get(), &task))
    };
    let due = task.due;
    let owner = task.owner.clone();
    let download = {
        let task = task.clone();
        move |_| {
            let about = |t: &Task| subject_link(app, t.subject).0;
            let text = tasks_calendar(
                lang.get_untracked(),
                std::slice::from_ref(&task),
                about,
                now(),
            );
            download_text(
                &format!("kariz-task-{id}.ics"),
                "text/calendar;charset=utf-8",
                &text,
            );
        }
    };
    let download_name = {
        let task = task.clone();
        move || {
            t_with(
                lang.get(),
                "tasks.download_one",
                &[("title", &task_title(lang.get(), &task))],
            )
        }
    };

    let toggle = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let lang = lang.get_untracked();
        leptos::task::spawn_local(async move {
            let _ = if done {
                app.reopen_task(id).await
            } else {
                app.complete_task(id, lang).await
            };
            busy.set(false);
        });
    };

    view! {
        <li class="task-item" class:task-done=done class:task-overdue=overdue>
            <div class="task-check">
                <input type="checkbox" id=check_id.clone() prop:checked=done
                    disabled=move || busy.get() on:change=toggle/>
                <label for=check_id>{title}</label>
            </div>
            <p class="task-meta muted">
                {link.map(|path| view! { <A href=href(&path)>{about.clone()}</A> " · " })}
                <span>{move || t_with(lang.get(), "tasks.due", &[("when", &format_date_time(lang.get(), due, utc_offset_minutes()))])}</span>
                {overdue.then(|| view! { " " <span class="badge badge-danger">{tr("tasks.overdue")}</span> })}
                " · "
                <span>{move || if owner.trim().is_empty() {
                    t(lang.get(), "tasks.no_owner").to_owned()
                } else {
                    t_with(lang.get(), "tasks.owner", &[("owner", &owner)])
                }}</span>
                {(!done).then(|| view! {
                    " · "
                    <button type="button" class="link-button" aria-label=download_name on:click=download>
                        {tr("tasks.download_ics")}
                    </button>
                })}
            </p>
            <crate::ui::sync::FoldedHistory doc_id=format!("task:{id}") title=history_title/>
        </li>
    }
}

/// What a task is about as a name and the page to open it on (the lead's, or the deal's lead's).
pub(super) fn subject_link(app: AppState, subject: TaskSubject) -> (String, Option<String>) {
    match subject {
        TaskSubject::Lead(lead) => app.book.with_untracked(|b| match b.lead(lead) {
            Some(l) if !l.is_deleted() => (l.name.clone(), Some(format!("/leads/{lead}"))),
            _ => (String::new(), None),
        }),
        TaskSubject::Deal(deal) => app.deals.with_untracked(|d| match d.get(deal) {
            Some(d) => (d.title.clone(), Some(format!("/leads/{}", d.lead))),
            None => (String::new(), None),
        }),
        TaskSubject::General => (String::new(), None),
    }
}
