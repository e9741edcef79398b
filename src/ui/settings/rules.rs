//! The Rules section of Settings: every rule with on/off, name and action, and a form for a new
//! rule (name, action, a condition built from terms combined with All or Any), validated by the
//! domain with each problem naming its part.

use leptos::prelude::*;

use crate::domain::qualification::LocalText;
use crate::domain::rules::{Action, Condition, Rule, RuleSet, Term};
use crate::i18n::{t, t_with};
use crate::ui::components::explain;
use crate::ui::i18n::{tr, use_lang};
use crate::ui::rules_state::{save_rules, use_rules, SaveRulesError};
use crate::ui::state::{now, use_app};

/// The condition kinds the form offers, with the numbers each takes (count, days, points).
const TERM_KINDS: [(&str, &str, [bool; 3]); 17] = [
    ("emails_without_reply", "rules.term_emails_without_reply", [true, false, false]),
    ("unanswered_calls", "rules.term_unanswered_calls", [true, true, false]),
    ("complaints", "rules.term_complaints", [true, true, false]),
    ("no_activity_for", "rules.term_no_activity_for", [false, true, false]),
    ("no_contact_for", "rules.term_no_contact_for", [false, true, false]),
    ("in_stage_for", "rules.term_in_stage_for", [false, true, false]),
    ("no_purchase_for", "rules.term_no_purchase_for", [false, true, false]),
    ("upsell_without_purchase", "rules.term_upsell_without_purchase", [false, true, false]),
    ("score_below", "rules.term_score_below", [false, false, true]),
    ("score_at_least", "rules.term_score_at_least", [false, false, true]),
    ("no_budget", "rules.term_no_budget", [false, false, false]),
    ("not_decision_maker", "rules.term_not_decision_maker", [false, false, false]),
    ("timeline_next_year_or_later", "rules.term_timeline_next_year", [false, false, false]),
    ("customer", "rules.term_customer", [false, false, false]),
    ("unsubscribed", "rules.term_unsubscribed", [false, false, false]),
    ("anti_brand", "rules.term_anti_brand", [false, false, false]),
    ("unknown", "rules.term_unknown", [false, false, false]),
];

fn params_of(kind: &str) -> [bool; 3] {
    TERM_KINDS.iter().find(|(k, _, _)| *k == kind).map_or([false; 3], |(_, _, p)| *p)
}

/// One term as typed: its kind and its numbers as text.
#[derive(Clone, Debug, Default, PartialEq)]
struct TermDraft {
    kind: String,
    count: String,
    days: String,
    points: String,
}

/// A number field's text: the number, or the path of the part for the "not a number" message.
fn number(text: &str, path: String) -> Result<i64, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(0);
    }
    text.parse().map_err(|_| path)
}

fn term_of(d: &TermDraft, path: &str) -> Result<Term, String> {
    let n = |text: &str, part: &str| number(text, format!("{path}.{part}"));
    Ok(match d.kind.as_str() {
        "emails_without_reply" => Term::EmailsWithoutReply { at_least: n(&d.count, "at_least")? },
        "unanswered_calls" => Term::UnansweredCalls { at_least: n(&d.count, "at_least")?, days: n(&d.days, "days")? },
        "complaints" => Term::Complaints { at_least: n(&d.count, "at_least")?, days: n(&d.days, "days")? },
        "no_activity_for" => Term::NoActivityFor { days: n(&d.days, "days")? },
        "no_contact_for" => Term::NoContactFor { days: n(&d.days, "days")? },
        "in_stage_for" => Term::InStageFor { days: n(&d.days, "days")? },
        "no_purchase_for" => Term::NoPurchaseFor { days: n(&d.days, "days")? },
        "upsell_without_purchase" => Term::UpsellWithoutPurchase { days: n(&d.days, "days")? },
        "score_below" => Term::ScoreBelow { points: n(&d.points, "points")? as i32 },
        "score_at_least" => Term::ScoreAtLeast { points: n(&d.points, "points")? as i32 },
        "no_budget" => Term::NoBudget,
        "not_decision_maker" => Term::NotDecisionMaker,
        "timeline_next_year_or_later" => Term::TimelineNextYearOrLater,
        "customer" => Term::Customer,
        "unsubscribed" => Term::Unsubscribed,
        "anti_brand" => Term::AntiBrand,
        _ => Term::Unknown,
    })
}

