//! Follow-up commands: tasks, sequences and enrolments, message templates and the automation
//! settings, and the automatic follow-ups (a lead turned Hot, a stale deal, a sequence step whose
//! day has come) the workspace creates itself.

use std::collections::HashMap;

use super::state::{decode_all, decoded, single};
use super::stored::{
    Batch, FollowUpBatch, AUTOMATION, ENROLLMENTS, REMINDED_UP_TO, SEQUENCES, TASKS, TEMPLATES,
};
use super::{CommandError, Workspace, SLICE};
use crate::domain::followup::{
    automatic_follow_ups, speed_to_lead, AutomationSettings, Enrollment, Sequence, SequenceProblem,
    SpeedToLead, StopReason, Task, TaskId, TaskProblem, TaskSubject, Template, TemplateProblem,
    Trigger,
};
use crate::domain::qualification::Qualification;
use crate::domain::rules::Placer;
use crate::domain::rules::RuleState;
use crate::domain::scoring::{score_total, Grade, ScoreInput};
use crate::domain::{Activity, ActivityKind, Lead, LeadBook, LeadId, Timestamp};
use crate::store::{IdKind, Snapshot, Store, StoreError, Unreadable};

/// The follow-up records in memory.
#[derive(Clone, Debug, Default)]
pub struct FollowUps {
    /// Every task, in id order.
    pub tasks: Vec<Task>,
    pub sequences: Vec<Sequence>,
    pub enrollments: Vec<Enrollment>,
    pub templates: Vec<Template>,
    pub automation: AutomationSettings,
    /// Up to when task reminders were shown (`None` before the first time): what comes due after
    /// it is reminded of, at the next start as missed.
    pub reminded_up_to: Option<Timestamp>,
}

/// Why a follow-up command was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum FollowUpProblem {
    Task(TaskProblem),
    Sequence(SequenceProblem),
    Template(TemplateProblem),
    /// The task, sequence, template or lead does not exist (any more).
    Missing,
}

impl FollowUpBatch {
    pub(crate) fn is_empty(&self) -> bool {
        *self == FollowUpBatch::default()
    }
}

impl FollowUps {
    pub(super) fn from_snapshot(
        snapshot: &Snapshot,
        unreadable: &mut Vec<Unreadable>,
    ) -> FollowUps {
        let mut tasks: Vec<Task> = decode_all(snapshot, TASKS, unreadable);
        tasks.sort_by_key(|t| t.id);
        FollowUps {
            tasks,
            sequences: decode_all(snapshot, SEQUENCES, unreadable),
            enrollments: decode_all(snapshot, ENROLLMENTS, unreadable),
            templates: decode_all(snapshot, TEMPLATES, unreadable),
            automation: single(snapshot, AUTOMATION, unreadable).unwrap_or_default(),
            reminded_up_to: snapshot
                .docs_in(AUTOMATION)
                .iter()
                .find(|doc| doc.id == REMINDED_UP_TO)
                .and_then(|doc| decoded(doc, unreadable)),
        }
    }

    /// Takes in what a committed batch wrote.
    pub(super) fn absorb(&mut self, batch: FollowUpBatch) {
        self.tasks.retain(|t| !batch.removed_tasks.contains(&t.id));
        for task in batch.tasks {
            match self.tasks.binary_search_by_key(&task.id, |t| t.id) {
                Ok(at) => self.tasks[at] = task,
                Err(at) => self.tasks.insert(at, task),
            }
        }
        self.sequences
            .retain(|s| !batch.removed_sequences.contains(&s.id));
        upsert(&mut self.sequences, batch.sequences, |s| s.id);
        self.enrollments
            .retain(|e| !batch.removed_enrollments.contains(&e.id));
        upsert(&mut self.enrollments, batch.enrollments, |e| e.id);
        self.templates
            .retain(|t| !batch.removed_templates.contains(&t.id));
        upsert(&mut self.templates, batch.templates, |t| t.id);
        if let Some(automation) = batch.automation {
            self.automation = automation;
        }
        if let Some(at) = batch.reminded_up_to {
            self.reminded_up_to = Some(at);
        }
    }

    /// A task by id.
    pub fn task(&self, id: TaskId) -> Option<&Task> {
        self.tasks.iter().find(|t| t.id == id)
    }

    /// How soon each owner contacts the leads that turned Hot (from their automatic follow-ups
    /// and the activities `book` holds).
    pub fn speed_to_lead(&self, book: &LeadBook) -> Vec<SpeedToLead> {
        speed_to_lead(&self.tasks, |lead| book.activities_of(lead))
    }
}

