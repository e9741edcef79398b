//! A task: something a rep must do for a lead or a deal by a time.

use serde::{Deserialize, Serialize};

use crate::domain::pipeline::DealId;
use crate::domain::{parse_date, Date, LeadId, Timestamp};

pub type TaskId = u64;

/// Longest title accepted, in characters.
pub const MAX_TITLE_CHARS: usize = 200;

const MINUTE_MS: i64 = 60 * 1000;
const DAY_MS: i64 = 24 * 60 * MINUTE_MS;

/// What a task is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TaskSubject {
    Lead(LeadId),
    Deal(DealId),
    /// About no lead or deal: a to-do of the rep's own.
    General,
}

/// Why a task exists.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskOrigin {
    /// Added by a person.
    #[default]
    Manual,
    /// The lead turned Hot: contact it soon.
    HotLead,
    /// The deal sat in its stage too long: revive or close it.
    StaleDeal,
    /// A step of a sequence the lead is enrolled in.
    Sequence { sequence: u64, step: usize },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub id: TaskId,
    pub title: String,
    pub subject: TaskSubject,
    pub owner: String,
    pub due: Timestamp,
    #[serde(default)]
    pub done_at: Option<Timestamp>,
    #[serde(default)]
    pub origin: TaskOrigin,
    pub created_at: Timestamp,
}

impl Task {
    pub fn is_open(&self) -> bool {
        self.done_at.is_none()
    }

    pub fn is_overdue(&self, now: Timestamp) -> bool {
        self.is_open() && self.due < now
    }

    /// The lead the task is about, directly or through its deal.
    pub fn lead(&self, lead_of_deal: impl Fn(DealId) -> Option<LeadId>) -> Option<LeadId> {
        match self.subject {
            TaskSubject::Lead(id) => Some(id),
            TaskSubject::Deal(id) => lead_of_deal(id),
            TaskSubject::General => None,
        }
    }
}

/// The Tasks list's filters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TaskFilter {
    All,
    /// Every open task.
    Open,
    /// Owned by this person.
    Mine(String),
    /// Open and past due.
    Overdue,
    /// Open and due today (the viewer's day).
    Today,
    /// Open and due from today to the end of the seventh day.
    ThisWeek,
}

impl TaskFilter {
    pub fn matches(&self, task: &Task, now: Timestamp, offset_minutes: i32) -> bool {
        let today = Date::from_timestamp(now, offset_minutes);
        let day_of = |at: Timestamp| Date::from_timestamp(at, offset_minutes);
        match self {
            TaskFilter::All => true,
            TaskFilter::Open => task.is_open(),
            TaskFilter::Mine(owner) => task.owner.trim() == owner.trim(),
            TaskFilter::Overdue => task.is_overdue(now),
            TaskFilter::Today => task.is_open() && day_of(task.due) == today,
            TaskFilter::ThisWeek => {
                let days = day_of(task.due).days_since(today);
                task.is_open() && (0..7).contains(&days)
            }
        }
    }
}

impl TaskFilter {
    /// The tasks the filter picks, in [`work_order`].
    pub fn apply(&self, tasks: &[Task], now: Timestamp, offset_minutes: i32) -> Vec<Task> {
        let mut picked: Vec<Task> = tasks
            .iter()
            .filter(|t| self.matches(t, now, offset_minutes))
            .cloned()
            .collect();
        work_order(&mut picked);
        picked
    }
}

/// Tasks in the order a rep works them: open ones by due time (overdue first), then done ones,
/// most recently done first.
pub fn work_order(tasks: &mut [Task]) {
    tasks.sort_by_key(|t| match t.done_at {
        None => (0, t.due, t.id),
        Some(done) => (1, -done, t.id),
    });
}

/// The fields of the task form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskField {
    Title,
    Due,
    Owner,
}

