//! The Rules section of Settings: every rule with on/off, Edit and Delete, and one form (for a new
//! rule or an edited one: name, action, a condition built from terms combined with All or Any),
//! validated by the domain with each problem naming its part. The form's text and its conversion
//! live in the domain (`domain::rules::draft`).

use leptos::prelude::*;

use crate::domain::rules::{
    term_kind, DraftProblem, ParamInput, Rule, RuleDraft, RuleSet, TermDraft, TERM_KINDS,
};
use crate::domain::scoring::ReasonArg;
use crate::i18n::{format_number, t, t_with};
use crate::ui::components::explain;
use crate::ui::i18n::{tr, use_lang};
use crate::ui::rules_state::use_rules;
use crate::ui::state::{now, use_app};
use crate::workspace::CommandError;

/// What the form is doing.
#[derive(Clone, Debug, PartialEq)]
enum Editing {
    Closed,
    New,
    /// Editing the rule with this id.
    Rule(String),
}

#[component]
pub fn RulesSettings() -> impl IntoView {
    let app = use_app();
    let rules = use_rules();
    let lang = use_lang();
    let editing = RwSignal::new(Editing::Closed);
    let draft = RwSignal::new(RuleDraft::default());
    let problems = RwSignal::new(Vec::<String>::new());

    let toggle = move |index: usize, on: bool| {
        let mut set: RuleSet = rules.rules.get_untracked();
        if let Some(rule) = set.rules.get_mut(index) {
            rule.enabled = on;
        }
        leptos::task::spawn_local(async move {
            let _ = app.save_rules(set).await;
        });
    };

    // Past firings keep their audit entries (and their Undo); the rule just stops flagging.
    let remove = move |index: usize| {
        let mut set: RuleSet = rules.rules.get_untracked();
        if index < set.rules.len() {
            let id = set.rules.remove(index).id;
            if editing.get_untracked() == Editing::Rule(id) {
                editing.set(Editing::Closed);
            }
        }
        leptos::task::spawn_local(async move {
            let _ = app.save_rules(set).await;
        });
    };

    let problem_text = move |p: &DraftProblem| {
        let bank = app.questions.get_untracked();
        explain(lang.get_untracked(), p.message_key(), &p.args(), &bank)
    };

    let open_new = move |_| {
        problems.set(Vec::new());
        draft.set(RuleDraft::default());
        editing.set(Editing::New);
    };
    let open_edit = move |rule: Rule| match RuleDraft::of_rule(&rule, lang.get_untracked().code()) {
        Ok(d) => {
            problems.set(Vec::new());
            draft.set(d);
            editing.set(Editing::Rule(rule.id));
        }
        Err(p) => {
            problems.set(vec![problem_text(&p)]);
            editing.set(Editing::Closed);
        }
    };

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = lang.get_untracked();
        let bank = app.questions.get_untracked();
        let set = rules.rules.get_untracked();
        let editing_now = editing.get_untracked();
        let (id, base) = match &editing_now {
            Editing::Rule(id) => (id.clone(), set.get(id).cloned()),
            _ => (format!("custom_{}", now()), None),
        };
        let rule = match draft.with_untracked(|d| d.to_rule(id, base.as_ref(), lang.code())) {
            Ok(rule) => rule,
            Err(p) => {
                problems.set(vec![problem_text(&p)]);
                return;
            }
        };
        let found: Vec<String> = rule
            .validate(&bank)
            .iter()
            .map(|p| explain(lang, p.message_key(), &p.args(), &bank))
            .collect();
        if !found.is_empty() {
            problems.set(found);
            return;
        }
        let set = match editing_now {
            Editing::Rule(_) => match set.with_replaced(rule) {
                Some(set) => set,
                // Deleted (in another tab) while being edited: nothing to replace.
                None => {
                    editing.set(Editing::Closed);
                    return;
                }
            },
            _ => {
                let mut set = set;
                set.rules.push(rule);
                set
            }
        };
        leptos::task::spawn_local(async move {
            match app.save_rules(set).await {
                Ok(()) => {
                    problems.set(Vec::new());
                    draft.set(RuleDraft::default());
                    editing.set(Editing::Closed);
                }
                Err(CommandError::Invalid(found)) => problems.set(
                    found
                        .iter()
                        .map(|p| explain(lang, p.message_key(), &p.args(), &bank))
                        .collect(),
                ),
                Err(CommandError::Store(_) | CommandError::Conflict(_)) => {}
            }
        });
    };

    // Terms are redrawn only when one is added or removed, not on every keystroke.
    let term_count = Memo::new(move |_| draft.with(|d| d.terms.len()));
    let needs_reason = move || {
        draft.with(|d| {
            matches!(
                d.action.as_str(),
                "move_to_nurture"
                    | "disqualify"
                    | "move_to_lost"
                    | "review_relationship"
                    | "follow_up"
            )
        })
    };
    let number_label = move || {
        draft.with(|d| match d.action.as_str() {
            "follow_up" => Some("rules.param_days"),
            "subtract_points" => Some("rules.param_points"),
            _ => None,
        })
    };
    let form_title = move || {
        let lang = lang.get();
        match editing.get() {
            Editing::Rule(id) => {
                let name = rules
                    .rules
                    .with(|s| s.get(&id).map(|r| r.name.get(lang.code()).to_owned()))
                    .unwrap_or(id);
                t_with(lang, "rules.editing", &[("name", &name)])
            }
            _ => t(lang, "rules.new_rule").to_owned(),
        }
    };

    view! {
        <section class="card" aria-labelledby="settings-rules">
            <h2 id="settings-rules">{tr("rules.settings_title")}</h2>
            <p>{tr("rules.settings_help")}</p>
            <ul class="rules-list">
                {move || {
                    let lang = lang.get();
                    let bank = app.questions.get();
                    rules.rules.get().rules.into_iter().enumerate().map(|(i, rule)| {
                        let name = rule.name.get(lang.code()).to_owned();
                        let action = explain(lang, rule.action.summary_key(), &rule.action.args(), &bank);
                        view! {
                            <li>
                                <input type="checkbox" prop:checked=rule.enabled
                                    aria-label=t_with(lang, "rules.enabled_label", &[("name", &name)])
                                    on:change=move |ev| toggle(i, event_target_checked(&ev))/>
                                <strong>{name.clone()}</strong>
                                <span class="muted">{action}</span>
                                <button type="button" class="link-button"
                                    aria-label=t_with(lang, "rules.edit_rule_named", &[("name", &name)])
                                    on:click={
                                        let rule = rule.clone();
                                        move |_| open_edit(rule.clone())
                                    }>{t(lang, "rules.edit_rule")}</button>
                                <button type="button" class="link-button"
                                    aria-label=t_with(lang, "rules.delete_rule_named", &[("name", &name)])
                                    on:click=move |_| remove(i)>{t(lang, "rules.delete_rule")}</button>
                            </li>
                        }
                    }).collect_view()
                }}
            </ul>
            <Show when=move || editing.get() == Editing::Closed>
                <Show when=move || problems.with(|p| !p.is_empty())>
                    <p class="field-error" role="alert">{move || problems.get().join(" ")}</p>
                </Show>
                <button type="button" class="primary" on:click=open_new>
                    {tr("rules.new_rule")}
                </button>
            </Show>
            <Show when=move || editing.get() != Editing::Closed>
                <form class="rule-form" on:submit=save novalidate=true aria-labelledby="rule-form-title">
                    <h3 id="rule-form-title">{form_title}</h3>
                    <label>
                        <span>{tr("rules.rule_name")}</span>
                        <input type="text" prop:value=move || draft.with(|d| d.name.clone())
                            on:input=move |ev| draft.update(|d| d.name = event_target_value(&ev))/>
                    </label>
                    <label>
                        <span>{tr("rules.action")}</span>
                        <select prop:value=move || draft.with(|d| d.action.clone())
                            on:change=move |ev| draft.update(|d| d.action = event_target_value(&ev))>
                            {crate::domain::rules::Action::examples().into_iter().map(|a| {
                                let k = a.key();
                                view! { <option value=k selected=move || draft.with(|d| d.action == k)>{move || t(lang.get(), a.label_key())}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                    <Show when=needs_reason>
                        <label>
                            <span>{tr("rules.reason")}</span>
                            <input type="text" prop:value=move || draft.with(|d| d.reason.clone())
                                on:input=move |ev| draft.update(|d| d.reason = event_target_value(&ev))/>
                        </label>
                    </Show>
                    {move || number_label().map(|key| view! {
                        <label>
                            <span>{move || t(lang.get(), key)}</span>
                            <input type="text" inputmode="numeric" prop:value=move || draft.with(|d| d.action_number.clone())
                                on:input=move |ev| draft.update(|d| d.action_number = event_target_value(&ev))/>
                        </label>
                    })}
                    <fieldset>
                        <legend>{tr("rules.condition")}</legend>
                        <label>
                            <span>{tr("rules.combine")}</span>
                            <select prop:value=move || if draft.with(|d| d.any) { "any" } else { "all" }
                                on:change=move |ev| draft.update(|d| d.any = event_target_value(&ev) == "any")>
                                <option value="all" selected=move || draft.with(|d| !d.any)>{tr("rules.combine_all")}</option>
                                <option value="any" selected=move || draft.with(|d| d.any)>{tr("rules.combine_any")}</option>
                            </select>
                        </label>
                        {move || (0..term_count.get()).map(|i| view! { <TermRow draft=draft index=i/> }).collect_view()}
                        <button type="button" on:click=move |_| draft.update(|d| d.terms.push(TermDraft::new("no_activity_for", &[(crate::domain::rules::Param::Days, "60")])))>
                            {tr("rules.add_term")}
                        </button>
                    </fieldset>
                    <Show when=move || problems.with(|p| !p.is_empty())>
                        <div class="field-error" role="alert">
                            <p>{tr("rules.problems_title")}</p>
                            <ul>{move || problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                        </div>
                    </Show>
                    <div class="actions">
                        <button type="submit" class="primary">{tr("rules.save_rule")}</button>
                        <button type="button" on:click=move |_| { editing.set(Editing::Closed); problems.set(Vec::new()); }>{tr("rules.cancel")}</button>
                    </div>
                </form>
            </Show>
        </section>
    }
}

/// A choice's label in the reader's language.
fn choice_label(lang: crate::i18n::Lang, label: &ReasonArg) -> String {
    match label {
        ReasonArg::Label(key) => t(lang, key).to_owned(),
        ReasonArg::Local(text) => text.get(lang.code()).to_owned(),
        _ => String::new(),
    }
}

#[component]
fn TermRow(draft: RwSignal<RuleDraft>, index: usize) -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    // A memo, so typing into this term's inputs does not redraw them (only a change of kind does).
    let kind = Memo::new(move |_| {
        draft.with(|d| {
            d.terms
                .get(index)
                .map(|t| t.kind.clone())
                .unwrap_or_default()
        })
    });
    let group_label = move || {
        let lang = lang.get();
        t_with(
            lang,
            "rules.term_group",
            &[("number", &format_number(lang, index as u64 + 1))],
        )
    };
    view! {
        <div class="rule-term" role="group" aria-label=group_label>
            <label>
                <span>{tr("rules.term_kind")}</span>
                <select prop:value=move || kind.get() on:change=move |ev| {
                    let value = event_target_value(&ev);
                    let bank = app.questions.get_untracked();
                    draft.update(|d| if let Some(t) = d.terms.get_mut(index) { t.change_kind(&value, &bank) })
                }>
                    {TERM_KINDS.iter().map(|k| {
                        let key = k.key;
                        let label = k.label_key;
                        view! { <option value=key selected=move || kind.with(|k| k == key)>{move || {
                            // The kind's name with its placeholders as "…".
                            let mut text = t(lang.get(), label).to_owned();
                            for hole in ["{count}", "{days}", "{points}", "{field}", "{value}", "{tag}", "{level}", "{question}", "{answer}", "{activity}", "{grade}", "{lead_type}"] {
                                text = text.replace(hole, "…");
                            }
                            text
                        }}</option> }
                    }).collect_view()}
                </select>
            </label>
            {move || {
                let params = term_kind(&kind.get()).map_or(&[][..], |k| k.params);
                params.iter().map(|&param| {
                    let value = move || draft.with(|d| d.terms.get(index).map(|t| t.get(param).to_owned()).unwrap_or_default());
                    let set = move |v: String| draft.update(|d| if let Some(t) = d.terms.get_mut(index) { t.set(param, v) });
                    let input = match param.input() {
                        ParamInput::Choice => {
                            let options = move || {
                                let lang = lang.get();
                                let bank = app.questions.get();
                                param.choices(&bank).into_iter().map(|c| {
                                    let text = choice_label(lang, &c.label);
                                    let key = c.key.clone();
                                    view! { <option value=c.key selected=move || value() == key>{text}</option> }
                                }).collect_view()
                            };
                            view! { <select prop:value=value on:change=move |ev| set(event_target_value(&ev))>{options}</select> }.into_any()
                        }
                        ParamInput::Number => view! {
                            <input type="text" inputmode="numeric" prop:value=value on:input=move |ev| set(event_target_value(&ev))/>
                        }.into_any(),
                        ParamInput::Text => view! {
                            <input type="text" prop:value=value on:input=move |ev| set(event_target_value(&ev))/>
                        }.into_any(),
                    };
                    view! {
                        <label>
                            <span>{tr(param.label_key())}</span>
                            {input}
                        </label>
                    }
                }).collect_view()
            }}
            <button type="button" on:click=move |_| draft.update(|d| { if index < d.terms.len() { d.terms.remove(index); } })>
                {tr("rules.remove_term")}
            </button>
        </div>
    }
}
