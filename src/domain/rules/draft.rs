//! The rule builder's form as typed (plain strings, so nothing typed is lost when it is refused):
//! which term kinds it offers with which inputs, a rule read into the form for editing, and the
//! form turned back into a [`Rule`] for [`Rule::validate`].
//!
//! The builder edits one group: the rule's terms combined with All or Any. A rule whose condition
//! nests groups (possible only in saved JSON) cannot be read into it ([`DraftProblem::Nested`]).

use std::collections::BTreeMap;

use super::action::Action;
use super::condition::{Condition, Term};
use super::facts::FactField;
use super::rule::Rule;
use crate::domain::qualification::{Answer, LeadType, Level, LocalText, QuestionBank};
use crate::domain::scoring::{Grade, ReasonArg};
use crate::domain::text::digits::normalize_digits;
use crate::domain::ActivityKind;

/// One input of a term in the builder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Param {
    /// "At least" so many (whole number).
    Count,
    /// A number of days (whole number).
    Days,
    /// Score points (whole number).
    Points,
    /// Which lead field a `Field` term tests (a choice).
    Field,
    /// The value a `Field` term compares with (text).
    Value,
    /// The tag a `HasTag` term looks for (text).
    Tag,
    /// A qualification level (a choice).
    Level,
    /// A qualification question (a choice from the bank).
    Question,
    /// An answer to it (a choice).
    Answer,
    /// An activity kind (a choice).
    Activity,
    /// A grade (a choice).
    Grade,
    /// A lead type (a choice).
    LeadType,
}

/// How a [`Param`] is entered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamInput {
    Number,
    Text,
    Choice,
}

/// One option of a choice input: the key stored in the draft and the label to show.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamChoice {
    pub key: String,
    pub label: ReasonArg,
}

impl Param {
    /// Every input, for the translation test.
    pub const ALL: [Param; 12] = [
        Param::Count,
        Param::Days,
        Param::Points,
        Param::Field,
        Param::Value,
        Param::Tag,
        Param::Level,
        Param::Question,
        Param::Answer,
        Param::Activity,
        Param::Grade,
        Param::LeadType,
    ];

    /// The name of the term's part this input fills, as a problem path names it (`at_least`).
    pub fn key(self) -> &'static str {
        match self {
            Param::Count => "at_least",
            Param::Days => "days",
            Param::Points => "points",
            Param::Field => "field",
            Param::Value => "value",
            Param::Tag => "tag",
            Param::Level => "level",
            Param::Question => "question",
            Param::Answer => "answer",
            Param::Activity => "activity",
            Param::Grade => "grade",
            Param::LeadType => "lead_type",
        }
    }

    /// Translation key of the input's label (its accessible name).
    pub fn label_key(self) -> &'static str {
        match self {
            Param::Count => "rules.param_at_least",
            Param::Days => "rules.param_days",
            Param::Points => "rules.param_points",
            Param::Field => "rules.param_field",
            Param::Value => "rules.param_value",
            Param::Tag => "rules.param_tag",
            Param::Level => "rules.param_level",
            Param::Question => "rules.param_question",
            Param::Answer => "rules.param_answer",
            Param::Activity => "rules.param_activity",
            Param::Grade => "rules.param_grade",
            Param::LeadType => "rules.param_lead_type",
        }
    }

    /// How it is entered.
    pub fn input(self) -> ParamInput {
        match self {
            Param::Count | Param::Days | Param::Points => ParamInput::Number,
            Param::Value | Param::Tag => ParamInput::Text,
            _ => ParamInput::Choice,
        }
    }

    /// The options of a choice input (empty for the others), in menu order; questions come from
    /// `bank`.
    pub fn choices(self, bank: &QuestionBank) -> Vec<ParamChoice> {
        let label = |key: &str, label: &str| ParamChoice {
            key: key.to_owned(),
            label: ReasonArg::Label(label.to_owned()),
        };
        match self {
            Param::Field => FactField::ALL
                .into_iter()
                .filter(|f| f.is_lead_field())
                .map(|f| label(f.key(), f.label_key()))
                .collect(),
            Param::Level => Level::ALL
                .into_iter()
                .map(|l| label(l.key(), l.label_key()))
                .collect(),
            Param::Question => bank
                .questions
                .iter()
                .map(|q| ParamChoice {
                    key: q.id.clone(),
                    label: ReasonArg::Local(q.text.clone()),
                })
                .collect(),
            Param::Answer => Answer::ALL
                .into_iter()
                .map(|a| label(a.key(), a.label_key()))
                .collect(),
            Param::Activity => ActivityKind::ALL
                .into_iter()
                .map(|a| label(a.key(), &format!("activity.{}", a.key())))
                .collect(),
            Param::Grade => Grade::ALL
                .into_iter()
                .map(|g| label(g.key(), g.label_key()))
                .collect(),
            Param::LeadType => LeadType::ALL
                .into_iter()
                .map(|t| label(t.key(), t.label_key()))
                .collect(),
            Param::Count | Param::Days | Param::Points | Param::Value | Param::Tag => Vec::new(),
        }
    }
}

