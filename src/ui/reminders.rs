//! Task reminders while Kariz is open: a banner listing the tasks that came due since the app
//! started (checked every half minute) and, above them, the ones that came due while it was closed
//! ("Missed reminders"), each with Open, Mark done and Dismiss; and a browser notification when
//! the user allowed them in Settings → Automation. Up to when reminders were shown is stored
//! through the workspace, so the next start knows what was missed.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;
use wasm_bindgen::JsValue;

use crate::domain::followup::{came_due, Task, TaskId, TaskSubject};
use crate::i18n::{format_date_time, format_number, t, t_with, task_title, Lang};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::links::href;
use crate::ui::state::{now, use_app, utc_offset_minutes, AppState};

const CHECK_EVERY: Duration = Duration::from_secs(30);
/// Rows shown per list; the rest are counted and found on the Tasks page.
const SHOWN: usize = 10;

#[component]
pub fn RemindersBanner() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let started = now();
    let missed = RwSignal::new(
        app.follow_up
            .with_untracked(|f| came_due(&f.tasks, f.reminded_up_to, started)),
    );
    let due = RwSignal::new(Vec::<TaskId>::new());
    if !missed.with_untracked(Vec::is_empty) {
        leptos::task::spawn_local(app.mark_reminded(started));
    }
    let checked = StoredValue::new(started);
    let handle = set_interval_with_handle(
        move || {
            let at = now();
            let since = checked.get_value();
            checked.set_value(at);
            let fresh = app
                .follow_up
                .with_untracked(|f| came_due(&f.tasks, Some(since), at));
            if fresh.is_empty() {
                return;
            }
            notify_browser(app, lang.get_untracked(), &fresh);
            due.update(|d| {
                d.extend(
                    fresh
                        .iter()
                        .filter(|id| !d.contains(id))
                        .copied()
                        .collect::<Vec<_>>(),
                )
            });
            leptos::task::spawn_local(app.mark_reminded(at));
        },
        CHECK_EVERY,
    )
    .ok();
    on_cleanup(move || {
        if let Some(handle) = handle {
            handle.clear();
        }
    });

    // Only open tasks stay listed: one done here or anywhere else leaves the banner.
    let open_of = move |ids: Vec<TaskId>| -> Vec<Task> {
        app.follow_up.with(|f| {
            ids.iter()
                .filter_map(|id| f.task(*id).filter(|t| t.is_open()).cloned())
                .collect()
        })
    };
    let missed_tasks = Memo::new(move |_| open_of(missed.get()));
    let due_tasks = Memo::new(move |_| open_of(due.get()));
    let dismiss = move |id: TaskId| {
        missed.update(|m| m.retain(|x| *x != id));
        due.update(|d| d.retain(|x| *x != id));
    };
    let dismiss_all = move |_| {
        missed.set(Vec::new());
        due.set(Vec::new());
    };

    view! {
        <Show when=move || !missed_tasks.with(Vec::is_empty) || !due_tasks.with(Vec::is_empty)>
            <section class="card reminders" role="region" aria-labelledby="reminders-title">
                <h2 id="reminders-title">{tr("reminders.title")}</h2>
                <Show when=move || !missed_tasks.with(Vec::is_empty)>
                    <ReminderList heading_id="reminders-missed" heading="reminders.missed"
                        tasks=missed_tasks dismiss=dismiss/>
                </Show>
                <Show when=move || !due_tasks.with(Vec::is_empty)>
                    <ReminderList heading_id="reminders-due" heading="reminders.due"
                        tasks=due_tasks dismiss=dismiss/>
                </Show>
                <div class="actions">
                    <A href=href("/tasks")>{tr("reminders.all_tasks")}</A>
                    <button type="button" on:click=dismiss_all>{tr("reminders.dismiss_all")}</button>
                </div>
            </section>
        </Show>
    }
}

