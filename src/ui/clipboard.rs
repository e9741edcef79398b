//! Copying a draft to the clipboard, for users who paste messages into another app.

use wasm_bindgen_futures::JsFuture;

use crate::ui::state::AppState;

/// Writes `text` to the clipboard and says whether it worked (the browser may refuse, e.g. when
/// the page is not focused or the permission is denied).
pub fn copy_text(app: AppState, text: String) {
    leptos::task::spawn_local(async move {
        let copied = match web_sys::window() {
            Some(window) => JsFuture::from(window.navigator().clipboard().write_text(&text))
                .await
                .is_ok(),
            None => false,
        };
        app.notify(
            if copied {
                "messages.copied"
            } else {
                "messages.copy_failed"
            },
            None,
        );
    });
}
