//! Settings → Automation: the follow-ups Kariz creates by itself (a lead turned Hot, a deal gone
//! stale), each on or off, with the hours the rep has and who gets the task.

use leptos::prelude::*;

use crate::domain::followup::automation::MAX_DUE_HOURS;
use crate::domain::followup::{AutomationSettings, TriggerForm};
use crate::i18n::{format_number, t_with};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::reminders::{ask_for_notifications, notification_permission};
use crate::ui::state::use_app;

#[component]
pub fn AutomationSettingsView() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let hot = RwSignal::new(TriggerForm::default());
    let stale = RwSignal::new(TriggerForm::default());
    // Follows the saved settings (loaded at start, or saved in another tab) until the user types.
    Effect::new(move |_| {
        let saved = app.follow_up.with(|f| f.automation.clone());
        hot.set(TriggerForm::from_trigger(&saved.hot_lead));
        stale.set(TriggerForm::from_trigger(&saved.stale_deal));
    });
    let bad_hours = RwSignal::new((false, false));
    let hours_error = Signal::derive(move || {
        t_with(
            lang.get(),
            "automation.bad_hours",
            &[("max", &format_number(lang.get(), MAX_DUE_HOURS as u64))],
        )
    });

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (hot_lead, stale_deal) = (
            hot.get_untracked().to_trigger(),
            stale.get_untracked().to_trigger(),
        );
        bad_hours.set((hot_lead.is_none(), stale_deal.is_none()));
        let (Some(hot_lead), Some(stale_deal)) = (hot_lead, stale_deal) else {
            return;
        };
        let settings = AutomationSettings {
            hot_lead,
            stale_deal,
        };
        leptos::task::spawn_local(async move {
            // The app's error banner explains a storage failure.
            let _ = app.save_automation(settings).await;
        });
    };

    view! {
        <section class="card" aria-labelledby="settings-automation">
            <h2 id="settings-automation">{tr("automation.title")}</h2>
            <p>{tr("automation.help")}</p>
            <form on:submit=save novalidate=true>
                <TriggerFields id="hot" legend="automation.hot_lead" enable="automation.hot_lead_on"
                    owner_help="automation.owner_help_lead" form=hot
                    bad=Signal::derive(move || bad_hours.get().0) hours_error=hours_error/>
                <TriggerFields id="stale" legend="automation.stale_deal" enable="automation.stale_deal_on"
                    owner_help="automation.owner_help_deal" form=stale
                    bad=Signal::derive(move || bad_hours.get().1) hours_error=hours_error/>
                <div class="actions">
                    <button type="submit" class="primary">{tr("automation.save")}</button>
                </div>
            </form>
            <BrowserNotifications/>
        </section>
    }
}

/// Whether reminders also show as browser notifications: the browser asks only when the user
/// clicks, never unprompted.
#[component]
fn BrowserNotifications() -> impl IntoView {
    use web_sys::NotificationPermission as P;
    let permission = RwSignal::new(notification_permission());
    let ask = move |_| {
        leptos::task::spawn_local(async move {
            permission.set(ask_for_notifications().await);
        });
    };
    let status = move || match permission.get() {
        None => "automation.notifications_unsupported",
        Some(P::Granted) => "automation.notifications_allowed",
        Some(P::Denied) => "automation.notifications_blocked",
        Some(_) => "automation.notifications_not_asked",
    };
    let lang = use_lang();
    view! {
        <h3 id="settings-notifications">{tr("automation.notifications")}</h3>
        <p>{move || crate::i18n::t(lang.get(), status())}</p>
        <Show when=move || permission.get() == Some(P::Default)>
            <button type="button" on:click=ask>{tr("automation.allow_notifications")}</button>
        </Show>
    }
}

/// One trigger's fields in a group named by `legend`.
#[component]
fn TriggerFields(
    id: &'static str,
    legend: &'static str,
    enable: &'static str,
    owner_help: &'static str,
    form: RwSignal<TriggerForm>,
    bad: Signal<bool>,
    hours_error: Signal<String>,
) -> impl IntoView {
    let on_id = format!("automation-{id}-on");
    let hours_id = format!("automation-{id}-hours");
    let hours_error_id = format!("{hours_id}-error");
    let owner_id = format!("automation-{id}-owner");
    let owner_help_id = format!("{owner_id}-help");
    view! {
        <fieldset class="automation-trigger">
            <legend>{tr(legend)}</legend>
            <div class="field field-check">
                <input type="checkbox" id=on_id.clone() prop:checked=move || form.with(|f| f.enabled)
                    on:change:target=move |ev| form.update(|f| f.enabled = ev.target().checked())/>
                <label for=on_id>{tr(enable)}</label>
            </div>
            <div class="field" class:field-invalid=move || bad.get()>
                <label for=hours_id.clone()>{tr("automation.due_hours")}</label>
                <input id=hours_id type="text" inputmode="numeric"
                    aria-invalid=move || bad.get().then_some("true")
                    aria-describedby={let id = hours_error_id.clone(); move || bad.get().then(|| id.clone())}
                    prop:value=move || form.with(|f| f.due_hours.clone())
                    on:input:target=move |ev| form.update(|f| f.due_hours = ev.target().value())/>
                <Show when=move || bad.get()>
                    <p class="field-error" id=hours_error_id.clone() role="alert">{move || hours_error.get()}</p>
                </Show>
            </div>
            <div class="field">
                <label for=owner_id.clone()>{tr("automation.owner")}</label>
                <input id=owner_id type="text" aria-describedby=owner_help_id.clone()
                    prop:value=move || form.with(|f| f.owner.clone())
                    on:input:target=move |ev| form.update(|f| f.owner = ev.target().value())/>
                <p class="muted" id=owner_help_id>{tr(owner_help)}</p>
            </div>
        </fieldset>
    }
}
