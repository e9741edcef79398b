//! The "You" section of Settings: the user's name, recorded as who applied each rule action.

use leptos::prelude::*;

use crate::domain::records::profile::MAX_NAME_CHARS;
use crate::i18n::{format_number, t_with};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::state::use_app;
use crate::workspace::CommandError;

#[component]
pub fn ProfileSettings() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let typed = RwSignal::new(String::new());
    // Follows the saved name (loaded at start, or saved in another tab) until the user types.
    Effect::new(move |_| typed.set(app.profile.with(|p| p.name.clone())));
    let problem = RwSignal::new(None::<String>);

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = typed.get_untracked();
        leptos::task::spawn_local(async move {
            match app.save_profile(name).await {
                Ok(()) => problem.set(None),
                Err(CommandError::Invalid(found)) => {
                    let lang = lang.get_untracked();
                    let max = format_number(lang, MAX_NAME_CHARS as u64);
                    problem.set(
                        found
                            .first()
                            .map(|p| t_with(lang, p.message_key(), &[("max", &max)])),
                    );
                }
                // The app's error banner explains storage failures.
                Err(CommandError::Store(_) | CommandError::Conflict(_)) => {}
            }
        });
    };

    view! {
        <section class="card" aria-labelledby="settings-you">
            <h2 id="settings-you">{tr("settings.you")}</h2>
            <p id="settings-you-help">{tr("settings.you_help")}</p>
            <form on:submit=save novalidate=true>
                <div class="field">
                    <label for="settings-your-name">{tr("settings.your_name")}</label>
                    <input id="settings-your-name" type="text" autocomplete="name"
                        aria-describedby=move || if problem.with(Option::is_some) { "settings-you-help settings-your-name-error" } else { "settings-you-help" }
                        aria-invalid=move || problem.with(Option::is_some).to_string()
                        prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev))/>
                    <Show when=move || problem.with(Option::is_some)>
                        <p id="settings-your-name-error" class="field-error" role="alert">{move || problem.get()}</p>
                    </Show>
                </div>
                <div class="actions">
                    <button type="submit" class="primary">{tr("settings.save_name")}</button>
                </div>
            </form>
        </section>
    }
}
