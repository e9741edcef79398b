//! The Dashboard: "how are we doing this month?" for the period and rep chosen at the top — the
//! tiles, ranking performance, lead-source yield and follow-up health. Everything shown is
//! computed by [`crate::domain::metrics::dashboard`]; this module only reads the app's state,
//! scores each lead with the domain's functions and lays the answer out.

mod sections;
mod tiles;

use leptos::prelude::*;

use crate::domain::forecast::{Period, PeriodKind};
use crate::domain::metrics::{dashboard, final_score, Dashboard, LeadNow, Records, Scope};
use crate::domain::pipeline::sorted_owners;
use crate::domain::qualification::evaluate;
use crate::domain::scoring::score_total;
use crate::domain::Date;
use crate::i18n::{t, Lang};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::insight::waiting_queues;
use crate::ui::reports::{calendar_of, period_name};
use crate::ui::state::{now, use_app, utc_offset_minutes, AppState};

/// Months offered in the period list: this one and the eleven before it.
const MONTHS: usize = 12;

/// The period chosen by `key` (a [`Period::key`]) or this month, in the language's calendar.
fn chosen_period(lang: Lang, key: &str) -> Period {
    let calendar = calendar_of(lang);
    Period::from_key(key)
        .filter(|p| p.calendar() == calendar)
        .unwrap_or_else(|| this_month(lang))
}

fn this_month(lang: Lang) -> Period {
    let today = Date::from_timestamp(now(), utc_offset_minutes());
    Period::containing(today, PeriodKind::Month, calendar_of(lang))
}

/// Computes the dashboard (tracked: re-runs when any record or setting it reads changes).
fn compute(app: AppState, period: Period, rep: Option<&str>) -> Dashboard {
    let at = now();
    let compiled = app.compiled.get();
    let thresholds = compiled.thresholds();
    let waiting = waiting_queues(app);
    let scope = Scope {
        period,
        rep,
        now: at,
        utc_offset_minutes: utc_offset_minutes(),
    };
    app.rule_states.with(|states| {
        app.questions.with(|bank| {
            app.qualifications.with(|answers| {
                app.deals.with(|deals| {
                    app.pipeline.with(|config| {
                        app.targets.with(|targets| {
                            app.follow_up.with(|follow_up| {
                                app.learned.with(|learned| {
                                    let records = Records {
                                        deals: deals.all(),
                                        config,
                                        targets,
                                        tasks: &follow_up.tasks,
                                        learned: learned.as_ref().and_then(|d| d.model.as_ref()),
                                    };
                                    app.book.with(|book| {
                                        let leads = book
                                            .score_inputs()
                                            .filter(|i| !i.is_deleted())
                                            .map(|input| {
                                                let id = input.lead_id();
                                                let answers = answers.get(&id);
                                                let total = score_total(
                                                    input.with_qualification(answers),
                                                    &compiled,
                                                    at,
                                                );
                                                let (score, grade) = final_score(
                                                    total,
                                                    states.get(&id),
                                                    &thresholds,
                                                );
                                                LeadNow {
                                                    lead: input.lead,
                                                    activities: input.activities,
                                                    score,
                                                    grade,
                                                    queue: waiting.get(&id).map(|w| w.key()),
                                                    qualified: answers.is_some_and(|q| {
                                                        evaluate(bank, q).is_qualified()
                                                    }),
                                                }
                                            });
                                        dashboard(&scope, records, leads)
                                    })
                                })
                            })
                        })
                    })
                })
            })
        })
    })
}

/// The reps to choose from: the settings' reps, then every other owner of a lead or deal.
fn reps(app: AppState) -> Vec<String> {
    let mut all: Vec<String> = app.targets.with(|t| t.reps.clone());
    let owners = app.book.with(|b| b.owners());
    let deal_owners = app.deals.with(|d| sorted_owners(d.owners()));
    for owner in owners.into_iter().chain(deal_owners) {
        let trimmed = owner.trim();
        if !trimmed.is_empty()
            && !all
                .iter()
                .any(|r| r.trim().to_lowercase() == trimmed.to_lowercase())
        {
            all.push(trimmed.to_string());
        }
    }
    all
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    // The chosen period's key ("" = this month) and rep ("" = the team).
    let period_key = RwSignal::new(String::new());
    let rep = RwSignal::new(String::new());
    let period = Memo::new(move |_| chosen_period(lang.get(), &period_key.get()));
    let data = Memo::new(move |_| {
        let rep = rep.get();
        compute(app, period.get(), (!rep.is_empty()).then_some(rep.as_str()))
    });
    let rep_list = Memo::new(move |_| reps(app));
    view! {
        <div class="page-header dashboard-header">
            <h1>{tr("dashboard.title")}</h1>
            <div class="dashboard-controls no-print">
                <label class="field inline-field">
                    <span>{tr("dashboard.period")}</span>
                    <select on:change:target=move |ev| period_key.set(ev.target().value())>
                        {move || {
                            let lang = lang.get();
                            let chosen = period.get();
                            let mut p = this_month(lang);
                            (0..MONTHS).map(|_| {
                                let option = p;
                                p = p.prev();
                                view! { <option value=option.key() selected=option == chosen>{period_name(lang, option)}</option> }
                            }).collect_view()
                        }}
                    </select>
                </label>
                <label class="field inline-field">
                    <span>{tr("dashboard.rep")}</span>
                    <select on:change:target=move |ev| rep.set(ev.target().value())>
                        <option value="" selected=move || rep.get().is_empty()>{tr("dashboard.team")}</option>
                        {move || rep_list.get().into_iter().map(|name| {
                            let selected = name.clone();
                            view! { <option value=name.clone() selected=move || rep.get() == selected>{name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <p class="print-only">{move || {
                let lang = lang.get();
                let who = rep.get();
                format!("{} · {}", period_name(lang, period.get()), if who.is_empty() { t(lang, "dashboard.team").to_owned() } else { who })
            }}</p>
        </div>
        {move || {
            let lang = lang.get();
            let d = data.get();
            let who = rep.get();
            view! {
                {tiles::tiles(lang, &d.tiles, &who)}
                {sections::ranking(lang, &d.ranking)}
                {sections::sources(lang, &d.sources)}
                {sections::follow_up(lang, &d.follow_up)}
            }
        }}
    }
}
