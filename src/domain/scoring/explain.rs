//! Why a lead scored what it did: one [`Contribution`] per criterion that added or took points,
//! worded by the UI from a translation key and typed arguments, in either language.

use super::model::{Points, Recency};
use crate::domain::qualification::{LocalText, QuestionId};
use crate::domain::{ActivityKind, Date, DecisionRole, JourneyStage, Money, Timestamp};

/// A value to put into a translated template. Typed, so the UI formats numbers, money and dates
/// for the reader's language and calendar.
#[derive(Clone, Debug, PartialEq)]
pub enum ReasonArg {
    /// A whole number (format with the reader's digits).
    Number(i64),
    /// A number with a fraction (a half-life of 7.5 days).
    Decimal(f64),
    /// Text as the user typed it (an industry, a reason); shown verbatim.
    Text(String),
    /// A translation key, to be translated (`activity.site_visit`, `role.decision_maker`).
    Label(String),
    /// Text the user wrote in both languages; pick the reader's.
    Local(LocalText),
    Money(Money),
    Time(Timestamp),
    Date(Date),
    /// A qualification question; show its wording from the question bank.
    Question(QuestionId),
}

/// What a contribution or a model error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Criterion {
    Industry,
    Employees,
    City,
    Country,
    DecisionRole,
    Budget,
    Need,
    Timeline,
    JourneyStage,
    Engagement,
    TotalCap,
    Thresholds,
}

impl Criterion {
    /// Every criterion, in the order Settings shows them.
    pub const ALL: [Criterion; 12] = [
        Criterion::Industry,
        Criterion::Employees,
        Criterion::City,
        Criterion::Country,
        Criterion::DecisionRole,
        Criterion::Budget,
        Criterion::Need,
        Criterion::Timeline,
        Criterion::JourneyStage,
        Criterion::Engagement,
        Criterion::TotalCap,
        Criterion::Thresholds,
    ];

    /// Stable snake_case key.
    pub fn key(self) -> &'static str {
        match self {
            Criterion::Industry => "industry",
            Criterion::Employees => "employees",
            Criterion::City => "city",
            Criterion::Country => "country",
            Criterion::DecisionRole => "decision_role",
            Criterion::Budget => "budget",
            Criterion::Need => "need",
            Criterion::Timeline => "timeline",
            Criterion::JourneyStage => "journey_stage",
            Criterion::Engagement => "engagement",
            Criterion::TotalCap => "total_cap",
            Criterion::Thresholds => "thresholds",
        }
    }

    /// Translation key of the criterion's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Criterion::Industry => "scoring.criterion_industry",
            Criterion::Employees => "scoring.criterion_employees",
            Criterion::City => "scoring.criterion_city",
            Criterion::Country => "scoring.criterion_country",
            Criterion::DecisionRole => "scoring.criterion_decision_role",
            Criterion::Budget => "scoring.criterion_budget",
            Criterion::Need => "scoring.criterion_need",
            Criterion::Timeline => "scoring.criterion_timeline",
            Criterion::JourneyStage => "scoring.criterion_journey_stage",
            Criterion::Engagement => "scoring.criterion_engagement",
            Criterion::TotalCap => "scoring.criterion_total_cap",
            Criterion::Thresholds => "scoring.criterion_thresholds",
        }
    }
}

/// Why points were given, with the facts behind it.
#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    /// The lead's industry, as typed.
    Industry {
        value: String,
    },
    Employees {
        count: u32,
    },
    City {
        value: String,
    },
    Country {
        value: String,
    },
    Role {
        role: DecisionRole,
    },
    Budget {
        amount: Money,
    },
    Need {
        level: u8,
    },
    /// Buying by `date`, `days` from today (negative: passed).
    Timeline {
        date: Date,
        days: i64,
    },
    Stage {
        stage: JourneyStage,
    },
    /// `count` activities of `kind` that count under the group's `recency`.
    Activities {
        group: LocalText,
        kind: ActivityKind,
        count: u32,
        recency: Recency,
    },
    /// The group's points were cut to its cap (the contribution is the cut).
    GroupCap {
        group: LocalText,
        cap: Points,
    },
    /// The total was cut to the total cap (the contribution is the cut).
    TotalCap {
        cap: Points,
    },
}

