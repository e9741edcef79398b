//! Lead sources: per source, the leads, the share qualified and won, and the revenue won.

use leptos::prelude::*;

use crate::domain::metrics::source_effectiveness;
use crate::domain::qualification::evaluate;
use crate::i18n::{format_money_list, format_number, t};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::pipeline::all_deals;
use crate::ui::state::use_app;

use super::metrics::rate_text;
use crate::ui::chart::{bar_chart, BarData, ValueFormat};

#[component]
pub fn SourcesReport() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    view! {
        <section class="card report" aria-labelledby="report-sources">
            <h2 id="report-sources">{tr("reports.sources")}</h2>
            {move || {
                let lang = lang.get();
                let deals = all_deals(app);
                let rows = app.questions.with(|bank| app.qualifications.with(|answers| app.book.with(|book| {
                    source_effectiveness(book.leads(), &deals, |id| answers.get(&id).is_some_and(|q| evaluate(bank, q).is_qualified()))
                })));
                if rows.is_empty() {
                    return view! { <p class="muted">{t(lang, "reports.sources_empty")}</p> }.into_any();
                }
                let source_name = |key: &str| t(lang, &format!("source.{key}")).to_owned();
                let chart = BarData {
                    id: "chart-sources".into(),
                    title: t(lang, "reports.sources_chart").into(),
                    x_label: t(lang, "reports.source").into(),
                    y_label: t(lang, "reports.share_axis").into(),
                    categories: rows.iter().map(|r| source_name(r.source.key())).collect(),
                    series: vec![t(lang, "metric.qualified_share").into(), t(lang, "metric.won_share").into()],
                    values: rows.iter().map(|r| vec![r.qualified.percent().unwrap_or(0.0), r.won.percent().unwrap_or(0.0)]).collect(),
                    format: ValueFormat::Percent,
                };
                view! {
                    {bar_chart(lang, chart)}
                    <div class="table-scroll">
                        <table class="data-table">
                            <caption>{t(lang, "reports.sources")}</caption>
                            <thead><tr>
                                <th scope="col">{t(lang, "reports.source")}</th>
                                {["metric.leads", "metric.qualified_share", "metric.won_share", "metric.revenue"].map(|k| view! { <th scope="col">{t(lang, k)}</th> })}
                            </tr></thead>
                            <tbody>
                                {rows.iter().map(|r| view! {
                                    <tr>
                                        <th scope="row">{source_name(r.source.key())}</th>
                                        <td class="num">{format_number(lang, r.leads as u64)}</td>
                                        <td class="num">{rate_text(lang, r.qualified)}</td>
                                        <td class="num">{rate_text(lang, r.won)}</td>
                                        <td class="num">{format_money_list(lang, &r.revenue)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}