/// A term kind the builder offers: its stored key, its name and its inputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TermKind {
    pub key: &'static str,
    /// Translation key of the term's sentence ([`Term::label_key`]); the menu shows it with its
    /// placeholders as "…".
    pub label_key: &'static str,
    pub params: &'static [Param],
}

const fn kind(key: &'static str, label_key: &'static str, params: &'static [Param]) -> TermKind {
    TermKind {
        key,
        label_key,
        params,
    }
}

/// Every term kind the domain evaluates (all of [`Term`] but `Unknown`), in menu order.
pub const TERM_KINDS: [TermKind; 23] = {
    use Param::*;
    [
        kind(
            "emails_without_reply",
            "rules.term_emails_without_reply",
            &[Count],
        ),
        kind(
            "unanswered_calls",
            "rules.term_unanswered_calls",
            &[Count, Days],
        ),
        kind(
            "activities",
            "rules.term_activities",
            &[Activity, Count, Days],
        ),
        kind("complaints", "rules.term_complaints", &[Count, Days]),
        kind("no_activity_for", "rules.term_no_activity_for", &[Days]),
        kind("no_contact_for", "rules.term_no_contact_for", &[Days]),
        kind("in_stage_for", "rules.term_in_stage_for", &[Days]),
        kind("no_purchase_for", "rules.term_no_purchase_for", &[Days]),
        kind(
            "upsell_without_purchase",
            "rules.term_upsell_without_purchase",
            &[Days],
        ),
        kind("score_below", "rules.term_score_below", &[Points]),
        kind("score_at_least", "rules.term_score_at_least", &[Points]),
        kind("grade_is", "rules.term_grade_is", &[Grade]),
        kind("lead_type_is", "rules.term_lead_type_is", &[LeadType]),
        kind("field", "rules.term_field", &[Field, Value]),
        kind("has_tag", "rules.term_has_tag", &[Tag]),
        kind("level_fails", "rules.term_level_fails", &[Level]),
        kind("answered", "rules.term_answered", &[Question, Answer]),
        kind("no_budget", "rules.term_no_budget", &[]),
        kind("not_decision_maker", "rules.term_not_decision_maker", &[]),
        kind(
            "timeline_next_year_or_later",
            "rules.term_timeline_next_year",
            &[],
        ),
        kind("customer", "rules.term_customer", &[]),
        kind("unsubscribed", "rules.term_unsubscribed", &[]),
        kind("anti_brand", "rules.term_anti_brand", &[]),
    ]
};

/// The kind with this key.
pub fn term_kind(key: &str) -> Option<&'static TermKind> {
    TERM_KINDS.iter().find(|k| k.key == key)
}

