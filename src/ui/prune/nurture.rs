//! The Nurture list: every lead in Nurture — moved there by a rule or by failed qualification
//! answers — each with the reason it is there (the same placement as the Leads queue filter).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{t, t_with};
use crate::ui::components::explain;
use crate::ui::i18n::{tr, use_lang};
use crate::ui::insight::nurtured;
use crate::ui::links::href;
use crate::ui::state::use_app;

#[component]
pub fn NurtureList() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let nurtured = Memo::new(move |_| {
        let list = nurtured(app);
        app.book.with(|book| {
            list.into_iter()
                .filter_map(|(id, w)| Some((id, book.lead(id)?.name.clone(), w)))
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
                            {list.into_iter().map(|(id, name, waiting)| view! {
                                <li>
                                    <A href=href(&format!("/leads/{id}"))>{name}</A>" — "
                                    <span>{move || {
                                        let lang = lang.get();
                                        let bank = app.questions.get();
                                        let text = match waiting.reason_key() {
                                            Some(key) => explain(lang, key, &waiting.reason_args(), &bank),
                                            None => t(lang, waiting.label_key()).to_owned(),
                                        };
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
