//! Sync in the app: rounds run while the page is open — at start, shortly after each change made
//! here, and every few seconds for the team's changes — in the one tab of this browser that holds
//! the sync lock. The status line and "Sync now" sit in the header; the form is in Settings; the
//! records two people changed differently are listed under Conflicts.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::sync::RevId;
use crate::i18n::{format_number, t, t_opt, t_with, Lang};
use crate::sync::encryption::EncryptionError;
use crate::sync::fetch::Connection;
use crate::sync::sealed::{is_encrypted, unlock, Cipher, Sealed, ITERATIONS};
use crate::sync::webcrypto::{WebCrypto, WebKey};
use crate::sync::{since_param, Method, Request, SendError, Status, SyncCount, SyncError};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::links::href;
use crate::ui::state::{use_app, AppState};
use crate::workspace::{
    saved_sync_settings, SyncConflict, SyncEncryption, SyncSettings, SyncSetup,
};

/// How often the team's changes are fetched while the page is open.
const POLL: Duration = Duration::from_secs(3);
/// How long after a change made here it is sent (several quick changes go together).
const AFTER_CHANGE: Duration = Duration::from_millis(400);
/// How long the server holds a watch for the team's next change open before it answers "nothing".
const WATCH: Duration = Duration::from_secs(25);
/// A watch answered "nothing" sooner than this: the server does not hold it open (the poll
/// watches instead).
const WATCH_HELD: Duration = Duration::from_secs(1);
/// Records a round must have to move before the status line counts them.
const BATCH_WORTH_SHOWING: usize = 100;

/// Where sync stands, for the status line.
#[derive(Clone, Debug, PartialEq)]
pub enum SyncLine {
    /// Not set up in this browser.
    Off,
    /// Set up, and sync runs in another tab of this browser.
    OtherTab,
    Stopped,
    /// The password was not remembered: asked in Settings → Sync.
    NeedsPassword,
    /// A round runs; how far, once the replication knows its total.
    Syncing(Option<SyncCount>),
    Synced,
    Offline {
        waiting: usize,
    },
    Failed(SyncError),
}

impl SyncLine {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            SyncLine::Off => t(lang, "sync.off").to_owned(),
            SyncLine::OtherTab => t(lang, "sync.other_tab").to_owned(),
            SyncLine::Stopped => t(lang, "sync.stopped").to_owned(),
            SyncLine::NeedsPassword => t(lang, "sync.needs_password").to_owned(),
            SyncLine::Syncing(Some(SyncCount {
                done,
                total: Some(total),
            })) => t_with(
                lang,
                "sync.syncing_count",
                &[
                    ("done", &format_number(lang, *done as u64)),
                    ("total", &format_number(lang, *total as u64)),
                ],
            ),
            SyncLine::Syncing(_) => t(lang, "sync.syncing").to_owned(),
            SyncLine::Synced => t(lang, "sync.synced").to_owned(),
            SyncLine::Offline { waiting } => t_with(
                lang,
                "sync.offline",
                &[("count", &format_number(lang, *waiting as u64))],
            ),
            SyncLine::Failed(error) => {
                t_with(lang, "sync.failed", &[("why", &error_text(lang, error))])
            }
        }
    }
}

/// A sync error in the reader's language.
pub fn error_text(lang: Lang, error: &SyncError) -> String {
    match error {
        SyncError::Unauthorized => t(lang, "sync.error_unauthorized").to_owned(),
        SyncError::Forbidden(reason) => {
            t_with(lang, "sync.error_forbidden", &[("reason", reason.as_str())])
        }
        SyncError::NoDatabase => t(lang, "sync.error_no_database").to_owned(),
        SyncError::Server { status, reason, .. } => t_with(
            lang,
            "sync.error_server",
            &[("status", &status.to_string()), ("reason", reason.as_str())],
        ),
        SyncError::Protocol(what) => {
            t_with(lang, "sync.error_protocol", &[("what", what.as_str())])
        }
        SyncError::NotStored(why) => {
            t_with(lang, "sync.error_not_stored", &[("why", why.as_str())])
        }
        SyncError::Encryption(EncryptionError::WrongPassphrase) => {
            t(lang, "sync.error_wrong_passphrase").to_owned()
        }
        SyncError::Encryption(EncryptionError::PassphraseNeeded) => {
            t(lang, "sync.error_passphrase_needed").to_owned()
        }
        SyncError::Encryption(EncryptionError::NotEncrypted(id)) => {
            t_with(lang, "sync.error_not_encrypted", &[("id", id.as_str())])
        }
        SyncError::Encryption(EncryptionError::Malformed(what)) => t_with(
            lang,
            "sync.error_sealed_malformed",
            &[("what", what.as_str())],
        ),
    }
}

