//! Converting a lead into a deal, on the lead page: freely when the lead is qualified on all three
//! levels, otherwise with an override reason. Also lists the lead's deals, each editable.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::followup::{Task, TaskSubject};
use crate::domain::pipeline::{Deal, DealField, DealFieldError, DealForm};
use crate::domain::{Currency, Date, LeadId, Revision};
use crate::i18n::{format_money, t, t_with, Lang};
use crate::ui::components::{keyed_options, ConflictDialog, ConflictRow, SelectField, TextField};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::insight::lead_insight;
use crate::ui::leads::focus;
use crate::ui::links::href;
use crate::ui::pipeline::{focus_soon, pipeline_config};
use crate::ui::state::{now, use_app, utc_offset_minutes};
use crate::ui::tasks::TaskRow;
use crate::workspace::{CommandError, DealProblem, Theirs};

fn today() -> Date {
    Date::from_timestamp(now(), utc_offset_minutes())
}

/// The message of a deal-form error, naming the field.
pub fn deal_error_text(lang: Lang, error: DealFieldError) -> String {
    t_with(
        lang,
        error.problem.label_key(),
        &[("field", t(lang, error.field.label_key()))],
    )
}

/// The id of a deal's Edit button in the lead's list of deals.
fn edit_button_id(deal: u64) -> String {
    format!("lead-deal-{deal}-edit")
}