/// Why the form could not become a rule, or a rule could not be read into the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DraftProblem {
    /// The number at `path` (`condition.all[0].at_least`) is not a whole number.
    NotANumber(String),
    /// The rule's condition nests groups, which the builder cannot show.
    Nested,
}

impl DraftProblem {
    /// Translation key of the message; it may use `{path}`.
    pub fn message_key(&self) -> &'static str {
        match self {
            DraftProblem::NotANumber(_) => "rules.not_a_number",
            DraftProblem::Nested => "rules.nested_not_editable",
        }
    }

    /// The placeholders of [`DraftProblem::message_key`]'s text.
    pub fn args(&self) -> Vec<(&'static str, ReasonArg)> {
        match self {
            DraftProblem::NotANumber(path) => vec![("path", ReasonArg::Text(path.clone()))],
            DraftProblem::Nested => vec![],
        }
    }
}

/// One term as typed: its kind and its inputs' text (choices by key).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TermDraft {
    pub kind: String,
    pub values: BTreeMap<Param, String>,
}

impl TermDraft {
    /// A term of `kind` with `values`.
    pub fn new(kind: &str, values: &[(Param, &str)]) -> TermDraft {
        TermDraft {
            kind: kind.to_owned(),
            values: crate::domain::text::sort::map_of(
                values.iter().map(|(p, v)| (*p, (*v).to_owned())),
            ),
        }
    }

    /// The text of one input ("" when never typed).
    pub fn get(&self, param: Param) -> &str {
        self.values.get(&param).map_or("", String::as_str)
    }

    /// Sets one input's text.
    pub fn set(&mut self, param: Param, value: String) {
        self.values.insert(param, value);
    }

    /// Switches to another kind, keeping what was typed and choosing the first option of every
    /// choice input that has none, so the form shows what will be saved.
    pub fn change_kind(&mut self, kind: &str, bank: &QuestionBank) {
        self.kind = kind.to_owned();
        for param in term_kind(kind).map_or(&[][..], |k| k.params) {
            if param.input() == ParamInput::Choice && self.get(*param).is_empty() {
                if let Some(first) = param.choices(bank).into_iter().next() {
                    self.set(*param, first.key);
                }
            }
        }
    }

    /// The term as typed; `path` names it in the "not a number" problem. An unknown kind is
    /// `Term::Unknown` and an unknown field or question is kept, so validation names them.
    pub fn to_term(&self, path: &str) -> Result<Term, DraftProblem> {
        let n = |param: Param| number(self.get(param), format!("{path}.{}", param.key()));
        let text = |param: Param| self.get(param).trim().to_owned();
        let pick = |param: Param| self.get(param).trim();
        Ok(match self.kind.as_str() {
            "emails_without_reply" => Term::EmailsWithoutReply {
                at_least: n(Param::Count)?,
            },
            "unanswered_calls" => Term::UnansweredCalls {
                at_least: n(Param::Count)?,
                days: n(Param::Days)?,
            },
            "activities" => Term::Activities {
                activity: ActivityKind::ALL
                    .into_iter()
                    .find(|a| a.key() == pick(Param::Activity))
                    .unwrap_or(ActivityKind::ALL[0]),
                at_least: n(Param::Count)?,
                days: n(Param::Days)?,
            },
            "complaints" => Term::Complaints {
                at_least: n(Param::Count)?,
                days: n(Param::Days)?,
            },
            "no_activity_for" => Term::NoActivityFor {
                days: n(Param::Days)?,
            },
            "no_contact_for" => Term::NoContactFor {
                days: n(Param::Days)?,
            },
            "in_stage_for" => Term::InStageFor {
                days: n(Param::Days)?,
            },
            "no_purchase_for" => Term::NoPurchaseFor {
                days: n(Param::Days)?,
            },
            "upsell_without_purchase" => Term::UpsellWithoutPurchase {
                days: n(Param::Days)?,
            },
            "score_below" => Term::ScoreBelow {
                points: clamp_points(n(Param::Points)?),
            },
            "score_at_least" => Term::ScoreAtLeast {
                points: clamp_points(n(Param::Points)?),
            },
            "grade_is" => Term::GradeIs {
                grade: Grade::ALL
                    .into_iter()
                    .find(|g| g.key() == pick(Param::Grade))
                    .unwrap_or(Grade::Cold),
            },
            "lead_type_is" => Term::LeadTypeIs {
                lead_type: LeadType::ALL
                    .into_iter()
                    .find(|t| t.key() == pick(Param::LeadType))
                    .unwrap_or_default(),
            },
            "field" => Term::Field {
                field: text(Param::Field),
                value: text(Param::Value),
            },
            "has_tag" => Term::HasTag {
                tag: text(Param::Tag),
            },
            "level_fails" => Term::LevelFails {
                level: Level::ALL
                    .into_iter()
                    .find(|l| l.key() == pick(Param::Level))
                    .unwrap_or_default(),
            },
            "answered" => Term::Answered {
                question: text(Param::Question),
                answer: Answer::ALL
                    .into_iter()
                    .find(|a| a.key() == pick(Param::Answer))
                    .unwrap_or_default(),
            },
            "no_budget" => Term::NoBudget,
            "not_decision_maker" => Term::NotDecisionMaker,
            "timeline_next_year_or_later" => Term::TimelineNextYearOrLater,
            "customer" => Term::Customer,
            "unsubscribed" => Term::Unsubscribed,
            "anti_brand" => Term::AntiBrand,
            _ => Term::Unknown,
        })
    }

