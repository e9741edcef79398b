//! The Pipeline screen: the deal board arrives with the pipeline issue; an honest empty state until then.

use leptos::prelude::*;

use crate::ui::i18n::tr;

#[component]
pub fn PipelinePage() -> impl IntoView {
    view! {
        <h1>{tr("pipeline.title")}</h1>
        <p class="empty-state card">{tr("pipeline.empty")}</p>
    }
}