fn upsert<T>(into: &mut Vec<T>, records: Vec<T>, id: impl Fn(&T) -> u64) {
    for record in records {
        match into.iter_mut().find(|r| id(r) == id(&record)) {
            Some(slot) => *slot = record,
            None => into.push(record),
        }
    }
}

type FollowUpResult<T> = Result<T, CommandError<FollowUpProblem>>;

fn refused<T>(problem: FollowUpProblem) -> FollowUpResult<T> {
    Err(CommandError::Invalid(vec![problem]))
}

impl<S: Store> Workspace<S> {
    /// Stores a new task (validated by [`crate::domain::followup::TaskForm::validate`]); returns
    /// its id. Its id in `task` is ignored.
    pub async fn create_task(&self, mut task: Task) -> FollowUpResult<TaskId> {
        self.subject_exists(task.subject)?;
        task.id = self.new_ids(IdKind::Doc, 1).await?.first();
        let id = task.id;
        self.commit_follow_up(FollowUpBatch {
            tasks: vec![task],
            ..FollowUpBatch::default()
        })
        .await?;
        Ok(id)
    }

    /// Replaces a task's title, subject, owner and due time; its origin and done state stay.
    pub async fn edit_task(&self, edited: Task) -> FollowUpResult<()> {
        self.subject_exists(edited.subject)?;
        let Some(mut task) = self.state().follow_up.task(edited.id).cloned() else {
            return refused(FollowUpProblem::Missing);
        };
        task.title = edited.title;
        task.subject = edited.subject;
        task.owner = edited.owner;
        task.due = edited.due;
        self.commit_follow_up(FollowUpBatch {
            tasks: vec![task],
            ..FollowUpBatch::default()
        })
        .await?;
        Ok(())
    }

    /// Marks a task done now; with `log`, the activity that doing it was ("Email sent", "Call",
    /// see [`crate::domain::followup::completion_activity`]) is logged on its lead in the same
    /// transaction, with the given notes (the task's title as the user reads it: automatic
    /// tasks' titles are message keys).
    pub async fn complete_task(
        &self,
        id: TaskId,
        log: Option<(ActivityKind, String)>,
    ) -> FollowUpResult<()> {
        let now = self.now();
        let (task, lead) = {
            let state = self.state();
            let Some(task) = state.follow_up.task(id).cloned() else {
                return refused(FollowUpProblem::Missing);
            };
            let lead = task.lead(|deal| state.deals.get(deal).map(|d| d.lead));
            (task, lead)
        };
        if !task.is_open() {
            return Ok(());
        }
        let mut activities = Vec::new();
        if let (Some((kind, notes)), Some(lead_id)) = (log, lead) {
            let id = self.new_ids(IdKind::Activity, 1).await?.first();
            activities.push(Activity {
                id,
                lead_id,
                kind,
                at: now,
                notes,
                revision: self.first_revision(),
            });
        }
        self.commit(Batch {
            activities,
            follow_up: FollowUpBatch {
                tasks: vec![Task {
                    done_at: Some(now),
                    ..task
                }],
                ..FollowUpBatch::default()
            },
            ..Batch::default()
        })
        .await?;
        Ok(())
    }

    /// Marks a done task open again.
    pub async fn reopen_task(&self, id: TaskId) -> FollowUpResult<()> {
        let Some(task) = self.state().follow_up.task(id).cloned() else {
            return refused(FollowUpProblem::Missing);
        };
        self.commit_follow_up(FollowUpBatch {
            tasks: vec![Task {
                done_at: None,
                ..task
            }],
            ..FollowUpBatch::default()
        })
        .await?;
        Ok(())
    }

    /// Deletes a task.
    pub async fn delete_task(&self, id: TaskId) -> FollowUpResult<()> {
        if self.state().follow_up.task(id).is_none() {
            return refused(FollowUpProblem::Missing);
        }
        self.commit_follow_up(FollowUpBatch {
            removed_tasks: vec![id],
            ..FollowUpBatch::default()
        })
        .await?;
        Ok(())
    }

    /// Records that reminders were shown for every task due up to `at`. A time earlier than the
    /// one stored (another tab got further) changes nothing.
    pub async fn mark_reminded(&self, at: Timestamp) -> Result<(), StoreError> {
        if self
            .state()
            .follow_up
            .reminded_up_to
            .is_some_and(|stored| stored >= at)
        {
            return Ok(());
        }
        self.commit_follow_up(FollowUpBatch {
            reminded_up_to: Some(at),
            ..FollowUpBatch::default()
        })
        .await
    }

