//! Sales reps and their targets: how much each rep should win per period. Targets are in one
//! currency for the whole team, since a team target is the sum of its reps' and amounts in
//! different currencies cannot be added (see [`totals`](crate::domain::pipeline::totals)).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::period::{Period, PeriodKind};
use crate::domain::validation::MAX_BUDGET;
use crate::domain::Currency;

/// Most characters in a rep's name.
pub const MAX_REP_CHARS: usize = 100;

/// One rep's target for one period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// The rep's name, as in [`SalesTargets::reps`] and deals' `owner`.
    pub rep: String,
    pub period: Period,
    /// Value to win in the period, in [`SalesTargets::currency`].
    pub amount: u64,
}

/// The team's reps and targets, stored as one settings record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesTargets {
    /// The currency every target is in; forecasts compare deals in this currency only.
    pub currency: Currency,
    /// Rep names, in the order the settings list them. A rep is matched to deals by `owner`.
    #[serde(default)]
    pub reps: Vec<String>,
    #[serde(default)]
    pub targets: Vec<Target>,
}

impl Default for SalesTargets {
    fn default() -> SalesTargets {
        SalesTargets {
            currency: Currency::Toman,
            reps: Vec::new(),
            targets: Vec::new(),
        }
    }
}

/// What is wrong with the targets settings; the number is the row (index into `reps` for rep
/// problems, into `targets` for target problems).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TargetProblem {
    /// A rep without a name.
    EmptyRep(usize),
    /// A rep name longer than [`MAX_REP_CHARS`].
    RepTooLong(usize),
    /// A rep listed twice (ignoring case and surrounding space).
    DuplicateRep(usize),
    /// A target for someone not in the reps list.
    UnknownRep(usize),
    /// A second target for the same rep and period.
    DuplicateTarget(usize),
    /// An amount beyond the largest money amount Kariz stores.
    AmountTooLarge(usize),
}

impl TargetProblem {
    /// Translation key of the message.
    pub fn label_key(self) -> &'static str {
        match self {
            TargetProblem::EmptyRep(_) => "target_problem.empty_rep",
            TargetProblem::RepTooLong(_) => "target_problem.rep_too_long",
            TargetProblem::DuplicateRep(_) => "target_problem.duplicate_rep",
            TargetProblem::UnknownRep(_) => "target_problem.unknown_rep",
            TargetProblem::DuplicateTarget(_) => "target_problem.duplicate_target",
            TargetProblem::AmountTooLarge(_) => "target_problem.amount_too_large",
        }
    }
}

impl SalesTargets {
    /// Every problem, reps first, each list in row order; empty means it can be saved.
    pub fn problems(&self) -> Vec<TargetProblem> {
        let mut problems = Vec::new();
        let mut seen = HashSet::new();
        for (i, rep) in self.reps.iter().enumerate() {
            let name = rep.trim();
            if name.is_empty() {
                problems.push(TargetProblem::EmptyRep(i));
            } else if name.chars().count() > MAX_REP_CHARS {
                problems.push(TargetProblem::RepTooLong(i));
            } else if !seen.insert(name.to_lowercase()) {
                problems.push(TargetProblem::DuplicateRep(i));
            }
        }
        let mut periods = HashSet::new();
        for (i, target) in self.targets.iter().enumerate() {
            if !self.has_rep(&target.rep) {
                problems.push(TargetProblem::UnknownRep(i));
            } else if !periods.insert((target.rep.trim().to_lowercase(), target.period)) {
                problems.push(TargetProblem::DuplicateTarget(i));
            }
            if target.amount > MAX_BUDGET {
                problems.push(TargetProblem::AmountTooLarge(i));
            }
        }
        problems
    }

