//! Joining a team's database with records made before sync. Before sync a browser numbers its
//! records 1, 2, 3…, as every other browser does, so two browsers used apart both hold a lead 1
//! (see [`super::sync`] for the blocks ids come from once sync is on). A browser that seeds an
//! empty team database keeps its numbers; one that joins a database already holding records
//! first moves each of its own into its block: new ids drawn as for new records, every reference
//! to them rewritten (an activity's lead, a deal's lead, a task's lead or deal, an enrolment's
//! lead and sequence, a step's template, the evidence of the rules' log), all in one transaction.
//! Nothing of them was sent yet, so no one else knows the old numbers.

use std::collections::HashMap;

use super::stored::{
    self, AUDIT, DEALS, DISMISSALS, ENROLLMENTS, QUALIFICATIONS, RULE_STATES, SEQUENCES, TASKS,
    TEMPLATES,
};
use super::sync::BLOCK_SIZE;
use super::Workspace;
use crate::domain::followup::{Enrollment, Sequence, Task, TaskOrigin, TaskSubject, Template};
use crate::domain::pipeline::Deal;
use crate::domain::qualification::Qualification;
use crate::domain::rules::{evidence_key, AuditEntry, Dismissal, Evidence, StoredRuleState};
use crate::domain::LeadId;
use crate::store::{Contents, Doc, IdKind, Snapshot, Store, StoreError};

/// The document collections whose ids come from the store's document sequence.
const NUMBERED: [&str; 7] = [
    DEALS,
    DISMISSALS,
    AUDIT,
    TASKS,
    SEQUENCES,
    ENROLLMENTS,
    TEMPLATES,
];

/// Whether a record's id was made before sync was on (ids made since are at or above 2^24).
pub(crate) fn made_before_sync(id: u64) -> bool {
    id < BLOCK_SIZE
}

/// How many stored records carry ids made before sync: what a joining device renumbers.
pub(crate) fn records_before_sync(snapshot: &Snapshot) -> usize {
    let leads = snapshot.leads.iter().filter(|l| made_before_sync(l.id));
    let activities = snapshot
        .activities
        .iter()
        .filter(|a| made_before_sync(a.id));
    let docs = snapshot
        .docs
        .iter()
        .filter(|d| NUMBERED.contains(&d.collection.as_str()) && made_before_sync(d.id));
    leads.count() + activities.count() + docs.count()
}

/// Old id → new id, per sequence; ids not in a map stay as they are.
#[derive(Debug, Default)]
pub(crate) struct Renumbering {
    leads: HashMap<u64, u64>,
    activities: HashMap<u64, u64>,
    docs: HashMap<u64, u64>,
    /// A dismissed rule firing's fingerprint (rule, old lead, old key) → its key after the move.
    dismissed: HashMap<(String, LeadId, u64), u64>,
}

impl Renumbering {
    fn lead(&self, id: u64) -> u64 {
        self.leads.get(&id).copied().unwrap_or(id)
    }

    fn activity(&self, id: u64) -> u64 {
        self.activities.get(&id).copied().unwrap_or(id)
    }

    fn doc(&self, id: u64) -> u64 {
        self.docs.get(&id).copied().unwrap_or(id)
    }

    fn evidence(&self, evidence: &mut [Evidence]) {
        for e in evidence {
            if let Evidence::Activity { id, .. } = e {
                *id = self.activity(*id);
            }
        }
    }

    /// The stored contents with every id of the maps replaced, references included. The
    /// replica's collections are left out: it starts afresh from the renumbered records.
    pub fn apply(
        &self,
        snapshot: Snapshot,
        settings: Vec<(String, crate::store::Setting)>,
    ) -> Result<Contents, StoreError> {
        let leads = snapshot
            .leads
            .into_iter()
            .map(|mut lead| {
                lead.id = self.lead(lead.id);
                lead
            })
            .collect();
        let activities = snapshot
            .activities
            .into_iter()
            .map(|mut activity| {
                activity.id = self.activity(activity.id);
                activity.lead_id = self.lead(activity.lead_id);
                activity
            })
            .collect();
        let mut docs = Vec::with_capacity(snapshot.docs.len());
        for doc in snapshot.docs {
            if doc.collection.starts_with(stored::REPLICA_PREFIX) {
                continue;
            }
            docs.push(self.doc_of(doc)?);
        }
        docs.sort_by(|a, b| (&a.collection, a.id).cmp(&(&b.collection, b.id)));
        Ok(Contents {
            leads,
            activities,
            docs,
            settings,
        })
    }

