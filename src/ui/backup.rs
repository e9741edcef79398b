//! Backups in the browser: when the last one was downloaded (this browser's local storage, per
//! database), the reminder banner, and the restore flow (read → preview → replace all data).

use gloo_storage::Storage;
use leptos::prelude::*;

use crate::domain::{Date, Timestamp};
use crate::i18n::{format_date, format_number, t, t_with, Lang};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::state::{now, use_app, utc_offset_minutes};
use crate::workspace::{backup_due, open_backup, BackupError, BackupPreview, ReadBackup};

fn storage_key(database: &str) -> String {
    format!("kariz-last-backup:{database}")
}

/// Remembers that a backup of `database` was downloaded at `at`.
pub fn remember_backup(database: &str, at: Timestamp) {
    let _ = gloo_storage::LocalStorage::set(storage_key(database), at);
}

/// When a backup of `database` was last downloaded in this browser.
pub fn last_backup(database: &str) -> Option<Timestamp> {
    gloo_storage::LocalStorage::get(storage_key(database)).ok()
}

/// "Last backup: 12 Azar 1405" / "never".
pub fn last_backup_text(lang: Lang, at: Option<Timestamp>) -> String {
    let when = match at {
        Some(at) => format_date(lang, Date::from_timestamp(at, utc_offset_minutes())),
        None => t(lang, "backup.never").to_owned(),
    };
    t_with(lang, "backup.last", &[("when", &when)])
}

/// The user-facing reason a file cannot be restored.
fn error_text(lang: Lang, error: &BackupError) -> String {
    match error {
        BackupError::NotABackup => t(lang, "backup.error.not_a_backup").to_owned(),
        BackupError::Damaged(_) => t(lang, "backup.error.damaged").to_owned(),
        BackupError::TooLarge => t(lang, "backup.error.too_large").to_owned(),
        BackupError::TooNew { found, supported } => t_with(
            lang,
            "backup.error.too_new",
            &[
                ("found", &format_number(lang, u64::from(*found))),
                ("supported", &format_number(lang, u64::from(*supported))),
            ],
        ),
    }
}

/// Offers a backup when changes went a week without one; dismissed for this visit.
#[component]
pub fn BackupReminder() -> impl IntoView {
    let app = use_app();
    let dismissed = RwSignal::new(false);
    let due = Memo::new(move |_| {
        let last = app.last_backup();
        app.book.with(|book| backup_due(book, last, now()))
    });
    let download = move |_| {
        leptos::task::spawn_local(async move {
            let _ = app.download_backup(true).await;
        });
    };
    view! {
        <Show when=move || due.get() && !dismissed.get()>
            <section class="backup-banner no-print" role="region" aria-labelledby="backup-banner-title">
                <p id="backup-banner-title">{tr("backup.reminder")}</p>
                <button type="button" class="primary" on:click=download>{tr("backup.download")}</button>
                <button type="button" on:click=move |_| dismissed.set(true)>{tr("backup.dismiss")}</button>
            </section>
        </Show>
    }
}

