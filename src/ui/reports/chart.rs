//! SVG charts drawn by the app: grouped bars and a funnel. Each has a title, axis labels in the
//! current language, digits as the language writes them, and a data table for screen readers.

use leptos::prelude::*;

use crate::domain::metrics::nice_axis;
use crate::domain::text::tenths::tenths_text;
use crate::i18n::{format_number, localize_digits, Lang};

/// How a chart writes its values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ValueFormat {
    Whole,
    Percent,
    Days,
}

/// `value` written in `lang`.
pub fn format_value(lang: Lang, format: ValueFormat, value: f64) -> String {
    match format {
        ValueFormat::Whole => format_number(lang, value.max(0.0).round() as u64),
        ValueFormat::Percent => localize_digits(lang, &format!("{}%", tenths_text(value)))
            .replace('%', if lang == Lang::Fa { "٪" } else { "%" }),
        ValueFormat::Days => localize_digits(lang, &tenths_text(value)),
    }
}

/// What a bar chart shows: `values[category][series]`.
#[derive(Clone, Debug, PartialEq)]
pub struct BarData {
    pub id: String,
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub categories: Vec<String>,
    pub series: Vec<String>,
    pub values: Vec<Vec<f64>>,
    pub format: ValueFormat,
}

const W: f64 = 640.0;
const H: f64 = 280.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 10.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 60.0;
const SERIES_CLASSES: [&str; 3] = ["bar-a", "bar-b", "bar-c"];

/// An SVG coordinate or length, to a tenth of a pixel. Written as text here because an f64
/// attribute would go through f64's `Display`, whose code the app does not otherwise ship.
fn px(value: f64) -> String {
    tenths_text(value)
}

/// A grouped bar chart with its data table.
pub fn bar_chart(lang: Lang, data: BarData) -> impl IntoView {
    let max = data
        .values
        .iter()
        .flatten()
        .copied()
        .fold(0.0_f64, f64::max);
    let (_, ticks) = nice_axis(max);
    let top = ticks.last().copied().unwrap_or(1.0).max(f64::MIN_POSITIVE);
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let groups = data.categories.len().max(1) as f64;
    let group_w = plot_w / groups;
    let series_n = data.series.len().max(1) as f64;
    let bar_w = (group_w * 0.8 / series_n).min(48.0);
    let y = move |v: f64| TOP + plot_h - (v / top) * plot_h;
    let title_id = format!("{}-title", data.id);
    let grid = ticks
        .iter()
        .map(|&tick| {
            let ty = y(tick);
            view! {
                <line class="grid" x1=px(LEFT) x2=px(W - RIGHT) y1=px(ty) y2=px(ty)/>
                <text x=px(LEFT - 6.0) y=px(ty + 4.0) text-anchor="end">{format_value(lang, data.format, tick)}</text>
            }
        })
        .collect_view();
    let bars = data
        .values
        .iter()
        .enumerate()
        .map(|(c, row)| {
            let gx = LEFT + group_w * c as f64 + (group_w - bar_w * series_n) / 2.0;
            let label = data.categories[c].clone();
            let bars = row
                .iter()
                .enumerate()
                .map(|(s, &v)| {
                    let by = y(v.max(0.0));
                    view! {
                        <rect class=SERIES_CLASSES[s % 3] x=px(gx + bar_w * s as f64) y=px(by) width=px(bar_w.max(1.0)) height=px((TOP + plot_h - by).max(0.0))/>
                    }
                })
                .collect_view();
            view! {
                {bars}
                <text x=px(LEFT + group_w * (c as f64 + 0.5)) y=px(TOP + plot_h + 16.0) text-anchor="middle">{label}</text>
            }
        })
        .collect_view();
    let legend = (data.series.len() > 1).then(|| {
        data.series
            .iter()
            .enumerate()
            .map(|(s, name)| {
                let x = LEFT + 150.0 * s as f64;
                view! {
                    <rect class=SERIES_CLASSES[s % 3] x=px(x) y="4" width="10" height="10"/>
                    <text x=px(x + 14.0) y="13">{name.clone()}</text>
                }
            })
            .collect_view()
    });
    view! {
        <figure class="chart" aria-labelledby=title_id.clone()>
            <figcaption id=title_id.clone()>{data.title.clone()}</figcaption>
            <svg viewBox=format!("0 0 {} {}", px(W), px(H)) role="img" aria-labelledby=title_id.clone() focusable="false">
                {grid}
                <line class="axis" x1=px(LEFT) x2=px(LEFT) y1=px(TOP) y2=px(TOP + plot_h)/>
                <line class="axis" x1=px(LEFT) x2=px(W - RIGHT) y1=px(TOP + plot_h) y2=px(TOP + plot_h)/>
                {bars}
                {legend}
                <text x=px(LEFT + plot_w / 2.0) y=px(H - 8.0) text-anchor="middle">{data.x_label.clone()}</text>
                <text x="14" y=px(TOP + plot_h / 2.0) text-anchor="middle" transform=format!("rotate(-90 14 {})", px(TOP + plot_h / 2.0))>{data.y_label.clone()}</text>
            </svg>
            {data_table(lang, &data)}
        </figure>
    }
}

