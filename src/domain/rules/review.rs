//! The pruning review: every lead a rule flags that the user has not dealt with, grouped by rule,
//! with dismissal, single and bulk apply, and the "more than half of all leads" confirmation.

use std::borrow::Borrow;
use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use super::action::{apply_action, RuleState};
use super::audit::{AuditEntry, AuditId};
use super::evaluate::Firing;
use super::rule::{RuleId, RuleSet};
use crate::domain::{LeadId, Timestamp};

/// Rule states by lead; a lead without an entry has the default state.
pub type RuleStates = BTreeMap<LeadId, RuleState>;

/// Translation key of the confirmation asked before applying when [`exceeds_half`] holds; it uses
/// `{count}` (leads flagged) and `{total}` (all leads).
pub const EXCEEDS_HALF_KEY: &str = "rules.confirm_exceeds_half";

/// The user's "not this one": the rule will not flag the same evidence for the lead again (new
/// evidence, such as another unanswered email, fires again).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dismissal {
    pub rule_id: RuleId,
    pub lead_id: LeadId,
    pub evidence_key: u64,
    pub at: Timestamp,
    #[serde(default)]
    pub who: String,
}

impl Dismissal {
    /// Dismisses a firing.
    pub fn of(firing: &Firing, who: &str, now: Timestamp) -> Dismissal {
        Dismissal {
            rule_id: firing.rule_id.clone(),
            lead_id: firing.lead_id,
            evidence_key: firing.evidence_key,
            at: now,
            who: who.to_owned(),
        }
    }
}

/// The firings still to review: minus those dismissed (same rule, lead and evidence), minus those
/// already applied and not undone (same rule, lead and evidence), minus those whose action would
/// change nothing on the lead's current state (already Cold, already disqualified…).
pub fn pending<F: Borrow<Firing>>(
    firings: Vec<F>,
    dismissals: &[Dismissal],
    audit: &[AuditEntry],
    states: &RuleStates,
) -> Vec<F> {
    let dismissed: HashSet<(&str, LeadId, u64)> = dismissals
        .iter()
        .map(|d| (d.rule_id.as_str(), d.lead_id, d.evidence_key))
        .collect();
    let applied: HashSet<(&str, LeadId, u64)> = audit
        .iter()
        .filter(|e| e.is_active())
        .map(|e| (e.rule_id.as_str(), e.lead_id, e.evidence_key))
        .collect();
    let default = RuleState::default();
    firings
        .into_iter()
        .filter(|f| {
            let f: &Firing = f.borrow();
            let key = (f.rule_id.as_str(), f.lead_id, f.evidence_key);
            !dismissed.contains(&key)
                && !applied.contains(&key)
                && apply_action(states.get(&f.lead_id).unwrap_or(&default), &f.action, f.at)
                    .changes()
        })
        .collect()
}

/// The firings of one rule, for one section of the review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewGroup<F = Firing> {
    pub rule_id: RuleId,
    pub firings: Vec<F>,
}

/// Pending firings grouped by rule, in rule-set order; firings of rules not in the set (the
/// nurture return proposal) follow, grouped by id in order of first appearance. Empty groups are
/// left out.
pub fn group_by_rule<F: Borrow<Firing>>(rules: &RuleSet, pending: Vec<F>) -> Vec<ReviewGroup<F>> {
    let mut groups: Vec<ReviewGroup<F>> = rules
        .rules
        .iter()
        .map(|r| ReviewGroup {
            rule_id: r.id.clone(),
            firings: Vec::new(),
        })
        .collect();
    for firing in pending {
        let rule_id = &firing.borrow().rule_id;
        match groups.iter_mut().find(|g| g.rule_id == *rule_id) {
            Some(g) => g.firings.push(firing),
            None => groups.push(ReviewGroup {
                rule_id: rule_id.clone(),
                firings: vec![firing],
            }),
        }
    }
    groups.retain(|g| !g.firings.is_empty());
    groups
}

/// Applies a selection of firings (each with the action to apply) in order, updating `states`
/// and returning the audit entries, numbered with `ids` in turn (fresh ids, one per firing).
/// Several firings for one lead chain: each starts from the state the previous one left.
pub fn apply_selected(
    selection: &[Firing],
    states: &mut RuleStates,
    who: &str,
    now: Timestamp,
    ids: impl IntoIterator<Item = AuditId>,
) -> Vec<AuditEntry> {
    let mut entries = Vec::with_capacity(selection.len());
    for (firing, id) in selection.iter().zip(ids) {
        let state = states.entry(firing.lead_id).or_default();
        let entry = AuditEntry::apply(firing, state, id, who, now);
        *state = entry.after.clone();
        entries.push(entry);
    }
    entries
}

/// How many distinct leads the firings flag.
pub fn flagged_leads<F: Borrow<Firing>>(firings: &[F]) -> usize {
    firings
        .iter()
        .map(|f| f.borrow().lead_id)
        .collect::<HashSet<_>>()
        .len()
}

/// Whether the firings flag more than half of `lead_count` leads: then the app asks for
/// confirmation ([`EXCEEDS_HALF_KEY`]) before applying anything.
pub fn exceeds_half<F: Borrow<Firing>>(firings: &[F], lead_count: usize) -> bool {
    flagged_leads(firings) * 2 > lead_count
}
