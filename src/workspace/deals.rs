//! Commands on deals: converting a lead, editing, moving through the stages, closing stale deals.

use super::stored::Batch;
use super::{CommandError, Conflict, State, Theirs, Workspace};
use crate::domain::pipeline::{
    apply_move, convert, remove_stale, ConversionError, Deal, DealFieldError, DealForm, DealId,
    DealMove, MoveError,
};
use crate::domain::qualification::{evaluate, Qualification};
use crate::domain::{Date, LeadId, Revision};
use crate::store::{IdKind, Store, StoreError};

/// Why a deal form was not saved.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DealProblem {
    /// A field of the form is wrong.
    Field(DealFieldError),
    /// The lead cannot be converted as asked.
    Conversion(ConversionError),
}

/// What "Remove stale deals" closed, kept so that Undo can write the deals back as they were.
#[derive(Clone, Debug, PartialEq)]
pub struct StaleRemoval {
    pub before: Vec<Deal>,
}

impl<S: Store> Workspace<S> {
    /// Converts a lead into a deal in the first stage. A lead not qualified on all three levels
    /// (by its answers and the question bank) needs an override reason.
    pub async fn convert_to_deal(
        &self,
        lead_id: LeadId,
        form: &DealForm,
        override_reason: &str,
    ) -> Result<DealId, CommandError<DealProblem>> {
        let today = Date::from_timestamp(self.now(), self.clock.utc_offset_minutes());
        let fields = form.validate(today).map_err(|errors| {
            CommandError::Invalid(errors.into_iter().map(DealProblem::Field).collect())
        })?;
        let (lead, qualified, config) = {
            let state = self.state();
            let lead =
                state.book.lead(lead_id).cloned().ok_or_else(|| {
                    StoreError::Integrity(format!("lead {lead_id} does not exist"))
                })?;
            let blank = Qualification::new(lead_id);
            let answers = state.qualifications.get(&lead_id).unwrap_or(&blank);
            let qualified = evaluate(&state.settings.questions, answers).is_qualified();
            (lead, qualified, state.settings.pipeline.clone())
        };
        let attempt = |id: DealId| {
            convert(
                &lead,
                qualified,
                Some(override_reason),
                fields.clone(),
                &config,
                id,
                self.now(),
            )
            .map_err(|e| CommandError::Invalid(vec![DealProblem::Conversion(e)]))
        };
        // Checked before an id is reserved, so a refused conversion spends nothing.
        attempt(0)?;
        let id = self.new_ids(IdKind::Doc, 1).await?.first();
        let deal = attempt(id)?;
        self.commit(Batch {
            deals: vec![deal],
            ..Batch::default()
        })
        .await?;
        Ok(id)
    }

    /// Validates the form and stores it over the deal's fields. `base` is the deal's revision when
    /// the form opened; if it was saved since, the [`Conflict`] shows that version.
    pub async fn update_deal(
        &self,
        id: DealId,
        form: &DealForm,
        base: Option<Revision>,
    ) -> Result<(), CommandError<DealProblem>> {
        let mut deal = self.deal(id)?;
        if self.state().deal_revision(id) != base {
            return Err(CommandError::Conflict(Box::new(deal_conflict(
                &self.state(),
                id,
            ))));
        }
        let created = Date::from_timestamp(deal.created_at, self.clock.utc_offset_minutes());
        let fields = form.validate(created).map_err(|errors| {
            CommandError::Invalid(errors.into_iter().map(DealProblem::Field).collect())
        })?;
        fields.apply_to(&mut deal, self.now());
        self.commit_edit(
            Batch {
                deals: vec![deal],
                ..Batch::default()
            },
            |state| deal_conflict(state, id),
        )
        .await?;
        Ok(())
    }

    /// Moves a deal to another stage, wins, loses, holds or reopens it. Returns whether anything
    /// changed (a move to the stage it is in changes nothing).
    pub async fn move_deal(
        &self,
        id: DealId,
        change: &DealMove,
    ) -> Result<bool, CommandError<MoveError>> {
        let deal = self.deal(id)?;
        let moved = {
            let state = self.state();
            apply_move(&deal, change, &state.settings.pipeline, self.now())
                .map_err(|e| CommandError::Invalid(vec![e]))?
        };
        if moved == deal {
            return Ok(false);
        }
        self.commit(Batch {
            deals: vec![moved],
            ..Batch::default()
        })
        .await?;
        Ok(true)
    }

    /// Closes the chosen deals as lost for being stale (those still open), in one transaction.
    pub async fn remove_stale_deals(&self, ids: &[DealId]) -> Result<StaleRemoval, StoreError> {
        let before: Vec<Deal> = {
            let state = self.state();
            ids.iter()
                .filter_map(|id| state.deals.get(*id).cloned())
                .collect()
        };
        let closed = remove_stale(&before, self.now());
        let before = before
            .into_iter()
            .filter(|d| closed.iter().any(|c| c.id == d.id))
            .collect();
        self.commit(Batch {
            deals: closed,
            ..Batch::default()
        })
        .await?;
        Ok(StaleRemoval { before })
    }

    /// Undo of [`Workspace::remove_stale_deals`]: the deals as they were before it.
    pub async fn undo_stale_removal(&self, removal: StaleRemoval) -> Result<(), StoreError> {
        self.commit(Batch {
            deals: removal.before,
            ..Batch::default()
        })
        .await?;
        Ok(())
    }

    fn deal(&self, id: DealId) -> Result<Deal, StoreError> {
        self.state()
            .deals
            .get(id)
            .cloned()
            .ok_or_else(|| StoreError::Integrity(format!("deal {id} does not exist")))
    }
}

fn deal_conflict(state: &State, id: DealId) -> Conflict {
    match state.deals.get(id) {
        Some(deal) => Conflict {
            theirs: Theirs::Deal(deal.clone()),
            revision: state.deal_revision(id),
        },
        None => Conflict {
            theirs: Theirs::Gone,
            revision: None,
        },
    }
}
