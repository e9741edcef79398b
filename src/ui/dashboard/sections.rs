//! The dashboard's larger regions: ranking performance, lead-source yield and follow-up health,
//! each a chart with its numbers in a table.

use leptos::prelude::*;

use crate::domain::metrics::{
    FollowUpHealth, OutcomeCounts, ProbabilityBand, RankingPerformance, ScoreBand, SourceYield,
};
use crate::i18n::{format_money_list, format_number, localize_digits, t, t_with, Lang};
use crate::ui::chart::{bar_chart, BarData, ValueFormat};
use crate::ui::reports::rate_text;

fn band_name(lang: Lang, band: ScoreBand) -> String {
    let n = |v: i32| localize_digits(lang, &v.to_string());
    match (band.from, band.to) {
        (None, Some(to)) => t_with(lang, "dashboard.band_below", &[("to", &n(to + 1))]),
        (Some(from), None) => t_with(lang, "dashboard.band_above", &[("from", &n(from))]),
        (Some(from), Some(to)) => format!("{}–{}", n(from), n(to)),
        (None, None) => String::new(),
    }
}

fn probability_band_name(lang: Lang, band: ProbabilityBand) -> String {
    let n = |v: u8| localize_digits(lang, &v.to_string());
    t_with(
        lang,
        "dashboard.probability_band",
        &[("from", &n(band.from)), ("to", &n(band.to))],
    )
}

fn outcome_rows(lang: Lang, rows: Vec<(String, OutcomeCounts)>) -> impl IntoView {
    rows.into_iter()
        .map(|(name, c)| {
            view! {
                <tr>
                    <th scope="row">{name}</th>
                    <td class="num">{format_number(lang, c.decided() as u64)}</td>
                    <td class="num">{format_number(lang, c.won as u64)}</td>
                    <td class="num">{format_number(lang, c.lost as u64)}</td>
                    <td class="num">{format_number(lang, c.disqualified as u64)}</td>
                    <td class="num">{rate_text(lang, c.win_rate())}</td>
                </tr>
            }
        })
        .collect_view()
}

fn outcome_table(
    lang: Lang,
    caption: &str,
    first: &str,
    rows: Vec<(String, OutcomeCounts)>,
) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="data-table">
                <caption>{caption.to_owned()}</caption>
                <thead><tr>
                    <th scope="col">{first.to_owned()}</th>
                    {["dashboard.decided", "dashboard.won", "dashboard.lost", "dashboard.disqualified", "metric.win_rate"]
                        .map(|k| view! { <th scope="col">{t(lang, k)}</th> })}
                </tr></thead>
                <tbody>{outcome_rows(lang, rows)}</tbody>
            </table>
        </div>
    }
}

pub fn ranking(lang: Lang, ranking: &RankingPerformance) -> impl IntoView {
    let grades: Vec<(String, OutcomeCounts)> = ranking
        .by_grade
        .iter()
        .map(|(g, c)| (t(lang, g.label_key()).to_owned(), *c))
        .collect();
    let bands: Vec<(String, OutcomeCounts)> = ranking
        .by_band
        .iter()
        .map(|(b, c)| (band_name(lang, *b), *c))
        .collect();
    let rate_chart = |id: &str, title: &str, x: &str, rows: &[(String, OutcomeCounts)]| BarData {
        id: id.into(),
        title: title.into(),
        x_label: x.into(),
        y_label: t(lang, "metric.win_rate").into(),
        categories: rows.iter().map(|r| r.0.clone()).collect(),
        series: vec![t(lang, "metric.win_rate").into()],
        values: rows
            .iter()
            .map(|r| vec![r.1.win_rate().percent().unwrap_or(0.0)])
            .collect(),
        format: ValueFormat::Percent,
    };
    let by_grade = rate_chart(
        "chart-ranking-grade",
        t(lang, "dashboard.ranking_by_grade"),
        t(lang, "dashboard.grade"),
        &grades,
    );
    let by_band = rate_chart(
        "chart-ranking-band",
        t(lang, "dashboard.ranking_by_band"),
        t(lang, "dashboard.score_band"),
        &bands,
    );
    let learned = ranking.by_learned.as_ref().map(|rows| {
        let rows: Vec<(String, OutcomeCounts)> = rows
            .iter()
            .map(|(b, c)| (probability_band_name(lang, *b), *c))
            .collect();
        let chart = rate_chart(
            "chart-ranking-learned",
            t(lang, "dashboard.ranking_by_learned"),
            t(lang, "dashboard.learned_band"),
            &rows,
        );
        view! {
            <div>
                {bar_chart(lang, chart)}
                {outcome_table(lang, t(lang, "dashboard.ranking_by_learned"), t(lang, "dashboard.learned_band"), rows)}
                <p class="muted">{t(lang, "dashboard.ranking_learned_help")}</p>
            </div>
        }
    });
    view! {
        <section class="card report" role="region" aria-labelledby="dashboard-ranking">
            <h2 id="dashboard-ranking">{t(lang, "dashboard.ranking")}</h2>
            <p class="muted">{t_with(lang, "dashboard.ranking_help", &[("count", &format_number(lang, ranking.total.decided() as u64))])}</p>
            <div class="report-grid">
                <div>
                    {bar_chart(lang, by_grade)}
                    {outcome_table(lang, t(lang, "dashboard.ranking_by_grade"), t(lang, "dashboard.grade"), grades)}
                </div>
                <div>
                    {bar_chart(lang, by_band)}
                    {outcome_table(lang, t(lang, "dashboard.ranking_by_band"), t(lang, "dashboard.score_band"), bands)}
                </div>
                {learned}
            </div>
        </section>
    }
}

