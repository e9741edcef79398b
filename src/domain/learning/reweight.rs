//! Suggested re-weights of the hand-set model: where the learned points for a value the hand-set
//! model also scores (an industry, a city, a country, a decision role, a journey stage) differ
//! clearly from the points set by hand, suggest the learned ones. Each suggestion applies alone.

use super::encoder::ColumnCode;
use super::learned_model::LearnedModel;
use crate::domain::scoring::text_match::fold_value;
use crate::domain::scoring::{Criterion, Points, ScoringModel, ValuePoints, MAX_POINTS};

/// Smallest gap, in points, worth suggesting a change for.
pub const MIN_GAP: Points = 5;

/// One suggested change: row `row` of `criterion` from `current` to `suggested` points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reweight {
    pub criterion: Criterion,
    pub row: usize,
    /// What the row scores, as the hand-set model names it ("software", "decision_maker").
    pub value: String,
    pub current: Points,
    pub suggested: Points,
}

/// Learned points for a value of `column`, matching spellings as the hand-set model does.
fn learned_points(learned: &LearnedModel, column: &str, spelling: &str) -> Option<i32> {
    let encoded = learned.encoder.columns.iter().find(|c| c.name == column)?;
    let ColumnCode::Categorical { values } = &encoded.code else {
        return None;
    };
    let wanted = fold_value(spelling);
    let value = values.iter().find(|v| fold_value(v) == wanted)?;
    learned.points_for_value(column, value)
}

/// Suggestions, in the order of the hand-set model's criteria and rows.
pub fn suggest_reweights(learned: &LearnedModel, model: &ScoringModel) -> Vec<Reweight> {
    let mut out = Vec::new();
    let mut consider = |criterion, row, value: &str, current: Points, learned: Option<i32>| {
        if let Some(points) = learned {
            let suggested = points.clamp(-MAX_POINTS, MAX_POINTS);
            if (suggested - current).abs() >= MIN_GAP {
                out.push(Reweight {
                    criterion,
                    row,
                    value: value.to_string(),
                    current,
                    suggested,
                });
            }
        }
    };
    let text_rows = [
        (Criterion::Industry, "industry", &model.fit.industry),
        (Criterion::City, "city", &model.fit.city),
        (Criterion::Country, "country", &model.fit.country),
    ];
    for (criterion, column, rows) in text_rows {
        for (i, row) in rows.iter().enumerate() {
            let found = row
                .values
                .iter()
                .find_map(|v| learned_points(learned, column, v).map(|p| (v, p)));
            if let Some((value, points)) = found {
                consider(criterion, i, value, row.points, Some(points));
            }
        }
    }
    for (i, row) in model.fit.decision_role.iter().enumerate() {
        let key = row.role.key();
        consider(
            Criterion::DecisionRole,
            i,
            key,
            row.points,
            learned_points(learned, "decision_role", key),
        );
    }
    for (i, row) in model.fit.journey_stage.iter().enumerate() {
        let key = row.stage.key();
        consider(
            Criterion::JourneyStage,
            i,
            key,
            row.points,
            learned_points(learned, "journey_stage", key),
        );
    }
    out
}

/// The model with one suggestion applied; `None` when the row is gone or was edited since the
/// suggestion was made (its points are no longer `current`), so a stale suggestion changes nothing.
pub fn apply_reweight(model: &ScoringModel, reweight: &Reweight) -> Option<ScoringModel> {
    let mut next = model.clone();
    let points: &mut Points = match reweight.criterion {
        Criterion::Industry => value_points(&mut next.fit.industry, reweight.row)?,
        Criterion::City => value_points(&mut next.fit.city, reweight.row)?,
        Criterion::Country => value_points(&mut next.fit.country, reweight.row)?,
        Criterion::DecisionRole => &mut next.fit.decision_role.get_mut(reweight.row)?.points,
        Criterion::JourneyStage => &mut next.fit.journey_stage.get_mut(reweight.row)?.points,
        _ => return None,
    };
    if *points != reweight.current {
        return None;
    }
    *points = reweight.suggested;
    Some(next)
}

fn value_points(rows: &mut [ValuePoints], row: usize) -> Option<&mut Points> {
    rows.get_mut(row).map(|r| &mut r.points)
}
