//! Every chart in the app: grouped bars and a funnel, drawn as SVG by the app itself, each with
//! its accessible name, a tooltip with the exact value on hover and keyboard focus, the numbers
//! as a table, and buttons to download it as SVG, PNG or CSV and to print the page.
//!
//! **Why the app's own SVG and not a charting crate.** `leptos-chartistry` 0.2.3 (the
//! well-kept Leptos charting crate; `cargo info`: leptos 0.8, leptos-use 0.18, chrono) was
//! weighed. It draws line and bar series well, but what these charts need most is not what it
//! offers: (1) Persian charts mirrored — categories and time running right to left and the value
//! axis on the right — with Persian digits and compact Persian units (۱۲۰ میلیون) in every tick;
//! (2) a tooltip on *keyboard focus*, not only on hover; (3) labels laid out for the width the
//! chart really has (wrap, then turn upright and abbreviate) so no text overlaps at 375 px;
//! (4) a funnel; (5) a self-contained SVG (colours as attributes, no style sheet) to download
//! and draw onto a canvas for PNG. Each would have meant working around the crate; it would also
//! add leptos-use and chrono to a wasm bundle that is kept small. The code here is about the
//! size of those work-arounds.
//!
//! Layout: the chart measures its container and draws at that width, one SVG unit per CSS
//! pixel, so text keeps its size at 375 px instead of shrinking with the picture. Text widths
//! are estimated generously ([`CHAR_W`] per character) rather than measured, so the layout is
//! the same on every run.

mod bar;
mod export;
mod funnel;

use leptos::prelude::*;

pub use bar::{bar_chart, BarData};
pub use funnel::funnel_chart;

use crate::domain::text::tenths::tenths_text;
use crate::i18n::{format_compact, format_number, localize_digits, Lang};

/// How a chart writes its values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ValueFormat {
    /// Counts and amounts: whole numbers (compact on the axis: 120M, ۱۲۰ میلیون).
    Whole,
    Percent,
    Days,
}

/// `value` written exactly in `lang` (tooltips and tables).
pub fn format_value(lang: Lang, format: ValueFormat, value: f64) -> String {
    match format {
        ValueFormat::Whole => format_number(lang, value.max(0.0).round() as u64),
        ValueFormat::Percent => localize_digits(lang, &format!("{}%", tenths_text(value)))
            .replace('%', if lang == Lang::Fa { "٪" } else { "%" }),
        ValueFormat::Days => localize_digits(lang, &tenths_text(value)),
    }
}

/// `value` written short for an axis tick.
pub fn format_tick(lang: Lang, format: ValueFormat, value: f64) -> String {
    match format {
        ValueFormat::Whole => format_compact(lang, value),
        _ => format_value(lang, format, value),
    }
}

/// Colour-blind-safe series colours (Okabe–Ito blue, vermillion, bluish green, reddish purple),
/// each at least 3:1 against white as WCAG asks of graphics.
pub const PALETTE: [&str; 4] = ["#0072B2", "#D55E00", "#007A5E", "#A8528A"];
/// Text colour (13:1 against white).
pub const TEXT: &str = "#1d2330";
/// Axis and grid colours.
pub const AXIS: &str = "#5b6475";
pub const GRID: &str = "#dde1e8";
/// Font size of chart text, in px.
pub const FONT: f64 = 12.0;
/// The width a character is taken to need at [`FONT`] (generous, for Latin and Persian alike).
pub const CHAR_W: f64 = 7.2;
/// Height of a line of chart text.
pub const LINE_H: f64 = 15.0;
/// Font stack written into the SVG, so a downloaded file looks the same.
pub const FONT_FAMILY: &str =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans Arabic', Vazirmatn, Tahoma, sans-serif";

/// The estimated width of `text` in chart text.
pub fn text_w(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR_W
}

/// `text` cut to at most `max` characters, with an ellipsis when cut.
pub fn abbreviate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
        cut = cut.trim_end().to_string();
        cut.push('…');
        cut
    }
}

/// An SVG coordinate or length, to a tenth of a pixel. Written as text because an f64 attribute
/// would go through f64's `Display`, whose code is too large to ship for this.
pub fn px(value: f64) -> String {
    tenths_text(value)
}

/// Where the tooltip shows and what it says.
#[derive(Clone, Debug, PartialEq)]
pub struct Tip {
    pub x: f64,
    pub y: f64,
    pub text: String,
}

/// The width of the chart's container, kept up to date as the window resizes (640 until the
/// chart is on the page).
pub fn measured_width(node: NodeRef<leptos::html::Div>) -> ReadSignal<f64> {
    let (width, set_width) = signal(640.0);
    let measure = move || {
        if let Some(el) = node.get_untracked() {
            let w = el.client_width() as f64;
            if w > 0.0 {
                set_width.set(w);
            }
        }
    };
    Effect::new(move |_| {
        if node.get().is_some() {
            measure();
        }
    });
    let handle = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || handle.remove());
    width
}

/// A chart's frame: the figure with its caption, the drawing, the tooltip, the data table and
/// the download buttons.
pub fn chart_frame(
    id: String,
    title: String,
    width_node: NodeRef<leptos::html::Div>,
    tip: RwSignal<Option<Tip>>,
    svg: impl IntoView + 'static,
    table: impl IntoView + 'static,
    csv: String,
) -> impl IntoView {
    let title_id = format!("{id}-title");
    let (figure_id, labelled_by, export_id) = (id.clone(), title_id.clone(), id);
    view! {
        <figure class="chart" id=figure_id aria-labelledby=labelled_by>
            <figcaption id=title_id>{title}</figcaption>
            <div class="chart-canvas" node_ref=width_node>
                {svg}
                {move || tip.get().map(|tip| view! { <ChartTip tip=tip/> })}
            </div>
            {table}
            {export::export_buttons(export_id, csv)}
        </figure>
    }
}

/// The tooltip, placed through the element's style object: a `style` attribute would be an inline
/// style, which the Content-Security-Policy refuses.
#[component]
fn ChartTip(tip: Tip) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    let (x, y) = (tip.x, tip.y);
    Effect::new(move |_| {
        if let Some(el) = node.get() {
            let style = web_sys::HtmlElement::style(&el);
            let _ = style.set_property("left", &format!("{}px", px(x)));
            let _ = style.set_property("top", &format!("{}px", px(y)));
        }
    });
    view! { <div class="chart-tip" role="status" node_ref=node>{tip.text}</div> }
}