/// The new rule's form as typed.
#[derive(Clone, Debug, PartialEq)]
struct RuleDraft {
    name: String,
    action: String,
    reason: String,
    action_number: String,
    any: bool,
    terms: Vec<TermDraft>,
}

impl Default for RuleDraft {
    fn default() -> RuleDraft {
        RuleDraft {
            name: String::new(),
            action: "flag_cold".into(),
            reason: String::new(),
            action_number: String::new(),
            any: false,
            terms: vec![TermDraft { kind: "emails_without_reply".into(), count: "5".into(), ..Default::default() }],
        }
    }
}

impl RuleDraft {
    /// The rule, or the path of the first number that is not one.
    fn to_rule(&self, id: String) -> Result<Rule, String> {
        let group = if self.any { "any" } else { "all" };
        let terms = self
            .terms
            .iter()
            .enumerate()
            .map(|(i, d)| term_of(d, &format!("condition.{group}[{i}]")).map(Condition::Term))
            .collect::<Result<Vec<_>, _>>()?;
        let condition = if self.any { Condition::Any(terms) } else { Condition::All(terms) };
        let reason = LocalText::new(self.reason.trim(), self.reason.trim());
        let action = match self.action.as_str() {
            "move_to_nurture" => Action::MoveToNurture { reason },
            "disqualify" => Action::Disqualify { reason },
            "move_to_lost" => Action::MoveToLost { reason },
            "follow_up" => Action::FollowUp { in_days: number(&self.action_number, "action.in_days".into())?, note: reason },
            "subtract_points" => Action::SubtractPoints { points: number(&self.action_number, "action.points".into())? as i32 },
            "review_relationship" => Action::ReviewRelationship { reason },
            "return_to_active" => Action::ReturnToActive,
            _ => Action::FlagCold,
        };
        let name = LocalText::new(self.name.trim(), self.name.trim());
        Ok(Rule { id, name, enabled: true, condition, action })
    }
}

