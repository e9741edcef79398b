//! Whole sales scenarios, end to end through the workspace, on the in-memory store, with a clock
//! the test moves forward a day at a time: a CSV row that becomes a won deal against its target;
//! five unanswered emails flagged, applied and undone; a failed level that sends a lead to
//! Nurture; and store failures that leave everything (store and memory) as it was.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use futures::executor::block_on;

use kariz::domain::forecast::{forecast, CalendarKind, Period, PeriodKind, SalesTargets, Target};
use kariz::domain::import::duplicates::{find_duplicates, plan_import, ImportPlan, Resolution};
use kariz::domain::import::{parse_leads_csv, RowOutcome};
use kariz::domain::pipeline::{
    ConversionError, Deal, DealForm, DealMove, DealStatus, MoveError, StageEntry,
};
use kariz::domain::qualification::{
    assign_lead_type, evaluate, Answer, LeadType, Level, Qualification, QuestionBank, Queue,
    Verdict,
};
use kariz::domain::records::profile::Profile;
use kariz::domain::rules::{
    nurtured_leads, pending, waiting_leads, Action, AuditEntry, Dismissal, Disposition, Evidence,
    Firing, Placer, RuleSet, RuleState, RuleStates, SweepContext, SweepMemo, UndoProblem, Waiting,
};
use kariz::domain::scoring::{rank_today, score, Grade, ReasonArg, ScoringModel, TodayEntry};
use kariz::domain::validation::{ActivityForm, FieldError, LeadField, LeadForm, Problem};
use kariz::domain::DeviceId;
use kariz::domain::{
    format_date_for_input, Activity, ActivityKind, Currency, Date, DecisionRole, JourneyStage,
    Lead, LeadId, LeadSource, Money, Timeline, Timestamp,
};
use kariz::i18n::{t, t_with, Lang};
use kariz::store::{
    ChangeSet, Contents, IdKind, MemoryStore, Setting, Snapshot, Store, StoreError,
};
use kariz::workspace::{Clock, CommandError, DealProblem, Unreadable, Workspace};

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;
/// Tehran.
const OFFSET_MINUTES: i32 = 210;

/// A clock the test holds the hands of: every clone reads the same time.
#[derive(Clone)]
struct TestClock(Rc<Cell<Timestamp>>);

impl TestClock {
    /// 09:00 in Tehran on the Gregorian day given.
    fn at(year: i32, month: u32, day: u32) -> TestClock {
        let start = Date::from_gregorian(year, month, day)
            .unwrap()
            .start_timestamp()
            + 5 * HOUR
            + HOUR / 2;
        TestClock(Rc::new(Cell::new(start)))
    }

    fn now(&self) -> Timestamp {
        self.0.get()
    }

    fn pass(&self, ms: i64) -> Timestamp {
        self.0.set(self.0.get() + ms);
        self.0.get()
    }

    fn today(&self) -> Date {
        Date::from_timestamp(self.now(), OFFSET_MINUTES)
    }
}

impl Clock for TestClock {
    fn now(&self) -> Timestamp {
        self.0.get()
    }
    fn utc_offset_minutes(&self) -> i32 {
        OFFSET_MINUTES
    }
}

fn open<S: Store>(store: S, clock: &TestClock) -> Workspace<S> {
    block_on(Workspace::open(store, Box::new(clock.clone()))).unwrap()
}

fn lead_form(name: &str) -> LeadForm {
    LeadForm {
        name: name.into(),
        ..LeadForm::default()
    }
}

fn activity_today(clock: &TestClock, kind: ActivityKind, notes: &str) -> ActivityForm {
    ActivityForm {
        kind: kind.key().into(),
        date: format_date_for_input(clock.today()),
        notes: notes.into(),
    }
}

/// A lead's answers: every question of the default bank as given, the others unanswered.
fn answered(lead: LeadId, answers: &[(&str, Answer)]) -> Qualification {
    let bank = QuestionBank::default_bank();
    let mut q = Qualification::new(lead);
    for (id, answer) in answers {
        assert!(bank.question(id).is_some(), "{id} is in the default bank");
        q.set_answer(id, *answer, "");
    }
    q
}

/// Every question of the default bank answered Yes.
fn all_yes(lead: LeadId) -> Qualification {
    let ids: Vec<String> = QuestionBank::default_bank()
        .questions
        .iter()
        .map(|q| q.id.clone())
        .collect();
    let pairs: Vec<(&str, Answer)> = ids.iter().map(|id| (id.as_str(), Answer::Yes)).collect();
    answered(lead, &pairs)
}

/// Today as the Today page ranks it: every lead not waiting in a queue, by the workspace's model.
fn today<S: Store>(ws: &Workspace<S>, now: Timestamp) -> Vec<TodayEntry> {
    let state = ws.state();
    let placer = Placer::new(&state.settings.questions, now);
    let is_active = |id: LeadId| {
        state.book.lead(id).is_some_and(|lead| {
            placer
                .place(
                    lead,
                    state.qualifications.get(&id),
                    state.rule_states.get(&id),
                )
                .is_none()
        })
    };
    let inputs = state
        .book
        .score_inputs()
        .map(|input| input.with_qualification(state.qualifications.get(&input.lead_id())));
    let adjustment = |id: LeadId| {
        state
            .rule_states
            .get(&id)
            .map(|s| s.adjustment())
            .unwrap_or_default()
    };
    rank_today(
        inputs,
        &state.settings.compiled,
        now,
        is_active,
        adjustment,
        50,
    )
}

/// Every firing of the workspace's rules over its leads at `now`, as the Prune review sweeps.
fn sweep_now<S: Store>(ws: &Workspace<S>, now: Timestamp) -> Vec<Firing> {
    let state = ws.state();
    let context = SweepContext {
        rules: &state.settings.rules,
        bank: &state.settings.questions,
        answers: &state.qualifications,
        states: &state.rule_states,
        model: &state.settings.compiled,
        at: now,
    };
    SweepMemo::new(&context, &state.book, state.deals.all())
        .sweep(&context, &state.book)
        .firings
        .iter()
        .map(|f| (**f).clone())
        .collect()
}

