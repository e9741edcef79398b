//! The "New task" form: title, due day and time (either calendar), owner and, optionally, the
//! lead or the open deal it is about (the lead search also finds deals by title or lead name). A due time already past is saved only once the user confirms it.

use leptos::prelude::*;

use crate::domain::followup::{TaskField, TaskForm, TaskProblem, TaskSubject};
use crate::domain::lead_list::{pick_deals, pick_leads};
use crate::domain::pipeline::DealId;
use crate::domain::LeadId;
use crate::i18n::{t, t_with, Lang};
use crate::ui::components::{SelectField, TextField};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::leads::focus;
use crate::ui::state::use_app;
use crate::workspace::{CommandError, FollowUpProblem};

/// How many leads the lead picker offers at once.
const LEAD_CHOICES: usize = 20;

/// The field a problem belongs to.
fn field_of(problem: TaskProblem) -> TaskField {
    match problem {
        TaskProblem::Required(field) | TaskProblem::TooLong(field) => field,
        TaskProblem::BadDue | TaskProblem::DueInThePast => TaskField::Due,
    }
}

fn field_key(field: TaskField) -> &'static str {
    match field {
        TaskField::Title => "task_field.title",
        TaskField::Due => "task_field.due",
        TaskField::Owner => "task_field.owner",
    }
}

fn field_id(field: TaskField) -> &'static str {
    match field {
        TaskField::Title => "task-title",
        TaskField::Due => "task-due",
        TaskField::Owner => "task-owner",
    }
}

fn problem_text(lang: Lang, problem: TaskProblem) -> String {
    let field = t(lang, field_key(field_of(problem)));
    t_with(lang, problem.label_key(), &[("field", field)])
}

