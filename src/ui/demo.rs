//! Demo mode for prospect sites: `?demo` (or Settings → "Load demo data") opens a realistic
//! sample CRM in a database of its own, so real data in the same browser is never touched. A
//! banner says so while it is open; "Clear demo data" deletes the demo database and goes back.

use gloo_storage::Storage;
use leptos::prelude::*;

use crate::i18n::Lang;
use crate::store::IdbStore;
use crate::ui::i18n::tr;
use crate::ui::state::use_app;

/// The demo's own database.
pub const DEMO_DATABASE: &str = "kariz-demo";
/// Remembered in this browser while the demo is open, so a reload stays in it.
const DEMO_FLAG: &str = "kariz.demo";

/// Whether this browser shows the demo.
pub fn is_open() -> bool {
    gloo_storage::LocalStorage::get::<String>(DEMO_FLAG).is_ok_and(|v| v == "on")
}

/// Whether the address asks for the demo (`?demo`).
pub fn asked_by_address() -> bool {
    window().location().search().is_ok_and(|query| {
        query
            .trim_start_matches('?')
            .split('&')
            .any(|p| p == "demo" || p.starts_with("demo="))
    })
}

/// Takes `?demo` off the address (so a reload does not ask again), keeping the page.
pub fn forget_address_request() {
    let location = window().location();
    let path = location.pathname().unwrap_or_else(|_| "/".into());
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
}

/// Opens the demo: the app starts again on the demo database.
pub fn open() {
    let _ = gloo_storage::LocalStorage::set(DEMO_FLAG, "on");
    reload_at("/");
}

/// Deletes the demo database and goes back to this browser's own data.
pub async fn clear() {
    let _ = IdbStore::delete_database(DEMO_DATABASE).await;
    gloo_storage::LocalStorage::delete(DEMO_FLAG);
    reload_at("/");
}

fn reload_at(path: &str) {
    let _ = window().location().replace(&crate::ui::links::href(path));
}

/// The demo's language: the one the app shows when it is first loaded.
pub fn demo_language(lang: Lang) -> crate::domain::demo::DemoLanguage {
    match lang {
        Lang::Fa => crate::domain::demo::DemoLanguage::Persian,
        Lang::En => crate::domain::demo::DemoLanguage::English,
    }
}

/// "Demo data", with the way out, on every page while the demo is open.
#[component]
pub fn DemoBanner() -> impl IntoView {
    let clearing = RwSignal::new(false);
    is_open().then(|| {
        view! {
            <div class="demo-banner" role="region" aria-label=tr("demo.label")>
                <span>{tr("demo.banner")}</span>
                <button type="button" disabled=move || clearing.get() on:click=move |_| {
                    clearing.set(true);
                    leptos::task::spawn_local(clear());
                }>{tr("demo.clear")}</button>
            </div>
        }
    })
}

/// Asked when `?demo` is opened in a browser that already holds Kariz data.
#[component]
pub fn DemoOffer() -> impl IntoView {
    let app = use_app();
    move || {
        app.demo_offer.get().then(|| {
            view! {
                <div class="dialog-backdrop">
                    <section class="card dialog" role="dialog" aria-modal="true" aria-labelledby="demo-offer-title">
                        <h2 id="demo-offer-title">{tr("demo.offer_title")}</h2>
                        <p>{tr("demo.offer_body")}</p>
                        <div class="actions">
                            <button type="button" class="primary" on:click=move |_| open()>{tr("demo.open")}</button>
                            <button type="button" on:click=move |_| app.demo_offer.set(false)>{tr("demo.not_now")}</button>
                        </div>
                    </section>
                </div>
            }
        })
    }
}