/// The status line for a request that brought no usable answer.
fn line_of(error: SendError) -> SyncLine {
    match error {
        SendError::Unreachable(_) => SyncLine::Offline { waiting: 0 },
        SendError::Refused(error) => SyncLine::Failed(error),
        SendError::Encryption(error) => SyncLine::Failed(SyncError::Encryption(error)),
    }
}

/// Settings → Sync as filled in (the database URL already checked).
pub struct SyncForm {
    pub database_url: String,
    pub user: String,
    pub password: String,
    /// Empty: no end-to-end encryption.
    pub passphrase: String,
    pub remember: bool,
}

/// Sync's state in the app.
#[derive(Clone, Copy)]
pub struct SyncUi {
    /// The saved settings, once sync runs in this tab.
    pub settings: RwSignal<Option<SyncSettings>>,
    pub line: RwSignal<SyncLine>,
    pub conflicts: RwSignal<Vec<SyncConflict>>,
    /// The password for this visit (kept in the store only when remembered).
    password: StoredValue<Option<String>>,
    /// The team's key for this visit, when it encrypts.
    key: StoredValue<Option<std::rc::Rc<WebKey>>, LocalStorage>,
    /// Whether this tab holds the sync lock.
    in_this_tab: StoredValue<bool>,
    running: StoredValue<bool>,
    /// A round was asked for while one ran: run another at its end.
    again: StoredValue<bool>,
    /// A round is already scheduled shortly.
    scheduled: StoredValue<bool>,
    /// A watch for the team's next change is open.
    watching: StoredValue<bool>,
}

impl SyncUi {
    pub fn new() -> SyncUi {
        SyncUi {
            settings: RwSignal::new(None),
            line: RwSignal::new(SyncLine::Off),
            conflicts: RwSignal::new(Vec::new()),
            password: StoredValue::new(None),
            key: StoredValue::new_local(None),
            in_this_tab: StoredValue::new(false),
            running: StoredValue::new(false),
            again: StoredValue::new(false),
            scheduled: StoredValue::new(false),
            watching: StoredValue::new(false),
        }
    }

    /// At start: once this tab holds the sync lock, picks up sync where it was left and keeps
    /// it running. Until then (another tab runs it) the line says so.
    pub fn start(self, app: AppState, database: &str) {
        leptos::task::spawn_local(async move {
            let Ok(workspace) = app.workspace() else {
                return;
            };
            let set_up = matches!(saved_sync_settings(workspace.store()).await, Ok(Some(_)));
            if set_up && !self.in_this_tab.get_value() {
                self.line.set(SyncLine::OtherTab);
            }
        });
        hold_lock(&format!("kariz-sync:{database}"), move || {
            self.in_this_tab.set_value(true);
            leptos::task::spawn_local(self.resume(app));
            set_interval(move || leptos::task::spawn_local(self.round(app)), POLL);
        });
    }