    /// Saves the automatic follow-ups' settings.
    pub async fn save_automation(&self, settings: AutomationSettings) -> Result<(), StoreError> {
        self.commit_follow_up(FollowUpBatch {
            automation: Some(settings),
            ..FollowUpBatch::default()
        })
        .await
    }

    /// Saves a sequence (id 0: a new one); returns its id. One without steps is refused.
    pub async fn save_sequence(&self, mut sequence: Sequence) -> FollowUpResult<u64> {
        let problems = sequence.problems();
        if !problems.is_empty() {
            return Err(CommandError::Invalid(
                problems
                    .into_iter()
                    .map(FollowUpProblem::Sequence)
                    .collect(),
            ));
        }
        sequence.sort_steps();
        if sequence.id == 0 {
            sequence.id = self.new_ids(IdKind::Doc, 1).await?.first();
        }
        let id = sequence.id;
        self.commit_follow_up(FollowUpBatch {
            sequences: vec![sequence],
            ..FollowUpBatch::default()
        })
        .await?;
        Ok(id)
    }

    /// Deletes a sequence; its active enrolments stop ([`StopReason::Removed`]) with it.
    pub async fn delete_sequence(&self, id: u64) -> FollowUpResult<()> {
        let now = self.now();
        let enrollments = {
            let state = self.state();
            if !state.follow_up.sequences.iter().any(|s| s.id == id) {
                return refused(FollowUpProblem::Missing);
            }
            stopped(&state.follow_up.enrollments, now, |e| e.sequence == id)
        };
        self.commit_follow_up(FollowUpBatch {
            removed_sequences: vec![id],
            enrollments,
            ..FollowUpBatch::default()
        })
        .await?;
        Ok(())
    }

    /// Enrolls a lead in a sequence, its steps' tasks going to `owner`. Its first steps (day 0)
    /// become tasks at once, in the same transaction. A lead already active in the sequence is
    /// left as it is.
    pub async fn enroll(&self, lead: LeadId, sequence: u64, owner: &str) -> FollowUpResult<()> {
        {
            let state = self.state();
            let exists = state.book.lead(lead).is_some_and(|l| !l.is_deleted());
            if !exists || !state.follow_up.sequences.iter().any(|s| s.id == sequence) {
                return refused(FollowUpProblem::Missing);
            }
            let enrolled = state
                .follow_up
                .enrollments
                .iter()
                .any(|e| e.lead == lead && e.sequence == sequence && e.is_active());
            if enrolled {
                return Ok(());
            }
        }
        let id = self.new_ids(IdKind::Doc, 1).await?.first();
        let enrollment = Enrollment {
            id,
            lead,
            sequence,
            owner: owner.trim().to_owned(),
            started_at: self.now(),
            stopped: None,
        };
        let batch = self.sequence_steps(vec![enrollment]).await?;
        self.commit_follow_up(batch).await?;
        Ok(())
    }

    /// Takes a lead out of a sequence ([`StopReason::Removed`]); its tasks stay.
    pub async fn unenroll(&self, lead: LeadId, sequence: u64) -> Result<(), StoreError> {
        let enrollments = stopped(&self.state().follow_up.enrollments, self.now(), |e| {
            e.lead == lead && e.sequence == sequence
        });
        self.commit_follow_up(FollowUpBatch {
            enrollments,
            ..FollowUpBatch::default()
        })
        .await
    }

    /// Saves a message template (id 0: a new one); returns its id. One naming an unknown
    /// placeholder is refused, naming it.
    pub async fn save_template(&self, mut template: Template) -> FollowUpResult<u64> {
        let problems = template.problems();
        if !problems.is_empty() {
            return Err(CommandError::Invalid(
                problems
                    .into_iter()
                    .map(FollowUpProblem::Template)
                    .collect(),
            ));
        }
        if template.id == 0 {
            template.id = self.new_ids(IdKind::Doc, 1).await?.first();
        }
        let id = template.id;
        self.commit_follow_up(FollowUpBatch {
            templates: vec![template],
            ..FollowUpBatch::default()
        })
        .await?;
        Ok(id)
    }

    /// Deletes a message template.
    pub async fn delete_template(&self, id: u64) -> FollowUpResult<()> {
        if !self.state().follow_up.templates.iter().any(|t| t.id == id) {
            return refused(FollowUpProblem::Missing);
        }
        self.commit_follow_up(FollowUpBatch {
            removed_templates: vec![id],
            ..FollowUpBatch::default()
        })
        .await?;
        Ok(())
    }

