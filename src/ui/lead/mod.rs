//! One lead: every field, its activity timeline, logging a new activity, edit and delete.

mod activity_form;
mod deal;
mod qualification;
mod score;
mod send_email;
mod sequences;
mod win_probability;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::domain::validation::LeadForm;
use crate::domain::{Lead, LeadId, Timeline};
use crate::i18n::{
    format_date, format_money, format_number, format_timestamp, localize_digits, t, Lang,
};
use crate::ui::i18n::{tr, tr_with, use_lang};
use crate::ui::leads::{focus, FormMode, LeadFormView};
use crate::ui::links::href;
use crate::ui::state::{use_app, utc_offset_minutes};
pub use activity_form::ActivityFormView;
use qualification::QualificationSection;
use score::ScoreSection;
use win_probability::WinProbabilitySection;

#[component]
pub fn LeadPage() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let id =
        Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<LeadId>().ok())));
    // Only whether the lead exists: an edit of it (here or in another tab) must not rebuild the
    // page, or an open form would lose what is being typed.
    let found = Memo::new(move |_| {
        id.get()
            .filter(|id| app.book.with(|b| b.lead(*id).is_some()))
    });

    move || match found.get() {
        None => view! {
            <h1>{tr("lead.not_found")}</h1>
            <p><A href=href("/leads")>{tr("lead.back")}</A></p>
        }
        .into_any(),
        Some(id) => view! { <LeadView id=id/> }.into_any(),
    }
}

#[component]
fn LeadView(id: LeadId) -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let navigate = use_navigate();
    let lead = Memo::new(move |_| app.book.with(|b| b.lead(id).cloned()));
    let editing = RwSignal::new(false);
    let logging = RwSignal::new(false);
    let name = move || lead.with(|l| l.as_ref().map(|l| l.name.clone()).unwrap_or_default());
    let deleted = move || lead.with(|l| l.as_ref().is_some_and(Lead::is_deleted));

    let delete = move |_| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            if app.delete_lead(id).await.is_ok() {
                navigate("/leads", Default::default());
            }
        });
    };
    let restore = move |_| {
        leptos::task::spawn_local(async move {
            let _ = app.restore_lead(id).await;
        });
    };
    let erasing = RwSignal::new(false);

    view! {
        <p class="breadcrumb"><A href=href("/leads")>{tr("lead.back")}</A></p>
        <div class="page-header">
            <h1>{name}</h1>
            <div class="actions">
                <Show when=move || !deleted()>
                    <button type="button" on:click=move |_| { editing.set(true); focus("lead-name"); }
                        disabled=move || editing.get()>{tr("lead.edit")}</button>
                    <button type="button" class="primary" on:click=move |_| { logging.set(true); focus("activity-kind"); }
                        disabled=move || logging.get()>{tr("lead.log_activity")}</button>
                    <button type="button" class="danger" on:click=delete.clone()>{tr("lead.delete")}</button>
                </Show>
                <button type="button" class="danger" on:click=move |_| erasing.set(true)>{tr("lead.erase")}</button>
            </div>
        </div>
        <Show when=move || erasing.get()>
            <EraseLeadDialog id=id name=name() on_cancel=move || erasing.set(false)/>
        </Show>
        <Show when=deleted>
            <div class="warning-banner" role="status">
                <span>{tr("lead.deleted_banner")}</span>
                <button type="button" on:click=restore>{tr("lead.restore")}</button>
            </div>
        </Show>
        <Show when=move || editing.get()>
            // Made once when editing starts: a change saved elsewhere meanwhile must not replace
            // what is being typed (saving then shows both versions).
            {move || lead.get_untracked().map(|l| view! {
                <LeadFormView mode=FormMode::Edit(id) initial=LeadForm::from_lead(&l)
                    on_done=move |_| editing.set(false)/>
            })}
        </Show>
        <Show when=move || logging.get()>
            <ActivityFormView lead_id=id on_done=move || logging.set(false)/>
        </Show>
        <div class="lead-layout">
            <section class="card" aria-labelledby="lead-details-title">
                <h2 id="lead-details-title">{tr("lead.details")}</h2>
                {move || lead.get().map(|l| details(lang.get(), &l))}
            </section>
            <QualificationSection id=id/>
            <div class="side-column">
            <deal::ConvertToDeal id=id/>
            <send_email::SendEmail id=id/>
            <sequences::LeadSequences id=id/>
            <ScoreSection id=id/>
            <WinProbabilitySection id=id/>
            <section class="card" aria-labelledby="lead-timeline-title">
                <h2 id="lead-timeline-title">{tr("lead.timeline")}</h2>
                <Timeline id=id/>
            </section>
            <crate::ui::sync::ChangeHistory doc_id=format!("lead:{id}")/>
            </div>
        </div>
    }
}

