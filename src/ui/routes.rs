//! The app's screens and how each is loaded. Today, Leads and the lead page are in the code the
//! browser downloads first; every other screen is split into wasm files of its own by
//! scripts/build-site.mjs (wasm-split, the tooling behind Leptos's `#[lazy]`), fetched the first
//! time the screen is visited, or earlier, when the browser is idle after start
//! ([`prefetch_when_idle`]).
//!
//! The screens use `wasm_split(…, fallible)` rather than `#[lazy_route]`: that macro turns a failed
//! download (offline before the service worker has a copy, a damaged file refused by its
//! integrity check) into a panic, which aborts the whole app. Here it is a message with
//! "Try again", and the rest of the app keeps working.

use std::future::Future;

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use leptos_router::components::{Route, Routes};
use leptos_router::path;

use super::i18n::tr;
use super::{dashboard, lead, leads, pipeline, prune, reports, settings, sync, tasks, today};

#[component]
pub fn Pages() -> impl IntoView {
    view! {
        <Routes fallback=NotFound>
            <Route path=path!("/") view=today::TodayPage/>
            <Route path=path!("/leads") view=leads::LeadsPage/>
            <Route path=path!("/leads/:id") view=lead::LeadPage/>
            <Route path=path!("/tasks") view=|| view! { <LazyScreen load=tasks_screen/> }/>
            <Route path=path!("/pipeline") view=|| view! { <LazyScreen load=pipeline_screen/> }/>
            <Route path=path!("/prune") view=|| view! { <LazyScreen load=prune_screen/> }/>
            <Route path=path!("/reports") view=|| view! { <LazyScreen load=reports_screen/> }/>
            <Route path=path!("/dashboard") view=|| view! { <LazyScreen load=dashboard_screen/> }/>
            <Route path=path!("/settings") view=|| view! { <LazyScreen load=settings_screen/> }/>
            <Route path=path!("/conflicts") view=|| view! { <LazyScreen load=conflicts_screen/> }/>
        </Routes>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <h1>{tr("notfound.title")}</h1>
        <p>{tr("notfound.body")}</p>
    }
}

/// Code split into its own wasm file (a screen, the import panel): "Loading…" while it is fetched
/// (only on a first use before the idle prefetch finished), then the view; if the fetch fails,
/// what happened and "Try again".
#[component]
pub(crate) fn LazyScreen<F, Fut>(load: F) -> impl IntoView
where
    F: Fn() -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<AnyView, SplitLoaderError>> + Send + 'static,
{
    let attempt = RwSignal::new(0u32);
    view! {
        <Suspense fallback=|| view! { <p class="loading" role="status">{tr("app.loading_part")}</p> }>
            {move || {
                attempt.track();
                Suspend::new(async move {
                    match load().await {
                        Ok(screen) => screen,
                        Err(_) => view! {
                            <div class="notice error" role="alert">
                                <p>{tr("app.part_unavailable")}</p>
                                <button type="button" on:click=move |_| attempt.update(|n| *n += 1)>
                                    {tr("app.try_again")}
                                </button>
                            </div>
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Declares a split screen: `$screen()` loads the wasm file `$split` (named by wasm-split after
/// it) and renders `$page`; `$preload()` only fetches the file.
macro_rules! split_screen {
    ($split:ident, $screen:ident, $preload:ident, $page:path) => {
        #[wasm_split($split, wasm_split_path = ::leptos::wasm_split, fallible, preload($preload))]
        fn $screen() -> Result<AnyView, SplitLoaderError> {
            Ok($page().into_any())
        }
    };
}

split_screen!(kariz_tasks, tasks_screen, preload_tasks, tasks::TasksPage);
split_screen!(
    kariz_pipeline,
    pipeline_screen,
    preload_pipeline,
    pipeline::PipelinePage
);
split_screen!(kariz_prune, prune_screen, preload_prune, prune::PrunePage);
split_screen!(
    kariz_reports,
    reports_screen,
    preload_reports,
    reports::ReportsPage
);
split_screen!(
    kariz_dashboard,
    dashboard_screen,
    preload_dashboard,
    dashboard::DashboardPage
);
split_screen!(
    kariz_settings,
    settings_screen,
    preload_settings,
    settings::SettingsPage
);
split_screen!(
    kariz_conflicts,
    conflicts_screen,
    preload_conflicts,
    sync::ConflictsPage
);

/// Fetches every split screen's code once the browser is idle after the app is ready, so the
/// first visit to a screen does not wait for the network (and, with the service worker's copy,
/// works offline). Idle, so it never competes with the first screen for the main thread or the
/// network. A failed fetch is left for the visit to retry and explain.
pub fn prefetch_when_idle() {
    use wasm_bindgen::{closure::Closure, JsCast};
    let fetch_all = Closure::once_into_js(|| {
        leptos::task::spawn_local(async {
            let _ = preload_tasks().await;
            let _ = preload_pipeline().await;
            let _ = preload_prune().await;
            let _ = preload_reports().await;
            let _ = preload_dashboard().await;
            let _ = preload_settings().await;
            let _ = preload_conflicts().await;
        })
    });
    let window = window();
    let callback = fetch_all.unchecked_ref();
    if window.request_idle_callback(callback).is_err() {
        // Browsers without requestIdleCallback (Safari before 18): soon after start instead.
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(callback, 1_000);
    }
}
