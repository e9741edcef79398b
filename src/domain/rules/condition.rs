//! A rule's condition: terms about one lead, combined with All (and) and Any (or), and the check
//! that refuses a condition that could never be evaluated.

use serde::{Deserialize, Serialize};

use super::facts::FactField;
use super::problem::{RuleProblem, RuleProblemKind};
use crate::domain::qualification::LeadType;
use crate::domain::qualification::{Answer, Level, QuestionBank, QuestionId};
use crate::domain::scoring::{Grade, Points, ReasonArg, MAX_POINTS};
use crate::domain::ActivityKind;

/// Most items a count term may ask for, and most days a window or idle span may be: catches a
/// value typed with zeros too many.
pub const MAX_COUNT: i64 = 10_000;
/// Most days in a window or an idle span (about a century).
pub const MAX_DAYS: i64 = 36_500;

/// A tree of terms. Stored as `{"all": [...]}`, `{"any": [...]}` or `{"term": {"kind": ...}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// Every part holds (an empty group is refused by validation).
    All(Vec<Condition>),
    /// At least one part holds.
    Any(Vec<Condition>),
    /// One fact about the lead.
    Term(Term),
}

impl Default for Condition {
    fn default() -> Condition {
        Condition::All(Vec::new())
    }
}

/// One fact about a lead a rule can test. Windows are "the last `days` days": an activity counts
/// when `now − days × 24h < at ≤ now` (an activity exactly `days` days old is outside). "For `days`"
/// terms hold from whole day `days` on (59 days and 23 hours idle is 59 days).
///
/// Counts and days are signed so a negative typed value loads and is refused by validation with
/// the part named, rather than failing to load.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Term {
    /// A lead field equals `value`, ignoring case, spacing and Arabic/Persian letter forms. The
    /// field is a [`FactField`] key of a lead field (`industry`, `source`, `decision_role`, …).
    Field {
        #[serde(default)]
        field: String,
        #[serde(default)]
        value: String,
    },
    /// The lead has the tag (compared like `Field`).
    HasTag {
        #[serde(default)]
        tag: String,
    },
    /// BANT: the rep answered that no budget exists, and no budget amount is known.
    NoBudget,
    /// BANT: the person is an influencer or a user, not the decision maker (Unknown does not count).
    NotDecisionMaker,
    /// A qualification level's verdict is Fail.
    LevelFails {
        #[serde(default)]
        level: Level,
    },
    /// A qualification question has this answer.
    Answered {
        #[serde(default)]
        question: QuestionId,
        #[serde(default)]
        answer: Answer,
    },
    /// BANT timeline: buys next year or later (see `qualification::bant`).
    TimelineNextYearOrLater,
    /// At least `at_least` activities of `kind` in the last `days` days.
    Activities {
        activity: ActivityKind,
        #[serde(default)]
        at_least: i64,
        #[serde(default)]
        days: i64,
    },
    /// At least `at_least` emails sent after the lead's last reply (a reply resets the count).
    EmailsWithoutReply {
        #[serde(default)]
        at_least: i64,
    },
    /// At least `at_least` calls without answer (see `facts::is_unanswered_call`) in the last
    /// `days` days.
    UnansweredCalls {
        #[serde(default)]
        at_least: i64,
        #[serde(default)]
        days: i64,
    },
    /// No activity of any kind for `days` days (counted from the lead's creation if none).
    NoActivityFor {
        #[serde(default)]
        days: i64,
    },
    /// No contact by the seller (`ActivityKind::is_contact`) for `days` days (from creation if none).
    NoContactFor {
        #[serde(default)]
        days: i64,
    },
    /// The lead's open deal has been in its current stage for `days` days or more.
    InStageFor {
        #[serde(default)]
        days: i64,
    },
    /// Score at or above `points`.
    ScoreAtLeast {
        #[serde(default)]
        points: Points,
    },
    /// Score below `points`.
    ScoreBelow {
        #[serde(default)]
        points: Points,
    },
    /// The lead's grade is `grade`.
    GradeIs {
        #[serde(with = "grade_key", default = "grade_key::cold")]
        grade: Grade,
    },
    /// The lead's type is `lead_type`.
    LeadTypeIs {
        #[serde(default)]
        lead_type: LeadType,
    },
    /// The lead is a customer (see `facts::LeadFacts::is_customer`).
    Customer,
    /// At least `at_least` complaints in the last `days` days.
    Complaints {
        #[serde(default)]
        at_least: i64,
        #[serde(default)]
        days: i64,
    },
    /// No purchase in the last `days` days (true as well when the lead never bought).
    NoPurchaseFor {
        #[serde(default)]
        days: i64,
    },
    /// An upsell attempt (a quote sent after a purchase) at least `days` days old that no purchase
    /// has followed.
    UpsellWithoutPurchase {
        #[serde(default)]
        days: i64,
    },
    /// The lead unsubscribed or stopped following (see `facts`).
    Unsubscribed,
    /// The lead is marked anti-brand: disparages us in public (see `facts`).
    AntiBrand,
    /// A term kind this version does not know (from a newer version or a typo); refused by
    /// validation, never true.
    #[serde(other)]
    Unknown,
}

