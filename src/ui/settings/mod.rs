//! The Settings screen: language, the user's name, what is stored where, the scoring model, the
//! qualification questions, the pipeline and the rules.

mod pipeline;
mod profile;
mod questions;
mod rules;
mod scoring;

use leptos::prelude::*;

use crate::i18n::format_number;
use crate::ui::i18n::{tr, tr_with, use_lang};
use crate::ui::state::use_app;

#[component]
pub fn SettingsPage() -> impl IntoView {
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
    view! {
        <h1>{tr("settings.title")}</h1>
        <section class="card" aria-labelledby="settings-language">
            <h2 id="settings-language">{tr("settings.language")}</h2>
            <p>{tr("settings.language_help")}</p>
        </section>
        <profile::ProfileSettings/>
        <section class="card" aria-labelledby="settings-data">
            <h2 id="settings-data">{tr("settings.data")}</h2>
            <p>{tr("settings.data_help")}</p>
            <p>{counts}</p>
        </section>
        <section class="card" aria-labelledby="settings-demo">
            <h2 id="settings-demo">{tr("settings.demo_title")}</h2>
            <p>{tr("settings.demo_help")}</p>
            <button type="button" on:click=move |_| crate::ui::demo::open()>{tr("settings.load_demo")}</button>
        </section>
        <scoring::ScoringSettings/>
        <questions::QuestionSettings/>
        <pipeline::PipelineSettings/>
        <rules::RulesSettings/>
    }
}
