//! Speed to lead: per owner, the median time from a lead turning Hot to its first contact, with
//! how many were contacted and how many still wait.

use leptos::prelude::*;

use crate::i18n::{format_minutes, format_number, t};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::state::use_app;

#[component]
pub fn SpeedReport() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    view! {
        <section class="card report" aria-labelledby="report-speed">
            <h2 id="report-speed">{tr("reports.speed")}</h2>
            <p class="muted">{tr("reports.speed_help")}</p>
            {move || {
                let lang = lang.get();
                let rows = app.follow_up.with(|f| app.book.with(|book| f.speed_to_lead(book)));
                if rows.is_empty() {
                    return view! { <p class="muted">{t(lang, "reports.speed_empty")}</p> }.into_any();
                }
                view! {
                    <div class="table-scroll">
                        <table class="data-table">
                            <caption>{t(lang, "reports.speed")}</caption>
                            <thead><tr>
                                {["reports.owner", "reports.speed_median", "reports.speed_contacted", "reports.speed_waiting"]
                                    .map(|k| view! { <th scope="col">{t(lang, k)}</th> })}
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|r| {
                                    let owner = if r.owner.trim().is_empty() { t(lang, "tasks.no_owner").to_owned() } else { r.owner };
                                    let median = r.median_minutes.map_or_else(|| t(lang, "reports.speed_none").to_owned(), |m| format_minutes(lang, m));
                                    view! {
                                        <tr>
                                            <th scope="row">{owner}</th>
                                            <td class="num">{median}</td>
                                            <td class="num">{format_number(lang, r.contacted as u64)}</td>
                                            <td class="num">{format_number(lang, r.waiting as u64)}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}