impl Term {
    /// Every translation key [`Term::label_key`] can return, for the translation test.
    pub const KEYS: [&'static str; 24] = [
        "rules.term_field",
        "rules.term_has_tag",
        "rules.term_no_budget",
        "rules.term_not_decision_maker",
        "rules.term_level_fails",
        "rules.term_answered",
        "rules.term_timeline_next_year",
        "rules.term_activities",
        "rules.term_emails_without_reply",
        "rules.term_unanswered_calls",
        "rules.term_no_activity_for",
        "rules.term_no_contact_for",
        "rules.term_in_stage_for",
        "rules.term_score_at_least",
        "rules.term_score_below",
        "rules.term_grade_is",
        "rules.term_lead_type_is",
        "rules.term_customer",
        "rules.term_complaints",
        "rules.term_no_purchase_for",
        "rules.term_upsell_without_purchase",
        "rules.term_unsubscribed",
        "rules.term_anti_brand",
        "rules.term_unknown",
    ];

    /// Translation key of the term's sentence ("5 emails sent with no reply"); its placeholders
    /// are [`Term::args`].
    pub fn label_key(&self) -> &'static str {
        let i = match self {
            Term::Field { .. } => 0,
            Term::HasTag { .. } => 1,
            Term::NoBudget => 2,
            Term::NotDecisionMaker => 3,
            Term::LevelFails { .. } => 4,
            Term::Answered { .. } => 5,
            Term::TimelineNextYearOrLater => 6,
            Term::Activities { .. } => 7,
            Term::EmailsWithoutReply { .. } => 8,
            Term::UnansweredCalls { .. } => 9,
            Term::NoActivityFor { .. } => 10,
            Term::NoContactFor { .. } => 11,
            Term::InStageFor { .. } => 12,
            Term::ScoreAtLeast { .. } => 13,
            Term::ScoreBelow { .. } => 14,
            Term::GradeIs { .. } => 15,
            Term::LeadTypeIs { .. } => 16,
            Term::Customer => 17,
            Term::Complaints { .. } => 18,
            Term::NoPurchaseFor { .. } => 19,
            Term::UpsellWithoutPurchase { .. } => 20,
            Term::Unsubscribed => 21,
            Term::AntiBrand => 22,
            Term::Unknown => 23,
        };
        Term::KEYS[i]
    }

    /// The placeholders of [`Term::label_key`]'s text.
    pub fn args(&self) -> Vec<(&'static str, ReasonArg)> {
        let n = |v: i64| ReasonArg::Number(v);
        match self {
            Term::Field { field, value } => vec![
                (
                    "field",
                    ReasonArg::Label(
                        FactField::from_key(field)
                            .map_or("rules.field_unknown", FactField::label_key)
                            .to_owned(),
                    ),
                ),
                ("value", ReasonArg::Text(value.clone())),
            ],
            Term::HasTag { tag } => vec![("tag", ReasonArg::Text(tag.clone()))],
            Term::LevelFails { level } => {
                vec![("level", ReasonArg::Label(level.label_key().to_owned()))]
            }
            Term::Answered { question, answer } => vec![
                ("question", ReasonArg::Question(question.clone())),
                ("answer", ReasonArg::Label(answer.label_key().to_owned())),
            ],
            Term::Activities {
                activity,
                at_least,
                days,
            } => vec![
                (
                    "activity",
                    ReasonArg::Label(format!("activity.{}", activity.key())),
                ),
                ("count", n(*at_least)),
                ("days", n(*days)),
            ],
            Term::EmailsWithoutReply { at_least } => vec![("count", n(*at_least))],
            Term::UnansweredCalls { at_least, days } | Term::Complaints { at_least, days } => {
                vec![("count", n(*at_least)), ("days", n(*days))]
            }
            Term::NoActivityFor { days }
            | Term::NoContactFor { days }
            | Term::InStageFor { days }
            | Term::NoPurchaseFor { days }
            | Term::UpsellWithoutPurchase { days } => vec![("days", n(*days))],
            Term::ScoreAtLeast { points } | Term::ScoreBelow { points } => {
                vec![("points", n(*points as i64))]
            }
            Term::GradeIs { grade } => {
                vec![("grade", ReasonArg::Label(grade.label_key().to_owned()))]
            }
            Term::LeadTypeIs { lead_type } => {
                vec![(
                    "lead_type",
                    ReasonArg::Label(lead_type.label_key().to_owned()),
                )]
            }
            Term::NoBudget
            | Term::NotDecisionMaker
            | Term::TimelineNextYearOrLater
            | Term::Customer
            | Term::Unsubscribed
            | Term::AntiBrand
            | Term::Unknown => vec![],
        }
    }

    /// Problems that would keep this term from ever being evaluated; `path` names it.
    fn check(&self, path: &str, bank: &QuestionBank, out: &mut Vec<RuleProblem>) {
        let mut problem = |kind| out.push(RuleProblem::new(path, kind));
        let count = |c: i64, problem: &mut dyn FnMut(RuleProblemKind)| {
            if c < 1 {
                problem(RuleProblemKind::CountBelowOne);
            } else if c > MAX_COUNT {
                problem(RuleProblemKind::TooLarge);
            }
        };
        let window = |d: i64, problem: &mut dyn FnMut(RuleProblemKind)| {
            if d < 1 {
                problem(RuleProblemKind::WindowBelowOneDay);
            } else if d > MAX_DAYS {
                problem(RuleProblemKind::TooLarge);
            }
        };
        let span = |d: i64, problem: &mut dyn FnMut(RuleProblemKind)| {
            if d < 0 {
                problem(RuleProblemKind::NegativeDays);
            } else if d > MAX_DAYS {
                problem(RuleProblemKind::TooLarge);
            }
        };
        match self {
            Term::Field { field, value } => {
                if !FactField::from_key(field).is_some_and(FactField::is_lead_field) {
                    problem(RuleProblemKind::UnknownField);
                } else if value.trim().is_empty() {
                    problem(RuleProblemKind::EmptyValue);
                }
            }
            Term::HasTag { tag } => {
                if tag.trim().is_empty() {
                    problem(RuleProblemKind::EmptyValue);
                }
            }
            Term::Answered { question, .. } => {
                if !bank.questions.iter().any(|q| q.id == *question) {
                    problem(RuleProblemKind::UnknownQuestion);
                }
            }
            Term::Activities { at_least, days, .. }
            | Term::UnansweredCalls { at_least, days }
            | Term::Complaints { at_least, days } => {
                count(*at_least, &mut problem);
                window(*days, &mut problem);
            }
            Term::EmailsWithoutReply { at_least } => count(*at_least, &mut problem),
            Term::NoActivityFor { days }
            | Term::NoContactFor { days }
            | Term::InStageFor { days }
            | Term::NoPurchaseFor { days }
            | Term::UpsellWithoutPurchase { days } => span(*days, &mut problem),
            Term::ScoreAtLeast { points } | Term::ScoreBelow { points } => {
                if points.unsigned_abs() > MAX_POINTS.unsigned_abs() * 100 {
                    problem(RuleProblemKind::TooLarge);
                }
            }
            Term::Unknown => problem(RuleProblemKind::UnknownTerm),
            Term::NoBudget
            | Term::NotDecisionMaker
            | Term::LevelFails { .. }
            | Term::TimelineNextYearOrLater
            | Term::GradeIs { .. }
            | Term::LeadTypeIs { .. }
            | Term::Customer
            | Term::Unsubscribed
            | Term::AntiBrand => {}
        }
    }
}

