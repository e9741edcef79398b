//! A funnel: one centred bar per step, as wide as its share of the first step, its name and
//! count written on it.

use leptos::prelude::*;

use super::bar::{csv_of, data_table, BarData};
use super::{
    abbreviate, chart_frame, measured_width, px, text_w, Tip, ValueFormat, CHAR_W, FONT,
    FONT_FAMILY, PALETTE, TEXT,
};
use crate::i18n::{format_number, Lang};

const ROW_H: f64 = 34.0;

/// A funnel chart of `steps` (name, count).
pub fn funnel_chart(
    lang: Lang,
    id: &str,
    title: String,
    step_label: String,
    count_label: String,
    steps: Vec<(String, u64)>,
) -> impl IntoView {
    let data = BarData {
        id: id.to_string(),
        title: title.clone(),
        x_label: step_label,
        y_label: count_label.clone(),
        categories: steps.iter().map(|s| s.0.clone()).collect(),
        // The one series is the count: its name heads the count column of the table and the CSV.
        series: vec![count_label],
        values: steps.iter().map(|s| vec![s.1 as f64]).collect(),
        format: ValueFormat::Whole,
    };
    let node = NodeRef::<leptos::html::Div>::new();
    let width = measured_width(node);
    let tip = RwSignal::new(None::<Tip>);
    let table = data_table(lang, &data);
    let csv = csv_of(&data);
    let chart_title = title.clone();
    let svg = move || {
        draw(
            lang,
            &data.id,
            &chart_title,
            &steps,
            width.get().max(260.0),
            tip,
        )
    };
    chart_frame(id.to_string(), title, node, tip, svg, table, csv)
}

fn draw(
    lang: Lang,
    id: &str,
    title: &str,
    steps: &[(String, u64)],
    w: f64,
    tip: RwSignal<Option<Tip>>,
) -> impl IntoView {
    let first = steps.first().map_or(0, |s| s.1).max(1) as f64;
    let h = 8.0 + ROW_H * steps.len() as f64 + 4.0;
    let max_chars = ((w - 12.0) / CHAR_W) as usize;
    let rows = steps
        .iter()
        .enumerate()
        .map(|(i, (name, count))| {
            let bw = ((*count as f64 / first) * (w - 12.0)).max(2.0);
            let ry = 8.0 + ROW_H * i as f64;
            let exact = format!("{name}: {}", format_number(lang, *count));
            let label = if text_w(&exact) <= w - 12.0 { exact.clone() } else { abbreviate(&exact, max_chars) };
            let show = {
                let exact = exact.clone();
                move || tip.set(Some(Tip { x: w / 2.0, y: ry, text: exact.clone() }))
            };
            let show2 = show.clone();
            view! {
                <rect class="chart-bar" x=px((w - bw) / 2.0) y=px(ry) width=px(bw) height=px(ROW_H - 6.0) rx="4"
                    fill=PALETTE[0] fill-opacity="0.35" stroke=PALETTE[0] tabindex="0" role="img" aria-label=exact
                    on:mouseenter=move |_| show() on:focus=move |_| show2()
                    on:mouseleave=move |_| tip.set(None) on:blur=move |_| tip.set(None)/>
                <text x=px(w / 2.0) y=px(ry + (ROW_H - 6.0) / 2.0 + FONT / 3.0) text-anchor="middle" fill=TEXT font-weight="600">{label}</text>
            }
        })
        .collect_view();
    view! {
        <svg xmlns="http://www.w3.org/2000/svg" viewBox=format!("0 0 {} {}", px(w), px(h)) width=px(w) height=px(h)
            role="group" aria-labelledby=format!("{id}-title") font-family=FONT_FAMILY font-size=px(FONT) direction="ltr">
            <title>{title.to_owned()}</title>
            <rect x="0" y="0" width=px(w) height=px(h) fill="#ffffff"/>
            {rows}
        </svg>
    }
}
