//! Settings → Sequences: named series of steps (day 0 intro e-mail, day 3 call, …) a lead is
//! enrolled in from its page; each step becomes a task on its day. A sequence without steps
//! cannot be saved.

use leptos::prelude::*;

use crate::domain::followup::{
    parse_step_day, Sequence, SequenceProblem, SequenceStep, StepAction,
};
use crate::i18n::{format_number, t, t_with, Lang};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::state::use_app;
use crate::workspace::{CommandError, FollowUpProblem};

/// A step as typed.
#[derive(Clone, Debug, Default, PartialEq)]
struct StepRow {
    day: String,
    action: String,
    title: String,
}

/// Why the typed sequence was refused, as the user reads it.
fn problem_text(lang: Lang, problem: SequenceProblem) -> String {
    let step = |i: usize| format_number(lang, i as u64 + 1);
    match problem {
        SequenceProblem::NoName => t(lang, "sequences.no_name").to_owned(),
        SequenceProblem::NoSteps => t(lang, "sequences.no_steps").to_owned(),
        SequenceProblem::UntitledStep(i) => {
            t_with(lang, "sequences.untitled_step", &[("n", &step(i))])
        }
        SequenceProblem::TooLate(i) => t_with(lang, "sequences.bad_day", &[("n", &step(i))]),
    }
}

#[component]
pub fn SequenceSettings() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let name = RwSignal::new(String::new());
    let rows = RwSignal::new(Vec::<StepRow>::new());
    let problems = RwSignal::new(Vec::<String>::new());
    let sequences = Memo::new(move |_| app.follow_up.with(|f| f.sequences.clone()));

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = lang.get_untracked();
        let typed = rows.get_untracked();
        // A day that is not a number is reported like one too late.
        let bad_days: Vec<String> = typed
            .iter()
            .enumerate()
            .filter(|(_, r)| parse_step_day(&r.day).is_none())
            .map(|(i, _)| problem_text(lang, SequenceProblem::TooLate(i)))
            .collect();
        if !bad_days.is_empty() {
            problems.set(bad_days);
            return;
        }
        let sequence = Sequence {
            id: 0,
            name: name.get_untracked().trim().to_owned(),
            steps: typed
                .iter()
                .map(|r| SequenceStep {
                    day: parse_step_day(&r.day).unwrap_or_default(),
                    action: StepAction::from_key(&r.action).unwrap_or(StepAction::Email),
                    title: r.title.trim().to_owned(),
                    template: None,
                })
                .collect(),
        };
        leptos::task::spawn_local(async move {
            match app.save_sequence(sequence).await {
                Ok(_) => {
                    problems.set(Vec::new());
                    name.set(String::new());
                    rows.set(Vec::new());
                }
                Err(CommandError::Invalid(found)) => problems.set(
                    found
                        .into_iter()
                        .filter_map(|p| match p {
                            FollowUpProblem::Sequence(p) => Some(problem_text(lang, p)),
                            _ => None,
                        })
                        .collect(),
                ),
                // The app's error banner explains a storage failure.
                Err(CommandError::Store(_) | CommandError::Conflict(_)) => {}
            }
        });
    };

    view! {
        <section class="card" aria-labelledby="settings-sequences">
            <h2 id="settings-sequences">{tr("sequences.title")}</h2>
            <p>{tr("sequences.help")}</p>
            <ul class="template-list" aria-label=tr("sequences.list")>
                <For each=move || sequences.get() key=|s: &Sequence| (s.id, s.name.clone(), s.steps.len()) let:sequence>
                    {
                        let id = sequence.id;
                        let label = sequence.name.clone();
                        let count = sequence.steps.len() as u64;
                        view! {
                            <li>
                                <span>{sequence.name.clone()}</span>" "
                                <span class="muted">{move || t_with(lang.get(), "sequences.step_count", &[("count", &format_number(lang.get(), count))])}</span>" "
                                <button type="button" aria-label=move || t_with(lang.get(), "sequences.delete_named", &[("name", &label)])
                                    on:click=move |_| leptos::task::spawn_local(async move {
                                        let _ = app.delete_sequence(id).await;
                                    })>{tr("templates.delete")}</button>
                                <crate::ui::sync::FoldedHistory doc_id=format!("sequence:{id}") title=sequence.name.clone()/>
                            </li>
                        }
                    }
                </For>
            </ul>
            <form on:submit=save novalidate=true aria-label=tr("sequences.new")>
                <div class="field">
                    <label for="sequence-name">{tr("sequences.name")}</label>
                    <input id="sequence-name" type="text" prop:value=move || name.get()
                        on:input:target=move |ev| name.set(ev.target().value())/>
                </div>
                {move || (0..rows.with(Vec::len)).map(|i| view! { <StepFields rows=rows index=i/> }).collect_view()}
                <Show when=move || !problems.with(Vec::is_empty)>
                    <ul class="field-error" role="alert">
                        {move || problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                    </ul>
                </Show>
                <div class="actions">
                    <button type="button" on:click=move |_| rows.update(|r| r.push(StepRow {
                        action: StepAction::Email.key().to_owned(),
                        ..StepRow::default()
                    }))>{tr("sequences.add_step")}</button>
                    <button type="submit" class="primary">{tr("sequences.save")}</button>
                </div>
            </form>
        </section>
    }
}

/// One step's day, action and title, labelled with its number.
#[component]
fn StepFields(rows: RwSignal<Vec<StepRow>>, index: usize) -> impl IntoView {
    let lang = use_lang();
    let n = move || format_number(lang.get(), index as u64 + 1);
    let label = move |key: &'static str| move || t_with(lang.get(), key, &[("n", &n())]);
    let get = move |pick: fn(&StepRow) -> String| {
        move || rows.with(|r| r.get(index).map(pick).unwrap_or_default())
    };
    let set = move |put: fn(&mut StepRow, String)| {
        move |value: String| {
            rows.update(|r| {
                if let Some(row) = r.get_mut(index) {
                    put(row, value);
                }
            })
        }
    };
    let set_day = set(|r, v| r.day = v);
    let set_action = set(|r, v| r.action = v);
    let set_title = set(|r, v| r.title = v);
    let action = get(|r| r.action.clone());
    view! {
        <fieldset class="automation-trigger">
            <legend>{move || t_with(lang.get(), "sequences.step", &[("n", &n())])}</legend>
            <div class="form-grid">
                <div class="field">
                    <label for=format!("step-{index}-day")>{label("sequences.step_day")}</label>
                    <input id=format!("step-{index}-day") type="text" inputmode="numeric" prop:value=get(|r| r.day.clone())
                        on:input:target=move |ev| set_day(ev.target().value())/>
                </div>
                <div class="field">
                    <label for=format!("step-{index}-action")>{label("sequences.step_action")}</label>
                    <select id=format!("step-{index}-action") on:change:target=move |ev| set_action(ev.target().value())>
                        {move || StepAction::ALL.into_iter().map(|a| view! {
                            <option value=a.key() selected=action() == a.key()>{t(lang.get(), &format!("step_action.{}", a.key()))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=format!("step-{index}-title")>{label("sequences.step_title")}</label>
                    <input id=format!("step-{index}-title") type="text" prop:value=get(|r| r.title.clone())
                        on:input:target=move |ev| set_title(ev.target().value())/>
                </div>
            </div>
            <button type="button" on:click=move |_| rows.update(|r| {
                if index < r.len() {
                    r.remove(index);
                }
            })>{move || t_with(lang.get(), "sequences.remove_step", &[("n", &n())])}</button>
        </fieldset>
    }
}