/// The chart's numbers as a table, for screen readers (inside a clipped box: a table is never
/// narrower than its content, so it cannot be the visually hidden element itself).
fn data_table(lang: Lang, data: &BarData) -> impl IntoView {
    view! {
        <div class="visually-hidden">
        <table>
            <caption>{data.title.clone()}</caption>
            <thead>
                <tr>
                    <th scope="col">{data.x_label.clone()}</th>
                    {data.series.iter().map(|s| view! { <th scope="col">{s.clone()}</th> }).collect_view()}
                </tr>
            </thead>
            <tbody>
                {data.categories.iter().zip(&data.values).map(|(c, row)| view! {
                    <tr>
                        <th scope="row">{c.clone()}</th>
                        {row.iter().map(|&v| view! { <td>{format_value(lang, data.format, v)}</td> }).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

/// A funnel: one centred bar per step, as wide as its share of the first step.
pub fn funnel_chart(
    lang: Lang,
    id: &str,
    title: String,
    step_label: String,
    count_label: String,
    steps: Vec<(String, u64)>,
) -> impl IntoView {
    let first = steps.first().map_or(0, |s| s.1).max(1) as f64;
    let row_h = 34.0;
    let h = TOP + row_h * steps.len() as f64 + 10.0;
    let title_id = format!("{id}-title");
    let data = BarData {
        id: id.to_string(),
        title: title.clone(),
        x_label: step_label,
        y_label: count_label,
        categories: steps.iter().map(|s| s.0.clone()).collect(),
        series: vec![String::new()],
        values: steps.iter().map(|s| vec![s.1 as f64]).collect(),
        format: ValueFormat::Whole,
    };
    let rows = steps
        .iter()
        .enumerate()
        .map(|(i, (name, count))| {
            let w = ((*count as f64 / first) * (W - 40.0)).max(2.0);
            let ry = TOP + row_h * i as f64;
            view! {
                <rect class="bar-a" x=px((W - w) / 2.0) y=px(ry) width=px(w) height=px(row_h - 6.0) rx="4"/>
                <text x=px(W / 2.0) y=px(ry + row_h / 2.0 + 1.0) text-anchor="middle" class="funnel-label">
                    {format!("{name}: {}", format_number(lang, *count))}
                </text>
            }
        })
        .collect_view();
    view! {
        <figure class="chart" aria-labelledby=title_id.clone()>
            <figcaption id=title_id.clone()>{title}</figcaption>
            <svg viewBox=format!("0 0 {} {}", px(W), px(h)) role="img" aria-labelledby=title_id.clone() focusable="false">
                {rows}
            </svg>
            {data_table(lang, &data)}
        </figure>
    }
}
