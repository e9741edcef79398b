//! The board: a column per open stage with its count, total and weighted value, and the deals in
//! it. Only the first cards of each column are drawn ("Show more" draws more), so a pipeline of
//! thousands of deals stays smooth.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::domain::pipeline::{board_top, CurrencyTotal, DealBook, DealMove, StageId};
use crate::domain::Money;
use crate::i18n::{format_money, format_number, t, t_with, Lang};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::state::{now, use_app};

use super::card::{CardData, DealCard};
use super::{move_deal, use_data, OwnerFilter};

/// Cards drawn per column before "Show more".
pub const CARDS_PER_PAGE: usize = 50;

/// One column, owned, ready to draw.
#[derive(Clone, Debug, PartialEq)]
struct ColumnData {
    stage: StageId,
    name: String,
    count: usize,
    totals: Vec<CurrencyTotal>,
    cards: Vec<CardData>,
}

#[component]
pub fn Board(owner: OwnerFilter) -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let shown: RwSignal<HashMap<StageId, usize>> = RwSignal::new(HashMap::new());
    let dragging = RwSignal::new(None::<u64>);
    let drop_target = RwSignal::new(None::<StageId>);
    let data = use_data();
    let columns = Memo::new(move |_| {
        let persian = lang.get() == Lang::Fa;
        let owner = owner.get();
        let limits = shown.get();
        data.deals.with(|deals: &DealBook| {
            data.config.with(|config| {
                let shown = |stage| limits.get(&stage).copied().unwrap_or(CARDS_PER_PAGE);
                board_top(deals.all(), config, owner.as_deref(), now(), shown)
                    .into_iter()
                    .map(|column| ColumnData {
                        stage: column.stage.id,
                        name: column.stage.name(persian).to_owned(),
                        count: column.count,
                        totals: column.totals,
                        cards: column.cards.iter().map(CardData::from_card).collect(),
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let stages = Memo::new(move |_| {
        let persian = lang.get() == Lang::Fa;
        data.config.with(|c| {
            c.ordered()
                .iter()
                .map(|s| (s.id, s.name(persian).to_owned()))
                .collect::<Vec<_>>()
        })
    });

    let drop_on = move |stage: StageId| {
        drop_target.set(None);
        if let Some(id) = dragging.get_untracked() {
            dragging.set(None);
            leptos::task::spawn_local(async move {
                let _ = move_deal(app, id, DealMove::ToStage(stage)).await;
            });
        }
    };

    // Columns and cards are keyed: after a move only the two columns whose count changed redraw
    // their headers, and only the moved card is drawn anew (the others keep their DOM).
    let stage_ids =
        Memo::new(move |_| columns.with(|cs| cs.iter().map(|c| c.stage).collect::<Vec<_>>()));
    view! {
        <section class="board" role="region" aria-label=tr("pipeline.board")>
            <For each=move || stage_ids.get() key=|stage| *stage let:stage>
                {
                    let column = Memo::new(move |_| columns.with(|cs| cs.iter().find(|c| c.stage == stage).cloned()));
                    let title_id = format!("stage-{stage}-title");
                    let name = move || column.with(|c| c.as_ref().map(|c| c.name.clone()).unwrap_or_default());
                    let count = move || column.with(|c| c.as_ref().map_or(0, |c| c.count));
                    let hidden = move || column.with(|c| c.as_ref().map_or(0, |c| c.count.saturating_sub(c.cards.len())));
                    view! {
                        <section class="board-column" aria-labelledby=title_id.clone()
                            class:drop-target=move || drop_target.get() == Some(stage)
                            on:dragover=move |ev| { ev.prevent_default(); drop_target.set(Some(stage)); }
                            on:dragleave=move |_| if drop_target.get_untracked() == Some(stage) { drop_target.set(None) }
                            on:drop=move |ev| { ev.prevent_default(); drop_on(stage); }
                        >
                            <header class="column-header">
                                <h2 id=title_id.clone()>{name}</h2>
                                <p class="column-count">{move || t_with(lang.get(), "pipeline.deal_count", &[("count", &format_number(lang.get(), count() as u64))])}</p>
                                {move || column.with(|c| column_totals(lang.get(), c.as_ref().map_or(&[][..], |c| &c.totals)))}
                            </header>
                            <ul class="card-list" aria-label=name>
                                <For each=move || column.with(|c| c.as_ref().map(|c| c.cards.clone()).unwrap_or_default())
                                    key=|card| card.clone()
                                    let:card>
                                    <DealCard card=card stages=stages dragging=dragging/>
                                </For>
                            </ul>
                            {move || (hidden() > 0).then(|| view! {
                                <button type="button" class="link-button show-more" on:click=move |_| {
                                    shown.update(|s| *s.entry(stage).or_insert(CARDS_PER_PAGE) += CARDS_PER_PAGE);
                                }>{move || t_with(lang.get(), "pipeline.show_more", &[("count", &format_number(lang.get(), hidden() as u64))])}</button>
                            })}
                        </section>
                    }
                }
            </For>
        </section>
    }
}

/// Total and weighted value per currency, for a column header.
fn column_totals(lang: Lang, totals: &[CurrencyTotal]) -> impl IntoView {
    if totals.is_empty() {
        return view! { <dl class="column-totals"><div><dt>{t(lang, "metric.total_value")}</dt><dd>{format_number(lang, 0)}</dd></div></dl> }.into_any();
    }
    view! {
        <dl class="column-totals">
            {totals.iter().map(|line| {
                let money = |amount| format_money(lang, Money { amount, currency: line.currency });
                view! {
                    <div><dt>{t(lang, "metric.total_value")}</dt><dd>{money(line.total)}</dd></div>
                    <div><dt>{t(lang, "metric.weighted_value")}</dt><dd>{money(line.weighted)}</dd></div>
                }
            }).collect_view()}
        </dl>
    }
    .into_any()
}