impl Reason {
    /// Translation key of the reason's template.
    pub fn key(&self) -> &'static str {
        match self {
            Reason::Industry { .. } => "scoring.reason_industry",
            Reason::Employees { .. } => "scoring.reason_employees",
            Reason::City { .. } => "scoring.reason_city",
            Reason::Country { .. } => "scoring.reason_country",
            Reason::Role { .. } => "scoring.reason_role",
            Reason::Budget { .. } => "scoring.reason_budget",
            Reason::Need { .. } => "scoring.reason_need",
            Reason::Timeline { days, .. } if *days < 0 => "scoring.reason_timeline_passed",
            Reason::Timeline { .. } => "scoring.reason_timeline",
            Reason::Stage { .. } => "scoring.reason_stage",
            Reason::Activities {
                recency: Recency::Window { .. },
                ..
            } => "scoring.reason_activities_window",
            Reason::Activities {
                recency: Recency::HalfLife { .. },
                ..
            } => "scoring.reason_activities_decay",
            Reason::GroupCap { .. } => "scoring.reason_group_cap",
            Reason::TotalCap { .. } => "scoring.reason_total_cap",
        }
    }

    /// Every template key, for the translation test.
    pub const KEYS: [&'static str; 14] = [
        "scoring.reason_industry",
        "scoring.reason_employees",
        "scoring.reason_city",
        "scoring.reason_country",
        "scoring.reason_role",
        "scoring.reason_budget",
        "scoring.reason_need",
        "scoring.reason_timeline_passed",
        "scoring.reason_timeline",
        "scoring.reason_stage",
        "scoring.reason_activities_window",
        "scoring.reason_activities_decay",
        "scoring.reason_group_cap",
        "scoring.reason_total_cap",
    ];

    /// The placeholders of [`Reason::key`]'s template.
    pub fn args(&self) -> Vec<(&'static str, ReasonArg)> {
        use ReasonArg::*;
        match self {
            Reason::Industry { value } | Reason::City { value } | Reason::Country { value } => {
                vec![("value", Text(value.clone()))]
            }
            Reason::Employees { count } => vec![("count", Number(*count as i64))],
            Reason::Role { role } => vec![("role", Label(format!("role.{}", role.key())))],
            Reason::Budget { amount } => vec![("amount", Money(*amount))],
            Reason::Need { level } => vec![("level", Number(*level as i64))],
            Reason::Timeline { date, days } => {
                vec![("date", Date(*date)), ("days", Number(days.abs()))]
            }
            Reason::Stage { stage } => vec![("stage", Label(format!("stage.{}", stage.key())))],
            Reason::Activities {
                group,
                kind,
                count,
                recency,
            } => {
                let days = match recency {
                    Recency::Window { days } => Number(*days as i64),
                    Recency::HalfLife { days } => Decimal(*days),
                };
                vec![
                    ("group", Local(group.clone())),
                    ("kind", Label(format!("activity.{}", kind.key()))),
                    ("count", Number(*count as i64)),
                    ("days", days),
                ]
            }
            Reason::GroupCap { group, cap } => vec![
                ("group", Local(group.clone())),
                ("cap", Number(*cap as i64)),
            ],
            Reason::TotalCap { cap } => vec![("cap", Number(*cap as i64))],
        }
    }
}

/// Points one criterion gave a lead, and why. The contributions of a score add up to its total.
#[derive(Clone, Debug, PartialEq)]
pub struct Contribution {
    pub criterion: Criterion,
    pub reason: Reason,
    pub points: Points,
}

/// The `n` contributions that moved the score most (largest |points| first, earlier first on
/// ties), leaving out zeros.
pub fn top_contributions(contributions: &[Contribution], n: usize) -> Vec<Contribution> {
    let mut order: Vec<&Contribution> = contributions.iter().filter(|c| c.points != 0).collect();
    order.sort_by_key(|c| std::cmp::Reverse(c.points.unsigned_abs()));
    order.into_iter().take(n).cloned().collect()
}
