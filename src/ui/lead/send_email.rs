//! "Send email" and "Send SMS" on a lead's page: a message template rendered for the lead, opened
//! in the user's own mail or messaging app through a `mailto:` or `sms:` link, or copied (Kariz
//! sends nothing), then logged as "Email sent" or "SMS" with one click. An SMS draft shows how
//! many messages it costs and warns outside the hours SMS panels deliver.

use leptos::prelude::*;

use crate::domain::followup::{mailto, outside_sending_hours, render, segments, sms_link};
use crate::domain::time::date_input::format_date_for_input;
use crate::domain::validation::ActivityForm;
use crate::domain::{ActivityKind, Date, LeadId};
use crate::i18n::{format_number, t, t_with};
use crate::ui::clipboard::copy_text;
use crate::ui::components::{SelectField, TextField};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::links::href;
use crate::ui::state::{now, use_app, utc_offset_minutes};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Channel {
    Email,
    Sms,
}

/// A template rendered for one lead.
#[derive(Clone, PartialEq)]
struct Draft {
    template_name: String,
    subject: String,
    body: String,
    email: String,
    phone: String,
}

#[component]
pub fn SendEmail(id: LeadId) -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let channel = RwSignal::new(None::<Channel>);
    let chosen = RwSignal::new(String::new());
    let product = RwSignal::new(String::new());
    let templates = Memo::new(move |_| app.follow_up.with(|f| f.templates.clone()));
    // Follows the first template until one is chosen.
    Effect::new(move |_| {
        if chosen.with_untracked(String::is_empty) {
            if let Some(first) = templates.with(|all| all.first().map(|t| t.id.to_string())) {
                chosen.set(first);
            }
        }
    });
    let options = Signal::derive(move || {
        let lang = lang.get();
        templates.with(|all| {
            all.iter()
                .map(|tpl| {
                    let language = t(lang, &format!("lang.{}", tpl.lang));
                    (tpl.id.to_string(), format!("{} ({language})", tpl.name))
                })
                .collect::<Vec<_>>()
        })
    });
    let draft = Memo::new(move |_| {
        let chosen: u64 = chosen.with(|c| c.parse().ok())?;
        let product = product.get();
        templates.with(|all| {
            let template = all.iter().find(|t| t.id == chosen)?;
            app.book.with(|book| {
                let lead = book.lead(id)?;
                Some(Draft {
                    template_name: template.name.clone(),
                    subject: render(&template.subject, lead, &product),
                    body: render(&template.body, lead, &product),
                    email: lead.email.clone(),
                    phone: lead.phone.clone(),
                })
            })
        })
    });
    let log_sent = move |kind: ActivityKind| {
        let notes = draft.with_untracked(|d| {
            d.as_ref().map(|d| match kind {
                ActivityKind::Sms => d.template_name.clone(),
                _ => d.subject.clone(),
            })
        });
        let form = ActivityForm {
            kind: kind.key().to_owned(),
            date: format_date_for_input(Date::from_timestamp(now(), utc_offset_minutes())),
            notes: notes.unwrap_or_default(),
        };
        leptos::task::spawn_local(async move {
            if app.log_activity(id, form).await.is_ok() {
                channel.set(None);
            }
        });
    };
    let copy = move |text: String| copy_text(app, text);

    let email_view = move |d: Draft| {
        let link = mailto(&d.email, &d.subject, &d.body);
        let text = format!("{}\n\n{}", d.subject, d.body);
        view! {
            <div class="email-preview" role="region" aria-label=tr("email.preview")>
                <p><strong>{d.subject}</strong></p>
                <p class="email-body">{d.body}</p>
            </div>
            <div class="actions">
                <a class="button primary" href=link>{tr("email.open_mail")}</a>
                <button type="button" on:click=move |_| copy(text.clone())>{tr("messages.copy")}</button>
                <button type="button" on:click=move |_| log_sent(ActivityKind::EmailSent)>{tr("email.log_sent")}</button>
            </div>
        }
    };
    let sms_view = move |d: Draft| {
        let link = sms_link(&d.phone, &d.body);
        let cost = segments(&d.body);
        let late = outside_sending_hours(now(), utc_offset_minutes());
        let no_phone = d.phone.trim().is_empty();
        let text = d.body.clone();
        view! {
            <div class="email-preview" role="region" aria-label=tr("sms.preview")>
                <p class="email-body">{d.body}</p>
            </div>
            <p class="muted">{move || {
                let lang = lang.get();
                let key = if cost.count == 1 { "sms.segments_one" } else { "sms.segments" };
                t_with(lang, key, &[
                    ("count", &format_number(lang, cost.count as u64)),
                    ("per", &format_number(lang, cost.per_segment as u64)),
                ])
            }}</p>
            {no_phone.then(|| view! { <p class="warning" role="note">{tr("sms.no_phone")}</p> })}
            {late.then(|| view! { <p class="warning" role="note">{tr("sms.outside_hours")}</p> })}
            <div class="actions">
                <a class="button primary" href=link>{tr("sms.open")}</a>
                <button type="button" on:click=move |_| copy(text.clone())>{tr("messages.copy")}</button>
                <button type="button" on:click=move |_| log_sent(ActivityKind::Sms)>{tr("sms.log_sent")}</button>
            </div>
        }
    };

    view! {
        <section class="card" aria-labelledby="send-email-title">
            <h2 id="send-email-title">{tr("email.title")}</h2>
            <Show when=move || channel.get().is_none()>
                <div class="actions">
                    <button type="button" on:click=move |_| channel.set(Some(Channel::Email))>{tr("email.send")}</button>
                    <button type="button" on:click=move |_| channel.set(Some(Channel::Sms))>{tr("sms.send")}</button>
                </div>
            </Show>
            <Show when=move || channel.get().is_some()>
                <Show when=move || !templates.with(Vec::is_empty) fallback=move || view! {
                    <p>{tr("email.no_templates")}" "<a href=href("/settings")>{tr("nav.settings")}</a></p>
                }>
                    <SelectField id="email-template" label="email.template" value=Signal::derive(move || chosen.get())
                        on_change=Callback::new(move |v| chosen.set(v)) options=options/>
                    <TextField id="email-product" label="email.product" value=Signal::derive(move || product.get())
                        on_input=Callback::new(move |v| product.set(v)) error=Signal::derive(|| None::<String>)/>
                    {move || draft.get().map(|d| match channel.get() {
                        Some(Channel::Sms) => sms_view(d).into_any(),
                        _ => email_view(d).into_any(),
                    })}
                </Show>
                <button type="button" on:click=move |_| channel.set(None)>{tr("email.close")}</button>
            </Show>
        </section>
    }
}
