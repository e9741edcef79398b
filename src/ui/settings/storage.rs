//! Settings → Storage: how much this browser holds for Kariz, of how much it allows, and whether
//! it promised to keep it.

use leptos::prelude::*;

use crate::i18n::{format_bytes, t, t_with};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::storage::{status, StorageStatus};

#[component]
pub fn StorageSettings() -> impl IntoView {
    let lang = use_lang();
    let known = LocalResource::new(status);
    let text = move |s: StorageStatus| {
        let lang = lang.get();
        let percent = (s.share_used() * 1000.0).round() / 10.0;
        t_with(
            lang,
            "storage_settings.used",
            &[
                ("used", &format_bytes(lang, s.used)),
                ("quota", &format_bytes(lang, s.quota)),
                (
                    "percent",
                    &crate::i18n::localize_digits(lang, &percent.to_string()),
                ),
            ],
        )
    };
    view! {
        <section class="card" aria-labelledby="settings-storage">
            <h2 id="settings-storage">{tr("storage_settings.title")}</h2>
            {move || match known.get() {
                None => view! { <p class="muted">{tr("storage_settings.checking")}</p> }.into_any(),
                Some(None) => view! { <p>{tr("storage_settings.unknown")}</p> }.into_any(),
                Some(Some(s)) => view! {
                    <p>{text(s)}</p>
                    <p>{move || t(lang.get(), if s.persistent { "storage_settings.persistent" } else { "storage_settings.not_persistent" })}</p>
                    {(s.share_used() > StorageStatus::WARN_SHARE).then(|| view! {
                        <p class="warning-banner" role="alert">{tr("storage_settings.nearly_full")}</p>
                    })}
                }.into_any(),
            }}
        </section>
    }
}
