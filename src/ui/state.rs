//! The app's view of the workspace: mirrors of its state that views read, and the commands views
//! send, each followed by what the user sees (a short notice, or the error in the banner). All
//! writing happens in [`crate::workspace`].

use std::collections::HashSet;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::domain::followup::{
    completion_activity, AutomationSettings, Sequence, TaskForm, TaskId, TaskSubject, Template,
};
use crate::domain::forecast::{SalesTargets, TargetProblem};
use crate::domain::import::duplicates::ImportPlan;
use crate::domain::learning::{ModelDocument, Reweight};
use crate::domain::pipeline::{
    DealBook, DealForm, DealId, DealMove, MoveError, PipelineConfig, StageId,
};
use crate::domain::qualification::{BankError, Qualification, QuestionBank};
use crate::domain::records::profile::{Profile, ProfileProblem};
use crate::domain::rules::{
    AuditEntry, AuditId, Dismissal, Firing, RuleProblem, RuleSet, RuleStates, UndoProblem,
};
use crate::domain::scoring::{CompiledModel, ModelError, ScoringModel};
use crate::domain::validation::{ActivityField, ActivityForm, FieldError, LeadForm};
use crate::domain::{LeadBook, LeadId, Revision, Timestamp};
use crate::store::{IdbStore, StoreError};
use crate::ui::demo;
use crate::ui::mirror::{Mirror, WorkspaceCell};
use crate::workspace::{
    Changed, Clock, CommandError, DealProblem, FollowUpProblem, FollowUps, PipelineProblem,
    ReadBackup, StaleRemoval, Unreadable, Workspace,
};

/// Name of the IndexedDB database and of the channel that tells other tabs about changes.
pub const DATABASE_NAME: &str = "kariz";
const CHANGES_CHANNEL: &str = "kariz-changes";
/// How often, while the page is open, follow-ups whose time has come are created.
const FOLLOW_UP_INTERVAL: std::time::Duration = std::time::Duration::from_secs(60);

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
    /// Writes back the deals "Remove stale deals" closed; the number is the stash ticket.
    RestoreDeals(u64),
}

/// Where start-up is.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Loading,
    Ready,
    /// The database cannot be used at all: a full-page explanation replaces the app.
    Failed(StoreError),
}

/// The browser's clock.
struct BrowserClock;

