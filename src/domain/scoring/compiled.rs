//! The scoring model prepared for speed: text values folded and hashed, enum-keyed points in
//! arrays, activity kinds mapped to their group, decay factors tabled by age in days. Built once
//! per model change; scoring a lead then allocates nothing.

use super::model::{Band, Points, Recency, ScoringModel, Thresholds};
use super::text_match::ValueTable;
use crate::domain::time::date::MS_PER_DAY;
use crate::domain::{ActivityKind, Currency, DecisionRole, JourneyStage, Money, Timestamp};

/// Number of activity kinds; `kind as usize` indexes per-kind arrays.
pub(crate) const KINDS: usize = ActivityKind::ALL.len();
// Groups keep their kinds as bits of a u32.
const _: () = assert!(KINDS <= 32);
/// Marks a kind that belongs to no group.
pub(crate) const NO_GROUP: u8 = u8::MAX;
/// Oldest age, in days (about 180 years), a weight table reaches; older activities weigh 0.
pub(crate) const MAX_TABLE_DAYS: i32 = 65_536;

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
    /// Employee bands as closed spans (min, max, points).
    pub(crate) employees: Vec<(i64, i64, Points)>,
    /// (currency family, min, max in the family's base unit, points).
    pub(crate) budget: Vec<(CurrencyFamily, i64, i64, Points)>,
    pub(crate) roles: [Option<Points>; DecisionRole::ALL.len()],
    pub(crate) need: [Option<Points>; 4],
    /// Timeline bands (days from today) as closed spans.
    pub(crate) timeline: Vec<(i64, i64, Points)>,
    pub(crate) stages: [Option<Points>; JourneyStage::ALL.len()],
    pub(crate) kind_points: [Points; KINDS],
    pub(crate) kind_weights: KindWeights,
    pub(crate) groups: Vec<CompiledGroup>,
    pub(crate) total_cap: Option<Points>,
    pub(crate) thresholds: Thresholds,
}

/// One engagement group, compiled.
#[derive(Clone, Debug)]
pub(crate) struct CompiledGroup {
    /// Kind indices in the group's row order (first group wins for a repeated kind).
    pub(crate) kinds: Vec<u8>,
    /// The same kinds as bits (`1 << kind`).
    pub(crate) mask: u32,
    pub(crate) cap: Option<Points>,
}

/// The weight of an activity by its kind and age in whole days: a window is 1 inside and 0
/// outside (`age_ms < days × day` is exactly `whole days of age < days`), a half-life
/// `0.5^(age / h)`. Each group's weights are tabled for every age up to [`MAX_TABLE_DAYS`] (a
/// window's length, or 64 half-lives, where the weight is below 2^-64), with a final 0 for all
/// older ages, so the activity loop is one clamp and one lookup, with no branch on the recency.
#[derive(Clone, Debug)]
pub(crate) struct KindWeights {
    /// Every group's table, one after another, after a first table `[0]` for kinds in no group.
    tables: Box<[f64]>,
    /// Per kind: where its group's table starts in `tables`, and the age in days from which its
    /// weight is that table's final 0 (`len - 1`).
    spans: [(usize, i64); KINDS],
}

impl KindWeights {
    fn new() -> KindWeights {
        KindWeights {
            tables: Box::new([0.0]),
            spans: [(0, 0); KINDS],
        }
    }

    /// Gives `kinds` one table for `recency`.
    fn add_group(&mut self, recency: Recency, kinds: &[u8]) {
        let table: Vec<f64> = match recency {
            Recency::Window { days } => (0..days.clamp(0, MAX_TABLE_DAYS))
                .map(|_| 1.0)
                .chain([0.0])
                .collect(),
            Recency::HalfLife { days } if days > 0.0 && days.is_finite() => {
                let len = (days * 64.0).ceil().min(MAX_TABLE_DAYS as f64) as i32;
                (0..len)
                    .map(|d| decay_factor(d as f64, days))
                    .chain([0.0])
                    .collect()
            }
            // Invalid (validation reports it): counts nothing.
            Recency::HalfLife { .. } => vec![0.0],
        };
        let span = (self.tables.len(), table.len() as i64 - 1);
        self.tables = self.tables.iter().copied().chain(table).collect();
        for &k in kinds {
            self.spans[k as usize] = span;
        }
    }

