//! The Pipeline screen: the deal board (one column per stage), moving deals by drag and drop or by
//! keyboard, closing them, removing stale ones, and the deals off the board.

mod board;
mod card;
mod deals;
mod off_board;
mod stale;

use leptos::prelude::*;

use crate::domain::pipeline::{sorted_owners, DealId, DealMove};
use crate::i18n::t;
use crate::ui::i18n::{tr, use_lang};
use crate::ui::state::{use_app, AppState};
use crate::workspace::CommandError;
use board::Board;
pub use deals::{all_deals, pipeline_config, sales_targets};
use off_board::OffBoard;
use stale::StaleRemoval;

/// The deals of one owner, or everyone's (`None`).
pub type OwnerFilter = RwSignal<Option<String>>;

/// The page's deals (the app's deal book, borrowed) and stages, shared by the board, the stale
/// list and the off-board lists.
#[derive(Clone, Copy)]
pub struct PipelineData {
    pub deals: crate::ui::mirror::Mirror<crate::domain::pipeline::DealBook>,
    pub config: Memo<crate::domain::pipeline::PipelineConfig>,
}

fn use_data() -> PipelineData {
    expect_context::<PipelineData>()
}

#[component]
pub fn PipelinePage() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let owner: OwnerFilter = RwSignal::new(None);
    let data = PipelineData {
        deals: app.deals,
        config: Memo::new(move |_| pipeline_config(app)),
    };
    provide_context(data);
    let owners = Memo::new(move |_| data.deals.with(|d| sorted_owners(d.owners())));
    view! {
        <div class="page-header">
            <h1>{tr("pipeline.title")}</h1>
            <div class="actions pipeline-tools">
                <label class="field inline-field">
                    <span>{tr("deal_field.owner")}</span>
                    <select on:change:target=move |ev| {
                        let v = ev.target().value();
                        owner.set((!v.is_empty()).then_some(v));
                    }>
                        <option value="" selected=move || owner.get().is_none()>{tr("pipeline.all_owners")}</option>
                        {move || owners.get().into_iter().map(|o| {
                            let selected = owner.get().as_deref() == Some(o.as_str());
                            view! { <option value=o.clone() selected=selected>{o.clone()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <StaleRemoval owner=owner/>
            </div>
        </div>
        {move || data.deals.with(|d| d.is_empty()).then(|| view! {
            <p class="empty-state card">{move || t(lang.get(), "pipeline.no_deals")}</p>
        })}
        <Board owner=owner/>
        <OffBoard owner=owner/>
    }
}

/// Applies a move to a deal and saves it at once; a refused move comes back as its message key.
pub async fn move_deal(app: AppState, id: DealId, change: DealMove) -> Result<(), &'static str> {
    app.move_deal(id, change).await.map_err(|e| match e {
        CommandError::Invalid(problems) => problems
            .first()
            .map_or("pipeline.save_failed", |p| p.label_key()),
        CommandError::Store(_) | CommandError::Conflict(_) => "pipeline.save_failed",
    })
}

/// Puts focus on an element once the view has caught up with a change.
pub fn focus_soon(id: String) {
    set_timeout(
        move || crate::ui::leads::focus(&id),
        std::time::Duration::from_millis(30),
    );
}
