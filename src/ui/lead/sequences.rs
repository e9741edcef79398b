//! "Enroll in sequence" on a lead's page: the sequences the lead is in, each with its way out,
//! and enrolling it in another (its first steps become tasks at once).

use leptos::prelude::*;

use crate::domain::LeadId;
use crate::i18n::{format_timestamp, t_with};
use crate::ui::components::SelectField;
use crate::ui::i18n::{tr, use_lang};
use crate::ui::state::{use_app, utc_offset_minutes};

#[component]
pub fn LeadSequences(id: LeadId) -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let chosen = RwSignal::new(String::new());
    let sequences = Memo::new(move |_| {
        app.follow_up.with(|f| {
            f.sequences
                .iter()
                .map(|s| (s.id.to_string(), s.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    Effect::new(move |_| {
        if chosen.with_untracked(String::is_empty) {
            if let Some((first, _)) = sequences.with(|all| all.first().cloned()) {
                chosen.set(first);
            }
        }
    });
    // The lead's active enrolments: (sequence id, its name, since when).
    let active = Memo::new(move |_| {
        app.follow_up.with(|f| {
            f.enrollments
                .iter()
                .filter(|e| e.lead == id && e.is_active())
                .filter_map(|e| {
                    let name = f
                        .sequences
                        .iter()
                        .find(|s| s.id == e.sequence)?
                        .name
                        .clone();
                    Some((e.sequence, name, e.started_at))
                })
                .collect::<Vec<_>>()
        })
    });
    let enroll = move |_| {
        let Ok(sequence) = chosen.get_untracked().parse::<u64>() else {
            return;
        };
        let owner = app.book.with_untracked(|b| {
            b.lead(id)
                .map(|l| l.owner.clone())
                .filter(|o| !o.trim().is_empty())
                .unwrap_or_else(|| app.profile.with_untracked(|p| p.name.clone()))
        });
        leptos::task::spawn_local(async move {
            // A refusal (the sequence was deleted meanwhile) leaves the list as it is.
            let _ = app.enroll(id, sequence, owner).await;
        });
    };

    view! {
        <section class="card" aria-labelledby="lead-sequences-title">
            <h2 id="lead-sequences-title">{tr("sequences.lead_title")}</h2>
            <ul class="template-list" aria-label=tr("sequences.enrolled")>
                <For each=move || active.get() key=|(seq, name, at)| (*seq, name.clone(), *at) let:entry>
                    {
                        let (sequence, name, since) = entry;
                        let label = name.clone();
                        view! {
                            <li>
                                <span>{name.clone()}</span>" "
                                <span class="muted">{move || t_with(lang.get(), "sequences.since", &[("date", &format_timestamp(lang.get(), since, utc_offset_minutes()))])}</span>" "
                                <button type="button" aria-label=move || t_with(lang.get(), "sequences.stop_named", &[("name", &label)])
                                    on:click=move |_| leptos::task::spawn_local(async move {
                                        let _ = app.unenroll(id, sequence).await;
                                    })>{tr("sequences.stop")}</button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <Show when=move || !sequences.with(Vec::is_empty) fallback=|| view! { <p class="muted">{tr("sequences.none")}</p> }>
                <SelectField id="lead-sequence" label="sequences.sequence" value=Signal::derive(move || chosen.get())
                    on_change=Callback::new(move |v| chosen.set(v)) options=Signal::derive(move || sequences.get())/>
                <button type="button" on:click=enroll>{tr("sequences.enroll")}</button>
            </Show>
        </section>
    }
}
