//! The app's state and the actions that change it. Each action validates in the domain, writes to the
//! store in one transaction, and only then updates the in-memory book, so a failed save changes nothing.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::domain::pipeline::{Deal, DealBook};
use crate::domain::qualification::{BankError, Qualification, QuestionBank};
use crate::domain::records::profile::{Profile, ProfileProblem};
use crate::domain::scoring::{CompiledModel, ModelError, ScoringModel};
use crate::domain::validation::{
    ActivityField, ActivityForm, FieldError, LeadField, LeadFields, LeadForm,
};
use crate::domain::{Lead, LeadBook, LeadId, Timestamp};
use crate::store::idb::IdbStore;
use crate::store::{ChangeSet, Doc, IdKind, Snapshot, Store, StoreError};
use crate::ui::docs::DocShelf;
use crate::ui::pipeline::DEAL_DOCS;
use crate::ui::rules_state::RULE_STATE_DOCS;

/// Name of the IndexedDB database and of the channel that tells other tabs about changes.
pub const DATABASE_NAME: &str = "kariz";
const CHANGES_CHANNEL: &str = "kariz-changes";

/// A short message after an action, with the way to take it back where there is one.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub key: &'static str,
    pub undo: Option<Undo>,
    /// Tells repeated notices apart, so a timer only hides the notice it was started for.
    serial: u64,
}

/// How long a notice stays; one offering Undo stays longer, so there is time to use it.
const NOTICE_MS: u64 = 5_000;
const UNDO_NOTICE_MS: u64 = 12_000;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Undo {
    RestoreLead(LeadId),
    /// Writes back the deals a bulk change (Remove stale deals) closed; the number is the stash ticket.
    RestoreDeals(u64),
}

/// Why a save did not happen.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveError<F = LeadField> {
    Invalid(Vec<FieldError<F>>),
    Store(StoreError),
}

/// Keys of the settings documents.
const SCORING_SETTING: &str = "scoring";
const QUESTIONS_SETTING: &str = "questions";
const PROFILE_SETTING: &str = "profile";
/// Document collection of the leads' qualification records (keyed by lead id).
const QUALIFICATION_DOCS: &str = "qualification";

/// Why a settings document was not saved.
#[derive(Clone, Debug, PartialEq)]
pub enum SettingsError<P> {
    Invalid(Vec<P>),
    Store(StoreError),
}

/// Where start-up is.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Loading,
    Ready,
    /// The database cannot be used at all: a full-page explanation replaces the app.
    Failed(StoreError),
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub phase: RwSignal<Phase>,
    pub book: RwSignal<LeadBook>,
    pub notice: RwSignal<Option<Notice>>,
    notice_serial: StoredValue<u64>,
    /// A storage error from the last action, shown in a banner until dismissed.
    pub error: RwSignal<Option<StoreError>>,
    /// The saved scoring model, and its compiled form every score is computed with.
    pub scoring: RwSignal<ScoringModel>,
    pub compiled: RwSignal<Arc<CompiledModel>>,
    /// The saved qualification question bank.
    pub questions: RwSignal<QuestionBank>,
    /// Each qualified lead's answers.
    pub qualifications: RwSignal<HashMap<LeadId, Qualification>>,
    /// Every JSON document but the deals (rule states, audit entries…), by collection.
    pub docs: RwSignal<DocShelf>,
    /// Every deal, decoded once; a save updates only the deals it wrote.
    pub deals: RwSignal<DealBook>,
    /// The user's name, recorded as who applied rule actions.
    pub profile: RwSignal<Profile>,
    /// Leads whose records, activities, deals, answers or rule state changed since the Prune
    /// review last looked; `None` for all of them (at start and after a reload).
    pub leads_changed: StoredValue<Option<HashSet<LeadId>>>,
    store: StoredValue<Option<Rc<IdbStore>>, LocalStorage>,
    channel: StoredValue<Option<web_sys::BroadcastChannel>, LocalStorage>,
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

pub fn now() -> Timestamp {
    js_sys::Date::now() as Timestamp
}

/// The viewer's offset from UTC in minutes (Tehran: +210).
pub fn utc_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