/// The firings the review would still show.
fn pending_now<S: Store>(ws: &Workspace<S>, now: Timestamp) -> Vec<Firing> {
    let firings = sweep_now(ws, now);
    let state = ws.state();
    pending(firings, &state.dismissals, &state.audit, &state.rule_states)
}

fn rule_state<S: Store>(ws: &Workspace<S>, lead: LeadId) -> RuleState {
    ws.state()
        .rule_states
        .get(&lead)
        .cloned()
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// 1. From a CSV row to a won deal, against its target.
// ---------------------------------------------------------------------------------------------

const CSV: &str = "\u{feff}Name,Company,E-mail,Industry,Employees,City,Country,Budget,Currency,\
Decision role,Timeline,Journey stage,Owner,Tags\r\n\
Sara Ahmadi,\"Pars Software, Ltd\",Sara@Pars.example,Software,25,Tehran,Iran,120000000,Toman,\
Influencer,2026-04-20,Consideration,Reza,\"vip, referral\"\r\n\
Kian Moradi,Kian Retail,kian@retail.example,Retail,300,Shiraz,Iran,,,User,,,Reza,\r\n\
,Nameless Co,x@y.example,,,,,,,,,,,\r\n";

#[test]
fn a_csv_row_is_imported_qualified_scored_ranked_converted_moved_won_and_counted_against_its_target(
) {
    let clock = TestClock::at(2026, 4, 1);
    let store = MemoryStore::new();
    let ws = open(store.clone(), &clock);

    // Import: the app's own reader, every row validated like the form.
    let preview = parse_leads_csv(CSV).unwrap();
    assert_eq!((preview.valid_count(), preview.invalid_count()), (2, 1));
    assert_eq!(
        preview.rows[2],
        RowOutcome::Invalid {
            line: 4,
            errors: vec![FieldError {
                field: LeadField::Name,
                problem: Problem::Required
            }],
            count_errors: Vec::new(),
        }
    );
    let imported = block_on(ws.import_leads(preview.into_valid())).unwrap();
    assert_eq!(imported, 2);
    let (sara, kian) = {
        let state = ws.state();
        let leads = state.book.leads();
        assert_eq!(leads.len(), 2);
        (leads[0].clone(), leads[1].id)
    };
    assert_eq!(
        sara,
        Lead {
            id: sara.id,
            name: "Sara Ahmadi".into(),
            company: "Pars Software, Ltd".into(),
            // The domain folds to lower case; the local part is kept as typed.
            email: "Sara@pars.example".into(),
            source: LeadSource::Import,
            industry: "Software".into(),
            employees: Some(25),
            city: "Tehran".into(),
            country: "Iran".into(),
            budget: Some(Money {
                amount: 120_000_000,
                currency: Currency::Toman
            }),
            decision_role: DecisionRole::Influencer,
            timeline: Timeline::By(Date::from_gregorian(2026, 4, 20).unwrap()),
            journey_stage: JourneyStage::Consideration,
            owner: "Reza".into(),
            tags: vec!["vip".into(), "referral".into()],
            created_at: clock.now(),
            updated_at: clock.now(),
            // The first version, written by this browser.
            revision: kariz::domain::Revision::first(kariz::store::memory::MEMORY_DEVICE),
            ..Lead::blank(sara.id)
        }
    );
    let sara = sara.id;

    // Qualified on all three levels, with a real pain (need 2).
    clock.pass(HOUR);
    let mut answers = all_yes(sara);
    answers.bant.need_level = Some(2);
    block_on(ws.save_qualification_now(answers)).unwrap();
    {
        let state = ws.state();
        let verdict = evaluate(&state.settings.questions, &state.qualifications[&sara]);
        assert_eq!(
            verdict
                .levels
                .iter()
                .map(|l| (l.level, l.verdict))
                .collect::<Vec<_>>(),
            [
                (Level::Organization, Verdict::Pass),
                (Level::Opportunity, Verdict::Pass),
                (Level::Stakeholder, Verdict::Pass)
            ]
        );
        assert!(verdict.is_qualified());
    }

    // Scored: software 20 + 25 people 15 + Tehran 10 (the city wins over the country) +
    // influencer 8 + 120M toman 15 + need 2 10 + buys in 19 days 15 + consideration 5 = 98.
    let now = clock.now();
    let sara_score = {
        let state = ws.state();
        let input = state
            .book
            .score_input(sara)
            .unwrap()
            .with_qualification(state.qualifications.get(&sara));
        score(input, &state.settings.compiled, now)
    };
    assert_eq!((sara_score.total, sara_score.grade), (98, Grade::Hot));
    assert_eq!(
        sara_score
            .contributions
            .iter()
            .map(|c| c.points)
            .sum::<i32>(),
        98
    );
    // Kian: retail 10 + 300 people −10 + Shiraz 5 + user 3 = 8, Cold.

    // MQL by score; SQL once sales accepts it, qualified.
    let lead_type = |ws: &Workspace<MemoryStore>| {
        let state = ws.state();
        let q = &state.qualifications[&sara];
        assign_lead_type(
            state.book.lead(sara).unwrap(),
            state.book.activities_of(sara),
            q,
            &evaluate(&state.settings.questions, q),
            98,
            state.settings.compiled.thresholds().mql,
        )
        .lead_type
    };
    assert_eq!(lead_type(&ws), LeadType::Mql);
    let mut accepted = ws.state().qualifications[&sara].clone();
    accepted.accept_by_sales(now);
    block_on(ws.save_qualification_now(accepted)).unwrap();
    assert_eq!(lead_type(&ws), LeadType::Sql);

    // On Today: Hot and never contacted, so first; Kian after it.
    let ranked: Vec<(LeadId, i32, Grade, bool)> = today(&ws, now)
        .iter()
        .map(|e| (e.lead_id, e.score, e.grade, e.needs_contact))
        .collect();
    assert_eq!(
        ranked,
        [(sara, 98, Grade::Hot, true), (kian, 8, Grade::Cold, false)]
    );

    // Converted: the form filled from the lead; qualified, so no override reason is needed.
    clock.pass(HOUR);
    let converted_at = clock.now();
    let form = DealForm::from_lead(ws.state().book.lead(sara).unwrap(), clock.today());
    assert_eq!(
        form,
        DealForm {
            title: "Pars Software, Ltd".into(),
            value: "120000000".into(),
            currency: "TOMAN".into(),
            probability: String::new(),
            expected_close: "2026-04-20".into(),
            owner: "Reza".into(),
        }
    );
    let deal_id = block_on(ws.convert_to_deal(sara, &form, "")).unwrap();
    let deal = ws.state().deals.get(deal_id).unwrap().clone();
    assert_eq!(
        (
            deal.lead,
            deal.stage,
            deal.status,
            deal.override_reason.clone()
        ),
        (sara, 1, DealStatus::Open, None)
    );
    assert_eq!(
        deal.value,
        Money {
            amount: 120_000_000,
            currency: Currency::Toman
        }
    );

    // Moved through every stage of the default pipeline, two days in each, then won.
    let stages: Vec<u32> = ws
        .state()
        .settings
        .pipeline
        .ordered()
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(stages, [1, 2, 3, 4, 5, 6]);
    let entry = |at, stage, status| StageEntry {
        at,
        stage,
        status,
        reason: None,
    };
    let mut history = vec![entry(converted_at, 1, DealStatus::Open)];
    for &stage in &stages[1..] {
        let at = clock.pass(2 * DAY);
        assert_eq!(
            block_on(ws.move_deal(deal_id, &DealMove::ToStage(stage))),
            Ok(true)
        );
        history.push(entry(at, stage, DealStatus::Open));
        assert_eq!(ws.state().deals.get(deal_id).unwrap().stage, stage);
    }
    // A card dropped back where it is changes nothing.
    assert_eq!(
        block_on(ws.move_deal(deal_id, &DealMove::ToStage(6))),
        Ok(false)
    );
    let won_at = clock.pass(DAY);
    assert_eq!(block_on(ws.move_deal(deal_id, &DealMove::Win)), Ok(true));
    history.push(entry(won_at, 6, DealStatus::Won));
    let deal = ws.state().deals.get(deal_id).unwrap().clone();
    assert_eq!(deal.status, DealStatus::Won);
    assert_eq!(deal.history, history);
    assert_eq!(deal.won_at(), Some(won_at));
    assert_eq!(deal.stages_visited(), stages);
    assert_eq!(
        block_on(ws.move_deal(deal_id, &DealMove::ToStage(3))),
        Err(CommandError::Invalid(vec![MoveError::NotOpen]))
    );

    // In the forecast of April 2026 (won on the 12th), against Reza's target.
    let april = Period::new(CalendarKind::Gregorian, PeriodKind::Month, 2026, 4).unwrap();
    assert!(april.contains(Date::from_timestamp(won_at, OFFSET_MINUTES)));
    let targets = SalesTargets {
        currency: Currency::Toman,
        reps: vec!["Reza".into()],
        targets: vec![Target {
            rep: "Reza".into(),
            period: april,
            amount: 200_000_000,
        }],
    };
    block_on(ws.save_targets(targets.clone())).unwrap();
    let f = {
        let state = ws.state();
        assert_eq!(state.settings.targets, targets);
        forecast(
            state.deals.all(),
            &state.settings.pipeline,
            &state.settings.targets,
            april,
            OFFSET_MINUTES,
        )
    };
    assert_eq!(f.reps.len(), 1);
    let reza = &f.reps[0];
    assert_eq!(reza.rep.as_deref(), Some("Reza"));
    assert_eq!((reza.count, reza.total, reza.weighted), (0, 0, 0));
    assert_eq!((reza.won_count, reza.won), (1, 120_000_000));
    assert_eq!(reza.target, Some(200_000_000));
    assert_eq!(reza.remaining, Some(80_000_000));
    assert_eq!(reza.gap, Some(80_000_000));
    assert_eq!(
        (f.team.won, f.team.target, f.team.remaining),
        (120_000_000, Some(200_000_000), Some(80_000_000))
    );
    assert_eq!(f.other_currency_deals, 0);
    // March knows nothing of it.
    let march = forecast(
        ws.state().deals.all(),
        &ws.state().settings.pipeline,
        &targets,
        april.prev(),
        OFFSET_MINUTES,
    );
    assert_eq!((march.team.won_count, march.team.count), (0, 0));

    // All of it was stored: another tab opening the store sees the same.
    let reopened = open(store, &clock);
    let state = reopened.state();
    assert_eq!(state.deals.get(deal_id), Some(&deal));
    assert_eq!(state.settings.targets, targets);
    assert_eq!(
        state.qualifications[&sara].accepted_by_sales,
        Some(now),
        "the acceptance was stored"
    );
    assert_eq!(state.book.leads().len(), 2);
}

// ---------------------------------------------------------------------------------------------
// 2. Five emails without a reply: flagged, applied, undone.
// ---------------------------------------------------------------------------------------------

#[test]
fn five_unanswered_emails_are_flagged_applied_by_a_named_user_and_undone() {
    let clock = TestClock::at(2026, 5, 10);
    let store = MemoryStore::new();
    let ws = open(store.clone(), &clock);
    block_on(ws.save_profile("  Maryam   Karimi ")).unwrap();
    assert_eq!(
        ws.state().settings.profile,
        Profile {
            name: "Maryam Karimi".into()
        }
    );
    let lead = block_on(ws.create_lead(&LeadForm {
        email: "omid@example.com".into(),
        company: "Omid Trading".into(),
        ..lead_form("Omid Rahimi")
    }))
    .unwrap();

    // One email a day for five days, none answered.
    let mut sent: Vec<(u64, Timestamp)> = Vec::new();
    for n in 1..=5 {
        if n > 1 {
            clock.pass(DAY);
        }
        let id = block_on(ws.log_activity(
            lead,
            &activity_today(&clock, ActivityKind::EmailSent, &format!("Follow-up {n}")),
        ))
        .unwrap();
        sent.push((id, clock.now()));
        let fired: Vec<String> = sweep_now(&ws, clock.now())
            .into_iter()
            .map(|f| f.rule_id)
            .collect();
        if n < 5 {
            assert!(fired.is_empty(), "{n} emails fire nothing, got {fired:?}");
        } else {
            assert_eq!(fired, ["emails_no_reply"]);
        }
    }
    assert_eq!(ws.state().book.activities_of(lead).len(), 5);

    // The rule fires with the five emails as its evidence, oldest first.
    let review = pending_now(&ws, clock.now());
    assert_eq!(review.len(), 1);
    let firing = review[0].clone();
    assert_eq!(
        (firing.rule_id.as_str(), firing.lead_id, &firing.action),
        ("emails_no_reply", lead, &Action::FlagCold)
    );
    assert_eq!(
        firing.evidence,
        sent.iter()
            .map(|&(id, at)| Evidence::Activity {
                id,
                kind: ActivityKind::EmailSent,
                at
            })
            .collect::<Vec<_>>()
    );

    // Applied: the lead is flagged Cold, and the audit names who did it.
    let applied_at = clock.pass(HOUR);
    block_on(ws.apply_rule_actions(std::slice::from_ref(&firing))).unwrap();
    let cold = RuleState {
        cold_flag: true,
        ..RuleState::default()
    };
    assert_eq!(rule_state(&ws, lead), cold);
    assert_eq!(rule_state(&ws, lead).disposition, Disposition::Active);
    let entry = {
        let state = ws.state();
        assert_eq!(state.audit.len(), 1);
        state.audit[0].clone()
    };
    assert_eq!(
        entry,
        AuditEntry {
            id: entry.id,
            at: applied_at,
            who: "Maryam Karimi".into(),
            rule_id: "emails_no_reply".into(),
            lead_id: lead,
            action: Action::FlagCold,
            evidence: firing.evidence.clone(),
            evidence_key: firing.evidence_key,
            before: RuleState::default(),
            after: cold.clone(),
            undone_at: None,
        }
    );
    assert_eq!(entry.actor(), Some("Maryam Karimi"));
    {
        let state = ws.state();
        let raw = score(
            state.book.score_input(lead).unwrap(),
            &state.settings.compiled,
            clock.now(),
        )
        .total;
        let shown = rule_state(&ws, lead).grade(raw, &state.settings.compiled.thresholds());
        assert_eq!(shown, Grade::Cold);
    }
    assert!(
        pending_now(&ws, clock.now()).is_empty(),
        "applied, so no longer proposed"
    );
    {
        let reopened = open(store.clone(), &clock);
        let state = reopened.state();
        assert_eq!(state.audit, std::slice::from_ref(&entry));
        assert_eq!(state.rule_states.get(&lead), Some(&cold));
    }

    // Undone: the state as it was, the entry marked undone (and kept).
    let undone_at = clock.pass(HOUR);
    block_on(ws.undo_rule_action(entry.id)).unwrap();
    assert_eq!(rule_state(&ws, lead), RuleState::default());
    assert_eq!(
        ws.state().audit,
        [AuditEntry {
            undone_at: Some(undone_at),
            ..entry.clone()
        }]
    );
    assert_eq!(
        block_on(ws.undo_rule_action(entry.id)),
        Err(CommandError::Invalid(vec![UndoProblem::AlreadyUndone]))
    );
    let again = pending_now(&ws, clock.now());
    assert_eq!(again.len(), 1, "proposed again once undone");
    assert_eq!(
        (
            &again[0].rule_id,
            again[0].lead_id,
            &again[0].evidence,
            again[0].evidence_key
        ),
        (&firing.rule_id, lead, &firing.evidence, firing.evidence_key)
    );
    {
        let reopened = open(store, &clock);
        let state = reopened.state();
        assert_eq!(state.audit[0].undone_at, Some(undone_at));
        assert_eq!(
            state.rule_states.get(&lead).cloned().unwrap_or_default(),
            RuleState::default()
        );
    }

    // A reply answers them all.
    clock.pass(DAY);
    block_on(ws.log_activity(
        lead,
        &activity_today(&clock, ActivityKind::EmailReplied, "Call me next week"),
    ))
    .unwrap();
    assert!(sweep_now(&ws, clock.now()).is_empty());
}

// ---------------------------------------------------------------------------------------------
// 3. A failed level: Nurture, with the reason.
// ---------------------------------------------------------------------------------------------

#[test]
fn a_lead_failing_the_opportunity_level_waits_in_nurture_with_the_failing_question() {
    let clock = TestClock::at(2026, 6, 1);
    let ws = open(MemoryStore::new(), &clock);
    let nima = block_on(ws.create_lead(&lead_form("Nima Jafari"))).unwrap();
    let other = block_on(ws.create_lead(&lead_form("Leila Hosseini"))).unwrap();
    clock.pass(DAY);
    block_on(ws.save_qualification_now(answered(
        nima,
        &[
            ("org_territory", Answer::Yes),
            ("org_persona", Answer::Yes),
            ("opp_category", Answer::Yes),
            ("opp_challenge", Answer::No),
            ("opp_user", Answer::Yes),
            ("stk_budget", Answer::Yes),
        ],
    )))
    .unwrap();
    let now = clock.now();

    let state = ws.state();
    let verdict = evaluate(&state.settings.questions, &state.qualifications[&nima]);
    assert_eq!(
        verdict.levels.iter().map(|l| l.verdict).collect::<Vec<_>>(),
        [Verdict::Pass, Verdict::Fail, Verdict::Pass]
    );
    assert_eq!(verdict.overall, Verdict::Fail);

    let nurture = Waiting::Qualification(Queue::Nurture {
        level: Level::Opportunity,
        question: Some("opp_challenge".into()),
    });
    let waiting = waiting_leads(
        state.book.leads(),
        &state.qualifications,
        &state.rule_states,
        &state.settings.questions,
        now,
    );
    assert_eq!(waiting, HashMap::from([(nima, nurture.clone())]));
    assert_eq!(nurture.key(), "nurture");
    assert!(!nurture.is_by_rule());
    assert_eq!(
        nurture.reason_key(),
        Some("qualification.queue_reason_failed_question")
    );
    assert_eq!(
        nurture.reason_args(),
        [
            (
                "level",
                ReasonArg::Label("qualification.level_opportunity".into())
            ),
            ("question", ReasonArg::Question("opp_challenge".into())),
        ]
    );
    // The reason as the English screen shows it.
    let question = &state
        .settings
        .questions
        .question("opp_challenge")
        .unwrap()
        .text
        .en;
    assert_eq!(
        t_with(
            Lang::En,
            nurture.reason_key().unwrap(),
            &[
                ("level", t(Lang::En, "qualification.level_opportunity")),
                ("question", question),
            ]
        ),
        "Failed the Opportunity level: Do they have a challenge our product solves?"
    );
    assert_eq!(
        nurtured_leads(
            |id| state.book.lead(id),
            &state.qualifications,
            &state.rule_states,
            &state.settings.questions,
            now,
        ),
        [(nima, nurture)]
    );
    drop(state);

    // Not worked today, and not converted without an override reason.
    let on_today: Vec<LeadId> = today(&ws, now).iter().map(|e| e.lead_id).collect();
    assert_eq!(on_today, [other]);
    let form = DealForm {
        value: "30000000".into(),
        ..DealForm::from_lead(ws.state().book.lead(nima).unwrap(), clock.today())
    };
    assert_eq!(
        block_on(ws.convert_to_deal(nima, &form, "  ")),
        Err(CommandError::Invalid(vec![DealProblem::Conversion(
            ConversionError::NeedsOverrideReason
        )]))
    );
    assert!(ws.state().deals.is_empty());
}

#[test]
fn a_lead_failing_the_stakeholder_level_is_proposed_for_nurture_and_the_rule_gives_its_reason() {
    let clock = TestClock::at(2026, 6, 1);
    let ws = open(MemoryStore::new(), &clock);
    let lead = block_on(ws.create_lead(&lead_form("Arash Tehrani"))).unwrap();
    let mut answers = all_yes(lead);
    answers.set_answer("stk_budget", Answer::No, "no budget authority");
    block_on(ws.save_qualification_now(answers)).unwrap();
    let now = clock.pass(HOUR);

    let nurture_by_answers = Waiting::Qualification(Queue::Nurture {
        level: Level::Stakeholder,
        question: Some("stk_budget".into()),
    });
    let waiting = |ws: &Workspace<MemoryStore>| {
        let state = ws.state();
        waiting_leads(
            state.book.leads(),
            &state.qualifications,
            &state.rule_states,
            &state.settings.questions,
            now,
        )
    };
    assert_eq!(waiting(&ws), HashMap::from([(lead, nurture_by_answers)]));

    // The default "no authority" rule proposes the move, citing the failed level.
    let review = pending_now(&ws, now);
    let firing = review
        .iter()
        .find(|f| f.rule_id == "no_authority")
        .expect("no_authority fires")
        .clone();
    assert_eq!(
        firing.evidence,
        [Evidence::LevelFailed {
            level: Level::Stakeholder,
            question: Some("stk_budget".into())
        }]
    );
    block_on(ws.apply_rule_actions(&[firing])).unwrap();
    let by_rule = waiting(&ws).remove(&lead).unwrap();
    let Waiting::RuleNurture(reason) = &by_rule else {
        panic!("a rule's nurture, got {by_rule:?}");
    };
    assert_eq!(
        (reason.en.as_str(), reason.fa.as_str()),
        ("no authority", "بدون اختیار تصمیم")
    );
    assert_eq!(by_rule.reason_key(), Some("rules.queue_reason_rule"));
    assert_eq!(
        t_with(
            Lang::En,
            by_rule.reason_key().unwrap(),
            &[("reason", &reason.en)]
        ),
        t(Lang::En, "rules.queue_reason_rule").replace("{reason}", "no authority")
    );
}

// ---------------------------------------------------------------------------------------------
// 4. A store failure in the middle of a command changes nothing, in the store or in memory.
// ---------------------------------------------------------------------------------------------

/// Everything the workspace holds and the store keeps, to compare before and after.
#[derive(Debug, PartialEq)]
struct Picture {
    leads: Vec<Lead>,
    activities: Vec<Activity>,
    deals: Vec<Deal>,
    qualifications: Vec<(LeadId, Qualification)>,
    rule_states: RuleStates,
    dismissals: Vec<Dismissal>,
    audit: Vec<AuditEntry>,
    scoring: ScoringModel,
    questions: QuestionBank,
    profile: Profile,
    rules: RuleSet,
    pipeline: kariz::domain::pipeline::PipelineConfig,
    targets: SalesTargets,
    unreadable: Vec<Unreadable>,
    stored: Snapshot,
    stored_settings: Vec<Option<Setting>>,
}

fn picture<S: Store>(ws: &Workspace<S>) -> Picture {
    let state = ws.state();
    let mut qualifications: Vec<(LeadId, Qualification)> = state
        .qualifications
        .iter()
        .map(|(id, q)| (*id, q.clone()))
        .collect();
    qualifications.sort_by_key(|(id, _)| *id);
    let stored_settings = ["scoring", "questions", "profile", "rules"]
        .iter()
        .map(|key| block_on(ws.store().load_setting(key)).unwrap())
        .collect();
    Picture {
        leads: state.book.leads().to_vec(),
        activities: state
            .book
            .leads()
            .iter()
            .flat_map(|l| state.book.activities_of(l.id).iter().cloned())
            .collect(),
        deals: state.deals.all().to_vec(),
        qualifications,
        rule_states: state.rule_states.clone(),
        dismissals: state.dismissals.clone(),
        audit: state.audit.clone(),
        scoring: state.settings.scoring.clone(),
        questions: state.settings.questions.clone(),
        profile: state.settings.profile.clone(),
        rules: state.settings.rules.clone(),
        pipeline: state.settings.pipeline.clone(),
        targets: state.settings.targets.clone(),
        unreadable: state.unreadable.clone(),
        stored: block_on(ws.store().load_all()).unwrap(),
        stored_settings,
    }
}

/// A memory store whose `apply` can be made to fail once, after the command has reserved its ids:
/// the failure in the very middle of a command.
#[derive(Clone, Default)]
struct FailingApply {
    inner: MemoryStore,
    fail: Rc<RefCell<Option<StoreError>>>,
}

impl FailingApply {
    fn fail_next_apply(&self, error: StoreError) {
        *self.fail.borrow_mut() = Some(error);
    }
}

impl Store for FailingApply {
    async fn load_all(&self) -> Result<Snapshot, StoreError> {
        self.inner.load_all().await
    }
    async fn apply(&self, changes: &ChangeSet) -> Result<(), StoreError> {
        if let Some(error) = self.fail.borrow_mut().take() {
            return Err(error);
        }
        self.inner.apply(changes).await
    }
    async fn reserve_ids(&self, kind: IdKind, count: u64) -> Result<Range<u64>, StoreError> {
        self.inner.reserve_ids(kind, count).await
    }
    async fn load_setting(&self, key: &str) -> Result<Option<Setting>, StoreError> {
        self.inner.load_setting(key).await
    }
    async fn save_setting(&self, key: &str, setting: &Setting) -> Result<(), StoreError> {
        self.inner.save_setting(key, setting).await
    }
    async fn device_id(&self) -> Result<DeviceId, StoreError> {
        self.inner.device_id().await
    }
    async fn all_settings(&self) -> Result<Vec<(String, Setting)>, StoreError> {
        self.inner.all_settings().await
    }
    async fn replace_all(&self, contents: &Contents) -> Result<(), StoreError> {
        self.inner.replace_all(contents).await
    }
}

/// Saves answers from the version the workspace holds now (a form opened just before).
#[allow(async_fn_in_trait)]
trait SaveAnswersNow {
    async fn save_qualification_now(&self, answers: Qualification) -> Result<(), CommandError<()>>;
}

impl<S: Store> SaveAnswersNow for Workspace<S> {
    async fn save_qualification_now(&self, answers: Qualification) -> Result<(), CommandError<()>> {
        let base = self.state().qualification_revision(answers.lead_id);
        self.save_qualification(answers, base).await
    }
}

/// A workspace with something of everything: a qualified lead with a deal, a lead with five
/// unanswered emails (its firing returned), one applied rule action, targets.
fn busy_world<S: Store>(ws: &Workspace<S>, clock: &TestClock) -> (LeadId, LeadId, Firing) {
    block_on(ws.save_profile("Maryam")).unwrap();
    let qualified = block_on(ws.create_lead(&LeadForm {
        company: "Pars Software".into(),
        budget: "50000000".into(),
        owner: "Reza".into(),
        ..lead_form("Sara Ahmadi")
    }))
    .unwrap();
    block_on(ws.save_qualification_now(all_yes(qualified))).unwrap();
    let form = DealForm::from_lead(ws.state().book.lead(qualified).unwrap(), clock.today());
    block_on(ws.convert_to_deal(qualified, &form, "")).unwrap();
    let quiet = block_on(ws.create_lead(&lead_form("Omid Rahimi"))).unwrap();
    for _ in 0..5 {
        clock.pass(DAY);
        block_on(ws.log_activity(quiet, &activity_today(clock, ActivityKind::EmailSent, "")))
            .unwrap();
    }
    let other = block_on(ws.create_lead(&lead_form("Kian Moradi"))).unwrap();
    for _ in 0..5 {
        block_on(ws.log_activity(other, &activity_today(clock, ActivityKind::EmailSent, "")))
            .unwrap();
    }
    let firings = pending_now(ws, clock.now());
    let of = |lead| firings.iter().find(|f| f.lead_id == lead).unwrap().clone();
    block_on(ws.apply_rule_actions(&[of(other)])).unwrap();
    block_on(ws.save_targets(SalesTargets {
        currency: Currency::Toman,
        reps: vec!["Reza".into()],
        targets: vec![],
    }))
    .unwrap();
    (qualified, quiet, of(quiet))
}

#[test]
fn erasing_a_lead_removes_it_and_everything_of_it_for_good_and_keeps_the_rest() {
    let clock = TestClock::at(2026, 5, 1);
    let store = MemoryStore::new();
    let ws = open(store.clone(), &clock);
    let (qualified, quiet, _) = busy_world(&ws, &clock);
    let acted_on = ws.state().audit[0].lead_id;
    let kept_activities = ws.state().book.activities_of(quiet).len();
    assert!(ws.state().qualifications.contains_key(&qualified));
    assert!(ws.state().deals.all().iter().any(|d| d.lead == qualified));
    assert!(ws.state().rule_states.contains_key(&acted_on));

    block_on(ws.erase_lead(qualified)).unwrap();
    block_on(ws.erase_lead(acted_on)).unwrap();
    for state in [
        ws.state().clone(),
        open(store.clone(), &clock).state().clone(),
    ] {
        assert!(state.book.lead(qualified).is_none() && state.book.lead(acted_on).is_none());
        assert!(state.book.activities_of(acted_on).is_empty());
        assert!(!state.qualifications.contains_key(&qualified));
        assert!(state.deals.all().iter().all(|d| d.lead != qualified));
        assert!(!state.rule_states.contains_key(&acted_on));
        assert_eq!(
            state.book.activities_of(quiet).len(),
            kept_activities,
            "other leads are untouched"
        );
        assert_eq!(
            state.audit.len(),
            1,
            "the history keeps the entry, naming an erased lead"
        );
    }
    let snapshot = block_on(store.load_all()).unwrap();
    assert!(snapshot
        .leads
        .iter()
        .all(|l| l.id != qualified && l.id != acted_on));
    assert!(snapshot.activities.iter().all(|a| a.lead_id != acted_on));
    assert!(
        !snapshot
            .docs
            .iter()
            .any(|d| d.json.contains("Pars Software")),
        "no stored document still holds the erased lead's details"
    );
    assert!(
        block_on(ws.erase_lead(qualified)).is_err(),
        "an erased lead cannot be erased twice"
    );
}

#[test]
fn an_import_with_duplicates_updates_stored_leads_and_adds_the_rest_in_one_change() {
    let clock = TestClock::at(2026, 5, 1);
    let store = MemoryStore::new();
    let ws = open(store.clone(), &clock);
    block_on(
        ws.import_leads(
            parse_leads_csv("name,email,city\nSara,sara@x.com,\nReza,reza@x.com,Shiraz\n")
                .unwrap()
                .into_valid(),
        ),
    )
    .unwrap();
    let (sara, before) = {
        let state = ws.state();
        let sara = state.book.leads()[0].clone();
        (sara.id, sara)
    };
    clock.pass(HOUR);
    let rows =
        parse_leads_csv("Email Address,First Name,City\nSARA@x.com,Sara,Tehran\nnew@x.com,Nima,\n")
            .unwrap()
            .into_valid();
    let stored: Vec<_> = ws.state().book.leads().to_vec();
    let groups = find_duplicates(&rows, &stored);
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].stored, [sara]);
    let plan = plan_import(rows, &groups, &[Resolution::FillEmpty]);
    let heard = Rc::new(Cell::new(0));
    let count = heard.clone();
    ws.subscribe(move |_| count.set(count.get() + 1));
    assert_eq!(block_on(ws.import_plan(plan)).unwrap(), (1, 1));
    assert_eq!(heard.get(), 1, "one change for the whole import");
    let state = ws.state();
    let leads = state.book.leads();
    assert_eq!(leads.len(), 3);
    let updated = state.book.lead(sara).unwrap();
    assert_eq!(updated.city, "Tehran");
    assert_ne!(updated.revision, before.revision);
    assert!(updated.updated_at > before.updated_at);
    assert_eq!(leads[2].name, "Nima");
    // What memory holds is what the store holds.
    let reopened = open(store, &clock);
    assert_eq!(reopened.state().book.lead(sara).unwrap().city, "Tehran");
    assert_eq!(reopened.state().book.leads().len(), 3);
}

