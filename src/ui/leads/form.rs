//! The lead form, for a new lead and for editing one. Everything typed stays in the form until it
//! saves; validation is the domain's, the messages are the translation tables'.

use leptos::prelude::*;

use crate::domain::validation::{FieldError, LeadField, LeadForm};
use crate::domain::{Currency, DecisionRole, JourneyStage, Lead, LeadId, LeadSource, Revision};
use crate::i18n::{t, Lang};
use crate::ui::components::{
    field_error_text, keyed_options, ConflictDialog, ConflictRow, SelectField, TextField,
};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::state::use_app;
use crate::workspace::{CommandError, Theirs};

/// What the form saves to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FormMode {
    New,
    Edit(LeadId),
}

/// A blank form with the defaults a new lead starts from.
pub fn blank_form() -> LeadForm {
    LeadForm {
        source: LeadSource::Other.key().into(),
        currency: Currency::Toman.code().into(),
        decision_role: DecisionRole::Unknown.key().into(),
        journey_stage: JourneyStage::Awareness.key().into(),
        ..LeadForm::default()
    }
}

/// A reactive view of one string field of the form and its setter.
macro_rules! bind {
    ($form:ident . $field:ident) => {
        (
            Signal::derive(move || $form.with(|f| f.$field.clone())),
            Callback::new(move |value: String| $form.update(|f| f.$field = value)),
        )
    };
}

