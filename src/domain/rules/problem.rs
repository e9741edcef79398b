//! Why a rule or a rule set was refused, naming the part that is wrong.

use crate::domain::scoring::ReasonArg;

/// What is wrong with one part of a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuleProblemKind {
    /// An All/Any group with nothing in it.
    EmptyGroup,
    /// A term kind this version does not know.
    UnknownTerm,
    /// A `Field` term names no lead field.
    UnknownField,
    /// An `Answered` term names a question the bank does not have.
    UnknownQuestion,
    /// A field value or tag is blank.
    EmptyValue,
    /// A count below one (zero or negative).
    CountBelowOne,
    /// A window shorter than one day.
    WindowBelowOneDay,
    /// A negative number of days.
    NegativeDays,
    /// A count, number of days or points far beyond sense.
    TooLarge,
    /// Points to subtract must be from 1 to the scoring model's largest weight.
    PointsOutOfRange,
    /// The action needs a reason in at least one language.
    ReasonRequired,
    /// The rule has no name in either language.
    EmptyName,
    /// The rule has no id.
    EmptyId,
    /// Another rule in the set has this id.
    DuplicateId,
}

impl RuleProblemKind {
    /// Every kind, for the translation test.
    pub const ALL: [RuleProblemKind; 14] = [
        RuleProblemKind::EmptyGroup,
        RuleProblemKind::UnknownTerm,
        RuleProblemKind::UnknownField,
        RuleProblemKind::UnknownQuestion,
        RuleProblemKind::EmptyValue,
        RuleProblemKind::CountBelowOne,
        RuleProblemKind::WindowBelowOneDay,
        RuleProblemKind::NegativeDays,
        RuleProblemKind::TooLarge,
        RuleProblemKind::PointsOutOfRange,
        RuleProblemKind::ReasonRequired,
        RuleProblemKind::EmptyName,
        RuleProblemKind::EmptyId,
        RuleProblemKind::DuplicateId,
    ];

    /// Translation key of the message; it may use `{path}` and `{rule}`.
    pub fn message_key(self) -> &'static str {
        match self {
            RuleProblemKind::EmptyGroup => "rules.problem_empty_group",
            RuleProblemKind::UnknownTerm => "rules.problem_unknown_term",
            RuleProblemKind::UnknownField => "rules.problem_unknown_field",
            RuleProblemKind::UnknownQuestion => "rules.problem_unknown_question",
            RuleProblemKind::EmptyValue => "rules.problem_empty_value",
            RuleProblemKind::CountBelowOne => "rules.problem_count_below_one",
            RuleProblemKind::WindowBelowOneDay => "rules.problem_window_below_one_day",
            RuleProblemKind::NegativeDays => "rules.problem_negative_days",
            RuleProblemKind::TooLarge => "rules.problem_too_large",
            RuleProblemKind::PointsOutOfRange => "rules.problem_points_out_of_range",
            RuleProblemKind::ReasonRequired => "rules.problem_reason_required",
            RuleProblemKind::EmptyName => "rules.problem_empty_name",
            RuleProblemKind::EmptyId => "rules.problem_empty_id",
            RuleProblemKind::DuplicateId => "rules.problem_duplicate_id",
        }
    }
}

/// One problem: which part (`path`, e.g. `condition.any[1].all[0]`, `action.reason`, `name`), of
/// which rule (its id, empty while editing a single rule), and what.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RuleProblem {
    pub rule: String,
    pub path: String,
    pub kind: RuleProblemKind,
}

impl RuleProblem {
    /// A problem at `path` of the rule being checked.
    pub fn new(path: &str, kind: RuleProblemKind) -> RuleProblem {
        RuleProblem {
            rule: String::new(),
            path: path.to_owned(),
            kind,
        }
    }

    /// Translation key of the message.
    pub fn message_key(&self) -> &'static str {
        self.kind.message_key()
    }

    /// The placeholders of the message: `{path}` (shown as written) and `{rule}` (the rule id).
    pub fn args(&self) -> Vec<(&'static str, ReasonArg)> {
        vec![
            ("path", ReasonArg::Text(self.path.clone())),
            ("rule", ReasonArg::Text(self.rule.clone())),
        ]
    }
}