/// What is wrong with a typed task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskProblem {
    Required(TaskField),
    TooLong(TaskField),
    /// The due date is not a date (or the time not `HH:MM`).
    BadDue,
    /// The due time has passed: allowed, once the user confirms.
    DueInThePast,
}

impl TaskProblem {
    pub fn label_key(self) -> &'static str {
        match self {
            TaskProblem::Required(_) => "task_problem.required",
            TaskProblem::TooLong(_) => "task_problem.too_long",
            TaskProblem::BadDue => "task_problem.bad_due",
            TaskProblem::DueInThePast => "task_problem.due_in_the_past",
        }
    }
}

/// The task form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaskForm {
    pub title: String,
    /// A date as the lead form takes it (Gregorian or Jalali, any digits).
    pub due_date: String,
    /// `HH:MM`, 24-hour; empty means 09:00.
    pub due_time: String,
    pub owner: String,
}

impl TaskForm {
    /// The task the form describes, or every problem. A due time in the past is a problem unless
    /// `past_confirmed`.
    pub fn validate(
        &self,
        id: TaskId,
        subject: TaskSubject,
        now: Timestamp,
        offset_minutes: i32,
        past_confirmed: bool,
    ) -> Result<Task, Vec<TaskProblem>> {
        let mut problems = Vec::new();
        let title = self.title.trim();
        if title.is_empty() {
            problems.push(TaskProblem::Required(TaskField::Title));
        } else if title.chars().count() > MAX_TITLE_CHARS {
            problems.push(TaskProblem::TooLong(TaskField::Title));
        }
        let owner = self.owner.trim();
        if owner.chars().count() > 100 {
            problems.push(TaskProblem::TooLong(TaskField::Owner));
        }
        let due = match (parse_date(&self.due_date), parse_time(&self.due_time)) {
            (Ok(day), Some(minutes)) => Some(
                day.start_timestamp() + minutes * MINUTE_MS - offset_minutes as i64 * MINUTE_MS,
            ),
            _ => {
                problems.push(TaskProblem::BadDue);
                None
            }
        };
        if let Some(due) = due {
            if due < now && !past_confirmed {
                problems.push(TaskProblem::DueInThePast);
            }
        }
        match (problems.is_empty(), due) {
            (true, Some(due)) => Ok(Task {
                id,
                title: title.to_owned(),
                subject,
                owner: owner.to_owned(),
                due,
                done_at: None,
                origin: TaskOrigin::Manual,
                created_at: now,
            }),
            _ => Err(problems),
        }
    }
}

/// Minutes after midnight of `HH:MM` (any digits); empty is 09:00.
fn parse_time(text: &str) -> Option<i64> {
    let text: String = text
        .trim()
        .chars()
        .map(crate::domain::normalize_digit)
        .collect();
    if text.is_empty() {
        return Some(9 * 60);
    }
    let (h, m) = text.split_once(':')?;
    let short =
        |part: &str| (1..=2).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit());
    if !short(h) || !short(m) {
        return None;
    }
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    ((0..24).contains(&h) && (0..60).contains(&m)).then_some(h * 60 + m)
}

/// When a task made now with a delay of `hours` is due.
pub fn due_after(now: Timestamp, hours: u32) -> Timestamp {
    now + hours as i64 * 60 * MINUTE_MS
}