    async fn resume(self, app: AppState) {
        let Ok(workspace) = app.workspace() else {
            return;
        };
        let saved = match saved_sync_settings(workspace.store()).await {
            Ok(Some(saved)) => saved,
            Ok(None) => return self.line.set(SyncLine::Off),
            Err(e) => return app.report(e),
        };
        self.password.set_value(saved.password.clone());
        let mut rev_key = None;
        if saved.encrypted {
            let Some(passphrase) = saved.passphrase.clone() else {
                return self.line.set(SyncLine::NeedsPassword);
            };
            let connection = self.connection(&saved);
            match unlock(
                &connection,
                &WebCrypto,
                &passphrase,
                ITERATIONS,
                saved.key_setup.as_ref(),
            )
            .await
            {
                Ok((key, _)) => {
                    rev_key = Some(key.rev_key().to_vec());
                    self.key.set_value(Some(std::rc::Rc::new(key)));
                }
                Err(error) => return self.line.set(line_of(error)),
            }
        }
        match workspace.resume_sync(rev_key.as_deref()).await {
            Ok(settings) => {
                let server = settings
                    .as_ref()
                    .is_some_and(|s| !s.database_url.is_empty());
                self.line.set(if server {
                    SyncLine::Syncing(None)
                } else {
                    SyncLine::Off
                });
                self.settings.set(settings);
                self.conflicts.set(workspace.sync_conflicts());
                self.round(app).await;
            }
            Err(e) => app.report(e),
        }
    }

    fn connection(&self, settings: &SyncSettings) -> Connection {
        Connection {
            database_url: settings.database_url.clone(),
            user: settings.user.clone(),
            password: self.password.get_value().unwrap_or_default(),
        }
    }

    /// Sets sync up (or again, with other details) and runs a first round. With a passphrase the
    /// database's key is found or set up on the server first; a wrong one stops here.
    pub async fn set_up(self, app: AppState, form: SyncForm) {
        let Ok(workspace) = app.workspace() else {
            return;
        };
        if !self.in_this_tab.get_value() {
            self.line.set(SyncLine::OtherTab);
            return;
        }
        self.line.set(SyncLine::Syncing(None));
        let connection = Connection {
            database_url: form.database_url.clone(),
            user: form.user.clone(),
            password: form.password.clone(),
        };
        let encryption = if form.passphrase.is_empty() {
            match is_encrypted(&connection).await {
                Ok(false) | Err(SendError::Unreachable(_)) => None,
                Ok(true) => {
                    let error = SyncError::Encryption(EncryptionError::PassphraseNeeded);
                    return self.line.set(SyncLine::Failed(error));
                }
                Err(error) => return self.line.set(line_of(error)),
            }
        } else {
            let known = self
                .settings
                .get_untracked()
                .filter(|s| s.database_url == form.database_url)
                .and_then(|s| s.key_setup);
            match unlock(
                &connection,
                &WebCrypto,
                &form.passphrase,
                ITERATIONS,
                known.as_ref(),
            )
            .await
            {
                Ok((key, key_setup)) => {
                    let encryption = SyncEncryption {
                        rev_key: key.rev_key().to_vec(),
                        key_setup,
                        remembered_passphrase: form.remember.then(|| form.passphrase.clone()),
                    };
                    self.key.set_value(Some(std::rc::Rc::new(key)));
                    Some(encryption)
                }
                Err(error) => return self.line.set(line_of(error)),
            }
        };
        let setup = SyncSetup {
            database_url: form.database_url,
            user: form.user,
            remembered_password: form.remember.then(|| form.password.clone()),
            encryption,
        };
        match workspace.set_up_sync(setup).await {
            Ok(settings) => {
                self.password.set_value(Some(form.password));
                self.settings.set(Some(settings));
                app.tell_other_tabs();
                self.round(app).await;
            }
            Err(e) => app.report(e),
        }
    }

    /// "Stop sync".
    pub async fn stop(self, app: AppState) {
        let Ok(workspace) = app.workspace() else {
            return;
        };
        match workspace.set_sync_stopped(true).await {
            Ok(()) => {
                self.settings.set(workspace.sync_settings());
                self.line.set(SyncLine::Stopped);
            }
            Err(e) => app.report(e),
        }
    }

    /// A change was made here: send it shortly.
    pub fn soon(self, app: AppState) {
        if self.settings.with_untracked(Option::is_none) || self.scheduled.get_value() {
            return;
        }
        self.scheduled.set_value(true);
        set_timeout(
            move || {
                self.scheduled.set_value(false);
                leptos::task::spawn_local(self.round(app));
            },
            AFTER_CHANGE,
        );
    }