    fn doc_of(&self, doc: Doc) -> Result<Doc, StoreError> {
        let revision = doc.revision;
        let collection = doc.collection.as_str();
        let renumbered = match collection {
            DEALS => {
                let mut deal: Deal = doc.decode()?;
                deal.id = self.doc(deal.id);
                deal.lead = self.lead(deal.lead);
                Doc::encode(collection, deal.id, &deal)
            }
            QUALIFICATIONS => {
                let mut answers: Qualification = doc.decode()?;
                answers.lead_id = self.lead(answers.lead_id);
                Doc::encode(collection, answers.lead_id, &answers)
            }
            RULE_STATES => {
                let mut state: StoredRuleState = doc.decode()?;
                state.lead_id = self.lead(state.lead_id);
                Doc::encode(collection, state.lead_id, &state)
            }
            DISMISSALS => {
                let mut dismissal: Dismissal = doc.decode()?;
                let fingerprint = (
                    dismissal.rule_id.clone(),
                    dismissal.lead_id,
                    dismissal.evidence_key,
                );
                if let Some(key) = self.dismissed.get(&fingerprint) {
                    dismissal.evidence_key = *key;
                }
                dismissal.lead_id = self.lead(dismissal.lead_id);
                Doc::encode(collection, self.doc(doc.id), &dismissal)
            }
            AUDIT => {
                let mut entry: AuditEntry = doc.decode()?;
                entry.id = self.doc(entry.id);
                if let Some(&lead) = self.leads.get(&entry.lead_id) {
                    entry.lead_id = lead;
                    self.evidence(&mut entry.evidence);
                    entry.evidence_key = evidence_key(&entry.rule_id, lead, &entry.evidence);
                }
                Doc::encode(collection, entry.id, &entry)
            }
            TASKS => {
                let mut task: Task = doc.decode()?;
                task.id = self.doc(task.id);
                task.subject = match task.subject {
                    TaskSubject::Lead(id) => TaskSubject::Lead(self.lead(id)),
                    TaskSubject::Deal(id) => TaskSubject::Deal(self.doc(id)),
                    TaskSubject::General => TaskSubject::General,
                };
                if let TaskOrigin::Sequence { sequence, .. } = &mut task.origin {
                    *sequence = self.doc(*sequence);
                }
                Doc::encode(collection, task.id, &task)
            }
            SEQUENCES => {
                let mut sequence: Sequence = doc.decode()?;
                sequence.id = self.doc(sequence.id);
                for step in &mut sequence.steps {
                    step.template = step.template.map(|t| self.doc(t));
                }
                Doc::encode(collection, sequence.id, &sequence)
            }
            ENROLLMENTS => {
                let mut enrollment: Enrollment = doc.decode()?;
                enrollment.id = self.doc(enrollment.id);
                enrollment.lead = self.lead(enrollment.lead);
                enrollment.sequence = self.doc(enrollment.sequence);
                Doc::encode(collection, enrollment.id, &enrollment)
            }
            TEMPLATES => {
                let mut template: Template = doc.decode()?;
                template.id = self.doc(template.id);
                Doc::encode(collection, template.id, &template)
            }
            // One-document collections (pipeline, targets, automation, the learned model) and
            // any this version does not know name no record.
            _ => return Ok(doc),
        };
        Ok(renumbered.at(revision))
    }
}

impl<S: Store> Workspace<S> {
    /// Moves every record made before sync into this device's id block (see the module), in
    /// one transaction, and reads memory again; sync's replica starts afresh from the moved
    /// records. Returns how many records moved. On error nothing changed.
    pub(super) async fn move_records_into_block(&self) -> Result<usize, StoreError> {
        let snapshot = self.store.load_all().await?;
        let moved = records_before_sync(&snapshot);
        if moved == 0 {
            return Ok(0);
        }
        let old_leads: Vec<u64> = sorted(snapshot.leads.iter().map(|l| l.id));
        let old_activities: Vec<u64> = sorted(snapshot.activities.iter().map(|a| a.id));
        let old_docs: Vec<u64> = sorted(
            snapshot
                .docs
                .iter()
                .filter(|d| NUMBERED.contains(&d.collection.as_str()))
                .map(|d| d.id),
        );
        let mut map = Renumbering::default();
        // New ids in the old ones' order, so lists sorted by id keep their order.
        let leads = self.new_ids(IdKind::Lead, old_leads.len() as u64).await?;
        map.leads = old_leads.into_iter().zip(leads).collect();
        let activities = self
            .new_ids(IdKind::Activity, old_activities.len() as u64)
            .await?;
        map.activities = old_activities.into_iter().zip(activities).collect();
        let docs = self.new_ids(IdKind::Doc, old_docs.len() as u64).await?;
        map.docs = old_docs.into_iter().zip(docs).collect();
        map.dismissed = self.dismissed_after(&map);

        let settings = self.store.all_settings().await?;
        let contents = map.apply(snapshot, settings)?;
        self.store.replace_all(&contents).await?;
        if let Some(link) = self.sync.borrow_mut().as_mut() {
            link.start_replica_afresh();
        }
        self.reload().await?;
        Ok(moved)
    }

