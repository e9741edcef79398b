//! Runs the Prune review's rule pass (the shipped rules over 100,000 generated leads with ten
//! activities each: facts, score, lead type and every rule per lead) and the Leads queue placement
//! (answers and rule states), and prints how long each took.
//! Not a test: timings belong to the machine. Run in release:
//! `cargo run --release --example prune_bench`.

use std::collections::HashMap;
use std::time::Instant;

use kariz::domain::qualification::{Answer, Qualification, QuestionBank};
use kariz::domain::rules::{
    sweep, waiting_leads, Action, RuleSet, RuleState, RuleStates, SweepContext, SweepMemo,
};
use kariz::domain::scoring::{CompiledModel, ScoringModel};
use kariz::domain::time::date::MS_PER_DAY;
use kariz::domain::{
    Activity, ActivityKind, Date, DecisionRole, JourneyStage, Lead, LeadBook, LeadSource, Timeline,
};

mod support;
use support::next;

const LEADS: u64 = 100_000;
const ACTIVITIES_PER_LEAD: u64 = 10;
const NOW: i64 = 20_000 * MS_PER_DAY;

/// Leads as the rules meet them: mostly emails and calls (so the count rules have work), one in
/// ten a customer, some with complaints or unsubscribes, one in five with qualification answers.
fn generate(bank: &QuestionBank) -> (Vec<Lead>, Vec<Activity>, HashMap<u64, Qualification>) {
    let kinds = [
        ActivityKind::EmailSent,
        ActivityKind::EmailSent,
        ActivityKind::EmailSent,
        ActivityKind::EmailReplied,
        ActivityKind::Call,
        ActivityKind::Call,
        ActivityKind::Meeting,
        ActivityKind::SiteVisit,
        ActivityKind::Complaint,
        ActivityKind::Unsubscribed,
    ];
    let mut s = 0x9E37_79B9_7F4A_7C15;
    let mut leads = Vec::with_capacity(LEADS as usize);
    let mut activities = Vec::with_capacity((LEADS * ACTIVITIES_PER_LEAD) as usize);
    let mut answers = HashMap::new();
    for id in 1..=LEADS {
        let r = next(&mut s);
        let tags = match r % 20 {
            0 => vec!["customer".to_owned()],
            1 => vec!["customer".to_owned(), "anti-brand".to_owned()],
            _ => vec![],
        };
        leads.push(Lead {
            source: LeadSource::ALL[(r % 14) as usize],
            industry: ["Software", "نرم‌افزار", "retail", ""][(r % 4) as usize].into(),
            employees: Some((next(&mut s) % 500) as u32),
            city: ["Tehran", "اصفهان", "Qom", ""][(next(&mut s) % 4) as usize].into(),
            decision_role: DecisionRole::ALL[(r % 4) as usize],
            timeline: Timeline::By(Date(20_000 + (next(&mut s) % 500) as i32)),
            journey_stage: JourneyStage::ALL[(r % 3) as usize],
            tags,
            ..Lead::blank(id)
        });
        for i in 0..ACTIVITIES_PER_LEAD {
            // Rare kinds (complaints, unsubscribes) only now and then.
            let k = next(&mut s) % 100;
            let kind = kinds[if k < 96 {
                (k % 8) as usize
            } else {
                8 + (k % 2) as usize
            }];
            activities.push(Activity {
                id: id * 100 + i,
                lead_id: id,
                kind,
                at: NOW - (next(&mut s) % (120 * MS_PER_DAY as u64)) as i64,
                notes: if kind == ActivityKind::Call && k.is_multiple_of(3) {
                    "no answer".into()
                } else {
                    String::new()
                },
                revision: Default::default(),
            });
        }
        if r.is_multiple_of(5) {
            let mut q = Qualification::new(id);
            for (j, question) in bank.questions.iter().enumerate() {
                let a = match (next(&mut s) + j as u64) % 4 {
                    0 => Answer::No,
                    1 => Answer::Unknown,
                    _ => Answer::Yes,
                };
                q.set_answer(&question.id, a, "");
            }
            answers.insert(id, q);
        }
    }
    (leads, activities, answers)
}

fn main() {
    let bank = QuestionBank::default_bank();
    let (leads, activities, answers) = generate(&bank);
    let book = LeadBook::new(leads, activities);
    let model = CompiledModel::new(&ScoringModel::default_model());
    let rules = RuleSet::default_rules();
    // One lead in ten moved by a rule, so placement meets both kinds of lead.
    let nurture = Action::MoveToNurture {
        reason: Default::default(),
    };
    let states: RuleStates = (1..=LEADS)
        .step_by(10)
        .map(|id| {
            (
                id,
                kariz::domain::rules::apply_action(&RuleState::default(), &nurture, NOW).after,
            )
        })
        .collect();

    let mut best = f64::MAX;
    let mut fired = 0;
    for _ in 0..5 {
        let start = Instant::now();
        let found = sweep(&rules, &bank, &book, &answers, &states, &[], &model, NOW);
        best = best.min(start.elapsed().as_secs_f64() * 1e3);
        fired = found.firings.len();
        assert_eq!(found.lead_count, LEADS as usize);
    }
    // What the app does after an edit: re-evaluate the lead it touched, then list every firing.
    let context = SweepContext {
        rules: &rules,
        bank: &bank,
        answers: &answers,
        states: &states,
        model: &model,
        at: NOW,
    };
    let mut memo = SweepMemo::new(&context, &book, &[]);
    let mut best_refresh = f64::MAX;
    for round in 0..5 {
        let start = Instant::now();
        memo.refresh(&context, &book, &[], [1 + round * 7_919]);
        let found = memo.sweep(&context, &book);
        best_refresh = best_refresh.min(start.elapsed().as_secs_f64() * 1e3);
        assert_eq!(found.firings.len(), fired);
    }
    let mut best_waiting = f64::MAX;
    let mut waiting = 0;
    for _ in 0..5 {
        let start = Instant::now();
        waiting = waiting_leads(book.leads(), &answers, &states, &bank, NOW).len();
        best_waiting = best_waiting.min(start.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "{LEADS} leads × {ACTIVITIES_PER_LEAD} activities, {} rules: rule pass {best:.1} ms \
         ({fired} firings), after one lead's edit {best_refresh:.1} ms; queue placement {best_waiting:.1} ms ({waiting} waiting); best of 5, \
         {} leads with answers, {} moved by a rule",
        rules.rules.len(),
        answers.len(),
        states.len()
    );
}