impl Condition {
    /// A single term.
    pub fn term(term: Term) -> Condition {
        Condition::Term(term)
    }

    /// Every problem in the tree, each with the path of its part (`condition.all[1].any[0]`);
    /// `bank` is the question bank `Answered` terms must name a question of.
    pub fn validate(&self, bank: &QuestionBank) -> Vec<RuleProblem> {
        let mut out = Vec::new();
        self.check("condition", bank, &mut out);
        out
    }

    fn check(&self, path: &str, bank: &QuestionBank, out: &mut Vec<RuleProblem>) {
        match self {
            Condition::All(parts) | Condition::Any(parts) => {
                let name = if matches!(self, Condition::All(_)) {
                    "all"
                } else {
                    "any"
                };
                if parts.is_empty() {
                    out.push(RuleProblem::new(path, RuleProblemKind::EmptyGroup));
                }
                for (i, part) in parts.iter().enumerate() {
                    part.check(&format!("{path}.{name}[{i}]"), bank, out);
                }
            }
            Condition::Term(term) => term.check(path, bank, out),
        }
    }

    /// Every term in the tree, depth first.
    pub fn terms(&self) -> Vec<&Term> {
        fn walk<'a>(c: &'a Condition, out: &mut Vec<&'a Term>) {
            match c {
                Condition::All(parts) | Condition::Any(parts) => {
                    parts.iter().for_each(|p| walk(p, out))
                }
                Condition::Term(t) => out.push(t),
            }
        }
        let mut out = Vec::new();
        walk(self, &mut out);
        out
    }
}

