//! The deals off the board — won, lost, on hold — each list folded, with Reopen.

use leptos::prelude::*;

use crate::domain::pipeline::{off_board, Deal, DealMove, DealStatus, Reason};
use crate::i18n::{format_money, format_number, format_timestamp, t, Lang};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::links::href;
use crate::ui::state::{use_app, utc_offset_minutes};

use super::{move_deal, use_data, OwnerFilter};

/// Deals listed per status before "Show more".
const PER_PAGE: usize = 50;

#[component]
pub fn OffBoard(owner: OwnerFilter) -> impl IntoView {
    view! {
        <section class="card off-board" aria-labelledby="off-board-title">
            <h2 id="off-board-title">{tr("pipeline.off_board")}</h2>
            {[DealStatus::Won, DealStatus::Lost, DealStatus::OnHold].into_iter().map(|status| view! {
                <StatusList status=status owner=owner/>
            }).collect_view()}
        </section>
    }
}

#[component]
fn StatusList(status: DealStatus, owner: OwnerFilter) -> impl IntoView {
    let lang = use_lang();
    let limit = RwSignal::new(PER_PAGE);
    let data = use_data();
    let deals = Memo::new(move |_| {
        let owner = owner.get();
        data.deals.with(|all| {
            off_board(all.all(), status, owner.as_deref())
                .into_iter()
                .cloned()
                .collect::<Vec<Deal>>()
        })
    });
    view! {
        <details class="status-list">
            <summary>{move || format!("{} ({})", t(lang.get(), status.label_key()), format_number(lang.get(), deals.with(Vec::len) as u64))}</summary>
            <ul aria-label=move || t(lang.get(), status.label_key())>
                {move || {
                    let lang = lang.get();
                    deals.get().into_iter().take(limit.get()).map(|deal| row(lang, deal)).collect_view()
                }}
            </ul>
            <Show when=move || { deals.with(Vec::len) > limit.get() }>
                <button type="button" class="link-button" on:click=move |_| limit.update(|l| *l += PER_PAGE)>{tr("pipeline.show_more_plain")}</button>
            </Show>
        </details>
    }
}

fn row(lang: Lang, deal: Deal) -> impl IntoView {
    let app = use_app();
    let id = deal.id;
    let reason = deal.reason.as_ref().map(|r| match r {
        Reason::Stale => t(lang, "close_reason.stale").to_owned(),
        Reason::Text(text) => text.clone(),
    });
    view! {
        <li>
            <a href=href(&format!("/leads/{}", deal.lead))>{deal.title.clone()}</a>
            " · "{format_money(lang, deal.value)}
            " · "{deal.owner.clone()}
            " · "{format_timestamp(lang, deal.updated_at, utc_offset_minutes())}
            {reason.map(|r| view! { " · "<span class="deal-reason">{r}</span> })}
            " "
            <button type="button" class="link-button" on:click=move |_| {
                leptos::task::spawn_local(async move { let _ = move_deal(app, id, DealMove::Reopen).await; });
            }>{tr("pipeline.reopen")}</button>
        </li>
    }
}
