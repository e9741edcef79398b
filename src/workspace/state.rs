//! Everything the workspace holds in memory: the records as the store has them, decoded once, and
//! the saved settings. Built from a [`Snapshot`] at start-up and after another tab's change,
//! updated by [`State::absorb`] only after a write has committed.

use std::collections::HashMap;
use std::sync::Arc;

use serde::de::DeserializeOwned;

use super::followup::FollowUps;
use super::stored::{
    collection_key, Batch, DocRevisions, AUDIT, DEALS, DISMISSALS, LEARNED_MODEL, PIPELINE,
    QUALIFICATIONS, RULE_STATES, SINGLE, TARGETS,
};
use super::Changed;
use crate::domain::forecast::SalesTargets;
use crate::domain::pipeline::{Deal, DealBook, PipelineConfig};
use crate::domain::qualification::{Qualification, QuestionBank};
use crate::domain::records::profile::Profile;
use crate::domain::rules::{
    sweep, AuditEntry, Dismissal, Firing, RuleSet, RuleStates, StoredRuleState,
};
use crate::domain::scoring::{CompiledModel, ScoringModel};
use crate::domain::{Activity, Lead, LeadBook, LeadId};
use crate::domain::{Revision, Timestamp};
use crate::store::{Doc, Snapshot, Unreadable};

/// The saved settings; the shipped defaults until the user saves their own.
#[derive(Clone, Debug)]
pub struct Settings {
    pub scoring: ScoringModel,
    /// The scoring model compiled once; every score is computed with it.
    pub compiled: Arc<CompiledModel>,
    pub questions: QuestionBank,
    pub profile: Profile,
    pub rules: RuleSet,
    pub pipeline: PipelineConfig,
    pub targets: SalesTargets,
}

impl Default for Settings {
    fn default() -> Settings {
        let scoring = ScoringModel::default_model();
        Settings {
            compiled: Arc::new(CompiledModel::new(&scoring)),
            scoring,
            questions: QuestionBank::default_bank(),
            profile: Profile::default(),
            rules: RuleSet::default_rules(),
            pipeline: PipelineConfig::default(),
            targets: SalesTargets::default(),
        }
    }
}

