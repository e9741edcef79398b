//! The Reports screen: forecasts and metrics arrive with the pipeline issue; an honest empty state until then.

use leptos::prelude::*;

use crate::ui::i18n::tr;

#[component]
pub fn ReportsPage() -> impl IntoView {
    view! {
        <h1>{tr("reports.title")}</h1>
        <p class="empty-state card">{tr("reports.empty")}</p>
    }
}