impl AppState {
    pub fn new() -> AppState {
        AppState {
            phase: RwSignal::new(Phase::Loading),
            book: RwSignal::new(LeadBook::default()),
            notice: RwSignal::new(None),
            notice_serial: StoredValue::new(0),
            error: RwSignal::new(None),
            scoring: RwSignal::new(ScoringModel::default_model()),
            compiled: RwSignal::new(Arc::new(CompiledModel::new(&ScoringModel::default_model()))),
            questions: RwSignal::new(QuestionBank::default_bank()),
            qualifications: RwSignal::new(HashMap::new()),
            docs: RwSignal::new(DocShelf::default()),
            deals: RwSignal::new(DealBook::default()),
            profile: RwSignal::new(Profile::default()),
            leads_changed: StoredValue::new(None),
            store: StoredValue::new_local(None),
            channel: StoredValue::new_local(None),
        }
    }

    /// Opens the database, loads everything, and listens for changes made in other tabs.
    pub async fn start(self) {
        match IdbStore::open(DATABASE_NAME).await {
            Ok(store) => {
                let store = Rc::new(store);
                self.store.set_value(Some(store.clone()));
                match store.load_all().await {
                    Ok(snapshot) => {
                        if let Err(e) = self.take_snapshot(snapshot) {
                            self.phase.set(Phase::Failed(e));
                            return;
                        }
                        if let Err(e) = self.load_settings(&store).await {
                            self.phase.set(Phase::Failed(e));
                            return;
                        }
                        self.phase.set(Phase::Ready);
                        self.listen_to_other_tabs();
                        // Nothing to report if it fails: the first real save reports its own error.
                        let _ = store.warm_up_writes().await;
                    }
                    Err(e) => self.phase.set(Phase::Failed(e)),
                }
            }
            Err(e) => self.phase.set(Phase::Failed(e)),
        }
    }

    /// Replaces everything in memory with what the database holds.
    fn take_snapshot(&self, snapshot: Snapshot) -> Result<(), StoreError> {
        let qualifications = snapshot
            .docs_in(QUALIFICATION_DOCS)
            .iter()
            .map(|doc| doc.decode::<Qualification>().map(|q| (q.lead_id, q)))
            .collect::<Result<HashMap<_, _>, _>>()?;
        self.qualifications.set(qualifications);
        let (deal_docs, docs): (Vec<Doc>, Vec<Doc>) = snapshot
            .docs
            .into_iter()
            .partition(|doc| doc.collection == DEAL_DOCS);
        // A deal that no longer decodes is left out rather than hiding every other deal.
        self.deals.set(DealBook::new(
            deal_docs
                .iter()
                .filter_map(|doc| doc.decode::<Deal>().ok())
                .collect(),
        ));
        self.docs.set(DocShelf::new(docs));
        self.book
            .set(LeadBook::new(snapshot.leads, snapshot.activities));
        self.leads_changed.set_value(None);
        Ok(())
    }

    /// Saves a lead's qualification answers.
    pub async fn save_qualification(self, qualification: Qualification) -> Result<(), StoreError> {
        let doc = Doc::encode(QUALIFICATION_DOCS, qualification.lead_id, &qualification);
        self.write(ChangeSet {
            docs: vec![doc],
            ..Default::default()
        })
        .await
        .inspect_err(|e| self.report(e.clone()))?;
        self.notify("lead.qualification_saved", None);
        Ok(())
    }

    /// The saved model and question bank; the shipped defaults until the user saves their own.
    async fn load_settings(&self, store: &IdbStore) -> Result<(), StoreError> {
        if let Some(json) = store.load_setting(SCORING_SETTING).await? {
            let model = ScoringModel::from_json(&json)
                .map_err(|e| StoreError::Corrupt(format!("saved scoring model: {e}")))?;
            self.compiled.set(Arc::new(CompiledModel::new(&model)));
            self.scoring.set(model);
        }
        if let Some(json) = store.load_setting(QUESTIONS_SETTING).await? {
            let bank = QuestionBank::from_json(&json)
                .map_err(|e| StoreError::Corrupt(format!("saved question bank: {e}")))?;
            self.questions.set(bank);
        }
        if let Some(json) = store.load_setting(PROFILE_SETTING).await? {
            let profile = Profile::from_json(&json)
                .map_err(|e| StoreError::Corrupt(format!("saved profile: {e}")))?;
            self.profile.set(profile);
        }
        Ok(())
    }

