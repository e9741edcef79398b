//! How one qualification question was answered.

use serde::{Deserialize, Serialize};

/// A yes/no answer that may not be known yet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Answer {
    Yes,
    No,
    #[default]
    Unknown,
}

impl Answer {
    /// Every answer, in the order the lead page offers them.
    pub const ALL: [Answer; 3] = [Answer::Yes, Answer::No, Answer::Unknown];

    /// Stable snake_case key.
    pub fn key(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Unknown => "unknown",
        }
    }

    /// The answer with this key.
    pub fn from_key(key: &str) -> Option<Answer> {
        Answer::ALL.into_iter().find(|a| a.key() == key)
    }

    /// Translation key of the answer's label.
    pub fn label_key(self) -> &'static str {
        match self {
            Answer::Yes => "qualification.answer_yes",
            Answer::No => "qualification.answer_no",
            Answer::Unknown => "qualification.answer_unknown",
        }
    }
}

/// The answer to one question, with the rep's note ("only in Tehran for now").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QuestionAnswer {
    pub answer: Answer,
    pub note: String,
}