    /// The weight of an activity of kind `kind` (as index) that is `age_days` whole days old
    /// (dated after now: counted as new).
    #[inline(always)]
    pub(crate) fn weight(&self, kind: usize, age_days: i64) -> f64 {
        let (start, last) = self.spans[kind];
        // Written out: `i64::clamp` is not inlined at the size-optimised level the app ships.
        let days = if age_days < 0 {
            0
        } else if age_days > last {
            last
        } else {
            age_days
        };
        self.tables[start + days as usize]
    }
}

/// An activity as engagement scoring reads it, in one `u64`: its day since the epoch in the high
/// 32 bits (two's complement), then its milliseconds into that day (27 bits) and its kind (5 bits).
/// Eight bytes per activity keep a lead's marks in few cache lines, and whole days of age take one
/// subtraction and one shift (see [`MarkClock`]) instead of a 64-bit division per activity (which
/// wasm runtimes do slowly). Days beyond ±[`MAX_MARK_DAY`] (±2.9 million years) saturate, which
/// changes no weight: tables end after [`MAX_TABLE_DAYS`] and an activity dated after now counts
/// as new.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ActivityMark(u64);

/// The largest day, either side of the epoch, a mark holds. Below 2^30 so that the difference of
/// two marks' days, less one, always fits in the 32 bits [`MarkClock::days_since`] reads.
pub(crate) const MAX_MARK_DAY: i64 = (1 << 30) - 1;

/// Packs a time with 5 low bits (a kind, or all ones for now).
#[inline]
fn pack(t: Timestamp, low: u32) -> u64 {
    let day = t.div_euclid(MS_PER_DAY).clamp(-MAX_MARK_DAY, MAX_MARK_DAY) as i32 as u32;
    let ms = t.rem_euclid(MS_PER_DAY) as u32;
    ((day as u64) << 32) | ((ms as u64) << 5) | low as u64
}

// A day has fewer milliseconds than 27 bits hold, and kinds fit in the 5 bits below them.
const _: () = assert!(MS_PER_DAY < 1 << 27 && KINDS <= 32);

impl ActivityMark {
    #[inline]
    pub(crate) fn new(at: Timestamp, kind: ActivityKind) -> ActivityMark {
        ActivityMark(pack(at, kind as u32))
    }

    /// The kind, as an index into per-kind arrays.
    #[inline(always)]
    pub(crate) fn kind(self) -> usize {
        (self.0 & 31) as usize
    }
}

/// `now`, packed as a mark whose kind bits are all ones: its low 32 bits are below a mark's
/// exactly when the mark's time of day is later than now's, so `now − mark` borrows one day
/// exactly when the last day of the age is not yet whole.
#[derive(Clone, Copy, Debug)]
pub(crate) struct MarkClock(u64);

impl MarkClock {
    pub(crate) fn new(now: Timestamp) -> MarkClock {
        MarkClock(pack(now, 31))
    }

    /// `⌊(now − at) / day⌋`: whole days from the mark's time to now, exactly (while both days
    /// are within ±[`MAX_MARK_DAY`]).
    #[inline(always)]
    pub(crate) fn days_since(self, mark: ActivityMark) -> i64 {
        (self.0.wrapping_sub(mark.0) as i64) >> 32
    }
}

/// Closed spans of bands, for comparisons without `Option`s.
fn spans(bands: &[Band]) -> Vec<(i64, i64, Points)> {
    bands
        .iter()
        .map(|b| {
            (
                b.min.unwrap_or(i64::MIN),
                b.max.unwrap_or(i64::MAX),
                b.points,
            )
        })
        .collect()
}

/// Currencies whose amounts compare: rial and toman are one family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CurrencyFamily {
    Rial,
    Usd,
    Eur,
}

/// The family of a currency and how many base units one of it is.
#[inline]
pub(crate) fn family(currency: Currency) -> (CurrencyFamily, i64) {
    match currency {
        Currency::Irr => (CurrencyFamily::Rial, 1),
        Currency::Toman => (CurrencyFamily::Rial, 10),
        Currency::Usd => (CurrencyFamily::Usd, 1),
        Currency::Eur => (CurrencyFamily::Eur, 1),
    }
}