    /// Validates and saves the scoring model; every score and ranking follows the new one.
    pub async fn save_scoring_model(
        self,
        model: ScoringModel,
    ) -> Result<(), SettingsError<ModelError>> {
        model.validate().map_err(SettingsError::Invalid)?;
        self.store_setting(SCORING_SETTING, model.to_json())
            .await
            .map_err(SettingsError::Store)?;
        self.compiled.set(Arc::new(CompiledModel::new(&model)));
        self.scoring.set(model);
        self.setting_saved();
        Ok(())
    }

    /// Validates and saves the qualification question bank.
    pub async fn save_question_bank(
        self,
        bank: QuestionBank,
    ) -> Result<(), SettingsError<BankError>> {
        bank.validate().map_err(SettingsError::Invalid)?;
        self.store_setting(QUESTIONS_SETTING, bank.to_json())
            .await
            .map_err(SettingsError::Store)?;
        self.questions.set(bank);
        self.setting_saved();
        Ok(())
    }

    /// Saves the user's name as typed (tidied by the domain).
    pub async fn save_profile(
        self,
        typed_name: String,
    ) -> Result<(), SettingsError<ProfileProblem>> {
        let profile =
            Profile::from_typed(&typed_name).map_err(|p| SettingsError::Invalid(vec![p]))?;
        self.store_setting(PROFILE_SETTING, profile.to_json())
            .await
            .map_err(SettingsError::Store)?;
        self.profile.set(profile);
        self.setting_saved();
        Ok(())
    }

    /// Stores one setting's JSON (the caller then applies it and calls
    /// [`AppState::setting_saved`]). A failure is reported.
    pub(crate) async fn store_setting(self, key: &str, json: String) -> Result<(), StoreError> {
        let stored = match self.store() {
            Ok(store) => store.save_setting(key, &json).await,
            Err(e) => Err(e),
        };
        stored.inspect_err(|e| self.report(e.clone()))
    }

    /// After a setting is stored and applied: other tabs hear of it and the user sees it saved.
    pub(crate) fn setting_saved(self) {
        self.broadcast();
        self.notify("settings.saved", None);
    }

    pub(crate) fn broadcast(&self) {
        if let Some(channel) = self.channel.get_value() {
            let _ = channel.post_message(&JsValue::from_str("changed"));
        }
    }

    pub(crate) fn store(&self) -> Result<Rc<IdbStore>, StoreError> {
        self.store
            .get_value()
            .ok_or_else(|| StoreError::Unavailable("the database is not open".into()))
    }