#[component]
fn ReminderList(
    heading_id: &'static str,
    heading: &'static str,
    tasks: Memo<Vec<Task>>,
    dismiss: impl Fn(TaskId) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    view! {
        <h3 id=heading_id>{tr(heading)}</h3>
        <ul class="reminder-list" aria-labelledby=heading_id>
            {move || tasks.with(|all| all.iter().take(SHOWN).cloned().collect::<Vec<_>>()).into_iter().map(|task| {
                let id = task.id;
                let title = task_title(lang.get(), &task);
                let page = subject_page(app, task.subject);
                let when = format_date_time(lang.get(), task.due, utc_offset_minutes());
                let named = |key: &'static str| t_with(lang.get(), key, &[("title", &title)]);
                let (open_name, done_name, dismiss_name) =
                    (named("reminders.open"), named("reminders.done"), named("reminders.dismiss"));
                let done = move |_| {
                    let lang = lang.get_untracked();
                    leptos::task::spawn_local(async move {
                        let _ = app.complete_task(id, lang).await;
                    });
                };
                view! {
                    <li>
                        <span class="reminder-title">{title.clone()}</span>" "
                        <span class="muted">{t_with(lang.get(), "tasks.due", &[("when", &when)])}</span>
                        <span class="actions">
                            <A href=href(&page) attr:aria-label=open_name>{t(lang.get(), "reminders.open_short")}</A>
                            <button type="button" aria-label=done_name on:click=done>{t(lang.get(), "reminders.done_short")}</button>
                            <button type="button" aria-label=dismiss_name on:click=move |_| dismiss(id)>{t(lang.get(), "reminders.dismiss_short")}</button>
                        </span>
                    </li>
                }
            }).collect_view()}
        </ul>
        {move || {
            let more = tasks.with(Vec::len).saturating_sub(SHOWN);
            (more > 0).then(|| view! {
                <p class="muted">{t_with(lang.get(), "reminders.more", &[("count", &format_number(lang.get(), more as u64))])}</p>
            })
        }}
    }
}

/// The page a task is done on: its lead's (a deal's lead's), or the Tasks page.
fn subject_page(app: AppState, subject: TaskSubject) -> String {
    let lead = match subject {
        TaskSubject::Lead(lead) => Some(lead),
        TaskSubject::Deal(deal) => app.deals.with_untracked(|d| d.get(deal).map(|d| d.lead)),
        TaskSubject::General => None,
    };
    match lead {
        Some(lead) => format!("/leads/{lead}"),
        None => "/tasks".to_owned(),
    }
}

/// Whether the browser offers notifications at all (some embedded browsers do not).
fn notifications_supported() -> bool {
    web_sys::window().is_some_and(|w| {
        js_sys::Reflect::has(&w, &JsValue::from_str("Notification")).unwrap_or(false)
    })
}

/// The browser's answer to asking for notifications, if it offers them.
pub fn notification_permission() -> Option<web_sys::NotificationPermission> {
    notifications_supported().then(web_sys::Notification::permission)
}

/// Shows one browser notification for tasks that just came due, only when the user allowed it.
fn notify_browser(app: AppState, lang: Lang, ids: &[TaskId]) {
    if notification_permission() != Some(web_sys::NotificationPermission::Granted) {
        return;
    }
    let titles: Vec<String> = app.follow_up.with_untracked(|f| {
        ids.iter()
            .filter_map(|id| f.task(*id))
            .map(|task| task_title(lang, task))
            .collect()
    });
    let options = web_sys::NotificationOptions::new();
    options.set_body(&titles.join("\n"));
    options.set_tag("kariz-reminders");
    let _ = web_sys::Notification::new_with_options(t(lang, "reminders.notification"), &options);
}

/// Asks the browser for permission to notify; called only from the user's click.
pub async fn ask_for_notifications() -> Option<web_sys::NotificationPermission> {
    if !notifications_supported() {
        return None;
    }
    let promise = web_sys::Notification::request_permission().ok()?;
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    notification_permission()
}