    /// Runs a round now, unless sync is not set up here, stopped, or waiting for the password;
    /// one asked for while another runs follows it.
    pub async fn round(self, app: AppState) {
        let Some(settings) = self.settings.get_untracked() else {
            return;
        };
        if settings.database_url.is_empty() {
            // Changes travel by file only.
            return;
        }
        if settings.stopped {
            self.line.set(SyncLine::Stopped);
            return;
        }
        let password = self.password.get_value();
        if password.is_none() && !settings.user.is_empty() {
            self.line.set(SyncLine::NeedsPassword);
            return;
        }
        if self.running.get_value() {
            self.again.set_value(true);
            return;
        }
        let Ok(workspace) = app.workspace() else {
            return;
        };
        self.running.set_value(true);
        let mut pulled_to = None;
        loop {
            self.again.set_value(false);
            if !matches!(self.line.get_untracked(), SyncLine::Synced) {
                self.line.set(SyncLine::Syncing(None));
            }
            let connection = self.connection(&settings);
            let key = self.key.get_value();
            // A count only while there is a batch of work (a first sync, a long time offline):
            // a poll that finds nothing keeps "Synced" instead of flickering.
            let line = self.line;
            let progress = move |count: SyncCount| {
                if count
                    .total
                    .is_some_and(|total| total > count.done && total > BATCH_WORTH_SHOWING)
                {
                    line.set(SyncLine::Syncing(Some(count)));
                }
            };
            let outcome = match (&key, settings.encrypted) {
                (Some(key), true) => {
                    let sealed = Sealed {
                        inner: &connection,
                        key: key.as_ref(),
                    };
                    workspace.sync_round_with(&sealed, progress).await
                }
                (None, true) => {
                    self.line.set(SyncLine::NeedsPassword);
                    None
                }
                (_, false) => workspace.sync_round_with(&connection, progress).await,
            };
            if let Some(outcome) = outcome {
                if outcome.written_here > 0 {
                    app.tell_other_tabs();
                }
                pulled_to = outcome.pulled_to.clone();
                self.line.set(match outcome.status {
                    Status::Synced | Status::Syncing { .. } => SyncLine::Synced,
                    Status::Offline { waiting } => SyncLine::Offline { waiting },
                    Status::Failed(error) => SyncLine::Failed(error),
                });
                self.settings.set(workspace.sync_settings());
                self.conflicts.set(workspace.sync_conflicts());
            }
            if !self.again.get_value() {
                break;
            }
        }
        self.running.set_value(false);
        if let Some(since) = pulled_to {
            self.watch(app, settings.database_url, since);
        }
    }

    /// Watches the team's database for a change after `since` (`_changes?feed=longpoll`) and
    /// runs a round as soon as one comes, so a colleague's change shows within a second rather
    /// than at the next poll. One watch at a time; each round that ends synced opens the next.
    /// It ends without a word when the server cannot be reached, refuses it or does not hold it
    /// open: the poll goes on regardless.
    fn watch(self, app: AppState, database_url: String, since: serde_json::Value) {
        let Some(settings) = self.settings.get_untracked() else {
            return;
        };
        if self.watching.get_value() || settings.stopped || settings.database_url != database_url {
            return;
        }
        self.watching.set_value(true);
        let connection = self.connection(&settings);
        leptos::task::spawn_local(async move {
            let request = Request {
                method: Method::Get,
                path: "_changes".into(),
                query: vec![
                    ("feed".into(), "longpoll".into()),
                    ("since".into(), since_param(&since)),
                    ("limit".into(), "1".into()),
                    ("timeout".into(), WATCH.as_millis().to_string()),
                ],
                body: None,
            };
            let asked = js_sys::Date::now();
            let answer = connection.send(&request).await;
            self.watching.set_value(false);
            let Ok(answer) = answer.map_err(drop).and_then(|a| match a.status {
                200 => Ok(a.body),
                _ => Err(()),
            }) else {
                return;
            };
            let changed = answer
                .get("results")
                .and_then(serde_json::Value::as_array)
                .is_some_and(|results| !results.is_empty());
            if changed {
                // Its end opens the next watch.
                self.round(app).await;
            } else if js_sys::Date::now() - asked >= WATCH_HELD.as_millis() as f64 {
                let next = answer.get("last_seq").cloned().unwrap_or(since);
                self.watch(app, database_url, next);
            }
        });
    }

