//! "Remove stale deals": the open deals past their stage's rotting days, listed with a checkbox
//! each (all chosen at first); the chosen ones close as lost with reason "stale", undoably.

use std::collections::HashSet;

use leptos::prelude::*;

use crate::domain::pipeline::{stale_deals, Deal, DealId};

use crate::i18n::{format_number, t, t_with, Lang};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::state::{now, use_app};

use super::{focus_soon, use_data, OwnerFilter};

#[component]
pub fn StaleRemoval(owner: OwnerFilter) -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let open = RwSignal::new(false);
    let chosen = RwSignal::new(HashSet::<DealId>::new());
    let data = use_data();
    let stale = Memo::new(move |_| {
        let owner = owner.get();
        data.deals.with(|deals| {
            data.config.with(|config| {
                stale_deals(deals.all(), config, now())
                    .into_iter()
                    .filter(|d| owner.as_deref().is_none_or(|o| d.owner.trim() == o.trim()))
                    .cloned()
                    .collect::<Vec<Deal>>()
            })
        })
    });
    let start = move |_| {
        chosen.set(stale.get_untracked().iter().map(|d| d.id).collect());
        open.set(true);
        focus_soon("stale-panel-title".into());
    };
    let confirm = move |_| {
        let picked = chosen.get_untracked();
        let selected: Vec<Deal> = stale
            .get_untracked()
            .into_iter()
            .filter(|d| picked.contains(&d.id))
            .collect();
        if selected.is_empty() {
            open.set(false);
            return;
        }
        let ids = selected.iter().map(|d| d.id).collect();
        leptos::task::spawn_local(async move {
            if app.remove_stale_deals(ids).await.is_ok() {
                open.set(false);
            }
        });
    };
    view! {
        <button type="button" on:click=start aria-expanded=move || if open.get() { "true" } else { "false" }>
            {tr("pipeline.remove_stale")}
        </button>
        <Show when=move || open.get()>
            <section class="card stale-panel" aria-labelledby="stale-panel-title">
                <h2 id="stale-panel-title" tabindex="-1">{tr("pipeline.stale_title")}</h2>
                {move || {
                    let lang = lang.get();
                    let list = stale.get();
                    if list.is_empty() {
                        return view! { <p>{t(lang, "pipeline.no_stale")}</p> }.into_any();
                    }
                    let config = data.config.get();
                    let at = now();
                    view! {
                        <p>{t(lang, "pipeline.stale_help")}</p>
                        <ul class="stale-list">
                            {list.into_iter().map(|deal| {
                                let id = deal.id;
                                let stage = config.stage(deal.stage).map(|s| s.name(lang == Lang::Fa).to_owned()).unwrap_or_default();
                                let days = t_with(lang, "pipeline.days_in_stage", &[("days", &format_number(lang, deal.days_in_stage(at).max(0) as u64))]);
                                view! {
                                    <li>
                                        <label>
                                            <input type="checkbox" prop:checked=move || chosen.with(|c| c.contains(&id))
                                                on:change:target=move |ev| {
                                                    let on = ev.target().checked();
                                                    chosen.update(|c| { if on { c.insert(id); } else { c.remove(&id); } });
                                                }/>
                                            " "{deal.title.clone()}" — "{stage}" · "{days}
                                        </label>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <div class="actions">
                    <button type="button" class="danger" on:click=confirm
                        disabled=move || chosen.with(|c| c.is_empty()) || stale.with(|s| s.is_empty())>
                        {tr("pipeline.close_selected")}
                    </button>
                    <button type="button" on:click=move |_| open.set(false)>{tr("deal.cancel")}</button>
                </div>
            </section>
        </Show>
    }
}