#[test]
fn counts_of_another_crm_become_activities_once_even_when_the_file_is_imported_again() {
    let clock = TestClock::at(2026, 5, 1);
    let store = MemoryStore::new();
    let ws = open(store.clone(), &clock);
    let file = "First Name,Email,Marketing emails opened,Number of Pageviews\n\
                Sara,sara@x.com,3,120\n\
                Reza,reza@x.com,,\n";
    block_on(ws.import_leads(parse_leads_csv(file).unwrap().into_valid())).unwrap();
    let sara = ws.state().book.leads()[0].id;
    let kinds = |ws: &Workspace<MemoryStore>| {
        let state = ws.state();
        let acts = state.book.activities_of(sara);
        (
            acts.iter()
                .filter(|a| a.kind == ActivityKind::EmailOpened)
                .count(),
            acts.iter()
                .filter(|a| a.kind == ActivityKind::SiteVisit)
                .count(),
            acts.iter()
                .map(|a| a.notes.clone())
                .collect::<std::collections::BTreeSet<_>>(),
        )
    };
    let (opened, visits, notes) = kinds(&ws);
    assert_eq!(
        (opened, visits),
        (3, 50),
        "a count adds at most 50 activities"
    );
    assert_eq!(
        notes.into_iter().collect::<Vec<_>>(),
        ["Marketing emails opened: 3", "Number of Pageviews: 120"],
        "each activity names the column and the exact count"
    );
    assert!(ws
        .state()
        .book
        .activities_of(ws.state().book.leads()[1].id)
        .is_empty());

    // The same file again, merged into the stored leads: nothing is counted twice.
    clock.pass(HOUR);
    let rows = parse_leads_csv(file).unwrap().into_valid();
    let stored: Vec<_> = ws.state().book.leads().to_vec();
    let groups = find_duplicates(&rows, &stored);
    let plan = plan_import(rows, &groups, &[Resolution::FillEmpty; 2]);
    assert_eq!(block_on(ws.import_plan(plan)).unwrap(), (0, 0));
    assert_eq!(kinds(&ws).0, 3);

    // A newer export with more opens adds only the difference, in the same change as the rest.
    let newer = "Name,Email,Marketing emails opened\nSara,sara@x.com,5\n";
    let rows = parse_leads_csv(newer).unwrap().into_valid();
    let stored: Vec<_> = ws.state().book.leads().to_vec();
    let groups = find_duplicates(&rows, &stored);
    let plan = plan_import(rows, &groups, &[Resolution::FillEmpty]);
    assert_eq!(block_on(ws.import_plan(plan)).unwrap(), (0, 1));
    assert_eq!(kinds(&ws).0, 5);
    let reopened = open(store, &clock);
    assert_eq!(
        kinds(&reopened).0,
        5,
        "what memory holds is what the store holds"
    );
}