#[component]
pub fn TaskFormView(#[prop(into)] on_done: Callback<()>) -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let form = RwSignal::new(TaskForm {
        owner: app.profile.with_untracked(|p| p.name.clone()),
        ..TaskForm::default()
    });
    let lead_typed = RwSignal::new(String::new());
    // The chosen lead's or deal's id as the selects hold it; empty for none. Choosing one clears
    // the other: a task is about one thing.
    let lead = RwSignal::new(String::new());
    let deal = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<TaskProblem>::new());
    let missing = RwSignal::new(false);
    let saving = RwSignal::new(false);

    let error_of = move |field: TaskField| {
        Signal::derive(move || {
            problems.with(|all| {
                all.iter()
                    .find(|p| field_of(**p) == field)
                    .map(|p| problem_text(lang.get(), *p))
            })
        })
    };
    macro_rules! bind {
        ($field:ident) => {
            (
                Signal::derive(move || form.with(|f| f.$field.clone())),
                Callback::new(move |v: String| form.update(|f| f.$field = v)),
            )
        };
    }
    let (title, set_title) = bind!(title);
    let (due_date, set_due_date) = bind!(due_date);
    let (due_time, set_due_time) = bind!(due_time);
    let (owner, set_owner) = bind!(owner);
    let lead_options = Signal::derive(move || {
        let lang = lang.get();
        let chosen: Option<LeadId> = lead.with(|l| l.parse().ok());
        let typed = lead_typed.get();
        app.book.with(|book| {
            let mut options = vec![(String::new(), t(lang, "tasks.no_lead").to_owned())];
            let picked = pick_leads(book.leads(), &typed, LEAD_CHOICES);
            if let Some(chosen) = chosen.filter(|c| !picked.iter().any(|l| l.id == *c)) {
                if let Some(l) = book.lead(chosen) {
                    options.push((chosen.to_string(), l.name.clone()));
                }
            }
            options.extend(
                picked
                    .into_iter()
                    .map(|l| (l.id.to_string(), l.name.clone())),
            );
            options
        })
    });
    let deal_options = Signal::derive(move || {
        let lang = lang.get();
        let chosen: Option<DealId> = deal.with(|d| d.parse().ok());
        let typed = lead_typed.get();
        let mut options = vec![(String::new(), t(lang, "tasks.no_deal").to_owned())];
        app.deals.with(|deals| {
            app.book.with(|book| {
                let lead_name = |id| book.lead(id).map(|l| l.name.as_str()).unwrap_or_default();
                options.extend(
                    pick_deals(deals.all(), lead_name, &typed, chosen, LEAD_CHOICES)
                        .into_iter()
                        .map(|d| {
                            let label = t_with(
                                lang,
                                "tasks.deal_option",
                                &[("deal", &d.title), ("lead", lead_name(d.lead))],
                            );
                            (d.id.to_string(), label)
                        }),
                );
            })
        });
        options
    });
    let asks_past = move || problems.with(|p| p.as_slice() == [TaskProblem::DueInThePast]);

    let save = move |past_confirmed: bool| {
        if saving.get_untracked() {
            return;
        }
        let typed = form.get_untracked();
        let subject = match (
            deal.with_untracked(|d| d.parse::<DealId>()),
            lead.with_untracked(|l| l.parse::<LeadId>()),
        ) {
            (Ok(id), _) => TaskSubject::Deal(id),
            (_, Ok(id)) => TaskSubject::Lead(id),
            _ => TaskSubject::General,
        };
        saving.set(true);
        missing.set(false);
        leptos::task::spawn_local(async move {
            let result = app.create_task(typed, subject, past_confirmed).await;
            saving.set(false);
            match result {
                Ok(_) => {
                    problems.set(Vec::new());
                    on_done.run(());
                }
                Err(CommandError::Invalid(found)) => {
                    let mut fields = Vec::new();
                    for problem in found {
                        match problem {
                            FollowUpProblem::Task(p) => fields.push(p),
                            _ => missing.set(true),
                        }
                    }
                    if let Some(first) = fields.first() {
                        focus(field_id(field_of(*first)));
                    }
                    problems.set(fields);
                }
                // The error banner explains a storage failure.
                Err(CommandError::Store(_) | CommandError::Conflict(_)) => {}
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save(false);
    };

    view! {
        <section class="card task-form" aria-labelledby="task-form-title">
            <h2 id="task-form-title">{tr("tasks.form_title")}</h2>
            <form novalidate=true on:submit=submit>
                <div class="form-grid">
                    <TextField id="task-title" label="task_field.title" value=title on_input=set_title error=error_of(TaskField::Title) required=true/>
                    <TextField id="task-due" label="task_field.due" value=due_date on_input=set_due_date error=error_of(TaskField::Due) placeholder="tasks.due_placeholder" required=true/>
                    <TextField id="task-due-time" label="task_field.due_time" value=due_time on_input=set_due_time error=Signal::derive(|| None::<String>) placeholder="tasks.time_placeholder" inputmode="numeric"/>
                    <TextField id="task-owner" label="task_field.owner" value=owner on_input=set_owner error=error_of(TaskField::Owner)/>
                    <TextField id="task-find-lead" label="tasks.find_lead" value=Signal::derive(move || lead_typed.get()) on_input=Callback::new(move |v| lead_typed.set(v)) error=Signal::derive(|| None::<String>)/>
                    <SelectField id="task-lead" label="tasks.lead" value=Signal::derive(move || lead.get()) on_change=Callback::new(move |v: String| {
                        if !v.is_empty() { deal.set(String::new()); }
                        lead.set(v);
                    }) options=lead_options/>
                    <SelectField id="task-deal" label="tasks.deal" value=Signal::derive(move || deal.get()) on_change=Callback::new(move |v: String| {
                        if !v.is_empty() { lead.set(String::new()); }
                        deal.set(v);
                    }) options=deal_options/>
                </div>
                <Show when=move || missing.get()>
                    <p class="field-error" role="alert">{tr("tasks.missing")}</p>
                </Show>
                <div class="form-actions">
                    <button type="submit" class="primary" disabled=move || saving.get()>{tr("tasks.save")}</button>
                    <Show when=asks_past>
                        <button type="button" on:click=move |_| save(true) disabled=move || saving.get()>{tr("tasks.save_anyway")}</button>
                    </Show>
                    <button type="button" on:click=move |_| on_done.run(())>{tr("tasks.cancel")}</button>
                </div>
            </form>
        </section>
    }
}
