//! The rules engine wired to the app: the saved rule set, the pruning review recomputed whenever
//! data changes (and every hour, so time-based rules fire as days pass), and the actions that store
//! applied actions, dismissals and undos — each in one transaction.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use leptos::prelude::*;

use crate::domain::pipeline::Deal;
use crate::domain::qualification::{Qualification, QuestionBank};
use crate::domain::rules::{
    apply_selected, group_by_rule, pending, undo, AuditEntry, Dismissal, Firing, ReviewGroup,
    RuleProblem, RuleSet, RuleState, RuleStates, StoredRuleState, Sweep, SweepContext, SweepMemo,
    UndoProblem,
};
use crate::domain::scoring::CompiledModel;
use crate::domain::{LeadBook, LeadId, Timestamp};
use crate::store::{ChangeSet, Doc, IdKind, Store, StoreError};
use crate::ui::docs::DocShelf;
use crate::ui::state::{now, AppState, Phase};

/// Document collections and the setting key of the rules engine.
pub const RULE_STATE_DOCS: &str = "rule_state";
pub const DISMISSAL_DOCS: &str = "dismissal";
pub const AUDIT_DOCS: &str = "audit";
const RULES_SETTING: &str = "rules";

/// How often the review re-evaluates on its own, for rules that depend on time passing.
const CLOCK_TICK_MS: u64 = 60 * 60 * 1000;

/// How long after a change the review is swept again (changes meanwhile share the sweep).
pub const REVIEW_DELAY_MS: u64 = 100;

/// Every lead's rule state (leads without a document have the default state).
pub fn rule_states(docs: &DocShelf) -> RuleStates {
    crate::domain::text::sort::map_of(
        docs.all::<StoredRuleState>(RULE_STATE_DOCS)
            .unwrap_or_default()
            .into_iter()
            .map(StoredRuleState::into_parts),
    )
}

/// One lead's rule state.
pub fn rule_state_of(docs: &DocShelf, id: LeadId) -> RuleState {
    docs.get::<RuleState>(RULE_STATE_DOCS, id)
        .and_then(Result::ok)
        .unwrap_or_default()
}

fn state_doc(lead_id: LeadId, state: &RuleState) -> Doc {
    Doc::encode(
        RULE_STATE_DOCS,
        lead_id,
        &StoredRuleState::new(lead_id, state.clone()),
    )
}

/// What the pruning review shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Review {
    /// Pending firings by rule.
    pub groups: Vec<ReviewGroup<Arc<Firing>>>,
    /// How many firings are pending (the number beside "Prune").
    pub count: usize,
    /// Leads not deleted: the base of the "more than half" check.
    pub lead_count: usize,
}

impl Review {
    /// Every pending firing, in group order.
    pub fn firings(&self) -> impl Iterator<Item = &Firing> {
        self.groups
            .iter()
            .flat_map(|g| g.firings.iter().map(|f| &**f))
    }
}

/// What the review shows of a sweep: the firings the user has not dealt with, by rule.
fn review_of(sweep: Sweep, rules: &RuleSet, docs: &DocShelf, states: &RuleStates) -> Review {
    let Sweep {
        firings,
        lead_count,
    } = sweep;
    let dismissals: Vec<Dismissal> = docs.all(DISMISSAL_DOCS).unwrap_or_default();
    let audit: Vec<AuditEntry> = docs.all(AUDIT_DOCS).unwrap_or_default();
    let left = pending(firings, &dismissals, &audit, states);
    let count = left.len();
    Review {
        groups: group_by_rule(rules, left),
        count,
        lead_count,
    }
}

/// Leads evaluated per turn of a full pass (a pass over 100,000 leads is several hundred
/// milliseconds of work): a keystroke or a click waits for one turn at most, about 10 ms.
const FULL_PASS_CHUNK: usize = 1_000;

