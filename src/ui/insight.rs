//! What the domain says about one lead right now — score, verdict, queue, lead type — computed from
//! the app's signals. Views read these; none of them re-implements a rule.

use leptos::prelude::*;

use crate::domain::qualification::{
    assign_lead_type, evaluate, place, LeadTypeAssignment, Qualification, QualificationVerdict, Queue,
};
use crate::domain::scoring::{score, Score};
use crate::domain::LeadId;
use crate::ui::rules_state::rule_state_of;
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
                let qualification = answers.get(&id).cloned().unwrap_or_else(|| Qualification::new(id));
                let mut score = score(input.with_qualification(Some(&qualification)), &compiled, at);
                // What rules applied (Cold flag, subtracted points) shows in the score and grade.
                let rule_state = app.docs.with(|docs| rule_state_of(docs, id));
                score.grade = rule_state.grade(score.total, &compiled.thresholds());
                score.total = rule_state.score(score.total);
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
                Some(LeadInsight { qualification, score, verdict, queue, lead_type })
            })
        })
    })
}

/// The leads that are not Active (in Nurture or the Lost queue), with their queue. Only leads with
/// qualification answers or a buying date can be there, so the rest are not evaluated.
pub fn waiting_queues(app: AppState) -> std::collections::HashMap<LeadId, Queue> {
    use crate::domain::Timeline;
    let at = now();
    app.questions.with(|bank| {
        app.qualifications.with(|answers| {
            app.book.with(|book| {
                book.leads()
                    .iter()
                    .filter(|lead| !lead.is_deleted())
                    .filter(|lead| answers.contains_key(&lead.id) || matches!(lead.timeline, Timeline::By(_)))
                    .filter_map(|lead| {
                        let qualification = answers.get(&lead.id).cloned().unwrap_or_else(|| Qualification::new(lead.id));
                        let queue = place(lead, &qualification, &evaluate(bank, &qualification), at);
                        (!queue.is_active()).then_some((lead.id, queue))
                    })
                    .collect()
            })
        })
    })
}