/// Whole days from `now` to `due` (negative when past), for "due in 2 days".
pub fn days_until(due: Timestamp, now: Timestamp) -> i64 {
    (due - now).div_euclid(DAY_MS)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// 2026-12-02 10:40 in Tehran (07:10 UTC).
    const NOW: Timestamp = 1_796_195_400_000;
    const TEHRAN: i32 = 210;

    fn form(title: &str, date: &str, time: &str) -> TaskForm {
        TaskForm {
            title: title.into(),
            due_date: date.into(),
            due_time: time.into(),
            owner: "Sara".into(),
        }
    }

    #[test]
    fn a_task_is_due_at_the_local_time_typed_in_either_calendar() {
        let task = form("Call back", "2026-12-03", "14:30")
            .validate(1, TaskSubject::Lead(7), NOW, TEHRAN, false)
            .unwrap();
        // 14:30 in Tehran is 11:00 UTC.
        assert_eq!(task.due, 1_796_295_600_000);
        let jalali = form("Call back", "۱۴۰۵/۰۹/۱۲", "۱۴:۳۰")
            .validate(1, TaskSubject::Lead(7), NOW, TEHRAN, false)
            .unwrap();
        assert_eq!(jalali.due, task.due);
        assert_eq!(task.origin, TaskOrigin::Manual);
    }

    #[test]
    fn a_past_due_time_needs_confirmation() {
        let typed = form("Late", "2026-12-01", "");
        assert_eq!(
            typed.validate(1, TaskSubject::Lead(7), NOW, TEHRAN, false),
            Err(vec![TaskProblem::DueInThePast])
        );
        assert!(typed
            .validate(1, TaskSubject::Lead(7), NOW, TEHRAN, true)
            .is_ok());
    }

    #[test]
    fn a_general_task_is_about_no_lead() {
        let task = form("Plan the week", "2026-12-03", "")
            .validate(1, TaskSubject::General, NOW, TEHRAN, false)
            .unwrap();
        assert_eq!(task.lead(|_| Some(9)), None);
        let about_deal = Task {
            subject: TaskSubject::Deal(4),
            ..task
        };
        assert_eq!(about_deal.lead(|_| Some(9)), Some(9));
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        assert_eq!(
            form(" ", "2026-13-01", "25:00").validate(1, TaskSubject::Deal(3), NOW, TEHRAN, false),
            Err(vec![
                TaskProblem::Required(TaskField::Title),
                TaskProblem::BadDue
            ])
        );
        assert_eq!(parse_time("9:5"), Some(9 * 60 + 5));
        assert_eq!(parse_time("9:005"), None);
        assert_eq!(parse_time("nine"), None);
    }

    #[test]
    fn filters_pick_overdue_today_this_week_and_mine() {
        let task = |id, due: Timestamp, owner: &str, done: bool| Task {
            id,
            title: format!("t{id}"),
            subject: TaskSubject::Lead(1),
            owner: owner.into(),
            due,
            done_at: done.then_some(NOW),
            origin: TaskOrigin::Manual,
            created_at: 0,
        };
        let hour = 3_600_000;
        let tasks = [
            task(1, NOW - hour, "Sara", false),
            task(2, NOW + hour, "Omid", false),
            task(3, NOW + 3 * DAY_MS, "Sara", false),
            task(4, NOW + 9 * DAY_MS, "Sara", false),
            task(5, NOW - hour, "Sara", true),
        ];
        let ids = |f: TaskFilter| -> Vec<u64> {
            tasks
                .iter()
                .filter(|t| f.matches(t, NOW, TEHRAN))
                .map(|t| t.id)
                .collect()
        };
        assert_eq!(ids(TaskFilter::Overdue), [1]);
        assert_eq!(ids(TaskFilter::Today), [1, 2]);
        assert_eq!(ids(TaskFilter::ThisWeek), [1, 2, 3]);
        assert_eq!(ids(TaskFilter::Mine("Sara".into())), [1, 3, 4, 5]);
        assert_eq!(ids(TaskFilter::Open), [1, 2, 3, 4]);
        let shown = TaskFilter::All.apply(
            &[tasks[4].clone(), tasks[2].clone(), tasks[0].clone()],
            NOW,
            TEHRAN,
        );
        assert_eq!(shown.iter().map(|t| t.id).collect::<Vec<_>>(), [1, 3, 5]);
        let mut ordered = tasks.to_vec();
        work_order(&mut ordered);
        assert_eq!(
            ordered.iter().map(|t| t.id).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5]
        );
    }
}
