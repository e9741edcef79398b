//! The scoring model as the user types it in Settings: every number kept as text, so "abc" stays on
//! screen and is reported instead of being lost. [`ModelDraft::to_model`] turns it back into a
//! [`ScoringModel`] with the domain's parsing and validation, naming the input of every problem.

use crate::domain::qualification::LocalText;
use crate::domain::scoring::{
    parse_points, Band, BudgetBand, Criterion, EngagementGroup, KindPoints, ModelError,
    ModelProblem, NeedPoints, Points, ReasonArg, Recency, RolePoints, ScoringModel, StagePoints,
    Thresholds, ValuePoints,
};
use crate::domain::text::digits::normalize_digits;
use crate::domain::text::tenths::{parse_tenths, tenths_text};
use crate::domain::{ActivityKind, Currency, DecisionRole, JourneyStage};

/// Separates the spellings of one value row ("software, نرم‌افزار").
pub const VALUE_SEPARATOR: &str = ", ";

/// A value row (industry, city, country): its spellings and its points, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ValueDraft {
    pub values: String,
    pub points: String,
}

/// A band row (employees, timeline, budget): bounds and points as typed; an empty bound is open.
#[derive(Clone, Debug, PartialEq)]
pub struct BandDraft {
    pub currency: Currency,
    pub min: String,
    pub max: String,
    pub points: String,
}

/// An engagement group: recency, cap and points per activity kind, as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupDraft {
    pub id: String,
    pub name: LocalText,
    pub half_life: bool,
    pub days: String,
    pub cap: String,
    pub points: Vec<(ActivityKind, String)>,
}

/// The whole model as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelDraft {
    pub version: u32,
    pub industry: Vec<ValueDraft>,
    pub city: Vec<ValueDraft>,
    pub country: Vec<ValueDraft>,
    pub employees: Vec<BandDraft>,
    pub timeline: Vec<BandDraft>,
    pub budget: Vec<BandDraft>,
    pub decision_role: Vec<(DecisionRole, String)>,
    pub need: Vec<(u8, String)>,
    pub journey_stage: Vec<(JourneyStage, String)>,
    pub groups: Vec<GroupDraft>,
    pub total_cap: String,
    pub hot: String,
    pub warm: String,
    pub mql: String,
}

/// One input of the scoring form. Value and band criteria are named by their [`Criterion`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Slot {
    Values(Criterion, usize),
    ValuePoints(Criterion, usize),
    BandMin(Criterion, usize),
    BandMax(Criterion, usize),
    BandPoints(Criterion, usize),
    RolePoints(usize),
    NeedPoints(usize),
    StagePoints(usize),
    GroupDays(usize),
    GroupCap(usize),
    KindPoints(usize, usize),
    TotalCap,
    Hot,
    Warm,
    Mql,
}

impl Slot {
    /// The element id of the input.
    pub fn id(self) -> String {
        match self {
            Slot::Values(c, r) => format!("scoring-{}-{r}-values", c.key()),
            Slot::ValuePoints(c, r) => format!("scoring-{}-{r}-points", c.key()),
            Slot::BandMin(c, r) => format!("scoring-{}-{r}-min", c.key()),
            Slot::BandMax(c, r) => format!("scoring-{}-{r}-max", c.key()),
            Slot::BandPoints(c, r) => format!("scoring-{}-{r}-points", c.key()),
            Slot::RolePoints(r) => format!("scoring-role-{r}-points"),
            Slot::NeedPoints(r) => format!("scoring-need-{r}-points"),
            Slot::StagePoints(r) => format!("scoring-stage-{r}-points"),
            Slot::GroupDays(g) => format!("scoring-group-{g}-days"),
            Slot::GroupCap(g) => format!("scoring-group-{g}-cap"),
            Slot::KindPoints(g, r) => format!("scoring-group-{g}-{r}-points"),
            Slot::TotalCap => "scoring-total-cap".into(),
            Slot::Hot => "scoring-hot".into(),
            Slot::Warm => "scoring-warm".into(),
            Slot::Mql => "scoring-mql".into(),
        }
    }

    /// The element id of the messages shown after the input.
    pub fn error_id(self) -> String {
        format!("{}-error", self.id())
    }
}

/// Text that is not the number its input needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypedProblem {
    /// Not a whole number.
    NotAWholeNumber,
    /// Not a number with at most one decimal (a half-life is typed to a tenth of a day).
    NotANumber,
    /// Points beyond the model's limit.
    OutOfRange,
}