    /// The follow-ups whose time has come: a task per stale deal, each sequence step due as a
    /// task, enrolments stopped (the lead replied, booked a meeting, was disqualified, or every
    /// step has its task). Runs at start-up and then periodically; never creates a task twice.
    /// Returns how many tasks it created.
    pub async fn run_follow_ups(&self) -> Result<usize, StoreError> {
        let now = self.now();
        let (stale, active) = {
            let state = self.state();
            let settings = AutomationSettings {
                hot_lead: Trigger {
                    enabled: false,
                    ..state.follow_up.automation.hot_lead.clone()
                },
                ..state.follow_up.automation.clone()
            };
            let stale = automatic_follow_ups(
                &settings,
                std::iter::empty(),
                state.deals.all(),
                &state.settings.pipeline,
                &state.follow_up.tasks,
                now,
            );
            let active: Vec<Enrollment> = state
                .follow_up
                .enrollments
                .iter()
                .filter(|e| e.is_active())
                .cloned()
                .collect();
            (stale, active)
        };
        let mut batch = self.sequence_steps(active).await?;
        let created = self.with_ids(stale).await?;
        batch.tasks.extend(created);
        let count = batch.tasks.len();
        self.commit_follow_up(batch).await?;
        Ok(count)
    }

    /// For each enrolment: stopped when its lead replied, booked a meeting or was disqualified;
    /// else its due steps as tasks, and finished when every step has one. Only enrolments that
    /// change are in the batch (a new one always is).
    async fn sequence_steps(
        &self,
        enrollments: Vec<Enrollment>,
    ) -> Result<FollowUpBatch, StoreError> {
        let now = self.now();
        let mut batch = FollowUpBatch::default();
        let mut drafts = Vec::new();
        {
            let state = self.state();
            let placer = Placer::new(&state.settings.questions, now);
            for mut enrollment in enrollments {
                let is_new = !state
                    .follow_up
                    .enrollments
                    .iter()
                    .any(|e| e.id == enrollment.id);
                let Some(sequence) = state
                    .follow_up
                    .sequences
                    .iter()
                    .find(|s| s.id == enrollment.sequence)
                else {
                    continue;
                };
                let lead = enrollment.lead;
                let disqualified = state.book.lead(lead).is_none_or(|l| {
                    l.is_deleted()
                        || placer
                            .place(
                                l,
                                state.qualifications.get(&lead),
                                state.rule_states.get(&lead),
                            )
                            .is_some()
                });
                if let Some(stop) =
                    enrollment.stop_reason(state.book.activities_of(lead), disqualified)
                {
                    enrollment.stopped = Some(stop);
                    batch.enrollments.push(enrollment);
                    continue;
                }
                let due = enrollment.steps_due(sequence, &state.follow_up.tasks, now);
                let mut known = state.follow_up.tasks.clone();
                known.extend(due.iter().cloned());
                if enrollment.is_complete(sequence, &known) {
                    enrollment.stopped = Some((now, StopReason::Finished));
                    batch.enrollments.push(enrollment);
                } else if is_new {
                    batch.enrollments.push(enrollment);
                }
                drafts.extend(due);
            }
        }
        batch.tasks = self.with_ids(drafts).await?;
        Ok(batch)
    }

    /// The drafts with ids of their own.
    async fn with_ids(&self, mut drafts: Vec<Task>) -> Result<Vec<Task>, StoreError> {
        if drafts.is_empty() {
            return Ok(drafts);
        }
        let count = u32::try_from(drafts.len())
            .map_err(|_| StoreError::Integrity("too many tasks at once".into()))?;
        let ids = self.new_ids(IdKind::Doc, u64::from(count)).await?;
        for (task, id) in drafts.iter_mut().zip(ids) {
            task.id = id;
        }
        Ok(drafts)
    }

    /// Adds to a batch about to be written the "Contact within 24 hours" task of each lead the
    /// batch makes Hot (its score after the rule actions' adjustment, as Today ranks it), when
    /// the trigger is on and the lead has no such task already.
    pub(super) async fn add_hot_lead_follow_ups(
        &self,
        batch: &mut Batch,
    ) -> Result<(), StoreError> {
        if !self.state().follow_up.automation.hot_lead.enabled {
            return Ok(());
        }
        let now = self.now();
        let turned_hot = self.leads_turned_hot(batch, now).await;
        if turned_hot.is_empty() {
            return Ok(());
        }
        let drafts = {
            let state = self.state();
            let automation = &state.follow_up.automation;
            let settings = AutomationSettings {
                stale_deal: Trigger {
                    enabled: false,
                    ..automation.stale_deal.clone()
                },
                ..automation.clone()
            };
            let mut known = state.follow_up.tasks.clone();
            known.extend(batch.follow_up.tasks.iter().cloned());
            automatic_follow_ups(
                &settings,
                turned_hot.iter(),
                &[],
                &state.settings.pipeline,
                &known,
                now,
            )
        };
        let created = self.with_ids(drafts).await?;
        batch.follow_up.tasks.extend(created);
        Ok(())
    }

