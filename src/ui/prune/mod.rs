//! The pruning review: every lead a rule flags and the user has not dealt with, grouped by rule with
//! its evidence; apply the proposed action, pick another, dismiss, or apply to a selection; the
//! Nurture list; and the History from which every applied action can be undone.

mod history;
mod nurture;

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::qualification::LocalText;
use crate::domain::rules::{
    exceeds_half, Action, Firing, RuleSet, EXCEEDS_HALF_KEY, NURTURE_RETURN_TITLE_KEY,
};
use crate::domain::LeadId;
use crate::i18n::{format_number, t, t_with, Lang};
use crate::ui::components::explain;
use crate::ui::i18n::{tr, use_lang};
use crate::ui::links::href;
use crate::ui::rules_state::use_rules;
use crate::ui::state::{use_app, AppState};

/// How many items one rule's section lists at once.
const GROUP_LIMIT: usize = 200;

/// Identifies a firing in the review: rule, lead and evidence.
type FiringKey = (String, LeadId, u64);

fn key_of(f: &Firing) -> FiringKey {
    (f.rule_id.clone(), f.lead_id, f.evidence_key)
}

/// A rule's name in the reader's language (the nurture return proposals have a fixed title).
pub(crate) fn rule_title(lang: Lang, rules: &RuleSet, rule_id: &str) -> String {
    match rules.get(rule_id) {
        Some(rule) => rule.name.get(lang.code()).to_owned(),
        None if rule_id == crate::domain::rules::NURTURE_RETURN_RULE => {
            t(lang, NURTURE_RETURN_TITLE_KEY).to_owned()
        }
        None => rule_id.to_owned(),
    }
}

/// The action a key names, for "apply something else": the firing's own when it is the same kind,
/// otherwise the kind with the rule's name as its reason.
fn action_for(key: &str, firing: &Firing, reason: &LocalText) -> Action {
    if firing.action.key() == key {
        return firing.action.clone();
    }
    let r = || reason.clone();
    match key {
        "move_to_nurture" => Action::MoveToNurture { reason: r() },
        "disqualify" => Action::Disqualify { reason: r() },
        "move_to_lost" => Action::MoveToLost { reason: r() },
        "follow_up" => Action::FollowUp {
            in_days: 7,
            note: r(),
        },
        "subtract_points" => Action::SubtractPoints { points: 10 },
        "review_relationship" => Action::ReviewRelationship { reason: r() },
        "return_to_active" => Action::ReturnToActive,
        _ => Action::FlagCold,
    }
}

/// The review page's shared choices: which items are selected and which action each will get.
#[derive(Clone, Copy)]
struct Choices {
    selected: RwSignal<HashSet<FiringKey>>,
    actions: RwSignal<HashMap<FiringKey, String>>,
    /// Firings waiting for the "more than half" confirmation.
    confirming: RwSignal<Option<Vec<Firing>>>,
}

impl Choices {
    fn chosen(&self, firing: &Firing, rules: &RuleSet) -> Firing {
        let key = self
            .actions
            .with_untracked(|a| a.get(&key_of(firing)).cloned());
        match key {
            Some(k) => {
                let reason = rules
                    .get(&firing.rule_id)
                    .map(|r| r.name.clone())
                    .unwrap_or_default();
                firing.clone().with_action(action_for(&k, firing, &reason))
            }
            None => firing.clone(),
        }
    }
}

fn run_apply(app: AppState, choices: Choices, selection: Vec<Firing>) {
    let keys: Vec<FiringKey> = selection.iter().map(key_of).collect();
    leptos::task::spawn_local(async move {
        if app.apply_rule_actions(selection).await.is_ok() {
            choices.selected.update(|s| {
                keys.iter().for_each(|k| {
                    s.remove(k);
                })
            });
        }
    });
}

/// Applies now, or first asks when the rules flag more than half of all leads.
fn request_apply(app: AppState, choices: Choices, selection: Vec<Firing>) {
    if selection.is_empty() {
        return;
    }
    let review = use_rules().review;
    let too_many =
        review.with_untracked(|r| exceeds_half(&r.firings().collect::<Vec<_>>(), r.lead_count));
    if too_many {
        choices.confirming.set(Some(selection));
    } else {
        run_apply(app, choices, selection);
    }
}