impl TypedProblem {
    /// Translation key of the message; templates use `{field}` (the input's label), `{text}`, `{max}`.
    pub fn message_key(self) -> &'static str {
        match self {
            TypedProblem::NotAWholeNumber => "scoring.settings_error_not_whole",
            TypedProblem::NotANumber => "scoring.settings_error_not_number",
            TypedProblem::OutOfRange => "scoring.settings_error_out_of_range",
        }
    }
}

/// What is wrong: typed text that does not parse, or a problem the domain found in the model.
#[derive(Clone, Debug, PartialEq)]
pub enum DraftProblem {
    Typed {
        problem: TypedProblem,
        text: String,
    },
    /// The domain's error with its message's arguments, taken from the model it was found in.
    Model {
        error: ModelError,
        args: Vec<(&'static str, ReasonArg)>,
    },
}

/// One problem, the input its message is shown after, and every input it marks invalid.
#[derive(Clone, Debug, PartialEq)]
pub struct DraftError {
    pub anchor: Slot,
    pub inputs: Vec<Slot>,
    pub problem: DraftProblem,
}

impl DraftError {
    fn typed(slot: Slot, problem: TypedProblem, text: &str) -> DraftError {
        DraftError {
            anchor: slot,
            inputs: vec![slot],
            problem: DraftProblem::Typed {
                problem,
                text: text.trim().to_owned(),
            },
        }
    }

    /// The domain's error, placed at the inputs it is about.
    pub fn from_model(error: ModelError, model: &ScoringModel) -> DraftError {
        let row = error.row.unwrap_or(0);
        let c = error.criterion;
        let inputs = match (c, error.group) {
            (Criterion::Engagement, Some(g)) => match (error.row, error.problem) {
                (Some(r), _) => vec![Slot::KindPoints(g, r)],
                (None, ModelProblem::CapNegative) => vec![Slot::GroupCap(g)],
                (None, _) => vec![Slot::GroupDays(g)],
            },
            (Criterion::Industry | Criterion::City | Criterion::Country, _) => {
                match error.problem {
                    ModelProblem::EmptyValue | ModelProblem::DuplicateValue => {
                        vec![Slot::Values(c, row)]
                    }
                    _ => vec![Slot::ValuePoints(c, row)],
                }
            }
            (Criterion::Employees | Criterion::Timeline | Criterion::Budget, _) => {
                match error.problem {
                    ModelProblem::BandEmpty | ModelProblem::BandsOverlap => {
                        vec![Slot::BandMin(c, row), Slot::BandMax(c, row)]
                    }
                    _ => vec![Slot::BandPoints(c, row)],
                }
            }
            (Criterion::DecisionRole, _) => vec![Slot::RolePoints(row)],
            (Criterion::Need, _) => vec![Slot::NeedPoints(row)],
            (Criterion::JourneyStage, _) => vec![Slot::StagePoints(row)],
            (Criterion::TotalCap, _) => vec![Slot::TotalCap],
            (Criterion::Thresholds, _) => vec![Slot::Warm, Slot::Hot],
            (Criterion::Engagement, None) => vec![Slot::TotalCap],
        };
        DraftError {
            anchor: inputs[0],
            inputs,
            problem: DraftProblem::Model {
                error,
                args: error.args(model),
            },
        }
    }
}

fn points_text(points: Points) -> String {
    points.to_string()
}

fn bound_text(bound: Option<i64>) -> String {
    bound.map(|b| b.to_string()).unwrap_or_default()
}

fn cap_text(cap: Option<Points>) -> String {
    cap.map(points_text).unwrap_or_default()
}

fn value_rows(rows: &[ValuePoints]) -> Vec<ValueDraft> {
    rows.iter()
        .map(|r| ValueDraft {
            values: r.values.join(VALUE_SEPARATOR),
            points: points_text(r.points),
        })
        .collect()
}

fn band_rows(rows: &[Band]) -> Vec<BandDraft> {
    rows.iter()
        .map(|b| BandDraft {
            currency: Currency::Toman,
            min: bound_text(b.min),
            max: bound_text(b.max),
            points: points_text(b.points),
        })
        .collect()
}

/// Collects parse problems while the draft is read.
struct Reader {
    errors: Vec<DraftError>,
}

impl Reader {
    fn points(&mut self, slot: Slot, text: &str) -> Points {
        match parse_points(text) {
            Ok(p) => p,
            Err(ModelProblem::WeightOutOfRange) => {
                self.errors
                    .push(DraftError::typed(slot, TypedProblem::OutOfRange, text));
                0
            }
            Err(_) => {
                self.errors
                    .push(DraftError::typed(slot, TypedProblem::NotAWholeNumber, text));
                0
            }
        }
    }

