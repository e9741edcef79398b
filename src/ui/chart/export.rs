//! Taking a chart out of the app: its SVG as a file, the same drawn onto a canvas as PNG, its
//! numbers as CSV, and printing the page (the print style sheet lays it out for A4). Everything
//! happens in the page; nothing is sent anywhere.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::ui::components::download_text;
use crate::ui::i18n::tr;

/// The chart's `<svg>` as a stand-alone document (colours and font are attributes already).
fn svg_text(chart_id: &str) -> Option<String> {
    let svg = document()
        .query_selector(&format!("#{chart_id} svg"))
        .ok()??;
    let serializer = web_sys::XmlSerializer::new().ok()?;
    let text = serializer.serialize_to_string(&svg).ok()?;
    // The view macro makes `<title>` an HTML element; in the file it is the SVG's own title. The
    // empty comments are the framework's markers.
    Some(
        text.replace("<title xmlns=\"http://www.w3.org/1999/xhtml\">", "<title>")
            .replace("<!---->", ""),
    )
}

fn download_svg(chart_id: &str) {
    if let Some(text) = svg_text(chart_id) {
        download_text(&format!("{chart_id}.svg"), "image/svg+xml", &text);
    }
}

/// Draws the SVG onto a canvas at twice its size and saves the canvas as PNG.
fn download_png(chart_id: &str) {
    let Some(text) = svg_text(chart_id) else {
        return;
    };
    let Some(svg) = document()
        .query_selector(&format!("#{chart_id} svg"))
        .ok()
        .flatten()
    else {
        return;
    };
    let rect = svg.get_bounding_client_rect();
    let (w, h) = (rect.width().max(1.0), rect.height().max(1.0));
    let Ok(image) = web_sys::HtmlImageElement::new() else {
        return;
    };
    let url = format!(
        "data:image/svg+xml;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(&text))
    );
    let name = format!("{chart_id}.png");
    let loaded = image.clone();
    let onload = Closure::once_into_js(move || {
        let Ok(canvas) = document()
            .create_element("canvas")
            .map(|c| c.unchecked_into::<web_sys::HtmlCanvasElement>())
        else {
            return;
        };
        canvas.set_width((w * 2.0) as u32);
        canvas.set_height((h * 2.0) as u32);
        let Some(context) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        let _ = context.scale(2.0, 2.0);
        context.set_fill_style_str("#ffffff");
        context.fill_rect(0.0, 0.0, w, h);
        let _ = context.draw_image_with_html_image_element_and_dw_and_dh(&loaded, 0.0, 0.0, w, h);
        if let Ok(data) = canvas.to_data_url_with_type("image/png") {
            if let Ok(anchor) = document()
                .create_element("a")
                .map(|a| a.unchecked_into::<web_sys::HtmlAnchorElement>())
            {
                anchor.set_href(&data);
                anchor.set_download(&name);
                anchor.click();
            }
        }
    });
    image.set_onload(Some(onload.unchecked_ref()));
    image.set_src(&url);
}

/// The buttons under a chart.
pub fn export_buttons(chart_id: String, csv: String) -> impl IntoView {
    let (svg_id, png_id, csv_id) = (chart_id.clone(), chart_id.clone(), chart_id);
    view! {
        <div class="chart-actions no-print">
            <button type="button" class="button small" on:click=move |_| download_svg(&svg_id)>{tr("chart.download_svg")}</button>
            <button type="button" class="button small" on:click=move |_| download_png(&png_id)>{tr("chart.download_png")}</button>
            <button type="button" class="button small" on:click=move |_| download_text(&format!("{csv_id}.csv"), "text/csv;charset=utf-8", &csv)>{tr("chart.download_csv")}</button>
            <button type="button" class="button small" on:click=move |_| { let _ = window().print(); }>{tr("chart.print")}</button>
        </div>
    }
}
