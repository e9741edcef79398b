//! The Today screen: where a rep starts the day. Ranking by score arrives with the scoring issue;
//! until then it says so plainly and shows what is stored.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::format_number;
use crate::ui::i18n::{tr, tr_with, use_lang};
use crate::ui::state::use_app;

#[component]
pub fn TodayPage() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let summary = tr_with("today.summary", move || {
        let lang = lang.get();
        app.book.with(|b| {
            vec![
                ("leads", format_number(lang, b.open_lead_count() as u64)),
                ("activities", format_number(lang, b.activity_count() as u64)),
            ]
        })
    });
    view! {
        <h1>{tr("today.title")}</h1>
        <p class="muted">{summary}</p>
        <div class="empty-state card">
            <p>{tr("today.empty")}</p>
            <A href="/leads">{tr("today.go_leads")}</A>
        </div>
    }
}
