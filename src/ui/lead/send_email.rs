//! "Send email" on a lead's page: a message template rendered for the lead, opened in the user's
//! own mail program through a `mailto:` link (Kariz sends nothing), then logged as "Email sent"
//! with one click.

use leptos::prelude::*;

use crate::domain::followup::{mailto, render};
use crate::domain::time::date_input::format_date_for_input;
use crate::domain::validation::ActivityForm;
use crate::domain::{ActivityKind, Date, LeadId};
use crate::i18n::t;
use crate::ui::components::{SelectField, TextField};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::links::href;
use crate::ui::state::{now, use_app, utc_offset_minutes};

#[component]
pub fn SendEmail(id: LeadId) -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let open = RwSignal::new(false);
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
    // The message for this lead: (subject, body, mailto link).
    let message = Memo::new(move |_| {
        let chosen: u64 = chosen.with(|c| c.parse().ok())?;
        let product = product.get();
        templates.with(|all| {
            let template = all.iter().find(|t| t.id == chosen)?;
            app.book.with(|book| {
                let lead = book.lead(id)?;
                let subject = render(&template.subject, lead, &product);
                let body = render(&template.body, lead, &product);
                let link = mailto(&lead.email, &subject, &body);
                Some((subject, body, link))
            })
        })
    });
    let log_sent = move |_| {
        let notes = message.with_untracked(|m| m.as_ref().map(|(s, _, _)| s.clone()));
        let form = ActivityForm {
            kind: ActivityKind::EmailSent.key().to_owned(),
            date: format_date_for_input(Date::from_timestamp(now(), utc_offset_minutes())),
            notes: notes.unwrap_or_default(),
        };
        leptos::task::spawn_local(async move {
            if app.log_activity(id, form).await.is_ok() {
                open.set(false);
            }
        });
    };

    view! {
        <section class="card" aria-labelledby="send-email-title">
            <h2 id="send-email-title">{tr("email.title")}</h2>
            <Show when=move || !open.get()>
                <button type="button" on:click=move |_| open.set(true)>{tr("email.send")}</button>
            </Show>
            <Show when=move || open.get()>
                <Show when=move || !templates.with(Vec::is_empty) fallback=move || view! {
                    <p>{tr("email.no_templates")}" "<a href=href("/settings")>{tr("nav.settings")}</a></p>
                }>
                    <SelectField id="email-template" label="email.template" value=Signal::derive(move || chosen.get())
                        on_change=Callback::new(move |v| chosen.set(v)) options=options/>
                    <TextField id="email-product" label="email.product" value=Signal::derive(move || product.get())
                        on_input=Callback::new(move |v| product.set(v)) error=Signal::derive(|| None::<String>)/>
                    {move || message.get().map(|(subject, body, link)| view! {
                        <div class="email-preview" role="region" aria-label=tr("email.preview")>
                            <p><strong>{subject}</strong></p>
                            <p class="email-body">{body}</p>
                        </div>
                        <div class="actions">
                            <a class="button primary" href=link>{tr("email.open_mail")}</a>
                            <button type="button" on:click=log_sent>{tr("email.log_sent")}</button>
                        </div>
                    })}
                </Show>
                <button type="button" on:click=move |_| open.set(false)>{tr("email.close")}</button>
            </Show>
        </section>
    }
}
