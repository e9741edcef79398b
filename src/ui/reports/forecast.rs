//! Forecast: per period (month or quarter; Jalali in Persian), the deals expected to close — count,
//! total, weighted — and what was won, per rep and for the team, against the target with the gap.

use leptos::prelude::*;

use crate::domain::forecast::{
    forecast_periods, CalendarKind, Forecast, ForecastRow, Period, PeriodKind, PeriodLabel,
};
use crate::domain::{Currency, Money};
use crate::i18n::{format_money, format_number, localize_digits, t, t_with, Lang};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::pipeline::{all_deals, pipeline_config, sales_targets};
use crate::ui::state::{use_app, utc_offset_minutes};

use super::today;
use crate::ui::chart::{bar_chart, BarData, ValueFormat};

/// Periods shown: the current one and the next two.
const PERIODS: usize = 3;

/// A period's name in `lang`.
pub fn period_name(lang: Lang, period: Period) -> String {
    let label = period.label();
    let year = |y: i32| localize_digits(lang, &y.to_string());
    match label {
        PeriodLabel::Month { name_key, year: y } => t_with(
            lang,
            label.template_key(),
            &[("month", t(lang, name_key)), ("year", &year(y))],
        ),
        PeriodLabel::Quarter { quarter, year: y } => t_with(
            lang,
            label.template_key(),
            &[
                ("quarter", &localize_digits(lang, &quarter.to_string())),
                ("year", &year(y)),
            ],
        ),
    }
}

/// The calendar of the viewer's language.
pub fn calendar_of(lang: Lang) -> CalendarKind {
    if lang == Lang::Fa {
        CalendarKind::Jalali
    } else {
        CalendarKind::Gregorian
    }
}

#[component]
pub fn ForecastReport() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let kind = RwSignal::new(PeriodKind::Month);
    let forecasts = Memo::new(move |_| {
        let calendar = calendar_of(lang.get());
        let first = Period::containing(today(), kind.get(), calendar);
        forecast_periods(
            &all_deals(app),
            &pipeline_config(app),
            &sales_targets(app),
            first,
            PERIODS,
            utc_offset_minutes(),
        )
    });
    view! {
        <section class="card report" aria-labelledby="report-forecast">
            <h2 id="report-forecast">{tr("reports.forecast")}</h2>
            <label class="field inline-field">
                <span>{tr("reports.period")}</span>
                <select on:change:target=move |ev| kind.set(if ev.target().value() == "quarter" { PeriodKind::Quarter } else { PeriodKind::Month })>
                    <option value="month" selected=move || kind.get() == PeriodKind::Month>{tr("reports.month")}</option>
                    <option value="quarter" selected=move || kind.get() == PeriodKind::Quarter>{tr("reports.quarter")}</option>
                </select>
            </label>
            {move || {
                let lang = lang.get();
                let all = forecasts.get();
                let currency = all.first().map_or(Currency::Toman, |f| f.currency);
                let chart = BarData {
                    id: "chart-forecast".into(),
                    title: t_with(lang, "reports.forecast_chart", &[("currency", t(lang, &format!("currency.{}", currency.code())))]),
                    x_label: t(lang, "reports.period").into(),
                    y_label: t(lang, "reports.amount").into(),
                    categories: all.iter().map(|f| period_name(lang, f.period)).collect(),
                    series: vec![
                        t(lang, "metric.won_so_far").into(),
                        t(lang, "metric.weighted_value").into(),
                        t(lang, "metric.target").into(),
                    ],
                    values: all
                        .iter()
                        .map(|f| vec![f.team.won as f64, f.team.weighted as f64, f.team.target.unwrap_or(0) as f64])
                        .collect(),
                    format: ValueFormat::Whole,
                };
                view! {
                    {bar_chart(lang, chart)}
                    {all.into_iter().map(|f| forecast_table(lang, f)).collect_view()}
                }
            }}
        </section>
    }
}

fn forecast_table(lang: Lang, forecast: Forecast) -> impl IntoView {
    let name = period_name(lang, forecast.period);
    let currency = forecast.currency;
    let other = forecast.other_currency_deals;
    let mut rows: Vec<ForecastRow> = forecast.reps;
    rows.push(forecast.team);
    view! {
        <div class="table-scroll">
            <table class="data-table">
                <caption>{name}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t(lang, "reports.rep")}</th>
                        {["metric.deal_count", "metric.total_value", "metric.weighted_value", "metric.won_so_far", "metric.target", "metric.gap"]
                            .map(|k| view! { <th scope="col">{t(lang, k)}</th> })}
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|row| {
                        let money = |amount: u64| format_money(lang, Money { amount, currency });
                        let signed = |v: i64| if v < 0 { format!("−{}", money(v.unsigned_abs())) } else { money(v as u64) };
                        let who = match &row.rep {
                            None => t(lang, "forecast.team").to_owned(),
                            Some(r) if r.is_empty() => t(lang, "forecast.unassigned").to_owned(),
                            Some(r) => r.clone(),
                        };
                        let dash = || "—".to_owned();
                        view! {
                            <tr class:team-row=row.rep.is_none()>
                                <th scope="row">{who}</th>
                                <td class="num">{format_number(lang, row.count as u64)}</td>
                                <td class="num">{money(row.total)}</td>
                                <td class="num">{money(row.weighted)}</td>
                                <td class="num">{money(row.won)}</td>
                                <td class="num">{row.target.map(money).unwrap_or_else(dash)}</td>
                                <td class="num">{row.gap.map(signed).unwrap_or_else(dash)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {(other > 0).then(|| view! {
                <p class="muted">{t_with(lang, "forecast.other_currency", &[("count", &format_number(lang, other as u64))])}</p>
            })}
        </div>
    }
}
