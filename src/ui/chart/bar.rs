//! Grouped bars: categories along the bottom (right to left in Persian), the value axis at the
//! start side, a legend that wraps above the plot.

use leptos::prelude::*;

use super::{
    abbreviate, chart_frame, format_tick, format_value, measured_width, px, text_w, Tip,
    ValueFormat, AXIS, CHAR_W, FONT, FONT_FAMILY, GRID, LINE_H, PALETTE, TEXT,
};
use crate::domain::export::csv_writer::{push_record, BOM};
use crate::domain::metrics::nice_axis;
use crate::i18n::Lang;

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

const PLOT_H: f64 = 200.0;
const EDGE: f64 = 6.0;

/// How the category labels are written.
enum Labels {
    /// One or more lines under each group.
    Lines(Vec<Vec<String>>),
    /// Turned upright (reading upwards), abbreviated; every `step`-th label only.
    Upright { texts: Vec<String>, step: usize },
}

/// Splits `text` into at most `max_lines` lines of at most `width`; `None` if it cannot.
fn wrap(text: &str, width: f64, max_lines: usize) -> Option<Vec<String>> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if text_w(&format!("{line} {word}")) <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    (lines.len() <= max_lines && lines.iter().all(|l| text_w(l) <= width)).then_some(lines)
}

fn category_labels(categories: &[String], group_w: f64) -> Labels {
    let room = group_w - 6.0;
    let wrapped: Option<Vec<Vec<String>>> = categories.iter().map(|c| wrap(c, room, 2)).collect();
    if let Some(lines) = wrapped {
        return Labels::Lines(lines);
    }
    let step = (LINE_H / group_w).ceil().max(1.0) as usize;
    Labels::Upright {
        texts: categories.iter().map(|c| abbreviate(c, 16)).collect(),
        step,
    }
}

/// Lays the legend out in lines across `width`: (x, line) of each item, and the line count.
fn legend_layout(series: &[String], width: f64) -> (Vec<(f64, usize)>, usize) {
    if series.len() < 2 {
        return (vec![], 0);
    }
    let (mut x, mut line) = (EDGE, 0);
    let mut at = Vec::new();
    for name in series {
        let item = 14.0 + text_w(name) + 16.0;
        if x > EDGE && x + item > width - EDGE {
            x = EDGE;
            line += 1;
        }
        at.push((x, line));
        x += item;
    }
    (at, line + 1)
}

/// A grouped bar chart with its data table, tooltip and downloads.
pub fn bar_chart(lang: Lang, data: BarData) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    let width = measured_width(node);
    let tip = RwSignal::new(None::<Tip>);
    let table = data_table(lang, &data);
    let csv = csv_of(&data);
    let id = data.id.clone();
    let title = data.title.clone();
    let svg = move || draw(lang, &data, width.get().max(260.0), tip);
    chart_frame(id, title, node, tip, svg, table, csv)
}