/// A full pass under way: every lead evaluated, a chunk per turn of the event loop.
struct FullPass {
    memo: SweepMemo,
    remaining: Vec<LeadId>,
    /// Decoded once per pass; a lead whose state changes meanwhile is re-evaluated at the end.
    states: RuleStates,
    /// The [`Sweeper::generation`] it started in; a pass from an older one is dropped.
    generation: u64,
}

/// Everything the sweep reads, borrowed from the app's signals.
struct Inputs<'a> {
    rules: &'a RuleSet,
    bank: &'a QuestionBank,
    answers: &'a HashMap<LeadId, Qualification>,
    docs: &'a DocShelf,
    deals: &'a [Deal],
    book: &'a LeadBook,
    model: &'a CompiledModel,
}

impl<'a> Inputs<'a> {
    fn context(&self, states: &'a RuleStates, at: Timestamp) -> SweepContext<'a> {
        SweepContext {
            rules: self.rules,
            bank: self.bank,
            answers: self.answers,
            states,
            model: self.model,
            at,
        }
    }
}

/// Keeps the review up to date: re-evaluates the leads a change touched, and every lead (in
/// chunks) at start, after a reload, and when the rule set, the model, the question bank or the
/// hour changes.
#[derive(Clone, Copy)]
struct Sweeper {
    app: AppState,
    rules: RwSignal<RuleSet>,
    review: RwSignal<Review>,
    /// Up to date but for `app.leads_changed`; `None` until a full pass has finished.
    memo: StoredValue<Option<SweepMemo>>,
    pass: StoredValue<Option<FullPass>>,
    /// Counts what makes every lead's outcome stale (rules, model, bank, clock).
    generation: StoredValue<u64>,
}

impl Sweeper {
    fn with_inputs<R>(self, f: impl FnOnce(&Inputs) -> R) -> R {
        let app = self.app;
        let model = app.compiled.get_untracked();
        self.rules.with_untracked(|rules| {
            app.questions.with_untracked(|bank| {
                app.qualifications.with_untracked(|answers| {
                    app.docs.with_untracked(|docs| {
                        app.deals.with_untracked(|deals| {
                            app.book.with_untracked(|book| {
                                f(&Inputs {
                                    rules,
                                    bank,
                                    answers,
                                    docs,
                                    deals: deals.all(),
                                    book,
                                    model: &model,
                                })
                            })
                        })
                    })
                })
            })
        })
    }

    /// Every lead's outcome is stale: the next sweep starts a full pass.
    fn invalidate(self) {
        self.generation.update_value(|g| *g += 1);
        self.memo.set_value(None);
    }

    /// After a change: brings the review up to date, unless a full pass is under way (its end
    /// takes the change in).
    fn sweep(self) {
        if self.pass.with_value(Option::is_some) {
            return;
        }
        let changed = self
            .app
            .leads_changed
            .try_update_value(|c| c.replace(HashSet::new()))
            .flatten();
        match (self.memo.try_update_value(Option::take).flatten(), changed) {
            (Some(mut memo), Some(changed)) => {
                self.publish(&mut memo, changed);
                self.memo.set_value(Some(memo));
            }
            _ => {
                let at = now();
                let pass = self.with_inputs(|i| {
                    let states = rule_states(i.docs);
                    FullPass {
                        memo: SweepMemo::empty(&i.context(&states, at)),
                        remaining: i.book.leads().iter().map(|l| l.id).collect(),
                        generation: self.generation.get_value(),
                        states,
                    }
                });
                self.pass.set_value(Some(pass));
                self.continue_pass();
            }
        }
    }

    /// Evaluates the next chunk of the full pass; at its end, takes in what changed meanwhile and
    /// publishes.
    fn continue_pass(self) {
        let Some(mut pass) = self.pass.try_update_value(Option::take).flatten() else {
            return;
        };
        if pass.generation != self.generation.get_value() {
            // The rules or the model changed meanwhile: start again.
            return self.sweep();
        }
        let at = now();
        self.with_inputs(|i| {
            let cut = pass.remaining.len().saturating_sub(FULL_PASS_CHUNK);
            pass.memo.refresh(
                &i.context(&pass.states, at),
                i.book,
                i.deals,
                pass.remaining.drain(cut..),
            );
        });
        if pass.remaining.is_empty() {
            self.memo.set_value(Some(pass.memo));
            self.sweep();
        } else {
            self.pass.set_value(Some(pass));
            set_timeout(move || self.continue_pass(), std::time::Duration::ZERO);
        }
    }