/// "Convert to deal" and the lead's deals.
#[component]
pub fn ConvertToDeal(id: LeadId) -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let open = RwSignal::new(false);
    let editing = RwSignal::new(None::<u64>);
    let deals = Memo::new(move |_| {
        app.deals
            .with(|book| book.of_lead(id).cloned().collect::<Vec<_>>())
    });
    let deleted = move || app.book.with(|b| b.lead(id).is_none_or(|l| l.is_deleted()));
    view! {
        <section class="card deal-card" aria-labelledby="lead-deals-title">
            <h2 id="lead-deals-title">{tr("deal.lead_deals")}</h2>
            {move || {
                let lang = lang.get();
                let config = pipeline_config(app);
                let list = deals.get();
                if list.is_empty() {
                    view! { <p class="muted">{t(lang, "deal.none_yet")}</p> }.into_any()
                } else {
                    view! {
                        <ul class="lead-deal-list">
                            {list.into_iter().map(|d| {
                                let stage = config.stage(d.stage).map(|s| s.name(lang == Lang::Fa).to_owned()).unwrap_or_default();
                                let deal_id = d.id;
                                let title = d.title.clone();
                                let value = d.value;
                                let status = d.status;
                                let edit_label = t_with(lang, "deal.edit_named", &[("title", &d.title)]);
                                let edit_id = edit_button_id(deal_id);
                                let tasks_label = t_with(lang, "deal.open_tasks", &[("title", &d.title)]);
                                let tasks: Vec<Task> = app.follow_up.with(|f| {
                                    f.tasks.iter().filter(|t| t.is_open() && t.subject == TaskSubject::Deal(deal_id)).cloned().collect()
                                });
                                view! {
                                    <li>
                                        <A href=href("/pipeline")>{title}</A>
                                        " · "{format_money(lang, value)}
                                        " · "{stage}
                                        " · "{t(lang, status.label_key())}" "
                                        <button type="button" class="link-button" id=edit_id aria-label=edit_label
                                            on:click=move |_| editing.set(Some(deal_id))>{t(lang, "deal.edit")}</button>
                                        {(!tasks.is_empty()).then(|| view! {
                                            <ul class="task-list" aria-label=tasks_label>
                                                {tasks.into_iter().map(|task| view! { <TaskRow task=task/> }).collect_view()}
                                            </ul>
                                        })}
                                        <crate::ui::sync::FoldedHistory doc_id=format!("deal:{deal_id}") title=d.title.clone()/>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
            // Outside the list, made once per edit: a change saved elsewhere meanwhile must not
            // replace what is being typed (saving then shows both versions).
            {move || editing.get().and_then(|deal_id| {
                app.deals.with_untracked(|b| b.get(deal_id).cloned()).map(|d| view! {
                    <DealFormView id=id deal=Some(d) on_done=move || {
                        editing.set(None);
                        // The form is gone: the focus goes back to the deal's Edit button.
                        focus_soon(edit_button_id(deal_id));
                    }/>
                })
            })}
            <Show when=move || !open.get() && !deleted()>
                <button type="button" class="primary" id="convert-to-deal" on:click=move |_| {
                    open.set(true);
                    focus("deal-title");
                }>{tr("deal.convert")}</button>
            </Show>
            <Show when=move || open.get()>
                <DealFormView id=id deal=None on_done=move || open.set(false)/>
            </Show>
        </section>
    }
}

/// The deal form: converting the lead (`deal` is None) or editing one of its deals.
#[component]
fn DealFormView(
    id: LeadId,
    deal: Option<Deal>,
    #[prop(into)] on_done: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let editing = StoredValue::new(deal.clone());
    // The version the form was opened on; a save made from an older one asks first.
    let base = RwSignal::new(deal.as_ref().and_then(|d| app.deal_revision(d.id)));
    let conflict = RwSignal::new(None::<(Deal, Option<Revision>)>);
    let initial = match &deal {
        Some(existing) => DealForm::from_deal(existing),
        None => app
            .book
            .with_untracked(|b| b.lead(id).map(|l| DealForm::from_lead(l, today())))
            .unwrap_or_default(),
    };
    let form = RwSignal::new(initial);
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<DealFieldError>::new());
    let problem = RwSignal::new(None::<&'static str>);
    let saving = RwSignal::new(false);
    // Editing needs no qualification: the deal exists already.
    let is_edit = deal.is_some();
    let qualified = Memo::new(move |_| {
        is_edit || lead_insight(app, id).is_some_and(|i| i.verdict.is_qualified())
    });

    let error_of = move |field: DealField| {
        Signal::derive(move || {
            errors.with(|all| {
                all.iter()
                    .find(|e| e.field == field)
                    .map(|e| deal_error_text(lang.get(), *e))
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
    let (value, set_value) = bind!(value);
    let (currency, set_currency) = bind!(currency);
    let (probability, set_probability) = bind!(probability);
    let (close, set_close) = bind!(expected_close);
    let (owner, set_owner) = bind!(owner);
    let currency_options = keyed_options(
        lang,
        "currency",
        Currency::ALL.iter().map(|c| c.code()).collect(),
    );

    let save = move || {
        if saving.get_untracked() {
            return;
        }
        problem.set(None);
        let typed = form.get_untracked();
        let show = move |problems: Vec<DealProblem>| {
            let mut fields = Vec::new();
            for p in problems {
                match p {
                    DealProblem::Field(e) => fields.push(e),
                    DealProblem::Conversion(e) => problem.set(Some(e.label_key())),
                }
            }
            if let Some(first) = fields.first() {
                focus(field_id(first.field));
            }
            errors.set(fields);
        };
        saving.set(true);
        let editing = editing.get_value();
        let from = base.get_untracked();
        leptos::task::spawn_local(async move {
            let result = match &editing {
                Some(deal) => app.update_deal(deal.id, typed, from).await.map(|_| ()),
                None => app
                    .convert_to_deal(id, typed, reason.get_untracked())
                    .await
                    .map(|_| ()),
            };
            saving.set(false);
            match result {
                Ok(()) => {
                    errors.set(Vec::new());
                    on_done.run(());
                    if editing.is_none() {
                        // After the form is gone and the button is back (the view updates later).
                        focus_soon("convert-to-deal".to_owned());
                    }
                }
                Err(CommandError::Invalid(problems)) => show(problems),
                Err(CommandError::Conflict(found)) => {
                    if let Theirs::Deal(theirs) = found.theirs {
                        conflict.set(Some((theirs, found.revision)));
                    }
                }
                Err(CommandError::Store(_)) => {}
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save();
    };
    let keep_mine = move |_| {
        if let Some((_, revision)) = conflict.get_untracked() {
            base.set(revision);
            conflict.set(None);
            save();
        }
    };
    let keep_theirs = move |_| {
        conflict.set(None);
        on_done.run(());
    };
    let conflict_rows = move || {
        let lang = lang.get();
        conflict.with(|theirs| {
            theirs.as_ref().map(|(theirs, _)| {
                form.with(|mine| deal_differences(lang, mine, &DealForm::from_deal(theirs)))
            })
        })
    };

    view! {
        <form class="deal-form" on:submit=submit novalidate=true aria-labelledby="convert-title">
            <h3 id="convert-title">{tr(if is_edit { "deal.edit_title" } else { "deal.convert" })}</h3>
            <Show when=move || !qualified.get()>
                <p class="warning-banner">{tr("deal.not_qualified_note")}</p>
                <TextField id="deal-override" label="deal.override_reason" multiline=true required=true
                    value=Signal::derive(move || reason.get()) on_input=Callback::new(move |v| reason.set(v))
                    error=Signal::derive(move || problem.get().map(|k| t(lang.get(), k).to_owned()))/>
            </Show>
            <Show when=move || qualified.get() && problem.get().is_some()>
                <p class="field-error" role="alert">{move || problem.get().map(|k| t(lang.get(), k))}</p>
            </Show>
            <div class="form-grid">
                <TextField id="deal-title" label="deal_field.title" value=title on_input=set_title error=error_of(DealField::Title) required=true/>
                <TextField id="deal-value" label="deal_field.value" value=value on_input=set_value error=error_of(DealField::Value) inputmode="numeric"/>
                <SelectField id="deal-currency" label="deal_field.currency" value=currency on_change=set_currency options=currency_options error=error_of(DealField::Currency)/>
                <TextField id="deal-probability" label="deal_field.probability" value=probability on_input=set_probability error=error_of(DealField::Probability) inputmode="numeric" placeholder="deal.probability_placeholder"/>
                <TextField id="deal-close" label="deal_field.expected_close" value=close on_input=set_close error=error_of(DealField::ExpectedClose) placeholder="deal.date_placeholder"/>
                <TextField id="deal-owner" label="deal_field.owner" value=owner on_input=set_owner error=error_of(DealField::Owner)/>
            </div>
            <div class="actions">
                <button type="submit" class="primary" disabled=move || saving.get()>{tr(if is_edit { "deal.save" } else { "deal.create" })}</button>
                <button type="button" on:click=move |_| on_done.run(())>{tr("deal.cancel")}</button>
            </div>
            {move || conflict_rows().map(|rows| view! {
                <ConflictDialog rows=rows keep_mine=keep_mine keep_theirs=keep_theirs/>
            })}
        </form>
    }
}

/// The fields where my deal form and theirs differ, as the user reads them.
fn deal_differences(lang: Lang, mine: &DealForm, theirs: &DealForm) -> Vec<ConflictRow> {
    let currency = |code: &str| t(lang, &format!("currency.{code}")).to_owned();
    let rows: [(&str, String, String); 6] = [
        ("deal_field.title", mine.title.clone(), theirs.title.clone()),
        ("deal_field.value", mine.value.clone(), theirs.value.clone()),
        (
            "deal_field.currency",
            currency(&mine.currency),
            currency(&theirs.currency),
        ),
        (
            "deal_field.probability",
            mine.probability.clone(),
            theirs.probability.clone(),
        ),
        (
            "deal_field.expected_close",
            mine.expected_close.clone(),
            theirs.expected_close.clone(),
        ),
        ("deal_field.owner", mine.owner.clone(), theirs.owner.clone()),
    ];
    rows.into_iter()
        .filter(|(_, m, th)| m.trim() != th.trim())
        .map(|(label, mine, theirs)| ConflictRow {
            label: t(lang, label).to_owned(),
            mine,
            theirs,
        })
        .collect()
}

fn field_id(field: DealField) -> &'static str {
    match field {
        DealField::Title => "deal-title",
        DealField::Value => "deal-value",
        DealField::Currency => "deal-currency",
        DealField::Probability => "deal-probability",
        DealField::ExpectedClose => "deal-close",
        DealField::Owner => "deal-owner",
    }
}
