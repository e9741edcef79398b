//! Following up: tasks with owners and due times, the automatic follow-ups that rules of the
//! sales process call for (a lead turned Hot is contacted within a day; a stale deal is revived or
//! closed), sequences of steps a lead is enrolled in, personalised message templates, SMS drafts
//! and calendar files. No server sends anything: messages open the user's own mail or SMS app.

pub mod agenda;
pub mod automation;
pub mod calendar_file;
pub mod completion;
pub mod mailto;
pub mod reminder;
pub mod sequence;
pub mod sms;
pub mod speed;
pub mod task;
pub mod template;

pub use agenda::agenda;
pub use automation::{automatic_follow_ups, AutomationSettings, TaskOwner, Trigger, TriggerForm};
pub use calendar_file::tasks_ics;
pub use completion::completion_activity;
pub use mailto::mailto;
pub use reminder::came_due;
pub use sequence::{
    parse_step_day, Enrollment, Sequence, SequenceProblem, SequenceStep, StepAction, StopReason,
};
pub use sms::{outside_sending_hours, segments, sms_link, SmsSegments};
pub use speed::{speed_to_lead, SpeedToLead};
pub use task::{
    Task, TaskField, TaskFilter, TaskForm, TaskId, TaskOrigin, TaskProblem, TaskSubject,
};
pub use template::{render, Placeholder, Template, TemplateProblem};