    /// Re-evaluates `changed` and shows the result.
    fn publish(self, memo: &mut SweepMemo, changed: HashSet<LeadId>) {
        let at = now();
        let fresh = self.with_inputs(|i| {
            let states = rule_states(i.docs);
            let context = i.context(&states, at);
            memo.refresh(&context, i.book, i.deals, changed);
            review_of(memo.sweep(&context, i.book), i.rules, i.docs, &states)
        });
        if self.review.with_untracked(|r| *r != fresh) {
            self.review.set(fresh);
        }
    }
}

/// The rules engine's reactive state, shared by the navigation, the Prune page and Settings.
#[derive(Clone, Copy)]
pub struct RulesState {
    pub rules: RwSignal<RuleSet>,
    /// Recomputed [`REVIEW_DELAY_MS`] after the data it reads changed.
    pub review: ReadSignal<Review>,
    /// The audit log, newest first.
    pub audit: Memo<Vec<AuditEntry>>,
}

/// Creates the rules state, loads the saved rule set once the database is open, and provides it.
pub fn provide_rules(app: AppState) -> RulesState {
    let rules = RwSignal::new(RuleSet::default_rules());
    let clock = RwSignal::new(now());
    // The review runs a moment after the change that calls for it rather than in the same turn:
    // what the user acted on (a card moved, a lead saved) is painted first, and a burst of
    // changes is swept once.
    let review = RwSignal::new(Review::default());
    let sweeper = Sweeper {
        app,
        rules,
        review,
        memo: StoredValue::new(None),
        pass: StoredValue::new(None),
        generation: StoredValue::new(0),
    };
    Effect::new(move |_| {
        clock.track();
        app.compiled.track();
        rules.track();
        app.questions.track();
        sweeper.invalidate();
    });
    let sweep_due = StoredValue::new(false);
    Effect::new(move |_| {
        if app.phase.get() != Phase::Ready {
            return;
        }
        // The clock ticks so time-based rules fire as days pass; evaluate at the true now.
        clock.track();
        app.compiled.track();
        rules.track();
        app.questions.track();
        app.qualifications.track();
        app.docs.track();
        app.book.track();
        app.deals.track();
        if sweep_due.get_value() {
            return;
        }
        sweep_due.set_value(true);
        set_timeout(
            move || {
                sweep_due.set_value(false);
                sweeper.sweep();
            },
            std::time::Duration::from_millis(REVIEW_DELAY_MS),
        );
    });
    let audit = Memo::new(move |_| {
        let mut log: Vec<AuditEntry> = app.docs.with(|d| d.all(AUDIT_DOCS).unwrap_or_default());
        crate::domain::text::sort::sort_by_key(&mut log, |e| std::cmp::Reverse((e.at, e.id)));
        log
    });
    let loaded = StoredValue::new(false);
    Effect::new(move |_| {
        if app.phase.get() == Phase::Ready && !loaded.get_value() {
            loaded.set_value(true);
            leptos::task::spawn_local(async move {
                let Ok(store) = app.store() else { return };
                match store.load_setting(RULES_SETTING).await {
                    Ok(Some(json)) => match RuleSet::from_json(&json) {
                        Ok(set) => rules.set(set),
                        Err(e) => app.report(StoreError::Corrupt(format!("saved rules: {e}"))),
                    },
                    Ok(None) => {}
                    Err(e) => app.report(e),
                }
                clock.set(now());
            });
        }
    });
    set_interval(
        move || clock.set(now()),
        std::time::Duration::from_millis(CLOCK_TICK_MS),
    );
    let state = RulesState {
        rules,
        review: review.read_only(),
        audit,
    };
    provide_context(state);
    state
}

pub fn use_rules() -> RulesState {
    expect_context::<RulesState>()
}

/// Applies the firings (each with the action chosen) in order: the new rule states and the audit
/// entries in one transaction.
pub async fn apply(app: AppState, selection: Vec<Firing>) -> Result<(), StoreError> {
    if selection.is_empty() {
        return Ok(());
    }
    let store = app.store().inspect_err(|e| app.report(e.clone()))?;
    let ids = store
        .reserve_ids(IdKind::Doc, selection.len() as u32)
        .await
        .inspect_err(|e| app.report(e.clone()))?;
    let mut states = app.docs.with_untracked(rule_states);
    let who = app.profile.with_untracked(|p| p.actor().to_owned());
    let entries = apply_selected(&selection, &mut states, &who, now(), ids.start);
    let mut leads: Vec<LeadId> = entries.iter().map(|e| e.lead_id).collect();
    crate::domain::text::sort::sort(&mut leads);
    leads.dedup();
    let mut docs: Vec<Doc> = leads.iter().map(|id| state_doc(*id, &states[id])).collect();
    docs.extend(entries.iter().map(|e| Doc::encode(AUDIT_DOCS, e.id, e)));
    app.write(ChangeSet {
        docs,
        ..Default::default()
    })
    .await
    .inspect_err(|e| app.report(e.clone()))?;
    app.notify("prune.applied", None);
    Ok(())
}

/// Dismisses a firing: the rule will not flag this evidence for the lead again.
pub async fn dismiss(app: AppState, firing: Firing) -> Result<(), StoreError> {
    let store = app.store().inspect_err(|e| app.report(e.clone()))?;
    let ids = store
        .reserve_ids(IdKind::Doc, 1)
        .await
        .inspect_err(|e| app.report(e.clone()))?;
    let who = app.profile.with_untracked(|p| p.actor().to_owned());
    let dismissal = Dismissal::of(&firing, &who, now());
    let doc = Doc::encode(DISMISSAL_DOCS, ids.start, &dismissal);
    app.write(ChangeSet {
        docs: vec![doc],
        ..Default::default()
    })
    .await
    .inspect_err(|e| app.report(e.clone()))?;
    app.notify("prune.dismissed", None);
    Ok(())
}

/// Why an undo did not happen.
#[derive(Clone, Debug, PartialEq)]
pub enum UndoError {
    Refused(UndoProblem),
    Store(StoreError),
}

/// Undoes an audit entry: the lead's state before it, and the entry marked undone, together.
pub async fn undo_entry(app: AppState, entry: AuditEntry) -> Result<(), UndoError> {
    let current = app.docs.with_untracked(|d| rule_state_of(d, entry.lead_id));
    let (before, undone) = undo(&entry, &current, now()).map_err(UndoError::Refused)?;
    let docs = vec![
        state_doc(entry.lead_id, &before),
        Doc::encode(AUDIT_DOCS, undone.id, &undone),
    ];
    app.write(ChangeSet {
        docs,
        ..Default::default()
    })
    .await
    .map_err(|e| {
        app.report(e.clone());
        UndoError::Store(e)
    })?;
    app.notify("prune.undone", None);
    Ok(())
}

/// Why the rule set was not saved.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveRulesError {
    Invalid(Vec<RuleProblem>),
    Store(StoreError),
}

/// Validates and saves the rule set; the review follows it at once.
pub async fn save_rules(
    app: AppState,
    rules: RulesState,
    set: RuleSet,
) -> Result<(), SaveRulesError> {
    let problems = app.questions.with_untracked(|bank| set.validate(bank));
    if !problems.is_empty() {
        return Err(SaveRulesError::Invalid(problems));
    }
    app.store_setting(RULES_SETTING, set.to_json())
        .await
        .map_err(SaveRulesError::Store)?;
    rules.rules.set(set);
    app.setting_saved();
    Ok(())
}
