//! What the domain says about one lead right now — score, verdict, queue, lead type — computed from
//! the app's signals. Views read these; none of them re-implements a rule.

use std::collections::HashMap;

use crate::domain::qualification::{
    assign_lead_type, evaluate, place, LeadTypeAssignment, Qualification, QualificationVerdict,
    Queue,
};
use crate::domain::rules::{nurtured_leads, waiting_leads, Waiting};
use crate::domain::scoring::{score, Score};
use crate::domain::LeadId;
use crate::ui::state::{now, AppState};

/// Everything derived about a lead, for its page.
#[derive(Clone, Debug, PartialEq)]
pub struct LeadInsight {
    pub qualification: Qualification,
    pub score: Score,
    pub verdict: QualificationVerdict,
    pub queue: Queue,
    pub lead_type: LeadTypeAssignment,
}

/// Computes the insight of one lead (tracked: re-runs when the lead, its activities, its answers,
/// the question bank or the scoring model change).
pub fn lead_insight(app: AppState, id: LeadId) -> Option<LeadInsight> {
    let at = now();
    let compiled = app.compiled.get();
    app.questions.with(|bank| {
        app.qualifications.with(|answers| {
            app.book.with(|book| {
                let input = book.score_input(id)?;
                let (lead, activities) = (input.lead, input.activities);
                let qualification = answers
                    .get(&id)
                    .cloned()
                    .unwrap_or_else(|| Qualification::new(id));
                // What rules applied (Cold flag, subtracted points) shows in the score and grade.
                let adjustment = app
                    .rule_states
                    .with(|states| states.get(&id).map(|s| s.adjustment()).unwrap_or_default());
                let score = adjustment.apply(
                    score(
                        input.with_qualification(Some(&qualification)),
                        &compiled,
                        at,
                    ),
                    &compiled.thresholds(),
                );
                let verdict = evaluate(bank, &qualification);
                let queue = place(lead, &qualification, &verdict, at);
                let lead_type = assign_lead_type(
                    lead,
                    activities,
                    &qualification,
                    &verdict,
                    score.total,
                    compiled.thresholds().mql,
                );
                Some(LeadInsight {
                    qualification,
                    score,
                    verdict,
                    queue,
                    lead_type,
                })
            })
        })
    })
}

/// The leads that are not Active (Nurture, Lost queue or disqualified, by their answers or by an
/// applied rule action), with why.
pub fn waiting_queues(app: AppState) -> HashMap<LeadId, Waiting> {
    let at = now();
    let states = app.rule_states.get();
    app.questions.with(|bank| {
        app.qualifications.with(|answers| {
            app.book
                .with(|book| waiting_leads(book.leads(), answers, &states, bank, at))
        })
    })
}

/// The leads in Nurture (by a rule or by failed answers) with why, in id order; cheaper than
/// [`waiting_queues`] as it looks only at leads with answers or a rule state.
pub fn nurtured(app: AppState) -> Vec<(LeadId, Waiting)> {
    let at = now();
    let states = app.rule_states.get();
    app.questions.with(|bank| {
        app.qualifications.with(|answers| {
            app.book
                .with(|book| nurtured_leads(|id| book.lead(id), answers, &states, bank, at))
        })
    })
}