fn import_rows() -> Vec<kariz::domain::import::ImportRow> {
    parse_leads_csv("name,company\nNew One,A\nNew Two,B\n")
        .unwrap()
        .into_valid()
}

fn other_targets() -> SalesTargets {
    SalesTargets {
        currency: Currency::Toman,
        reps: vec!["Reza".into(), "Ali".into()],
        targets: vec![Target {
            rep: "Ali".into(),
            period: Period::new(CalendarKind::Jalali, PeriodKind::Month, 1405, 3).unwrap(),
            amount: 10_000_000,
        }],
    }
}

/// Runs `command` with the next write failing: it must return the store's error, leave the
/// store and memory as they were and tell no listener; then, run again, it must succeed.
fn fails_cleanly<S: Store, T: std::fmt::Debug, P: std::fmt::Debug + PartialEq>(
    what: &str,
    ws: &Workspace<S>,
    heard: &Rc<Cell<usize>>,
    arm: impl Fn(),
    command: impl Fn() -> Result<T, CommandError<P>>,
) {
    let before = picture(ws);
    let told = heard.get();
    arm();
    match command() {
        Err(CommandError::Store(StoreError::QuotaExceeded)) => {}
        other => panic!("{what}: expected the store's error, got {other:?}"),
    }
    assert_eq!(picture(ws), before, "{what} changed something");
    assert_eq!(heard.get(), told, "{what} told its listeners of a change");
    // Nothing else stood in its way.
    if let Err(e) = command() {
        panic!("{what} failed again without a store failure: {e:?}");
    }
    assert_ne!(
        picture(ws),
        before,
        "{what} did nothing once it could write"
    );
}

