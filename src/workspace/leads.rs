//! Commands on leads, their activities and their qualification answers.

use super::stored::{Batch, FollowUpBatch};
use super::{CommandError, Conflict, State, Theirs, Workspace};
use crate::domain::import::duplicates::{merge_into_lead, ImportPlan};
use crate::domain::import::engagement::{merge_counts, EngagementCount};
use crate::domain::import::ImportRow;
use crate::domain::pipeline::DealId;
use crate::domain::qualification::Qualification;
use crate::domain::validation::{ActivityField, ActivityForm, FieldError, LeadForm};
use crate::domain::{Activity, ActivityId, LeadId, Revision};
use crate::store::{IdKind, Store, StoreError};

/// Why a lead command was refused: the form's field errors.
pub type LeadError = CommandError<FieldError>;
/// Why an activity was not logged: the form's field errors.
pub type ActivityError = CommandError<FieldError<ActivityField>>;

impl<S: Store> Workspace<S> {
    /// Validates the form and stores a new lead; returns its id.
    pub async fn create_lead(&self, form: &LeadForm) -> Result<LeadId, LeadError> {
        let fields = form.validate().map_err(CommandError::Invalid)?;
        let ids = self.new_ids(IdKind::Lead, 1).await?;
        let mut lead = fields.into_new_lead(ids.first(), self.now());
        lead.revision = self.first_revision();
        let id = lead.id;
        self.commit(Batch {
            leads: vec![lead],
            ..Batch::default()
        })
        .await?;
        Ok(id)
    }

    /// Validates the form and stores it over the lead's fields. `base` is the lead's revision when
    /// the form opened: if the lead has been saved since (another tab or device), nothing is
    /// written and the [`Conflict`] shows their version; saving again with their revision as
    /// `base` keeps mine.
    pub async fn update_lead(
        &self,
        id: LeadId,
        form: &LeadForm,
        base: Revision,
    ) -> Result<(), LeadError> {
        let fields = form.validate().map_err(CommandError::Invalid)?;
        let mut lead = self.lead(id)?;
        if lead.revision != base {
            return Err(CommandError::Conflict(Box::new(lead_conflict(
                &self.state(),
                id,
            ))));
        }
        fields.apply_to(&mut lead, self.now());
        lead.revision = lead.revision.next(self.device);
        self.commit_edit(
            Batch {
                leads: vec![lead],
                ..Batch::default()
            },
            |state| lead_conflict(state, id),
        )
        .await?;
        Ok(())
    }

    /// Soft delete: the lead stays stored, so [`Workspace::restore_lead`] can undo it.
    pub async fn delete_lead(&self, id: LeadId) -> Result<(), StoreError> {
        self.set_deleted(id, true).await
    }

    /// Undoes a soft delete.
    pub async fn restore_lead(&self, id: LeadId) -> Result<(), StoreError> {
        self.set_deleted(id, false).await
    }

    async fn set_deleted(&self, id: LeadId, deleted: bool) -> Result<(), StoreError> {
        let mut lead = self.lead(id)?;
        let at = self.now();
        lead.deleted_at = deleted.then_some(at);
        lead.updated_at = at;
        lead.revision = lead.revision.next(self.device);
        self.commit(Batch {
            leads: vec![lead],
            ..Batch::default()
        })
        .await?;
        Ok(())
    }

    /// Stores every imported row as a new lead in one transaction: all of them or, on error,
    /// none. Returns how many.
    pub async fn import_leads(&self, rows: Vec<ImportRow>) -> Result<usize, StoreError> {
        let plan = ImportPlan {
            new: rows,
            updates: Vec::new(),
        };
        Ok(self.import_plan(plan).await?.0)
    }

    /// Erases a lead for good, for a privacy request: the lead, its activities, deals,
    /// qualification answers, rule state, follow-up tasks and sequence enrolments, in one
    /// transaction. The audit history keeps its entries, which then name an erased lead.
    pub async fn erase_lead(&self, id: LeadId) -> Result<(), StoreError> {
        self.lead(id)?;
        let batch = {
            let state = self.state();
            let deals: Vec<DealId> = state
                .deals
                .all()
                .iter()
                .filter(|d| d.lead == id)
                .map(|d| d.id)
                .collect();
            let lead_of_deal = |deal| state.deals.get(deal).map(|d| d.lead);
            let follow_up = FollowUpBatch {
                removed_tasks: state
                    .follow_up
                    .tasks
                    .iter()
                    .filter(|t| t.lead(lead_of_deal) == Some(id))
                    .map(|t| t.id)
                    .collect(),
                removed_enrollments: state
                    .follow_up
                    .enrollments
                    .iter()
                    .filter(|e| e.lead == id)
                    .map(|e| e.id)
                    .collect(),
                ..FollowUpBatch::default()
            };
            Batch {
                erased_leads: vec![id],
                erased_activities: state.book.activities_of(id).iter().map(|a| a.id).collect(),
                removed_deals: deals,
                follow_up,
                ..Batch::default()
            }
        };
        self.commit(batch).await?;
        Ok(())
    }

