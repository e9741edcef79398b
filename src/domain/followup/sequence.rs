//! Sequences: a named series of steps (day 0 intro e-mail, day 3 call, day 7 follow-up, day 14
//! break-up e-mail) a lead is enrolled in. Each step becomes a task when its day comes; the
//! enrolment stops when the lead replies, books a meeting or is disqualified.

use serde::{Deserialize, Serialize};

use crate::domain::{Activity, ActivityKind, LeadId, Timestamp};

use super::automation::TaskDraft;
use super::{Task, TaskOrigin, TaskSubject};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// Longest a sequence may run, in days.
pub const MAX_STEP_DAY: u32 = 365;

/// What a step asks the rep to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepAction {
    Email,
    Call,
    Sms,
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SequenceStep {
    /// Days after enrolment.
    pub day: u32,
    pub action: StepAction,
    pub title: String,
    /// The message template to send, for e-mail and SMS steps.
    #[serde(default)]
    pub template: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sequence {
    pub id: u64,
    pub name: String,
    /// In day order.
    pub steps: Vec<SequenceStep>,
}

/// What is wrong with a sequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SequenceProblem {
    NoName,
    NoSteps,
    /// The step at this position has no title.
    UntitledStep(usize),
    /// The step at this position is later than [`MAX_STEP_DAY`].
    TooLate(usize),
}

impl Sequence {
    /// Every problem; a sequence without steps cannot be saved.
    pub fn problems(&self) -> Vec<SequenceProblem> {
        let mut problems = Vec::new();
        if self.name.trim().is_empty() {
            problems.push(SequenceProblem::NoName);
        }
        if self.steps.is_empty() {
            problems.push(SequenceProblem::NoSteps);
        }
        for (i, step) in self.steps.iter().enumerate() {
            if step.title.trim().is_empty() {
                problems.push(SequenceProblem::UntitledStep(i));
            }
            if step.day > MAX_STEP_DAY {
                problems.push(SequenceProblem::TooLate(i));
            }
        }
        problems
    }

    /// The steps in day order (stable for steps on the same day).
    pub fn sort_steps(&mut self) {
        self.steps.sort_by_key(|s| s.day);
    }
}

impl StepAction {
    pub const ALL: [StepAction; 4] = [
        StepAction::Email,
        StepAction::Call,
        StepAction::Sms,
        StepAction::Other,
    ];

    /// Stable key, for the translation `step_action.<key>` and for forms.
    pub fn key(self) -> &'static str {
        match self {
            StepAction::Email => "email",
            StepAction::Call => "call",
            StepAction::Sms => "sms",
            StepAction::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<StepAction> {
        StepAction::ALL.into_iter().find(|a| a.key() == key)
    }
}

/// A step's day as typed (any digits): a whole number from 0 to [`MAX_STEP_DAY`].
pub fn parse_step_day(text: &str) -> Option<u32> {
    let digits: String = text
        .trim()
        .chars()
        .map(crate::domain::normalize_digit)
        .collect();
    if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|day| *day <= MAX_STEP_DAY)
}

/// Why an enrolment ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StopReason {
    Replied,
    MeetingBooked,
    Disqualified,
    /// Taken out by hand.
    Removed,
    /// Every step was made a task.
    Finished,
}

/// A lead enrolled in a sequence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrollment {
    pub id: u64,
    pub lead: LeadId,
    pub sequence: u64,
    pub owner: String,
    pub started_at: Timestamp,
    #[serde(default)]
    pub stopped: Option<(Timestamp, StopReason)>,
}

impl Enrollment {
    pub fn is_active(&self) -> bool {
        self.stopped.is_none()
    }

    /// Why the enrolment should stop now, if it should: the lead replied to an e-mail or booked a
    /// meeting (or demo) since it was enrolled, or it is disqualified.
    pub fn stop_reason(
        &self,
        activities: &[Activity],
        disqualified: bool,
    ) -> Option<(Timestamp, StopReason)> {
        if !self.is_active() {
            return None;
        }
        let after = activities.iter().filter(|a| a.at >= self.started_at);
        let first = |kinds: &[ActivityKind]| {
            after
                .clone()
                .filter(|a| kinds.contains(&a.kind))
                .map(|a| a.at)
                .min()
        };
        let replied = first(&[ActivityKind::EmailReplied]).map(|at| (at, StopReason::Replied));
        let met = first(&[ActivityKind::Meeting, ActivityKind::Demo])
            .map(|at| (at, StopReason::MeetingBooked));
        match (replied, met) {
            (Some(r), Some(m)) => Some(if m.0 < r.0 { m } else { r }),
            (r, m) => r
                .or(m)
                .or(disqualified.then_some((self.started_at, StopReason::Disqualified))),
        }
    }

