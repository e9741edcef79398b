//! The browser app: a shell with navigation and language switch, one folder per screen.
//! Views read signals and call the domain through [`state::AppState`]; no business rule lives here.

mod backup;
mod chart;
mod clipboard;
mod components;
mod dashboard;
mod demo;
mod i18n;
mod import;
mod insight;
mod lead;
mod leads;
mod links;
mod mirror;
mod panic;
mod pipeline;
mod prune;
mod reminders;
mod reports;
pub(crate) mod routes;
mod rules_state;
mod settings;
mod state;
mod storage;
pub(crate) mod sync;
mod tasks;
mod today;

use leptos::prelude::*;
use leptos_router::components::{Router, A};

use crate::i18n::{t, Lang};
use components::{ErrorBanner, NoticeBar, RecoveryNotice, StorageFailure, UpdateBanner};
use i18n::{tr, Language};
use links::{href, router_base};
use state::{AppState, Phase};

const LANGUAGE_KEY: &str = "kariz.lang";

/// Entry point: installs the panic hook and mounts the app.
pub fn start() {
    panic::install_hook();
    leptos::mount::mount_to_body(App);
}

fn initial_language() -> Lang {
    use gloo_storage::Storage;
    if let Ok(code) = gloo_storage::LocalStorage::get::<String>(LANGUAGE_KEY) {
        if let Some(lang) = Lang::from_code(&code) {
            return lang;
        }
    }
    let browser = web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_default();
    if browser.starts_with("fa") {
        Lang::Fa
    } else {
        Lang::En
    }
}

#[component]
fn App() -> impl IntoView {
    let lang = RwSignal::new(initial_language());
    provide_context(Language(lang));
    let app = AppState::new();
    provide_context(app);

    // Mirror the language into the document and remember it; the panic hook reads it too.
    Effect::new(move |_| {
        let lang = lang.get();
        panic::set_language(lang);
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.code());
            let _ = root.set_attribute("dir", lang.dir());
        }
        document().set_title(t(lang, "app.name"));
        use gloo_storage::Storage;
        let _ = gloo_storage::LocalStorage::set(LANGUAGE_KEY, lang.code());
    });

    if let Some(placeholder) = document().get_element_by_id("app-loading") {
        placeholder.remove();
    }
    leptos::task::spawn_local(app.start(lang.get_untracked()));

    view! {
        <Router base=router_base()>
            <Shell/>
        </Router>
    }
}

#[component]
fn Shell() -> impl IntoView {
    let app = state::use_app();
    let rules = rules_state::provide_rules(app);
    let to_review = move || rules.review.with(|r| r.count);
    let nav_lang = i18n::use_lang();
    Effect::new(move |prefetched: Option<bool>| {
        if prefetched == Some(true) {
            return true;
        }
        let ready = app.phase.get() == Phase::Ready;
        if ready {
            routes::prefetch_when_idle();
        }
        ready
    });
    view! {
        <header class="topbar">
            <a class="brand" href=href("/")>
                <span class="brand-mark" aria-hidden="true">"◆"</span>
                <span class="brand-name">{tr("app.name")}</span>
            </a>
            <nav class="mainnav" aria-label=tr("nav.label")>
                <A href=href("/") exact=true>{tr("nav.today")}</A>
                <A href=href("/tasks")>{tr("nav.tasks")}</A>
                <A href=href("/dashboard")>{tr("nav.dashboard")}</A>
                <A href=href("/leads")>{tr("nav.leads")}</A>
                <A href=href("/pipeline")>{tr("nav.pipeline")}</A>
                <A href=href("/prune")>{tr("prune.nav")}<Show when=move || to_review() != 0>" "<span class="nav-count">{move || crate::i18n::format_number(nav_lang.get(), to_review() as u64)}</span></Show></A>
                <A href=href("/reports")>{tr("nav.reports")}</A>
                <A href=href("/settings")>{tr("nav.settings")}</A>
                <sync::ConflictsLink/>
            </nav>
            <sync::SyncIndicator/>
            <LanguageSelect/>
        </header>
        <UpdateBanner/>
        <demo::DemoBanner/>
        <ErrorBanner/>
        <RecoveryNotice/>
        <backup::BackupReminder/>
        <main class="page">
            {move || match app.phase.get() {
                Phase::Loading => view! { <p class="loading" role="status">{tr("app.loading")}</p> }.into_any(),
                Phase::Failed(error) => view! { <StorageFailure error=error/> }.into_any(),
                Phase::Ready => view! { <reminders::RemindersBanner/><routes::Pages/> }.into_any(),
            }}
        </main>
        <NoticeBar/>
        <demo::DemoOffer/>
    }
}

/// The language switch, in the header of every page.
#[component]
pub fn LanguageSelect() -> impl IntoView {
    let lang = i18n::use_lang();
    view! {
        <label class="lang-select">
            <span class="visually-hidden">{tr("lang.label")}</span>
            <select
                aria-label=tr("lang.label")
                on:change:target=move |ev| {
                    if let Some(chosen) = Lang::from_code(&ev.target().value()) {
                        lang.set(chosen);
                    }
                }
            >
                {Lang::ALL
                    .into_iter()
                    .map(|option| {
                        view! {
                            <option value=option.code() selected=move || lang.get() == option>
                                {t(option, &format!("lang.{}", option.code()))}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