    /// Stores an import's plan in one transaction: its new leads, the stored leads its
    /// duplicates merge into (each a new revision), and the activities its count columns stand
    /// for. All of it or, on error, none. Returns how many leads were created and how many
    /// updated.
    pub async fn import_plan(&self, plan: ImportPlan) -> Result<(usize, usize), StoreError> {
        let ImportPlan { new, updates } = plan;
        let created = new.len();
        let at = self.now();
        let mut leads = Vec::with_capacity(created + updates.len());
        // Counts become activities once the leads they belong to have ids.
        let mut engagement: Vec<(LeadId, Vec<EngagementCount>)> = Vec::new();
        let mut merged_into = Vec::with_capacity(updates.len());
        for (id, rows, resolution) in updates {
            let mut lead = self.lead(id)?;
            let before = lead.clone();
            let mut counts = Vec::new();
            for row in &rows {
                merge_into_lead(&mut lead, &row.fields, resolution);
                merge_counts(&mut counts, &row.engagement);
            }
            if lead != before {
                lead.updated_at = at;
                lead.revision = lead.revision.next(self.device);
                leads.push(lead);
            }
            merged_into.push(id);
            engagement.push((id, counts));
        }
        let changed_leads = leads.len();
        if created > 0 {
            let count = u32::try_from(created).map_err(|_| {
                StoreError::Integrity(format!("{created} rows are too many to import"))
            })?;
            let ids = self.new_ids(IdKind::Lead, u64::from(count)).await?;
            let revision = self.first_revision();
            for (row, id) in new.into_iter().zip(ids) {
                let mut lead = row.fields.into_new_lead(id, at);
                lead.revision = revision;
                leads.push(lead);
                if !row.engagement.is_empty() {
                    engagement.push((id, row.engagement));
                }
            }
        }
        let activities = self.imported_activities(&engagement, at).await?;
        // A stored lead is updated when its fields changed or its counts added activities.
        let touched: std::collections::HashSet<LeadId> = leads[..changed_leads]
            .iter()
            .map(|l| l.id)
            .chain(activities.iter().map(|a| a.lead_id))
            .collect();
        let updated = merged_into.iter().filter(|id| touched.contains(id)).count();
        if leads.is_empty() && activities.is_empty() {
            return Ok((0, 0));
        }
        self.commit(Batch {
            leads,
            activities,
            ..Batch::default()
        })
        .await?;
        Ok((created, updated))
    }

    /// The activities an import's counts add: per lead and count, what the lead lacks of it
    /// ([`EngagementCount::missing`]), dated at the import and noting the count.
    async fn imported_activities(
        &self,
        engagement: &[(LeadId, Vec<EngagementCount>)],
        at: crate::domain::Timestamp,
    ) -> Result<Vec<Activity>, StoreError> {
        let wanted: Vec<(LeadId, &EngagementCount, u32)> = {
            let state = self.state();
            engagement
                .iter()
                .flat_map(|(lead, counts)| {
                    let existing = state.book.activities_of(*lead);
                    counts.iter().map(move |c| {
                        let have = existing.iter().filter(|a| a.kind == c.kind).count();
                        (*lead, c, c.missing(have))
                    })
                })
                .filter(|(_, _, missing)| *missing > 0)
                .collect()
        };
        let total: u64 = wanted.iter().map(|(_, _, n)| u64::from(*n)).sum();
        if total == 0 {
            return Ok(Vec::new());
        }
        let count = u32::try_from(total).map_err(|_| {
            StoreError::Integrity(format!("{total} imported activities are too many"))
        })?;
        let mut ids = self.new_ids(IdKind::Activity, u64::from(count)).await?;
        let revision = self.first_revision();
        let mut activities = Vec::with_capacity(total as usize);
        for (lead_id, c, missing) in wanted {
            let notes = c.note();
            for id in ids.by_ref().take(missing as usize) {
                activities.push(Activity {
                    id,
                    lead_id,
                    kind: c.kind,
                    at,
                    notes: notes.clone(),
                    revision,
                });
            }
        }
        Ok(activities)
    }

    /// Validates the form and logs the activity on the lead; returns its id.
    pub async fn log_activity(
        &self,
        lead_id: LeadId,
        form: &ActivityForm,
    ) -> Result<ActivityId, ActivityError> {
        let draft = form
            .validate(self.now(), self.clock.utc_offset_minutes())
            .map_err(CommandError::Invalid)?;
        self.lead(lead_id)?;
        let ids = self.new_ids(IdKind::Activity, 1).await?;
        let mut activity = draft.into_activity(ids.first(), lead_id);
        activity.revision = self.first_revision();
        let id = activity.id;
        self.commit(Batch {
            activities: vec![activity],
            ..Batch::default()
        })
        .await?;
        Ok(id)
    }

    /// Stores a lead's qualification answers. `base` is their revision when the form opened
    /// (`None` if none were saved); if they were saved since, the [`Conflict`] shows that version.
    pub async fn save_qualification(
        &self,
        qualification: Qualification,
        base: Option<Revision>,
    ) -> Result<(), CommandError<()>> {
        let lead = qualification.lead_id;
        self.lead(lead)?;
        if self.state().qualification_revision(lead) != base {
            return Err(CommandError::Conflict(Box::new(qualification_conflict(
                &self.state(),
                lead,
            ))));
        }
        self.commit_edit(
            Batch {
                qualifications: vec![qualification],
                ..Batch::default()
            },
            |state| qualification_conflict(state, lead),
        )
        .await?;
        Ok(())
    }

    /// A copy of the lead to change, or why there is none.
    fn lead(&self, id: LeadId) -> Result<crate::domain::Lead, StoreError> {
        self.state()
            .book
            .lead(id)
            .cloned()
            .ok_or_else(|| StoreError::Integrity(format!("lead {id} does not exist")))
    }
}

fn lead_conflict(state: &State, id: LeadId) -> Conflict {
    let theirs = state
        .book
        .lead(id)
        .cloned()
        .unwrap_or_else(|| crate::domain::Lead::blank(id));
    Conflict {
        revision: Some(theirs.revision),
        theirs: Theirs::Lead(theirs),
    }
}

fn qualification_conflict(state: &State, lead: LeadId) -> Conflict {
    Conflict {
        theirs: Theirs::Qualification(state.qualifications.get(&lead).cloned()),
        revision: state.qualification_revision(lead),
    }
}
