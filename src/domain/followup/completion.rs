//! What doing a task was, as an activity on its lead: completing a task logs it, so the lead's
//! timeline and score see the contact that was made.

use crate::domain::ActivityKind;

use super::{Sequence, StepAction, Task, TaskOrigin};

/// The activity completing `task` logs on its lead: a Hot lead's follow-up is a call (a contact,
/// as speed-to-lead counts it), a sequence step is what the step asks for, anything else a note.
/// `sequences` are looked in for the step; a step of a sequence since deleted logs a note.
pub fn completion_activity(task: &Task, sequences: &[Sequence]) -> ActivityKind {
    match task.origin {
        TaskOrigin::HotLead => ActivityKind::Call,
        TaskOrigin::Sequence { sequence, step } => sequences
            .iter()
            .find(|s| s.id == sequence)
            .and_then(|s| s.steps.get(step))
            .map_or(ActivityKind::Note, |step| match step.action {
                StepAction::Email => ActivityKind::EmailSent,
                StepAction::Call => ActivityKind::Call,
                StepAction::Sms => ActivityKind::Sms,
                StepAction::Other => ActivityKind::Note,
            }),
        TaskOrigin::Manual | TaskOrigin::StaleDeal => ActivityKind::Note,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::followup::{SequenceStep, TaskSubject};

    fn task(origin: TaskOrigin) -> Task {
        Task {
            id: 1,
            title: "t".into(),
            subject: TaskSubject::Lead(7),
            owner: String::new(),
            due: 0,
            done_at: None,
            origin,
            created_at: 0,
        }
    }

    #[test]
    fn each_kind_of_task_logs_what_doing_it_was() {
        let step = |action| SequenceStep {
            day: 0,
            action,
            title: "s".into(),
            template: None,
        };
        let sequences = [Sequence {
            id: 3,
            name: "Intro".into(),
            steps: vec![step(StepAction::Email), step(StepAction::Sms)],
        }];
        let of = |origin| completion_activity(&task(origin), &sequences);
        assert_eq!(of(TaskOrigin::HotLead), ActivityKind::Call);
        assert!(of(TaskOrigin::HotLead).is_contact());
        assert_eq!(
            of(TaskOrigin::Sequence {
                sequence: 3,
                step: 0
            }),
            ActivityKind::EmailSent
        );
        assert_eq!(
            of(TaskOrigin::Sequence {
                sequence: 3,
                step: 1
            }),
            ActivityKind::Sms
        );
        assert_eq!(
            of(TaskOrigin::Sequence {
                sequence: 9,
                step: 0
            }),
            ActivityKind::Note
        );
        assert_eq!(of(TaskOrigin::Manual), ActivityKind::Note);
        assert_eq!(of(TaskOrigin::StaleDeal), ActivityKind::Note);
    }
}