    /// "Keep this" for version `rev` of record `doc_id`, once no round holds the replica.
    pub async fn keep(self, app: AppState, doc_id: String, rev: RevId) {
        let Ok(workspace) = app.workspace() else {
            return;
        };
        while self.running.get_value() {
            gloo_timers::future::TimeoutFuture::new(50).await;
        }
        self.running.set_value(true);
        let kept = workspace.keep_version(&doc_id, &rev).await;
        self.running.set_value(false);
        match kept {
            Ok(_) => {
                self.conflicts.set(workspace.sync_conflicts());
                app.tell_other_tabs();
                self.soon(app);
            }
            Err(e) => app.report(e),
        }
    }
}

/// Asks the browser for the lock `name` and calls `acquired` once this tab holds it, for as long
/// as the page lives (another tab holding it, that is when it closes). Without Web Locks (an
/// older browser) this tab takes it at once.
fn hold_lock(name: &str, acquired: impl FnOnce() + 'static) {
    let navigator = window().navigator();
    let locks = js_sys::Reflect::get(&navigator, &JsValue::from_str("locks"))
        .ok()
        .filter(|l| !l.is_undefined() && !l.is_null());
    let request = locks.as_ref().and_then(|locks| {
        js_sys::Reflect::get(locks, &JsValue::from_str("request"))
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()
    });
    let (Some(locks), Some(request)) = (locks, request) else {
        acquired();
        return;
    };
    let callback = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
        acquired();
        // Never settles: the lock is held while the page is open.
        js_sys::Promise::new(&mut |_, _| {}).into()
    });
    let _ = request.call2(&locks, &JsValue::from_str(name), &callback);
}

/// Settings → Data: change files, for a team without a server.
#[component]
pub fn ChangeFileControls() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let busy = RwSignal::new(false);
    let message = RwSignal::new(None::<(bool, String)>);
    let file_input = NodeRef::<leptos::html::Input>::new();
    let export = move |_| {
        busy.set(true);
        message.set(None);
        leptos::task::spawn_local(async move {
            let lang = lang.get_untracked();
            match app.workspace() {
                Ok(workspace) => match workspace.export_changes().await {
                    Ok(text) => {
                        let day = crate::domain::Date::from_timestamp(
                            crate::ui::state::now(),
                            crate::ui::state::utc_offset_minutes(),
                        );
                        let name = format!(
                            "kariz-changes-{}.json",
                            crate::domain::time::date_input::format_date_for_input(day)
                        );
                        crate::ui::components::download_text(&name, "application/json", &text);
                        message.set(Some((false, t(lang, "changes.exported").to_owned())));
                    }
                    Err(e) => message.set(Some((true, change_file_error(lang, &e)))),
                },
                Err(e) => app.report(e),
            }
            busy.set(false);
        });
    };
    let choose = move |_| crate::ui::components::open_file_picker(file_input);
    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = crate::ui::components::chosen_file(&ev) else {
            return;
        };
        busy.set(true);
        message.set(None);
        leptos::task::spawn_local(async move {
            let lang = lang.get_untracked();
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            let text = text.ok().and_then(|t| t.as_string());
            let outcome = match (text, app.workspace()) {
                (Some(text), Ok(workspace)) => {
                    let result = workspace.import_changes(&text).await;
                    app.sync.conflicts.set(workspace.sync_conflicts());
                    result
                }
                (None, _) => Err(crate::workspace::ChangeFileError::Unreadable(
                    t(lang, "changes.unreadable_file").to_owned(),
                )),
                (_, Err(e)) => Err(crate::workspace::ChangeFileError::Store(e)),
            };
            match outcome {
                Ok(imported) => {
                    if imported.written_here > 0 {
                        app.tell_other_tabs();
                    }
                    let key = if imported.new_revisions == 0 {
                        "changes.nothing_new"
                    } else {
                        "changes.imported"
                    };
                    let count = format_number(lang, imported.written_here as u64);
                    message.set(Some((false, t_with(lang, key, &[("count", &count)]))));
                }
                Err(e) => message.set(Some((true, change_file_error(lang, &e)))),
            }
            busy.set(false);
        });
    };
    view! {
        <h3>{tr("changes.title")}</h3>
        <p>{tr("changes.help")}</p>
        <div class="actions">
            <button type="button" disabled=move || busy.get() on:click=export>{tr("changes.export")}</button>
            <button type="button" disabled=move || busy.get() on:click=choose>{tr("changes.import")}</button>
            <input node_ref=file_input type="file" class="visually-hidden" tabindex="-1" aria-hidden="true"
                accept=".json,application/json" on:change=on_file/>
        </div>
        {move || message.get().map(|(failed, text)| if failed {
            view! { <p class="error" role="alert">{text}</p> }.into_any()
        } else {
            view! { <p role="status">{text}</p> }.into_any()
        })}
    }
}

