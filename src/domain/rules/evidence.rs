//! What made a rule fire for a lead (the activities and fields that matched), and the fingerprint
//! that lets a dismissal suppress the same evidence but not new evidence.

use serde::{Deserialize, Serialize};

use super::facts::FactField;
use crate::domain::qualification::{Answer, Level, QuestionId};
use crate::domain::scoring::{Points, ReasonArg};
use crate::domain::{ActivityId, ActivityKind, Date, Timestamp};

/// The value of a `customer` field evidence when the lead is a customer by its purchases rather
/// than by a tag.
pub const CUSTOMER_BY_PURCHASE: &str = "purchase";

/// What a quiet spell is measured since.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quiet {
    /// Any activity.
    Activity,
    /// A contact by the seller.
    Contact,
    /// A purchase.
    Purchase,
}

impl Quiet {
    fn code(self) -> u8 {
        match self {
            Quiet::Activity => 1,
            Quiet::Contact => 2,
            Quiet::Purchase => 3,
        }
    }
}

/// One piece of evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Evidence {
    /// An activity that matched (an email sent, an unanswered call, a complaint, an upsell quote).
    Activity {
        id: ActivityId,
        kind: ActivityKind,
        at: Timestamp,
    },
    /// A field and its value (stored form: enum fields by key).
    Field { field: FactField, value: String },
    /// A qualification level failed, on `question` (the first deciding question answered No).
    LevelFailed {
        level: Level,
        question: Option<QuestionId>,
    },
    /// A qualification question's answer.
    Answered {
        question: QuestionId,
        answer: Answer,
    },
    /// Nothing of `of` for `days` days; `last` is the latest one (`None`: never, counted from the
    /// lead's creation).
    Quiet {
        of: Quiet,
        last: Option<Timestamp>,
        days: i64,
    },
    /// The open deal entered its stage at `since`, `days` days ago.
    InStage { since: Timestamp, days: i64 },
    /// The lead's score.
    Score { points: Points },
}

impl Evidence {
    /// Every key [`Evidence::key`] can return, for the translation test.
    pub const KEYS: [&'static str; 11] = [
        "rules.evidence_activity",
        "rules.evidence_field",
        "rules.evidence_level_failed",
        "rules.evidence_level_failed_question",
        "rules.evidence_answered",
        "rules.evidence_quiet_activity",
        "rules.evidence_quiet_contact",
        "rules.evidence_quiet_purchase",
        "rules.evidence_never_purchased",
        "rules.evidence_in_stage",
        "rules.evidence_score",
    ];

    /// Translation key of the evidence's sentence; its placeholders are [`Evidence::args`].
    pub fn key(&self) -> &'static str {
        let i = match self {
            Evidence::Activity { .. } => 0,
            Evidence::Field { .. } => 1,
            Evidence::LevelFailed { question: None, .. } => 2,
            Evidence::LevelFailed { .. } => 3,
            Evidence::Answered { .. } => 4,
            Evidence::Quiet {
                of: Quiet::Activity,
                ..
            } => 5,
            Evidence::Quiet {
                of: Quiet::Contact, ..
            } => 6,
            Evidence::Quiet {
                of: Quiet::Purchase,
                last: Some(_),
                ..
            } => 7,
            Evidence::Quiet {
                of: Quiet::Purchase,
                last: None,
                ..
            } => 8,
            Evidence::InStage { .. } => 9,
            Evidence::Score { .. } => 10,
        };
        Evidence::KEYS[i]
    }

    /// The placeholders of [`Evidence::key`]'s text. `{value}` of a field is shown as stored;
    /// enum fields (source, role, stage, grade, lead type) come as a translation label instead.
    pub fn args(&self) -> Vec<(&'static str, ReasonArg)> {
        match self {
            Evidence::Activity { kind, at, .. } => vec![
                (
                    "activity",
                    ReasonArg::Label(format!("activity.{}", kind.key())),
                ),
                ("at", ReasonArg::Time(*at)),
            ],
            Evidence::Field { field, value } => {
                let value = match field {
                    FactField::Source => ReasonArg::Label(format!("source.{value}")),
                    FactField::DecisionRole | FactField::Authority => {
                        ReasonArg::Label(format!("role.{value}"))
                    }
                    FactField::JourneyStage => ReasonArg::Label(format!("stage.{value}")),
                    FactField::Grade => ReasonArg::Label(format!("grade.{value}")),
                    FactField::LeadType => ReasonArg::Label(format!("lead_type.{value}")),
                    FactField::BudgetExists => {
                        ReasonArg::Label(format!("qualification.answer_{value}"))
                    }
                    FactField::Timeline => value.parse().map_or_else(
                        |_| ReasonArg::Label("rules.timeline_said_next_year".to_owned()),
                        |day| ReasonArg::Date(Date(day)),
                    ),
                    FactField::Customer if value == CUSTOMER_BY_PURCHASE => {
                        ReasonArg::Label("rules.customer_by_purchase".to_owned())
                    }
                    _ => ReasonArg::Text(value.clone()),
                };
                vec![
                    ("field", ReasonArg::Label(field.label_key().to_owned())),
                    ("value", value),
                ]
            }
            Evidence::LevelFailed { level, question } => {
                let mut args = vec![("level", ReasonArg::Label(level.label_key().to_owned()))];
                if let Some(q) = question {
                    args.push(("question", ReasonArg::Question(q.clone())));
                }
                args
            }
            Evidence::Answered { question, answer } => vec![
                ("question", ReasonArg::Question(question.clone())),
                ("answer", ReasonArg::Label(answer.label_key().to_owned())),
            ],
            Evidence::Quiet { last, days, .. } => {
                let mut args = vec![("days", ReasonArg::Number(*days))];
                if let Some(at) = last {
                    args.push(("last", ReasonArg::Time(*at)));
                }
                args
            }
            Evidence::InStage { since, days } => vec![
                ("days", ReasonArg::Number(*days)),
                ("since", ReasonArg::Time(*since)),
            ],
            Evidence::Score { points } => vec![("points", ReasonArg::Number(*points as i64))],
        }
    }

    /// Feeds what identifies this evidence into a fingerprint: the activities, field values,
    /// answers and "since when" — not day counts or the score, which change by themselves.
    fn fingerprint(&self, h: &mut Fnv) {
        match self {
            Evidence::Activity { id, .. } => {
                h.byte(1);
                h.u64(*id);
            }
            Evidence::Field { field, value } => {
                h.byte(2);
                h.str(field.key());
                h.str(value);
            }
            Evidence::LevelFailed { level, question } => {
                h.byte(3);
                h.str(level.key());
                h.str(question.as_deref().unwrap_or(""));
            }
            Evidence::Answered { question, answer } => {
                h.byte(4);
                h.str(question);
                h.str(answer.key());
            }
            Evidence::Quiet { of, last, .. } => {
                h.byte(5);
                h.byte(of.code());
                h.u64(last.map_or(u64::MAX, |t| t as u64));
            }
            Evidence::InStage { since, .. } => {
                h.byte(6);
                h.u64(*since as u64);
            }
            Evidence::Score { .. } => h.byte(7),
        }
    }
}

