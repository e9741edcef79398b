//! Settings → Sync: the team's CouchDB server, the database, who signs in, and Start / Stop.

use leptos::prelude::*;

use crate::i18n::t;
use crate::sync::setup::{database_url, SetupProblem};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::state::use_app;
use crate::ui::sync::SyncForm;

#[component]
pub fn SyncSettingsView() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let sync = app.sync;
    let server = RwSignal::new(String::new());
    let database = RwSignal::new(String::new());
    let user = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let remember = RwSignal::new(false);
    let passphrase = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<SetupProblem>::new());
    // Follows the saved settings (loaded at start, or saved again) until the user types.
    Effect::new(move |_| {
        if let Some(saved) = sync.settings.get() {
            let url = saved.database_url.trim_end_matches('/');
            let (at, name) = url.rsplit_once('/').unwrap_or((url, ""));
            server.set(format!("{at}/"));
            database.set(name.to_owned());
            user.set(saved.user.clone());
            remember.set(saved.password.is_some());
        }
    });
    let has = move |p: SetupProblem| problems.with(|found| found.contains(&p));

    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match database_url(&server.get_untracked(), &database.get_untracked()) {
            Err(found) => problems.set(found),
            Ok(database_url) => {
                problems.set(Vec::new());
                let form = SyncForm {
                    database_url,
                    user: user.get_untracked(),
                    password: password.get_untracked(),
                    passphrase: passphrase.get_untracked(),
                    remember: remember.get_untracked(),
                };
                leptos::task::spawn_local(sync.set_up(app, form));
            }
        }
    };
    let stop = move |_| leptos::task::spawn_local(sync.stop(app));
    let running = move || {
        sync.settings
            .with(|s| s.as_ref().is_some_and(|s| !s.stopped))
    };
    let problem_text = move |p: SetupProblem| move || t(lang.get(), p.message_key());

    view! {
        <section class="card" aria-labelledby="settings-sync">
            <h2 id="settings-sync">{tr("sync.title")}</h2>
            <p id="settings-sync-help">{tr("sync.help")}</p>
            <form on:submit=start novalidate=true>
                <div class="field">
                    <label for="sync-server">{tr("sync.server_url")}</label>
                    <input id="sync-server" type="url" inputmode="url" autocomplete="url"
                        placeholder="https://couch.example.com/"
                        aria-invalid=move || has(SetupProblem::ServerUrl).to_string()
                        aria-describedby=move || if has(SetupProblem::ServerUrl) { "sync-server-error" } else { "settings-sync-help" }
                        prop:value=move || server.get()
                        on:input=move |ev| server.set(event_target_value(&ev))/>
                    <Show when=move || has(SetupProblem::ServerUrl)>
                        <p id="sync-server-error" class="field-error" role="alert">{problem_text(SetupProblem::ServerUrl)}</p>
                    </Show>
                </div>
                <div class="field">
                    <label for="sync-database">{tr("sync.database")}</label>
                    <input id="sync-database" type="text" autocomplete="off" spellcheck="false"
                        aria-invalid=move || has(SetupProblem::Database).to_string()
                        aria-describedby=move || if has(SetupProblem::Database) { "sync-database-error" } else { "settings-sync-help" }
                        prop:value=move || database.get()
                        on:input=move |ev| database.set(event_target_value(&ev))/>
                    <Show when=move || has(SetupProblem::Database)>
                        <p id="sync-database-error" class="field-error" role="alert">{problem_text(SetupProblem::Database)}</p>
                    </Show>
                </div>
                <div class="field">
                    <label for="sync-user">{tr("sync.user")}</label>
                    <input id="sync-user" type="text" autocomplete="username"
                        prop:value=move || user.get()
                        on:input=move |ev| user.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="sync-password">{tr("sync.password")}</label>
                    <input id="sync-password" type="password" autocomplete="current-password"
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="sync-passphrase">{tr("sync.passphrase")}</label>
                    <input id="sync-passphrase" type="password" autocomplete="off"
                        aria-describedby="sync-passphrase-help"
                        prop:value=move || passphrase.get()
                        on:input=move |ev| passphrase.set(event_target_value(&ev))/>
                    <p id="sync-passphrase-help" class="field-help">{tr("sync.passphrase_help")}</p>
                </div>
                <div class="field checkbox">
                    <input id="sync-remember" type="checkbox"
                        prop:checked=move || remember.get()
                        on:change=move |ev| remember.set(event_target_checked(&ev))/>
                    <label for="sync-remember">{tr("sync.remember")}</label>
                </div>
                <p class="sync-status">{move || sync.line.get().text(lang.get())}</p>
                <div class="actions">
                    <button type="submit" class="primary">{tr("sync.start")}</button>
                    <Show when=running>
                        <button type="button" on:click=stop>{tr("sync.stop")}</button>
                    </Show>
                </div>
            </form>
        </section>
    }
}
