//! The qualification question bank editor: per level (organization, opportunity, stakeholders) add,
//! reword, remove and mark questions required, in English and Persian. The bank's own validation
//! decides what may be saved.

use leptos::prelude::*;

use super::scoring::focus_later;
use crate::domain::qualification::{BankError, Level, LocalText, Question, QuestionBank};
use crate::i18n::{format_number, t, t_with, Lang};
use crate::ui::components::explain;
use crate::ui::i18n::{tr, use_lang};
use crate::ui::leads::focus;
use crate::ui::state::use_app;
use crate::workspace::CommandError;

/// One question as typed. A new question has no id until it is saved.
#[derive(Clone, Debug, PartialEq)]
struct QuestionDraft {
    id: String,
    level: Level,
    en: String,
    fa: String,
    required: bool,
}

/// The bank's questions, grouped by level so a question's number is its place in the saved bank.
fn drafts_of(bank: &QuestionBank) -> Vec<QuestionDraft> {
    Level::ALL
        .into_iter()
        .flat_map(|level| bank.level(level))
        .map(|q| QuestionDraft {
            id: q.id.clone(),
            level: q.level,
            en: q.text.en.clone(),
            fa: q.text.fa.clone(),
            required: q.required,
        })
        .collect()
}

/// The bank typed; new questions get the first free `custom_<n>` id.
fn bank_of(drafts: &[QuestionDraft]) -> QuestionBank {
    let mut questions: Vec<Question> = Vec::with_capacity(drafts.len());
    let taken = |id: &str, questions: &[Question]| {
        drafts.iter().any(|d| d.id == id) || questions.iter().any(|q| q.id == id)
    };
    for d in drafts {
        let id = if d.id.is_empty() {
            (1..)
                .map(|n| format!("custom_{n}"))
                .find(|id| !taken(id, &questions))
                .expect("some custom id is free")
        } else {
            d.id.clone()
        };
        questions.push(Question {
            id,
            level: d.level,
            text: LocalText::new(d.en.clone(), d.fa.clone()),
            required: d.required,
        });
    }
    QuestionBank { questions }
}

fn text_id(row: usize, lang: &str) -> String {
    format!("question-{row}-{lang}")
}

/// A question bank problem in the reader's language.
fn bank_error_text(lang: Lang, error: &BankError) -> String {
    // Bank problems carry no question id to look up, so an empty bank serves.
    explain(
        lang,
        error.problem.message_key(),
        &error.args(),
        &QuestionBank { questions: vec![] },
    )
}

fn row_error_id(row: usize) -> String {
    format!("question-{row}-error")
}

fn level_error_id(level: Level) -> String {
    format!("questions-{}-error", level.key())
}

/// One question: its wording in both languages, Required, and Remove.
#[component]
fn QuestionRow(
    row: usize,
    drafts: RwSignal<Vec<QuestionDraft>>,
    errors: RwSignal<Vec<BankError>>,
) -> impl IntoView {
    let lang = use_lang();
    let number = move || format_number(lang.get(), row as u64 + 1);
    let has_error = move || errors.with(|errs| errs.iter().any(|e| e.row == Some(row)));
    let invalid = move || has_error().then_some("true");
    let described = move || has_error().then(|| row_error_id(row));
    let message = move || {
        let lang = lang.get();
        let texts: Vec<String> = errors.with(|errs| {
            errs.iter()
                .filter(|e| e.row == Some(row))
                .map(|e| bank_error_text(lang, e))
                .collect()
        });
        (!texts.is_empty())
            .then(|| view! { <p class="field-error" id=row_error_id(row)>{texts.join(" ")}</p> })
    };
    let get = move |f: fn(&QuestionDraft) -> String| {
        move || drafts.with(|d| d.get(row).map(f).unwrap_or_default())
    };
    let (en_id, fa_id, required_id) = (
        text_id(row, "en"),
        text_id(row, "fa"),
        format!("question-{row}-required"),
    );
    view! {
        <fieldset class="question-edit">
            <legend>{move || t_with(lang.get(), "qualification.settings_question", &[("n", &number())])}</legend>
            <div class="field" class:field-invalid=has_error>
                <label for=en_id.clone()>{move || t_with(lang.get(), "qualification.settings_text_en", &[("n", &number())])}</label>
                <input id=en_id type="text" dir="ltr" lang="en" autocomplete="off"
                    aria-invalid=invalid aria-describedby=described
                    prop:value=get(|d| d.en.clone())
                    on:input:target=move |ev| drafts.update(|d| if let Some(q) = d.get_mut(row) { q.en = ev.target().value(); })
                />
            </div>
            <div class="field" class:field-invalid=has_error>
                <label for=fa_id.clone()>{move || t_with(lang.get(), "qualification.settings_text_fa", &[("n", &number())])}</label>
                <input id=fa_id type="text" dir="rtl" lang="fa" autocomplete="off"
                    aria-invalid=invalid aria-describedby=described
                    prop:value=get(|d| d.fa.clone())
                    on:input:target=move |ev| drafts.update(|d| if let Some(q) = d.get_mut(row) { q.fa = ev.target().value(); })
                />
            </div>
            {message}
            <div class="question-actions">
                <label>
                    <input id=required_id type="checkbox"
                        prop:checked=move || drafts.with(|d| d.get(row).is_some_and(|q| q.required))
                        on:change:target=move |ev| drafts.update(|d| if let Some(q) = d.get_mut(row) { q.required = ev.target().checked(); })
                    />
                    {tr("qualification.required")}
                </label>
                <button type="button" class="link-button" on:click=move |_| {
                    drafts.update(|d| { d.remove(row); });
                    errors.set(vec![]);
                }>{tr("qualification.settings_remove")}</button>
            </div>
        </fieldset>
    }
}

