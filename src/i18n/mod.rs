//! Everything a person reads, in English and Persian: translation tables, digits, numbers and dates.
//!
//! Views never hold user-visible text; they ask for a key here. The tables are JSON files beside this
//! module (`en/*.json`, `fa/*.json`, one file per area of the app) so translators can edit them without
//! touching code, and tests keep the two languages in step and every key the code uses present.
//! The build script (`build.rs`) merges them into one string, `MERGED_TABLES`, which the app embeds.

mod compact;
mod format;
mod task_title;
mod tasks_calendar;

use std::collections::HashMap;
use std::sync::OnceLock;

pub use compact::format_compact;
pub use format::{
    format_bytes, format_date, format_date_time, format_minutes, format_money, format_money_list,
    format_number, format_timestamp, localize_digits,
};
pub use task_title::task_title;
pub use tasks_calendar::tasks_calendar;

// `const MERGED_TABLES: &str`, written by build.rs from the JSON files: records
// `key U+0000 English U+0000 Persian` separated by U+0001, U+0002 for a text a language lacks.
include!(concat!(env!("OUT_DIR"), "/i18n_tables.rs"));

/// A language Kariz speaks, which also decides direction, digits and calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Fa,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fa];

    /// BCP 47 tag, for `<html lang>` and for remembering the choice.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fa => "fa",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    pub fn is_rtl(self) -> bool {
        self == Lang::Fa
    }

    /// Value for `<html dir>`.
    pub fn dir(self) -> &'static str {
        if self.is_rtl() {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// The language's table files (name, JSON text), one per area, read from disk: what
    /// build.rs merged.
    #[cfg(all(test, not(target_arch = "wasm32")))]
    fn table_sources(self) -> Vec<(String, String)> {
        let dir = format!("{}/src/i18n/{}", env!("CARGO_MANIFEST_DIR"), self.code());
        let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "json"))
            .map(|path| {
                let name = path.file_stem().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(&path).unwrap())
            })
            .collect();
        files.sort();
        files
    }

    fn table(self) -> &'static HashMap<&'static str, &'static str> {
        static EN: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
        static FA: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
        let (cell, column) = match self {
            Lang::En => (&EN, 1),
            Lang::Fa => (&FA, 2),
        };
        cell.get_or_init(|| {
            MERGED_TABLES
                .split('\u{1}')
                .filter_map(|record| {
                    let mut parts = record.split('\u{0}');
                    let key = parts.next()?;
                    let text = parts.nth(column - 1)?;
                    (text != "\u{2}").then_some((key, text))
                })
                .collect()
        })
    }
}

/// The text for `key` in `lang`. A missing key shows the key itself, so a gap is visible, never blank;
/// tests keep every key used by the code present in both tables.
pub fn t(lang: Lang, key: &str) -> &'static str {
    match lang.table().get(key) {
        Some(text) => text,
        None => {
            debug_assert!(false, "missing translation key {key}");
            // Leaking is bounded: only keys missing from a table, which tests forbid.
            Box::leak(key.to_owned().into_boxed_str())
        }
    }
}

/// The text for `key` in `lang`, when there is one: for keys made from data (a record's field
/// names), where a missing one is expected and the caller shows something else.
pub fn t_opt(lang: Lang, key: &str) -> Option<&'static str> {
    lang.table().get(key).copied()
}

