//! One pass of every runnable rule over every lead: the facts are built once per lead (score,
//! grade after rule penalties, qualification, lead type, deals), each rule is evaluated on them,
//! and nurtured leads whose score reached MQL are proposed for return. The Prune review filters
//! the result with [`super::pending`].
//!
//! A pass over 100,000 leads takes hundreds of milliseconds, so the app keeps the outcome lead by
//! lead in a [`SweepMemo`] and, after a change, re-evaluates only the leads it touched.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::action::RuleState;
use super::evaluate::{evaluate, Firing};
use super::facts::{open_stage_entered_at, purchases, LeadFacts};
use super::nurture::nurture_returns;
use super::review::RuleStates;
use super::rule::{Rule, RuleSet};
use crate::domain::pipeline::Deal;
use crate::domain::qualification::{
    assign_lead_type, evaluate as verdict_of, Qualification, QualificationVerdict, QuestionBank,
};
use crate::domain::scoring::{score_total, CompiledModel, Points, ScoreInput, Thresholds};
use crate::domain::{LeadBook, LeadId, Timestamp};

/// What one pass found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sweep {
    /// Every firing, grouped by rule in rule-set order (leads in id order), then the return
    /// proposals. Shared with the memo: listing 60,000 firings after each edit must not copy them.
    pub firings: Vec<Arc<Firing>>,
    /// Leads not deleted: the base of the "more than half" check.
    pub lead_count: usize,
}

/// Everything a pass reads besides the leads and their deals.
#[derive(Clone, Copy)]
pub struct SweepContext<'a> {
    pub rules: &'a RuleSet,
    pub bank: &'a QuestionBank,
    pub answers: &'a HashMap<LeadId, Qualification>,
    pub states: &'a RuleStates,
    pub model: &'a CompiledModel,
    pub at: Timestamp,
}

/// Evaluates `rules` for every lead of `book` at `at`.
#[allow(clippy::too_many_arguments)]
pub fn sweep(
    rules: &RuleSet,
    bank: &QuestionBank,
    book: &LeadBook,
    answers: &HashMap<LeadId, Qualification>,
    states: &RuleStates,
    deals: &[Deal],
    model: &CompiledModel,
    at: Timestamp,
) -> Sweep {
    let context = SweepContext {
        rules,
        bank,
        answers,
        states,
        model,
        at,
    };
    SweepMemo::new(&context, book, deals).sweep(&context, book)
}

/// The outcome of the last pass, lead by lead, for one rule set, question bank and scoring model
/// (after any of them changes, build a new memo). [`SweepMemo::refresh`] re-evaluates the leads a
/// change touched; [`SweepMemo::sweep`] then gives what a full pass at that moment would give,
/// except that untouched leads keep the evaluation time of their last pass (time-based rules are
/// re-evaluated when the app sweeps everything again, hourly).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SweepMemo {
    /// Only leads with a firing or a return candidacy.
    outcomes: BTreeMap<LeadId, LeadOutcome>,
    runnable_rules: usize,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct LeadOutcome {
    /// (index among the runnable rules, firing), in rule order.
    firings: Vec<(usize, Arc<Firing>)>,
    /// The raw score of a lead whose rule state is not active: a candidate for return.
    inactive_score: Option<Points>,
}

impl SweepMemo {
    /// A memo that has evaluated no lead yet: [`SweepMemo::refresh`] fills it, a part at a time if
    /// need be.
    pub fn empty(context: &SweepContext) -> SweepMemo {
        SweepMemo {
            outcomes: BTreeMap::new(),
            runnable_rules: context.rules.runnable(context.bank).count(),
        }
    }

    /// Evaluates every lead.
    pub fn new(context: &SweepContext, book: &LeadBook, deals: &[Deal]) -> SweepMemo {
        let mut memo = SweepMemo::empty(context);
        memo.refresh(context, book, deals, book.leads().iter().map(|l| l.id));
        memo
    }

    /// Re-evaluates `leads` (ids the book no longer holds, or deleted leads, are dropped). The
    /// context must hold the memo's rule set, bank and model.
    pub fn refresh(
        &mut self,
        context: &SweepContext,
        book: &LeadBook,
        deals: &[Deal],
        leads: impl IntoIterator<Item = LeadId>,
    ) {
        let pass = Pass::new(context);
        debug_assert_eq!(
            pass.runnable.len(),
            self.runnable_rules,
            "refresh with another rule set"
        );
        // One pass over the deals for all the leads (an import touches thousands of leads).
        let mut deals_by_lead: BTreeMap<LeadId, Vec<Deal>> =
            crate::domain::text::sort::map_of(leads.into_iter().map(|id| (id, Vec::new())));
        for deal in deals {
            if let Some(of_lead) = deals_by_lead.get_mut(&deal.lead) {
                of_lead.push(deal.clone());
            }
        }
        for (id, of_lead) in deals_by_lead {
            match book
                .score_input(id)
                .and_then(|input| pass.outcome(input, &of_lead))
            {
                Some(o) => self.outcomes.insert(id, o),
                None => self.outcomes.remove(&id),
            };
        }
    }

