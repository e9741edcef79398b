//! The pruning review kept up to date: recomputed whenever data changes (and every hour, so
//! time-based rules fire as days pass), in chunks so a full pass over 100,000 leads never blocks
//! input. Applying, dismissing and undoing are workspace commands (see [`crate::ui::state`]).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use leptos::prelude::*;

use crate::domain::pipeline::Deal;
use crate::domain::qualification::{Qualification, QuestionBank};
use crate::domain::rules::{
    group_by_rule, pending, AuditEntry, Dismissal, Firing, ReviewGroup, RuleSet, RuleStates, Sweep,
    SweepContext, SweepMemo,
};
use crate::domain::scoring::CompiledModel;
use crate::domain::{LeadBook, LeadId, Timestamp};
use crate::ui::mirror::Mirror;
use crate::ui::state::{now, AppState, Phase};

/// How often the review re-evaluates on its own, for rules that depend on time passing.
const CLOCK_TICK_MS: u64 = 60 * 60 * 1000;

/// How long after a change the review is swept again (changes meanwhile share the sweep).
pub const REVIEW_DELAY_MS: u64 = 100;

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
fn review_of(sweep: Sweep, i: &Inputs, states: &RuleStates) -> Review {
    let Sweep {
        firings,
        lead_count,
    } = sweep;
    let left = pending(firings, i.dismissals, i.audit, states);
    let count = left.len();
    Review {
        groups: group_by_rule(i.rules, left),
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
    states: &'a RuleStates,
    dismissals: &'a [Dismissal],
    audit: &'a [AuditEntry],
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
        app.rules.with_untracked(|rules| {
            app.questions.with_untracked(|bank| {
                app.qualifications.with_untracked(|answers| {
                    app.rule_states.with_untracked(|states| {
                        app.dismissals.with_untracked(|dismissals| {
                            app.audit.with_untracked(|audit| {
                                app.deals.with_untracked(|deals| {
                                    app.book.with_untracked(|book| {
                                        f(&Inputs {
                                            rules,
                                            bank,
                                            answers,
                                            states,
                                            dismissals,
                                            audit,
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
                    let states = i.states.clone();
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
            let context = i.context(i.states, at);
            memo.refresh(&context, i.book, i.deals, changed);
            review_of(memo.sweep(&context, i.book), i, i.states)
        });
        if self.review.with_untracked(|r| *r != fresh) {
            self.review.set(fresh);
        }
    }
}

/// The rules engine's reactive state, shared by the navigation, the Prune page and Settings.
#[derive(Clone, Copy)]
pub struct RulesState {
    /// The saved rule set.
    pub rules: Mirror<RuleSet>,
    /// Recomputed [`REVIEW_DELAY_MS`] after the data it reads changed.
    pub review: ReadSignal<Review>,
    /// The audit log, newest first.
    pub audit: Memo<Vec<AuditEntry>>,
}

/// Creates the rules state and provides it.
pub fn provide_rules(app: AppState) -> RulesState {
    let clock = RwSignal::new(now());
    // The review runs a moment after the change that calls for it rather than in the same turn:
    // what the user acted on (a card moved, a lead saved) is painted first, and a burst of
    // changes is swept once.
    let review = RwSignal::new(Review::default());
    let sweeper = Sweeper {
        app,
        review,
        memo: StoredValue::new(None),
        pass: StoredValue::new(None),
        generation: StoredValue::new(0),
    };
    Effect::new(move |_| {
        clock.track();
        app.compiled.track();
        app.rules.track();
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
        app.rules.track();
        app.questions.track();
        app.qualifications.track();
        app.rule_states.track();
        app.dismissals.track();
        app.audit.track();
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
        let mut log: Vec<AuditEntry> = app.audit.get();
        crate::domain::text::sort::sort_by_key(&mut log, |e| std::cmp::Reverse((e.at, e.id)));
        log
    });
    set_interval(
        move || clock.set(now()),
        std::time::Duration::from_millis(CLOCK_TICK_MS),
    );
    let state = RulesState {
        rules: app.rules,
        review: review.read_only(),
        audit,
    };
    provide_context(state);
    state
}

pub fn use_rules() -> RulesState {
    expect_context::<RulesState>()
}
