//! Settings → Data: what is stored here, backups, taking it out as CSV files, erasing it.

use leptos::prelude::*;

use crate::domain::export::{activities_csv, deals_csv, leads_csv};
use crate::i18n::{format_number, t};
use crate::ui::components::download_text;
use crate::ui::i18n::{tr, tr_with, use_lang};
use crate::ui::import::{ImportKind, ImportPanel};
use crate::ui::state::use_app;

const CSV: &str = "text/csv;charset=utf-8";

#[component]
pub fn DataSettings() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let counts = tr_with("settings.counts", move || {
        let lang = lang.get();
        app.book.with(|b| {
            vec![
                ("leads", format_number(lang, b.leads().len() as u64)),
                ("activities", format_number(lang, b.activity_count() as u64)),
            ]
        })
    });
    let erasing = RwSignal::new(false);
    let importing = RwSignal::new(None::<ImportKind>);
    let file_name = move |key: &str| t(lang.get_untracked(), key).to_owned();
    let export_leads = move |_| {
        let csv = app.book.with_untracked(|b| leads_csv(b.leads()));
        download_text(&file_name("export.leads_file"), CSV, &csv);
    };
    let export_activities = move |_| {
        let csv = app.book.with_untracked(|b| {
            let all = b.leads().iter().flat_map(|l| b.activities_of(l.id));
            activities_csv(all, |id| b.lead(id))
        });
        download_text(&file_name("export.activities_file"), CSV, &csv);
    };
    let export_deals = move |_| {
        let csv = app.book.with_untracked(|b| {
            app.deals.with_untracked(|d| {
                app.pipeline
                    .with_untracked(|config| deals_csv(d.all(), |id| b.lead(id), config))
            })
        });
        download_text(&file_name("export.deals_file"), CSV, &csv);
    };
    view! {
        <section class="card" aria-labelledby="settings-data">
            <h2 id="settings-data">{tr("settings.data")}</h2>
            <p>{tr("settings.data_help")}</p>
            <p>{counts}</p>
            <crate::ui::backup::BackupControls/>
            <Show when=move || importing.get().is_none()>
                <div class="actions">
                    <button type="button" on:click=move |_| importing.set(Some(ImportKind::Csv))>{tr("import.open")}</button>
                    <button type="button" on:click=move |_| importing.set(Some(ImportKind::Vcard))>{tr("import.open_vcard")}</button>
                </div>
            </Show>
            {move || importing.get().map(|kind| view! {
                <ImportPanel kind=kind on_done=move |_| importing.set(None)/>
            })}
            <div class="actions">
                <button type="button" on:click=export_leads>{tr("export.leads")}</button>
                <button type="button" on:click=export_activities>{tr("export.activities")}</button>
                <button type="button" on:click=export_deals>{tr("export.deals")}</button>
            </div>
            <crate::ui::sync::ChangeFileControls/>
            <div class="actions">
                <button type="button" class="danger" on:click=move |_| erasing.set(true)>{tr("erase.all")}</button>
            </div>
            <Show when=move || erasing.get()>
                <EraseAllDialog on_cancel=move || erasing.set(false)/>
            </Show>
        </section>
    }
}

/// "Erase all data": only after the user types the confirmation word.
#[component]
fn EraseAllDialog(#[prop(into)] on_cancel: Callback<()>) -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let typed = RwSignal::new(String::new());
    let confirmed = move || typed.with(|t| t.trim() == crate::i18n::t(lang.get(), "erase.word"));
    let erasing = RwSignal::new(false);
    let erase = move |_| {
        if !confirmed() {
            return;
        }
        erasing.set(true);
        leptos::task::spawn_local(async move {
            if app.erase_everything().await.is_err() {
                erasing.set(false);
            }
        });
    };
    Effect::new(move |_| crate::ui::leads::focus("erase-confirm"));
    view! {
        <div class="dialog-backdrop">
            <section class="card dialog" role="dialog" aria-modal="true" aria-labelledby="erase-title">
                <h2 id="erase-title">{tr("erase.title")}</h2>
                <p>{tr("erase.body")}</p>
                <label class="field">
                    <span>{tr("erase.type_word")}</span>
                    <input id="erase-confirm" type="text" autocomplete="off" prop:value=move || typed.get()
                        on:input:target=move |ev| typed.set(ev.target().value())/>
                </label>
                <div class="actions">
                    <button type="button" class="danger" disabled=move || !confirmed() || erasing.get() on:click=erase>
                        {tr("erase.confirm")}
                    </button>
                    <button type="button" on:click=move |_| on_cancel.run(())>{tr("erase.cancel")}</button>
                </div>
            </section>
        </div>
    }
}