    /// The firings grouped by rule, then the return proposals at `context.at`.
    pub fn sweep(&self, context: &SweepContext, book: &LeadBook) -> Sweep {
        let mut per_rule: Vec<Vec<Arc<Firing>>> = vec![Vec::new(); self.runnable_rules];
        let default_state = RuleState::default();
        let mut inactive = Vec::new();
        for (id, outcome) in &self.outcomes {
            for (rule, firing) in &outcome.firings {
                per_rule[*rule].push(Arc::clone(firing));
            }
            if let Some(score) = outcome.inactive_score {
                inactive.push((*id, context.states.get(id).unwrap_or(&default_state), score));
            }
        }
        let mut firings: Vec<Arc<Firing>> = per_rule.into_iter().flatten().collect();
        firings.extend(
            nurture_returns(inactive, context.model.thresholds().mql, context.at)
                .into_iter()
                .map(Arc::new),
        );
        Sweep {
            firings,
            lead_count: book.open_lead_count(),
        }
    }
}

/// What every lead's evaluation shares.
struct Pass<'a> {
    context: &'a SweepContext<'a>,
    runnable: Vec<&'a Rule>,
    thresholds: Thresholds,
    default_state: RuleState,
    blank: Qualification,
    blank_verdict: QualificationVerdict,
}

