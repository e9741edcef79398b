//! The Leads screen: search, filter, sort and page through every lead; create new ones.

mod form;

pub use form::{blank_form, focus, FormMode, LeadFormView};

use leptos::prelude::*;

use crate::domain::lead_list::{LeadList, LeadQuery, SortKey};
use crate::domain::rules::WaitingCounts;
use crate::domain::{JourneyStage, LeadId, LeadSource};
use crate::i18n::{format_timestamp, localize_digits, t};
use crate::ui::components::explain;
use crate::ui::i18n::{tr, tr_with, use_lang};
use crate::ui::import::{lazy_import_panel, ImportKind};
use crate::ui::insight::waiting_queues;
use crate::ui::links::href;
use crate::ui::routes::LazyScreen;
use crate::ui::state::{use_app, utc_offset_minutes};

const PAGE_SIZE: usize = 50;

#[component]
pub fn LeadsPage() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let creating = RwSignal::new(false);
    let total_open = Memo::new(move |_| app.book.with(|b| b.open_lead_count()));
    let importing = RwSignal::new(false);
    // Filters can arrive in the address (the Dashboard's tiles link here): ?queue=nurture&owner=Sara.
    let params = leptos_router::hooks::use_query_map().get_untracked();
    let query = RwSignal::new(LeadQuery {
        owner: params.get("owner").filter(|o| !o.is_empty()),
        ..LeadQuery::default()
    });
    // "" = every lead; otherwise a queue key (active, nurture, lost).
    let queue_filter = RwSignal::new(params.get("queue").unwrap_or_default());
    let waiting = Memo::new(move |_| waiting_queues(app));
    let page = RwSignal::new(0usize);

    // What the table keeps between queries (sort orders, the previous result), so a keystroke
    // filters a sorted list, or only the previous result when it narrows it.
    let list = StoredValue::new(LeadList::default());
    // Positions of the matching leads in the book, in display order.
    let matches = Memo::new(move |_| {
        let query = query.get();
        let queue = queue_filter.get();
        let mut positions = app.book.with(|book| {
            list.try_update_value(|list| book.query_with(list, &query))
                .unwrap_or_default()
        });
        if !queue.is_empty() {
            waiting.with(|waiting| {
                app.book.with(|book| {
                    positions.retain(|&i| {
                        let id = book.leads()[i].id;
                        waiting.get(&id).map_or("active", |q| q.key()) == queue
                    })
                })
            });
        }
        positions
    });
    let queue_options = move || {
        let lang = lang.get();
        let counts = waiting.with(|w| WaitingCounts::of(total_open.get(), w.values()));
        let label = |key: &str, n: usize| {
            format!(
                "{} ({})",
                t(lang, key),
                localize_digits(lang, &n.to_string())
            )
        };
        vec![
            (String::new(), t(lang, "leads.all_queues").to_owned()),
            (
                "active".to_owned(),
                label("qualification.queue_active", counts.active),
            ),
            (
                "nurture".to_owned(),
                label("qualification.queue_nurture", counts.nurture),
            ),
            (
                "lost".to_owned(),
                label("qualification.queue_lost", counts.lost),
            ),
            (
                "disqualified".to_owned(),
                label("rules.disposition_disqualified", counts.disqualified),
            ),
        ]
    };

    let page_count = move || matches.with(|m| m.len().div_ceil(PAGE_SIZE).max(1));
    // A filter change can leave the current page past the end.
    Effect::new(move |_| {
        let last = page_count() - 1;
        if page.get_untracked() > last {
            page.set(last);
        }
    });

    let set_query = move |change: fn(&mut LeadQuery, String)| {
        move |value: String| {
            query.update(|q| change(q, value));
            page.set(0);
        }
    };

    let source_options = move || {
        let lang = lang.get();
        let mut options = vec![(String::new(), t(lang, "leads.all_sources").to_owned())];
        options.extend(LeadSource::ALL.iter().map(|s| {
            (
                s.key().to_owned(),
                t(lang, &format!("source.{}", s.key())).to_owned(),
            )
        }));
        options
    };
    let stage_options = move || {
        let lang = lang.get();
        let mut options = vec![(String::new(), t(lang, "leads.all_stages").to_owned())];
        options.extend(JourneyStage::ALL.iter().map(|s| {
            (
                s.key().to_owned(),
                t(lang, &format!("stage.{}", s.key())).to_owned(),
            )
        }));
        options
    };
    // Distinct owners of 100k leads: computed when the leads change, not per keystroke.
    let owners = Memo::new(move |_| app.book.with(|b| b.owners()));
    let owner_options = move || {
        let lang = lang.get();
        let mut options = vec![(String::new(), t(lang, "leads.all_owners").to_owned())];
        owners.with(|owners| options.extend(owners.iter().map(|o| (o.clone(), o.clone()))));
        options
    };
    let sort_options = move || {
        let lang = lang.get();
        SortKey::ALL
            .iter()
            .map(|k| {
                (
                    k.key().to_owned(),
                    t(lang, &format!("sort.{}", k.key())).to_owned(),
                )
            })
            .collect::<Vec<_>>()
    };
    let order_options = move || {
        let lang = lang.get();
        vec![
            ("asc".to_owned(), t(lang, "leads.ascending").to_owned()),
            ("desc".to_owned(), t(lang, "leads.descending").to_owned()),
        ]
    };

    // A waiting lead's queue and why, for the Queue column (empty for Active leads).
    let queue_reason = move |id| {
        let lang = lang.get_untracked();
        waiting.with_untracked(|w| {
            w.get(&id).map(|queue| match queue.reason_key() {
                Some(key) => app.questions.with_untracked(|bank| {
                    format!(
                        "{} — {}",
                        t(lang, queue.label_key()),
                        explain(lang, key, &queue.reason_args(), bank)
                    )
                }),
                None => t(lang, queue.label_key()).to_owned(),
            })
        })
    };
    // The page's rows as one HTML string, every text escaped, written into the table body at
    // once: the browser's own parser then builds the 50 rows (about 1,200 nodes), where creating
    // them one call at a time through the wasm–JS glue was most of a keystroke's script time.
    // Rows hold no handlers; the name is a plain anchor, which the router navigates in-app like
    // any same-origin link.
    let rows = Memo::new(move |_| {
        let lang = lang.get();
        waiting.track();
        let offset = utc_offset_minutes();
        let start = page.get() * PAGE_SIZE;
        matches.with(|positions| {
            app.book.with(|book| {
                positions
                    .iter()
                    .skip(start)
                    .take(PAGE_SIZE)
                    .map(|&i| {
                        let lead = &book.leads()[i];
                        RowData {
                            id: lead.id,
                            name: lead.name.clone(),
                            company: lead.company.clone(),
                            email: lead.email.clone(),
                            phone: localize_digits(lang, &lead.phone),
                            source: t(lang, &format!("source.{}", lead.source.key())).to_owned(),
                            stage: t(lang, &format!("stage.{}", lead.journey_stage.key()))
                                .to_owned(),
                            owner: lead.owner.clone(),
                            created: format_timestamp(lang, lead.created_at, offset),
                            queue: queue_reason(lead.id).unwrap_or_default(),
                        }
                    })
                    .fold(String::new(), |mut html, row| {
                        row.write_html(&mut html);
                        html
                    })
            })
        })
    });

    let count_text = tr_with("leads.count", move || {
        let lang = lang.get();
        vec![
            (
                "shown",
                localize_digits(lang, &matches.with(Vec::len).to_string()),
            ),
            (
                "total",
                localize_digits(lang, &total_open.get().to_string()),
            ),
        ]
    });
    let page_text = Signal::derive(tr_with("leads.page", move || {
        let lang = lang.get();
        vec![
            ("page", localize_digits(lang, &(page.get() + 1).to_string())),
            ("pages", localize_digits(lang, &page_count().to_string())),
        ]
    }));

    // Export CSV: the leads the filters show, every page of them.
    let export_shown = move |_| {
        let csv = matches.with_untracked(|positions| {
            app.book.with_untracked(|b| {
                crate::domain::export::leads_csv(positions.iter().map(|&i| &b.leads()[i]))
            })
        });
        let name = t(lang.get_untracked(), "import.export_file");
        crate::ui::components::download_text(name, "text/csv;charset=utf-8", &csv);
    };

    // The table is drawn once and kept while only its rows change: these flip rarely.
    let no_leads = Memo::new(move |_| total_open.get() == 0);
    let no_match = Memo::new(move |_| matches.with(Vec::is_empty));

    view! {
        <div class="page-header">
            <h1>{tr("leads.title")}</h1>
            <button type="button" class="primary" id="new-lead" on:click=move |_| {
                creating.set(true);
                focus("lead-name");
            } disabled=move || creating.get()>{tr("leads.new")}</button>
            <div class="actions">
                <Show when=move || !importing.get()>
                    <button type="button" on:click=move |_| importing.set(true)>{tr("import.open")}</button>
                </Show>
                <button type="button" on:click=export_shown>{tr("import.export")}</button>
            </div>
        </div>
        <Show when=move || importing.get()>
            <LazyScreen load=move || lazy_import_panel(ImportKind::Csv, Callback::new(move |_| importing.set(false)))/>
        </Show>
        <Show when=move || creating.get()>
            <LeadFormView
                mode=FormMode::New
                initial=blank_form()
                on_done=move |_| {
                    creating.set(false);
                    // Saved or cancelled, the form is gone: the focus goes back to what opened it.
                    crate::ui::pipeline::focus_soon("new-lead".to_owned());
                }
            />
        </Show>
        <div class="toolbar" role="search">
            <FilterSelect id="filter-queue" label="leads.filter_queue" options=queue_options
                value=move || queue_filter.get()
                on_change=move |v: String| { queue_filter.set(v); page.set(0); }/>
            <div class="field search-field">
                <label for="lead-search">{tr("leads.search")}</label>
                <input id="lead-search" type="search" placeholder=tr("leads.search_placeholder")
                    prop:value=move || query.with(|q| q.text.clone())
                    on:input:target=move |ev| set_query(|q, v| q.text = v)(ev.target().value())/>
            </div>
            <FilterSelect id="filter-source" label="leads.filter_source" options=source_options
                value=move || query.with(|q| q.source.map(|s| s.key().to_owned()).unwrap_or_default())
                on_change=set_query(|q, v| q.source = LeadSource::from_key(&v))/>
            <FilterSelect id="filter-owner" label="leads.filter_owner" options=owner_options
                value=move || query.with(|q| q.owner.clone().unwrap_or_default())
                on_change=set_query(|q, v| q.owner = (!v.is_empty()).then_some(v))/>
            <FilterSelect id="filter-stage" label="leads.filter_stage" options=stage_options
                value=move || query.with(|q| q.stage.map(|s| s.key().to_owned()).unwrap_or_default())
                on_change=set_query(|q, v| q.stage = JourneyStage::from_key(&v))/>
            <FilterSelect id="sort-by" label="leads.sort_by" options=sort_options
                value=move || query.with(|q| q.sort.key().to_owned())
                on_change=set_query(|q, v| {
                    q.sort = SortKey::from_key(&v).unwrap_or_default();
                    q.descending = q.sort.starts_descending();
                })/>
            <FilterSelect id="sort-order" label="leads.sort_order" options=order_options
                value=move || query.with(|q| if q.descending { "desc" } else { "asc" }.to_owned())
                on_change=set_query(|q, v| q.descending = v == "desc")/>
        </div>
        <p class="muted" aria-live="polite">{count_text}</p>
        {move || {
            if no_leads.get() {
                view! { <p class="empty-state">{tr("leads.empty")}</p> }.into_any()
            } else if no_match.get() {
                view! { <p class="empty-state">{tr("leads.no_match")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="data-table leads-table" aria-label=tr("leads.table")>
                            <thead>
                                <tr>
                                    <th scope="col">{tr("leads.col_name")}</th>
                                    <th scope="col">{tr("leads.col_company")}</th>
                                    <th scope="col" class="col-email">{tr("leads.col_email")}</th>
                                    <th scope="col">{tr("leads.col_phone")}</th>
                                    <th scope="col" class="col-secondary">{tr("leads.col_source")}</th>
                                    <th scope="col" class="col-secondary">{tr("leads.col_stage")}</th>
                                    <th scope="col" class="col-secondary">{tr("leads.col_owner")}</th>
                                    <th scope="col" class="col-secondary">{tr("leads.col_created")}</th>
                                    <th scope="col" class="col-secondary">{tr("leads.col_queue")}</th>
                                </tr>
                            </thead>
                            <tbody inner_html=move || rows.get()></tbody>
                        </table>
                    </div>
                    <nav class="pagination" aria-label=tr("leads.pagination")>
                        <button type="button" disabled=move || page.get() == 0
                            on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>{tr("leads.prev_page")}</button>
                        <span>{page_text}</span>
                        <button type="button" disabled=move || { page.get() + 1 >= page_count() }
                            on:click=move |_| page.update(|p| *p += 1)>{tr("leads.next_page")}</button>
                    </nav>
                }.into_any()
            }
        }}
    }
}