#[component]
pub fn RulesSettings() -> impl IntoView {
    let app = use_app();
    let rules = use_rules();
    let lang = use_lang();
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(RuleDraft::default());
    let problems = RwSignal::new(Vec::<String>::new());

    let toggle = move |index: usize, on: bool| {
        let mut set: RuleSet = rules.rules.get_untracked();
        if let Some(rule) = set.rules.get_mut(index) {
            rule.enabled = on;
        }
        leptos::task::spawn_local(async move {
            let _ = save_rules(app, rules, set).await;
        });
    };

    // Past firings keep their audit entries (and their Undo); the rule just stops flagging.
    let remove = move |index: usize| {
        let mut set: RuleSet = rules.rules.get_untracked();
        if index < set.rules.len() {
            set.rules.remove(index);
        }
        leptos::task::spawn_local(async move {
            let _ = save_rules(app, rules, set).await;
        });
    };

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = lang.get_untracked();
        let bank = app.questions.get_untracked();
        let id = format!("custom_{}", now());
        let rule = match draft.with_untracked(|d| d.to_rule(id)) {
            Ok(rule) => rule,
            Err(path) => {
                problems.set(vec![t_with(lang, "rules.not_a_number", &[("path", &path)])]);
                return;
            }
        };
        let found: Vec<String> =
            rule.validate(&bank).iter().map(|p| explain(lang, p.message_key(), &p.args(), &bank)).collect();
        if !found.is_empty() {
            problems.set(found);
            return;
        }
        let mut set = rules.rules.get_untracked();
        set.rules.push(rule);
        leptos::task::spawn_local(async move {
            match save_rules(app, rules, set).await {
                Ok(()) => {
                    problems.set(Vec::new());
                    draft.set(RuleDraft::default());
                    editing.set(false);
                }
                Err(SaveRulesError::Invalid(found)) => {
                    problems.set(found.iter().map(|p| explain(lang, p.message_key(), &p.args(), &bank)).collect())
                }
                Err(SaveRulesError::Store(_)) => {}
            }
        });
    };

    let needs_reason = move || {
        draft.with(|d| matches!(d.action.as_str(), "move_to_nurture" | "disqualify" | "move_to_lost" | "review_relationship" | "follow_up"))
    };
    let number_label = move || {
        draft.with(|d| match d.action.as_str() {
            "follow_up" => Some("rules.param_days"),
            "subtract_points" => Some("rules.param_points"),
            _ => None,
        })
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
                                    aria-label=t_with(lang, "rules.delete_rule_named", &[("name", &name)])
                                    on:click=move |_| remove(i)>{t(lang, "rules.delete_rule")}</button>
                            </li>
                        }
                    }).collect_view()
                }}
            </ul>
            <Show when=move || !editing.get()>
                <button type="button" class="primary" on:click=move |_| { problems.set(Vec::new()); editing.set(true); }>
                    {tr("rules.new_rule")}
                </button>
            </Show>
            <Show when=move || editing.get()>
                <form class="rule-form" on:submit=save novalidate=true>
                    <label>
                        <span>{tr("rules.rule_name")}</span>
                        <input type="text" prop:value=move || draft.with(|d| d.name.clone())
                            on:input=move |ev| draft.update(|d| d.name = event_target_value(&ev))/>
                    </label>
                    <label>
                        <span>{tr("rules.action")}</span>
                        <select on:change=move |ev| draft.update(|d| d.action = event_target_value(&ev))>
                            {Action::examples().into_iter().map(|a| {
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
                            <select on:change=move |ev| draft.update(|d| d.any = event_target_value(&ev) == "any")>
                                <option value="all" selected=move || draft.with(|d| !d.any)>{tr("rules.combine_all")}</option>
                                <option value="any" selected=move || draft.with(|d| d.any)>{tr("rules.combine_any")}</option>
                            </select>
                        </label>
                        {move || {
                            let count = draft.with(|d| d.terms.len());
                            (0..count).map(|i| view! { <TermRow draft=draft index=i/> }).collect_view()
                        }}
                        <button type="button" on:click=move |_| draft.update(|d| d.terms.push(TermDraft { kind: "no_activity_for".into(), days: "60".into(), ..Default::default() }))>
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
                        <button type="button" on:click=move |_| { editing.set(false); problems.set(Vec::new()); }>{tr("rules.cancel")}</button>
                    </div>
                </form>
            </Show>
        </section>
    }
}

#[component]
fn TermRow(draft: RwSignal<RuleDraft>, index: usize) -> impl IntoView {
    let lang = use_lang();
    let kind = move || draft.with(|d| d.terms.get(index).map(|t| t.kind.clone()).unwrap_or_default());
    let field = move |which: usize| {
        move || draft.with(|d| d.terms.get(index).map(|t| [&t.count, &t.days, &t.points][which].clone()).unwrap_or_default())
    };
    let set = move |which: usize, value: String| {
        draft.update(|d| {
            if let Some(t) = d.terms.get_mut(index) {
                *[&mut t.count, &mut t.days, &mut t.points][which] = value;
            }
        })
    };
    let labels = ["rules.param_at_least", "rules.param_days", "rules.param_points"];
    view! {
        <div class="rule-term">
            <label>
                <span>{tr("rules.term_kind")}</span>
                <select on:change=move |ev| draft.update(|d| if let Some(t) = d.terms.get_mut(index) { t.kind = event_target_value(&ev) })>
                    {TERM_KINDS.iter().filter(|(k, _, _)| *k != "unknown").map(|(k, label, _)| {
                        let k = *k;
                        let label = *label;
                        view! { <option value=k selected=move || kind() == k>{move || {
                            // The kind's name without its placeholders' numbers.
                            t(lang.get(), label).replace("{count}", "N").replace("{days}", "N").replace("{points}", "N")
                        }}</option> }
                    }).collect_view()}
                </select>
            </label>
            {move || {
                let params = params_of(&kind());
                (0..3).filter(|w| params[*w]).map(|w| view! {
                    <label>
                        <span>{tr(labels[w])}</span>
                        <input type="text" inputmode="numeric" prop:value=field(w) on:input=move |ev| set(w, event_target_value(&ev))/>
                    </label>
                }).collect_view()
            }}
            <button type="button" on:click=move |_| draft.update(|d| { if index < d.terms.len() { d.terms.remove(index); } })>
                {tr("rules.remove_term")}
            </button>
        </div>
    }
}