#[component]
pub fn LeadFormView(
    mode: FormMode,
    initial: LeadForm,
    /// Called with the lead's id after a successful save, or `None` on cancel.
    #[prop(into)]
    on_done: Callback<Option<LeadId>>,
) -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let form = RwSignal::new(initial);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saving = RwSignal::new(false);
    // The version the form was opened on; a save made from an older one asks first.
    let base = RwSignal::new(match mode {
        FormMode::Edit(id) => app
            .book
            .with_untracked(|b| b.lead(id).map(|l| l.revision))
            .unwrap_or_default(),
        FormMode::New => Revision::default(),
    });
    let conflict = RwSignal::new(None::<Lead>);

    let error_of = move |field: LeadField| {
        Signal::derive(move || {
            errors.with(|errs| {
                errs.iter()
                    .find(|e| e.field == field)
                    .map(|e| field_error_text(lang.get(), field.key(), e.problem))
            })
        })
    };
    let source_options = keyed_options(
        lang,
        "source",
        LeadSource::ALL.iter().map(|l| l.key()).collect(),
    );
    let currency_options = keyed_options(
        lang,
        "currency",
        Currency::ALL.iter().map(|c| c.code()).collect(),
    );
    let role_options = keyed_options(
        lang,
        "role",
        DecisionRole::ALL.iter().map(|d| d.key()).collect(),
    );
    let stage_options = keyed_options(
        lang,
        "stage",
        JourneyStage::ALL.iter().map(|j| j.key()).collect(),
    );

    let save = move || {
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        let submitted = form.get_untracked();
        let from = base.get_untracked();
        leptos::task::spawn_local(async move {
            let result = match mode {
                FormMode::New => app.create_lead(submitted).await,
                FormMode::Edit(id) => app.update_lead(id, submitted, from).await.map(|_| id),
            };
            saving.set(false);
            match result {
                Ok(id) => {
                    errors.set(vec![]);
                    on_done.run(Some(id));
                }
                Err(CommandError::Invalid(found)) => {
                    let first = found.first().map(|e| e.field);
                    errors.set(found);
                    if let Some(field) = first {
                        focus(&format!("lead-{}", field.key()));
                    }
                }
                Err(CommandError::Conflict(found)) => {
                    if let Theirs::Lead(theirs) = found.theirs {
                        conflict.set(Some(theirs));
                    }
                }
                // The banner explains storage errors; the form keeps everything typed.
                Err(CommandError::Store(_)) => {}
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save();
    };
    let keep_mine = move |_| {
        if let Some(theirs) = conflict.get_untracked() {
            base.set(theirs.revision);
            conflict.set(None);
            save();
        }
    };
    let keep_theirs = move |_| {
        if let Some(theirs) = conflict.get_untracked() {
            conflict.set(None);
            form.set(LeadForm::from_lead(&theirs));
            base.set(theirs.revision);
            on_done.run(Some(theirs.id));
        }
    };
    let conflict_rows = move || {
        let lang = lang.get();
        conflict.with(|theirs| {
            theirs.as_ref().map(|theirs| {
                form.with(|mine| lead_differences(lang, mine, &LeadForm::from_lead(theirs)))
            })
        })
    };

    let title = match mode {
        FormMode::New => "form.new_title",
        FormMode::Edit(_) => "form.edit_title",
    };
    let (name, set_name) = bind!(form.name);
    let (company, set_company) = bind!(form.company);
    let (job_title, set_job_title) = bind!(form.job_title);
    let (email, set_email) = bind!(form.email);
    let (phone, set_phone) = bind!(form.phone);
    let (source, set_source) = bind!(form.source);
    let (industry, set_industry) = bind!(form.industry);
    let (employees, set_employees) = bind!(form.employees);
    let (city, set_city) = bind!(form.city);
    let (country, set_country) = bind!(form.country);
    let (budget, set_budget) = bind!(form.budget);
    let (currency, set_currency) = bind!(form.currency);
    let (decision_role, set_decision_role) = bind!(form.decision_role);
    let (need, set_need) = bind!(form.need);
    let (timeline, set_timeline) = bind!(form.timeline);
    let (journey_stage, set_journey_stage) = bind!(form.journey_stage);
    let (owner, set_owner) = bind!(form.owner);
    let (tags, set_tags) = bind!(form.tags);
    let (notes, set_notes) = bind!(form.notes);

    view! {
        <section class="card lead-form" aria-labelledby="lead-form-title">
            <h2 id="lead-form-title">{tr(title)}</h2>
            <form novalidate=true on:submit=submit>
                {move || (!errors.with(Vec::is_empty)).then(|| view! {
                    <p class="form-summary" role="alert">{tr("form.errors_summary")}</p>
                })}
                <div class="form-grid">
                    <TextField id="lead-name" label="field.name" value=name on_input=set_name error=error_of(LeadField::Name) required=true autocomplete="name"/>
                    <TextField id="lead-company" label="field.company" value=company on_input=set_company error=error_of(LeadField::Company) autocomplete="organization"/>
                    <TextField id="lead-job_title" label="field.job_title" value=job_title on_input=set_job_title error=error_of(LeadField::JobTitle)/>
                    <TextField id="lead-email" label="field.email" value=email on_input=set_email error=error_of(LeadField::Email) input_type="email" autocomplete="email"/>
                    <TextField id="lead-phone" label="field.phone" value=phone on_input=set_phone error=error_of(LeadField::Phone) input_type="tel" autocomplete="tel"/>
                    <SelectField id="lead-source" label="field.source" value=source on_change=set_source options=source_options error=error_of(LeadField::Source)/>
                    <TextField id="lead-industry" label="field.industry" value=industry on_input=set_industry error=error_of(LeadField::Industry)/>
                    <TextField id="lead-employees" label="field.employees" value=employees on_input=set_employees error=error_of(LeadField::Employees) inputmode="numeric"/>
                    <TextField id="lead-city" label="field.city" value=city on_input=set_city error=error_of(LeadField::City)/>
                    <TextField id="lead-country" label="field.country" value=country on_input=set_country error=error_of(LeadField::Country)/>
                    <TextField id="lead-budget" label="field.budget" value=budget on_input=set_budget error=error_of(LeadField::Budget) inputmode="numeric"/>
                    <SelectField id="lead-currency" label="field.currency" value=currency on_change=set_currency options=currency_options error=error_of(LeadField::Currency)/>
                    <SelectField id="lead-decision_role" label="field.decision_role" value=decision_role on_change=set_decision_role options=role_options error=error_of(LeadField::DecisionRole)/>
                    <TextField id="lead-timeline" label="field.timeline" value=timeline on_input=set_timeline error=error_of(LeadField::Timeline) placeholder="form.timeline_placeholder"/>
                    <SelectField id="lead-journey_stage" label="field.journey_stage" value=journey_stage on_change=set_journey_stage options=stage_options error=error_of(LeadField::JourneyStage)/>
                    <TextField id="lead-owner" label="field.owner" value=owner on_input=set_owner error=error_of(LeadField::Owner)/>
                    <TextField id="lead-tags" label="field.tags" value=tags on_input=set_tags error=error_of(LeadField::Tags) placeholder="form.tags_placeholder"/>
                </div>
                <TextField id="lead-need" label="field.need" value=need on_input=set_need error=error_of(LeadField::Need) multiline=true/>
                <TextField id="lead-notes" label="field.notes" value=notes on_input=set_notes error=error_of(LeadField::Notes) multiline=true/>
                <div class="form-actions">
                    <button type="submit" class="primary" disabled=move || saving.get()>{tr("form.save")}</button>
                    <button type="button" on:click=move |_| on_done.run(None)>{tr("form.cancel")}</button>
                </div>
            </form>
            {move || conflict_rows().map(|rows| view! {
                <ConflictDialog rows=rows keep_mine=keep_mine keep_theirs=keep_theirs/>
            })}
        </section>
    }
}

/// Moves keyboard focus to an element by id (the first invalid field after a refused save).
pub fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// The fields where my form and theirs differ, as the user reads them (options by their names).
fn lead_differences(lang: Lang, mine: &LeadForm, theirs: &LeadForm) -> Vec<ConflictRow> {
    let keyed = |prefix: &str, key: &str| {
        if key.is_empty() {
            String::new()
        } else {
            t(lang, &format!("{prefix}.{key}")).to_owned()
        }
    };
    let value = |f: &LeadForm, field: LeadField| -> String {
        match field {
            LeadField::Name => f.name.clone(),
            LeadField::Company => f.company.clone(),
            LeadField::JobTitle => f.job_title.clone(),
            LeadField::Email => f.email.clone(),
            LeadField::Phone => f.phone.clone(),
            LeadField::Source => keyed("source", &f.source),
            LeadField::Industry => f.industry.clone(),
            LeadField::Employees => f.employees.clone(),
            LeadField::City => f.city.clone(),
            LeadField::Country => f.country.clone(),
            LeadField::Budget => f.budget.clone(),
            LeadField::Currency => keyed("currency", &f.currency),
            LeadField::DecisionRole => keyed("role", &f.decision_role),
            LeadField::Need => f.need.clone(),
            LeadField::Timeline => f.timeline.clone(),
            LeadField::JourneyStage => keyed("stage", &f.journey_stage),
            LeadField::Owner => f.owner.clone(),
            LeadField::Tags => f.tags.clone(),
            LeadField::Notes => f.notes.clone(),
        }
    };
    LeadField::ALL
        .into_iter()
        .filter_map(|field| {
            let (m, th) = (value(mine, field), value(theirs, field));
            (m.trim() != th.trim()).then(|| ConflictRow {
                label: t(lang, &format!("field.{}", field.key())).to_owned(),
                mine: m,
                theirs: th,
            })
        })
        .collect()
}