impl Clock for BrowserClock {
    fn now(&self) -> Timestamp {
        now()
    }
    fn utc_offset_minutes(&self) -> i32 {
        utc_offset_minutes()
    }
    fn pause(&self) -> crate::workspace::Pause {
        Box::pin(gloo_timers::future::TimeoutFuture::new(0))
    }
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub phase: RwSignal<Phase>,
    pub notice: RwSignal<Option<Notice>>,
    notice_serial: StoredValue<u64>,
    /// A storage error from the last action, shown in a banner until dismissed.
    pub error: RwSignal<Option<StoreError>>,
    pub book: Mirror<LeadBook>,
    pub deals: Mirror<DealBook>,
    /// Each qualified lead's answers.
    pub qualifications: Mirror<std::collections::HashMap<LeadId, Qualification>>,
    pub rule_states: Mirror<RuleStates>,
    pub dismissals: Mirror<Vec<Dismissal>>,
    /// Every rule action applied, in id order.
    pub audit: Mirror<Vec<AuditEntry>>,
    /// The saved scoring model, and its compiled form every score is computed with.
    pub scoring: Mirror<ScoringModel>,
    pub compiled: Mirror<Arc<CompiledModel>>,
    pub questions: Mirror<QuestionBank>,
    /// The user's name, recorded as who applied rule actions.
    pub profile: Mirror<Profile>,
    pub rules: Mirror<RuleSet>,
    pub pipeline: Mirror<PipelineConfig>,
    pub targets: Mirror<SalesTargets>,
    /// Tasks, sequences, enrolments, templates and the automation settings.
    pub follow_up: Mirror<FollowUps>,
    /// Stored data that could not be read at start-up.
    pub unreadable: Mirror<Vec<Unreadable>>,
    /// The last training of the learned win probability.
    pub learned: Mirror<Option<ModelDocument>>,
    /// Whether a check for a due retraining is already waiting to run.
    retrain_pending: StoredValue<bool>,
    /// Whether to ask before opening the demo (`?demo` in a browser that holds data).
    pub demo_offer: RwSignal<bool>,
    /// Leads whose records, activities, deals, answers or rule state changed since the Prune
    /// review last looked; `None` for all of them (at start and after a reload).
    pub leads_changed: StoredValue<Option<HashSet<LeadId>>>,
    workspace: WorkspaceCell,
    /// Whether this page asked the browser to keep the data.
    persistence_asked: StoredValue<bool>,
    /// The database open: this browser's, or the demo's.
    database: StoredValue<&'static str>,
    channel: StoredValue<Option<web_sys::BroadcastChannel>, LocalStorage>,
    /// When a backup was last downloaded in this browser (kept in its local storage).
    last_backup: RwSignal<Option<Timestamp>>,
    /// Sync with the team's database.
    pub sync: crate::ui::sync::SyncUi,
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
        let workspace: WorkspaceCell = StoredValue::new_local(None);
        AppState {
            phase: RwSignal::new(Phase::Loading),
            notice: RwSignal::new(None),
            notice_serial: StoredValue::new(0),
            error: RwSignal::new(None),
            book: Mirror::new(workspace, |s| &s.book),
            deals: Mirror::new(workspace, |s| &s.deals),
            qualifications: Mirror::new(workspace, |s| &s.qualifications),
            rule_states: Mirror::new(workspace, |s| &s.rule_states),
            dismissals: Mirror::new(workspace, |s| &s.dismissals),
            audit: Mirror::new(workspace, |s| &s.audit),
            scoring: Mirror::new(workspace, |s| &s.settings.scoring),
            compiled: Mirror::new(workspace, |s| &s.settings.compiled),
            questions: Mirror::new(workspace, |s| &s.settings.questions),
            profile: Mirror::new(workspace, |s| &s.settings.profile),
            rules: Mirror::new(workspace, |s| &s.settings.rules),
            pipeline: Mirror::new(workspace, |s| &s.settings.pipeline),
            targets: Mirror::new(workspace, |s| &s.settings.targets),
            follow_up: Mirror::new(workspace, |s| &s.follow_up),
            unreadable: Mirror::new(workspace, |s| &s.unreadable),
            learned: Mirror::new(workspace, |s| &s.learned),
            retrain_pending: StoredValue::new(false),
            demo_offer: RwSignal::new(false),
            leads_changed: StoredValue::new(None),
            workspace,
            persistence_asked: StoredValue::new(false),
            database: StoredValue::new(DATABASE_NAME),
            last_backup: RwSignal::new(None),
            channel: StoredValue::new_local(None),
            sync: crate::ui::sync::SyncUi::new(),
        }
    }

    /// Opens the database (the demo's while the demo is open), loads everything, and listens for
    /// changes made in other tabs. `lang` is the language a new demo is made in.
    pub async fn start(self, lang: crate::i18n::Lang) {
        let in_demo = demo::is_open();
        let name = if in_demo {
            demo::DEMO_DATABASE
        } else {
            DATABASE_NAME
        };
        self.database.set_value(name);
        self.last_backup.set(crate::ui::backup::last_backup(name));
        let store = match IdbStore::open(name).await {
            Ok(store) => store,
            Err(e) => return self.phase.set(Phase::Failed(e)),
        };
        let workspace = match Workspace::open(store, Box::new(BrowserClock)).await {
            Ok(workspace) => Rc::new(workspace),
            Err(e) => return self.phase.set(Phase::Failed(e)),
        };
        let empty = {
            let state = workspace.state();
            state.book.leads().is_empty() && state.deals.is_empty()
        };
        if in_demo && empty {
            if let Err(e) = workspace.load_demo(demo::demo_language(lang)).await {
                return self.phase.set(Phase::Failed(e));
            }
        } else if !in_demo && demo::asked_by_address() {
            demo::forget_address_request();
            if empty {
                return demo::open();
            }
            self.demo_offer.set(true);
        }
        workspace.subscribe(move |changed| self.mirror(changed));
        self.workspace.set_value(Some(workspace.clone()));
        self.mirror(&Changed::everything());
        self.phase.set(Phase::Ready);
        self.listen_to_other_tabs(name);
        if !in_demo {
            self.sync.start(self, name);
        }
        self.retrain_when_due();
        self.keep_following_up();
        // Nothing to report if it fails: the first real save reports its own error.
        let _ = workspace.store().warm_up_writes().await;
    }

    /// Creates the follow-ups whose time has come (stale deals, sequence steps) now, and again
    /// every [`FOLLOW_UP_INTERVAL`] while the page is open.
    fn keep_following_up(self) {
        leptos::task::spawn_local(self.run_follow_ups());
        set_interval(
            move || leptos::task::spawn_local(self.run_follow_ups()),
            FOLLOW_UP_INTERVAL,
        );
    }

    /// Runs the automatic follow-ups once; a storage failure is shown in the banner. Refused as
    /// made from stale data (another tab wrote first), it runs once more on what is stored now.
    pub async fn run_follow_ups(self) {
        let Ok(workspace) = self.workspace() else {
            return;
        };
        let mut result = workspace.run_follow_ups().await;
        if matches!(result, Err(StoreError::Conflict { .. })) {
            result = workspace.run_follow_ups().await;
        }
        if let Err(e) = result {
            self.report(e);
        }
    }

    /// Deletes the whole database ("Erase all data"), then starts again on an empty one. Open
    /// connections (this tab's, other tabs') close themselves when asked to step aside.
    pub async fn erase_everything(self) -> Result<(), StoreError> {
        IdbStore::delete_database(self.database.get_value())
            .await
            .inspect_err(|e| self.report(e.clone()))?;
        let _ = window().location().replace(&crate::ui::links::href("/"));
        Ok(())
    }

    /// Saves a backup of everything stored here as a file, and remembers when (for "Last
    /// backup" and the reminder).
    pub async fn download_backup(self, compress: bool) -> Result<(), StoreError> {
        let workspace = self.workspace().inspect_err(|e| self.report(e.clone()))?;
        let bytes = workspace
            .backup(env!("CARGO_PKG_VERSION"), compress)
            .await
            .inspect_err(|e| self.report(e.clone()))?;
        let day = crate::domain::Date::from_timestamp(now(), utc_offset_minutes());
        let name = format!(
            "kariz-backup-{}.json{}",
            crate::domain::time::date_input::format_date_for_input(day),
            if compress { ".gz" } else { "" }
        );
        let mime = if compress {
            "application/gzip"
        } else {
            "application/json"
        };
        crate::ui::components::download_bytes(&name, mime, &bytes);
        crate::ui::backup::remember_backup(self.database.get_value(), now());
        self.last_backup.set(Some(now()));
        self.notify("backup.downloaded", None);
        Ok(())
    }

    /// When a backup of this database was last downloaded in this browser.
    pub fn last_backup(&self) -> Option<Timestamp> {
        self.last_backup.get()
    }

    /// Puts a checked backup in place of everything stored; other tabs are told to read again.
    pub async fn restore_backup(self, backup: ReadBackup) -> Result<(), StoreError> {
        let workspace = self.workspace().inspect_err(|e| self.report(e.clone()))?;
        workspace
            .restore(backup)
            .await
            .inspect_err(|e| self.report(e.clone()))?;
        self.broadcast();
        self.notify("backup.restored", None);
        Ok(())
    }

    /// Tells the views reading what changed; a change made here is announced to other tabs.
    fn mirror(self, changed: &Changed) {
        let parts: [(bool, &dyn Fn()); 16] = [
            (changed.book, &|| self.book.notify()),
            (changed.deals, &|| self.deals.notify()),
            (changed.qualifications, &|| self.qualifications.notify()),
            (changed.rule_states, &|| self.rule_states.notify()),
            (changed.dismissals, &|| self.dismissals.notify()),
            (changed.audit, &|| self.audit.notify()),
            (changed.scoring, &|| self.scoring.notify()),
            (changed.scoring, &|| self.compiled.notify()),
            (changed.questions, &|| self.questions.notify()),
            (changed.profile, &|| self.profile.notify()),
            (changed.rules, &|| self.rules.notify()),
            (changed.pipeline, &|| self.pipeline.notify()),
            (changed.targets, &|| self.targets.notify()),
            (changed.follow_up, &|| self.follow_up.notify()),
            (changed.from_store, &|| self.unreadable.notify()),
            (changed.learned_model, &|| self.learned.notify()),
        ];
        for (did_change, notify) in parts {
            if did_change {
                notify();
            }
        }
        // Outcomes come from deals, answers, rule states and leads (deleting one drops it).
        if changed.deals || changed.qualifications || changed.rule_states || changed.book {
            self.retrain_when_due();
        }
        match &changed.leads {
            Some(leads) => self.leads_changed.update_value(|seen| {
                if let Some(seen) = seen {
                    seen.extend(leads.iter().copied());
                }
            }),
            None => self.leads_changed.set_value(None),
        }
        if !changed.from_store {
            self.broadcast();
            self.keep_data_once();
            self.sync.soon(self);
        }
    }

    /// After the first save of a session, asks the browser to keep the data (not evict it when
    /// the disk fills). Asking again later is harmless but needless.
    fn keep_data_once(self) {
        if self.persistence_asked.get_value() {
            return;
        }
        self.persistence_asked.set_value(true);
        leptos::task::spawn_local(async {
            crate::ui::storage::request_persistence().await;
        });
    }

    /// Tells the other tabs that the store changed (sync wrote the team's changes).
    pub(crate) fn tell_other_tabs(&self) {
        self.broadcast();
    }

    fn broadcast(&self) {
        if let Some(channel) = self.channel.get_value() {
            let _ = channel.post_message(&JsValue::from_str("changed"));
        }
    }

    /// Other tabs on the same database tell this one of their changes (the demo's tabs only
    /// each other).
    fn listen_to_other_tabs(self, database: &str) {
        let Ok(channel) = web_sys::BroadcastChannel::new(&format!("{CHANGES_CHANNEL}:{database}"))
        else {
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
        let Ok(workspace) = self.workspace() else {
            return;
        };
        if let Err(e) = workspace.reload().await {
            self.report(e);
        }
    }

    pub(crate) fn workspace(&self) -> Result<Rc<crate::ui::mirror::AppWorkspace>, StoreError> {
        self.workspace
            .get_value()
            .ok_or_else(|| StoreError::Unavailable("the database is not open".into()))
    }

    /// Runs a command on the workspace; a store failure is shown in the banner, and a success
    /// with the notice `done` (if any).
    async fn run<T, P, F>(
        self,
        done: Option<(&'static str, Option<Undo>)>,
        command: impl FnOnce(Rc<crate::ui::mirror::AppWorkspace>) -> F,
    ) -> Result<T, CommandError<P>>
    where
        F: std::future::Future<Output = Result<T, CommandError<P>>>,
    {
        let workspace = self.workspace().map_err(|e| self.fail(e))?;
        let result = command(workspace).await;
        match &result {
            Ok(_) => {
                if let Some((key, undo)) = done {
                    self.notify(key, undo);
                }
            }
            Err(CommandError::Store(e)) => self.report(e.clone()),
            // The form shows what to do: the fields' problems, or both versions to choose from.
            Err(CommandError::Invalid(_) | CommandError::Conflict(_)) => {}
        }
        result
    }

    fn fail<P>(&self, error: StoreError) -> CommandError<P> {
        self.report(error.clone());
        CommandError::Store(error)
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

    pub async fn create_lead(self, form: LeadForm) -> Result<LeadId, CommandError<FieldError>> {
        self.run(Some(("leads.created", None)), |ws| async move {
            ws.create_lead(&form).await
        })
        .await
    }

    /// Saves an edited lead; `base` is its revision when the form opened (see
    /// [`Workspace::update_lead`]).
    pub async fn update_lead(
        self,
        id: LeadId,
        form: LeadForm,
        base: Revision,
    ) -> Result<(), CommandError<FieldError>> {
        self.run(Some(("leads.updated", None)), |ws| async move {
            ws.update_lead(id, &form, base).await
        })
        .await
    }

    /// A deal's stored revision now (untracked), for a form opening on it.
    pub fn deal_revision(&self, id: DealId) -> Option<Revision> {
        self.workspace()
            .ok()
            .and_then(|ws| ws.state().deal_revision(id))
    }

    /// A lead's answers' stored revision now (untracked), for the qualification form.
    pub fn qualification_revision(&self, lead: LeadId) -> Option<Revision> {
        self.workspace()
            .ok()
            .and_then(|ws| ws.state().qualification_revision(lead))
    }

    /// Soft delete: the lead stays stored and the notice offers Undo.
    pub async fn delete_lead(self, id: LeadId) -> Result<(), CommandError<()>> {
        let undo = Some(Undo::RestoreLead(id));
        self.run(Some(("leads.deleted", undo)), |ws| async move {
            Ok(ws.delete_lead(id).await?)
        })
        .await
    }

    /// Erases the lead for good (no undo: the dialog asked first).
    pub async fn erase_lead(self, id: LeadId) -> Result<(), CommandError<()>> {
        self.run(Some(("lead.erased", None)), |ws| async move {
            Ok(ws.erase_lead(id).await?)
        })
        .await
    }

    pub async fn restore_lead(self, id: LeadId) -> Result<(), CommandError<()>> {
        self.run(Some(("leads.restored", None)), |ws| async move {
            Ok(ws.restore_lead(id).await?)
        })
        .await
    }

    pub async fn undo(self, undo: Undo) {
        match undo {
            Undo::RestoreLead(id) => {
                let _ = self.restore_lead(id).await;
            }
            Undo::RestoreDeals(ticket) => {
                let Some(removal) = take_stashed(ticket) else {
                    return;
                };
                let _ = self
                    .run(Some(("deal.restored", None)), |ws| async move {
                        Ok::<_, CommandError<()>>(ws.undo_stale_removal(removal).await?)
                    })
                    .await;
            }
        }
    }

    /// Stores an import's new leads and its merges into stored leads, in one transaction.
    pub async fn import_plan(self, plan: ImportPlan) -> Result<(usize, usize), CommandError<()>> {
        self.run(Some(("import.done", None)), |ws| async move {
            Ok(ws.import_plan(plan).await?)
        })
        .await
    }

    pub async fn log_activity(
        self,
        lead_id: LeadId,
        form: ActivityForm,
    ) -> Result<(), CommandError<FieldError<ActivityField>>> {
        self.run(Some(("activity.saved", None)), |ws| async move {
            ws.log_activity(lead_id, &form).await.map(|_| ())
        })
        .await
    }

    /// Saves a lead's qualification answers.
    pub async fn save_qualification(
        self,
        qualification: Qualification,
        base: Option<Revision>,
    ) -> Result<(), CommandError<()>> {
        self.run(Some(("lead.qualification_saved", None)), |ws| async move {
            ws.save_qualification(qualification, base).await
        })
        .await
    }

    /// Converts a lead into a deal; returns the deal's id.
    pub async fn convert_to_deal(
        self,
        lead: LeadId,
        form: DealForm,
        override_reason: String,
    ) -> Result<DealId, CommandError<DealProblem>> {
        self.run(Some(("deal.created", None)), |ws| async move {
            ws.convert_to_deal(lead, &form, &override_reason).await
        })
        .await
    }

    pub async fn update_deal(
        self,
        id: DealId,
        form: DealForm,
        base: Option<Revision>,
    ) -> Result<(), CommandError<DealProblem>> {
        self.run(Some(("deal.updated", None)), |ws| async move {
            ws.update_deal(id, &form, base).await
        })
        .await
    }

    /// Moves, wins, loses, holds or reopens a deal.
    pub async fn move_deal(
        self,
        id: DealId,
        change: DealMove,
    ) -> Result<(), CommandError<MoveError>> {
        let key = match change {
            DealMove::ToStage(_) => "deal.moved",
            DealMove::Win => "deal.won",
            DealMove::Lose(_) => "deal.lost",
            DealMove::Hold(_) => "deal.held",
            DealMove::Reopen => "deal.reopened",
        };
        let moved = self
            .run(None, |ws| async move { ws.move_deal(id, &change).await })
            .await?;
        if moved {
            self.notify(key, None);
        }
        Ok(())
    }

    /// Closes the chosen stale deals as lost; the notice offers Undo.
    pub async fn remove_stale_deals(self, ids: Vec<DealId>) -> Result<(), CommandError<()>> {
        let removal = self
            .run(
                None,
                |ws| async move { Ok(ws.remove_stale_deals(&ids).await?) },
            )
            .await?;
        self.notify("pipeline.stale_removed", Some(stash(removal)));
        Ok(())
    }

    /// Applies the chosen rule actions.
    pub async fn apply_rule_actions(self, selection: Vec<Firing>) -> Result<(), CommandError<()>> {
        self.run(Some(("prune.applied", None)), |ws| async move {
            Ok(ws.apply_rule_actions(&selection).await?)
        })
        .await
    }

    /// Dismisses a firing: the rule will not flag this evidence for the lead again.
    pub async fn dismiss_firing(self, firing: Firing) -> Result<(), CommandError<()>> {
        self.run(Some(("prune.dismissed", None)), |ws| async move {
            Ok(ws.dismiss_firing(&firing).await?)
        })
        .await
    }

    /// Undoes an applied rule action.
    pub async fn undo_rule_action(self, id: AuditId) -> Result<(), CommandError<UndoProblem>> {
        self.run(Some(("prune.undone", None)), |ws| async move {
            ws.undo_rule_action(id).await
        })
        .await
    }

    pub async fn save_scoring_model(
        self,
        model: ScoringModel,
    ) -> Result<(), CommandError<ModelError>> {
        self.run(Some(("settings.saved", None)), |ws| async move {
            ws.save_scoring_model(model).await
        })
        .await
    }

    pub async fn save_question_bank(
        self,
        bank: QuestionBank,
    ) -> Result<(), CommandError<BankError>> {
        self.run(Some(("settings.saved", None)), |ws| async move {
            ws.save_question_bank(bank).await
        })
        .await
    }

    pub async fn save_profile(
        self,
        typed_name: String,
    ) -> Result<(), CommandError<ProfileProblem>> {
        self.run(Some(("settings.saved", None)), |ws| async move {
            ws.save_profile(&typed_name).await
        })
        .await
    }

    pub async fn save_rules(self, rules: RuleSet) -> Result<(), CommandError<RuleProblem>> {
        self.run(Some(("settings.saved", None)), |ws| async move {
            ws.save_rules(rules).await
        })
        .await
    }

    pub async fn save_pipeline(
        self,
        config: PipelineConfig,
        deletions: Vec<(StageId, Option<StageId>)>,
    ) -> Result<(), CommandError<PipelineProblem>> {
        self.run(Some(("settings.saved", None)), |ws| async move {
            ws.save_pipeline(config, &deletions).await
        })
        .await
    }

    /// Adds a task typed in the task form; a due time in the past is refused unless
    /// `past_confirmed`.
    pub async fn create_task(
        self,
        form: TaskForm,
        subject: TaskSubject,
        past_confirmed: bool,
    ) -> Result<TaskId, CommandError<FollowUpProblem>> {
        let task = form
            .validate(0, subject, now(), utc_offset_minutes(), past_confirmed)
            .map_err(|problems| {
                CommandError::Invalid(problems.into_iter().map(FollowUpProblem::Task).collect())
            })?;
        self.run(Some(("tasks.created", None)), |ws| async move {
            ws.create_task(task).await
        })
        .await
    }

    /// Marks a task done; one about a lead logs on it what doing the task was, with the title
    /// as the user reads it in `lang`.
    pub async fn complete_task(
        self,
        id: TaskId,
        lang: crate::i18n::Lang,
    ) -> Result<(), CommandError<FollowUpProblem>> {
        let log = self.follow_up.with_untracked(|f| {
            f.task(id).map(|task| {
                (
                    completion_activity(task, &f.sequences),
                    crate::i18n::task_title(lang, task),
                )
            })
        });
        self.run(Some(("tasks.completed", None)), |ws| async move {
            ws.complete_task(id, log).await
        })
        .await
    }

    pub async fn reopen_task(self, id: TaskId) -> Result<(), CommandError<FollowUpProblem>> {
        self.run(Some(("tasks.reopened", None)), |ws| async move {
            ws.reopen_task(id).await
        })
        .await
    }

    /// Saves a message template (id 0: a new one); one naming an unknown placeholder is refused.
    pub async fn save_template(
        self,
        template: Template,
    ) -> Result<u64, CommandError<FollowUpProblem>> {
        self.run(Some(("templates.saved", None)), |ws| async move {
            ws.save_template(template).await
        })
        .await
    }

    pub async fn delete_template(self, id: u64) -> Result<(), CommandError<FollowUpProblem>> {
        self.run(Some(("templates.deleted", None)), |ws| async move {
            ws.delete_template(id).await
        })
        .await
    }

    /// Saves a sequence (id 0: a new one); one without steps is refused.
    pub async fn save_sequence(
        self,
        sequence: Sequence,
    ) -> Result<u64, CommandError<FollowUpProblem>> {
        self.run(Some(("sequences.saved", None)), |ws| async move {
            ws.save_sequence(sequence).await
        })
        .await
    }

    pub async fn delete_sequence(self, id: u64) -> Result<(), CommandError<FollowUpProblem>> {
        self.run(Some(("sequences.deleted", None)), |ws| async move {
            ws.delete_sequence(id).await
        })
        .await
    }

    /// Enrolls a lead in a sequence, its tasks going to `owner`; its first steps become tasks.
    pub async fn enroll(
        self,
        lead: LeadId,
        sequence: u64,
        owner: String,
    ) -> Result<(), CommandError<FollowUpProblem>> {
        self.run(Some(("sequences.enrolled_done", None)), |ws| async move {
            ws.enroll(lead, sequence, &owner).await
        })
        .await
    }

    pub async fn unenroll(self, lead: LeadId, sequence: u64) -> Result<(), CommandError<()>> {
        self.run(Some(("sequences.unenrolled", None)), |ws| async move {
            Ok(ws.unenroll(lead, sequence).await?)
        })
        .await
    }

    /// Saves Settings → Automation.
    pub async fn save_automation(
        self,
        settings: AutomationSettings,
    ) -> Result<(), CommandError<()>> {
        self.run(Some(("settings.saved", None)), |ws| async move {
            Ok(ws.save_automation(settings).await?)
        })
        .await
    }

    /// Records that task reminders were shown up to `at` (see [`crate::domain::followup::came_due`]).
    pub async fn mark_reminded(self, at: Timestamp) {
        let _ = self
            .run::<(), (), _>(None, |ws| async move { Ok(ws.mark_reminded(at).await?) })
            .await;
    }

    pub async fn save_targets(
        self,
        targets: SalesTargets,
    ) -> Result<(), CommandError<TargetProblem>> {
        self.run(Some(("settings.saved", None)), |ws| async move {
            ws.save_targets(targets).await
        })
        .await
    }
}

impl AppState {
    /// Retrains the learned model now (Reports → "Retrain model"), after the browser has
    /// painted, so the click's feedback shows before training holds the page.
    pub async fn retrain_model(self) -> Result<(), CommandError<()>> {
        after_paint().await;
        self.run(Some(("learning.retrained", None)), |ws| async move {
            Ok(ws.retrain_model().await?)
        })
        .await
    }

    /// Checks, a moment after start or after outcomes changed and off the input path, whether
    /// enough new outcomes arrived to retrain, and retrains if so. Changes arriving meanwhile
    /// join the check already waiting.
    fn retrain_when_due(self) {
        if self.retrain_pending.get_value() {
            return;
        }
        self.retrain_pending.set_value(true);
        leptos::task::spawn_local(async move {
            sleep_ms(RETRAIN_CHECK_DELAY_MS).await;
            after_paint().await;
            self.retrain_pending.set_value(false);
            if let Ok(workspace) = self.workspace() {
                if let Err(e) = workspace.retrain_model_if_due().await {
                    self.report(e);
                }
            }
        });
    }

    /// Suggested re-weights of the hand-set model (tracked: re-runs when the learned model or
    /// the scoring model changes).
    pub fn suggested_reweights(&self) -> Vec<Reweight> {
        self.learned.track();
        self.scoring.track();
        self.workspace()
            .map(|ws| ws.suggested_reweights())
            .unwrap_or_default()
    }

    /// Applies suggested re-weights (one, or all) to the scoring model.
    pub async fn apply_reweights(
        self,
        reweights: Vec<Reweight>,
    ) -> Result<usize, CommandError<ModelError>> {
        let applied = self
            .run(
                None,
                |ws| async move { ws.apply_reweights(&reweights).await },
            )
            .await?;
        self.notify(
            if applied > 0 {
                "learning.applied"
            } else {
                "learning.nothing_applied"
            },
            None,
        );
        Ok(applied)
    }

    /// Offers the stored model as a readable JSON file.
    pub fn export_model(&self) {
        let Some(json) = self
            .learned
            .with_untracked(|doc| serde_json::to_vec_pretty(doc).ok())
        else {
            return;
        };
        let day = crate::domain::Date::from_timestamp(now(), utc_offset_minutes());
        let name = format!(
            "kariz-model-{}.json",
            crate::domain::time::date_input::format_date_for_input(day)
        );
        crate::ui::components::download_bytes(&name, "application/json", &json);
    }
}

/// How long after a change the due-retraining check waits, so a burst of changes (an import, a
/// bulk close) is checked once.
const RETRAIN_CHECK_DELAY_MS: i32 = 1_500;

/// Resolves after the browser has painted the next frame and handled input waiting for it.
async fn after_paint() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let after_frame = Closure::once_into_js(move || {
            let _ = window()
                .set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), 0);
        });
        let _ = window().request_animation_frame(after_frame.unchecked_ref());
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Resolves after `ms` milliseconds.
async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

thread_local! {
    /// What "Remove stale deals" closed, by undo ticket.
    static STALE_REMOVALS: std::cell::RefCell<(u64, std::collections::HashMap<u64, StaleRemoval>)> =
        Default::default();
}

fn stash(removal: StaleRemoval) -> Undo {
    STALE_REMOVALS.with(|stash| {
        let mut stash = stash.borrow_mut();
        stash.0 += 1;
        let ticket = stash.0;
        stash.1.insert(ticket, removal);
        Undo::RestoreDeals(ticket)
    })
}

fn take_stashed(ticket: u64) -> Option<StaleRemoval> {
    STALE_REMOVALS.with(|stash| stash.borrow_mut().1.remove(&ticket))
}
