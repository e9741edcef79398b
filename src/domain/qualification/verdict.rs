//! Verdicts: what each level's answers add up to, and whether the lead is qualified.
//!
//! The rule, per level:
//! - the level's *deciding* questions are its required ones; a level with no required question is
//!   decided by all of its questions (so it cannot pass without a single answer);
//! - **Fail** if any deciding question is answered No (the first such, in bank order, is the reason);
//! - **Pass** if every deciding question is answered Yes;
//! - **Unknown** otherwise (something is still unanswered).
//!
//! An optional question answered No is recorded but does not fail its level. Overall: **Pass**
//! (qualified) only when all three levels pass, **Fail** (disqualified) when any level fails,
//! **Unknown** otherwise. BANT does not enter the verdict; it feeds scoring and the Lost queue.

use super::{Answer, Level, Qualification, QuestionBank, QuestionId};

/// The outcome of a level, or of the whole qualification.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Verdict {
    #[default]
    Unknown,
    Pass,
    Fail,
}

impl Verdict {
    /// Every verdict.
    pub const ALL: [Verdict; 3] = [Verdict::Unknown, Verdict::Pass, Verdict::Fail];

    /// Stable snake_case key.
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Unknown => "unknown",
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
        }
    }

    /// Translation key of a level's verdict ("Passed", "Failed", "Not decided").
    pub fn label_key(self) -> &'static str {
        match self {
            Verdict::Unknown => "qualification.verdict_unknown",
            Verdict::Pass => "qualification.verdict_pass",
            Verdict::Fail => "qualification.verdict_fail",
        }
    }

    /// Translation key of the overall verdict ("Qualified", "Disqualified", "Not yet qualified").
    pub fn overall_label_key(self) -> &'static str {
        match self {
            Verdict::Unknown => "qualification.overall_unknown",
            Verdict::Pass => "qualification.overall_pass",
            Verdict::Fail => "qualification.overall_fail",
        }
    }
}

/// One level's verdict and what decided it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LevelVerdict {
    pub level: Level,
    pub verdict: Verdict,
    /// The first deciding question answered No, when the level fails.
    pub failing: Option<QuestionId>,
    /// Deciding questions not yet answered Yes or No.
    pub unanswered: usize,
}

/// The verdict of every level and overall.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QualificationVerdict {
    /// In [`Level::ALL`] order.
    pub levels: [LevelVerdict; 3],
    pub overall: Verdict,
}

impl QualificationVerdict {
    /// Whether all three levels pass.
    pub fn is_qualified(&self) -> bool {
        self.overall == Verdict::Pass
    }

    /// The first failing level, in level order.
    pub fn first_failure(&self) -> Option<&LevelVerdict> {
        self.levels.iter().find(|l| l.verdict == Verdict::Fail)
    }

    /// The verdict of one level.
    pub fn level(&self, level: Level) -> &LevelVerdict {
        &self.levels[level.index()]
    }
}

/// One level's verdict from the answers (see the module doc for the rule).
pub fn level_verdict(
    bank: &QuestionBank,
    qualification: &Qualification,
    level: Level,
) -> LevelVerdict {
    let any_required = bank.level(level).any(|q| q.required);
    let mut failing = None;
    let mut unanswered = 0;
    let mut deciding = 0;
    for q in bank.level(level).filter(|q| q.required || !any_required) {
        deciding += 1;
        match qualification.answer(&q.id) {
            Answer::Yes => {}
            Answer::No => {
                failing.get_or_insert_with(|| q.id.clone());
            }
            Answer::Unknown => unanswered += 1,
        }
    }
    let verdict = if failing.is_some() {
        Verdict::Fail
    } else if unanswered == 0 && deciding > 0 {
        Verdict::Pass
    } else {
        Verdict::Unknown
    };
    LevelVerdict {
        level,
        verdict,
        failing,
        unanswered,
    }
}

/// Every level's verdict and the overall one.
pub fn evaluate(bank: &QuestionBank, qualification: &Qualification) -> QualificationVerdict {
    let levels = Level::ALL.map(|level| level_verdict(bank, qualification, level));
    let overall = if levels.iter().any(|l| l.verdict == Verdict::Fail) {
        Verdict::Fail
    } else if levels.iter().all(|l| l.verdict == Verdict::Pass) {
        Verdict::Pass
    } else {
        Verdict::Unknown
    };
    QualificationVerdict { levels, overall }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::qualification::{LocalText, Question};

    fn bank() -> QuestionBank {
        let q = |id: &str, level, required| Question {
            id: id.into(),
            level,
            text: LocalText::new(id, id),
            required,
        };
        QuestionBank {
            questions: vec![
                q("o1", Level::Organization, true),
                q("o2", Level::Organization, false),
                q("p1", Level::Opportunity, false),
                q("p2", Level::Opportunity, false),
                q("s1", Level::Stakeholder, true),
                q("s2", Level::Stakeholder, true),
            ],
        }
    }

    fn answers(pairs: &[(&str, Answer)]) -> Qualification {
        let mut q = Qualification::new(1);
        for (id, a) in pairs {
            q.set_answer(id, *a, "");
        }
        q
    }

    /// The verdict table: (answers, organization, opportunity, stakeholder, overall).
    #[test]
    fn verdict_table() {
        use Answer::{No, Unknown, Yes};
        use Verdict::{Fail, Pass, Unknown as U};
        type Case<'a> = (&'a [(&'a str, Answer)], [Verdict; 3], Verdict);
        let cases: &[Case] = &[
            (&[], [U, U, U], U),
            // Optional o2 answered No does not fail Organization.
            (&[("o1", Yes), ("o2", No)], [Pass, U, U], U),
            // Opportunity has no required question, so both decide it.
            (&[("p1", Yes)], [U, U, U], U),
            (&[("p1", Yes), ("p2", Yes)], [U, Pass, U], U),
            (&[("p1", Unknown), ("p2", No)], [U, Fail, U], Fail),
            (&[("s1", Yes), ("s2", No)], [U, U, Fail], Fail),
            (
                &[
                    ("o1", Yes),
                    ("p1", Yes),
                    ("p2", Yes),
                    ("s1", Yes),
                    ("s2", Yes),
                ],
                [Pass, Pass, Pass],
                Pass,
            ),
            (
                &[
                    ("o1", No),
                    ("p1", Yes),
                    ("p2", Yes),
                    ("s1", Yes),
                    ("s2", Yes),
                ],
                [Fail, Pass, Pass],
                Fail,
            ),
        ];
        for (pairs, levels, overall) in cases {
            let v = evaluate(&bank(), &answers(pairs));
            assert_eq!(v.levels.each_ref().map(|l| l.verdict), *levels, "{pairs:?}");
            assert_eq!(v.overall, *overall, "{pairs:?}");
        }
    }

    #[test]
    fn the_first_deciding_no_is_the_reason_and_unanswered_are_counted() {
        let v = evaluate(&bank(), &answers(&[("s2", Answer::No), ("s1", Answer::No)]));
        assert_eq!(v.level(Level::Stakeholder).failing.as_deref(), Some("s1"));
        assert_eq!(v.first_failure().unwrap().level, Level::Stakeholder);
        assert_eq!(v.level(Level::Opportunity).unanswered, 2);
        assert!(!v.is_qualified());
    }

    #[test]
    fn answers_to_removed_questions_do_not_count() {
        let v = evaluate(&bank(), &answers(&[("gone", Answer::No)]));
        assert_eq!(v.overall, Verdict::Unknown);
    }
}
