//! The audit log of applied actions — who, when, which rule, before and after — with Undo.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::rules::{AuditEntry, RuleState};
use crate::i18n::{format_number, format_timestamp, t, t_with, Lang};
use crate::ui::components::explain;
use crate::ui::i18n::{tr, use_lang};
use crate::ui::links::href;
use crate::ui::rules_state::use_rules;
use crate::ui::state::{use_app, utc_offset_minutes};
use crate::workspace::CommandError;

/// How many entries the History lists.
const HISTORY_LIMIT: usize = 100;

/// A rule state in a few words: its disposition, then what else rules changed.
pub(crate) fn state_text(lang: Lang, state: &RuleState) -> String {
    let mut parts = vec![t(lang, state.disposition.label_key()).to_owned()];
    if let Some(reason) = state.disposition.reason().filter(|r| !r.is_blank()) {
        parts[0] = format!("{} ({})", parts[0], reason.get(lang.code()));
    }
    if state.cold_flag {
        parts.push(t(lang, "prune.state_cold").to_owned());
    }
    if state.score_penalty > 0 {
        parts.push(t_with(
            lang,
            "prune.state_penalty",
            &[("points", &format_number(lang, state.score_penalty as u64))],
        ));
    }
    let open = state.follow_ups.iter().filter(|f| !f.done).count();
    if open > 0 {
        parts.push(t_with(
            lang,
            "prune.state_follow_ups",
            &[("count", &format_number(lang, open as u64))],
        ));
    }
    if state.review_relationship.is_some() {
        parts.push(t(lang, "prune.state_review").to_owned());
    }
    parts.join(", ")
}

#[component]
pub fn History() -> impl IntoView {
    let rules = use_rules();
    let lang = use_lang();
    let problem = RwSignal::new(None::<&'static str>);
    view! {
        <section class="card prune-history" aria-labelledby="prune-history-title">
            <h2 id="prune-history-title">{tr("prune.history")}</h2>
            {move || problem.get().map(|key| view! { <p class="field-error" role="alert">{move || t(lang.get(), key)}</p> })}
            {move || {
                let log = rules.audit.get();
                if log.is_empty() {
                    view! { <p class="muted">{tr("prune.history_empty")}</p> }.into_any()
                } else {
                    view! {
                        <ol class="prune-history-list">
                            {log.into_iter().take(HISTORY_LIMIT).map(|entry| view! { <HistoryEntry entry=entry problem=problem/> }).collect_view()}
                        </ol>
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn HistoryEntry(entry: AuditEntry, problem: RwSignal<Option<&'static str>>) -> impl IntoView {
    let app = use_app();
    let rules = use_rules();
    let lang = use_lang();
    let id = entry.lead_id;
    // None: the lead was erased for good, and the entry names no one.
    let name = app
        .book
        .with_untracked(|b| b.lead(id).map(|l| l.name.clone()));
    let head = {
        let entry = entry.clone();
        move || {
            let lang = lang.get();
            let who = entry.actor().unwrap_or_else(|| t(lang, "prune.who_you"));
            let rule = super::rule_title(lang, &rules.rules.get(), &entry.rule_id);
            t_with(
                lang,
                "prune.entry",
                &[
                    (
                        "at",
                        &format_timestamp(lang, entry.at, utc_offset_minutes()),
                    ),
                    ("who", who),
                    ("rule", &rule),
                ],
            )
        }
    };
    let body = {
        let entry = entry.clone();
        move || {
            let lang = lang.get();
            let bank = app.questions.get();
            let action = explain(
                lang,
                entry.action.summary_key(),
                &entry.action.args(),
                &bank,
            );
            let change = t_with(
                lang,
                "prune.before_after",
                &[
                    ("before", &state_text(lang, &entry.before)),
                    ("after", &state_text(lang, &entry.after)),
                ],
            );
            format!("{action}. {change}")
        }
    };
    let undone_at = entry.undone_at;
    let on_undo = {
        let entry = entry.clone();
        move |_| {
            let entry = entry.clone();
            problem.set(None);
            leptos::task::spawn_local(async move {
                if let Err(CommandError::Invalid(problems)) = app.undo_rule_action(entry.id).await {
                    problem.set(problems.first().map(|p| p.message_key()));
                }
            });
        }
    };
    view! {
        <li class="prune-history-entry" class:undone=undone_at.is_some()>
            <p>{match name {
                Some(name) => view! { <A href=href(&format!("/leads/{id}"))>{name}</A> }.into_any(),
                None => view! { <em>{tr("lead.erased_name")}</em> }.into_any(),
            }}" — "{head}</p>
            <p class="muted">{body}</p>
            {match undone_at {
                Some(at) => view! {
                    <p class="muted">{move || {
                        let lang = lang.get();
                        t_with(lang, "prune.undone_on", &[("at", &format_timestamp(lang, at, utc_offset_minutes()))])
                    }}</p>
                }.into_any(),
                None => view! { <button type="button" on:click=on_undo>{tr("prune.undo")}</button> }.into_any(),
            }}
        </li>
    }
}
