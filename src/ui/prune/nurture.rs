//! The Nurture list: leads rules moved to Nurture, each with the reason it is there.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::rules::Disposition;
use crate::i18n::{t, t_with};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::rules_state::rule_states;
use crate::ui::state::use_app;

#[component]
pub fn NurtureList() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let nurtured = Memo::new(move |_| {
        let states = app.docs.with(rule_states);
        app.book.with(|book| {
            states
                .into_iter()
                .filter_map(|(id, state)| match state.disposition {
                    Disposition::Nurture { reason } => {
                        let lead = book.lead(id).filter(|l| !l.is_deleted())?;
                        Some((id, lead.name.clone(), reason))
                    }
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="card prune-nurture" aria-labelledby="prune-nurture-title">
            <h2 id="prune-nurture-title">{tr("prune.nurture")}</h2>
            {move || {
                let list = nurtured.get();
                if list.is_empty() {
                    view! { <p class="muted">{tr("prune.nurture_empty")}</p> }.into_any()
                } else {
                    view! {
                        <ul class="prune-nurture-list">
                            {list.into_iter().map(|(id, name, reason)| view! {
                                <li>
                                    <A href=format!("/leads/{id}")>{name}</A>" — "
                                    <span>{move || {
                                        let lang = lang.get();
                                        let text = if reason.is_blank() { t(lang, "rules.disposition_nurture").to_owned() } else { reason.get(lang.code()).to_owned() };
                                        t_with(lang, "prune.nurture_reason", &[("reason", &text)])
                                    }}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}
