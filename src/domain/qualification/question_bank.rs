//! The qualification questions asked at each level, editable in Settings. The defaults ship as data
//! (`data/default_question_bank.json`) in English and Persian.

use serde::{Deserialize, Serialize};

use super::{Level, LocalText};
use crate::domain::scoring::ReasonArg;

/// A question's stable id: answers are stored under it, so rewording a question keeps its answers.
pub type QuestionId = String;

/// Most characters in a question's wording, per language.
pub const MAX_QUESTION_CHARS: usize = 300;

/// One yes/no/unknown question of a level.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Question {
    pub id: QuestionId,
    pub level: Level,
    pub text: LocalText,
    /// Whether the question decides its level's verdict (see [`super::verdict`]).
    pub required: bool,
}

/// Every question, in the order the lead page asks them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionBank {
    #[serde(default = "default_questions")]
    pub questions: Vec<Question>,
}

fn default_questions() -> Vec<Question> {
    QuestionBank::default_bank().questions
}

impl Default for QuestionBank {
    fn default() -> QuestionBank {
        QuestionBank::default_bank()
    }
}

/// What is wrong with a question bank or an edit to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BankProblem {
    /// The question has no wording in either language.
    EmptyText,
    /// The wording is longer than [`MAX_QUESTION_CHARS`].
    TextTooLong,
    /// The question has no id.
    EmptyId,
    /// Another question already has this id.
    DuplicateId,
    /// An edit names a question the bank does not have.
    UnknownQuestion,
    /// A level has no question left, so it could never be decided.
    LevelWithoutQuestion,
}

impl BankProblem {
    /// Stable snake_case key.
    pub fn key(self) -> &'static str {
        match self {
            BankProblem::EmptyText => "empty_text",
            BankProblem::TextTooLong => "text_too_long",
            BankProblem::EmptyId => "empty_id",
            BankProblem::DuplicateId => "duplicate_id",
            BankProblem::UnknownQuestion => "unknown_question",
            BankProblem::LevelWithoutQuestion => "level_without_question",
        }
    }

    /// Translation key of the message; it may use `{level}` and `{row}` (1-based question number).
    pub fn message_key(self) -> &'static str {
        match self {
            BankProblem::EmptyText => "qualification.bank_error_empty_text",
            BankProblem::TextTooLong => "qualification.bank_error_text_too_long",
            BankProblem::EmptyId => "qualification.bank_error_empty_id",
            BankProblem::DuplicateId => "qualification.bank_error_duplicate_id",
            BankProblem::UnknownQuestion => "qualification.bank_error_unknown_question",
            BankProblem::LevelWithoutQuestion => "qualification.bank_error_level_without_question",
        }
    }

    /// Every problem, for the translation test.
    pub const ALL: [BankProblem; 6] = [
        BankProblem::EmptyText,
        BankProblem::TextTooLong,
        BankProblem::EmptyId,
        BankProblem::DuplicateId,
        BankProblem::UnknownQuestion,
        BankProblem::LevelWithoutQuestion,
    ];
}

/// One problem with the bank: which question (by position) or level, and what.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BankError {
    /// Position of the question in [`QuestionBank::questions`], if the problem is with one question.
    pub row: Option<usize>,
    /// The level concerned (the question's level, or the empty level).
    pub level: Level,
    pub problem: BankProblem,
}

impl BankError {
    /// The placeholders of the message: `level` (a translation key), `row` (1-based) and `max`.
    pub fn args(&self) -> Vec<(&'static str, ReasonArg)> {
        let mut args = vec![
            ("level", ReasonArg::Label(self.level.label_key().to_owned())),
            ("max", ReasonArg::Number(MAX_QUESTION_CHARS as i64)),
        ];
        if let Some(row) = self.row {
            args.push(("row", ReasonArg::Number(row as i64 + 1)));
        }
        args
    }
}

impl QuestionBank {
    /// The shipped questions for a small B2B seller, in English and Persian.
    pub fn default_bank() -> QuestionBank {
        serde_json::from_str(include_str!("../../../data/default_question_bank.json"))
            .expect("the default question bank is valid JSON (tested)")
    }