    /// The form's view of a term.
    pub fn of_term(term: &Term) -> TermDraft {
        use Param::*;
        let num = |n: i64| n.to_string();
        let (kind, values): (&str, Vec<(Param, String)>) = match term {
            Term::Field { field, value } => (
                "field",
                vec![(Field, field.clone()), (Value, value.clone())],
            ),
            Term::HasTag { tag } => ("has_tag", vec![(Tag, tag.clone())]),
            Term::NoBudget => ("no_budget", vec![]),
            Term::NotDecisionMaker => ("not_decision_maker", vec![]),
            Term::LevelFails { level } => ("level_fails", vec![(Level, level.key().to_owned())]),
            Term::Answered { question, answer } => (
                "answered",
                vec![
                    (Question, question.clone()),
                    (Answer, answer.key().to_owned()),
                ],
            ),
            Term::TimelineNextYearOrLater => ("timeline_next_year_or_later", vec![]),
            Term::Activities {
                activity,
                at_least,
                days,
            } => (
                "activities",
                vec![
                    (Activity, activity.key().to_owned()),
                    (Count, num(*at_least)),
                    (Days, num(*days)),
                ],
            ),
            Term::EmailsWithoutReply { at_least } => {
                ("emails_without_reply", vec![(Count, num(*at_least))])
            }
            Term::UnansweredCalls { at_least, days } => (
                "unanswered_calls",
                vec![(Count, num(*at_least)), (Days, num(*days))],
            ),
            Term::Complaints { at_least, days } => (
                "complaints",
                vec![(Count, num(*at_least)), (Days, num(*days))],
            ),
            Term::NoActivityFor { days } => ("no_activity_for", vec![(Days, num(*days))]),
            Term::NoContactFor { days } => ("no_contact_for", vec![(Days, num(*days))]),
            Term::InStageFor { days } => ("in_stage_for", vec![(Days, num(*days))]),
            Term::NoPurchaseFor { days } => ("no_purchase_for", vec![(Days, num(*days))]),
            Term::UpsellWithoutPurchase { days } => {
                ("upsell_without_purchase", vec![(Days, num(*days))])
            }
            Term::ScoreAtLeast { points } => {
                ("score_at_least", vec![(Points, num(*points as i64))])
            }
            Term::ScoreBelow { points } => ("score_below", vec![(Points, num(*points as i64))]),
            Term::GradeIs { grade } => ("grade_is", vec![(Grade, grade.key().to_owned())]),
            Term::LeadTypeIs { lead_type } => {
                ("lead_type_is", vec![(LeadType, lead_type.key().to_owned())])
            }
            Term::Customer => ("customer", vec![]),
            Term::Unsubscribed => ("unsubscribed", vec![]),
            Term::AntiBrand => ("anti_brand", vec![]),
            Term::Unknown => ("unknown", vec![]),
        };
        TermDraft {
            kind: kind.to_owned(),
            values: crate::domain::text::sort::map_of(values),
        }
    }
}