pub fn sources(lang: Lang, rows: &[SourceYield]) -> impl IntoView {
    let name = |key: &str| t(lang, &format!("source.{key}")).to_owned();
    let steps = [
        "dashboard.step_leads",
        "dashboard.step_qualified",
        "dashboard.step_deals",
        "dashboard.step_won",
    ];
    let chart = BarData {
        id: "chart-source-yield".into(),
        title: t(lang, "dashboard.sources_chart").into(),
        x_label: t(lang, "reports.source").into(),
        y_label: t(lang, "reports.count_axis").into(),
        categories: rows.iter().map(|r| name(r.source.key())).collect(),
        series: steps.iter().map(|k| t(lang, k).to_owned()).collect(),
        values: rows
            .iter()
            .map(|r| {
                vec![
                    r.leads as f64,
                    r.qualified as f64,
                    r.deals as f64,
                    r.won as f64,
                ]
            })
            .collect(),
        format: ValueFormat::Whole,
    };
    let body = if rows.is_empty() {
        view! { <p class="muted">{t(lang, "reports.sources_empty")}</p> }.into_any()
    } else {
        view! {
            {bar_chart(lang, chart)}
            <div class="table-scroll">
                <table class="data-table">
                    <caption>{t(lang, "dashboard.sources")}</caption>
                    <thead><tr>
                        <th scope="col">{t(lang, "reports.source")}</th>
                        {steps.map(|k| view! { <th scope="col">{t(lang, k)}</th> })}
                        <th scope="col">{t(lang, "dashboard.value_won")}</th>
                    </tr></thead>
                    <tbody>
                        {rows.iter().map(|r| view! {
                            <tr>
                                <th scope="row">{name(r.source.key())}</th>
                                <td class="num">{format_number(lang, r.leads as u64)}</td>
                                <td class="num">{format_number(lang, r.qualified as u64)}</td>
                                <td class="num">{format_number(lang, r.deals as u64)}</td>
                                <td class="num">{format_number(lang, r.won as u64)}</td>
                                <td class="num">{format_money_list(lang, &r.value)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="card report" role="region" aria-labelledby="dashboard-sources">
            <h2 id="dashboard-sources">{t(lang, "dashboard.sources")}</h2>
            <p class="muted">{t(lang, "dashboard.sources_help")}</p>
            {body}
        </section>
    }
}

pub fn follow_up(lang: Lang, health: &FollowUpHealth) -> impl IntoView {
    let reps = &health.activities_by_rep;
    let rep_name = |r: &str| {
        if r.is_empty() {
            t(lang, "forecast.unassigned").to_owned()
        } else {
            r.to_owned()
        }
    };
    let chart = BarData {
        id: "chart-activities".into(),
        title: t(lang, "dashboard.activities_chart").into(),
        x_label: t(lang, "reports.rep").into(),
        y_label: t(lang, "dashboard.activities").into(),
        categories: reps.iter().map(|r| rep_name(&r.rep)).collect(),
        series: vec![t(lang, "dashboard.activities").into()],
        values: reps.iter().map(|r| vec![r.activities as f64]).collect(),
        format: ValueFormat::Whole,
    };
    view! {
        <section class="card report" role="region" aria-labelledby="dashboard-follow-up">
            <h2 id="dashboard-follow-up">{t(lang, "dashboard.follow_up")}</h2>
            <dl class="metric-list">
                <div>
                    <dt>{t(lang, "dashboard.hot_in_time")}</dt>
                    <dd>{if health.hot_contacted_in_time.whole == 0 { "—".to_owned() } else { rate_text(lang, health.hot_contacted_in_time) }}</dd>
                </div>
                <div>
                    <dt>{t(lang, "dashboard.overdue")}</dt>
                    {match health.overdue_tasks {
                        None => view! { <dd class="muted small-dd">{t(lang, "dashboard.overdue_none")}</dd> }.into_any(),
                        Some(rate) => view! {
                            <dd>
                                {t_with(lang, "dashboard.overdue_of", &[
                                    ("overdue", &format_number(lang, rate.part as u64)),
                                    ("open", &format_number(lang, rate.whole as u64)),
                                ])}
                                " "
                                <a class="no-print" href=crate::ui::links::href("/tasks?show=overdue")>{t(lang, "dashboard.see_overdue")}</a>
                            </dd>
                        }.into_any(),
                    }}
                </div>
            </dl>
            <p class="muted">{t(lang, "dashboard.hot_in_time_help")}</p>
            {if reps.is_empty() {
                view! { <p class="muted">{t(lang, "dashboard.no_activities")}</p> }.into_any()
            } else {
                view! {
                    {bar_chart(lang, chart)}
                    <div class="table-scroll">
                        <table class="data-table">
                            <caption>{t(lang, "dashboard.activities_chart")}</caption>
                            <thead><tr>
                                <th scope="col">{t(lang, "reports.rep")}</th>
                                <th scope="col">{t(lang, "dashboard.activities")}</th>
                            </tr></thead>
                            <tbody>
                                {reps.iter().map(|r| view! {
                                    <tr><th scope="row">{rep_name(&r.rep)}</th><td class="num">{format_number(lang, r.activities as u64)}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}
