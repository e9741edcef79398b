//! Text the user writes in Settings (question wording, group names), kept in both languages.

use serde::{Deserialize, Serialize};

/// The same text in English and Persian. Either may be empty: the user edits in the language they
/// work in, and [`LocalText::get`] falls back to the other one rather than show nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct LocalText {
    pub en: String,
    pub fa: String,
}

impl LocalText {
    /// Text given in both languages.
    pub fn new(en: impl Into<String>, fa: impl Into<String>) -> LocalText {
        LocalText {
            en: en.into(),
            fa: fa.into(),
        }
    }

    /// The text for a language code (`"en"`, `"fa"`), falling back to the other language when empty.
    pub fn get(&self, lang_code: &str) -> &str {
        let (first, second) = if lang_code == "fa" {
            (&self.fa, &self.en)
        } else {
            (&self.en, &self.fa)
        };
        if first.trim().is_empty() {
            second.trim()
        } else {
            first.trim()
        }
    }

    /// No text in either language.
    pub fn is_blank(&self) -> bool {
        self.en.trim().is_empty() && self.fa.trim().is_empty()
    }
}