fn change_file_error(lang: Lang, error: &crate::workspace::ChangeFileError) -> String {
    use crate::workspace::ChangeFileError as E;
    match error {
        E::Unreadable(why) => t_with(lang, "changes.error_unreadable", &[("why", why.as_str())]),
        E::OwnFile => t(lang, "changes.error_own_file").to_owned(),
        E::NotHere => t(lang, "changes.error_not_here").to_owned(),
        E::Store(e) => e.to_string(),
    }
}

/// The status line and "Sync now", in the header, once sync is set up.
#[component]
pub fn SyncIndicator() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let sync = app.sync;
    let shown = move || !matches!(sync.line.get(), SyncLine::Off);
    view! {
        <Show when=shown>
            <div class="sync-indicator">
                <span role="status" aria-label=tr("sync.status_label")
                    class=move || match sync.line.get() {
                        SyncLine::Failed(_) => "sync-line failed",
                        SyncLine::Offline { .. } | SyncLine::NeedsPassword => "sync-line waiting",
                        _ => "sync-line",
                    }>
                    {move || sync.line.get().text(lang.get())}
                </span>
                <Show when=move || sync.settings.with(Option::is_some)>
                    <button type="button" class="small"
                        on:click=move |_| leptos::task::spawn_local(sync.round(app))>
                        {tr("sync.now")}
                    </button>
                </Show>
            </div>
        </Show>
    }
}

/// History: who changed which fields of record `doc_id` (`lead:42`), newest first, as sync holds
/// its versions (the last 20 and every branch's newest). Shown once sync is set up.
#[component]
pub fn ChangeHistory(#[prop(into)] doc_id: String) -> impl IntoView {
    let changes = history_of(doc_id.clone());
    let lang = use_lang();
    view! {
        <Show when=move || changes.with(|c| !c.is_empty())>
            <section class="card" aria-labelledby="record-history-title">
                <h2 id="record-history-title">{tr("history.title")}</h2>
                {history_list(lang, doc_id.clone(), changes)}
            </section>
        </Show>
    }
}

/// The History of one record among several listed together (a lead's deals, tasks, sequences,
/// templates): "History of “<title>”", folded under the record's line and opened on demand.
/// `doc_id` names the record as sync does (`deal:9`, `task:3`).
#[component]
pub fn FoldedHistory(
    #[prop(into)] doc_id: String,
    #[prop(into)] title: Signal<String>,
) -> impl IntoView {
    let changes = history_of(doc_id.clone());
    let lang = use_lang();
    let heading = move || t_with(lang.get(), "history.named", &[("title", &title.get())]);
    view! {
        <Show when=move || changes.with(|c| !c.is_empty())>
            <details class="folded-history">
                <summary>{heading}</summary>
                <section aria-label=heading>
                    {history_list(lang, doc_id.clone(), changes)}
                </section>
            </details>
        </Show>
    }
}

