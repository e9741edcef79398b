//! Follow-ups in the workspace with a clock the test moves: days pass in the test.

use std::cell::Cell;
use std::rc::Rc;

use futures::executor::block_on;

use super::*;
use crate::domain::followup::{SequenceStep, StepAction, TaskOrigin};
use crate::domain::scoring::ScoringModel;
use crate::domain::validation::{ActivityForm, LeadForm};
use crate::store::MemoryStore;
use crate::workspace::Clock;

const DAY: i64 = 24 * 60 * 60 * 1000;
/// 2026-12-02 07:10 UTC.
const START: Timestamp = 1_796_195_400_000;

#[derive(Clone)]
struct TestClock(Rc<Cell<Timestamp>>);

impl Clock for TestClock {
    fn now(&self) -> Timestamp {
        self.0.get()
    }
    fn utc_offset_minutes(&self) -> i32 {
        210
    }
}

struct Setup {
    store: MemoryStore,
    ws: Workspace<MemoryStore>,
    clock: TestClock,
}

impl Setup {
    fn new() -> Setup {
        let store = MemoryStore::new();
        let clock = TestClock(Rc::new(Cell::new(START)));
        let ws = block_on(Workspace::open(store.clone(), Box::new(clock.clone()))).unwrap();
        Setup { store, ws, clock }
    }

    fn pass_days(&self, days: i64) {
        self.clock.0.set(self.clock.0.get() + days * DAY);
    }

    fn reopened(&self) -> Workspace<MemoryStore> {
        block_on(Workspace::open(
            self.store.clone(),
            Box::new(self.clock.clone()),
        ))
        .unwrap()
    }

    fn lead(&self, name: &str) -> LeadId {
        let form = LeadForm {
            name: name.into(),
            owner: "Sara".into(),
            ..LeadForm::default()
        };
        block_on(self.ws.create_lead(&form)).unwrap()
    }

    fn log(&self, lead: LeadId, kind: &str) -> Result<u64, super::super::ActivityError> {
        // START is 2 December in Tehran; no test passes more than 28 days.
        let day = 2 + (self.clock.0.get() - START) / DAY;
        let form = ActivityForm {
            kind: kind.into(),
            date: format!("2026-12-{day:02}"),
            notes: String::new(),
        };
        block_on(self.ws.log_activity(lead, &form))
    }

    /// A model in which one demo makes a bare lead Hot, and none leaves it Cold.
    fn hot_after_a_demo(&self) {
        let mut model = ScoringModel::default_model();
        let bare = self.lead("Probe");
        let score = |ws: &Workspace<MemoryStore>| {
            let state = ws.state();
            let input = state.book.score_input(bare).unwrap();
            crate::domain::scoring::score_total(input, &state.settings.compiled, ws.now())
        };
        let before = score(&self.ws);
        self.log(bare, "demo").unwrap();
        let after = score(&self.ws);
        assert!(
            after > before,
            "a demo must add points ({before} → {after})"
        );
        model.thresholds.hot = after;
        model.thresholds.warm = before + 1;
        block_on(self.ws.save_scoring_model(model)).unwrap();
    }

    fn tasks(&self) -> Vec<Task> {
        self.ws.state().follow_up.tasks.clone()
    }
}

#[test]
fn a_lead_turned_hot_gets_one_contact_task_for_its_owner_in_the_same_write() {
    let s = Setup::new();
    s.hot_after_a_demo();
    let lead = s.lead("Reza Karimi");
    assert!(s
        .tasks()
        .iter()
        .all(|t| t.subject != TaskSubject::Lead(lead)));
    s.log(lead, "demo").unwrap();
    let tasks: Vec<Task> = s
        .tasks()
        .into_iter()
        .filter(|t| t.subject == TaskSubject::Lead(lead))
        .collect();
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0].origin, TaskOrigin::HotLead);
    assert_eq!(tasks[0].owner, "Sara");
    assert_eq!(tasks[0].due, s.ws.now() + DAY);
    assert_eq!(tasks[0].title, "task.title_hot_lead");
    // Stored, not only in memory.
    assert_eq!(s.reopened().state().follow_up.tasks, s.tasks());
    // Still Hot after another demo: no second task.
    s.log(lead, "demo").unwrap();
    let count = |s: &Setup| {
        s.tasks()
            .iter()
            .filter(|t| t.subject == TaskSubject::Lead(lead))
            .count()
    };
    assert_eq!(count(&s), 1);
}

