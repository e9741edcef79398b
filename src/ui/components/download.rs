//! Saving a file the app made in the browser: no request leaves the page.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Offers `text` for download as `file_name` of type `mime`.
pub fn download_text(file_name: &str, mime: &str, text: &str) {
    download_parts(
        file_name,
        mime,
        &js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text)),
    );
}

/// Offers `bytes` for download as `file_name` of type `mime`.
pub fn download_bytes(file_name: &str, mime: &str, bytes: &[u8]) {
    download_parts(
        file_name,
        mime,
        &js_sys::Array::of1(&js_sys::Uint8Array::from(bytes)),
    );
}

fn download_parts(file_name: &str, mime: &str, parts: &js_sys::Array) {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(anchor) = document()
        .create_element("a")
        .map(|a| a.unchecked_into::<web_sys::HtmlAnchorElement>())
    {
        anchor.set_href(&url);
        anchor.set_download(file_name);
        anchor.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
