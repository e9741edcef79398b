//! In-app links under the path the site is served from (`make dist BASE=/crm/`).
//!
//! The build writes the base into `<meta name="kariz-base" content="/crm/">`; the router gets it
//! through [`router_base`], and every `href` a view writes goes through [`href`]. Leptos' `<A>` and
//! plain anchors do not add the base to a path that starts with "/", but `use_navigate` does: give
//! `navigate` the app path ("/leads"), never the result of [`href`].

use std::sync::OnceLock;

/// The base without its trailing slash: "" at the site root, "/crm" under /crm/.
pub fn router_base() -> &'static str {
    static BASE: OnceLock<String> = OnceLock::new();
    BASE.get_or_init(|| {
        let content = leptos::prelude::document()
            .query_selector(r#"meta[name="kariz-base"]"#)
            .ok()
            .flatten()
            .and_then(|meta| meta.get_attribute("content"))
            .unwrap_or_default();
        content.trim_end_matches('/').to_owned()
    })
}

/// The URL of an app path ("/", "/leads", "/leads/3") under the base: "/crm/leads" under /crm/.
pub fn href(path: &str) -> String {
    debug_assert!(path.starts_with('/'), "app paths start with '/': {path}");
    format!("{}{path}", router_base())
}