/// Every field of the lead as label/value pairs.
fn details(lang: Lang, lead: &Lead) -> impl IntoView {
    let none = || t(lang, "lead.none").to_owned();
    let text = |s: &str| if s.is_empty() { none() } else { s.to_owned() };
    let offset = utc_offset_minutes();
    let rows: Vec<(&'static str, String)> = vec![
        ("field.company", text(&lead.company)),
        ("field.job_title", text(&lead.job_title)),
        ("field.email", text(&lead.email)),
        ("field.phone", text(&localize_digits(lang, &lead.phone))),
        (
            "field.source",
            t(lang, &format!("source.{}", lead.source.key())).to_owned(),
        ),
        ("field.industry", text(&lead.industry)),
        (
            "field.employees",
            lead.employees
                .map(|n| format_number(lang, n as u64))
                .unwrap_or_else(none),
        ),
        ("field.city", text(&lead.city)),
        ("field.country", text(&lead.country)),
        (
            "field.budget",
            lead.budget
                .map(|b| format_money(lang, b))
                .unwrap_or_else(none),
        ),
        (
            "field.decision_role",
            t(lang, &format!("role.{}", lead.decision_role.key())).to_owned(),
        ),
        ("field.need", text(&lead.need)),
        (
            "field.timeline",
            match lead.timeline {
                Timeline::Unknown => t(lang, "lead.unknown_timeline").to_owned(),
                Timeline::By(date) => format_date(lang, date),
            },
        ),
        (
            "field.journey_stage",
            t(lang, &format!("stage.{}", lead.journey_stage.key())).to_owned(),
        ),
        ("field.owner", text(&lead.owner)),
        (
            "field.tags",
            if lead.tags.is_empty() {
                none()
            } else {
                lead.tags.join(", ")
            },
        ),
        ("field.notes", text(&lead.notes)),
        (
            "field.created",
            format_timestamp(lang, lead.created_at, offset),
        ),
        (
            "field.updated",
            format_timestamp(lang, lead.updated_at, offset),
        ),
    ];
    view! {
        <dl class="details">
            {rows.into_iter().map(|(label, value)| {
                // Emails and phone numbers read left to right even in Persian text.
                let dir = matches!(label, "field.email" | "field.phone").then_some("ltr");
                view! {
                    <div class="detail">
                        <dt>{t(lang, label)}</dt>
                        <dd><bdi dir=dir>{value}</bdi></dd>
                    </div>
                }
            }).collect_view()}
        </dl>
    }
}

#[component]
fn Timeline(id: LeadId) -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let activities = Memo::new(move |_| app.book.with(|b| b.activities_of(id).to_vec()));
    move || {
        let lang = lang.get();
        let offset = utc_offset_minutes();
        if activities.with(Vec::is_empty) {
            view! { <p class="empty-state">{t(lang, "lead.no_activities")}</p> }.into_any()
        } else {
            view! {
                <ol class="timeline" aria-label=t(lang, "lead.timeline")>
                    {activities.get().into_iter().map(|a| view! {
                        <li class="timeline-item">
                            <span class="timeline-kind">{t(lang, &format!("activity.{}", a.kind.key()))}</span>
                            <time class="timeline-date">{format_timestamp(lang, a.at, offset)}</time>
                            {(!a.notes.is_empty()).then(|| view! { <p class="timeline-notes">{a.notes.clone()}</p> })}
                        </li>
                    }).collect_view()}
                </ol>
            }
            .into_any()
        }
    }
}

/// "Erase this lead permanently": a dialog naming the lead, as nothing brings it back.
#[component]
fn EraseLeadDialog(
    id: LeadId,
    name: String,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let busy = RwSignal::new(false);
    let title = {
        let name = name.clone();
        tr_with("lead.erase_title", move || vec![("name", name.clone())])
    };
    let body = tr_with("lead.erase_body", move || vec![("name", name.clone())]);
    let erase = move |_| {
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            if app.erase_lead(id).await.is_ok() {
                navigate("/leads", Default::default());
            } else {
                busy.set(false);
            }
        });
    };
    Effect::new(move |_| focus("erase-lead-cancel"));
    view! {
        <div class="dialog-backdrop">
            <section class="card dialog" role="dialog" aria-modal="true" aria-labelledby="erase-lead-title">
                <h2 id="erase-lead-title">{title}</h2>
                <p>{body}</p>
                <div class="actions">
                    <button type="button" class="danger" disabled=move || busy.get() on:click=erase>
                        {tr("lead.erase_confirm")}
                    </button>
                    <button id="erase-lead-cancel" type="button" on:click=move |_| on_cancel.run(())>{tr("lead.erase_cancel")}</button>
                </div>
            </section>
        </div>
    }
}