fn store_error<T>(r: Result<T, StoreError>) -> Result<T, CommandError<()>> {
    r.map_err(CommandError::Store)
}

#[test]
fn a_store_failure_in_any_command_changes_nothing_in_the_store_or_in_memory() {
    let clock = TestClock::at(2026, 5, 1);
    let store = MemoryStore::new();
    let ws = open(store.clone(), &clock);
    let (qualified, quiet, firing) = busy_world(&ws, &clock);
    let heard = Rc::new(Cell::new(0));
    let count = heard.clone();
    ws.subscribe(move |_| count.set(count.get() + 1));
    let arm = || store.fail_next_write(StoreError::QuotaExceeded);
    let deal = ws.state().deals.all()[0].id;
    let audit = ws.state().audit[0].id;

    fails_cleanly("import_leads", &ws, &heard, arm, || {
        store_error(block_on(ws.import_leads(import_rows())))
    });
    fails_cleanly("import_plan", &ws, &heard, arm, || {
        let plan = ImportPlan {
            new: import_rows(),
            updates: vec![(quiet, import_rows(), Resolution::Overwrite)],
        };
        store_error(block_on(ws.import_plan(plan)))
    });
    fails_cleanly("create_lead", &ws, &heard, arm, || {
        block_on(ws.create_lead(&lead_form("Typed In")))
    });
    fails_cleanly("log_activity", &ws, &heard, arm, || {
        block_on(ws.log_activity(quiet, &activity_today(&clock, ActivityKind::Call, "")))
    });
    fails_cleanly("save_qualification", &ws, &heard, arm, || {
        let mut q = all_yes(quiet);
        q.bant.need_level = Some(3);
        block_on(ws.save_qualification_now(q))
    });
    fails_cleanly("convert_to_deal", &ws, &heard, arm, || {
        let form = DealForm::from_lead(ws.state().book.lead(qualified).unwrap(), clock.today());
        block_on(ws.convert_to_deal(qualified, &form, ""))
    });
    clock.pass(HOUR);
    fails_cleanly("move_deal", &ws, &heard, arm, || {
        let next = ws.state().deals.get(deal).unwrap().stage + 1;
        block_on(ws.move_deal(deal, &DealMove::ToStage(next)))
    });
    fails_cleanly("apply_rule_actions", &ws, &heard, arm, || {
        store_error(block_on(
            ws.apply_rule_actions(std::slice::from_ref(&firing)),
        ))
    });
    fails_cleanly("undo_rule_action", &ws, &heard, arm, || {
        block_on(ws.undo_rule_action(audit))
    });
    fails_cleanly("dismiss_firing", &ws, &heard, arm, || {
        store_error(block_on(ws.dismiss_firing(&firing)))
    });
    fails_cleanly("save_targets", &ws, &heard, arm, || {
        block_on(ws.save_targets(other_targets()))
    });
    fails_cleanly("save_profile", &ws, &heard, arm, || {
        block_on(ws.save_profile("Someone Else"))
    });
    fails_cleanly("delete_lead", &ws, &heard, arm, || {
        store_error(block_on(ws.delete_lead(quiet)))
    });
    // Last: once it succeeds the lead is gone for the commands above.
    fails_cleanly("erase_lead", &ws, &heard, arm, || {
        store_error(block_on(ws.erase_lead(qualified)))
    });
}