/// `t` with `{name}` placeholders filled in.
pub fn t_with(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let mut text = t(lang, key).to_owned();
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(lang: Lang) -> Vec<&'static str> {
        let mut keys: Vec<_> = lang.table().keys().copied().collect();
        keys.sort();
        keys
    }

    #[test]
    fn the_merged_table_is_the_json_files() {
        for lang in Lang::ALL {
            let mut from_json: HashMap<String, String> = HashMap::new();
            for (_, source) in lang.table_sources() {
                from_json.extend(serde_json::from_str::<HashMap<String, String>>(&source).unwrap());
            }
            let merged: HashMap<String, String> = lang
                .table()
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            assert_eq!(merged, from_json, "{lang:?}");
        }
    }

    #[test]
    fn both_languages_have_the_same_table_files() {
        let names = |lang: Lang| -> Vec<String> {
            lang.table_sources().into_iter().map(|(n, _)| n).collect()
        };
        assert_eq!(names(Lang::En), names(Lang::Fa));
        assert!(names(Lang::En).contains(&"core".to_owned()));
    }

    #[test]
    fn every_table_file_is_valid_and_no_key_is_defined_twice() {
        for lang in Lang::ALL {
            let mut seen = std::collections::HashMap::new();
            for (file, source) in lang.table_sources() {
                let part: HashMap<String, String> = serde_json::from_str(&source)
                    .unwrap_or_else(|e| panic!("{}/{file}.json is not valid: {e}", lang.code()));
                for key in part.into_keys() {
                    if let Some(other) = seen.insert(key.clone(), file.clone()) {
                        panic!(
                            "{key} is in both {other}.json and {file}.json ({})",
                            lang.code()
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn both_tables_have_the_same_keys() {
        assert_eq!(keys(Lang::En), keys(Lang::Fa));
    }

    #[test]
    fn no_translation_is_empty_and_placeholders_match() {
        for key in keys(Lang::En) {
            let en = t(Lang::En, key);
            let fa = t(Lang::Fa, key);
            assert!(
                !en.trim().is_empty() && !fa.trim().is_empty(),
                "empty text for {key}"
            );
            let holes = |s: &str| {
                let mut v: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(h, _)| h.to_owned()))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(holes(en), holes(fa), "placeholders differ for {key}");
        }
    }

    #[test]
    fn every_domain_option_has_a_label_in_both_languages() {
        use crate::domain::*;
        let mut needed: Vec<String> = Vec::new();
        needed.extend(
            LeadSource::ALL
                .iter()
                .map(|s| format!("source.{}", s.key())),
        );
        needed.extend(
            DecisionRole::ALL
                .iter()
                .map(|r| format!("role.{}", r.key())),
        );
        needed.extend(
            JourneyStage::ALL
                .iter()
                .map(|s| format!("stage.{}", s.key())),
        );
        needed.extend(
            ActivityKind::ALL
                .iter()
                .map(|k| format!("activity.{}", k.key())),
        );
        needed.extend(
            Currency::ALL
                .iter()
                .map(|c| format!("currency.{}", c.code())),
        );
        needed.extend(
            Currency::ALL
                .iter()
                .map(|c| format!("currency_short.{}", c.code())),
        );
        for lang in Lang::ALL {
            for key in &needed {
                assert!(
                    lang.table().contains_key(key.as_str()),
                    "{lang:?} lacks {key}"
                );
            }
        }
    }

    /// Every literal key the code asks for (`t(…, "x.y")`, `tr("x.y")`, …) exists in the tables.
    #[test]
    fn every_key_used_in_the_source_exists() {
        let mut missing = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let source = std::fs::read_to_string(&path).unwrap();
                    for key in quoted_keys(&source) {
                        if !Lang::En.table().contains_key(key.as_str()) {
                            missing.push(format!("{}: {key}", path.display()));
                        }
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "keys missing from the tables: {missing:#?}"
        );
    }

    /// String literals shaped like translation keys: `"group.name"` with a known group prefix.
    fn quoted_keys(source: &str) -> Vec<String> {
        let groups: Vec<String> = {
            let mut g: Vec<String> = Lang::En
                .table()
                .keys()
                .filter_map(|k| k.split_once('.').map(|(p, _)| p.to_owned()))
                .collect();
            g.sort();
            g.dedup();
            g
        };
        source
            .split('"')
            .skip(1)
            .step_by(2)
            .filter(|lit| {
                lit.split_once('.').is_some_and(|(group, rest)| {
                    groups.iter().any(|g| g == group)
                        && !rest.is_empty()
                        && !rest.ends_with('.')
                        && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                })
            })
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            t_with(Lang::En, "problem.required", &[("field", "Name")]),
            "Name is required."
        );
        assert_eq!(
            t_with(Lang::Fa, "problem.required", &[("field", "نام")]),
            "نام الزامی است."
        );
    }
}