/// The "Qualification questions" section of Settings.
#[component]
pub fn QuestionSettings() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let drafts = RwSignal::new(app.questions.with_untracked(drafts_of));
    let errors = RwSignal::new(Vec::<BankError>::new());
    let saving = RwSignal::new(false);
    // Which level each question is on: changes only when a question is added or removed.
    let levels = Memo::new(move |_| drafts.with(|d| d.iter().map(|q| q.level).collect::<Vec<_>>()));

    let add = move |level: Level| {
        let mut at = 0;
        drafts.update(|d| {
            at = d.iter().rposition(|q| q.level == level).map_or_else(
                || d.iter().position(|q| q.level > level).unwrap_or(d.len()),
                |i| i + 1,
            );
            d.insert(
                at,
                QuestionDraft {
                    id: String::new(),
                    level,
                    en: String::new(),
                    fa: String::new(),
                    required: false,
                },
            );
        });
        errors.set(vec![]);
        focus_later(text_id(at, lang.get_untracked().code()));
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let bank = drafts.with_untracked(|d| bank_of(d));
        saving.set(true);
        leptos::task::spawn_local(async move {
            let result = app.save_question_bank(bank.clone()).await;
            saving.set(false);
            match result {
                Ok(()) => {
                    errors.set(vec![]);
                    drafts.set(drafts_of(&bank));
                }
                Err(CommandError::Invalid(found)) => {
                    let first = found.first().cloned();
                    errors.set(found);
                    match first {
                        Some(BankError { row: Some(row), .. }) => focus(&text_id(row, "en")),
                        Some(e) => focus(&format!("questions-{}-add", e.level.key())),
                        None => {}
                    }
                }
                Err(CommandError::Store(_) | CommandError::Conflict(_)) => {}
            }
        });
    };
    let discard = move |_| {
        drafts.set(app.questions.with_untracked(drafts_of));
        errors.set(vec![]);
    };
    let summary = move || {
        let lang = lang.get();
        let texts: Vec<String> =
            errors.with(|errs| errs.iter().map(|e| bank_error_text(lang, e)).collect());
        (!texts.is_empty()).then(|| {
            view! {
                <div class="form-summary" role="alert">
                    <p>{t(lang, "qualification.settings_errors_summary")}</p>
                    <ul>{texts.into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}</ul>
                </div>
            }
        })
    };

    view! {
        <section class="card question-settings" aria-labelledby="settings-questions">
            <h2 id="settings-questions">{tr("qualification.settings_title")}</h2>
            <p class="help">{tr("qualification.settings_help")}</p>
            <form novalidate=true on:submit=save>
                {summary}
                {Level::ALL.into_iter().map(|level| {
                    let level_error = move || {
                        let lang = lang.get();
                        let texts: Vec<String> = errors.with(|errs| {
                            errs.iter()
                                .filter(|e| e.row.is_none() && e.level == level)
                                .map(|e| explain(lang, e.problem.message_key(), &e.args(), &QuestionBank { questions: vec![] }))
                                .collect()
                        });
                        (!texts.is_empty()).then(|| view! { <p class="field-error" id=level_error_id(level)>{texts.join(" ")}</p> })
                    };
                    view! {
                        <fieldset class="question-level">
                            <legend>{tr(level.label_key())}</legend>
                            {move || levels.with(|ls| {
                                ls.iter()
                                    .enumerate()
                                    .filter(|(_, l)| **l == level)
                                    .map(|(row, _)| view! { <QuestionRow row=row drafts=drafts errors=errors/> })
                                    .collect_view()
                            })}
                            {level_error}
                            <button type="button" id=format!("questions-{}-add", level.key())
                                aria-describedby=move || errors.with(|errs| errs.iter().any(|e| e.row.is_none() && e.level == level).then(|| level_error_id(level)))
                                on:click=move |_| add(level)
                            >{tr("qualification.settings_add")}</button>
                        </fieldset>
                    }
                }).collect_view()}
                <div class="form-actions">
                    <button type="submit" class="primary" disabled=move || saving.get()>{tr("qualification.settings_save")}</button>
                    <button type="button" on:click=discard>{tr("qualification.settings_discard")}</button>
                </div>
            </form>
        </section>
    }
}