/// The file "Download unreadable data" saves: JSON naming each unreadable item, why, and its
/// stored bytes exactly (base64), so nothing is lost before anyone decides what to do with it.
pub fn unreadable_download(items: &[Unreadable]) -> String {
    use base64::Engine;
    let items: Vec<serde_json::Value> = items
        .iter()
        .map(|u| {
            serde_json::json!({
                "what": u.what,
                "error": u.error,
                "bytes_base64": base64::engine::general_purpose::STANDARD.encode(&u.raw),
            })
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({ "kariz_unreadable": items }))
        .unwrap_or_default()
}

/// The workspace's data in memory.
#[derive(Clone, Debug, Default)]
pub struct State {
    /// Every lead (soft-deleted ones too: undo needs them) and every activity.
    pub book: LeadBook,
    pub deals: DealBook,
    /// Each qualified lead's answers.
    pub qualifications: HashMap<LeadId, Qualification>,
    /// Leads a rule acted on; a lead without an entry has the default state.
    pub rule_states: RuleStates,
    pub dismissals: Vec<Dismissal>,
    /// Every rule action applied, in id order.
    pub audit: Vec<AuditEntry>,
    pub settings: Settings,
    /// The last training of the learned win probability, if it ever ran.
    pub learned: Option<crate::domain::learning::ModelDocument>,
    /// Tasks, sequences, enrolments, message templates and the automation settings.
    pub follow_up: FollowUps,
    /// What could not be read at the last load.
    pub unreadable: Vec<Unreadable>,
    /// Each stored document's version: the next write of it must name this one.
    pub(crate) doc_revisions: DocRevisions,
    /// Each saved setting's version.
    pub(crate) setting_revisions: HashMap<&'static str, Revision>,
}

impl State {
    /// The state a snapshot holds (settings are loaded apart, see [`super::Workspace::open`]).
    /// A document that does not decode is set aside in [`State::unreadable`], never dropped
    /// silently.
    pub fn from_snapshot(snapshot: Snapshot, settings: Settings) -> State {
        let mut unreadable = snapshot.unreadable.clone();
        let doc_revisions = snapshot
            .docs
            .iter()
            .filter_map(|d| collection_key(&d.collection).map(|c| ((c, d.id), d.revision)))
            .collect();
        let deals: Vec<Deal> = decode_all(&snapshot, DEALS, &mut unreadable);
        let qualifications: Vec<Qualification> =
            decode_all(&snapshot, QUALIFICATIONS, &mut unreadable);
        let rule_states: Vec<StoredRuleState> = decode_all(&snapshot, RULE_STATES, &mut unreadable);
        let dismissals: Vec<Dismissal> = decode_all(&snapshot, DISMISSALS, &mut unreadable);
        let audit: Vec<AuditEntry> = decode_all(&snapshot, AUDIT, &mut unreadable);
        let mut settings = settings;
        if let Some(pipeline) = single(&snapshot, PIPELINE, &mut unreadable) {
            settings.pipeline = pipeline;
        }
        if let Some(targets) = single(&snapshot, TARGETS, &mut unreadable) {
            settings.targets = targets;
        }
        let learned = single(&snapshot, LEARNED_MODEL, &mut unreadable);
        let follow_up = FollowUps::from_snapshot(&snapshot, &mut unreadable);
        State {
            follow_up,
            book: LeadBook::new(snapshot.leads, snapshot.activities),
            deals: DealBook::new(deals),
            qualifications: qualifications.into_iter().map(|q| (q.lead_id, q)).collect(),
            rule_states: crate::domain::text::sort::map_of(
                rule_states.into_iter().map(StoredRuleState::into_parts),
            ),
            dismissals,
            audit,
            settings,
            learned,
            unreadable,
            doc_revisions,
            setting_revisions: HashMap::new(),
        }
    }

    /// Every rule firing over the leads as they are at `now` (before dismissals and what was
    /// already applied are taken off, as the Prune review does).
    pub fn rule_firings(&self, now: Timestamp) -> Vec<Arc<Firing>> {
        sweep(
            &self.settings.rules,
            &self.settings.questions,
            &self.book,
            &self.qualifications,
            &self.rule_states,
            self.deals.all(),
            &self.settings.compiled,
            now,
        )
        .firings
    }

    /// The version of a deal as stored (`None` for a deal never stored).
    pub fn deal_revision(&self, id: u64) -> Option<Revision> {
        self.doc_revisions.get(&(DEALS, id)).copied()
    }

    /// The version of a lead's saved answers (`None` before the first save).
    pub fn qualification_revision(&self, lead: LeadId) -> Option<Revision> {
        self.doc_revisions.get(&(QUALIFICATIONS, lead)).copied()
    }

    /// Takes in what a committed write stored and says what changed.
    pub(crate) fn absorb(
        &mut self,
        leads: Vec<Lead>,
        activities: Vec<Activity>,
        batch: Batch,
    ) -> Changed {
        let mut changed = Changed::default();
        let mut touched: Vec<LeadId> = leads.iter().map(|l| l.id).collect();
        touched.extend(activities.iter().map(|a| a.lead_id));
        if !leads.is_empty() || !activities.is_empty() {
            changed.book = true;
            for lead in leads {
                self.book.upsert_lead(lead);
            }
            for activity in activities {
                self.book.upsert_activity(activity);
            }
        }
        let Batch {
            leads: _,
            activities: _,
            deals,
            removed_deals,
            qualifications,
            rule_states,
            dismissals,
            audit,
            pipeline,
            targets,
            learned_model,
            follow_up,
            erased_leads,
            erased_activities: _,
        } = batch;
        if !erased_leads.is_empty() {
            changed.book = true;
            changed.qualifications = true;
            changed.rule_states = true;
            changed.dismissals = true;
            for &id in &erased_leads {
                self.book.erase_lead(id);
                self.qualifications.remove(&id);
                self.rule_states.remove(&id);
                self.dismissals.retain(|d| d.lead_id != id);
            }
            touched.extend(erased_leads);
        }
        if !follow_up.is_empty() {
            changed.follow_up = true;
            self.follow_up.absorb(follow_up);
        }
        if !deals.is_empty() || !removed_deals.is_empty() {
            changed.deals = true;
            for id in removed_deals {
                touched.extend(self.deals.get(id).map(|d| d.lead));
                self.deals.remove(id);
            }
            for deal in deals {
                // The deal may also have moved from another lead.
                touched.extend(self.deals.get(deal.id).map(|d| d.lead));
                touched.push(deal.lead);
                self.deals.upsert(deal);
            }
        }
        if !qualifications.is_empty() {
            changed.qualifications = true;
            for q in qualifications {
                touched.push(q.lead_id);
                self.qualifications.insert(q.lead_id, q);
            }
        }
        if !rule_states.is_empty() {
            changed.rule_states = true;
            for (id, state) in rule_states {
                touched.push(id);
                self.rule_states.insert(id, state);
            }
        }
        if !dismissals.is_empty() {
            changed.dismissals = true;
            self.dismissals
                .extend(dismissals.into_iter().map(|(_, d)| d));
        }
        if !audit.is_empty() {
            changed.audit = true;
            for entry in audit {
                match self.audit.binary_search_by_key(&entry.id, |e| e.id) {
                    Ok(at) => self.audit[at] = entry,
                    Err(at) => self.audit.insert(at, entry),
                }
            }
        }
        if let Some(config) = pipeline {
            changed.pipeline = true;
            self.settings.pipeline = config;
        }
        if let Some(targets) = targets {
            changed.targets = true;
            self.settings.targets = targets;
        }
        if let Some(model) = learned_model {
            changed.learned_model = true;
            self.learned = Some(model);
        }
        crate::domain::text::sort::sort(&mut touched);
        touched.dedup();
        changed.leads = Some(touched);
        changed
    }
}

pub(super) fn decoded<T: DeserializeOwned>(
    doc: &Doc,
    unreadable: &mut Vec<Unreadable>,
) -> Option<T> {
    match doc.decode::<T>() {
        Ok(value) => Some(value),
        Err(e) => {
            unreadable.push(Unreadable {
                what: format!("{} document {}", doc.collection, doc.id),
                error: e.to_string(),
                raw: doc.json.clone().into_bytes(),
            });
            None
        }
    }
}

/// Every document of a collection that decodes; the others go to `unreadable`.
pub(super) fn decode_all<T: DeserializeOwned>(
    snapshot: &Snapshot,
    collection: &str,
    unreadable: &mut Vec<Unreadable>,
) -> Vec<T> {
    snapshot
        .docs_in(collection)
        .iter()
        .filter_map(|doc| decoded(doc, unreadable))
        .collect()
}

/// The one document of a collection that holds a single record.
pub(super) fn single<T: DeserializeOwned>(
    snapshot: &Snapshot,
    collection: &str,
    unreadable: &mut Vec<Unreadable>,
) -> Option<T> {
    snapshot
        .docs_in(collection)
        .iter()
        .find(|doc| doc.id == SINGLE)
        .and_then(|doc| decoded(doc, unreadable))
}
