//! Logging what happened with a lead: a call, an email, a meeting…

use leptos::prelude::*;

use crate::domain::validation::{ActivityField, ActivityForm, FieldError};
use crate::domain::{ActivityKind, Date, LeadId};
use crate::i18n::{localize_digits, Lang};
use crate::ui::components::{field_error_text, keyed_options, SelectField, TextField};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::state::{now, use_app, utc_offset_minutes};
use crate::workspace::CommandError;

/// Today as the user would type it: ISO in English, Jalali with Persian digits in Persian.
fn today_text(lang: Lang) -> String {
    let today = Date::from_timestamp(now(), utc_offset_minutes());
    match lang {
        Lang::En => {
            let (y, m, d) = today.gregorian();
            format!("{y:04}-{m:02}-{d:02}")
        }
        Lang::Fa => {
            let (y, m, d) = today.jalali();
            localize_digits(lang, &format!("{y:04}/{m:02}/{d:02}"))
        }
    }
}

#[component]
pub fn ActivityFormView(lead_id: LeadId, #[prop(into)] on_done: Callback<()>) -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let form = RwSignal::new(ActivityForm {
        kind: ActivityKind::Call.key().to_owned(),
        date: today_text(lang.get_untracked()),
        notes: String::new(),
    });
    let errors = RwSignal::new(Vec::new());
    let saving = RwSignal::new(false);
    let kind_options = keyed_options(
        lang,
        "activity",
        ActivityKind::ALL.iter().map(|a| a.key()).collect(),
    );
    let error_of = move |field: ActivityField| {
        Signal::derive(move || {
            errors.with(|errs: &Vec<FieldError<ActivityField>>| {
                errs.iter()
                    .find(|e| e.field == field)
                    .map(|e| field_error_text(lang.get(), field.key(), e.problem))
            })
        })
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        let submitted = form.get_untracked();
        leptos::task::spawn_local(async move {
            let result = app.log_activity(lead_id, submitted).await;
            saving.set(false);
            match result {
                Ok(()) => on_done.run(()),
                Err(CommandError::Invalid(found)) => errors.set(found),
                Err(CommandError::Store(_) | CommandError::Conflict(_)) => {}
            }
        });
    };

    view! {
        <section class="card activity-form" aria-labelledby="activity-form-title">
            <h2 id="activity-form-title">{tr("activity.form_title")}</h2>
            <form novalidate=true on:submit=submit>
                <div class="form-grid">
                    <SelectField id="activity-kind" label="field.kind"
                        value=Signal::derive(move || form.with(|f| f.kind.clone()))
                        on_change=move |v| form.update(|f| f.kind = v)
                        options=kind_options error=error_of(ActivityField::Kind)/>
                    <TextField id="activity-date" label="field.date"
                        value=Signal::derive(move || form.with(|f| f.date.clone()))
                        on_input=move |v| form.update(|f| f.date = v)
                        error=error_of(ActivityField::Date)/>
                </div>
                <TextField id="activity-notes" label="field.notes" multiline=true
                    value=Signal::derive(move || form.with(|f| f.notes.clone()))
                    on_input=move |v| form.update(|f| f.notes = v)
                    error=error_of(ActivityField::Notes)/>
                <div class="form-actions">
                    <button type="submit" class="primary" disabled=move || saving.get()>{tr("activity.save")}</button>
                    <button type="button" on:click=move |_| on_done.run(())>{tr("form.cancel")}</button>
                </div>
            </form>
        </section>
    }
}
