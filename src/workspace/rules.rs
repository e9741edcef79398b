//! Commands of the pruning review: applying rule actions, dismissing a firing, undoing an action.

use super::stored::Batch;
use super::{CommandError, Workspace};
use crate::domain::rules::{apply_selected, undo, AuditId, Dismissal, Firing, UndoProblem};
use crate::domain::LeadId;
use crate::store::{IdKind, Store, StoreError};

impl<S: Store> Workspace<S> {
    /// Applies the firings (each with the action chosen) in order: the leads' new rule states and
    /// one audit entry per firing, naming who applied it, in one transaction.
    pub async fn apply_rule_actions(&self, selection: &[Firing]) -> Result<(), StoreError> {
        if selection.is_empty() {
            return Ok(());
        }
        let count = u32::try_from(selection.len())
            .map_err(|_| StoreError::Integrity("too many actions at once".into()))?;
        let ids = self.new_ids(IdKind::Doc, u64::from(count)).await?;
        let (entries, rule_states) = {
            let state = self.state();
            let mut states = state.rule_states.clone();
            let entries = apply_selected(
                selection,
                &mut states,
                state.settings.profile.actor(),
                self.now(),
                ids,
            );
            let mut leads: Vec<LeadId> = entries.iter().map(|e| e.lead_id).collect();
            crate::domain::text::sort::sort(&mut leads);
            leads.dedup();
            let rule_states = leads
                .into_iter()
                .map(|id| (id, states.get(&id).cloned().unwrap_or_default()))
                .collect();
            (entries, rule_states)
        };
        self.commit(Batch {
            rule_states,
            audit: entries,
            ..Batch::default()
        })
        .await?;
        Ok(())
    }

    /// Dismisses a firing: the rule will not flag this evidence for the lead again.
    pub async fn dismiss_firing(&self, firing: &Firing) -> Result<(), StoreError> {
        let id = self.new_ids(IdKind::Doc, 1).await?.first();
        let dismissal = {
            let state = self.state();
            Dismissal::of(firing, state.settings.profile.actor(), self.now())
        };
        self.commit(Batch {
            dismissals: vec![(id, dismissal)],
            ..Batch::default()
        })
        .await?;
        Ok(())
    }

    /// Undoes an applied action: the lead's rule state as it was before it, and the entry marked
    /// undone, together. Refused when the entry is undone already or the lead's state has changed
    /// since.
    pub async fn undo_rule_action(&self, id: AuditId) -> Result<(), CommandError<UndoProblem>> {
        let (before, undone) = {
            let state = self.state();
            let entry =
                state.audit.iter().find(|e| e.id == id).ok_or_else(|| {
                    StoreError::Integrity(format!("audit entry {id} does not exist"))
                })?;
            let current = state
                .rule_states
                .get(&entry.lead_id)
                .cloned()
                .unwrap_or_default();
            let (before, undone) =
                undo(entry, &current, self.now()).map_err(|p| CommandError::Invalid(vec![p]))?;
            ((entry.lead_id, before), undone)
        };
        self.commit(Batch {
            rule_states: vec![before],
            audit: vec![undone],
            ..Batch::default()
        })
        .await?;
        Ok(())
    }
}