    /// A bank read from saved JSON; fields added since it was saved take their defaults.
    pub fn from_json(json: &str) -> Result<QuestionBank, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// The bank as JSON, for saving.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a question bank always serialises")
    }

    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// The questions of one level, in bank order.
    pub fn level(&self, level: Level) -> impl Iterator<Item = &Question> {
        self.questions.iter().filter(move |q| q.level == level)
    }

    /// Every problem with the bank, in question order, then empty levels in level order.
    pub fn validate(&self) -> Result<(), Vec<BankError>> {
        let mut errors = Vec::new();
        for (row, q) in self.questions.iter().enumerate() {
            let mut push = |problem| {
                errors.push(BankError {
                    row: Some(row),
                    level: q.level,
                    problem,
                })
            };
            if q.id.trim().is_empty() {
                push(BankProblem::EmptyId);
            } else if self.questions[..row]
                .iter()
                .any(|earlier| earlier.id == q.id)
            {
                push(BankProblem::DuplicateId);
            }
            if q.text.is_blank() {
                push(BankProblem::EmptyText);
            } else if q.text.en.trim().chars().count() > MAX_QUESTION_CHARS
                || q.text.fa.trim().chars().count() > MAX_QUESTION_CHARS
            {
                push(BankProblem::TextTooLong);
            }
        }
        for level in Level::ALL {
            if self.level(level).next().is_none() {
                errors.push(BankError {
                    row: None,
                    level,
                    problem: BankProblem::LevelWithoutQuestion,
                });
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Adds a question at the end of its level and returns its new id (`custom_<n>`, never reused
    /// while the bank holds it). Nothing changes if the result would not validate.
    pub fn add(
        &mut self,
        level: Level,
        text: LocalText,
        required: bool,
    ) -> Result<QuestionId, Vec<BankError>> {
        let id = (1..)
            .map(|n| format!("custom_{n}"))
            .find(|id| self.question(id).is_none())
            .expect("some custom id is free");
        let at = self
            .questions
            .iter()
            .rposition(|q| q.level == level)
            .map_or(self.questions.len(), |i| i + 1);
        let question = Question {
            id: id.clone(),
            level,
            text,
            required,
        };
        self.edit(|questions| questions.insert(at, question))
            .map(|()| id)
    }

    /// Changes a question's wording; its id, and so its answers, stay.
    pub fn reword(&mut self, id: &str, text: LocalText) -> Result<(), Vec<BankError>> {
        let row = self.row_of(id)?;
        self.edit(|questions| questions[row].text = text)
    }

    /// Removes a question. Answers stored under its id are kept but no longer count.
    pub fn remove(&mut self, id: &str) -> Result<(), Vec<BankError>> {
        let row = self.row_of(id)?;
        self.edit(|questions| {
            questions.remove(row);
        })
    }

    /// Marks a question as deciding its level (or not).
    pub fn set_required(&mut self, id: &str, required: bool) -> Result<(), Vec<BankError>> {
        let row = self.row_of(id)?;
        self.edit(|questions| questions[row].required = required)
    }

    fn row_of(&self, id: &str) -> Result<usize, Vec<BankError>> {
        self.questions
            .iter()
            .position(|q| q.id == id)
            .ok_or_else(|| {
                vec![BankError {
                    row: None,
                    level: Level::Organization,
                    problem: BankProblem::UnknownQuestion,
                }]
            })
    }

    /// Applies `change` to a copy and keeps it only if the copy validates.
    fn edit(&mut self, change: impl FnOnce(&mut Vec<Question>)) -> Result<(), Vec<BankError>> {
        let mut edited = self.clone();
        change(&mut edited.questions);
        edited.validate()?;
        *self = edited;
        Ok(())
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn problems(bank: &QuestionBank) -> Vec<(Option<usize>, BankProblem)> {
        bank.validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.row, e.problem))
            .collect()
    }

    #[test]
    fn default_bank_parses_validates_and_covers_the_issue_questions() {
        let bank = QuestionBank::default_bank();
        assert_eq!(bank.validate(), Ok(()));
        let count = |level| bank.level(level).count();
        assert_eq!(
            (
                count(Level::Organization),
                count(Level::Opportunity),
                count(Level::Stakeholder)
            ),
            (2, 3, 3)
        );
        for q in &bank.questions {
            assert!(
                !q.text.en.trim().is_empty() && !q.text.fa.trim().is_empty(),
                "{} lacks a language",
                q.id
            );
        }
        for level in Level::ALL {
            assert!(
                bank.level(level).any(|q| q.required),
                "{level:?} has no required question"
            );
        }
    }

    #[test]
    fn default_bank_file_has_every_field_so_no_default_recurses() {
        let file: serde_json::Value =
            serde_json::from_str(include_str!("../../../data/default_question_bank.json")).unwrap();
        let round: serde_json::Value =
            serde_json::from_str(&QuestionBank::default_bank().to_json()).unwrap();
        assert_eq!(file, round);
    }

    #[test]
    fn old_bank_missing_fields_loads_with_defaults() {
        let bank =
            QuestionBank::from_json(r#"{"questions":[{"id":"a","text":{"en":"In Tehran?"}}]}"#)
                .unwrap();
        assert_eq!(bank.questions[0].level, Level::Organization);
        assert!(!bank.questions[0].required);
        assert_eq!(bank.questions[0].text.fa, "");
        assert_eq!(
            QuestionBank::from_json("{}").unwrap(),
            QuestionBank::default_bank()
        );
    }

    #[test]
    fn each_problem_is_reported_with_its_row() {
        let mut bank = QuestionBank::default_bank();
        bank.questions[1].id = bank.questions[0].id.clone();
        bank.questions[2].text = LocalText::new("  ", "");
        bank.questions[3].id = " ".into();
        bank.questions[4].text.fa = "x".repeat(MAX_QUESTION_CHARS + 1);
        bank.questions.retain(|q| q.level != Level::Stakeholder);
        assert_eq!(
            problems(&bank),
            [
                (Some(1), BankProblem::DuplicateId),
                (Some(2), BankProblem::EmptyText),
                (Some(3), BankProblem::EmptyId),
                (Some(4), BankProblem::TextTooLong),
                (None, BankProblem::LevelWithoutQuestion),
            ]
        );
    }

    #[test]
    fn edits_apply_only_when_the_result_is_valid() {
        let mut bank = QuestionBank::default_bank();
        let id = bank
            .add(
                Level::Organization,
                LocalText::new("Pays on time?", "خوش‌حساب است؟"),
                true,
            )
            .unwrap();
        assert_eq!(id, "custom_1");
        // Added at the end of its level, not of the bank.
        assert_eq!(bank.questions[2].id, "custom_1");
        assert_eq!(
            bank.add(Level::Opportunity, LocalText::default(), false)
                .unwrap_err()[0]
                .problem,
            BankProblem::EmptyText
        );
        bank.reword(&id, LocalText::new("Pays within 30 days?", ""))
            .unwrap();
        assert_eq!(
            bank.question(&id).unwrap().text.get("fa"),
            "Pays within 30 days?"
        );
        bank.set_required(&id, false).unwrap();
        assert!(!bank.question(&id).unwrap().required);
        bank.remove(&id).unwrap();
        assert!(bank.question(&id).is_none());
        assert_eq!(
            bank.remove("nope").unwrap_err()[0].problem,
            BankProblem::UnknownQuestion
        );

        let before = bank.clone();
        let org: Vec<_> = bank
            .level(Level::Organization)
            .map(|q| q.id.clone())
            .collect();
        bank.remove(&org[0]).unwrap();
        let err = bank.remove(&org[1]).unwrap_err();
        assert_eq!(err[0].problem, BankProblem::LevelWithoutQuestion);
        assert_eq!(err[0].level, Level::Organization);
        assert_eq!(
            bank.questions.len(),
            before.questions.len() - 1,
            "a refused edit changes nothing"
        );
    }
}
