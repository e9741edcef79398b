//! Reactive access to the translation tables: the current language lives in one signal.

use leptos::prelude::*;

use crate::i18n::{self, Lang};

/// The current language, shared by every view.
#[derive(Clone, Copy)]
pub struct Language(pub RwSignal<Lang>);

pub fn use_lang() -> RwSignal<Lang> {
    expect_context::<Language>().0
}

/// Reactive text for a key, for use directly in `view!`.
pub fn tr(key: &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || i18n::t(lang.get(), key)
}

/// Reactive text with placeholders filled from reactive values.
pub fn tr_with<F>(key: &'static str, args: F) -> impl Fn() -> String + Send + Sync + 'static
where
    F: Fn() -> Vec<(&'static str, String)> + Send + Sync + 'static,
{
    let lang = use_lang();
    move || {
        let args = args();
        let pairs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        i18n::t_with(lang.get(), key, &pairs)
    }
}
