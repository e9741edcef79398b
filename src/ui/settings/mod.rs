//! The Settings screen: language, the user's name, what is stored where, sync with the team, the scoring model, the
//! qualification questions, the pipeline, the rules, the automatic follow-ups, the message templates and the sequences.

mod automation;
mod data;
mod pipeline;
mod profile;
mod questions;
mod rules;
mod scoring;
mod sequences;
mod storage;
mod sync;
mod templates;

use leptos::prelude::*;

use crate::ui::i18n::tr;

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <h1>{tr("settings.title")}</h1>
        <section class="card" aria-labelledby="settings-language">
            <h2 id="settings-language">{tr("settings.language")}</h2>
            <p>{tr("settings.language_help")}</p>
        </section>
        <profile::ProfileSettings/>
        <data::DataSettings/>
        <sync::SyncSettingsView/>
        <storage::StorageSettings/>
        <section class="card" aria-labelledby="settings-demo">
            <h2 id="settings-demo">{tr("settings.demo_title")}</h2>
            <p>{tr("settings.demo_help")}</p>
            <button type="button" on:click=move |_| crate::ui::demo::open()>{tr("settings.load_demo")}</button>
        </section>
        <scoring::ScoringSettings/>
        <questions::QuestionSettings/>
        <pipeline::PipelineSettings/>
        <rules::RulesSettings/>
        <automation::AutomationSettingsView/>
        <templates::TemplateSettings/>
        <sequences::SequenceSettings/>
    }
}