    /// The leads whose grade `batch` turns to Hot, checked [`SLICE`] leads at a time with a pause
    /// between: an import brings 100,000, each scored before and after.
    async fn leads_turned_hot(&self, batch: &Batch, now: Timestamp) -> Vec<Lead> {
        let mut ids: Vec<LeadId> = batch.leads.iter().map(|l| l.id).collect();
        ids.extend(batch.activities.iter().map(|a| a.lead_id));
        ids.extend(batch.qualifications.iter().map(|q| q.lead_id));
        ids.extend(batch.rule_states.iter().map(|(id, _)| *id));
        ids.sort_unstable();
        ids.dedup();
        // The batch's records by lead, the later of two for one lead winning: an import
        // touches 100,000 leads, so each lead's look-up must not scan the whole batch.
        let batch_leads: HashMap<LeadId, &Lead> = batch.leads.iter().map(|l| (l.id, l)).collect();
        let mut batch_activities: HashMap<LeadId, Vec<&Activity>> = HashMap::new();
        for a in &batch.activities {
            batch_activities.entry(a.lead_id).or_default().push(a);
        }
        let batch_answers: HashMap<LeadId, &Qualification> = batch
            .qualifications
            .iter()
            .map(|q| (q.lead_id, q))
            .collect();
        let batch_rule_states: HashMap<LeadId, &RuleState> =
            batch.rule_states.iter().map(|(id, s)| (*id, s)).collect();
        let mut turned_hot = Vec::new();
        for (i, slice) in ids.chunks(SLICE).enumerate() {
            if i > 0 {
                self.clock.pause().await;
            }
            let state = self.state();
            let model = &state.settings.compiled;
            let thresholds = &model.thresholds;
            for &id in slice {
                let before = state.book.score_input(id).map(|input| {
                    let adjustment = state.rule_states.get(&id).map(|s| s.adjustment());
                    let raw = score_total(
                        input.with_qualification(state.qualifications.get(&id)),
                        model,
                        now,
                    );
                    adjustment.unwrap_or_default().grade(raw, thresholds)
                });
                let Some(lead) = batch_leads
                    .get(&id)
                    .copied()
                    .or_else(|| state.book.lead(id))
                else {
                    continue;
                };
                let mut activities: Vec<Activity> = state.book.activities_of(id).to_vec();
                for new in batch_activities.get(&id).into_iter().flatten() {
                    activities.retain(|a| a.id != new.id);
                    activities.push((*new).clone());
                }
                let qualification = batch_answers
                    .get(&id)
                    .copied()
                    .or_else(|| state.qualifications.get(&id));
                let adjustment = batch_rule_states
                    .get(&id)
                    .copied()
                    .or_else(|| state.rule_states.get(&id))
                    .map(|s| s.adjustment())
                    .unwrap_or_default();
                let raw = score_total(
                    ScoreInput::new(lead, &activities).with_qualification(qualification),
                    model,
                    now,
                );
                let after = adjustment.grade(raw, thresholds);
                if after == Grade::Hot && before != Some(Grade::Hot) {
                    turned_hot.push(lead.clone());
                }
            }
        }
        turned_hot
    }

    async fn commit_follow_up(&self, follow_up: FollowUpBatch) -> Result<(), StoreError> {
        self.commit(Batch {
            follow_up,
            ..Batch::default()
        })
        .await?;
        Ok(())
    }

    fn subject_exists(&self, subject: TaskSubject) -> FollowUpResult<()> {
        let state = self.state();
        let exists = match subject {
            TaskSubject::Lead(id) => state.book.lead(id).is_some_and(|l| !l.is_deleted()),
            TaskSubject::Deal(id) => state.deals.get(id).is_some(),
            TaskSubject::General => true,
        };
        if exists {
            Ok(())
        } else {
            refused(FollowUpProblem::Missing)
        }
    }
}

/// The active enrolments `which` picks, stopped now by hand.
fn stopped(
    enrollments: &[Enrollment],
    now: Timestamp,
    which: impl Fn(&Enrollment) -> bool,
) -> Vec<Enrollment> {
    enrollments
        .iter()
        .filter(|e| e.is_active() && which(e))
        .map(|e| Enrollment {
            stopped: Some((now, StopReason::Removed)),
            ..e.clone()
        })
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "followup_tests.rs"]
mod tests;
