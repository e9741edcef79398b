//! The scoring model prepared for speed: text values folded and hashed, enum-keyed points in
//! arrays, activity kinds mapped to their group, decay factors tabled by age in days. Built once
//! per model change; scoring a lead then allocates nothing.

use super::model::{Band, Points, Recency, ScoringModel, Thresholds};
use super::text_match::ValueTable;
use crate::domain::date::MS_PER_DAY;
use crate::domain::{ActivityKind, Currency, DecisionRole, JourneyStage, Money};

/// Number of activity kinds; `kind as usize` indexes per-kind arrays.
pub(crate) const KINDS: usize = ActivityKind::ALL.len();
/// Marks a kind that belongs to no group.
pub(crate) const NO_GROUP: u8 = u8::MAX;
/// Ages (in days) whose decay factor is tabled; older activities compute theirs.
const DECAY_TABLE_DAYS: usize = 1024;

/// A scoring model ready to score with. Compiles any model, valid or not (the what-if preview
/// scores models still being edited): an invalid part behaves conservatively — a non-positive
/// window or half-life counts nothing, a negative cap counts as its size, a kind in two groups
/// counts in the first. Validate with [`ScoringModel::validate`] before saving.
#[derive(Clone, Debug)]
pub struct CompiledModel {
    pub(crate) model: ScoringModel,
    pub(crate) industry: ValueTable,
    pub(crate) city: ValueTable,
    pub(crate) country: ValueTable,
    pub(crate) employees: Vec<Band>,
    /// (currency family, min, max in the family's base unit, points).
    pub(crate) budget: Vec<(CurrencyFamily, i64, i64, Points)>,
    pub(crate) roles: [Option<Points>; DecisionRole::ALL.len()],
    pub(crate) need: [Option<Points>; 4],
    pub(crate) timeline: Vec<Band>,
    pub(crate) stages: [Option<Points>; JourneyStage::ALL.len()],
    /// Group index per activity kind, or [`NO_GROUP`].
    pub(crate) kind_group: [u8; KINDS],
    pub(crate) kind_points: [Points; KINDS],
    pub(crate) groups: Vec<CompiledGroup>,
    pub(crate) total_cap: Option<Points>,
    pub(crate) thresholds: Thresholds,
}

/// One engagement group, compiled.
#[derive(Clone, Debug)]
pub(crate) struct CompiledGroup {
    /// Kind indices in the group's row order (first group wins for a repeated kind).
    pub(crate) kinds: Vec<u8>,
    pub(crate) recency: CompiledRecency,
    pub(crate) cap: Option<Points>,
}

#[derive(Clone, Debug)]
pub(crate) enum CompiledRecency {
    /// Activities younger than this many milliseconds count.
    Window { ms: i64 },
    /// `table[d]` is the factor for an activity `d` whole days old.
    HalfLife { days: f64, table: Box<[f64]> },
}

/// Currencies whose amounts compare: rial and toman are one family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CurrencyFamily {
    Rial,
    Usd,
    Eur,
}

/// The family of a currency and how many base units one of it is.
pub(crate) fn family(currency: Currency) -> (CurrencyFamily, i64) {
    match currency {
        Currency::Irr => (CurrencyFamily::Rial, 1),
        Currency::Toman => (CurrencyFamily::Rial, 10),
        Currency::Usd => (CurrencyFamily::Usd, 1),
        Currency::Eur => (CurrencyFamily::Eur, 1),
    }
}

/// An amount in its family's base unit.
pub(crate) fn base_amount(money: Money) -> (CurrencyFamily, i64) {
    let (fam, unit) = family(money.currency);
    (fam, i64::try_from(money.amount).unwrap_or(i64::MAX).saturating_mul(unit))
}

impl CompiledModel {
    /// Prepares `model` for scoring.
    pub fn new(model: &ScoringModel) -> CompiledModel {
        let fit = &model.fit;
        let mut roles = [None; DecisionRole::ALL.len()];
        for r in fit.decision_role.iter().rev() {
            roles[r.role as usize] = Some(r.points);
        }
        let mut stages = [None; JourneyStage::ALL.len()];
        for s in fit.journey_stage.iter().rev() {
            stages[s.stage as usize] = Some(s.points);
        }
        let mut need = [None; 4];
        for n in fit.need.iter().rev().filter(|n| n.level <= 3) {
            need[n.level as usize] = Some(n.points);
        }
        let budget = fit
            .budget
            .iter()
            .map(|b| {
                let (fam, unit) = family(b.currency);
                let min = b.min.map_or(i64::MIN, |m| m.saturating_mul(unit));
                let max = b.max.map_or(i64::MAX, |m| m.saturating_mul(unit));
                (fam, min, max, b.points)
            })
            .collect();

        let mut kind_group = [NO_GROUP; KINDS];
        let mut kind_points = [0; KINDS];
        let mut groups = Vec::with_capacity(model.engagement.len());
        for (g, group) in model.engagement.iter().enumerate().take(NO_GROUP as usize) {
            let mut kinds = Vec::new();
            for row in &group.points {
                let k = row.kind as usize;
                if kind_group[k] == NO_GROUP {
                    kind_group[k] = g as u8;
                    kind_points[k] = row.points;
                    kinds.push(k as u8);
                }
            }
            let recency = match group.recency {
                Recency::Window { days } => CompiledRecency::Window { ms: days.max(0) as i64 * MS_PER_DAY },
                Recency::HalfLife { days } if days > 0.0 && days.is_finite() => CompiledRecency::HalfLife {
                    days,
                    table: (0..DECAY_TABLE_DAYS).map(|d| decay_factor(d as f64, days)).collect(),
                },
                Recency::HalfLife { .. } => CompiledRecency::Window { ms: 0 },
            };
            groups.push(CompiledGroup { kinds, recency, cap: group.cap.map(i32::saturating_abs) });
        }

        CompiledModel {
            model: model.clone(),
            industry: ValueTable::new(&fit.industry),
            city: ValueTable::new(&fit.city),
            country: ValueTable::new(&fit.country),
            employees: fit.employees.clone(),
            budget,
            roles,
            need,
            timeline: fit.timeline.clone(),
            stages,
            kind_group,
            kind_points,
            groups,
            total_cap: model.total_cap.map(i32::saturating_abs),
            thresholds: model.thresholds,
        }
    }

    /// The model this was compiled from.
    pub fn model(&self) -> &ScoringModel {
        &self.model
    }

    /// The grade thresholds (and the MQL line).
    pub fn thresholds(&self) -> Thresholds {
        self.thresholds
    }
}

/// `0.5^(age_days / half_life_days)`.
pub(crate) fn decay_factor(age_days: f64, half_life_days: f64) -> f64 {
    (-(age_days / half_life_days)).exp2()
}

impl CompiledRecency {
    /// The weight of an activity `age_ms` old (negative: dated after now, counted as new).
    #[inline]
    pub(crate) fn weight(&self, age_ms: i64) -> f64 {
        match self {
            CompiledRecency::Window { ms } => {
                if age_ms < *ms {
                    1.0
                } else {
                    0.0
                }
            }
            CompiledRecency::HalfLife { days, table } => {
                let age_days = (age_ms.max(0) / MS_PER_DAY) as usize;
                match table.get(age_days) {
                    Some(f) => *f,
                    None => decay_factor(age_days as f64, *days),
                }
            }
        }
    }
}
