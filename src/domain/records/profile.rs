//! The person using Kariz in this browser: the name recorded as who applied each rule action (the
//! History shows it; an entry without one reads "You").

use serde::{Deserialize, Serialize};

/// Longest name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 80;

/// The user's own settings, stored as one JSON setting. Every field defaults, so a profile saved
/// by an older version, or none at all, loads.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Profile {
    /// As typed, trimmed and with runs of spaces made one; empty when not given.
    pub name: String,
}

/// Why a typed profile was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProfileProblem {
    NameTooLong,
}

impl ProfileProblem {
    /// Translation key of the message; it may use `{max}`.
    pub fn message_key(self) -> &'static str {
        match self {
            ProfileProblem::NameTooLong => "settings.your_name_too_long",
        }
    }
}

impl Profile {
    /// The profile from the form's text.
    pub fn from_typed(name: &str) -> Result<Profile, ProfileProblem> {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(ProfileProblem::NameTooLong);
        }
        Ok(Profile { name })
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a profile always serialises")
    }

    pub fn from_json(json: &str) -> Result<Profile, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// What to record as who applied an action ("" when no name was given).
    pub fn actor(&self) -> &str {
        &self.name
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn a_typed_name_is_tidied_and_a_long_one_refused() {
        assert_eq!(
            Profile::from_typed("  Sara   Ahmadi \t").unwrap().actor(),
            "Sara Ahmadi"
        );
        assert_eq!(Profile::from_typed("   ").unwrap(), Profile::default());
        let longest = "س".repeat(MAX_NAME_CHARS);
        assert_eq!(Profile::from_typed(&longest).unwrap().name, longest);
        assert_eq!(
            Profile::from_typed(&format!("{longest}ب")),
            Err(ProfileProblem::NameTooLong)
        );
    }

    #[test]
    fn a_profile_round_trips_and_an_empty_document_loads() {
        let profile = Profile::from_typed("سارا احمدی").unwrap();
        assert_eq!(Profile::from_json(&profile.to_json()).unwrap(), profile);
        assert_eq!(Profile::from_json("{}").unwrap(), Profile::default());
        assert!(Profile::from_json("[").is_err());
    }

    #[test]
    fn its_message_has_text_in_both_languages() {
        for lang in crate::i18n::Lang::ALL {
            // `t` debug-asserts that the key exists.
            let text = crate::i18n::t(lang, ProfileProblem::NameTooLong.message_key());
            assert!(text.contains("{max}"), "{text}");
        }
    }
}