#[test]
fn the_hot_trigger_can_be_turned_off_or_given_another_owner_and_delay() {
    let s = Setup::new();
    s.hot_after_a_demo();
    let mut settings = AutomationSettings::default();
    settings.hot_lead.enabled = false;
    block_on(s.ws.save_automation(settings.clone())).unwrap();
    let quiet = s.lead("Quiet");
    s.log(quiet, "demo").unwrap();
    assert!(s
        .tasks()
        .iter()
        .all(|t| t.subject != TaskSubject::Lead(quiet)));

    settings.hot_lead = Trigger {
        enabled: true,
        due_hours: 4,
        owner: crate::domain::followup::TaskOwner::Person("Omid".into()),
    };
    block_on(s.ws.save_automation(settings)).unwrap();
    let loud = s.lead("Loud");
    s.log(loud, "demo").unwrap();
    let task = s
        .tasks()
        .into_iter()
        .find(|t| t.subject == TaskSubject::Lead(loud))
        .unwrap();
    assert_eq!(
        (task.owner.as_str(), task.due),
        ("Omid", s.ws.now() + 4 * 3_600_000)
    );
}

#[test]
fn a_failed_write_creates_no_task_and_logs_no_activity() {
    let s = Setup::new();
    s.hot_after_a_demo();
    let lead = s.lead("Reza");
    let before = s.tasks();
    s.store.fail_next_write(StoreError::QuotaExceeded);
    assert!(s.log(lead, "demo").is_err());
    assert_eq!(s.tasks(), before);
    assert!(s.ws.state().book.activities_of(lead).is_empty());
    assert_eq!(s.reopened().state().follow_up.tasks, before);
}

#[test]
fn completing_a_task_logs_its_activity_and_reopening_keeps_the_activity() {
    let s = Setup::new();
    let lead = s.lead("Reza");
    let task = Task {
        id: 0,
        title: "Send the quote".into(),
        subject: TaskSubject::Lead(lead),
        owner: "Sara".into(),
        due: START + DAY,
        done_at: None,
        origin: TaskOrigin::Manual,
        created_at: START,
    };
    let id = block_on(s.ws.create_task(task)).unwrap();
    let log = Some((ActivityKind::EmailSent, "Quote sent".to_owned()));
    block_on(s.ws.complete_task(id, log)).unwrap();
    assert_eq!(
        s.ws.state().follow_up.task(id).unwrap().done_at,
        Some(START)
    );
    let activities = s.ws.state().book.activities_of(lead).to_vec();
    assert_eq!(activities.len(), 1);
    assert_eq!(activities[0].kind, ActivityKind::EmailSent);
    assert_eq!(activities[0].notes, "Quote sent");
    block_on(s.ws.reopen_task(id)).unwrap();
    assert!(s.ws.state().follow_up.task(id).unwrap().is_open());
    block_on(s.ws.delete_task(id)).unwrap();
    assert!(s.reopened().state().follow_up.task(id).is_none());
    assert_eq!(
        block_on(s.ws.delete_task(id)),
        Err(CommandError::Invalid(vec![FollowUpProblem::Missing]))
    );
}

