//! One deal on the board: what it is worth, who owns it, how long it has sat in its stage, its
//! lead's grade; and the ways to move it — drag, or the keyboard-friendly "Move to stage" menu —
//! and to close it (won, lost, on hold).

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::domain::pipeline::{BoardCard, DealId, DealMove, StageId};
use crate::domain::{LeadId, Money};
use crate::i18n::{format_money, format_number, t, t_with};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::insight::lead_insight;
use crate::ui::leads::focus;
use crate::ui::links::href;
use crate::ui::state::use_app;

use super::{focus_soon, move_deal};

/// A card's content, owned; also the card's key on the board (a card is redrawn only when
/// something it shows changed).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CardData {
    pub id: DealId,
    pub lead: LeadId,
    pub title: String,
    pub value: Money,
    pub owner: String,
    pub stage: StageId,
    pub days_in_stage: i64,
    pub stale: bool,
}

impl CardData {
    pub fn from_card(card: &BoardCard<'_>) -> CardData {
        CardData {
            id: card.deal.id,
            lead: card.deal.lead,
            title: card.deal.title.clone(),
            value: card.deal.value,
            owner: card.deal.owner.clone(),
            stage: card.deal.stage,
            days_in_stage: card.days_in_stage,
            stale: card.stale,
        }
    }
}

/// Which closing form a card shows.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Closing {
    Lose,
    Hold,
}

