//! The Qualification section: three levels of questions answered yes / no / unknown, BANT, sales
//! acceptance and a lead-type override; verdicts, queue (or the one a rule's applied action put the
//! lead in) and lead type shown live as answers change.

use leptos::prelude::*;

use crate::domain::qualification::{
    assign_lead_type, evaluate, Answer, LeadType, Level, Qualification, QuestionBank,
    MAX_NEED_LEVEL,
};
use crate::domain::rules::Placer;
use crate::domain::scoring::{score_total, ReasonArg};
use crate::domain::validation::parse_whole_number;
use crate::domain::{Currency, DecisionRole, LeadId, Money, Revision};
use crate::i18n::{t, t_with, Lang};
use crate::ui::components::{explain, field_error_text, ConflictDialog, ConflictRow};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::insight::lead_insight;
use crate::ui::state::{now, use_app};
use crate::workspace::{CommandError, Theirs};

/// Largest budget accepted (it must survive JavaScript's numbers exactly).
const MAX_BUDGET: u64 = (1 << 53) - 1;

/// The typed parts of the section that are not yet valid values.
#[derive(Clone, Debug, Default, PartialEq)]
struct Draft {
    record: Qualification,
    budget_amount: String,
    budget_currency: String,
    override_type: String,
    override_reason: String,
}

impl Draft {
    fn new(record: Qualification) -> Draft {
        let budget = record.bant.budget_amount;
        Draft {
            budget_amount: budget.map(|b| b.amount.to_string()).unwrap_or_default(),
            budget_currency: budget
                .map_or(Currency::Toman, |b| b.currency)
                .code()
                .to_owned(),
            override_type: record
                .lead_type_override
                .as_ref()
                .map(|o| o.lead_type.key().to_owned())
                .unwrap_or_default(),
            override_reason: record
                .lead_type_override
                .as_ref()
                .map(|o| o.reason.clone())
                .unwrap_or_default(),
            record,
        }
    }
}

/// Why the section was not saved.
#[derive(Clone, Debug, PartialEq)]
enum DraftProblem {
    Budget(crate::domain::validation::Problem),
    OverrideReason,
}

fn finish(mut draft: Draft, at: i64) -> Result<Qualification, DraftProblem> {
    draft.record.bant.budget_amount = match draft.budget_amount.trim() {
        "" => None,
        raw => Some(Money {
            amount: parse_whole_number(raw, MAX_BUDGET).map_err(DraftProblem::Budget)?,
            currency: Currency::from_code(&draft.budget_currency).unwrap_or(Currency::Toman),
        }),
    };
    match LeadType::from_key(&draft.override_type) {
        None => draft.record.clear_override(),
        Some(kind) => {
            let unchanged =
                draft.record.lead_type_override.as_ref().is_some_and(|o| {
                    o.lead_type == kind && o.reason == draft.override_reason.trim()
                });
            if !unchanged {
                draft
                    .record
                    .override_lead_type(kind, &draft.override_reason, at)
                    .map_err(|_| DraftProblem::OverrideReason)?;
            }
        }
    }
    Ok(draft.record)
}

fn problem_text(lang: Lang, problem: &DraftProblem) -> String {
    match problem {
        DraftProblem::Budget(p) => field_error_text(lang, "budget", *p),
        DraftProblem::OverrideReason => {
            t(lang, "qualification.override_reason_required").to_owned()
        }
    }
}