/// Points typed beyond what a score can hold still load (validation then says "too large").
fn clamp_points(n: i64) -> i32 {
    n.clamp(i32::MIN as i64, i32::MAX as i64) as i32
}

/// A number input's text (Persian or Latin digits): the number, blank as 0 (which validation
/// refuses where 0 makes no sense), or the problem naming `path`.
fn number(text: &str, path: String) -> Result<i64, DraftProblem> {
    let text = normalize_digits(text.trim()).replace('\u{2212}', "-");
    if text.is_empty() {
        return Ok(0);
    }
    text.parse().map_err(|_| DraftProblem::NotANumber(path))
}

/// The rule form as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleDraft {
    pub name: String,
    /// The action's key ([`Action::key`]).
    pub action: String,
    /// The action's reason (or the follow-up's note).
    pub reason: String,
    /// The follow-up's days or the points to subtract.
    pub action_number: String,
    /// Terms combined with Any (else All).
    pub any: bool,
    pub terms: Vec<TermDraft>,
}

impl Default for RuleDraft {
    fn default() -> RuleDraft {
        RuleDraft {
            name: String::new(),
            action: "flag_cold".into(),
            reason: String::new(),
            action_number: String::new(),
            any: false,
            terms: vec![TermDraft::new(
                "emails_without_reply",
                &[(Param::Count, "5")],
            )],
        }
    }
}

/// The reason (or note) an action carries.
fn action_text(action: &Action) -> Option<&LocalText> {
    match action {
        Action::MoveToNurture { reason }
        | Action::Disqualify { reason }
        | Action::MoveToLost { reason }
        | Action::ReviewRelationship { reason } => Some(reason),
        Action::FollowUp { note, .. } => Some(note),
        Action::FlagCold | Action::SubtractPoints { .. } | Action::ReturnToActive => None,
    }
}

/// Typed text for a name or reason: unchanged from `base` in the editor's language keeps both
/// languages; new or changed text is used for both (as for a new rule).
fn local_text(typed: &str, base: Option<&LocalText>, lang: &str) -> LocalText {
    let typed = typed.trim();
    match base {
        Some(base) if base.get(lang) == typed => base.clone(),
        _ => LocalText::new(typed, typed),
    }
}

