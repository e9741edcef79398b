//! The scoring model the user sees and edits in Settings: fit criteria (who the lead is),
//! engagement groups (what the lead did), caps and grade thresholds. The default ships as data
//! (`data/default_scoring_model.json`).
//!
//! Every field has a serde default taken from the shipped model, so a model saved by an older
//! version loads with today's defaults for whatever it lacks. (The defaults are per field, not
//! per struct: a struct-level default would parse the shipped file while parsing it.)

use serde::{Deserialize, Serialize};

use crate::domain::qualification::LocalText;
use crate::domain::{ActivityKind, Currency, DecisionRole, JourneyStage};

/// Points a criterion adds (or, negative, takes away).
pub type Points = i32;

/// Largest weight, positive or negative, of one criterion row: keeps totals far from overflow and
/// catches a weight typed with one zero too many.
pub const MAX_POINTS: Points = 1_000;

/// The whole model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoringModel {
    /// Format version of the saved model.
    #[serde(default = "defaults::version")]
    pub version: u32,
    #[serde(default = "defaults::fit")]
    pub fit: FitCriteria,
    /// Groups of activity kinds; a kind belongs to at most one group.
    #[serde(default = "defaults::engagement")]
    pub engagement: Vec<EngagementGroup>,
    /// The total is kept within −cap..=cap.
    #[serde(default = "defaults::total_cap")]
    pub total_cap: Option<Points>,
    #[serde(default = "defaults::thresholds")]
    pub thresholds: Thresholds,
}

/// Who the lead is. Each criterion contributes at most one row's points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FitCriteria {
    /// Points per industry; a row lists the spellings it matches ("software", "نرم‌افزار").
    #[serde(default = "defaults::industry")]
    pub industry: Vec<ValuePoints>,
    /// Bands of employee count.
    #[serde(default = "defaults::employees")]
    pub employees: Vec<Band>,
    /// Points per city. A matching city wins over the country, so a location counts once.
    #[serde(default = "defaults::city")]
    pub city: Vec<ValuePoints>,
    /// Points per country, for leads whose city has no row.
    #[serde(default = "defaults::country")]
    pub country: Vec<ValuePoints>,
    /// Points per decision role (BANT's Authority; the qualification override wins over the lead's).
    #[serde(default = "defaults::decision_role")]
    pub decision_role: Vec<RolePoints>,
    /// Bands of budget amount.
    #[serde(default = "defaults::budget")]
    pub budget: Vec<BudgetBand>,
    /// Points per need level 0–3 (from the qualification record).
    #[serde(default = "defaults::need")]
    pub need: Vec<NeedPoints>,
    /// Bands of days from today to the lead's buying date (negative: the date has passed).
    #[serde(default = "defaults::timeline")]
    pub timeline: Vec<Band>,
    /// Points per journey stage.
    #[serde(default = "defaults::journey_stage")]
    pub journey_stage: Vec<StagePoints>,
}

/// Points for a text value (industry, city, country), matched ignoring case, spacing, digit script
/// and Arabic/Persian letter forms.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ValuePoints {
    /// The spellings this row matches.
    pub values: Vec<String>,
    pub points: Points,
}

/// Points for a number in `min..=max`; a missing bound is open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Band {
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub points: Points,
}

impl Band {
    /// Whether `n` is in the band.
    pub fn contains(&self, n: i64) -> bool {
        self.min.is_none_or(|m| n >= m) && self.max.is_none_or(|m| n <= m)
    }
}

/// Points for a budget in `min..=max` of `currency`. Rial and toman bands match budgets in either
/// (a toman is ten rials); other currencies match only their own bands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetBand {
    #[serde(default = "defaults::currency")]
    pub currency: Currency,
    #[serde(default)]
    pub min: Option<i64>,
    #[serde(default)]
    pub max: Option<i64>,
    #[serde(default)]
    pub points: Points,
}

/// Points for a decision role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RolePoints {
    pub role: DecisionRole,
    #[serde(default)]
    pub points: Points,
}

/// Points for a need level (0–3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NeedPoints {
    pub level: u8,
    pub points: Points,
}

/// Points for a journey stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StagePoints {
    pub stage: JourneyStage,
    #[serde(default)]
    pub points: Points,
}

/// A group of activity kinds scored together, with one recency rule and one cap.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EngagementGroup {
    /// Stable id (`web`, `email`, …), so edits and explanations can name the group.
    #[serde(default)]
    pub id: String,
    /// The group's name as the user wrote it.
    #[serde(default)]
    pub name: LocalText,
    #[serde(default = "defaults::recency")]
    pub recency: Recency,
    /// The group's points are kept within −cap..=cap.
    #[serde(default)]
    pub cap: Option<Points>,
    /// Points per activity of each kind.
    #[serde(default)]
    pub points: Vec<KindPoints>,
}

/// Points per activity of one kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindPoints {
    pub kind: ActivityKind,
    #[serde(default)]
    pub points: Points,
}

/// How an engagement group forgets old activities.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Recency {
    /// Only activities of the last `days` days count, each fully.
    Window { days: i32 },
    /// Every activity counts `points × 0.5^(age in whole days / days)`.
    HalfLife { days: f64 },
}

/// Scores that turn into grades, and the MQL line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Hot from this score up.
    #[serde(default = "defaults::hot")]
    pub hot: Points,
    /// Warm from this score up (below Hot); Cold below it.
    #[serde(default = "defaults::warm")]
    pub warm: Points,
    /// MQL from this score up.
    #[serde(default = "defaults::mql")]
    pub mql: Points,
}