fn draw(lang: Lang, data: &BarData, w: f64, tip: RwSignal<Option<Tip>>) -> impl IntoView {
    let rtl = lang == Lang::Fa;
    // Mirror a start-side x into the drawing (Persian: from the right).
    let mx = move |x: f64| if rtl { w - x } else { x };
    let anchor = move |start: bool| if start != rtl { "start" } else { "end" };

    let max = data
        .values
        .iter()
        .flatten()
        .copied()
        .fold(0.0_f64, f64::max);
    let (_, ticks) = nice_axis(max);
    let top_tick = ticks.last().copied().unwrap_or(1.0).max(f64::MIN_POSITIVE);
    let tick_labels: Vec<String> = ticks
        .iter()
        .map(|&v| format_tick(lang, data.format, v))
        .collect();
    let axis_w = tick_labels.iter().map(|l| text_w(l)).fold(0.0, f64::max) + 8.0;

    let (legend_at, legend_lines) = legend_layout(&data.series, w);
    let top = legend_lines as f64 * LINE_H + if legend_lines > 0 { 10.0 } else { 0.0 } + 8.0;
    let plot_x0 = EDGE + LINE_H + 4.0 + axis_w;
    let plot_x1 = w - EDGE;
    let plot_w = (plot_x1 - plot_x0).max(10.0);
    let n = data.categories.len().max(1);
    let group_w = plot_w / n as f64;
    let series_n = data.series.len().max(1) as f64;
    let bar_w = (group_w * 0.75 / series_n).clamp(1.0, 48.0);
    let base = top + PLOT_H;
    let y = move |v: f64| base - (v / top_tick) * PLOT_H;

    let labels = category_labels(&data.categories, group_w);
    let labels_h = match &labels {
        Labels::Lines(lines) => lines.iter().map(Vec::len).max().unwrap_or(1) as f64 * LINE_H,
        Labels::Upright { texts, .. } => texts.iter().map(|t| text_w(t)).fold(0.0, f64::max),
    };
    let x_title_y = base + 8.0 + labels_h + LINE_H;
    let h = x_title_y + 8.0;

    let grid = ticks
        .iter()
        .zip(&tick_labels)
        .map(|(&tick, label)| {
            let ty = y(tick);
            view! {
                <line x1=px(mx(plot_x0)) x2=px(mx(plot_x1)) y1=px(ty) y2=px(ty) stroke=GRID stroke-width="1"/>
                <text x=px(mx(plot_x0 - 6.0)) y=px(ty + FONT / 3.0) text-anchor=anchor(false) fill=TEXT>{label.clone()}</text>
            }
        })
        .collect_view();

    let bars = data
        .values
        .iter()
        .enumerate()
        .map(|(c, row)| {
            let gx = plot_x0 + group_w * c as f64 + (group_w - bar_w * series_n) / 2.0;
            row.iter()
                .enumerate()
                .map(|(s, &v)| {
                    let bx = gx + bar_w * s as f64;
                    let by = y(v.max(0.0)).min(base - 1.0);
                    let x = if rtl { w - bx - bar_w } else { bx };
                    let series = data.series.get(s).filter(|n| !n.is_empty());
                    let text = match series {
                        Some(name) => format!("{} — {}: {}", data.categories[c], name, format_value(lang, data.format, v)),
                        None => format!("{}: {}", data.categories[c], format_value(lang, data.format, v)),
                    };
                    let show = {
                        let text = text.clone();
                        move || tip.set(Some(Tip { x: (x + bar_w / 2.0).clamp(80.0, (w - 80.0).max(80.0)), y: by, text: text.clone() }))
                    };
                    let show2 = show.clone();
                    view! {
                        <rect class="chart-bar" x=px(x) y=px(by) width=px(bar_w) height=px(base - by)
                            fill=PALETTE[s % PALETTE.len()] tabindex="0" role="img" aria-label=text
                            on:mouseenter=move |_| show() on:focus=move |_| show2()
                            on:mouseleave=move |_| tip.set(None) on:blur=move |_| tip.set(None)/>
                    }
                })
                .collect_view()
        })
        .collect_view();

    let category_text = match labels {
        Labels::Lines(lines) => lines
            .into_iter()
            .enumerate()
            .map(|(c, lines)| {
                let cx = mx(plot_x0 + group_w * (c as f64 + 0.5));
                lines
                    .into_iter()
                    .enumerate()
                    .map(|(i, line)| view! {
                        <text x=px(cx) y=px(base + 4.0 + FONT + LINE_H * i as f64) text-anchor="middle" fill=TEXT>{line}</text>
                    })
                    .collect_view()
            })
            .collect_view()
            .into_any(),
        Labels::Upright { texts, step } => texts
            .into_iter()
            .enumerate()
            .filter(|(c, _)| c % step == 0)
            .map(|(c, text)| {
                let cx = mx(plot_x0 + group_w * (c as f64 + 0.5)) + FONT / 3.0;
                let ty = base + 6.0;
                view! {
                    <text x=px(cx) y=px(ty) text-anchor="end" fill=TEXT transform=format!("rotate(-90 {} {})", px(cx), px(ty))>{text}</text>
                }
            })
            .collect_view()
            .into_any(),
    };

    let legend = data
        .series
        .iter()
        .zip(legend_at)
        .enumerate()
        .map(|(s, (name, (x, line)))| {
            let ly = 4.0 + LINE_H * line as f64;
            let sx = if rtl { w - x - 10.0 } else { x };
            view! {
                <rect x=px(sx) y=px(ly + 2.0) width="10" height="10" fill=PALETTE[s % PALETTE.len()]/>
                <text x=px(mx(x + 14.0)) y=px(ly + FONT) text-anchor=anchor(true) fill=TEXT>{name.clone()}</text>
            }
        })
        .collect_view();

    let y_title = abbreviate(&data.y_label, (PLOT_H / CHAR_W) as usize);
    let y_title_x = mx(EDGE + FONT);
    let y_title_y = top + PLOT_H / 2.0;
    let x_title = abbreviate(&data.x_label, ((w - 2.0 * EDGE) / CHAR_W) as usize);
    view! {
        <svg xmlns="http://www.w3.org/2000/svg" viewBox=format!("0 0 {} {}", px(w), px(h)) width=px(w) height=px(h)
            role="group" aria-labelledby=format!("{}-title", data.id) font-family=FONT_FAMILY font-size=px(FONT) direction="ltr">
            <title>{data.title.clone()}</title>
            <rect x="0" y="0" width=px(w) height=px(h) fill="#ffffff"/>
            {grid}
            <line x1=px(mx(plot_x0)) x2=px(mx(plot_x0)) y1=px(top) y2=px(base) stroke=AXIS stroke-width="1"/>
            <line x1=px(mx(plot_x0)) x2=px(mx(plot_x1)) y1=px(base) y2=px(base) stroke=AXIS stroke-width="1"/>
            {bars}
            {category_text}
            {legend}
            <text x=px(mx(plot_x0 + plot_w / 2.0)) y=px(x_title_y) text-anchor="middle" fill=TEXT font-weight="600">{x_title}</text>
            <text x=px(y_title_x) y=px(y_title_y) text-anchor="middle" fill=TEXT font-weight="600"
                transform=format!("rotate({} {} {})", if rtl { "90" } else { "-90" }, px(y_title_x), px(y_title_y))>{y_title}</text>
        </svg>
    }
}

/// The chart's numbers as a table, for screen readers (inside a clipped box: a table is never
/// narrower than its content, so it cannot be the visually hidden element itself).
pub(super) fn data_table(lang: Lang, data: &BarData) -> impl IntoView {
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

/// The chart's numbers as CSV: a header row, then one row per category with exact values
/// (plain digits, for spreadsheets); UTF-8 with a byte-order mark, formulas neutralised.
pub(super) fn csv_of(data: &BarData) -> String {
    let mut out = String::from(BOM);
    let mut header: Vec<&str> = vec![data.x_label.as_str()];
    let series: Vec<&str> = data
        .series
        .iter()
        .map(|s| {
            if s.is_empty() {
                data.y_label.as_str()
            } else {
                s.as_str()
            }
        })
        .collect();
    header.extend(series);
    push_record(&mut out, &header);
    for (category, row) in data.categories.iter().zip(&data.values) {
        let values: Vec<String> = row
            .iter()
            .map(|v| crate::domain::text::tenths::tenths_text(*v))
            .collect();
        let mut cells: Vec<&str> = vec![category.as_str()];
        cells.extend(values.iter().map(String::as_str));
        push_record(&mut out, &cells);
    }
    out
}