/// The versions of `doc_id` that sync holds, read again after a local edit, a round (the
/// replica is back) and "Keep this".
fn history_of(doc_id: String) -> Memo<Vec<crate::domain::sync::Change>> {
    let app = use_app();
    let doc_id = StoredValue::new(doc_id);
    Memo::new(move |_| {
        app.book.track();
        app.deals.track();
        app.follow_up.track();
        app.sync.line.track();
        app.sync.conflicts.track();
        app.workspace()
            .map(|w| w.sync_history(&doc_id.get_value()))
            .unwrap_or_default()
    })
}

fn history_list(
    lang: RwSignal<Lang>,
    doc_id: String,
    changes: Memo<Vec<crate::domain::sync::Change>>,
) -> impl IntoView {
    view! {
        <ol class="record-history">
            {move || {
                let lang = lang.get();
                changes
                    .get()
                    .into_iter()
                    .map(|change| view! { <li>{history_line(lang, &doc_id, &change)}</li> })
                    .collect_view()
            }}
        </ol>
    }
}

/// "Sara changed City, Phone", or "Sara created it" for a record's first version.
fn history_line(lang: Lang, doc_id: &str, change: &crate::domain::sync::Change) -> String {
    let name = if change.by.is_empty() {
        t(lang, "history.someone").to_owned()
    } else {
        change.by.clone()
    };
    if change.rev.pos == 1 {
        return t_with(lang, "history.created", &[("name", &name)]);
    }
    // Bookkeeping that changes with every save is not news; a deal's stage log changes with
    // its stage and status, which are named.
    let fields: Vec<String> = change
        .fields
        .iter()
        .filter(|f| !matches!(f.as_str(), "id" | "updated_at" | "history"))
        .map(|f| field_label(lang, doc_id, f))
        .collect();
    if fields.is_empty() {
        return t_with(lang, "history.saved", &[("name", &name)]);
    }
    t_with(
        lang,
        "history.changed",
        &[
            ("name", &name),
            ("fields", &fields.join(t(lang, "history.separator"))),
        ],
    )
}

/// A record's field as its form names it ("Company", "Deal title", "Due"); the stored name,
/// spaced, for one no form shows.
fn field_label(lang: Lang, doc_id: &str, field: &str) -> String {
    let prefix = match doc_id.split_once(':').map(|(kind, _)| kind) {
        Some("deal") => "deal_field",
        Some("task") => "task_field",
        Some("sequence") => "sequence_field",
        Some("template") => "template_field",
        _ => "field",
    };
    match t_opt(lang, &format!("{prefix}.{field}")) {
        Some(label) => label.to_owned(),
        None => field.replace('_', " "),
    }
}

/// The navigation link to Conflicts, with their count, while there are any.
#[component]
pub fn ConflictsLink() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let count = move || app.sync.conflicts.with(Vec::len);
    view! {
        <Show when=move || count() != 0>
            <leptos_router::components::A href=href("/conflicts")>
                {tr("conflicts.nav")}" "
                <span class="nav-count">{move || format_number(lang.get(), count() as u64)}</span>
            </leptos_router::components::A>
        </Show>
    }
}

/// Records two people changed differently: each field with both values, and "Keep this".
#[component]
pub fn ConflictsPage() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let conflicts = app.sync.conflicts;
    view! {
        <h1>{tr("conflicts.title")}</h1>
        <p>{tr("conflicts.help")}</p>
        <Show when=move || conflicts.with(Vec::is_empty)>
            <p role="status">{tr("conflicts.none")}</p>
        </Show>
        <For each=move || conflicts.get() key=|c| format!("{c:?}") let:conflict>
            {record_conflict(app, lang, conflict)}
        </For>
    }
}