    /// An optional number: empty means none (an open bound, no cap).
    fn optional<T>(
        &mut self,
        slot: Slot,
        text: &str,
        parse: impl Fn(&mut Reader, Slot, &str) -> T,
    ) -> Option<T> {
        (!text.trim().is_empty()).then(|| parse(self, slot, text))
    }

    fn whole(&mut self, slot: Slot, text: &str) -> i64 {
        match parse_whole(text) {
            Some(n) => n,
            None => {
                self.errors
                    .push(DraftError::typed(slot, TypedProblem::NotAWholeNumber, text));
                0
            }
        }
    }

    /// Days to a tenth (a half-life).
    fn tenths(&mut self, slot: Slot, text: &str) -> f64 {
        match parse_tenths(text) {
            Some(tenths) => tenths as f64 / 10.0,
            None => {
                self.errors
                    .push(DraftError::typed(slot, TypedProblem::NotANumber, text));
                0.0
            }
        }
    }

    fn value_rows(&mut self, rows: &[ValueDraft], c: Criterion) -> Vec<ValuePoints> {
        rows.iter()
            .enumerate()
            .map(|(i, row)| ValuePoints {
                values: split_values(&row.values),
                points: self.points(Slot::ValuePoints(c, i), &row.points),
            })
            .collect()
    }