/// Settings → Data: download a backup, and restore one after seeing what it holds.
#[component]
pub fn BackupControls() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let compress = RwSignal::new(true);
    let busy = RwSignal::new(false);
    let read = RwSignal::new(None::<ReadBackup>);
    let problem = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(false);
    let file_input = NodeRef::<leptos::html::Input>::new();

    let download = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let _ = app.download_backup(compress.get_untracked()).await;
            busy.set(false);
        });
    };
    let choose = move |_| crate::ui::components::open_file_picker(file_input);
    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = crate::ui::components::chosen_file(&ev) else {
            return;
        };
        problem.set(None);
        read.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
            let lang = lang.get_untracked();
            match buffer {
                Ok(buffer) => match open_backup(&js_sys::Uint8Array::new(&buffer).to_vec()) {
                    Ok(backup) => read.set(Some(backup)),
                    Err(e) => problem.set(Some(error_text(lang, &e))),
                },
                Err(_) => problem.set(Some(t(lang, "backup.error.unreadable_file").to_owned())),
            }
            busy.set(false);
        });
    };
    let replace = move |_| {
        let Some(backup) = read.get_untracked() else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            if app.restore_backup(backup).await.is_ok() {
                read.set(None);
            }
            confirming.set(false);
            busy.set(false);
        });
    };
    let cancel = move |_| {
        read.set(None);
        confirming.set(false);
    };

    view! {
        <p>{move || last_backup_text(lang.get(), app.last_backup())}</p>
        // A backup holds what the store can read; what it cannot stays downloadable apart.
        {move || {
            let count = app.unreadable.with(Vec::len);
            (count > 0).then(|| view! {
                <p class="warning" role="note">{move || t_with(lang.get(), "backup.unreadable_left_out", &[
                    ("count", &format_number(lang.get(), count as u64)),
                ])}</p>
            })
        }}
        <div class="actions">
            <label class="field inline-field">
                <span>{tr("backup.format")}</span>
                <select on:change:target=move |ev| compress.set(ev.target().value() == "gz")>
                    <option value="gz" selected=move || compress.get()>{tr("backup.format_gz")}</option>
                    <option value="json" selected=move || !compress.get()>{tr("backup.format_json")}</option>
                </select>
            </label>
            <button type="button" disabled=move || busy.get() on:click=download>{tr("backup.download")}</button>
            <button type="button" disabled=move || busy.get() on:click=choose>{tr("backup.restore")}</button>
            <input node_ref=file_input type="file" class="visually-hidden" tabindex="-1" aria-hidden="true"
                accept=".json,.gz,application/json,application/gzip" on:change=on_file/>
        </div>
        {move || problem.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
        {move || read.get().map(|backup| view! {
            <BackupPreviewCard preview=backup.preview.clone()/>
            <div class="actions">
                <button type="button" class="danger" disabled=move || busy.get()
                    on:click=move |_| confirming.set(true)>{tr("backup.replace_all")}</button>
                <button type="button" on:click=cancel>{tr("backup.cancel")}</button>
            </div>
        })}
        <Show when=move || confirming.get()>
            <div class="dialog-backdrop">
                <section class="card dialog" role="dialog" aria-modal="true" aria-labelledby="restore-title">
                    <h2 id="restore-title">{tr("backup.confirm_title")}</h2>
                    <p>{tr("backup.confirm_body")}</p>
                    <div class="actions">
                        <button type="button" class="danger" disabled=move || busy.get() on:click=replace>
                            {tr("backup.confirm")}
                        </button>
                        <button type="button" on:click=move |_| confirming.set(false)>{tr("backup.cancel")}</button>
                    </div>
                </section>
            </div>
        </Show>
    }
}

/// What a backup holds, before it replaces anything.
#[component]
fn BackupPreviewCard(preview: BackupPreview) -> impl IntoView {
    let lang = use_lang();
    let rows = move || {
        let lang = lang.get();
        let n = |v: usize| format_number(lang, v as u64);
        vec![
            (
                t(lang, "backup.made"),
                format_date(
                    lang,
                    Date::from_timestamp(preview.created_at, utc_offset_minutes()),
                ),
            ),
            (t(lang, "backup.version"), preview.app_version.clone()),
            (t(lang, "backup.leads"), n(preview.leads)),
            (t(lang, "backup.activities"), n(preview.activities)),
            (t(lang, "backup.deals"), n(preview.deals)),
            (t(lang, "backup.qualifications"), n(preview.qualifications)),
            (t(lang, "backup.rule_states"), n(preview.rule_states)),
            (t(lang, "backup.audit"), n(preview.audit_entries)),
            (t(lang, "backup.settings"), n(preview.settings)),
        ]
    };
    view! {
        <section class="backup-preview" role="region" aria-labelledby="backup-preview-title">
            <h3 id="backup-preview-title">{tr("backup.preview_title")}</h3>
            <dl>
                {move || rows().into_iter().map(|(label, value)| view! {
                    <dt>{label}</dt>
                    <dd>{value}</dd>
                }).collect_view()}
            </dl>
        </section>
    }
}
