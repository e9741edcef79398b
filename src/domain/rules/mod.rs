//! The rules engine: rules (a name, a condition, an action, on/off) that flag leads and customers
//! for pruning; the review where the user applies, changes or dismisses each proposal; and an
//! audit log from which every applied action can be undone. Nothing is ever deleted by a rule:
//! actions change a per-lead [`RuleState`].
//!
//! Use:
//! 1. Load the [`RuleSet`] (defaults: [`RuleSet::default_rules`]) and validate edits with
//!    [`RuleSet::validate`] / [`Rule::validate`].
//! 2. On app start and whenever data changes, build a [`LeadFacts`] per lead and run
//!    [`evaluate_all`], add [`nurture_returns`], then filter with [`pending`] and show
//!    [`group_by_rule`].
//! 3. Before applying, ask for confirmation when [`exceeds_half`]; apply with [`apply_selected`],
//!    store the new states and the [`AuditEntry`]s; dismiss with [`Dismissal::of`]; undo with
//!    [`undo`].

pub mod action;
pub mod audit;
pub mod condition;
pub mod draft;
pub mod evaluate;
pub mod evidence;
pub mod facts;
pub mod nurture;
pub mod problem;
pub mod review;
pub mod rule;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod stored_json;
pub mod sweep;
pub mod waiting;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

pub use action::{
    apply_action, Action, Disposition, FollowUp, Outcome, RuleState, StoredRuleState,
};
pub use audit::{next_audit_id, undo, AuditEntry, AuditId, UndoProblem};
pub use condition::{Condition, Term, MAX_COUNT, MAX_DAYS};
pub use draft::{
    term_kind, DraftProblem, Param, ParamChoice, ParamInput, RuleDraft, TermDraft, TermKind,
    TERM_KINDS,
};
pub use evaluate::{evaluate, evaluate_all, Firing};
pub use evidence::{evidence_key, Evidence, Quiet};
pub use facts::{
    is_unanswered_call, open_stage_entered_at, purchases, FactField, LeadFacts, ANTI_BRAND_TAGS,
    CUSTOMER_TAGS, NO_ANSWER_MARKERS, NO_ANSWER_NOTE, UNFOLLOWED_TAGS,
};
pub use nurture::{nurture_returns, NURTURE_RETURN_RULE, NURTURE_RETURN_TITLE_KEY};
pub use problem::{RuleProblem, RuleProblemKind};
pub use review::{
    apply_selected, exceeds_half, flagged_leads, group_by_rule, pending, Dismissal, ReviewGroup,
    RuleStates, EXCEEDS_HALF_KEY,
};
pub use rule::{Rule, RuleId, RuleSet};
pub use sweep::{sweep, Sweep, SweepContext, SweepMemo};
pub use waiting::{nurtured_leads, waiting_leads, Placer, Waiting, WaitingCounts};
