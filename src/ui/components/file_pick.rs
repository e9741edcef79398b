//! Choosing a file through a hidden file input that a labelled button opens.

use leptos::prelude::*;

/// Opens the file picker of `input`, cleared first so picking the same file again still counts
/// as a change.
pub fn open_file_picker(input: NodeRef<leptos::html::Input>) {
    if let Some(input) = input.get() {
        input.set_value("");
        input.click();
    }
}

/// The file chosen in the input that fired `ev` (the first, when several are).
pub fn chosen_file(ev: &leptos::ev::Event) -> Option<web_sys::File> {
    let input: web_sys::HtmlInputElement = event_target(ev);
    input.files().and_then(|files| files.get(0))
}
