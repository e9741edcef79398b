//! Conversion (stage to stage, win rate, the funnel, how long open deals have sat in each stage)
//! and sales velocity with the average times lead → deal → won.

use leptos::prelude::*;

use crate::domain::metrics::{
    lead_to_won, sales_velocity, stage_conversions, stage_reach, win_rate, Rate,
};
use crate::domain::pipeline::Deal;
use crate::domain::Currency;
use crate::i18n::{format_number, t, t_with, Lang};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::pipeline::{all_deals, pipeline_config};
use crate::ui::state::{now, use_app};

use super::money_of;
use crate::ui::chart::{bar_chart, format_value, funnel_chart, BarData, ValueFormat};

/// A rate as "40% (2 of 5)", or a dash when there is nothing to divide.
pub fn rate_text(lang: Lang, rate: Rate) -> String {
    match rate.percent() {
        Some(p) => t_with(
            lang,
            "reports.rate",
            &[
                ("percent", &format_value(lang, ValueFormat::Percent, p)),
                ("part", &format_number(lang, rate.part as u64)),
                ("whole", &format_number(lang, rate.whole as u64)),
            ],
        ),
        None => "—".into(),
    }
}

fn days_text(lang: Lang, days: Option<f64>) -> String {
    days.map_or_else(
        || "—".into(),
        |d| {
            t_with(
                lang,
                "reports.days",
                &[("days", &format_value(lang, ValueFormat::Days, d))],
            )
        },
    )
}

#[component]
pub fn ConversionReport() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    view! {
        <section class="card report" aria-labelledby="report-conversion">
            <h2 id="report-conversion">{tr("reports.conversion")}</h2>
            {move || {
                let lang = lang.get();
                let persian = lang == Lang::Fa;
                let deals = all_deals(app);
                let config = pipeline_config(app);
                let name = |id| config.stage(id).map(|s| s.name(persian).to_owned()).unwrap_or_default();
                let reach = stage_reach(&deals, &config);
                let conversions = stage_conversions(&deals, &config);
                let at = now();
                let ages: Vec<(String, f64)> = config
                    .ordered()
                    .iter()
                    .map(|stage| {
                        let open: Vec<&Deal> = deals.iter().filter(|d| d.is_open() && d.stage == stage.id).collect();
                        let mean = if open.is_empty() {
                            0.0
                        } else {
                            open.iter().map(|d| d.days_in_stage(at) as f64).sum::<f64>() / open.len() as f64
                        };
                        (stage.name(persian).to_owned(), mean)
                    })
                    .collect();
                view! {
                    <dl class="metric-list">
                        <div><dt>{t(lang, "metric.win_rate")}</dt><dd>{rate_text(lang, win_rate(&deals))}</dd></div>
                    </dl>
                    <div class="report-grid">
                        {funnel_chart(
                            lang,
                            "chart-funnel",
                            t(lang, "reports.funnel_chart").into(),
                            t(lang, "reports.stage").into(),
                            t(lang, "metric.deal_count").into(),
                            reach.iter().map(|r| (name(r.stage), r.deals as u64)).collect(),
                        )}
                        {bar_chart(lang, BarData {
                            id: "chart-stage-age".into(),
                            title: t(lang, "reports.stage_age_chart").into(),
                            x_label: t(lang, "reports.stage").into(),
                            y_label: t(lang, "reports.days_axis").into(),
                            categories: ages.iter().map(|a| a.0.clone()).collect(),
                            series: vec![t(lang, "reports.days_axis").into()],
                            values: ages.iter().map(|a| vec![a.1]).collect(),
                            format: ValueFormat::Days,
                        })}
                    </div>
                    <div class="table-scroll">
                        <table class="data-table">
                            <caption>{t(lang, "metric.stage_conversion")}</caption>
                            <thead><tr>
                                <th scope="col">{t(lang, "reports.from_stage")}</th>
                                <th scope="col">{t(lang, "reports.to_stage")}</th>
                                <th scope="col">{t(lang, "metric.stage_conversion")}</th>
                            </tr></thead>
                            <tbody>
                                {conversions.iter().map(|c| view! {
                                    <tr>
                                        <th scope="row">{name(c.from)}</th>
                                        <td>{c.to.map(name).unwrap_or_else(|| t(lang, "deal_status.won").to_owned())}</td>
                                        <td class="num">{rate_text(lang, c.rate)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
            }}
        </section>
    }
}

#[component]
pub fn VelocityReport() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    view! {
        <section class="card report" aria-labelledby="report-velocity">
            <h2 id="report-velocity">{tr("reports.velocity")}</h2>
            {move || {
                let lang = lang.get();
                let deals = all_deals(app);
                let velocities: Vec<_> = Currency::ALL.into_iter().filter_map(|c| sales_velocity(&deals, c)).collect();
                let times = app.book.with(|book| lead_to_won(&deals, |id| book.lead(id).map(|l| l.created_at)));
                let velocity_view = if velocities.is_empty() {
                    view! { <p class="muted">{t(lang, "reports.velocity_empty")}</p> }.into_any()
                } else {
                    velocities.into_iter().map(|v| view! {
                        <dl class="metric-list">
                            <div><dt>{t(lang, "metric.velocity_per_day")}</dt><dd>{money_of(lang, v.per_day, v.currency)}</dd></div>
                            <div><dt>{t(lang, "metric.velocity_per_month")}</dt><dd>{money_of(lang, v.per_month, v.currency)}</dd></div>
                            <div><dt>{t(lang, "metric.open_deals")}</dt><dd>{format_number(lang, v.open_deals as u64)}</dd></div>
                            <div><dt>{t(lang, "metric.win_rate")}</dt><dd>{format_value(lang, ValueFormat::Percent, v.win_rate * 100.0)}</dd></div>
                            <div><dt>{t(lang, "metric.average_deal_size")}</dt><dd>{money_of(lang, v.average_deal_size, v.currency)}</dd></div>
                            <div><dt>{t(lang, "metric.sales_cycle")}</dt><dd>{days_text(lang, Some(v.average_cycle_days))}</dd></div>
                        </dl>
                    }).collect_view().into_any()
                };
                view! {
                    {velocity_view}
                    <h3>{t(lang, "reports.cycle_times")}</h3>
                    <dl class="metric-list">
                        <div><dt>{t(lang, "metric.lead_to_deal")}</dt><dd>{days_text(lang, times.lead_to_deal)}</dd></div>
                        <div><dt>{t(lang, "metric.deal_to_won")}</dt><dd>{days_text(lang, times.deal_to_won)}</dd></div>
                        <div><dt>{t(lang, "metric.lead_to_won")}</dt><dd>{days_text(lang, times.lead_to_won)}</dd></div>
                    </dl>
                }
            }}
        </section>
    }
}
