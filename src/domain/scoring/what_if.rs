//! What-if: before a model edit is saved, how many leads would change grade and which would move
//! most.

use super::compiled::CompiledModel;
use super::grade::Grade;
use super::model::Points;
use super::score::{score_total_at, Clock, ScoreInput};
use crate::domain::{LeadId, Timestamp};

/// One lead's score under the saved and the edited model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mover {
    pub lead_id: LeadId,
    pub old_score: Points,
    pub new_score: Points,
    pub old_grade: Grade,
    pub new_grade: Grade,
}

impl Mover {
    /// New score minus old.
    pub fn delta(&self) -> i64 {
        self.new_score as i64 - self.old_score as i64
    }
}

/// The preview of a model edit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WhatIf {
    /// Leads scored (soft-deleted leads are left out).
    pub leads: usize,
    /// Leads whose grade would change.
    pub changed_grade_count: usize,
    /// Leads whose score would change.
    pub changed_score_count: usize,
    /// The leads that move most: largest |Δ| first, then by id; none with Δ = 0.
    pub movers: Vec<Mover>,
}

/// Scores every lead under `old` and `new` and keeps the `top` biggest movers.
pub fn what_if<'a>(
    inputs: impl IntoIterator<Item = ScoreInput<'a>>,
    old: &CompiledModel,
    new: &CompiledModel,
    now: Timestamp,
    top: usize,
) -> WhatIf {
    let mut result = WhatIf::default();
    let mut movers = Vec::new();
    let clock = Clock::new(now);
    for input in inputs.into_iter().filter(|i| !i.is_deleted()) {
        result.leads += 1;
        let (old_score, new_score) = (
            score_total_at(input, old, clock),
            score_total_at(input, new, clock),
        );
        let (old_grade, new_grade) = (
            old.thresholds.grade(old_score),
            new.thresholds.grade(new_score),
        );
        result.changed_grade_count += usize::from(old_grade != new_grade);
        if old_score != new_score {
            result.changed_score_count += 1;
            movers.push(Mover {
                lead_id: input.lead_id(),
                old_score,
                new_score,
                old_grade,
                new_grade,
            });
        }
    }
    let order = |m: &Mover| (std::cmp::Reverse(m.delta().unsigned_abs()), m.lead_id);
    if movers.len() > top {
        movers.select_nth_unstable_by_key(top, order);
        movers.truncate(top);
    }
    movers.sort_unstable_by_key(order);
    result.movers = movers;
    result
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::scoring::model::ScoringModel;
    use crate::domain::test_support::lead;
    use crate::domain::Lead;

    #[test]
    fn counts_grade_changes_and_orders_the_movers() {
        let leads = [
            Lead {
                industry: "software".into(),
                ..lead(1)
            }, // 20 → 50: Cold → Warm
            Lead {
                industry: "retail".into(),
                ..lead(2)
            }, // 10 → 10
            Lead {
                industry: "government".into(),
                ..lead(3)
            }, // −10 → 19: still Cold
            Lead {
                industry: "software".into(),
                deleted_at: Some(1),
                ..lead(4)
            },
            Lead {
                industry: "government".into(),
                ..lead(5)
            }, // same Δ as 3, later id
        ];
        let old = ScoringModel::default_model();
        let mut new = old.clone();
        new.fit.industry[0].points = 50;
        new.fit.industry[8].points = 19;
        let result = what_if(
            leads.iter().map(|l| ScoreInput::new(l, &[])),
            &CompiledModel::new(&old),
            &CompiledModel::new(&new),
            0,
            2,
        );
        assert_eq!(result.leads, 4);
        assert_eq!(result.changed_grade_count, 1);
        assert_eq!(result.changed_score_count, 3);
        let ids: Vec<_> = result
            .movers
            .iter()
            .map(|m| (m.lead_id, m.delta()))
            .collect();
        assert_eq!(ids, [(1, 30), (3, 29)], "largest move first, ties by id");
        let all = what_if(
            leads.iter().map(|l| ScoreInput::new(l, &[])),
            &CompiledModel::new(&old),
            &CompiledModel::new(&new),
            0,
            10,
        );
        assert_eq!(all.movers.len(), 3);
        assert_eq!(
            all.movers[0],
            Mover {
                lead_id: 1,
                old_score: 20,
                new_score: 50,
                old_grade: Grade::Cold,
                new_grade: Grade::Warm
            }
        );
    }
}