    /// The steps whose day has come and that have no task yet, as tasks due on their day.
    pub fn steps_due(&self, sequence: &Sequence, tasks: &[Task], now: Timestamp) -> Vec<TaskDraft> {
        if !self.is_active() || sequence.id != self.sequence {
            return Vec::new();
        }
        sequence
            .steps
            .iter()
            .enumerate()
            .filter(|(_, step)| self.started_at + step.day as i64 * DAY_MS <= now)
            .filter(|(i, _)| {
                !tasks.iter().any(|t| {
                    t.subject == TaskSubject::Lead(self.lead)
                        && t.origin
                            == TaskOrigin::Sequence {
                                sequence: sequence.id,
                                step: *i,
                            }
                })
            })
            .map(|(i, step)| Task {
                id: 0,
                title: step.title.clone(),
                subject: TaskSubject::Lead(self.lead),
                owner: self.owner.clone(),
                due: self.started_at + step.day as i64 * DAY_MS,
                done_at: None,
                origin: TaskOrigin::Sequence {
                    sequence: sequence.id,
                    step: i,
                },
                created_at: now,
            })
            .collect()
    }

    /// Whether every step has its task: the enrolment is finished.
    pub fn is_complete(&self, sequence: &Sequence, tasks: &[Task]) -> bool {
        (0..sequence.steps.len()).all(|i| {
            tasks.iter().any(|t| {
                t.subject == TaskSubject::Lead(self.lead)
                    && t.origin
                        == TaskOrigin::Sequence {
                            sequence: sequence.id,
                            step: i,
                        }
            })
        })
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const START: Timestamp = 1_796_195_400_000;

    fn sequence() -> Sequence {
        let step = |day, action, title: &str| SequenceStep {
            day,
            action,
            title: title.into(),
            template: None,
        };
        Sequence {
            id: 5,
            name: "New inbound".into(),
            steps: vec![
                step(0, StepAction::Email, "Intro e-mail"),
                step(3, StepAction::Call, "Call"),
                step(7, StepAction::Email, "Follow-up"),
                step(14, StepAction::Email, "Break-up e-mail"),
            ],
        }
    }

    fn enrollment() -> Enrollment {
        Enrollment {
            id: 1,
            lead: 9,
            sequence: 5,
            owner: "Sara".into(),
            started_at: START,
            stopped: None,
        }
    }

    fn activity(kind: ActivityKind, day: i64) -> Activity {
        Activity {
            id: day as u64,
            lead_id: 9,
            kind,
            at: START + day * DAY_MS,
            notes: String::new(),
            revision: Default::default(),
        }
    }

    #[test]
    fn each_step_becomes_a_task_on_its_day_once() {
        let e = enrollment();
        let s = sequence();
        let day0 = e.steps_due(&s, &[], START);
        assert_eq!(
            day0.iter().map(|t| t.title.as_str()).collect::<Vec<_>>(),
            ["Intro e-mail"]
        );
        let mut tasks: Vec<Task> = day0;
        let day8 = e.steps_due(&s, &tasks, START + 8 * DAY_MS);
        assert_eq!(
            day8.iter().map(|t| t.due).collect::<Vec<_>>(),
            [START + 3 * DAY_MS, START + 7 * DAY_MS]
        );
        tasks.extend(day8);
        assert!(e.steps_due(&s, &tasks, START + 8 * DAY_MS).is_empty());
        assert!(!e.is_complete(&s, &tasks));
        tasks.extend(e.steps_due(&s, &tasks, START + 14 * DAY_MS));
        assert!(e.is_complete(&s, &tasks));
    }

    #[test]
    fn a_reply_a_meeting_or_disqualification_stops_the_enrolment() {
        let e = enrollment();
        assert_eq!(
            e.stop_reason(&[activity(ActivityKind::EmailOpened, 1)], false),
            None
        );
        assert_eq!(
            e.stop_reason(
                &[
                    activity(ActivityKind::EmailReplied, 4),
                    activity(ActivityKind::Meeting, 2)
                ],
                false
            ),
            Some((START + 2 * DAY_MS, StopReason::MeetingBooked))
        );
        assert_eq!(
            e.stop_reason(&[activity(ActivityKind::EmailReplied, 4)], false),
            Some((START + 4 * DAY_MS, StopReason::Replied))
        );
        // A reply before the enrolment does not count.
        assert_eq!(
            e.stop_reason(&[activity(ActivityKind::EmailReplied, -1)], false),
            None
        );
        assert_eq!(
            e.stop_reason(&[], true),
            Some((START, StopReason::Disqualified))
        );
        let stopped = Enrollment {
            stopped: Some((START, StopReason::Removed)),
            ..e
        };
        assert!(stopped
            .steps_due(&sequence(), &[], START + 30 * DAY_MS)
            .is_empty());
    }

    #[test]
    fn a_sequence_without_steps_cannot_be_saved() {
        let empty = Sequence {
            id: 1,
            name: "Empty".into(),
            steps: vec![],
        };
        assert_eq!(empty.problems(), [SequenceProblem::NoSteps]);
        assert!(sequence().problems().is_empty());
    }

    #[test]
    fn a_step_day_is_a_whole_number_up_to_a_year_in_any_digits() {
        assert_eq!(parse_step_day(" 0 "), Some(0));
        assert_eq!(parse_step_day("۱۴"), Some(14));
        assert_eq!(parse_step_day("365"), Some(365));
        for bad in ["", "366", "-1", "1.5", "three", "0007"] {
            assert_eq!(parse_step_day(bad), None, "{bad}");
        }
        for action in StepAction::ALL {
            assert_eq!(StepAction::from_key(action.key()), Some(action));
        }
    }
}