impl<'a> Pass<'a> {
    fn new(context: &'a SweepContext<'a>) -> Pass<'a> {
        let blank = Qualification::new(0);
        Pass {
            runnable: context.rules.runnable(context.bank).collect(),
            thresholds: context.model.thresholds(),
            default_state: RuleState::default(),
            blank_verdict: verdict_of(context.bank, &blank),
            blank,
            context,
        }
    }

    /// The lead's firings and return candidacy; `None` for a deleted lead or one with neither.
    fn outcome(&self, input: ScoreInput, deals: &[Deal]) -> Option<LeadOutcome> {
        let Pass { context, .. } = self;
        if input.lead.is_deleted() {
            return None;
        }
        let (lead, activities) = (input.lead, input.activities);
        let id = lead.id;
        let qualification = context.answers.get(&id);
        let raw = score_total(
            input.with_qualification(qualification),
            context.model,
            context.at,
        );
        let state = context.states.get(&id).unwrap_or(&self.default_state);
        let inactive_score = (!state.is_active()).then_some(raw);
        let mut firings = Vec::new();
        if !self.runnable.is_empty() {
            let verdict = qualification.map(|q| verdict_of(context.bank, q));
            let score = state.score(raw);
            let lead_type = assign_lead_type(
                lead,
                activities,
                qualification.unwrap_or(&self.blank),
                verdict.as_ref().unwrap_or(&self.blank_verdict),
                score,
                self.thresholds.mql,
            )
            .lead_type;
            let (bought, stage_at) = if deals.is_empty() {
                (Vec::new(), None)
            } else {
                (purchases(id, deals), open_stage_entered_at(id, deals))
            };
            let facts = LeadFacts::new(lead, activities, score, state.grade(raw, &self.thresholds))
                .with_qualification(qualification, verdict.as_ref())
                .with_lead_type(lead_type)
                .with_stage_entered_at(stage_at)
                .with_purchases(&bought);
            for (i, rule) in self.runnable.iter().enumerate() {
                if let Some(f) = evaluate(rule, &facts, context.at) {
                    firings.push((i, Arc::new(f)));
                }
            }
        }
        (!firings.is_empty() || inactive_score.is_some()).then_some(LeadOutcome {
            firings,
            inactive_score,
        })
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::qualification::{LocalText, QuestionBank};
    use crate::domain::rules::{Action, Disposition, NURTURE_RETURN_RULE};
    use crate::domain::scoring::ScoringModel;
    use crate::domain::test_support::{activity, lead};
    use crate::domain::time::date::MS_PER_DAY;
    use crate::domain::{ActivityKind, DecisionRole, Lead};

    const NOW: Timestamp = 20_000 * MS_PER_DAY;

    #[test]
    fn one_pass_fires_each_rule_once_per_lead_and_proposes_warm_nurtured_leads_back() {
        let emails = |lead_id, count: u64| {
            (0..count).map(move |i| {
                activity(
                    lead_id * 10 + i,
                    lead_id,
                    ActivityKind::EmailSent,
                    NOW - (i as i64 + 1) * 3_600_000,
                )
            })
        };
        // 60 points on the shipped model: software, 20 people, Tehran, the decision maker.
        let warm = |id| Lead {
            industry: "Software".into(),
            employees: Some(20),
            city: "Tehran".into(),
            decision_role: DecisionRole::DecisionMaker,
            ..lead(id)
        };
        let leads = vec![
            lead(1),
            lead(2),
            Lead {
                deleted_at: Some(NOW),
                ..lead(3)
            },
            warm(4),
            lead(5),
        ];
        let activities = emails(1, 5)
            .chain(emails(2, 4))
            .chain(emails(3, 5))
            .chain(emails(5, 5))
            .collect();
        let book = LeadBook::new(leads, activities);
        let nurture = RuleState {
            disposition: Disposition::Nurture {
                reason: LocalText::new("later", "بعداً"),
            },
            disposition_at: Some(NOW - MS_PER_DAY),
            ..RuleState::default()
        };
        let states: RuleStates = [(4, nurture.clone()), (5, nurture)].into_iter().collect();
        let model = CompiledModel::new(&ScoringModel::default_model());

        let found = sweep(
            &RuleSet::default_rules(),
            &crate::domain::qualification::QuestionBank::default_bank(),
            &book,
            &HashMap::new(),
            &states,
            &[],
            &model,
            NOW,
        );
        assert_eq!(found.lead_count, 4);
        let fired: Vec<(&str, LeadId)> = found
            .firings
            .iter()
            .map(|f| (f.rule_id.as_str(), f.lead_id))
            .collect();
        // Four emails are not five; the deleted lead is skipped; lead 5 is nurtured but cold.
        assert_eq!(
            fired,
            vec![
                ("emails_no_reply", 1),
                ("emails_no_reply", 5),
                (NURTURE_RETURN_RULE, 4)
            ]
        );
        assert_eq!(found.firings[2].action, Action::ReturnToActive);

        let none = sweep(
            &RuleSet { rules: vec![] },
            &Default::default(),
            &book,
            &HashMap::new(),
            &states,
            &[],
            &model,
            NOW,
        );
        assert_eq!((none.lead_count, none.firings.len()), (4, 1));
    }

    mod memo {
        use super::*;
        use crate::domain::pipeline::deal::{test_deal, DealStatus, StageEntry};
        use proptest::prelude::*;

        /// An edit to the data the sweep reads, to the lead (index into the leads) it names.
        #[derive(Clone, Debug)]
        enum Edit {
            Activity(usize, usize, i64),
            Delete(usize),
            Restore(usize),
            Nurture(usize),
            Activate(usize),
            Deal(usize, u8, i64),
            DropDeals(usize),
            Accept(usize),
            Warm(usize),
            NewLead,
        }

        const KINDS: [ActivityKind; 6] = [
            ActivityKind::EmailSent,
            ActivityKind::EmailReplied,
            ActivityKind::Call,
            ActivityKind::Meeting,
            ActivityKind::Unsubscribed,
            ActivityKind::Complaint,
        ];

        fn edit() -> impl Strategy<Value = Edit> {
            let lead = 0usize..8;
            prop_oneof![
                4 => (lead.clone(), 0..KINDS.len(), 0i64..90).prop_map(|(l, k, d)| Edit::Activity(l, k, d)),
                1 => lead.clone().prop_map(Edit::Delete),
                1 => lead.clone().prop_map(Edit::Restore),
                1 => lead.clone().prop_map(Edit::Nurture),
                1 => lead.clone().prop_map(Edit::Activate),
                2 => (lead.clone(), 0u8..3, 0i64..400).prop_map(|(l, s, d)| Edit::Deal(l, s, d)),
                1 => lead.clone().prop_map(Edit::DropDeals),
                1 => lead.clone().prop_map(Edit::Accept),
                1 => lead.prop_map(Edit::Warm),
                1 => Just(Edit::NewLead),
            ]
        }

        struct World {
            book: LeadBook,
            deals: Vec<Deal>,
            states: RuleStates,
            answers: HashMap<LeadId, Qualification>,
            next_id: u64,
        }

        impl World {
            fn id(&self, index: usize) -> LeadId {
                let leads = self.book.leads();
                leads[index % leads.len()].id
            }

            /// Applies the edit and says which lead it touched.
            fn apply(&mut self, edit: &Edit) -> LeadId {
                self.next_id += 1;
                let fresh = self.next_id;
                match *edit {
                    Edit::Activity(l, k, days) => {
                        let id = self.id(l);
                        self.book.upsert_activity(activity(
                            fresh,
                            id,
                            KINDS[k],
                            NOW - days * MS_PER_DAY - 1,
                        ));
                        id
                    }
                    Edit::Delete(l) | Edit::Restore(l) | Edit::Warm(l) => {
                        let id = self.id(l);
                        let mut changed = self.book.lead(id).unwrap().clone();
                        match edit {
                            Edit::Delete(_) => changed.deleted_at = Some(NOW - MS_PER_DAY),
                            Edit::Restore(_) => changed.deleted_at = None,
                            _ => {
                                changed.industry = "Software".into();
                                changed.employees = Some(20);
                                changed.city = "Tehran".into();
                                changed.decision_role = DecisionRole::DecisionMaker;
                            }
                        }
                        self.book.upsert_lead(changed);
                        id
                    }
                    Edit::Nurture(l) | Edit::Activate(l) => {
                        let id = self.id(l);
                        let disposition = match edit {
                            Edit::Nurture(_) => Disposition::Nurture {
                                reason: LocalText::new("later", "بعداً"),
                            },
                            _ => Disposition::Active,
                        };
                        let state = RuleState {
                            disposition,
                            disposition_at: Some(NOW - MS_PER_DAY),
                            ..RuleState::default()
                        };
                        self.states.insert(id, state);
                        id
                    }
                    Edit::Deal(l, status, days) => {
                        let id = self.id(l);
                        let mut deal = test_deal(fresh, 1);
                        deal.lead = id;
                        deal.status =
                            [DealStatus::Open, DealStatus::Won, DealStatus::Lost][status as usize];
                        deal.history = vec![StageEntry {
                            at: NOW - days * MS_PER_DAY,
                            stage: 1,
                            status: deal.status,
                            reason: None,
                        }];
                        deal.updated_at = NOW - days * MS_PER_DAY;
                        self.deals.push(deal);
                        id
                    }
                    Edit::DropDeals(l) => {
                        let id = self.id(l);
                        self.deals.retain(|d| d.lead != id);
                        id
                    }
                    Edit::Accept(l) => {
                        let id = self.id(l);
                        let mut q = Qualification::new(id);
                        q.accepted_by_sales = Some(NOW - MS_PER_DAY);
                        self.answers.insert(id, q);
                        id
                    }
                    Edit::NewLead => {
                        self.book.upsert_lead(lead(fresh));
                        fresh
                    }
                }
            }
        }

        proptest! {
            /// After any edits, refreshing only the touched leads gives exactly what a full pass gives.
            #[test]
            fn refreshing_touched_leads_equals_a_full_pass(
                emails in proptest::collection::vec(0u64..8, 1..8),
                edits in proptest::collection::vec(edit(), 1..25),
                batch in 1usize..4,
            ) {
                let leads: Vec<Lead> = (1..=emails.len() as u64).map(lead).collect();
                let activities = emails.iter().enumerate().flat_map(|(i, &n)| {
                    (0..n).map(move |e| activity(1_000 + i as u64 * 10 + e, i as u64 + 1, ActivityKind::EmailSent, NOW - (e as i64 + 1) * 3_600_000))
                }).collect();
                let mut world = World {
                    book: LeadBook::new(leads, activities),
                    deals: Vec::new(),
                    states: RuleStates::new(),
                    answers: HashMap::new(),
                    next_id: 10_000,
                };
                let rules = RuleSet::default_rules();
                let bank = QuestionBank::default_bank();
                let model = CompiledModel::new(&ScoringModel::default_model());
                macro_rules! context {
                    ($w:expr) => {
                        SweepContext { rules: &rules, bank: &bank, answers: &$w.answers, states: &$w.states, model: &model, at: NOW }
                    };
                }
                let mut memo = SweepMemo::new(&context!(world), &world.book, &world.deals);
                // Filled a part at a time, as the app does at start, it is the same memo.
                let mut in_parts = SweepMemo::empty(&context!(world));
                let ids: Vec<LeadId> = world.book.leads().iter().map(|l| l.id).collect();
                for part in ids.chunks(batch) {
                    in_parts.refresh(&context!(world), &world.book, &world.deals, part.iter().copied());
                }
                prop_assert_eq!(&in_parts, &memo);
                let mut touched = Vec::new();
                for (i, edit) in edits.iter().enumerate() {
                    // Several edits between two refreshes, as a burst of changes shares one sweep.
                    touched.push(world.apply(edit));
                    if i % batch != batch - 1 && i != edits.len() - 1 {
                        continue;
                    }
                    memo.refresh(&context!(world), &world.book, &world.deals, touched.drain(..));
                    let full = sweep(&rules, &bank, &world.book, &world.answers, &world.states, &world.deals, &model, NOW);
                    prop_assert_eq!(memo.sweep(&context!(world), &world.book), full);
                }
            }
        }
    }
}