    /// The rules' firings the user dismissed, keyed as they will be after `map`: a dismissal
    /// keeps only a fingerprint of its evidence, so the firing is found again among today's.
    fn dismissed_after(&self, map: &Renumbering) -> HashMap<(String, LeadId, u64), u64> {
        let state = self.state();
        if state.dismissals.is_empty() {
            return HashMap::new();
        }
        let firings = state.rule_firings(self.now());
        let dismissed: std::collections::HashSet<(&str, LeadId, u64)> = state
            .dismissals
            .iter()
            .map(|d| (d.rule_id.as_str(), d.lead_id, d.evidence_key))
            .collect();
        let mut out = HashMap::new();
        for firing in firings {
            let fingerprint = (firing.rule_id.as_str(), firing.lead_id, firing.evidence_key);
            let Some(&lead) = map.leads.get(&firing.lead_id) else {
                continue;
            };
            if !dismissed.contains(&fingerprint) {
                continue;
            }
            let mut evidence = firing.evidence.clone();
            map.evidence(&mut evidence);
            out.insert(
                (firing.rule_id.clone(), firing.lead_id, firing.evidence_key),
                evidence_key(&firing.rule_id, lead, &evidence),
            );
        }
        out
    }
}

/// The ids made before sync among `ids`, in order.
fn sorted(ids: impl Iterator<Item = u64>) -> Vec<u64> {
    let mut ids: Vec<u64> = ids.filter(|&id| made_before_sync(id)).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::rules::{Action, RuleState};
    use crate::domain::{Activity, ActivityKind, Lead, Revision};

    const NEW_LEAD: u64 = (5 << 24) + 7;
    const NEW_ACTIVITY: u64 = (6 << 24) + 7;

    fn map() -> Renumbering {
        Renumbering {
            leads: HashMap::from([(1, NEW_LEAD)]),
            activities: HashMap::from([(2, NEW_ACTIVITY)]),
            docs: HashMap::from([(3, (8 << 24) + 7), (4, (9 << 24) + 7)]),
            dismissed: HashMap::from([(("cold".to_owned(), 1, 111), 222)]),
        }
    }

    fn snapshot() -> Snapshot {
        let evidence = vec![Evidence::Activity {
            id: 2,
            kind: ActivityKind::EmailSent,
            at: 10,
        }];
        let audit = AuditEntry {
            id: 3,
            at: 20,
            who: "Sara".into(),
            rule_id: "cold".into(),
            lead_id: 1,
            action: Action::FlagCold,
            evidence_key: evidence_key("cold", 1, &evidence),
            evidence,
            before: RuleState::default(),
            after: RuleState::default(),
            undone_at: None,
        };
        let dismissal = Dismissal {
            rule_id: "cold".into(),
            lead_id: 1,
            evidence_key: 111,
            at: 30,
            who: String::new(),
        };
        Snapshot {
            leads: vec![Lead::blank(1)],
            activities: vec![Activity {
                id: 2,
                lead_id: 1,
                kind: ActivityKind::EmailSent,
                at: 10,
                notes: String::new(),
                revision: Revision::default(),
            }],
            docs: vec![
                Doc::encode(AUDIT, 3, &audit).at(Revision::first(9)),
                Doc::encode(DISMISSALS, 4, &dismissal),
                Doc::encode(stored::PIPELINE, stored::SINGLE, &vec![1, 2]),
                Doc::encode("replica.lead", 1, &"an entry"),
            ],
            unreadable: Vec::new(),
        }
    }

    #[test]
    fn the_rules_log_follows_its_lead_and_evidence_and_is_keyed_as_a_new_firing_would_be() {
        let contents = map().apply(snapshot(), Vec::new()).unwrap();
        assert_eq!(contents.leads[0].id, NEW_LEAD);
        assert_eq!(contents.activities[0].id, NEW_ACTIVITY);
        assert_eq!(contents.activities[0].lead_id, NEW_LEAD);

        let audit = contents
            .docs
            .iter()
            .find(|d| d.collection == AUDIT)
            .unwrap();
        assert_eq!(audit.id, (8 << 24) + 7);
        assert_eq!(audit.revision, Revision::first(9), "its version is kept");
        let entry: AuditEntry = audit.decode().unwrap();
        assert_eq!(entry.lead_id, NEW_LEAD);
        assert!(matches!(
            entry.evidence[0],
            Evidence::Activity {
                id: NEW_ACTIVITY,
                ..
            }
        ));
        assert_eq!(
            entry.evidence_key,
            evidence_key("cold", NEW_LEAD, &entry.evidence)
        );

        let dismissal = contents
            .docs
            .iter()
            .find(|d| d.collection == DISMISSALS)
            .unwrap();
        assert_eq!(dismissal.id, (9 << 24) + 7);
        let dismissal: Dismissal = dismissal.decode().unwrap();
        assert_eq!((dismissal.lead_id, dismissal.evidence_key), (NEW_LEAD, 222));

        let collections: Vec<&str> = contents
            .docs
            .iter()
            .map(|d| d.collection.as_str())
            .collect();
        assert_eq!(
            collections,
            vec![AUDIT, DISMISSALS, stored::PIPELINE],
            "the replica starts afresh"
        );
    }

    #[test]
    fn only_ids_made_before_sync_count() {
        let mut snapshot = snapshot();
        snapshot.leads.push(Lead::blank(NEW_LEAD));
        assert_eq!(
            records_before_sync(&snapshot),
            4,
            "lead, activity, audit entry, dismissal"
        );
    }
}