    fn listen_to_other_tabs(self) {
        let Ok(channel) = web_sys::BroadcastChannel::new(CHANGES_CHANNEL) else {
            return;
        };
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| {
            leptos::task::spawn_local(self.reload());
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // The listener lives as long as the page.
        on_message.forget();
        self.channel.set_value(Some(channel));
    }

    /// Reloads everything from the database (another tab changed it).
    pub async fn reload(self) {
        let Ok(store) = self.store() else { return };
        match store.load_all().await {
            Ok(snapshot) => {
                if let Err(e) = self.take_snapshot(snapshot) {
                    return self.report(e);
                }
            }
            Err(e) => return self.report(e),
        }
        if let Err(e) = self.load_settings(&store).await {
            self.report(e);
        }
    }

    /// Writes a change set in one transaction, then mirrors it in memory. Every action that stores
    /// something goes through here, so memory never runs ahead of the database. The caller reports
    /// errors (to choose how).
    pub(crate) async fn write(&self, changes: ChangeSet) -> Result<(), StoreError> {
        let store = self.store()?;
        store.apply(&changes).await?;
        self.note_leads_changed(&changes);
        let qualifications: Vec<Qualification> = changes
            .docs
            .iter()
            .filter(|doc| doc.collection == QUALIFICATION_DOCS)
            .filter_map(|doc| doc.decode().ok())
            .collect();
        if !qualifications.is_empty() {
            self.qualifications
                .update(|all| all.extend(qualifications.into_iter().map(|q| (q.lead_id, q))));
        }
        // Deals go to the deal book, decoded once; the shelf (and all that reads it: rule states,
        // scores on cards…) hears only of the other documents.
        let is_deal = |collection: &str| collection == DEAL_DOCS;
        let saved: Vec<Deal> = changes
            .docs
            .iter()
            .filter(|doc| is_deal(&doc.collection))
            .filter_map(|doc| doc.decode().ok())
            .collect();
        let removed: Vec<u64> = changes
            .deleted_docs
            .iter()
            .filter(|(c, _)| is_deal(c))
            .map(|(_, id)| *id)
            .collect();
        if !saved.is_empty() || !removed.is_empty() {
            self.deals.update(|book| {
                for id in removed {
                    book.remove(id);
                }
                for deal in saved {
                    book.upsert(deal);
                }
            });
        }
        let others = changes.docs.iter().any(|doc| !is_deal(&doc.collection))
            || changes.deleted_docs.iter().any(|(c, _)| !is_deal(c));
        if others {
            self.docs
                .update(|shelf| shelf.apply_except(&changes, DEAL_DOCS));
        }
        // Only a change of leads or activities touches the book: everything derived from 100,000
        // leads (queues, ranking, the leads table) would otherwise recompute after, say, a deal
        // moved to another stage.
        if !changes.leads.is_empty() || !changes.activities.is_empty() {
            self.book.update(|book| {
                for lead in changes.leads {
                    book.upsert_lead(lead);
                }
                for activity in changes.activities {
                    book.upsert_activity(activity);
                }
            });
        }
        self.broadcast();
        Ok(())
    }

    /// Adds the leads `changes` touches to [`AppState::leads_changed`].
    fn note_leads_changed(&self, changes: &ChangeSet) {
        let lead_of_deal = |id: u64| {
            self.deals
                .with_untracked(|book| book.get(id).map(|d| d.lead))
        };
        let mut touched: Vec<LeadId> = changes.leads.iter().map(|l| l.id).collect();
        touched.extend(changes.activities.iter().map(|a| a.lead_id));
        for doc in &changes.docs {
            match doc.collection.as_str() {
                // The deal may also have moved from another lead.
                DEAL_DOCS => touched.extend(
                    doc.decode::<Deal>()
                        .ok()
                        .map(|d| d.lead)
                        .into_iter()
                        .chain(lead_of_deal(doc.id)),
                ),
                QUALIFICATION_DOCS | RULE_STATE_DOCS => touched.push(doc.id),
                _ => {}
            }
        }
        for (collection, id) in &changes.deleted_docs {
            match collection.as_str() {
                DEAL_DOCS => touched.extend(lead_of_deal(*id)),
                QUALIFICATION_DOCS | RULE_STATE_DOCS => touched.push(*id),
                _ => {}
            }
        }
        self.leads_changed.update_value(|changed| {
            if let Some(changed) = changed {
                changed.extend(touched);
            }
        });
    }

    /// Shows a short confirmation that hides itself after a while.
    pub fn notify(&self, key: &'static str, undo: Option<Undo>) {
        let serial = self.notice_serial.get_value() + 1;
        self.notice_serial.set_value(serial);
        self.notice.set(Some(Notice { key, undo, serial }));
        let notice = self.notice;
        let ms = if undo.is_some() {
            UNDO_NOTICE_MS
        } else {
            NOTICE_MS
        };
        set_timeout(
            move || {
                if notice.with_untracked(|n| n.as_ref().is_some_and(|n| n.serial == serial)) {
                    notice.set(None);
                }
            },
            std::time::Duration::from_millis(ms),
        );
    }

    pub(crate) fn report(&self, error: StoreError) {
        if matches!(error, StoreError::VersionChanged) {
            self.phase.set(Phase::Failed(error));
        } else {
            self.error.set(Some(error));
        }
    }

    fn fail<F>(&self, error: StoreError) -> SaveError<F> {
        self.report(error.clone());
        SaveError::Store(error)
    }

    pub async fn create_lead(self, form: LeadForm) -> Result<LeadId, SaveError> {
        let fields = form.validate().map_err(SaveError::Invalid)?;
        let store = self.store().map_err(|e| self.fail(e))?;
        let ids = store
            .reserve_ids(IdKind::Lead, 1)
            .await
            .map_err(|e| self.fail(e))?;
        let lead = fields.into_new_lead(ids.start, now());
        let id = lead.id;
        self.write_lead(lead).await?;
        self.notify("leads.created", None);
        Ok(id)
    }

    pub async fn update_lead(self, id: LeadId, form: LeadForm) -> Result<(), SaveError> {
        let fields = form.validate().map_err(SaveError::Invalid)?;
        let Some(mut lead) = self.book.with_untracked(|b| b.lead(id).cloned()) else {
            return Err(self.fail(StoreError::Integrity(format!("lead {id} does not exist"))));
        };
        fields.apply_to(&mut lead, now());
        self.write_lead(lead).await?;
        self.notify("leads.updated", None);
        Ok(())
    }

    /// Stores one lead (new or edited); a failure is reported.
    async fn write_lead(self, lead: Lead) -> Result<(), SaveError> {
        self.write(ChangeSet {
            leads: vec![lead],
            ..Default::default()
        })
        .await
        .map_err(|e| self.fail(e))
    }

    async fn set_deleted(self, id: LeadId, deleted: bool) -> Result<(), SaveError> {
        let Some(mut lead): Option<Lead> = self.book.with_untracked(|b| b.lead(id).cloned()) else {
            return Err(self.fail(StoreError::Integrity(format!("lead {id} does not exist"))));
        };
        let at = now();
        lead.deleted_at = deleted.then_some(at);
        lead.updated_at = at;
        self.write(ChangeSet {
            leads: vec![lead],
            activities: vec![],
            ..Default::default()
        })
        .await
        .map_err(|e| self.fail(e))
    }

    /// Soft delete: the lead stays stored and the notice offers Undo.
    pub async fn delete_lead(self, id: LeadId) -> Result<(), SaveError> {
        self.set_deleted(id, true).await?;
        self.notify("leads.deleted", Some(Undo::RestoreLead(id)));
        Ok(())
    }

    pub async fn restore_lead(self, id: LeadId) -> Result<(), SaveError> {
        self.set_deleted(id, false).await?;
        self.notify("leads.restored", None);
        Ok(())
    }

    pub async fn undo(self, undo: Undo) {
        match undo {
            Undo::RestoreLead(id) => {
                let _ = self.restore_lead(id).await;
            }
            Undo::RestoreDeals(ticket) => crate::ui::pipeline::restore_deals(self, ticket).await,
        }
    }

    /// Stores every imported lead in one transaction: all of them, or (on error) none.
    pub async fn import_leads(self, rows: Vec<LeadFields>) -> Result<usize, StoreError> {
        let count = rows.len();
        let store = self.store().inspect_err(|e| self.report(e.clone()))?;
        let ids = store
            .reserve_ids(IdKind::Lead, count as u32)
            .await
            .inspect_err(|e| self.report(e.clone()))?;
        let at = now();
        let leads = rows
            .into_iter()
            .zip(ids)
            .map(|(fields, id)| fields.into_new_lead(id, at))
            .collect();
        self.write(ChangeSet {
            leads,
            activities: vec![],
            ..Default::default()
        })
        .await
        .inspect_err(|e| self.report(e.clone()))?;
        self.notify("import.done", None);
        Ok(count)
    }

    pub async fn log_activity(
        self,
        lead_id: LeadId,
        form: ActivityForm,
    ) -> Result<(), SaveError<ActivityField>> {
        let draft = form
            .validate(now(), utc_offset_minutes())
            .map_err(SaveError::Invalid)?;
        let store = self.store().map_err(|e| self.fail(e))?;
        let ids = store
            .reserve_ids(IdKind::Activity, 1)
            .await
            .map_err(|e| self.fail(e))?;
        let activity = draft.into_activity(ids.start, lead_id);
        self.write(ChangeSet {
            leads: vec![],
            activities: vec![activity],
            ..Default::default()
        })
        .await
        .map_err(|e| self.fail(e))?;
        self.notify("activity.saved", None);
        Ok(())
    }
}