#[test]
fn a_task_about_no_lead_is_stored_and_completed_without_an_activity() {
    let s = Setup::new();
    let task = Task {
        id: 0,
        title: "Plan the week".into(),
        subject: TaskSubject::General,
        owner: "Sara".into(),
        due: START + DAY,
        done_at: None,
        origin: TaskOrigin::Manual,
        created_at: START,
    };
    let id = block_on(s.ws.create_task(task)).unwrap();
    let log = Some((ActivityKind::Note, "Plan the week".to_owned()));
    block_on(s.ws.complete_task(id, log)).unwrap();
    let reopened = s.reopened();
    let stored = reopened.state().follow_up.task(id).cloned().unwrap();
    assert_eq!(stored.subject, TaskSubject::General);
    assert_eq!(stored.done_at, Some(START));
    assert_eq!(reopened.state().book.activity_count(), 0);
}

#[test]
fn a_task_due_while_the_app_was_closed_is_missed_at_the_next_start_until_reminded() {
    use crate::domain::followup::came_due;
    let s = Setup::new();
    assert_eq!(s.ws.state().follow_up.reminded_up_to, None);
    block_on(s.ws.mark_reminded(START)).unwrap();
    let task = Task {
        id: 0,
        title: "Call back".into(),
        subject: TaskSubject::General,
        owner: "Sara".into(),
        due: START + DAY,
        done_at: None,
        origin: TaskOrigin::Manual,
        created_at: START,
    };
    let id = block_on(s.ws.create_task(task)).unwrap();

    // Closed for two days: the stored mark says what was shown before.
    s.pass_days(2);
    let reopened = s.reopened();
    let missed = {
        let state = reopened.state();
        came_due(
            &state.follow_up.tasks,
            state.follow_up.reminded_up_to,
            START + 2 * DAY,
        )
    };
    assert_eq!(missed, vec![id]);
    block_on(reopened.mark_reminded(START + 2 * DAY)).unwrap();
    // Another tab that got less far does not move the mark back.
    block_on(reopened.mark_reminded(START + DAY / 2)).unwrap();
    block_on(reopened.save_automation(AutomationSettings::default())).unwrap();

    let again = s.reopened();
    let state = again.state();
    assert_eq!(state.follow_up.reminded_up_to, Some(START + 2 * DAY));
    assert!(came_due(
        &state.follow_up.tasks,
        state.follow_up.reminded_up_to,
        START + 2 * DAY
    )
    .is_empty());
}

#[test]
fn speed_to_lead_reads_the_hot_follow_ups_and_the_contacts_logged_after_them() {
    let s = Setup::new();
    s.hot_after_a_demo();
    let called = s.lead("Reza Karimi");
    let waiting = s.lead("Mina Rad");
    s.log(called, "demo").unwrap();
    s.log(waiting, "demo").unwrap();
    s.pass_days(2);
    s.log(called, "call").unwrap();

    let state = s.ws.state();
    let rows = state.follow_up.speed_to_lead(&state.book);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].owner, "Sara");
    assert_eq!((rows[0].contacted, rows[0].waiting), (1, 1));
    // The call is logged on a day two days on, so between one and three days after turning Hot.
    let minutes = rows[0].median_minutes.unwrap();
    assert!((24 * 60..=3 * 24 * 60).contains(&minutes), "{minutes}");
}

fn steps() -> Vec<SequenceStep> {
    [(0, "Intro email"), (3, "Call"), (7, "Follow-up email")]
        .into_iter()
        .map(|(day, title)| SequenceStep {
            day,
            action: StepAction::Email,
            title: title.into(),
            template: None,
        })
        .collect()
}

