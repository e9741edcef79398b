//! What applied rule actions do to a lead's score: points taken off, and a Cold flag. Applied
//! before anything ranks or grades a lead, so a lead a rule marked Cold is never treated as Hot.

use super::grade::Grade;
use super::model::{Points, Thresholds};
use super::score::Score;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RuleAdjustment {
    /// Points taken off the score (never below zero).
    pub penalty: Points,
    /// Shown Cold whatever the score, and ranked below every lead not so marked.
    pub cold: bool,
}

impl RuleAdjustment {
    /// The score after the penalty.
    pub fn score(self, raw: Points) -> Points {
        raw.saturating_sub(self.penalty)
    }

    /// Cold when flagged, else the grade of the penalised score.
    pub fn grade(self, raw: Points, thresholds: &Thresholds) -> Grade {
        if self.cold {
            Grade::Cold
        } else {
            thresholds.grade(self.score(raw))
        }
    }

    /// The explained score with the adjustment applied to its total and grade.
    pub fn apply(self, score: Score, thresholds: &Thresholds) -> Score {
        Score {
            grade: self.grade(score.total, thresholds),
            total: self.score(score.total),
            ..score
        }
    }
}