#[component]
pub fn PrunePage() -> impl IntoView {
    let app = use_app();
    let rules = use_rules();
    let lang = use_lang();
    let choices = Choices {
        selected: RwSignal::new(HashSet::new()),
        actions: RwSignal::new(HashMap::new()),
        confirming: RwSignal::new(None),
    };
    let selected_count = move || {
        rules.review.with(|r| {
            choices
                .selected
                .with(|s| r.firings().filter(|f| s.contains(&key_of(f))).count())
        })
    };
    let apply_selected = move |_| {
        let set = rules.rules.get_untracked();
        let selection: Vec<Firing> = rules.review.with_untracked(|r| {
            choices.selected.with_untracked(|s| {
                r.firings()
                    .filter(|f| s.contains(&key_of(f)))
                    .map(|f| choices.chosen(f, &set))
                    .collect()
            })
        });
        request_apply(app, choices, selection);
    };
    let confirm_text = move || {
        let lang = lang.get();
        rules.review.with(|r| {
            let flagged = crate::domain::rules::flagged_leads(&r.firings().collect::<Vec<_>>());
            t_with(
                lang,
                EXCEEDS_HALF_KEY,
                &[
                    ("count", &format_number(lang, flagged as u64)),
                    ("total", &format_number(lang, r.lead_count as u64)),
                ],
            )
        })
    };

    view! {
        <h1>{tr("prune.title")}</h1>
        <p class="muted">{tr("prune.intro")}</p>
        <Show when=move || choices.confirming.with(Option::is_some)>
            <div class="prune-confirm card" role="alertdialog" aria-labelledby="prune-confirm-text">
                <p id="prune-confirm-text">{confirm_text}</p>
                <div class="actions">
                    <button type="button" class="primary" on:click=move |_| {
                        if let Some(selection) = choices.confirming.get_untracked() {
                            choices.confirming.set(None);
                            run_apply(app, choices, selection);
                        }
                    }>{tr("prune.apply_anyway")}</button>
                    <button type="button" on:click=move |_| choices.confirming.set(None)>{tr("prune.cancel")}</button>
                </div>
            </div>
        </Show>
        <div class="prune-toolbar">
            <button type="button" class="primary" on:click=apply_selected disabled=move || selected_count() == 0>
                {tr("prune.apply_selected")}
            </button>
            <span class="muted" aria-live="polite">{move || {
                let lang = lang.get();
                t_with(lang, "prune.selected", &[("count", &format_number(lang, selected_count() as u64))])
            }}</span>
        </div>
        {move || {
            if rules.review.with(|r| r.groups.is_empty()) {
                view! { <p class="empty-state card">{tr("prune.empty")}</p> }.into_any()
            } else {
                let groups = rules.review.with(|r| r.groups.clone());
                groups.into_iter().map(|group| {
                    let title_id = format!("prune-rule-{}", group.rule_id);
                    let rule_id = group.rule_id.clone();
                    let total = group.firings.len();
                    let title = move || rule_title(lang.get(), &rules.rules.get(), &rule_id);
                    let items = group.firings.into_iter().take(GROUP_LIMIT)
                        .map(|f| view! { <ReviewItem firing=(*f).clone() choices=choices/> })
                        .collect_view();
                    view! {
                        <section class="card prune-group" aria-labelledby=title_id>
                            <h2 id=title_id.clone()>{title}" "<span class="prune-count">{move || format_number(lang.get(), total as u64)}</span></h2>
                            <ul class="prune-items">{items}</ul>
                            {(total > GROUP_LIMIT).then(|| view! {
                                <p class="muted">{move || {
                                    let lang = lang.get();
                                    t_with(lang, "prune.more", &[("count", &format_number(lang, (total - GROUP_LIMIT) as u64))])
                                }}</p>
                            })}
                        </section>
                    }
                }).collect_view().into_any()
            }
        }}
        <nurture::NurtureList/>
        <history::History/>
    }
}

#[component]
fn ReviewItem(firing: Firing, choices: Choices) -> impl IntoView {
    let app = use_app();
    let rules = use_rules();
    let lang = use_lang();
    let key = key_of(&firing);
    let id = firing.lead_id;
    let name = app
        .book
        .with_untracked(|b| b.lead(id).map(|l| l.name.clone()).unwrap_or_default());
    let own_key = firing.action.key();
    let evidence = firing.evidence.clone();
    let proposed = firing.action.clone();
    let checked = {
        let key = key.clone();
        move || choices.selected.with(|s| s.contains(&key))
    };
    let toggle = {
        let key = key.clone();
        move |ev: leptos::ev::Event| {
            let on = event_target_checked(&ev);
            choices.selected.update(|s| {
                if on {
                    s.insert(key.clone());
                } else {
                    s.remove(&key);
                }
            });
        }
    };
    let choose = {
        let key = key.clone();
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            choices.actions.update(|a| {
                a.insert(key.clone(), value);
            });
        }
    };
    let apply = {
        let firing = firing.clone();
        move |_| {
            let chosen = choices.chosen(&firing, &rules.rules.get_untracked());
            request_apply(app, choices, vec![chosen]);
        }
    };
    let dismiss = {
        let firing = firing.clone();
        move |_| {
            let firing = firing.clone();
            leptos::task::spawn_local(async move {
                let _ = app.dismiss_firing(firing).await;
            });
        }
    };
    let select_label = {
        let name = name.clone();
        move || t_with(lang.get(), "prune.select_item", &[("name", &name)])
    };
    let action_label = {
        let name = name.clone();
        move || t_with(lang.get(), "prune.action_for", &[("name", &name)])
    };
    view! {
        <li class="prune-item">
            <div class="prune-item-head">
                <input type="checkbox" prop:checked=checked on:change=toggle aria-label=select_label/>
                <A href=href(&format!("/leads/{id}"))>{name.clone()}</A>
            </div>
            <ul class="prune-evidence" aria-label=tr("prune.evidence")>
                {move || {
                    let lang = lang.get();
                    let bank = app.questions.get();
                    evidence.iter().map(|e| view! { <li>{explain(lang, e.key(), &e.args(), &bank)}</li> }).collect_view()
                }}
            </ul>
            <p class="prune-proposed">{move || {
                let lang = lang.get();
                let bank = app.questions.get();
                let action = explain(lang, proposed.summary_key(), &proposed.args(), &bank);
                t_with(lang, "prune.proposed", &[("action", &action)])
            }}</p>
            <div class="prune-item-actions">
                <label class="prune-action-select">
                    <span class="visually-hidden">{action_label.clone()}</span>
                    <select aria-label=action_label on:change=choose>
                        {Action::examples().into_iter().map(|a| {
                            let k = a.key();
                            view! { <option value=k selected=k == own_key>{move || t(lang.get(), a.label_key())}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <button type="button" class="primary" on:click=apply>{tr("prune.apply")}</button>
                <button type="button" on:click=dismiss>{tr("prune.dismiss")}</button>
            </div>
        </li>
    }
}
