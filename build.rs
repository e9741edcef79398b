//! Merges the translation tables (`src/i18n/{en,fa}/*.json`) into one string the app embeds:
//! records `key U+0000 English U+0000 Persian`, separated by U+0001, a text missing from a language
//! written as U+0002. Each key is stored once and its two texts sit side by side, which ships less
//! than embedding the JSON files. Tests in `src/i18n` check the merged table equals the one read
//! from the JSON files.

use std::collections::BTreeMap;
use std::path::Path;

/// The table files: every `*.json` in `src/i18n/en`, by name (each must exist in `fa` too, and a
/// key may live in one file only — the i18n tests check both).
fn files() -> Vec<String> {
    println!("cargo:rerun-if-changed=src/i18n/en");
    println!("cargo:rerun-if-changed=src/i18n/fa");
    let mut names: Vec<String> = std::fs::read_dir("src/i18n/en")
        .expect("src/i18n/en")
        .map(|entry| entry.expect("src/i18n/en entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn read(lang: &str, file: &str) -> Vec<(String, String)> {
    let path = format!("src/i18n/{lang}/{file}.json");
    println!("cargo:rerun-if-changed={path}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} is not valid JSON: {e}"));
    map.into_iter()
        .map(|(k, v)| match v {
            serde_json::Value::String(s) => (k, s),
            other => panic!("{path}: {k} is not a string but {other}"),
        })
        .collect()
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    // key -> (English, Persian), in the order the files first name them.
    let mut order: Vec<String> = Vec::new();
    let mut texts: BTreeMap<String, [Option<String>; 2]> = BTreeMap::new();
    for file in &files() {
        for (i, lang) in ["en", "fa"].into_iter().enumerate() {
            for (key, text) in read(lang, file) {
                let entry = texts.entry(key.clone()).or_insert_with(|| {
                    order.push(key.clone());
                    [None, None]
                });
                entry[i] = Some(text);
            }
        }
    }
    let mut merged = String::new();
    for key in &order {
        let [en, fa] = &texts[key];
        for part in [Some(key), en.as_ref(), fa.as_ref()].into_iter().flatten() {
            assert!(
                !part.contains(['\u{0}', '\u{1}', '\u{2}']),
                "{key}: a control character U+0000..U+0002"
            );
        }
        if !merged.is_empty() {
            merged.push('\u{1}');
        }
        merged.push_str(key);
        for text in [en, fa] {
            merged.push('\u{0}');
            merged.push_str(text.as_deref().unwrap_or("\u{2}"));
        }
    }
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("i18n_tables.rs");
    std::fs::write(out, format!("#[allow(clippy::octal_escapes)] // `\\0` before a digit: Debug's escaping, no octal\nconst MERGED_TABLES: &str = {merged:?};\n")).unwrap();
}