/// One row of the table, as shown.
struct RowData {
    id: LeadId,
    name: String,
    company: String,
    email: String,
    phone: String,
    source: String,
    stage: String,
    owner: String,
    created: String,
    queue: String,
}

impl RowData {
    /// Appends the row as HTML; every text is escaped, so a lead's fields are shown, never parsed.
    fn write_html(&self, html: &mut String) {
        use html_escape::encode_text_to_string as text;
        html.push_str("<tr><th scope=\"row\"><a href=\"");
        html_escape::encode_double_quoted_attribute_to_string(
            href(&format!("/leads/{}", self.id)),
            html,
        );
        html.push_str("\">");
        text(&self.name, html);
        html.push_str("</a></th><td>");
        text(&self.company, html);
        html.push_str("</td><td class=\"col-email\"><bdi dir=\"ltr\">");
        text(&self.email, html);
        html.push_str("</bdi></td><td class=\"nowrap\"><bdi dir=\"ltr\">");
        text(&self.phone, html);
        html.push_str("</bdi></td>");
        for (class, value) in [
            ("col-secondary", &self.source),
            ("col-secondary", &self.stage),
            ("col-secondary", &self.owner),
            ("nowrap col-secondary", &self.created),
            ("col-secondary", &self.queue),
        ] {
            html.push_str("<td class=\"");
            html.push_str(class);
            html.push_str("\">");
            text(value, html);
            html.push_str("</td>");
        }
        html.push_str("</tr>");
    }
}

/// A labelled select whose options are recomputed when the language or the data change; the
/// option matching `value` (the query's current state) stays selected. Options are not redrawn
/// when only the value changes.
#[component]
fn FilterSelect<O, V>(
    id: &'static str,
    label: &'static str,
    options: O,
    value: V,
    on_change: impl Fn(String) + 'static,
) -> impl IntoView
where
    O: Fn() -> Vec<(String, String)> + Send + Sync + 'static,
    V: Fn() -> String + Clone + Send + Sync + 'static,
{
    let selected_value = value.clone();
    view! {
        <div class="field">
            <label for=id>{tr(label)}</label>
            <select id=id on:change:target=move |ev| on_change(ev.target().value())
                prop:value=selected_value>
                {move || {
                    let current = untrack(&value);
                    options()
                        .into_iter()
                        .map(|(option, text)| {
                            let selected = option == current;
                            view! { <option value=option selected=selected>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}