    /// `Ok` if there are no problems, else all of them.
    pub fn validate(&self) -> Result<(), Vec<TargetProblem>> {
        let problems = self.problems();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// Whether `name` is one of the reps (ignoring case and surrounding space).
    pub fn has_rep(&self, name: &str) -> bool {
        let name = name.trim().to_lowercase();
        !name.is_empty() && self.reps.iter().any(|r| r.trim().to_lowercase() == name)
    }

    /// The rep's target for `period`: the one set for exactly that period or, for a quarter
    /// without one, the sum of the targets set for its months (when any is). Targets of the other
    /// calendar never count, since their periods do not line up.
    pub fn target_for(&self, rep: &str, period: Period) -> Option<u64> {
        let rep = rep.trim().to_lowercase();
        let of = |p: Period| {
            self.targets
                .iter()
                .find(|t| t.period == p && t.rep.trim().to_lowercase() == rep)
                .map(|t| t.amount)
        };
        of(period).or_else(|| match period.kind() {
            PeriodKind::Month => None,
            PeriodKind::Quarter => {
                let months: Vec<u64> = period.months().into_iter().filter_map(of).collect();
                (!months.is_empty()).then(|| months.iter().sum())
            }
        })
    }

    /// The team's target for `period`: the sum of its reps' targets, if any rep has one.
    pub fn team_target(&self, period: Period) -> Option<u64> {
        let amounts: Vec<u64> = self
            .reps
            .iter()
            .filter_map(|r| self.target_for(r, period))
            .collect();
        (!amounts.is_empty()).then(|| amounts.iter().sum())
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::forecast::period::CalendarKind;

    fn month(m: u32) -> Period {
        Period::new(CalendarKind::Jalali, PeriodKind::Month, 1405, m).unwrap()
    }

    fn target(rep: &str, period: Period, amount: u64) -> Target {
        Target {
            rep: rep.into(),
            period,
            amount,
        }
    }

    fn settings() -> SalesTargets {
        SalesTargets {
            currency: Currency::Toman,
            reps: vec!["Sara".into(), "Reza".into()],
            targets: vec![
                target("Sara", month(1), 100),
                target("Sara", month(2), 120),
                target("Reza", month(1), 80),
            ],
        }
    }

    #[test]
    fn targets_by_month_add_up_to_quarters_and_the_team() {
        let s = settings();
        let spring = Period::new(CalendarKind::Jalali, PeriodKind::Quarter, 1405, 1).unwrap();
        assert_eq!(s.target_for("Sara", month(1)), Some(100));
        assert_eq!(s.target_for(" sara ", month(2)), Some(120));
        assert_eq!(s.target_for("Sara", month(3)), None);
        // Spring = Farvardin 100 + Ordibehesht 120 (Khordad has none).
        assert_eq!(s.target_for("Sara", spring), Some(220));
        assert_eq!(s.team_target(month(1)), Some(180));
        assert_eq!(s.team_target(spring), Some(300));
        assert_eq!(s.team_target(month(4)), None);
        let gregorian = Period::new(CalendarKind::Gregorian, PeriodKind::Month, 2026, 4).unwrap();
        assert_eq!(s.team_target(gregorian), None);
    }

    #[test]
    fn an_explicit_quarter_target_wins_over_its_months() {
        let mut s = settings();
        let spring = Period::new(CalendarKind::Jalali, PeriodKind::Quarter, 1405, 1).unwrap();
        s.targets.push(target("Sara", spring, 500));
        assert_eq!(s.target_for("Sara", spring), Some(500));
    }

    #[test]
    fn problems_name_their_rows() {
        assert_eq!(settings().validate(), Ok(()));
        let s = SalesTargets {
            currency: Currency::Usd,
            reps: vec!["Sara".into(), " ".into(), "SARA ".into(), "x".repeat(101)],
            targets: vec![
                target("Sara", month(1), 1),
                target("Mina", month(1), 1),
                target("sara", month(1), MAX_BUDGET + 1),
            ],
        };
        assert_eq!(
            s.problems(),
            vec![
                TargetProblem::EmptyRep(1),
                TargetProblem::DuplicateRep(2),
                TargetProblem::RepTooLong(3),
                TargetProblem::UnknownRep(1),
                TargetProblem::DuplicateTarget(2),
                TargetProblem::AmountTooLarge(2),
            ]
        );
    }

    #[test]
    fn settings_survive_json_and_postcard() {
        let s = settings();
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<SalesTargets>(&json).unwrap(), s);
        let bytes = postcard::to_allocvec(&s).unwrap();
        assert_eq!(postcard::from_bytes::<SalesTargets>(&bytes).unwrap(), s);
        assert_eq!(
            serde_json::from_str::<SalesTargets>(r#"{"currency":"Usd"}"#)
                .unwrap()
                .reps
                .len(),
            0
        );
    }
}