#[test]
fn a_failed_transaction_after_ids_were_reserved_changes_nothing_either() {
    let clock = TestClock::at(2026, 5, 1);
    let store = FailingApply::default();
    let ws = open(store.clone(), &clock);
    let (qualified, quiet, firing) = busy_world(&ws, &clock);
    let heard = Rc::new(Cell::new(0));
    let count = heard.clone();
    ws.subscribe(move |_| count.set(count.get() + 1));
    let arm = || store.fail_next_apply(StoreError::QuotaExceeded);

    fails_cleanly("import_leads", &ws, &heard, arm, || {
        store_error(block_on(ws.import_leads(import_rows())))
    });
    fails_cleanly("log_activity", &ws, &heard, arm, || {
        block_on(ws.log_activity(quiet, &activity_today(&clock, ActivityKind::Call, "")))
    });
    fails_cleanly("convert_to_deal", &ws, &heard, arm, || {
        let form = DealForm::from_lead(ws.state().book.lead(qualified).unwrap(), clock.today());
        block_on(ws.convert_to_deal(qualified, &form, ""))
    });
    fails_cleanly("apply_rule_actions", &ws, &heard, arm, || {
        store_error(block_on(
            ws.apply_rule_actions(std::slice::from_ref(&firing)),
        ))
    });
    fails_cleanly("save_targets", &ws, &heard, arm, || {
        block_on(ws.save_targets(other_targets()))
    });
}