#[component]
pub fn DealCard(
    card: CardData,
    stages: Memo<Vec<(StageId, String)>>,
    dragging: RwSignal<Option<DealId>>,
) -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let id = card.id;
    let card_stage = card.stage;
    let lead = card.lead;
    let menu_open = RwSignal::new(false);
    let closing = RwSignal::new(None::<Closing>);
    let reason = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<&'static str>);
    let move_id = move || format!("deal-{id}-move");
    let reason_id = move || format!("deal-{id}-reason");
    let menu_id = move || format!("deal-{id}-menu");
    let company = move || {
        app.book
            .with(|b| b.lead(lead).map(|l| l.company.clone()).unwrap_or_default())
    };
    let grade = move || lead_insight(app, lead).map(|i| i.score.grade);

    let run = move |change: DealMove, refocus: String| {
        leptos::task::spawn_local(async move {
            match move_deal(app, id, change).await {
                Ok(()) => {
                    problem.set(None);
                    closing.set(None);
                    focus_soon(refocus);
                }
                Err(key) => problem.set(Some(key)),
            }
        });
    };
    let to_stage = {
        move |stage: StageId| {
            menu_open.set(false);
            run(DealMove::ToStage(stage), move_id());
        }
    };
    let menu_keys = {
        move |ev: leptos::ev::KeyboardEvent| {
            let key = ev.key();
            if key == "Escape" {
                ev.prevent_default();
                menu_open.set(false);
                focus(&move_id());
                return;
            }
            if key != "ArrowDown" && key != "ArrowUp" && key != "Home" && key != "End" {
                return;
            }
            ev.prevent_default();
            let ids: Vec<String> = stages
                .get_untracked()
                .iter()
                .filter(|(s, _)| *s != card_stage)
                .map(|(s, _)| item_id(id, *s))
                .collect();
            if ids.is_empty() {
                return;
            }
            let count = ids.len();
            let active = document().active_element().map(|e| e.id());
            let current = ids.iter().position(|i| Some(i) == active.as_ref());
            let next = match (key.as_str(), current) {
                ("Home", _) => 0,
                ("End", _) => count - 1,
                ("ArrowDown", Some(i)) => (i + 1) % count,
                ("ArrowUp", Some(i)) => (i + count - 1) % count,
                ("ArrowUp", None) => count - 1,
                _ => 0,
            };
            focus(&ids[next]);
        }
    };
    let open_menu = {
        move |_: ()| {
            let opening = !menu_open.get_untracked();
            menu_open.set(opening);
            if opening {
                let first = stages
                    .get_untracked()
                    .iter()
                    .find(|(s, _)| *s != card_stage)
                    .map(|(s, _)| item_id(id, *s));
                if let Some(first) = first {
                    super::focus_soon(first);
                }
            }
        }
    };
    let confirm_close = {
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let text = reason.get_untracked();
            let change = match closing.get_untracked() {
                Some(Closing::Lose) => DealMove::Lose(text),
                Some(Closing::Hold) => DealMove::Hold(text),
                None => return,
            };
            run(change, move_id());
        }
    };
    let start_closing = {
        move |kind: Closing| {
            reason.set(String::new());
            problem.set(None);
            closing.set(Some(kind));
            focus_soon(reason_id());
        }
    };
    let start_lose = {
        let start = start_closing;
        move |_| start(Closing::Lose)
    };
    let start_hold = move |_| start_closing(Closing::Hold);
    let win = { move |_| run(DealMove::Win, move_id()) };
    let problem_id = move || format!("deal-{id}-problem");

    view! {
        <li class="deal-card" class:stale=card.stale tabindex="0" draggable="true"
            aria-labelledby=format!("deal-{id}-title")
            on:dragstart=move |ev| {
                set_drag_data(&ev, id);
                dragging.set(Some(id));
            }
            on:dragend=move |_| dragging.set(None)
        >
            <h3 class="deal-title" id=format!("deal-{id}-title")>
                <a href=href(&format!("/leads/{lead}"))>{card.title.clone()}</a>
            </h3>
            <p class="deal-company">{company}</p>
            <p class="deal-value">{move || format_money(lang.get(), card.value)}</p>
            <p class="deal-meta">
                <span>{card.owner.clone()}</span>
                " · "
                <span>{move || t_with(lang.get(), "pipeline.days_in_stage", &[("days", &format_number(lang.get(), card.days_in_stage.max(0) as u64))])}</span>
                {move || grade().map(|g| view! {
                    " · "<span class=format!("grade grade-{}", g.key())>{t(lang.get(), g.label_key())}</span>
                })}
                {card.stale.then(|| view! { " · "<span class="stale-badge">{tr("pipeline.stale")}</span> })}
            </p>
            <div class="card-actions">
                <button type="button" id=move_id() aria-haspopup="menu" aria-controls=menu_id()
                    aria-expanded=move || if menu_open.get() { "true" } else { "false" }
                    on:click=move |_| open_menu(())
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        // The menu-button pattern: the arrow keys open the menu too.
                        if (ev.key() == "ArrowDown" || ev.key() == "ArrowUp") && !menu_open.get_untracked() {
                            ev.prevent_default();
                            open_menu(());
                        }
                    }>{tr("pipeline.move_to_stage")}</button>
                <button type="button" on:click=win>{tr("pipeline.mark_won")}</button>
                <Show when=move || closing.get() != Some(Closing::Lose)>
                    <button type="button" on:click=start_lose>{tr("pipeline.mark_lost")}</button>
                </Show>
                <Show when=move || closing.get() != Some(Closing::Hold)>
                    <button type="button" on:click=start_hold>{tr("pipeline.put_on_hold")}</button>
                </Show>
            </div>
            <Show when=move || menu_open.get()>
                <ul class="stage-menu" role="menu" id=menu_id() aria-label=tr("pipeline.move_to_stage")
                    on:keydown=menu_keys>
                    {move || stages.get().into_iter().filter(|(s, _)| *s != card.stage).map(|(stage, name)| {
                                                view! {
                            <li role="none">
                                <button type="button" role="menuitem" tabindex="-1" id=item_id(id, stage) on:click=move |_| to_stage(stage)>{name}</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </Show>
            <Show when=move || closing.get().is_some()>
                <form class="close-form" on:submit=confirm_close novalidate=true>
                    <div class="field" class:field-invalid=move || problem.get().is_some()>
                        <label for=reason_id()>{tr("pipeline.reason")}</label>
                        <input id=reason_id() type="text" autocomplete="off"
                            aria-invalid=move || problem.get().map(|_| "true")
                            aria-describedby=move || problem.get().map(|_| problem_id())
                            prop:value=move || reason.get()
                            on:input:target=move |ev| reason.set(ev.target().value())/>
                    </div>
                    <button type="submit" class="primary">
                        {move || match closing.get() {
                            Some(Closing::Hold) => t(lang.get(), "pipeline.put_on_hold"),
                            _ => t(lang.get(), "pipeline.mark_lost"),
                        }}
                    </button>
                    <button type="button" on:click=move |_| closing.set(None)>{tr("deal.cancel")}</button>
                </form>
            </Show>
            {move || problem.get().map(|key| view! {
                <p class="field-error" id=format!("deal-{id}-problem") role="alert">{t(lang.get(), key)}</p>
            })}
        </li>
    }
}

/// Element id of a stage in a card's "Move to stage" menu.
fn item_id(deal: DealId, stage: StageId) -> String {
    format!("deal-{deal}-to-{stage}")
}

/// Puts the deal id in the drag's data (Firefox starts a drag only with some data set).
fn set_drag_data(ev: &leptos::ev::DragEvent, id: DealId) {
    let Ok(transfer) = js_sys::Reflect::get(ev, &JsValue::from_str("dataTransfer")) else {
        return;
    };
    if let Ok(set_data) = js_sys::Reflect::get(&transfer, &JsValue::from_str("setData")) {
        if let Some(set_data) = set_data.dyn_ref::<js_sys::Function>() {
            let _ = set_data.call2(
                &transfer,
                &JsValue::from_str("text/plain"),
                &JsValue::from_str(&id.to_string()),
            );
        }
    }
    let _ = js_sys::Reflect::set(
        &transfer,
        &JsValue::from_str("effectAllowed"),
        &JsValue::from_str("move"),
    );
}