impl ScoringModel {
    /// The shipped model for a small Persian B2B seller.
    pub fn default_model() -> ScoringModel {
        serde_json::from_str(include_str!("../../../data/default_scoring_model.json"))
            .expect("the default scoring model is valid JSON (tested)")
    }

    /// A model read from saved JSON; fields added since it was saved take the shipped defaults.
    pub fn from_json(json: &str) -> Result<ScoringModel, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// The model as JSON, for saving.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a scoring model always serialises")
    }
}

impl Default for ScoringModel {
    fn default() -> ScoringModel {
        ScoringModel::default_model()
    }
}

/// Per-field defaults: the shipped model's values. Only called for a field the JSON lacks, and the
/// shipped file has every field (tested), so parsing it never recurses.
mod defaults {
    use super::*;

    fn model() -> ScoringModel {
        ScoringModel::default_model()
    }
    pub fn version() -> u32 {
        1
    }
    pub fn fit() -> FitCriteria {
        model().fit
    }
    pub fn engagement() -> Vec<EngagementGroup> {
        model().engagement
    }
    pub fn total_cap() -> Option<Points> {
        model().total_cap
    }
    pub fn thresholds() -> Thresholds {
        model().thresholds
    }
    pub fn industry() -> Vec<ValuePoints> {
        model().fit.industry
    }
    pub fn employees() -> Vec<Band> {
        model().fit.employees
    }
    pub fn city() -> Vec<ValuePoints> {
        model().fit.city
    }
    pub fn country() -> Vec<ValuePoints> {
        model().fit.country
    }
    pub fn decision_role() -> Vec<RolePoints> {
        model().fit.decision_role
    }
    pub fn budget() -> Vec<BudgetBand> {
        model().fit.budget
    }
    pub fn need() -> Vec<NeedPoints> {
        model().fit.need
    }
    pub fn timeline() -> Vec<Band> {
        model().fit.timeline
    }
    pub fn journey_stage() -> Vec<StagePoints> {
        model().fit.journey_stage
    }
    pub fn hot() -> Points {
        model().thresholds.hot
    }
    pub fn warm() -> Points {
        model().thresholds.warm
    }
    pub fn mql() -> Points {
        model().thresholds.mql
    }
    pub fn currency() -> Currency {
        Currency::Toman
    }
    pub fn recency() -> Recency {
        Recency::Window { days: 30 }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_model_parses_and_validates() {
        let m = ScoringModel::default_model();
        assert_eq!(m.validate(), Ok(()));
        assert_eq!(
            m.thresholds,
            Thresholds {
                hot: 60,
                warm: 30,
                mql: 40
            }
        );
        // Small firms are favoured, 200 and more employees score negatively.
        let employees = |n: i64| {
            m.fit
                .employees
                .iter()
                .find(|b| b.contains(n))
                .map(|b| b.points)
        };
        assert!(employees(20) > employees(120));
        assert!(employees(200).unwrap() < 0 && employees(5_000).unwrap() < 0);
        assert!(m
            .engagement
            .iter()
            .flat_map(|g| &g.points)
            .any(|p| p.kind == ActivityKind::EmailBounced && p.points < 0));
    }

    #[test]
    fn the_shipped_file_has_every_field_so_no_default_recurses() {
        let file: serde_json::Value =
            serde_json::from_str(include_str!("../../../data/default_scoring_model.json")).unwrap();
        let round: serde_json::Value =
            serde_json::from_str(&ScoringModel::default_model().to_json()).unwrap();
        assert_eq!(file, round);
    }

    #[test]
    fn an_old_model_missing_new_fields_loads_with_the_shipped_defaults() {
        let shipped = ScoringModel::default_model();
        assert_eq!(ScoringModel::from_json("{}").unwrap(), shipped);
        let old = ScoringModel::from_json(
            r#"{"fit":{"industry":[{"values":["mining"],"points":7}]},"thresholds":{"hot":80},"total_cap":null}"#,
        )
        .unwrap();
        assert_eq!(
            old.fit.industry,
            vec![ValuePoints {
                values: vec!["mining".into()],
                points: 7
            }]
        );
        assert_eq!(old.fit.employees, shipped.fit.employees);
        assert_eq!(old.engagement, shipped.engagement);
        assert_eq!(
            old.thresholds,
            Thresholds {
                hot: 80,
                ..shipped.thresholds
            }
        );
        assert_eq!(old.total_cap, None, "an explicit null stays: no cap");
        let group: EngagementGroup =
            serde_json::from_str(r#"{"id":"x","points":[{"kind":"Demo"}]}"#).unwrap();
        assert_eq!(group.recency, Recency::Window { days: 30 });
        assert_eq!(
            group.points,
            vec![KindPoints {
                kind: ActivityKind::Demo,
                points: 0
            }]
        );
    }

    #[test]
    fn a_saved_half_life_with_any_fraction_still_loads() {
        let json = ScoringModel::default_model().to_json().replace(
            r#"{"HalfLife":{"days":14.0}}"#,
            r#"{"HalfLife":{"days":7.25}}"#,
        );
        let m = ScoringModel::from_json(&json).unwrap();
        assert_eq!(m.engagement[1].recency, Recency::HalfLife { days: 7.25 });
    }

    #[test]
    fn a_saved_model_round_trips() {
        let mut m = ScoringModel::default_model();
        m.engagement[0].recency = Recency::HalfLife { days: 7.5 };
        assert_eq!(ScoringModel::from_json(&m.to_json()).unwrap(), m);
    }
}