impl RuleDraft {
    /// The form filled with a rule, in the editor's language `lang` (`"en"`, `"fa"`).
    pub fn of_rule(rule: &Rule, lang: &str) -> Result<RuleDraft, DraftProblem> {
        let (any, parts): (bool, Vec<&Condition>) = match &rule.condition {
            Condition::All(parts) => (false, parts.iter().collect()),
            Condition::Any(parts) => (true, parts.iter().collect()),
            single @ Condition::Term(_) => (false, vec![single]),
        };
        let terms = parts
            .into_iter()
            .map(|c| match c {
                Condition::Term(t) => Ok(TermDraft::of_term(t)),
                _ => Err(DraftProblem::Nested),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let reason = action_text(&rule.action).map_or(String::new(), |r| r.get(lang).to_owned());
        let action_number = match &rule.action {
            Action::FollowUp { in_days, .. } => in_days.to_string(),
            Action::SubtractPoints { points } => points.to_string(),
            _ => String::new(),
        };
        Ok(RuleDraft {
            name: rule.name.get(lang).to_owned(),
            action: rule.action.key().to_owned(),
            reason,
            action_number,
            any,
            terms,
        })
    }

    /// The rule as typed, with `id`. When editing, `base` is the rule being replaced: it keeps
    /// its on/off and the other language's name and reason unless they were changed. Validate the
    /// result with [`Rule::validate`].
    pub fn to_rule(
        &self,
        id: String,
        base: Option<&Rule>,
        lang: &str,
    ) -> Result<Rule, DraftProblem> {
        let group = if self.any { "any" } else { "all" };
        let terms = self
            .terms
            .iter()
            .enumerate()
            .map(|(i, d)| {
                d.to_term(&format!("condition.{group}[{i}]"))
                    .map(Condition::Term)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let condition = if self.any {
            Condition::Any(terms)
        } else {
            Condition::All(terms)
        };
        let base_reason = base.and_then(|b| action_text(&b.action));
        let reason = local_text(&self.reason, base_reason, lang);
        let action_number = |part: &str| number(&self.action_number, format!("action.{part}"));
        let action = match self.action.as_str() {
            "move_to_nurture" => Action::MoveToNurture { reason },
            "disqualify" => Action::Disqualify { reason },
            "move_to_lost" => Action::MoveToLost { reason },
            "follow_up" => Action::FollowUp {
                in_days: action_number("in_days")?,
                note: reason,
            },
            "subtract_points" => Action::SubtractPoints {
                points: clamp_points(action_number("points")?),
            },
            "review_relationship" => Action::ReviewRelationship { reason },
            "return_to_active" => Action::ReturnToActive,
            _ => Action::FlagCold,
        };
        Ok(Rule {
            id,
            name: local_text(&self.name, base.map(|b| &b.name), lang),
            enabled: base.is_none_or(|b| b.enabled),
            condition,
            action,
        })
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::rules::{RuleProblemKind, RuleSet};

    fn bank() -> QuestionBank {
        QuestionBank::default_bank()
    }

    #[test]
    fn the_builder_offers_every_term_the_domain_knows() {
        let keys: Vec<&str> = TERM_KINDS.iter().map(|k| k.label_key).collect();
        for key in Term::KEYS {
            assert_eq!(
                keys.contains(&key),
                key != "rules.term_unknown",
                "{key} offered?"
            );
        }
        // Each kind, filled with the first option of every choice and 3 for every number and
        // "x" for every text, becomes a term of that kind that validates (or only asks for a
        // known question) and reads back into the same form.
        for kind in TERM_KINDS {
            let mut draft = TermDraft::default();
            for p in kind.params {
                match p.input() {
                    ParamInput::Number => draft.set(*p, "۳".into()),
                    ParamInput::Text => draft.set(*p, "x".into()),
                    ParamInput::Choice => {}
                }
            }
            draft.change_kind(kind.key, &bank());
            let term = draft.to_term("t").unwrap();
            assert_eq!(term.label_key(), kind.label_key, "{}", kind.key);
            let problems = Condition::Term(term.clone()).validate(&bank());
            assert!(problems.is_empty(), "{}: {problems:?}", kind.key);
            let back = TermDraft::of_term(&term);
            assert_eq!(back.kind, kind.key);
            assert_eq!(back.to_term("t").unwrap(), term);
        }
    }

    #[test]
    fn terms_with_choices_carry_what_was_picked() {
        let t = |kind: &str, values: &[(Param, &str)]| TermDraft::new(kind, values).to_term("p");
        assert_eq!(
            t(
                "activities",
                &[
                    (Param::Activity, "demo"),
                    (Param::Count, "2"),
                    (Param::Days, "14")
                ]
            ),
            Ok(Term::Activities {
                activity: ActivityKind::Demo,
                at_least: 2,
                days: 14
            })
        );
        assert_eq!(
            t(
                "field",
                &[(Param::Field, "industry"), (Param::Value, " Software ")]
            ),
            Ok(Term::Field {
                field: "industry".into(),
                value: "Software".into()
            })
        );
        assert_eq!(
            t("level_fails", &[(Param::Level, Level::Stakeholder.key())]),
            Ok(Term::LevelFails {
                level: Level::Stakeholder
            })
        );
        assert_eq!(
            t(
                "answered",
                &[(Param::Question, "opp_challenge"), (Param::Answer, "no")]
            ),
            Ok(Term::Answered {
                question: "opp_challenge".into(),
                answer: Answer::No
            })
        );
        assert_eq!(
            t("grade_is", &[(Param::Grade, "warm")]),
            Ok(Term::GradeIs { grade: Grade::Warm })
        );
        assert_eq!(
            t("lead_type_is", &[(Param::LeadType, "sql")]),
            Ok(Term::LeadTypeIs {
                lead_type: LeadType::Sql
            })
        );
        assert_eq!(
            t("activities", &[(Param::Count, "two")]),
            Err(DraftProblem::NotANumber("p.at_least".into()))
        );
        // A blank tag is kept blank, for validation to name it.
        let tag = t("has_tag", &[(Param::Tag, "  ")]).unwrap();
        assert_eq!(
            Condition::Term(tag)
                .validate(&bank())
                .into_iter()
                .map(|p| p.kind)
                .collect::<Vec<_>>(),
            vec![RuleProblemKind::EmptyValue]
        );
    }

    #[test]
    fn every_default_rule_reads_into_the_form_and_back_unchanged() {
        for rule in RuleSet::default_rules().rules {
            for lang in ["en", "fa"] {
                let draft = RuleDraft::of_rule(&rule, lang).unwrap();
                let back = draft.to_rule(rule.id.clone(), Some(&rule), lang).unwrap();
                // A single term comes back as a group of one; the meaning is the same.
                let same_condition = match (&rule.condition, &back.condition) {
                    (Condition::Term(t), Condition::All(parts)) => {
                        parts == &[Condition::Term(t.clone())]
                    }
                    (a, b) => a == b,
                };
                assert!(same_condition, "{} {lang}", rule.id);
                assert_eq!(back.name, rule.name, "{} {lang}", rule.id);
                assert_eq!(back.action, rule.action, "{} {lang}", rule.id);
                assert_eq!(back.enabled, rule.enabled);
            }
        }
    }

    #[test]
    fn an_edit_changes_what_was_typed_and_keeps_the_rest() {
        let set = RuleSet::default_rules();
        let mut rule = set.get("no_budget").unwrap().clone();
        rule.enabled = false;
        let mut draft = RuleDraft::of_rule(&rule, "en").unwrap();
        assert_eq!(draft.name, "No budget and none expected");
        assert_eq!(draft.action, "disqualify");
        draft.name = "No money".into();
        draft.any = true;
        draft
            .terms
            .push(TermDraft::new("has_tag", &[(Param::Tag, "student")]));
        let edited = draft.to_rule(rule.id.clone(), Some(&rule), "en").unwrap();
        assert_eq!(edited.id, "no_budget");
        assert!(!edited.enabled);
        assert_eq!(edited.name, LocalText::new("No money", "No money"));
        // The reason was not touched: both languages stay.
        assert_eq!(edited.action, rule.action);
        assert_eq!(
            edited.condition,
            Condition::Any(vec![
                Condition::Term(Term::NoBudget),
                Condition::Term(Term::HasTag {
                    tag: "student".into()
                })
            ])
        );
        draft.action_number = "x".into();
        draft.action = "subtract_points".into();
        assert_eq!(
            draft.to_rule(rule.id.clone(), Some(&rule), "en"),
            Err(DraftProblem::NotANumber("action.points".into()))
        );
    }

    #[test]
    fn a_nested_condition_cannot_be_read_into_the_form() {
        let rule = Rule {
            id: "n".into(),
            condition: Condition::All(vec![Condition::Any(vec![Condition::Term(Term::NoBudget)])]),
            ..Rule::default()
        };
        assert_eq!(RuleDraft::of_rule(&rule, "en"), Err(DraftProblem::Nested));
    }
}
