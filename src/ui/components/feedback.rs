//! How the app tells the user what happened: notices with Undo, error banners, the storage failure page.

use leptos::prelude::*;

use crate::i18n::{t, t_with};
use crate::store::StoreError;
use crate::ui::components::download_text;
use crate::ui::i18n::{tr, use_lang};
use crate::ui::state::use_app;
use crate::workspace::unreadable_download;

/// Translation keys for what went wrong and what to do, with the browser's detail where useful.
fn explain(
    error: &StoreError,
) -> (
    &'static str,
    Option<&'static str>,
    Vec<(&'static str, String)>,
) {
    match error {
        StoreError::Unavailable(detail) => (
            "storage.unavailable",
            Some("storage.unavailable_fix"),
            vec![("detail", detail.clone())],
        ),
        StoreError::Blocked => ("storage.blocked", Some("storage.blocked_fix"), vec![]),
        StoreError::VersionChanged => (
            "storage.version_changed",
            Some("storage.version_changed_fix"),
            vec![],
        ),
        StoreError::TooNew { found, supported } => (
            "storage.too_new",
            Some("storage.too_new_fix"),
            vec![
                ("found", found.to_string()),
                ("supported", supported.to_string()),
            ],
        ),
        StoreError::QuotaExceeded => ("storage.quota", Some("storage.quota_fix"), vec![]),
        StoreError::Integrity(detail) => {
            ("storage.integrity", None, vec![("detail", detail.clone())])
        }
        StoreError::Corrupt(detail) => (
            "storage.corrupt",
            Some("storage.corrupt_fix"),
            vec![("detail", detail.clone())],
        ),
        StoreError::Conflict { what, .. } => (
            "storage.conflict",
            Some("storage.conflict_fix"),
            vec![("detail", what.clone())],
        ),
        StoreError::Other(detail) => (
            "storage.other",
            Some("storage.other_fix"),
            vec![("detail", detail.clone())],
        ),
    }
}

fn explanation(error: &StoreError) -> impl Fn() -> (String, Option<&'static str>) + use<> {
    let lang = use_lang();
    let (what, fix, args) = explain(error);
    move || {
        let lang = lang.get();
        let pairs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        (t_with(lang, what, &pairs), fix.map(|f| t(lang, f)))
    }
}

/// Full-page message when the database cannot be used at all.
#[component]
pub fn StorageFailure(error: StoreError) -> impl IntoView {
    let text = explanation(&error);
    let text2 = explanation(&error);
    view! {
        <section class="storage-failure" role="alert" aria-labelledby="storage-failure-title">
            <h1 id="storage-failure-title">{tr("storage.title")}</h1>
            <p>{move || text().0}</p>
            {move || text2().1.map(|fix| view! {
                <h2>{tr("storage.what_to_do")}</h2>
                <p>{fix}</p>
            })}
            <button type="button" on:click=|_| { let _ = window().location().reload(); }>
                {tr("storage.reload")}
            </button>
        </section>
    }
}

/// The last action's storage error, until dismissed.
#[component]
pub fn ErrorBanner() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    move || {
        app.error.get().map(|error| {
            let (what, fix, args) = explain(&error);
            let text = move || {
                let lang = lang.get();
                let pairs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let mut text = t_with(lang, what, &pairs);
                if let Some(fix) = fix {
                    text.push(' ');
                    text.push_str(t(lang, fix));
                }
                text
            };
            view! {
                <div class="error-banner" role="alert">
                    <strong>{tr("error.title")}</strong>
                    <span>{text}</span>
                    <button type="button" on:click=move |_| app.error.set(None)>{tr("error.dismiss")}</button>
                </div>
            }
        })
    }
}

/// Shown when some stored data could not be read: the app works with everything else, and the
/// unreadable bytes can be downloaded as they are. Nothing is overwritten until the user chooses.
#[component]
pub fn RecoveryNotice() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let download = move |_| {
        let file = app
            .unreadable
            .with_untracked(|items| unreadable_download(items));
        download_text(
            t(lang.get_untracked(), "recovery.file"),
            "application/json",
            &file,
        );
    };
    move || {
        app.unreadable.with(|items| {
            (!items.is_empty()).then(|| {
                let list = items
                    .iter()
                    .map(|u| {
                        let (what, error) = (u.what.clone(), u.error.clone());
                        view! {
                            <li>{move || t_with(lang.get(), "recovery.item", &[("what", &what), ("error", &error)])}</li>
                        }
                    })
                    .collect_view();
                view! {
                    <section class="warning-banner recovery" role="alert" aria-labelledby="recovery-title">
                        <strong id="recovery-title">{tr("recovery.title")}</strong>
                        <p>{tr("recovery.body")}</p>
                        <ul>{list}</ul>
                        <button type="button" on:click=download>{tr("recovery.download")}</button>
                    </section>
                }
            })
        })
    }
}

/// A short confirmation after an action, with Undo where the action can be taken back.
#[component]
pub fn NoticeBar() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    view! {
        <div class="notice-bar" role="status" aria-live="polite">
            {move || app.notice.get().map(|notice| {
                view! {
                    <div class="notice">
                        <span>{move || t(lang.get(), notice.key)}</span>
                        {notice.undo.map(|undo| view! {
                            <button type="button" class="link-button" on:click=move |_| {
                                app.notice.set(None);
                                leptos::task::spawn_local(app.undo(undo));
                            }>{tr("leads.undo")}</button>
                        })}
                        <button type="button" class="icon-button" aria-label=tr("leads.dismiss")
                            on:click=move |_| app.notice.set(None)>"×"</button>
                    </div>
                }
            })}
        </div>
    }
}
