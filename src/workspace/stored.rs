//! How the workspace's records are laid out in the store: the names of the document collections
//! and settings, and the one translation between a [`Batch`] of typed records and the store's
//! [`ChangeSet`]. No other code names a stored collection.

use crate::domain::followup::{AutomationSettings, Enrollment, Sequence, Task, Template};
use crate::domain::forecast::SalesTargets;
use crate::domain::learning::ModelDocument;
use crate::domain::pipeline::{Deal, DealId, PipelineConfig};
use crate::domain::qualification::Qualification;
use crate::domain::rules::{AuditEntry, Dismissal, RuleState, StoredRuleState};
use std::collections::HashMap;

use crate::domain::{Activity, ActivityId, DeviceId, Lead, LeadId, Revision, Timestamp};
use crate::store::{ChangeSet, Doc};

/// Deals, keyed by deal id.
pub(crate) const DEALS: &str = "deal";
/// A lead's qualification answers, keyed by lead id.
pub(crate) const QUALIFICATIONS: &str = "qualification";
/// A lead's rule state (flags, penalty, disposition), keyed by lead id.
pub(crate) const RULE_STATES: &str = "rule_state";
/// The user's "not this one" for a rule's evidence, keyed by a document id.
pub(crate) const DISMISSALS: &str = "dismissal";
/// Every rule action applied, keyed by its audit id.
pub(crate) const AUDIT: &str = "audit";
/// The pipeline's stages: one document.
pub(crate) const PIPELINE: &str = "pipeline";
/// The sales reps and their targets: one document.
pub(crate) const TARGETS: &str = "targets";
/// The learned win-probability model and its last training: one document.
pub(crate) const LEARNED_MODEL: &str = "learned_model";
/// Follow-up tasks, keyed by task id.
pub(crate) const TASKS: &str = "task";
/// Sequences of follow-up steps, keyed by sequence id.
pub(crate) const SEQUENCES: &str = "sequence";
/// Leads enrolled in sequences, keyed by enrolment id.
pub(crate) const ENROLLMENTS: &str = "enrollment";
/// Message templates, keyed by template id.
pub(crate) const TEMPLATES: &str = "template";
/// The automatic follow-ups' settings: one document.
pub(crate) const AUTOMATION: &str = "automation";
/// The id of the single document of [`PIPELINE`], [`TARGETS`] and [`AUTOMATION`].
pub(crate) const SINGLE: u64 = 1;
/// The id of the document in [`AUTOMATION`] holding up to when task reminders were shown (a
/// timestamp), so the next start lists what came due after it as missed.
pub(crate) const REMINDED_UP_TO: u64 = 2;

/// Sync's replica: each synced record's revision tree, in a collection per kind named with this
/// prefix (`replica.lead`, `replica.deal`…), keyed by the record's id (see `replica`).
pub(crate) const REPLICA_PREFIX: &str = "replica.";
/// The settings document of sync: where the team's database is, this replica's id and its id
/// block (see `sync`).
pub(crate) const SYNC_SETTING: &str = "sync";

/// Every document collection, for keys that outlive a loaded snapshot.
const COLLECTIONS: [&str; 13] = [
    DEALS,
    QUALIFICATIONS,
    RULE_STATES,
    DISMISSALS,
    AUDIT,
    PIPELINE,
    TARGETS,
    LEARNED_MODEL,
    TASKS,
    SEQUENCES,
    ENROLLMENTS,
    TEMPLATES,
    AUTOMATION,
];

/// The workspace's name for a stored collection (`None` for one it does not know).
pub(crate) fn collection_key(name: &str) -> Option<&'static str> {
    COLLECTIONS.into_iter().find(|c| *c == name)
}

/// Each stored document's version, by (collection, id).
pub(crate) type DocRevisions = HashMap<(&'static str, u64), Revision>;

/// The revision a write of a record stored at `current` (or new, `None`) gets.
pub(crate) fn next_revision(current: Option<Revision>, device: DeviceId) -> Revision {
    match current {
        Some(current) => current.next(device),
        None => Revision::first(device),
    }
}

/// Settings documents, by key.
pub(crate) const SCORING_SETTING: &str = "scoring";
pub(crate) const QUESTIONS_SETTING: &str = "questions";
pub(crate) const PROFILE_SETTING: &str = "profile";
pub(crate) const RULES_SETTING: &str = "rules";

/// The typed records one command writes, all in one transaction.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Batch {
    pub leads: Vec<Lead>,
    pub activities: Vec<Activity>,
    pub deals: Vec<Deal>,
    pub removed_deals: Vec<DealId>,
    pub qualifications: Vec<Qualification>,
    pub rule_states: Vec<(LeadId, RuleState)>,
    pub dismissals: Vec<(u64, Dismissal)>,
    pub audit: Vec<AuditEntry>,
    pub pipeline: Option<PipelineConfig>,
    pub targets: Option<SalesTargets>,
    pub learned_model: Option<ModelDocument>,
    /// Follow-up records written (new or changed) and removed, by kind.
    pub follow_up: FollowUpBatch,
    /// Leads erased for good, with their activities, qualification answers and rule state (their
    /// deals and tasks go through `removed_deals` and the follow-up batch).
    pub erased_leads: Vec<LeadId>,
    pub erased_activities: Vec<ActivityId>,
}

