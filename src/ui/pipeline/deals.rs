//! Deals, the pipeline configuration and the sales targets as the app stores them: JSON documents
//! mirrored in the doc shelf (so other tabs and reloads see them like any other document). Every
//! change goes through [`AppState::write`] in one transaction.

use std::cell::RefCell;
use std::collections::HashMap;

use leptos::prelude::*;

use crate::domain::forecast::SalesTargets;
use crate::domain::pipeline::{Deal, DealId, PipelineConfig};
use crate::store::{ChangeSet, Doc, IdKind, Store, StoreError};
use crate::ui::state::{AppState, Undo};

/// Document collection of the deals (doc id = deal id).
pub const DEAL_DOCS: &str = "deal";
/// Document collection holding the pipeline configuration (one document, id [`SINGLE`]).
pub const PIPELINE_DOCS: &str = "pipeline";
/// Document collection holding the sales reps and targets (one document, id [`SINGLE`]).
pub const TARGET_DOCS: &str = "targets";
const SINGLE: u64 = 1;

/// Every deal, cloned (tracked). Views that only read deals borrow `app.deals` instead.
pub fn all_deals(app: AppState) -> Vec<Deal> {
    app.deals.with(|book| book.all().to_vec())
}

/// The saved pipeline configuration, or the shipped default stages (tracked).
pub fn pipeline_config(app: AppState) -> PipelineConfig {
    app.docs
        .with(|docs| {
            docs.get::<PipelineConfig>(PIPELINE_DOCS, SINGLE)
                .and_then(Result::ok)
        })
        .unwrap_or_default()
}

/// The saved sales reps and targets, or none (tracked).
pub fn sales_targets(app: AppState) -> SalesTargets {
    app.docs
        .with(|docs| {
            docs.get::<SalesTargets>(TARGET_DOCS, SINGLE)
                .and_then(Result::ok)
        })
        .unwrap_or_default()
}

/// Saves deals (new or changed) in one transaction; errors are reported in the banner.
pub async fn save_deals(app: AppState, deals: &[Deal]) -> Result<(), StoreError> {
    let docs = deals
        .iter()
        .map(|d| Doc::encode(DEAL_DOCS, d.id, d))
        .collect();
    app.write(ChangeSet {
        docs,
        ..Default::default()
    })
    .await
    .inspect_err(|e| app.report(e.clone()))
}

/// A fresh deal id.
pub async fn reserve_deal_id(app: AppState) -> Result<DealId, StoreError> {
    let store = app.store().inspect_err(|e| app.report(e.clone()))?;
    let ids = store
        .reserve_ids(IdKind::Doc, 1)
        .await
        .inspect_err(|e| app.report(e.clone()))?;
    Ok(ids.start)
}

/// Saves the pipeline configuration and, in the same transaction, the deals it moved.
pub async fn save_pipeline(
    app: AppState,
    config: &PipelineConfig,
    moved: &[Deal],
) -> Result<(), StoreError> {
    let mut docs = vec![Doc::encode(PIPELINE_DOCS, SINGLE, config)];
    docs.extend(moved.iter().map(|d| Doc::encode(DEAL_DOCS, d.id, d)));
    app.write(ChangeSet {
        docs,
        ..Default::default()
    })
    .await
    .inspect_err(|e| app.report(e.clone()))
}

/// Saves the sales reps and targets.
pub async fn save_targets(app: AppState, targets: &SalesTargets) -> Result<(), StoreError> {
    let docs = vec![Doc::encode(TARGET_DOCS, SINGLE, targets)];
    app.write(ChangeSet {
        docs,
        ..Default::default()
    })
    .await
    .inspect_err(|e| app.report(e.clone()))
}

thread_local! {
    /// Deals as they were before an undoable bulk change, by undo ticket.
    static UNDO_STASH: RefCell<(u64, HashMap<u64, Vec<Deal>>)> = RefCell::new((0, HashMap::new()));
}

/// Keeps `previous` for Undo and returns the [`Undo`] that writes them back.
pub fn stash_for_undo(previous: Vec<Deal>) -> Undo {
    let ticket = UNDO_STASH.with(|stash| {
        let mut stash = stash.borrow_mut();
        stash.0 += 1;
        let ticket = stash.0;
        stash.1.insert(ticket, previous);
        ticket
    });
    Undo::RestoreDeals(ticket)
}

/// Writes back the deals kept under `ticket` (Undo of "Remove stale deals").
pub async fn restore_deals(app: AppState, ticket: u64) {
    let Some(previous) = UNDO_STASH.with(|stash| stash.borrow_mut().1.remove(&ticket)) else {
        return;
    };
    if save_deals(app, &previous).await.is_ok() {
        app.notify("deal.restored", None);
    }
}