    fn band_rows(&mut self, rows: &[BandDraft], c: Criterion) -> Vec<BudgetBand> {
        rows.iter()
            .enumerate()
            .map(|(i, b)| BudgetBand {
                currency: b.currency,
                min: self.optional(Slot::BandMin(c, i), &b.min, Reader::whole),
                max: self.optional(Slot::BandMax(c, i), &b.max, Reader::whole),
                points: self.points(Slot::BandPoints(c, i), &b.points),
            })
            .collect()
    }
}

/// A whole number in any digit script, with an optional sign; `None` if it is not one.
pub fn parse_whole(text: &str) -> Option<i64> {
    let text = normalize_digits(text.trim())
        .replace('\u{2212}', "-")
        .replace(',', "");
    text.strip_prefix('+').unwrap_or(&text).parse().ok()
}

/// The spellings of a value row: comma-separated (Latin or Persian comma), blanks dropped.
pub fn split_values(text: &str) -> Vec<String> {
    text.split([',', '،'])
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

impl ModelDraft {
    /// The draft of a saved model.
    pub fn from_model(m: &ScoringModel) -> ModelDraft {
        ModelDraft {
            version: m.version,
            industry: value_rows(&m.fit.industry),
            city: value_rows(&m.fit.city),
            country: value_rows(&m.fit.country),
            employees: band_rows(&m.fit.employees),
            timeline: band_rows(&m.fit.timeline),
            budget: m
                .fit
                .budget
                .iter()
                .map(|b| BandDraft {
                    currency: b.currency,
                    min: bound_text(b.min),
                    max: bound_text(b.max),
                    points: points_text(b.points),
                })
                .collect(),
            decision_role: m
                .fit
                .decision_role
                .iter()
                .map(|r| (r.role, points_text(r.points)))
                .collect(),
            need: m
                .fit
                .need
                .iter()
                .map(|n| (n.level, points_text(n.points)))
                .collect(),
            journey_stage: m
                .fit
                .journey_stage
                .iter()
                .map(|s| (s.stage, points_text(s.points)))
                .collect(),
            groups: m
                .engagement
                .iter()
                .map(|g| {
                    let (half_life, days) = match g.recency {
                        Recency::Window { days } => (false, days.to_string()),
                        Recency::HalfLife { days } => (true, tenths_text(days)),
                    };
                    GroupDraft {
                        id: g.id.clone(),
                        name: g.name.clone(),
                        half_life,
                        days,
                        cap: cap_text(g.cap),
                        points: g
                            .points
                            .iter()
                            .map(|k| (k.kind, points_text(k.points)))
                            .collect(),
                    }
                })
                .collect(),
            total_cap: cap_text(m.total_cap),
            hot: points_text(m.thresholds.hot),
            warm: points_text(m.thresholds.warm),
            mql: points_text(m.thresholds.mql),
        }
    }

    /// The model typed, if every number parses and the domain finds nothing wrong; else every
    /// problem, each placed at its input.
    pub fn to_model(&self) -> Result<ScoringModel, Vec<DraftError>> {
        let mut r = Reader { errors: Vec::new() };
        let industry = r.value_rows(&self.industry, Criterion::Industry);
        let city = r.value_rows(&self.city, Criterion::City);
        let country = r.value_rows(&self.country, Criterion::Country);
        let plain = |rows: Vec<BudgetBand>| -> Vec<Band> {
            rows.into_iter()
                .map(|b| Band {
                    min: b.min,
                    max: b.max,
                    points: b.points,
                })
                .collect()
        };
        let employees = plain(r.band_rows(&self.employees, Criterion::Employees));
        let timeline = plain(r.band_rows(&self.timeline, Criterion::Timeline));
        let budget = r.band_rows(&self.budget, Criterion::Budget);
        let decision_role = self
            .decision_role
            .iter()
            .enumerate()
            .map(|(i, (role, text))| RolePoints {
                role: *role,
                points: r.points(Slot::RolePoints(i), text),
            })
            .collect();
        let need = self
            .need
            .iter()
            .enumerate()
            .map(|(i, (level, text))| NeedPoints {
                level: *level,
                points: r.points(Slot::NeedPoints(i), text),
            })
            .collect();
        let journey_stage = self
            .journey_stage
            .iter()
            .enumerate()
            .map(|(i, (stage, text))| StagePoints {
                stage: *stage,
                points: r.points(Slot::StagePoints(i), text),
            })
            .collect();
        let engagement = self
            .groups
            .iter()
            .enumerate()
            .map(|(g, group)| {
                let days = Slot::GroupDays(g);
                let recency = if group.half_life {
                    Recency::HalfLife {
                        days: r.tenths(days, &group.days),
                    }
                } else {
                    let whole = r.whole(days, &group.days);
                    Recency::Window {
                        days: whole.clamp(i32::MIN as i64, i32::MAX as i64) as i32,
                    }
                };
                EngagementGroup {
                    id: group.id.clone(),
                    name: group.name.clone(),
                    recency,
                    cap: r.optional(Slot::GroupCap(g), &group.cap, Reader::points),
                    points: group
                        .points
                        .iter()
                        .enumerate()
                        .map(|(i, (kind, text))| KindPoints {
                            kind: *kind,
                            points: r.points(Slot::KindPoints(g, i), text),
                        })
                        .collect(),
                }
            })
            .collect();
        let total_cap = r.optional(Slot::TotalCap, &self.total_cap, Reader::points);
        let thresholds = Thresholds {
            hot: r.points(Slot::Hot, &self.hot),
            warm: r.points(Slot::Warm, &self.warm),
            mql: r.points(Slot::Mql, &self.mql),
        };
        let mut model = ScoringModel::default_model();
        model.version = self.version;
        model.fit.industry = industry;
        model.fit.city = city;
        model.fit.country = country;
        model.fit.employees = employees;
        model.fit.timeline = timeline;
        model.fit.budget = budget;
        model.fit.decision_role = decision_role;
        model.fit.need = need;
        model.fit.journey_stage = journey_stage;
        model.engagement = engagement;
        model.total_cap = total_cap;
        model.thresholds = thresholds;

        let mut errors = r.errors;
        if let Err(found) = model.validate() {
            // A number that did not parse stands in as 0 or open; problems that stand-in causes
            // at an input already reported are left out.
            let typed: Vec<Slot> = errors.iter().flat_map(|e| e.inputs.clone()).collect();
            errors.extend(
                found
                    .into_iter()
                    .map(|e| DraftError::from_model(e, &model))
                    .filter(|e| !e.inputs.iter().any(|s| typed.contains(s))),
            );
        }
        if errors.is_empty() {
            Ok(model)
        } else {
            Err(errors)
        }
    }

    /// The value rows of a criterion (industry, city, country).
    pub fn values_mut(&mut self, c: Criterion) -> &mut Vec<ValueDraft> {
        match c {
            Criterion::City => &mut self.city,
            Criterion::Country => &mut self.country,
            _ => &mut self.industry,
        }
    }

    /// The value rows of a criterion (industry, city, country).
    pub fn values(&self, c: Criterion) -> &[ValueDraft] {
        match c {
            Criterion::City => &self.city,
            Criterion::Country => &self.country,
            _ => &self.industry,
        }
    }

    /// The band rows of a criterion (employees, timeline, budget).
    pub fn bands_mut(&mut self, c: Criterion) -> &mut Vec<BandDraft> {
        match c {
            Criterion::Timeline => &mut self.timeline,
            Criterion::Budget => &mut self.budget,
            _ => &mut self.employees,
        }
    }

    /// The band rows of a criterion (employees, timeline, budget).
    pub fn bands(&self, c: Criterion) -> &[BandDraft] {
        match c {
            Criterion::Timeline => &self.timeline,
            Criterion::Budget => &self.budget,
            _ => &self.employees,
        }
    }

    /// The text of one input.
    pub fn text(&self, slot: Slot) -> String {
        let get = |text: Option<&String>| text.cloned().unwrap_or_default();
        match slot {
            Slot::Values(c, r) => get(self.values(c).get(r).map(|v| &v.values)),
            Slot::ValuePoints(c, r) => get(self.values(c).get(r).map(|v| &v.points)),
            Slot::BandMin(c, r) => get(self.bands(c).get(r).map(|b| &b.min)),
            Slot::BandMax(c, r) => get(self.bands(c).get(r).map(|b| &b.max)),
            Slot::BandPoints(c, r) => get(self.bands(c).get(r).map(|b| &b.points)),
            Slot::RolePoints(r) => get(self.decision_role.get(r).map(|(_, t)| t)),
            Slot::NeedPoints(r) => get(self.need.get(r).map(|(_, t)| t)),
            Slot::StagePoints(r) => get(self.journey_stage.get(r).map(|(_, t)| t)),
            Slot::GroupDays(g) => get(self.groups.get(g).map(|x| &x.days)),
            Slot::GroupCap(g) => get(self.groups.get(g).map(|x| &x.cap)),
            Slot::KindPoints(g, r) => get(self
                .groups
                .get(g)
                .and_then(|x| x.points.get(r))
                .map(|(_, t)| t)),
            Slot::TotalCap => self.total_cap.clone(),
            Slot::Hot => self.hot.clone(),
            Slot::Warm => self.warm.clone(),
            Slot::Mql => self.mql.clone(),
        }
    }

    /// Replaces the text of one input (an input whose row is gone is ignored).
    pub fn set_text(&mut self, slot: Slot, text: String) {
        let target: Option<&mut String> = match slot {
            Slot::Values(c, r) => self.values_mut(c).get_mut(r).map(|v| &mut v.values),
            Slot::ValuePoints(c, r) => self.values_mut(c).get_mut(r).map(|v| &mut v.points),
            Slot::BandMin(c, r) => self.bands_mut(c).get_mut(r).map(|b| &mut b.min),
            Slot::BandMax(c, r) => self.bands_mut(c).get_mut(r).map(|b| &mut b.max),
            Slot::BandPoints(c, r) => self.bands_mut(c).get_mut(r).map(|b| &mut b.points),
            Slot::RolePoints(r) => self.decision_role.get_mut(r).map(|(_, t)| t),
            Slot::NeedPoints(r) => self.need.get_mut(r).map(|(_, t)| t),
            Slot::StagePoints(r) => self.journey_stage.get_mut(r).map(|(_, t)| t),
            Slot::GroupDays(g) => self.groups.get_mut(g).map(|x| &mut x.days),
            Slot::GroupCap(g) => self.groups.get_mut(g).map(|x| &mut x.cap),
            Slot::KindPoints(g, r) => self
                .groups
                .get_mut(g)
                .and_then(|x| x.points.get_mut(r))
                .map(|(_, t)| t),
            Slot::TotalCap => Some(&mut self.total_cap),
            Slot::Hot => Some(&mut self.hot),
            Slot::Warm => Some(&mut self.warm),
            Slot::Mql => Some(&mut self.mql),
        };
        if let Some(target) = target {
            *target = text;
        }
    }

    /// Activity kinds no group scores yet (they can be added to one).
    pub fn unscored_kinds(&self) -> Vec<ActivityKind> {
        ActivityKind::ALL
            .into_iter()
            .filter(|k| {
                !self
                    .groups
                    .iter()
                    .any(|g| g.points.iter().any(|(kind, _)| kind == k))
            })
            .collect()
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn draft() -> ModelDraft {
        ModelDraft::from_model(&ScoringModel::default_model())
    }

    #[test]
    fn the_shipped_model_round_trips_through_the_draft() {
        let shipped = ScoringModel::default_model();
        assert_eq!(ModelDraft::from_model(&shipped).to_model(), Ok(shipped));
    }

    #[test]
    fn typed_text_that_is_not_a_number_is_reported_at_its_input_and_kept() {
        let mut d = draft();
        d.set_text(Slot::ValuePoints(Criterion::Industry, 0), "abc".into());
        let errors = d.to_model().unwrap_err();
        assert_eq!(
            errors,
            [DraftError {
                anchor: Slot::ValuePoints(Criterion::Industry, 0),
                inputs: vec![Slot::ValuePoints(Criterion::Industry, 0)],
                problem: DraftProblem::Typed {
                    problem: TypedProblem::NotAWholeNumber,
                    text: "abc".into()
                },
            }]
        );
        assert_eq!(d.text(Slot::ValuePoints(Criterion::Industry, 0)), "abc");
    }

    #[test]
    fn persian_digits_and_open_bounds_parse() {
        let mut d = draft();
        d.set_text(Slot::ValuePoints(Criterion::Industry, 0), "۳۵".into());
        d.set_text(Slot::GroupDays(1), "۷٫۵".into());
        d.set_text(Slot::GroupCap(1), " ".into());
        let m = d.to_model().unwrap();
        assert_eq!(m.fit.industry[0].points, 35);
        assert_eq!(m.engagement[1].recency, Recency::HalfLife { days: 7.5 });
        assert_eq!(m.engagement[1].cap, None);
        assert_eq!(m.fit.employees[3].max, None);
    }

    #[test]
    fn thresholds_out_of_order_mark_warm_and_hot() {
        let mut d = draft();
        d.set_text(Slot::Warm, "70".into());
        let errors = d.to_model().unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].inputs, [Slot::Warm, Slot::Hot]);
        assert!(
            matches!(errors[0].problem, DraftProblem::Model { error: e, .. } if e.problem == ModelProblem::ThresholdsOutOfOrder)
        );
    }

    #[test]
    fn overlapping_bands_mark_both_bounds_of_the_later_band() {
        let mut d = draft();
        d.set_text(Slot::BandMin(Criterion::Employees, 1), "5".into());
        let errors = d.to_model().unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].inputs,
            [
                Slot::BandMin(Criterion::Employees, 1),
                Slot::BandMax(Criterion::Employees, 1)
            ]
        );
    }

    #[test]
    fn a_bad_bound_is_reported_once_not_also_as_the_overlap_its_stand_in_makes() {
        let mut d = draft();
        d.set_text(Slot::BandMin(Criterion::Employees, 1), "ten".into());
        let errors = d.to_model().unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].anchor, Slot::BandMin(Criterion::Employees, 1));
    }

    #[test]
    fn a_half_life_is_shown_to_a_tenth() {
        let mut model = ScoringModel::default_model();
        for (days, text) in [(14.0, "14"), (7.5, "7.5"), (0.1, "0.1"), (7.25, "7.3")] {
            model.engagement[1].recency = Recency::HalfLife { days };
            assert_eq!(ModelDraft::from_model(&model).groups[1].days, text);
        }
    }

    #[test]
    fn a_half_life_is_typed_to_a_tenth() {
        let mut d = draft();
        d.set_text(Slot::GroupDays(1), "7.25".into());
        let errors = d.to_model().unwrap_err();
        assert_eq!(errors[0].anchor, Slot::GroupDays(1), "{errors:?}");
    }

    proptest! {
        #[test]
        fn any_half_life_in_tenths_round_trips_through_the_draft(tenths in 1i64..10_000_000) {
            let mut model = ScoringModel::default_model();
            model.engagement[1].recency = Recency::HalfLife { days: tenths as f64 / 10.0 };
            let draft = ModelDraft::from_model(&model);
            prop_assert_eq!(draft.to_model(), Ok(model));
        }
    }

    #[test]
    fn values_split_on_latin_and_persian_commas() {
        assert_eq!(
            split_values("software, نرم‌افزار،  it ,"),
            ["software", "نرم‌افزار", "it"]
        );
    }
}