fn record_conflict(app: AppState, lang: RwSignal<Lang>, conflict: SyncConflict) -> impl IntoView {
    let (title, lead) = record_title(app, lang.get_untracked(), &conflict.doc_id);
    let heading_id = format!("conflict-{}", conflict.doc_id.replace(':', "-"));
    let labelled_by = heading_id.clone();
    let doc_id = conflict.doc_id.clone();
    let versions: Vec<(RevId, Vec<(String, String)>)> = versions_of(&conflict);
    let authors = conflict.authors.clone();
    let link = lead.map(|id| href(&format!("/leads/{id}")));
    view! {
        <section class="card" aria-labelledby=labelled_by>
            <h2 id=heading_id>
                {match link {
                    Some(link) => view! { <a href=link>{title}</a> }.into_any(),
                    None => view! { <span>{title}</span> }.into_any(),
                }}
            </h2>
            <div class="conflict-versions">
                {versions
                    .into_iter()
                    .enumerate()
                    .map(|(i, (rev, fields))| {
                        let doc_id = doc_id.clone();
                        view! {
                            <div class="conflict-version" role="group" aria-label=move || t_with(lang.get(), "conflicts.version", &[("n", &format_number(lang.get(), i as u64 + 1))])>
                                <h3>{move || t_with(lang.get(), "conflicts.version", &[("n", &format_number(lang.get(), i as u64 + 1))])}</h3>
                                {author_of(&authors, &rev).map(|name| view! {
                                    <p class="conflict-author">{move || t_with(lang.get(), "conflicts.by", &[("name", name.as_str())])}</p>
                                })}
                                <dl>
                                    {fields
                                        .into_iter()
                                        .map(|(field, value)| {
                                            let doc_id = doc_id.clone();
                                            let label = move || field_label(lang.get(), &doc_id, &field);
                                            view! { <dt>{label}</dt><dd>{value}</dd> }
                                        })
                                        .collect_view()}
                                </dl>
                                <button type="button"
                                    on:click=move |_| leptos::task::spawn_local(app.sync.keep(app, doc_id.clone(), rev.clone()))>
                                    {tr("conflicts.keep")}
                                </button>
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
        </section>
    }
}

/// Who saved version `rev`, when they gave their name.
fn author_of(authors: &[(RevId, String)], rev: &RevId) -> Option<String> {
    authors
        .iter()
        .find(|(r, name)| r == rev && !name.is_empty())
        .map(|(_, name)| name.clone())
}

/// Each conflicting version with the values it holds for the conflicting fields.
fn versions_of(conflict: &SyncConflict) -> Vec<(RevId, Vec<(String, String)>)> {
    let mut versions: Vec<(RevId, Vec<(String, String)>)> = Vec::new();
    for field in &conflict.fields {
        for (rev, value) in [&field.kept, &field.other] {
            let shown = match value {
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(serde_json::Value::Null) | None => "—".to_owned(),
                Some(other) => other.to_string(),
            };
            match versions.iter_mut().find(|(r, _)| r == rev) {
                Some((_, fields)) => fields.push((field.field.clone(), shown)),
                None => versions.push((rev.clone(), vec![(field.field.clone(), shown)])),
            }
        }
    }
    versions
}

/// What a document is, for a person (the lead's name, a deal's title, or the document's id), and
/// the lead whose page shows it.
fn record_title(app: AppState, lang: Lang, doc_id: &str) -> (String, Option<u64>) {
    let (kind, id) = match doc_id.split_once(':') {
        Some((kind, id)) => (kind, id.parse::<u64>().ok()),
        None => (doc_id, None),
    };
    match (kind, id) {
        ("lead", Some(id)) => {
            let name = app
                .book
                .with_untracked(|b| b.lead(id).map(|l| l.name.clone()));
            (name.unwrap_or_else(|| doc_id.to_owned()), Some(id))
        }
        ("deal", Some(id)) => match app
            .deals
            .with_untracked(|b| b.get(id).map(|d| (d.title.clone(), d.lead)))
        {
            Some((title, lead)) => (
                t_with(lang, "conflicts.deal", &[("title", &title)]),
                Some(lead),
            ),
            None => (doc_id.to_owned(), None),
        },
        _ => (doc_id.to_owned(), None),
    }
}

fn window() -> web_sys::Window {
    web_sys::window().expect("a page has a window")
}
