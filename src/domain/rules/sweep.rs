//! One pass of every runnable rule over every lead: the facts are built once per lead (score,
//! grade after rule penalties, qualification, lead type, deals), each rule is evaluated on them,
//! and nurtured leads whose score reached MQL are proposed for return. The Prune review filters
//! the result with [`super::pending`].

use std::collections::HashMap;

use super::action::RuleState;
use super::evaluate::{evaluate, Firing};
use super::facts::{open_stage_entered_at, purchases, LeadFacts};
use super::nurture::nurture_returns;
use super::review::RuleStates;
use super::rule::RuleSet;
use crate::domain::pipeline::Deal;
use crate::domain::qualification::{
    assign_lead_type, evaluate as verdict_of, Qualification, QuestionBank,
};
use crate::domain::scoring::{score_total, CompiledModel};
use crate::domain::{LeadBook, LeadId, Timestamp};

/// What one pass found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sweep {
    /// Every firing, grouped by rule in rule-set order, then the return proposals.
    pub firings: Vec<Firing>,
    /// Leads not deleted: the base of the "more than half" check.
    pub lead_count: usize,
}

/// Evaluates `rules` for every lead of `book` at `at`.
#[allow(clippy::too_many_arguments)]
pub fn sweep(
    rules: &RuleSet,
    bank: &QuestionBank,
    book: &LeadBook,
    answers: &HashMap<LeadId, Qualification>,
    states: &RuleStates,
    deals: Vec<Deal>,
    model: &CompiledModel,
    at: Timestamp,
) -> Sweep {
    let thresholds = model.thresholds();
    let mut deals_by_lead: HashMap<LeadId, Vec<Deal>> = HashMap::new();
    for deal in deals {
        deals_by_lead.entry(deal.lead).or_default().push(deal);
    }
    let runnable: Vec<_> = rules.runnable(bank).collect();
    let mut per_rule: Vec<Vec<Firing>> = vec![Vec::new(); runnable.len()];
    let mut nurtured = Vec::new();
    let default_state = RuleState::default();
    let blank = Qualification::new(0);
    let blank_verdict = verdict_of(bank, &blank);
    let mut lead_count = 0;
    for input in book.score_inputs().filter(|i| !i.lead.is_deleted()) {
        lead_count += 1;
        let (lead, activities) = (input.lead, input.activities);
        let id = lead.id;
        let qualification = answers.get(&id);
        let raw = score_total(input.with_qualification(qualification), model, at);
        let state = states.get(&id).unwrap_or(&default_state);
        if !state.is_active() {
            nurtured.push((id, state, raw));
        }
        if runnable.is_empty() {
            continue;
        }
        let verdict = qualification.map(|q| verdict_of(bank, q));
        let score = state.score(raw);
        let lead_type = assign_lead_type(
            lead,
            activities,
            qualification.unwrap_or(&blank),
            verdict.as_ref().unwrap_or(&blank_verdict),
            score,
            thresholds.mql,
        )
        .lead_type;
        let (bought, stage_at) = match deals_by_lead.get(&id) {
            Some(deals) => (purchases(id, deals), open_stage_entered_at(id, deals)),
            None => (Vec::new(), None),
        };
        let facts = LeadFacts::new(lead, activities, score, state.grade(raw, &thresholds))
            .with_qualification(qualification, verdict.as_ref())
            .with_lead_type(lead_type)
            .with_stage_entered_at(stage_at)
            .with_purchases(&bought);
        for (i, rule) in runnable.iter().enumerate() {
            if let Some(f) = evaluate(rule, &facts, at) {
                per_rule[i].push(f);
            }
        }
    }
    let mut firings: Vec<Firing> = per_rule.into_iter().flatten().collect();
    firings.extend(nurture_returns(nurtured, thresholds.mql, at));
    Sweep {
        firings,
        lead_count,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::date::MS_PER_DAY;
    use crate::domain::qualification::LocalText;
    use crate::domain::rules::{Action, Disposition, NURTURE_RETURN_RULE};
    use crate::domain::scoring::ScoringModel;
    use crate::domain::test_support::{activity, lead};
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
            Vec::new(),
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
            Vec::new(),
            &model,
            NOW,
        );
        assert_eq!((none.lead_count, none.firings.len()), (4, 1));
    }
}
