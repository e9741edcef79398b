//! The Reports screen: forecast against targets, stage conversion, sales velocity and cycle
//! times, lead-source effectiveness and the funnel-scenario comparator — each with SVG charts and
//! the same numbers as tables.

mod forecast;
mod metrics;
mod model;
mod scenarios;
mod scores;
mod sources;
mod speed;

use leptos::prelude::*;

pub use forecast::{calendar_of, period_name};
pub use metrics::rate_text;

use crate::domain::{Date, Money};
use crate::i18n::{format_money, Lang};
use crate::ui::i18n::tr;
use crate::ui::state::{now, utc_offset_minutes};

#[component]
pub fn ReportsPage() -> impl IntoView {
    view! {
        <h1>{tr("reports.title")}</h1>
        <forecast::ForecastReport/>
        <metrics::ConversionReport/>
        <metrics::VelocityReport/>
        <sources::SourcesReport/>
        <speed::SpeedReport/>
        <scores::ScoreReport/>
        <scenarios::ScenarioReport/>
        <model::ModelReport/>
    }
}

/// Today in the viewer's time zone.
fn today() -> Date {
    Date::from_timestamp(now(), utc_offset_minutes())
}

/// A whole amount of money from a mean or rate (rounded; never negative).
fn money_of(lang: Lang, amount: f64, currency: crate::domain::Currency) -> String {
    format_money(
        lang,
        Money {
            amount: amount.max(0.0).round() as u64,
            currency,
        },
    )
}