/// An amount in its family's base unit.
#[inline(always)]
pub(crate) fn base_amount(money: Money) -> (CurrencyFamily, i64) {
    let (fam, unit) = family(money.currency);
    (
        fam,
        i64::try_from(money.amount)
            .unwrap_or(i64::MAX)
            .saturating_mul(unit),
    )
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
        let mut kind_weights = KindWeights::new();
        let mut groups = Vec::with_capacity(model.engagement.len());
        for (g, group) in model
            .engagement
            .iter()
            .enumerate()
            .take(NO_GROUP as usize - 1)
        {
            let mut kinds = Vec::new();
            for row in &group.points {
                let k = row.kind as usize;
                if kind_group[k] == NO_GROUP {
                    kind_group[k] = g as u8;
                    kind_points[k] = row.points;
                    kinds.push(k as u8);
                }
            }
            kind_weights.add_group(group.recency, &kinds);
            groups.push(CompiledGroup {
                mask: kinds.iter().fold(0, |mask, &k| mask | 1u32 << k),
                kinds,
                cap: group.cap.map(i32::saturating_abs),
            });
        }

        CompiledModel {
            model: model.clone(),
            industry: ValueTable::new(&fit.industry),
            city: ValueTable::new(&fit.city),
            country: ValueTable::new(&fit.country),
            employees: spans(&fit.employees),
            budget,
            roles,
            need,
            timeline: spans(&fit.timeline),
            stages,
            kind_points,
            kind_weights,
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn days_since_is_exact_at_every_day_boundary() {
        let now = MarkClock::new(20_000 * MS_PER_DAY + 5);
        for day in [0i64, 1, 2, 29, 30, 365, 10_000, MAX_TABLE_DAYS as i64] {
            let at = 20_000 * MS_PER_DAY + 5 - day * MS_PER_DAY;
            for kind in ActivityKind::ALL {
                assert_eq!(now.days_since(ActivityMark::new(at, kind)), day);
                assert_eq!(now.days_since(ActivityMark::new(at + 1, kind)), day - 1);
            }
        }
    }

    #[test]
    fn absurd_dates_weigh_as_their_clamped_age() {
        let now = 20_000 * MS_PER_DAY + 7;
        let last = MAX_TABLE_DAYS as i128;
        for at in [
            i64::MIN,
            i64::MIN / 2,
            -(1 << 50),
            1 << 50,
            i64::MAX / 2,
            i64::MAX,
        ] {
            let exact = (now as i128 - at as i128)
                .div_euclid(MS_PER_DAY as i128)
                .clamp(0, last);
            let mark = ActivityMark::new(at, ActivityKind::Unsubscribed);
            let split = (MarkClock::new(now).days_since(mark) as i128).clamp(0, last);
            assert_eq!(split, exact, "{at}");
        }
    }

    proptest! {
        #[test]
        fn days_since_equals_floor_division(now in -1i64 << 45..1i64 << 45, at in -1i64 << 45..1i64 << 45, kind in 0..KINDS) {
            let mark = ActivityMark::new(at, ActivityKind::ALL[kind]);
            prop_assert_eq!(mark.kind(), kind);
            prop_assert_eq!(MarkClock::new(now).days_since(mark), (now - at).div_euclid(MS_PER_DAY));
        }

        #[test]
        fn days_since_holds_at_the_saturation_limits(now_day in -MAX_MARK_DAY..=MAX_MARK_DAY, at_day in -MAX_MARK_DAY..=MAX_MARK_DAY, now_ms in 0..MS_PER_DAY, at_ms in 0..MS_PER_DAY) {
            let (now, at) = (now_day * MS_PER_DAY + now_ms, at_day * MS_PER_DAY + at_ms);
            let mark = ActivityMark::new(at, ActivityKind::Unsubscribed);
            prop_assert_eq!(MarkClock::new(now).days_since(mark), (now - at).div_euclid(MS_PER_DAY));
        }

        #[test]
        fn window_weights_count_whole_days_inside(days in 0i32..400, age in -MS_PER_DAY..500 * MS_PER_DAY) {
            let mut weights = KindWeights::new();
            weights.add_group(Recency::HalfLife { days: 3.0 }, &[0]);
            weights.add_group(Recency::Window { days }, &[2, 1]);
            let age_days = age.div_euclid(MS_PER_DAY);
            let inside = age.max(0) / MS_PER_DAY < days as i64;
            prop_assert_eq!(weights.weight(1, age_days), if inside { 1.0 } else { 0.0 });
            prop_assert_eq!(weights.weight(2, age_days), weights.weight(1, age_days));
            prop_assert_eq!(weights.weight(0, age_days), if age / MS_PER_DAY < 192 { decay_factor((age.max(0) / MS_PER_DAY) as f64, 3.0) } else { 0.0 });
            prop_assert_eq!(weights.weight(3, age_days), 0.0, "a kind in no group");
        }
    }
}

/// `0.5^(age_days / half_life_days)`.
pub(crate) fn decay_factor(age_days: f64, half_life_days: f64) -> f64 {
    (-(age_days / half_life_days)).exp2()
}