#[test]
fn sequence_steps_become_tasks_on_their_day_once_and_the_enrolment_finishes() {
    let s = Setup::new();
    let lead = s.lead("Reza");
    let sequence = block_on(s.ws.save_sequence(Sequence {
        id: 0,
        name: "Welcome".into(),
        steps: steps(),
    }))
    .unwrap();
    block_on(s.ws.enroll(lead, sequence, "Sara")).unwrap();
    let titles = |s: &Setup| -> Vec<String> { s.tasks().into_iter().map(|t| t.title).collect() };
    assert_eq!(titles(&s), ["Intro email"]);
    s.pass_days(2);
    assert_eq!(block_on(s.ws.run_follow_ups()).unwrap(), 0);
    s.pass_days(1);
    assert_eq!(block_on(s.ws.run_follow_ups()).unwrap(), 1);
    assert_eq!(block_on(s.ws.run_follow_ups()).unwrap(), 0);
    assert_eq!(titles(&s), ["Intro email", "Call"]);
    s.pass_days(10);
    assert_eq!(block_on(s.ws.run_follow_ups()).unwrap(), 1);
    let enrollment = s.ws.state().follow_up.enrollments[0].clone();
    assert_eq!(
        enrollment.stopped.map(|(_, r)| r),
        Some(StopReason::Finished)
    );
    assert_eq!(s.tasks()[2].due, START + 7 * DAY);
    assert_eq!(s.reopened().state().follow_up.enrollments, vec![enrollment]);
}

#[test]
fn a_reply_stops_the_enrolment_before_its_next_step() {
    let s = Setup::new();
    let lead = s.lead("Reza");
    let sequence = block_on(s.ws.save_sequence(Sequence {
        id: 0,
        name: "Welcome".into(),
        steps: steps(),
    }))
    .unwrap();
    block_on(s.ws.enroll(lead, sequence, "Sara")).unwrap();
    s.pass_days(1);
    s.log(lead, "email_replied").unwrap();
    s.pass_days(5);
    assert_eq!(block_on(s.ws.run_follow_ups()).unwrap(), 0);
    let enrollment = &s.ws.state().follow_up.enrollments[0];
    assert_eq!(
        enrollment.stopped.map(|(_, r)| r),
        Some(StopReason::Replied)
    );
}

#[test]
fn a_sequence_without_steps_and_a_template_with_an_unknown_placeholder_are_refused() {
    let s = Setup::new();
    let empty = block_on(s.ws.save_sequence(Sequence {
        id: 0,
        name: "Empty".into(),
        steps: Vec::new(),
    }));
    assert_eq!(
        empty,
        Err(CommandError::Invalid(vec![FollowUpProblem::Sequence(
            SequenceProblem::NoSteps
        )]))
    );
    let template = Template {
        id: 0,
        name: "Hello".into(),
        lang: "en".into(),
        subject: "Hi {first_name}".into(),
        body: "About {prodcut}".into(),
    };
    assert_eq!(
        block_on(s.ws.save_template(template)),
        Err(CommandError::Invalid(vec![FollowUpProblem::Template(
            TemplateProblem::UnknownPlaceholder("prodcut".into())
        )]))
    );
    assert!(s.ws.state().follow_up.sequences.is_empty());
    assert!(s.ws.state().follow_up.templates.is_empty());
}

#[test]
fn a_deal_gone_stale_gets_one_task_when_follow_ups_run() {
    let s = Setup::new();
    let lead = s.lead("Reza");
    let form = crate::domain::pipeline::DealForm {
        title: "ERP".into(),
        value: "1000".into(),
        currency: "toman".into(),
        probability: String::new(),
        expected_close: "2026-12-30".into(),
        owner: "Omid".into(),
    };
    let deal = block_on(s.ws.convert_to_deal(lead, &form, "Known customer")).unwrap();
    assert_eq!(block_on(s.ws.run_follow_ups()), Ok(0));
    let rotting = s.ws.state().settings.pipeline.stages[0].rotting_days as i64;
    s.pass_days(rotting + 2);
    assert_eq!(block_on(s.ws.run_follow_ups()), Ok(1));
    let tasks = s.reopened().state().follow_up.tasks.clone();
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0].subject, TaskSubject::Deal(deal));
    assert_eq!(tasks[0].origin, TaskOrigin::StaleDeal);
    assert_eq!(tasks[0].owner, "Omid");
    assert_eq!(block_on(s.ws.run_follow_ups()), Ok(0));
}
