//! A panic must never leave a silent, frozen page: log it and show a banner in the user's language.
//! With `panic = "abort"` the app cannot recover, so the banner is plain DOM written by the hook.

use std::cell::Cell;

use crate::i18n::{t, Lang};

thread_local! {
    static LANGUAGE: Cell<Lang> = const { Cell::new(Lang::En) };
}

pub fn set_language(lang: Lang) {
    LANGUAGE.with(|l| l.set(lang));
}

pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_banner();
    }));
}

fn show_banner() {
    let lang = LANGUAGE.with(Cell::get);
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else { return };
    let Ok(banner) = document.create_element("div") else {
        return;
    };
    banner.set_class_name("panic-banner");
    let _ = banner.set_attribute("role", "alert");
    banner.set_text_content(Some(t(lang, "error.panic")));
    let _ = body.prepend_with_node_1(&banner);
}
