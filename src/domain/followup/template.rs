//! Message templates with placeholders, rendered per lead: `Hello {first_name}, …`.

use serde::{Deserialize, Serialize};

use crate::domain::Lead;

/// What a template may insert.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placeholder {
    FirstName,
    Company,
    Owner,
    Product,
}

impl Placeholder {
    pub const ALL: [Placeholder; 4] = [
        Placeholder::FirstName,
        Placeholder::Company,
        Placeholder::Owner,
        Placeholder::Product,
    ];

    /// The name written between braces.
    pub fn key(self) -> &'static str {
        match self {
            Placeholder::FirstName => "first_name",
            Placeholder::Company => "company",
            Placeholder::Owner => "owner",
            Placeholder::Product => "product",
        }
    }

    fn from_key(key: &str) -> Option<Placeholder> {
        Placeholder::ALL.into_iter().find(|p| p.key() == key)
    }
}

/// A message to send, in one language (a team keeps one per language it writes in).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub id: u64,
    pub name: String,
    /// "en" or "fa".
    pub lang: String,
    /// For e-mail; SMS templates leave it empty.
    #[serde(default)]
    pub subject: String,
    pub body: String,
}

/// What is wrong with a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateProblem {
    NoName,
    NoBody,
    /// `{…}` names no placeholder Kariz knows; the name as written.
    UnknownPlaceholder(String),
    /// A `{` without its `}`.
    Unclosed,
}

impl Template {
    /// Every problem, in the order found (subject first, then body).
    pub fn problems(&self) -> Vec<TemplateProblem> {
        let mut problems = Vec::new();
        if self.name.trim().is_empty() {
            problems.push(TemplateProblem::NoName);
        }
        if self.body.trim().is_empty() {
            problems.push(TemplateProblem::NoBody);
        }
        for text in [&self.subject, &self.body] {
            for part in parts(text) {
                match part {
                    Part::Hole(name) if Placeholder::from_key(name).is_none() => {
                        problems.push(TemplateProblem::UnknownPlaceholder(name.to_owned()))
                    }
                    Part::Unclosed => problems.push(TemplateProblem::Unclosed),
                    _ => {}
                }
            }
        }
        problems
    }
}

enum Part<'a> {
    Text(&'a str),
    Hole(&'a str),
    Unclosed,
}

fn parts(text: &str) -> Vec<Part<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push(Part::Text(&rest[..open]));
        match rest[open + 1..].find('}') {
            Some(close) => {
                out.push(Part::Hole(rest[open + 1..open + 1 + close].trim()));
                rest = &rest[open + 2 + close..];
            }
            None => {
                out.push(Part::Unclosed);
                out.push(Part::Text(&rest[open..]));
                return out;
            }
        }
    }
    out.push(Part::Text(rest));
    out
}

/// `text` with each placeholder filled for `lead`: its first name (the first word of its name),
/// its company, its owner (the rep writing) and `product`. An unknown placeholder stays as typed
/// (templates are checked when saved, so only an old one could hold one).
pub fn render(text: &str, lead: &Lead, product: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for part in parts(text) {
        match part {
            Part::Text(t) => out.push_str(t),
            Part::Unclosed => {}
            Part::Hole(name) => match Placeholder::from_key(name) {
                Some(Placeholder::FirstName) => {
                    out.push_str(lead.name.split_whitespace().next().unwrap_or_default())
                }
                Some(Placeholder::Company) => out.push_str(&lead.company),
                Some(Placeholder::Owner) => out.push_str(&lead.owner),
                Some(Placeholder::Product) => out.push_str(product),
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            },
        }
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn lead() -> Lead {
        Lead {
            name: "Sara Ahmadi".into(),
            company: "Arvand".into(),
            owner: "Omid".into(),
            ..Lead::blank(1)
        }
    }

    #[test]
    fn placeholders_are_filled_per_lead_in_either_language() {
        assert_eq!(
            render(
                "Hello {first_name}, {company} and {product} — {owner}",
                &lead(),
                "Kariz"
            ),
            "Hello Sara, Arvand and Kariz — Omid"
        );
        let persian = Lead {
            name: "سارا احمدی".into(),
            ..lead()
        };
        assert_eq!(
            render("سلام {first_name} عزیز", &persian, ""),
            "سلام سارا عزیز"
        );
    }

    #[test]
    fn an_unknown_placeholder_is_refused_by_name() {
        let template = Template {
            name: "Intro".into(),
            body: "Hi {first_name}, about {compnay}".into(),
            subject: "{product} for {team".into(),
            ..Template::default()
        };
        assert_eq!(
            template.problems(),
            [
                TemplateProblem::Unclosed,
                TemplateProblem::UnknownPlaceholder("compnay".into())
            ]
        );
        assert_eq!(
            Template::default().problems(),
            [TemplateProblem::NoName, TemplateProblem::NoBody]
        );
    }

    proptest! {
        #[test]
        fn text_without_braces_renders_as_it_is(text in "[^{}]{0,40}") {
            prop_assert_eq!(render(&text, &lead(), "x"), text);
        }

        #[test]
        fn rendering_never_panics(text in ".{0,40}") {
            let _ = render(&text, &lead(), "x");
            let _ = Template { name: "n".into(), body: text, ..Template::default() }.problems();
        }
    }
}
