//! Settings → Data: what is stored here, and taking it out as CSV files.

use leptos::prelude::*;

use crate::domain::export::{activities_csv, deals_csv, leads_csv};
use crate::i18n::{format_number, t};
use crate::ui::components::download_text;
use crate::ui::i18n::{tr, tr_with, use_lang};
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
                app.pipeline.with_untracked(|config| deals_csv(d.all(), |id| b.lead(id), config))
            })
        });
        download_text(&file_name("export.deals_file"), CSV, &csv);
    };
    view! {
        <section class="card" aria-labelledby="settings-data">
            <h2 id="settings-data">{tr("settings.data")}</h2>
            <p>{tr("settings.data_help")}</p>
            <p>{counts}</p>
            <div class="actions">
                <button type="button" on:click=export_leads>{tr("export.leads")}</button>
                <button type="button" on:click=export_activities>{tr("export.activities")}</button>
                <button type="button" on:click=export_deals>{tr("export.deals")}</button>
            </div>
        </section>
    }
}
