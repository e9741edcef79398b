//! Commands of the learned win probability: retrain (on demand, or when enough new outcomes
//! arrived) and apply suggested re-weights to the hand-set scoring model.

use std::collections::{HashMap, HashSet};

use super::{CommandError, Workspace};
use crate::domain::learning::history::outcome;
use crate::domain::learning::{
    apply_reweight, closed_history, suggest_reweights, train, Dataset, ModelDocument, Reweight,
    TrainSettings,
};
use crate::domain::pipeline::Deal;
use crate::domain::qualification::Queue;
use crate::domain::rules::{Placer, Waiting};
use crate::domain::scoring::{score_total, ModelError};
use crate::store::{Store, StoreError};

use super::stored::Batch;

/// Whether a placement makes a lead a lost case of the history: it failed a qualification level
/// (Nurture) or a rule disqualified it.
fn disqualifies(waiting: Option<Waiting>) -> bool {
    matches!(
        waiting,
        Some(Waiting::Qualification(Queue::Nurture { .. })) | Some(Waiting::RuleDisqualified(_))
    )
}

impl<S: Store> Workspace<S> {
    /// The closed history in memory as training cases: won and lost deals, and leads
    /// disqualified (failed a qualification level, or disqualified by a rule) as lost.
    pub fn closed_history(&self) -> Dataset {
        let state = self.state();
        let now = self.now();
        let placer = Placer::new(&state.settings.questions, now);
        let disqualified: HashSet<u64> = state
            .book
            .leads()
            .iter()
            .filter(|lead| {
                disqualifies(placer.place(
                    lead,
                    state.qualifications.get(&lead.id),
                    state.rule_states.get(&lead.id),
                ))
            })
            .map(|lead| lead.id)
            .collect();
        let activities = state
            .book
            .leads()
            .iter()
            .flat_map(|lead| state.book.activities_of(lead.id));
        let compiled = state.settings.compiled.clone();
        closed_history(
            state.book.leads(),
            state.deals.all(),
            activities,
            &disqualified,
            |lead| {
                state
                    .book
                    .score_input(lead.id)
                    .map(|input| score_total(input, &compiled, now) as f64)
            },
        )
    }

    /// How many cases [`Workspace::closed_history`] holds, counted without building them: from
    /// the deals, and from the leads a qualification or a rule could disqualify. The check for a
    /// due retraining runs a moment after start and after every change of outcome, so it must
    /// not group a million activities by lead as building the history does.
    pub fn closed_outcomes(&self) -> usize {
        let state = self.state();
        let placer = Placer::new(&state.settings.questions, self.now());
        let live = |id| state.book.lead(id).filter(|lead| !lead.is_deleted());
        let disqualified = |lead: &crate::domain::Lead| {
            disqualifies(placer.place(
                lead,
                state.qualifications.get(&lead.id),
                state.rule_states.get(&lead.id),
            ))
        };
        let mut deals_of: HashMap<u64, Vec<&Deal>> = HashMap::new();
        for deal in state.deals.all() {
            deals_of.entry(deal.lead).or_default().push(deal);
        }
        let with_deals = deals_of
            .iter()
            .filter_map(|(id, deals)| {
                let lead = live(*id)?;
                outcome(lead, deals, disqualified(lead))
            })
            .count();
        // A lead without deals is a case only when disqualified, which takes answers or a rule
        // state — unless the blank answers fail a level, which would put every lead in Nurture.
        let blank_fails = state
            .book
            .leads()
            .first()
            .is_some_and(|lead| disqualifies(placer.place(lead, None, None)));
        let without_deals = |lead: &&crate::domain::Lead| {
            !lead.is_deleted() && !deals_of.contains_key(&lead.id) && disqualified(lead)
        };
        let without = if blank_fails {
            state.book.leads().iter().filter(without_deals).count()
        } else {
            let candidates: HashSet<u64> = state
                .qualifications
                .keys()
                .chain(state.rule_states.keys())
                .copied()
                .collect();
            candidates
                .into_iter()
                .filter_map(|id| state.book.lead(id))
                .filter(without_deals)
                .count()
        };
        with_deals + without
    }

    /// Trains on the closed history and stores the result (a model, or how many more outcomes
    /// are needed). Replaces the stored model.
    pub async fn retrain_model(&self) -> Result<(), StoreError> {
        let dataset = self.closed_history();
        let (won, lost) = dataset.outcome_counts();
        let result = train(&dataset, TrainSettings::default());
        let document = ModelDocument {
            trained_at: self.now(),
            outcomes: won + lost,
            needs_more: result.as_ref().err().copied(),
            model: result.ok(),
        };
        self.commit(Batch {
            learned_model: Some(document),
            ..Batch::default()
        })
        .await?;
        Ok(())
    }

    /// Retrains when it never ran or enough new outcomes arrived since
    /// ([`ModelDocument::retrain_due`]); says whether it did.
    pub async fn retrain_model_if_due(&self) -> Result<bool, StoreError> {
        let outcomes = self.closed_outcomes();
        let due = self
            .state()
            .learned
            .as_ref()
            .is_none_or(|doc| doc.retrain_due(outcomes));
        if due {
            self.retrain_model().await?;
        }
        Ok(due)
    }

    /// Suggested re-weights of the hand-set model from the stored learned model.
    pub fn suggested_reweights(&self) -> Vec<Reweight> {
        let state = self.state();
        match state.learned.as_ref().and_then(|doc| doc.model.as_ref()) {
            Some(model) => suggest_reweights(model, &state.settings.scoring),
            None => Vec::new(),
        }
    }

    /// Applies suggestions (one, or all) to the hand-set model and saves it through the scoring
    /// settings command. Suggestions made stale by an edit are skipped; returns how many applied.
    pub async fn apply_reweights(
        &self,
        reweights: &[Reweight],
    ) -> Result<usize, CommandError<ModelError>> {
        let mut model = self.state().settings.scoring.clone();
        let mut applied = 0;
        for reweight in reweights {
            if let Some(next) = apply_reweight(&model, reweight) {
                model = next;
                applied += 1;
            }
        }
        if applied > 0 {
            self.save_scoring_model(model).await?;
        }
        Ok(applied)
    }
}