/// `Grade` stored by its key (`"cold"`), since the scoring module keeps it free of serde.
mod grade_key {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::domain::scoring::Grade;

    pub fn cold() -> Grade {
        Grade::Cold
    }

    pub fn serialize<S: Serializer>(grade: &Grade, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(grade.key())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Grade, D::Error> {
        let key = String::deserialize(d)?;
        Grade::ALL
            .into_iter()
            .find(|g| g.key() == key)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown grade {key}")))
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn bank() -> QuestionBank {
        QuestionBank::default_bank()
    }

    fn problems(c: &Condition) -> Vec<(String, RuleProblemKind)> {
        c.validate(&bank())
            .into_iter()
            .map(|p| (p.path, p.kind))
            .collect()
    }

    #[test]
    fn every_problem_names_its_part() {
        let c = Condition::All(vec![
            Condition::Term(Term::EmailsWithoutReply { at_least: 5 }),
            Condition::Any(vec![
                Condition::Term(Term::Complaints {
                    at_least: -3,
                    days: 30,
                }),
                Condition::Any(vec![]),
                Condition::Term(Term::Field {
                    field: "shoe_size".into(),
                    value: "42".into(),
                }),
            ]),
            Condition::Term(Term::UnansweredCalls {
                at_least: 5,
                days: 0,
            }),
            Condition::Term(Term::NoActivityFor { days: -1 }),
            Condition::Term(Term::Answered {
                question: "nope".into(),
                answer: Answer::No,
            }),
            Condition::Term(Term::HasTag { tag: " ".into() }),
            Condition::Term(Term::Unknown),
            Condition::Term(Term::Activities {
                activity: ActivityKind::Demo,
                at_least: 1_000_000,
                days: 7,
            }),
        ]);
        use RuleProblemKind::*;
        assert_eq!(
            problems(&c),
            vec![
                ("condition.all[1].any[0]".to_owned(), CountBelowOne),
                ("condition.all[1].any[1]".to_owned(), EmptyGroup),
                ("condition.all[1].any[2]".to_owned(), UnknownField),
                ("condition.all[2]".to_owned(), WindowBelowOneDay),
                ("condition.all[3]".to_owned(), NegativeDays),
                ("condition.all[4]".to_owned(), UnknownQuestion),
                ("condition.all[5]".to_owned(), EmptyValue),
                ("condition.all[6]".to_owned(), UnknownTerm),
                ("condition.all[7]".to_owned(), TooLarge),
            ]
        );
        assert_eq!(
            problems(&Condition::Any(vec![])),
            vec![("condition".to_owned(), EmptyGroup)]
        );
    }

    #[test]
    fn an_unknown_term_kind_loads_and_is_refused() {
        let c: Condition =
            serde_json::from_str(r#"{"all":[{"term":{"kind":"moon_phase","phase":"full"}}]}"#)
                .unwrap();
        assert_eq!(
            problems(&c),
            vec![("condition.all[0]".to_owned(), RuleProblemKind::UnknownTerm)]
        );
    }

    #[test]
    fn terms_round_trip_through_json() {
        let c = Condition::Any(vec![
            Condition::Term(Term::GradeIs { grade: Grade::Warm }),
            Condition::Term(Term::LeadTypeIs {
                lead_type: LeadType::Mql,
            }),
            Condition::Term(Term::Activities {
                activity: ActivityKind::Complaint,
                at_least: 2,
                days: 9,
            }),
        ]);
        let json = serde_json::to_string(&c).unwrap();
        assert!(json.contains(r#""grade":"warm""#), "{json}");
        assert_eq!(serde_json::from_str::<Condition>(&json).unwrap(), c);
        assert!(problems(&c).is_empty());
    }
}