/// The stable fingerprint of a rule's evidence for a lead: the same rule, lead and evidence give
/// the same key in every run and version (FNV-1a 64, not the std hasher, whose output may change).
pub fn evidence_key(rule_id: &str, lead_id: u64, evidence: &[Evidence]) -> u64 {
    let mut h = Fnv::new();
    h.str(rule_id);
    h.u64(lead_id);
    for e in evidence {
        e.fingerprint(&mut h);
    }
    h.0
}

/// FNV-1a, 64 bits.
pub(crate) struct Fnv(pub(crate) u64);

impl Fnv {
    pub(crate) fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    pub(crate) fn byte(&mut self, b: u8) {
        self.0 = (self.0 ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3);
    }

    pub(crate) fn u64(&mut self, v: u64) {
        v.to_le_bytes().into_iter().for_each(|b| self.byte(b));
    }

    /// A string with its length first, so ("ab","c") and ("a","bc") differ.
    pub(crate) fn str(&mut self, s: &str) {
        self.u64(s.len() as u64);
        s.bytes().for_each(|b| self.byte(b));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn email(id: u64) -> Evidence {
        Evidence::Activity {
            id,
            kind: ActivityKind::EmailSent,
            at: id as i64,
        }
    }

    #[test]
    fn keys_are_golden_and_depend_on_identity_not_counts() {
        // Golden: the key is stored with dismissals, so it must never change between versions.
        assert_eq!(evidence_key("r", 1, &[]), 0xe8e2_7c57_7652_bb03);
        let a = evidence_key("r", 1, &[email(1), email(2)]);
        assert_eq!(a, evidence_key("r", 1, &[email(1), email(2)]));
        assert_ne!(a, evidence_key("r", 1, &[email(1), email(2), email(3)]));
        assert_ne!(a, evidence_key("r", 2, &[email(1), email(2)]));
        assert_ne!(a, evidence_key("s", 1, &[email(1), email(2)]));
        let quiet = |days| Evidence::Quiet {
            of: Quiet::Activity,
            last: Some(7),
            days,
        };
        assert_eq!(
            evidence_key("r", 1, &[quiet(60)]),
            evidence_key("r", 1, &[quiet(61)])
        );
        assert_eq!(
            evidence_key("r", 1, &[Evidence::Score { points: 3 }]),
            evidence_key("r", 1, &[Evidence::Score { points: 9 }])
        );
    }

    #[test]
    fn evidence_round_trips_through_json() {
        let all = vec![
            email(4),
            Evidence::Field {
                field: FactField::Tag,
                value: "anti-brand".into(),
            },
            Evidence::LevelFailed {
                level: Level::Stakeholder,
                question: Some("stk_budget".into()),
            },
            Evidence::Quiet {
                of: Quiet::Purchase,
                last: None,
                days: 400,
            },
        ];
        let json = serde_json::to_string(&all).unwrap();
        assert_eq!(serde_json::from_str::<Vec<Evidence>>(&json).unwrap(), all);
    }
}
