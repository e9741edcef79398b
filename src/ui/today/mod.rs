//! The Today screen: first the user's tasks due today or overdue; then who to contact today —
//! open leads ranked by score, hot leads not contacted in two days first, each with its grade,
//! top reasons, last contact and a one-click "Log activity".

mod tasks_due;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::rules::Placer;
use crate::domain::scoring::{rank_today, TodayEntry};
use crate::domain::LeadId;
use crate::i18n::{format_number, format_timestamp, t, t_with};
use crate::ui::components::{explain, points_text};
use crate::ui::i18n::{tr, tr_with, use_lang};
use crate::ui::lead::ActivityFormView;
use crate::ui::links::href;
use crate::ui::state::{now, use_app, utc_offset_minutes};

/// How many leads Today lists.
const TODAY_LIMIT: usize = 50;

#[component]
pub fn TodayPage() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let logging = RwSignal::new(None::<LeadId>);

    let ranked = Memo::new(move |_| {
        let at = now();
        let compiled = app.compiled.get();
        let rule_states = app.rule_states.get();
        app.questions.with(|bank| {
            app.qualifications.with(|answers| {
                app.book.with(|book| {
                    let inputs = book
                        .score_inputs()
                        .map(|input| input.with_qualification(answers.get(&input.lead_id())));
                    // A lead waiting in a queue (by its answers or a rule's action) is not worked today.
                    let placer = Placer::new(bank, at);
                    let is_active = |id: LeadId| {
                        book.lead(id).is_some_and(|lead| {
                            placer
                                .place(lead, answers.get(&id), rule_states.get(&id))
                                .is_none()
                        })
                    };
                    let adjustment = |id: LeadId| {
                        rule_states
                            .get(&id)
                            .map(|s| s.adjustment())
                            .unwrap_or_default()
                    };
                    rank_today(inputs, &compiled, at, is_active, adjustment, TODAY_LIMIT)
                })
            })
        })
    });

    let summary = tr_with("today.summary", move || {
        let lang = lang.get();
        app.book.with(|b| {
            vec![
                ("leads", format_number(lang, b.open_lead_count() as u64)),
                ("activities", format_number(lang, b.activity_count() as u64)),
            ]
        })
    });

    view! {
        <h1>{tr("today.title")}</h1>
        <p class="muted">{summary}</p>
        <tasks_due::TasksDue/>
        {move || {
            if ranked.with(Vec::is_empty) {
                view! {
                    <div class="empty-state card">
                        <p>{tr("today.empty")}</p>
                        <A href=href("/leads")>{tr("today.go_leads")}</A>
                    </div>
                }.into_any()
            } else {
                view! {
                    <ol class="today-list" aria-label=tr("today.contact_today")>
                        <For each=move || ranked.get() key=|entry| (entry.lead_id, entry.score, entry.last_contact) let:entry>
                            <TodayRow entry=entry logging=logging/>
                        </For>
                    </ol>
                }.into_any()
            }
        }}
    }
}

#[component]
fn TodayRow(entry: TodayEntry, logging: RwSignal<Option<LeadId>>) -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let id = entry.lead_id;
    let name = app
        .book
        .with_untracked(|b| b.lead(id).map(|l| l.name.clone()).unwrap_or_default());
    let company = app
        .book
        .with_untracked(|b| b.lead(id).map(|l| l.company.clone()).unwrap_or_default());
    let link = href(&format!("/leads/{id}"));
    let grade = entry.grade;
    let score = entry.score;
    let needs_contact = entry.needs_contact;
    let last_contact = entry.last_contact;
    let reasons = entry.top_reasons.clone();
    view! {
        <li class="today-item" class:needs-contact=needs_contact>
            <div class="today-head">
                <A href=link>{name}</A>
                <span class="muted">{company}</span>
                <span class=format!("grade grade-{}", grade.key())>{move || t(lang.get(), grade.label_key())}</span>
                <span class="score-small">{move || points_text(lang.get(), score).trim_start_matches('+').to_owned()}</span>
            </div>
            {needs_contact.then(|| view! { <p class="today-flag">{tr("scoring.needs_contact")}</p> })}
            <ul class="reasons">
                {move || {
                    let lang = lang.get();
                    let bank = app.questions.get();
                    reasons.iter().map(|c| view! {
                        <li>{explain(lang, c.reason.key(), &c.reason.args(), &bank)}" "
                            <span class="points" class:points-negative=c.points < 0>{points_text(lang, c.points)}</span></li>
                    }).collect_view()
                }}
            </ul>
            <p class="muted">{move || {
                let lang = lang.get();
                match last_contact {
                    Some(at) => t_with(lang, "today.last_contact", &[("date", &format_timestamp(lang, at, utc_offset_minutes()))]),
                    None => t(lang, "today.never_contacted").to_owned(),
                }
            }}</p>
            <Show when=move || logging.get() != Some(id) fallback=move || view! {
                <ActivityFormView lead_id=id on_done=move || logging.set(None)/>
            }>
                <button type="button" class="primary" on:click=move |_| logging.set(Some(id))
                    aria-label=move || t_with(lang.get(), "today.log_activity_for", &[("name", &app.book.with_untracked(|b| b.lead(id).map(|l| l.name.clone()).unwrap_or_default()))])>
                    {tr("lead.log_activity")}
                </button>
            </Show>
        </li>
    }
}