#[component]
pub fn QualificationSection(id: LeadId) -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let initial = lead_insight(app, id)
        .map(|i| i.qualification)
        .unwrap_or_else(|| Qualification::new(id));
    let draft = RwSignal::new(Draft::new(initial));
    let problem = RwSignal::new(None::<DraftProblem>);
    let saving = RwSignal::new(false);
    // The version of the answers the form was opened on; a save from an older one asks first.
    let base = RwSignal::new(app.qualification_revision(id));
    let conflict = RwSignal::new(None::<(Qualification, Option<Revision>)>);

    // Verdict, queue and type of the answers as they stand in the form (not yet saved).
    let live = Memo::new(move |_| {
        let record = draft.with(|d| d.record.clone());
        let compiled = app.compiled.get();
        let at = now();
        let rule_state = app
            .rule_states
            .with(|states| states.get(&id).cloned().unwrap_or_default());
        app.questions.with(|bank| {
            app.book.with(|book| {
                let input = book.score_input(id)?;
                let (lead, activities) = (input.lead, input.activities);
                let verdict = evaluate(bank, &record);
                // The same placement as the Leads queue: a rule's applied action wins over answers.
                let queue = Placer::new(bank, at).place(lead, Some(&record), Some(&rule_state));
                // The final score, as the lead page's Score shows it: rule penalties taken off.
                let total = rule_state.adjustment().score(score_total(
                    input.with_qualification(Some(&record)),
                    &compiled,
                    at,
                ));
                let lead_type = assign_lead_type(
                    lead,
                    activities,
                    &record,
                    &verdict,
                    total,
                    compiled.thresholds().mql,
                );
                Some((verdict, queue, lead_type))
            })
        })
    });

    let store = move || {
        if saving.get_untracked() {
            return;
        }
        match finish(draft.get_untracked(), now()) {
            Err(found) => problem.set(Some(found)),
            Ok(record) => {
                problem.set(None);
                saving.set(true);
                let from = base.get_untracked();
                leptos::task::spawn_local(async move {
                    match app.save_qualification(record.clone(), from).await {
                        Ok(()) => {
                            base.set(app.qualification_revision(id));
                            draft.set(Draft::new(record));
                        }
                        Err(CommandError::Conflict(found)) => {
                            if let Theirs::Qualification(theirs) = found.theirs {
                                let theirs = theirs.unwrap_or_else(|| Qualification::new(id));
                                conflict.set(Some((theirs, found.revision)));
                            }
                        }
                        Err(_) => {}
                    }
                    saving.set(false);
                });
            }
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        store();
    };
    let keep_mine = move |_| {
        if let Some((_, revision)) = conflict.get_untracked() {
            base.set(revision);
            conflict.set(None);
            store();
        }
    };
    let keep_theirs = move |_| {
        if let Some((theirs, revision)) = conflict.get_untracked() {
            base.set(revision);
            conflict.set(None);
            draft.set(Draft::new(theirs));
        }
    };
    let conflict_rows = move || {
        let lang = lang.get();
        conflict.with(|theirs| {
            theirs.as_ref().map(|(theirs, _)| {
                let mine = draft.with(|d| d.record.clone());
                app.questions
                    .with(|bank| answer_differences(lang, bank, &mine, theirs))
            })
        })
    };

    let answer_group =
        move |label_id: String, name: String, current: Signal<Answer>, set: Callback<Answer>| {
            view! {
                <div class="answers" role="radiogroup" aria-labelledby=label_id>
                    {Answer::ALL.into_iter().map(|answer| {
                        let name = name.clone();
                        view! {
                            <label class="answer">
                                <input type="radio" name=name value=answer.key()
                                    prop:checked=move || current.get() == answer
                                    on:change=move |_| set.run(answer)/>
                                {move || t(lang.get(), answer.label_key())}
                            </label>
                        }
                    }).collect_view()}
                </div>
            }
        };

    let levels = move || {
        let bank = app.questions.get();
        Level::ALL.into_iter().map(|level| {
            let questions: Vec<_> = bank.level(level).cloned().collect();
            let verdict = move || live.with(|l| l.as_ref().map(|(v, _, _)| v.level(level).verdict));
            view! {
                <fieldset class="level">
                    <legend>
                        {move || t(lang.get(), level.label_key())}" "
                        <span class="verdict">{move || verdict().map(|v| t(lang.get(), v.label_key()))}</span>
                    </legend>
                    {questions.into_iter().map(|question| {
                        let qid = question.id.clone();
                        let label_id = format!("q-{}-label", question.id);
                        let text = question.text.clone();
                        let text2 = question.text.clone();
                        let q_get = qid.clone();
                        let q_set = qid.clone();
                        let q_note = qid.clone();
                        let q_note_set = qid.clone();
                        let current = Signal::derive(move || draft.with(|d| d.record.answer(&q_get)));
                        let set = Callback::new(move |answer: Answer| draft.update(|d| {
                            let note = d.record.answers.get(&q_set).map(|a| a.note.clone()).unwrap_or_default();
                            d.record.set_answer(&q_set, answer, note);
                        }));
                        view! {
                            <div class="question">
                                <p class="question-text" id=label_id.clone()>
                                    {move || text.get(lang.get().code()).to_owned()}
                                    {question.required.then(|| view! { <span class="required-mark" aria-hidden="true">" *"</span> })}
                                </p>
                                {answer_group(label_id, format!("q-{qid}"), current, set)}
                                <input type="text" class="note"
                                    aria-label=move || t_with(lang.get(), "lead.note_for", &[("question", text2.get(lang.get().code()))])
                                    placeholder=tr("qualification.note")
                                    prop:value=move || draft.with(|d| d.record.answers.get(&q_note).map(|a| a.note.clone()).unwrap_or_default())
                                    on:input:target=move |ev| {
                                        let note = ev.target().value();
                                        draft.update(|d| {
                                            let answer = d.record.answer(&q_note_set);
                                            d.record.set_answer(&q_note_set, answer, note);
                                        });
                                    }/>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
            }
        }).collect_view()
    };

    let summary = move || {
        let lang = lang.get();
        let bank = app.questions.get();
        let mql = app.compiled.get().thresholds().mql;
        live.get().map(|(verdict, queue, lead_type)| {
            let queue_label = queue.as_ref().map_or("qualification.queue_active", |q| q.label_key());
            let queue_reason = queue.as_ref().and_then(|q| Some(explain(lang, q.reason_key()?, &q.reason_args(), &bank)));
            view! {
                <dl class="verdicts">
                    <div><dt>{t(lang, "qualification.title")}</dt>
                        <dd class="overall">{t(lang, verdict.overall.overall_label_key())}</dd></div>
                    <div><dt>{t(lang, "lead.queue")}</dt>
                        <dd>{t(lang, queue_label)}{queue_reason.map(|r| format!(" — {r}"))}</dd></div>
                    <div><dt>{t(lang, "lead_type.title")}</dt>
                        <dd>
                            <strong>{t(lang, lead_type.lead_type.label_key())}</strong>" — "
                            {explain(lang, lead_type.why.key(), &lead_type.why.args(), &bank)}
                            <br/>
                            <span class="muted">{t_with(lang, "lead.lead_type_rule", &[("rule",
                                &explain(lang, lead_type.lead_type.rule_key(), &[("threshold", ReasonArg::Number(mql as i64))], &bank))])}</span>
                        </dd></div>
                </dl>
            }
        })
    };

    let role_options = move || {
        let lang = lang.get();
        let lead_role = app
            .book
            .with(|b| b.lead(id).map(|l| l.decision_role))
            .unwrap_or(DecisionRole::Unknown);
        let mut options = vec![(
            String::new(),
            t_with(
                lang,
                "lead.authority_same",
                &[("role", t(lang, &format!("role.{}", lead_role.key())))],
            ),
        )];
        options.extend(DecisionRole::ALL.iter().map(|r| {
            (
                r.key().to_owned(),
                t(lang, &format!("role.{}", r.key())).to_owned(),
            )
        }));
        options
    };

    view! {
        <section class="card qualification" aria-labelledby="qualification-title">
            <h2 id="qualification-title">{tr("qualification.title")}</h2>
            {summary}
            <form novalidate=true on:submit=save>
                {levels}
                <fieldset class="level">
                    <legend>{tr("qualification.bant")}</legend>
                    <div class="question">
                        <p class="question-text" id="bant-budget-label">{tr("qualification.bant_budget_exists")}</p>
                        {answer_group("bant-budget-label".into(), "bant-budget".into(),
                            Signal::derive(move || draft.with(|d| d.record.bant.budget_exists)),
                            Callback::new(move |a| draft.update(|d| d.record.bant.budget_exists = a)))}
                    </div>
                    <div class="form-grid">
                        <div class="field">
                            <label for="bant-amount">{tr("qualification.bant_budget_amount")}</label>
                            <input id="bant-amount" type="text" inputmode="numeric"
                                aria-invalid=move || problem.with(|p| matches!(p, Some(DraftProblem::Budget(_)))).then_some("true")
                                prop:value=move || draft.with(|d| d.budget_amount.clone())
                                on:input:target=move |ev| draft.update(|d| d.budget_amount = ev.target().value())/>
                        </div>
                        <div class="field">
                            <label for="bant-currency">{tr("field.currency")}</label>
                            <select id="bant-currency" on:change:target=move |ev| draft.update(|d| d.budget_currency = ev.target().value())>
                                {move || {
                                    let lang = lang.get();
                                    let current = draft.with(|d| d.budget_currency.clone());
                                    Currency::ALL.iter().map(|c| view! {
                                        <option value=c.code() selected=current == c.code()>{t(lang, &format!("currency.{}", c.code()))}</option>
                                    }).collect_view()
                                }}
                            </select>
                        </div>
                        <div class="field">
                            <label for="bant-authority">{tr("qualification.bant_authority")}</label>
                            <select id="bant-authority" on:change:target=move |ev| {
                                let role = DecisionRole::from_key(&ev.target().value());
                                draft.update(|d| d.record.bant.authority_override = role);
                            }>
                                {move || {
                                    let current = draft.with(|d| d.record.bant.authority_override.map(|r| r.key().to_owned()).unwrap_or_default());
                                    role_options().into_iter().map(|(value, text)| {
                                        let selected = value == current;
                                        view! { <option value=value selected=selected>{text}</option> }
                                    }).collect_view()
                                }}
                            </select>
                        </div>
                        <div class="field">
                            <label for="bant-need">{tr("qualification.bant_need")}</label>
                            <select id="bant-need" on:change:target=move |ev| {
                                let level = ev.target().value().parse::<u8>().ok();
                                draft.update(|d| d.record.bant.need_level = level);
                            }>
                                {move || {
                                    let lang = lang.get();
                                    let current = draft.with(|d| d.record.bant.need_level);
                                    let mut options = vec![view! { <option value=String::new() selected=current.is_none()>{t(lang, "lead.need_unknown")}</option> }];
                                    options.extend((0..=MAX_NEED_LEVEL).map(|n| view! {
                                        <option value=n.to_string() selected=current == Some(n)>{t(lang, &format!("qualification.need_level_{n}"))}</option>
                                    }));
                                    options.collect_view()
                                }}
                            </select>
                        </div>
                    </div>
                    <div class="question">
                        <p class="question-text" id="bant-next-year-label">{tr("qualification.bant_next_year_or_later")}</p>
                        {answer_group("bant-next-year-label".into(), "bant-next-year".into(),
                            Signal::derive(move || draft.with(|d| d.record.bant.next_year_or_later)),
                            Callback::new(move |a| draft.update(|d| d.record.bant.next_year_or_later = a)))}
                    </div>
                </fieldset>
                <fieldset class="level">
                    <legend>{tr("lead_type.title")}</legend>
                    <label class="checkbox">
                        <input type="checkbox"
                            prop:checked=move || draft.with(|d| d.record.accepted_by_sales.is_some())
                            on:change:target=move |ev| {
                                let accepted = ev.target().checked();
                                draft.update(|d| if accepted { d.record.accept_by_sales(now()) } else { d.record.accepted_by_sales = None });
                            }/>
                        {tr("qualification.accepted_by_sales")}
                    </label>
                    <div class="form-grid">
                        <div class="field">
                            <label for="type-override">{tr("lead_type.override")}</label>
                            <select id="type-override" on:change:target=move |ev| draft.update(|d| d.override_type = ev.target().value())>
                                {move || {
                                    let lang = lang.get();
                                    let current = draft.with(|d| d.override_type.clone());
                                    let mut options = vec![view! { <option value=String::new() selected=current.is_empty()>{t(lang, "lead.override_none")}</option> }];
                                    options.extend(LeadType::ALL.iter().map(|kind| view! {
                                        <option value=kind.key().to_owned() selected=current == kind.key()>{t(lang, kind.label_key())}</option>
                                    }));
                                    options.collect_view()
                                }}
                            </select>
                        </div>
                        <div class="field">
                            <label for="type-override-reason">{tr("lead_type.override_reason")}</label>
                            <input id="type-override-reason" type="text"
                                aria-invalid=move || problem.with(|p| matches!(p, Some(DraftProblem::OverrideReason))).then_some("true")
                                prop:value=move || draft.with(|d| d.override_reason.clone())
                                on:input:target=move |ev| draft.update(|d| d.override_reason = ev.target().value())/>
                        </div>
                    </div>
                </fieldset>
                {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{problem_text(lang.get(), &p)}</p> })}
                <div class="form-actions">
                    <button type="submit" class="primary" disabled=move || saving.get()>{tr("lead.save_qualification")}</button>
                </div>
            </form>
            {move || conflict_rows().map(|rows| view! {
                <ConflictDialog rows=rows keep_mine=keep_mine keep_theirs=keep_theirs/>
            })}
        </section>
    }
}

/// The answers where my form and theirs differ (each question in the viewer's language), and
/// BANT's budget, need and timing answers.
fn answer_differences(
    lang: Lang,
    bank: &QuestionBank,
    mine: &Qualification,
    theirs: &Qualification,
) -> Vec<ConflictRow> {
    let answer =
        |q: &Qualification, id: &str| q.answers.get(id).map(|a| a.answer).unwrap_or_default();
    let text = |a: Answer| t(lang, a.label_key()).to_owned();
    let mut rows: Vec<ConflictRow> = bank
        .questions
        .iter()
        .filter(|question| answer(mine, &question.id) != answer(theirs, &question.id))
        .map(|question| ConflictRow {
            label: question.text.get(lang.code()).to_owned(),
            mine: text(answer(mine, &question.id)),
            theirs: text(answer(theirs, &question.id)),
        })
        .collect();
    let (m, th) = (&mine.bant, &theirs.bant);
    if m.budget_exists != th.budget_exists {
        rows.push(ConflictRow {
            label: t(lang, "qualification.bant_budget_exists").to_owned(),
            mine: text(m.budget_exists),
            theirs: text(th.budget_exists),
        });
    }
    if m.need_level != th.need_level {
        let need = |n: Option<u8>| {
            n.map_or_else(
                || t(lang, "lead.need_unknown").to_owned(),
                |n| n.to_string(),
            )
        };
        rows.push(ConflictRow {
            label: t(lang, "scoring.criterion_need").to_owned(),
            mine: need(m.need_level),
            theirs: need(th.need_level),
        });
    }
    if m.next_year_or_later != th.next_year_or_later {
        rows.push(ConflictRow {
            label: t(lang, "rules.term_timeline_next_year").to_owned(),
            mine: text(m.next_year_or_later),
            theirs: text(th.next_year_or_later),
        });
    }
    rows
}
