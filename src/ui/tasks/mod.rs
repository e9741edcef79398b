//! The Tasks screen: the follow-ups to do, filtered (mine, overdue, today, this week, all open),
//! each ticked off where it is listed, "New task" to add one, and the open ones as a calendar
//! file.

mod form;
mod row;

pub use row::TaskRow;

use leptos::prelude::*;

use crate::domain::followup::{Task, TaskFilter};
use crate::i18n::{t, tasks_calendar};
use crate::ui::components::{download_text, SelectField};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::state::{now, use_app, utc_offset_minutes};
use form::TaskFormView;

/// The filters the list offers: key and label.
const FILTERS: [(&str, &str); 5] = [
    ("open", "tasks.filter_open"),
    ("mine", "tasks.filter_mine"),
    ("overdue", "tasks.filter_overdue"),
    ("today", "tasks.filter_today"),
    ("week", "tasks.filter_week"),
];

/// The filter a key names; `me` is the user's name, for "mine".
fn filter_of(key: &str, me: String) -> TaskFilter {
    match key {
        "mine" => TaskFilter::Mine(me),
        "overdue" => TaskFilter::Overdue,
        "today" => TaskFilter::Today,
        "week" => TaskFilter::ThisWeek,
        _ => TaskFilter::Open,
    }
}

#[component]
pub fn TasksPage() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    // `/tasks?show=overdue` (the Dashboard's link) opens with that filter chosen.
    let asked = leptos_router::hooks::use_query_map()
        .get_untracked()
        .get("show")
        .filter(|key| FILTERS.iter().any(|(k, _)| k == key));
    let shown = RwSignal::new(asked.unwrap_or_else(|| FILTERS[0].0.to_owned()));
    let creating = RwSignal::new(false);
    let tasks = Memo::new(move |_| {
        let filter = filter_of(&shown.get(), app.profile.with(|p| p.name.clone()));
        app.follow_up
            .with(|f| filter.apply(&f.tasks, now(), utc_offset_minutes()))
    });
    let options = Signal::derive(move || {
        let lang = lang.get();
        FILTERS
            .iter()
            .map(|(key, label)| (key.to_string(), t(lang, label).to_owned()))
            .collect::<Vec<_>>()
    });
    let export_calendar = move |_| {
        let text = app.follow_up.with_untracked(|f| {
            let about = |task: &Task| row::subject_link(app, task.subject).0;
            tasks_calendar(lang.get_untracked(), &f.tasks, about, now())
        });
        download_text("kariz-tasks.ics", "text/calendar;charset=utf-8", &text);
    };
    let no_name = move || shown.get() == "mine" && app.profile.with(|p| p.name.trim().is_empty());

    view! {
        <div class="page-header">
            <h1>{tr("tasks.title")}</h1>
            <button type="button" class="primary" on:click=move |_| {
                creating.set(true);
                crate::ui::leads::focus("task-title");
            } disabled=move || creating.get()>{tr("tasks.new")}</button>
            <div class="actions">
                <button type="button" on:click=export_calendar>{tr("tasks.export_calendar")}</button>
            </div>
        </div>
        <Show when=move || creating.get()>
            <TaskFormView on_done=move || creating.set(false)/>
        </Show>
        <div class="toolbar">
            <SelectField id="tasks-filter" label="tasks.show" value=Signal::derive(move || shown.get())
                on_change=Callback::new(move |v: String| shown.set(v)) options=options/>
        </div>
        <Show when=no_name>
            <p class="muted">{tr("tasks.no_name")}</p>
        </Show>
        {move || if tasks.with(Vec::is_empty) {
            view! { <p class="empty-state card">{tr("tasks.empty")}</p> }.into_any()
        } else {
            view! {
                <ul class="task-list" aria-label=tr("tasks.list")>
                    <For each=move || tasks.get() key=|task: &Task| (task.id, task.done_at, task.due, task.title.clone(), task.owner.clone()) let:task>
                        <TaskRow task=task/>
                    </For>
                </ul>
            }.into_any()
        }}
    }
}
