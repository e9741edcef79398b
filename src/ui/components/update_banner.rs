//! "A new version is ready": shown when a new deployment's service worker is installed and waiting.
//!
//! The loader (web/loader.js) marks `<html data-kariz-update>` and fires `kariz:update-ready` on
//! window when it sees a waiting worker; "Reload" fires `kariz:update-apply`, and the loader
//! activates the new worker and reloads the page. An update replaces only the cached code files:
//! the data in IndexedDB and localStorage is never touched.

use leptos::prelude::*;

use crate::ui::i18n::tr;

const READY_EVENT: &str = "kariz:update-ready";
const APPLY_EVENT: &str = "kariz:update-apply";
const READY_ATTRIBUTE: &str = "data-kariz-update";

/// The banner offering the waiting new version, with "Reload".
#[component]
pub fn UpdateBanner() -> impl IntoView {
    // The loader may have seen the new worker before the app mounted.
    let already = document()
        .document_element()
        .is_some_and(|root| root.has_attribute(READY_ATTRIBUTE));
    let ready = RwSignal::new(already);
    let listener = window_event_listener_untyped(READY_EVENT, move |_| ready.set(true));
    on_cleanup(move || listener.remove());
    let apply = move |_| {
        if let Ok(event) = web_sys::Event::new(APPLY_EVENT) {
            let _ = window().dispatch_event(&event);
        }
    };
    view! {
        <Show when=move || ready.get()>
            <div class="update-banner" role="status" aria-labelledby="update-banner-text">
                <span id="update-banner-text">{tr("update.ready")}</span>
                <button type="button" on:click=apply>{tr("update.reload")}</button>
            </div>
        </Show>
    }
}