/// The follow-up records one command writes.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct FollowUpBatch {
    pub tasks: Vec<Task>,
    pub removed_tasks: Vec<u64>,
    pub sequences: Vec<Sequence>,
    pub removed_sequences: Vec<u64>,
    pub enrollments: Vec<Enrollment>,
    pub templates: Vec<Template>,
    pub removed_templates: Vec<u64>,
    pub removed_enrollments: Vec<u64>,
    pub automation: Option<AutomationSettings>,
    pub reminded_up_to: Option<Timestamp>,
}

impl Batch {
    /// The store's form of the batch. Leads and activities (their revisions set by the command)
    /// move into the change set (an import holds 100,000 of them); the documents stay typed in the
    /// batch, for memory after the commit, and each is written as the next version of the one
    /// stored (`revisions`) by `device`.
    pub fn take_change_set(&mut self, revisions: &DocRevisions, device: DeviceId) -> ChangeSet {
        let at = |doc: Doc| {
            let current = collection_key(&doc.collection)
                .and_then(|c| revisions.get(&(c, doc.id)))
                .copied();
            doc.at(next_revision(current, device))
        };
        let mut docs = Vec::new();
        docs.extend(self.deals.iter().map(|d| Doc::encode(DEALS, d.id, d)));
        docs.extend(
            self.qualifications
                .iter()
                .map(|q| Doc::encode(QUALIFICATIONS, q.lead_id, q)),
        );
        docs.extend(self.rule_states.iter().map(|(id, state)| {
            Doc::encode(RULE_STATES, *id, &StoredRuleState::new(*id, state.clone()))
        }));
        docs.extend(
            self.dismissals
                .iter()
                .map(|(id, d)| Doc::encode(DISMISSALS, *id, d)),
        );
        docs.extend(self.audit.iter().map(|e| Doc::encode(AUDIT, e.id, e)));
        docs.extend(
            self.pipeline
                .iter()
                .map(|config| Doc::encode(PIPELINE, SINGLE, config)),
        );
        docs.extend(
            self.targets
                .iter()
                .map(|targets| Doc::encode(TARGETS, SINGLE, targets)),
        );
        docs.extend(
            self.learned_model
                .iter()
                .map(|model| Doc::encode(LEARNED_MODEL, SINGLE, model)),
        );
        let f = &self.follow_up;
        docs.extend(f.tasks.iter().map(|t| Doc::encode(TASKS, t.id, t)));
        docs.extend(f.sequences.iter().map(|q| Doc::encode(SEQUENCES, q.id, q)));
        docs.extend(
            f.enrollments
                .iter()
                .map(|e| Doc::encode(ENROLLMENTS, e.id, e)),
        );
        docs.extend(f.templates.iter().map(|t| Doc::encode(TEMPLATES, t.id, t)));
        docs.extend(
            f.automation
                .iter()
                .map(|a| Doc::encode(AUTOMATION, SINGLE, a)),
        );
        docs.extend(
            f.reminded_up_to
                .iter()
                .map(|at| Doc::encode(AUTOMATION, REMINDED_UP_TO, at)),
        );
        let removed = |collection: &str, ids: &[u64]| -> Vec<(String, u64)> {
            ids.iter().map(|id| (collection.to_owned(), *id)).collect()
        };
        let mut deleted_docs = removed(DEALS, &self.removed_deals);
        deleted_docs.extend(removed(TASKS, &f.removed_tasks));
        deleted_docs.extend(removed(SEQUENCES, &f.removed_sequences));
        deleted_docs.extend(removed(TEMPLATES, &f.removed_templates));
        deleted_docs.extend(removed(ENROLLMENTS, &f.removed_enrollments));
        deleted_docs.extend(removed(QUALIFICATIONS, &self.erased_leads));
        deleted_docs.extend(removed(RULE_STATES, &self.erased_leads));
        ChangeSet {
            docs: docs.into_iter().map(at).collect(),
            leads: std::mem::take(&mut self.leads),
            activities: std::mem::take(&mut self.activities),
            deleted_docs,
            erased_leads: self.erased_leads.clone(),
            erased_activities: std::mem::take(&mut self.erased_activities),
        }
    }
}
