//! The audit log: every applied action with who, when, which rule, the evidence and the lead's
//! rule state before and after, so any of them can be undone.

use serde::{Deserialize, Serialize};

use super::action::{apply_action, Action, RuleState};
use super::evaluate::Firing;
use super::evidence::Evidence;
use super::rule::RuleId;
use crate::domain::{LeadId, Timestamp};

/// Identifies an audit entry.
pub type AuditId = u64;

/// One applied action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: AuditId,
    pub at: Timestamp,
    /// Who applied it: the name in Settings then, or "" (entries logged before names were
    /// recorded, or no name given), which the History shows as "You".
    #[serde(default)]
    pub who: String,
    pub rule_id: RuleId,
    pub lead_id: LeadId,
    /// The action applied (the rule's, or the one the user picked instead).
    pub action: Action,
    pub evidence: Vec<Evidence>,
    pub evidence_key: u64,
    pub before: RuleState,
    pub after: RuleState,
    /// When it was undone, if it was.
    #[serde(default)]
    pub undone_at: Option<Timestamp>,
}

impl AuditEntry {
    /// Applies a firing's action to the lead's current state: the entry to log. Its `after` is
    /// the lead's new state.
    pub fn apply(
        firing: &Firing,
        state: &RuleState,
        id: AuditId,
        who: &str,
        now: Timestamp,
    ) -> AuditEntry {
        let outcome = apply_action(state, &firing.action, now);
        AuditEntry {
            id,
            at: now,
            who: who.to_owned(),
            rule_id: firing.rule_id.clone(),
            lead_id: firing.lead_id,
            action: firing.action.clone(),
            evidence: firing.evidence.clone(),
            evidence_key: firing.evidence_key,
            before: outcome.before,
            after: outcome.after,
            undone_at: None,
        }
    }

    /// The name of who applied it, if one was recorded.
    pub fn actor(&self) -> Option<&str> {
        Some(self.who.trim()).filter(|w| !w.is_empty())
    }

    /// Whether the entry still stands.
    pub fn is_active(&self) -> bool {
        self.undone_at.is_none()
    }
}

/// Why an undo was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UndoProblem {
    /// It was undone already.
    AlreadyUndone,
    /// The lead's state changed since (a later action): undo that one first, or the later change
    /// would be lost.
    ChangedSince,
}

impl UndoProblem {
    /// Translation key of the message.
    pub fn message_key(self) -> &'static str {
        match self {
            UndoProblem::AlreadyUndone => "rules.undo_already_undone",
            UndoProblem::ChangedSince => "rules.undo_changed_since",
        }
    }
}

/// Undoes an entry: the state to store for the lead (exactly `before`), with the entry marked
/// undone at `now`. Refused when the lead's `current` state is no longer the entry's `after`.
pub fn undo(
    entry: &AuditEntry,
    current: &RuleState,
    now: Timestamp,
) -> Result<(RuleState, AuditEntry), UndoProblem> {
    if entry.undone_at.is_some() {
        return Err(UndoProblem::AlreadyUndone);
    }
    if *current != entry.after {
        return Err(UndoProblem::ChangedSince);
    }
    let mut undone = entry.clone();
    undone.undone_at = Some(now);
    Ok((entry.before.clone(), undone))
}

/// The next free audit id after the log's largest.
pub fn next_audit_id(log: &[AuditEntry]) -> AuditId {
    log.iter().map(|e| e.id).max().map_or(1, |m| m + 1)
}
