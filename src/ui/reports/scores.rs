//! Score distribution: how many leads score in each band, from the saved scoring model.

use leptos::prelude::*;

use crate::domain::metrics::histogram;
use crate::domain::scoring::score_total;
use crate::i18n::{format_number, t};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::state::{now, use_app};

use crate::ui::chart::{bar_chart, BarData, ValueFormat};

/// Bands in the histogram.
const BINS: usize = 10;

#[component]
pub fn ScoreReport() -> impl IntoView {
    let app = use_app();
    let lang = use_lang();
    let scores = Memo::new(move |_| {
        let compiled = app.compiled.get();
        let at = now();
        app.qualifications.with(|answers| {
            app.book.with(|book| {
                book.score_inputs()
                    .filter(|input| !input.is_deleted())
                    .map(|input| {
                        score_total(
                            input.with_qualification(answers.get(&input.lead_id())),
                            &compiled,
                            at,
                        ) as f64
                    })
                    .collect::<Vec<f64>>()
            })
        })
    });
    view! {
        <section class="card report" aria-labelledby="report-scores">
            <h2 id="report-scores">{tr("reports.scores")}</h2>
            {move || {
                let lang = lang.get();
                let values: Vec<f64> = scores.get().into_iter().map(|v| v.max(0.0)).collect();
                let top = values.iter().copied().fold(100.0_f64, f64::max);
                let top = (top / BINS as f64).ceil() * BINS as f64;
                let bins = histogram(&values, BINS, 0.0..=top);
                let band = |start: f64, end: f64| {
                    format!("{}–{}", format_number(lang, start.round() as u64), format_number(lang, end.round() as u64))
                };
                bar_chart(lang, BarData {
                    id: "chart-scores".into(),
                    title: t(lang, "reports.scores_chart").into(),
                    x_label: t(lang, "reports.score_axis").into(),
                    y_label: t(lang, "reports.count_axis").into(),
                    categories: bins.iter().map(|b| band(b.start, b.end)).collect(),
                    series: vec![t(lang, "reports.count_axis").into()],
                    values: bins.iter().map(|b| vec![b.count as f64]).collect(),
                    format: ValueFormat::Whole,
                })
            }}
        </section>
    }
}
