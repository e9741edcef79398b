//! What can be wrong with a scoring model the user edited, each problem named precisely enough
//! for Settings to point at the row, and checked before the model is saved.

use super::compiled::{family, CurrencyFamily};
use super::explain::{Criterion, ReasonArg};
use super::model::{Band, Points, Recency, ScoringModel, MAX_POINTS};
use super::text_match::fold_value;
use crate::domain::qualification::LocalText;
use crate::domain::text::digits::normalize_digits;

/// What is wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ModelProblem {
    /// Typed points are not a whole number (from [`parse_points`]).
    NotANumber,
    /// Points beyond ±[`MAX_POINTS`].
    WeightOutOfRange,
    /// A value row (industry, city, country) with no spelling.
    EmptyValue,
    /// The same value, role, stage, need level or activity kind in two rows (`other` is the first).
    DuplicateValue,
    /// A band whose lower bound is above its upper bound.
    BandEmpty,
    /// Two bands share numbers (`other` is the earlier band).
    BandsOverlap,
    /// A cap below zero.
    CapNegative,
    /// A time window of zero days or fewer.
    WindowNotPositive,
    /// A half-life of zero days or fewer (or not a number).
    HalfLifeNotPositive,
    /// An activity kind already scored in another group (`other` is that group).
    KindInTwoGroups,
    /// A need level above 3.
    NeedLevelOutOfRange,
    /// A group without an id.
    EmptyGroupId,
    /// Two groups with one id (`other` is the first).
    DuplicateGroupId,
    /// Warm is not below Hot.
    ThresholdsOutOfOrder,
}

impl ModelProblem {
    /// Every problem, for the translation test.
    pub const ALL: [ModelProblem; 14] = [
        ModelProblem::NotANumber,
        ModelProblem::WeightOutOfRange,
        ModelProblem::EmptyValue,
        ModelProblem::DuplicateValue,
        ModelProblem::BandEmpty,
        ModelProblem::BandsOverlap,
        ModelProblem::CapNegative,
        ModelProblem::WindowNotPositive,
        ModelProblem::HalfLifeNotPositive,
        ModelProblem::KindInTwoGroups,
        ModelProblem::NeedLevelOutOfRange,
        ModelProblem::EmptyGroupId,
        ModelProblem::DuplicateGroupId,
        ModelProblem::ThresholdsOutOfOrder,
    ];

    /// Stable snake_case key.
    pub fn key(self) -> &'static str {
        match self {
            ModelProblem::NotANumber => "not_a_number",
            ModelProblem::WeightOutOfRange => "weight_out_of_range",
            ModelProblem::EmptyValue => "empty_value",
            ModelProblem::DuplicateValue => "duplicate_value",
            ModelProblem::BandEmpty => "band_empty",
            ModelProblem::BandsOverlap => "bands_overlap",
            ModelProblem::CapNegative => "cap_negative",
            ModelProblem::WindowNotPositive => "window_not_positive",
            ModelProblem::HalfLifeNotPositive => "half_life_not_positive",
            ModelProblem::KindInTwoGroups => "kind_in_two_groups",
            ModelProblem::NeedLevelOutOfRange => "need_level_out_of_range",
            ModelProblem::EmptyGroupId => "empty_group_id",
            ModelProblem::DuplicateGroupId => "duplicate_group_id",
            ModelProblem::ThresholdsOutOfOrder => "thresholds_out_of_order",
        }
    }

    /// Translation key of the message. Templates may use `{criterion}`, `{row}`, `{other}`
    /// (see [`ModelError::args`]), `{max}`, `{warm}` and `{hot}`.
    pub fn message_key(self) -> &'static str {
        match self {
            ModelProblem::NotANumber => "scoring.error_not_a_number",
            ModelProblem::WeightOutOfRange => "scoring.error_weight_out_of_range",
            ModelProblem::EmptyValue => "scoring.error_empty_value",
            ModelProblem::DuplicateValue => "scoring.error_duplicate_value",
            ModelProblem::BandEmpty => "scoring.error_band_empty",
            ModelProblem::BandsOverlap => "scoring.error_bands_overlap",
            ModelProblem::CapNegative => "scoring.error_cap_negative",
            ModelProblem::WindowNotPositive => "scoring.error_window_not_positive",
            ModelProblem::HalfLifeNotPositive => "scoring.error_half_life_not_positive",
            ModelProblem::KindInTwoGroups => "scoring.error_kind_in_two_groups",
            ModelProblem::NeedLevelOutOfRange => "scoring.error_need_level_out_of_range",
            ModelProblem::EmptyGroupId => "scoring.error_empty_group_id",
            ModelProblem::DuplicateGroupId => "scoring.error_duplicate_group_id",
            ModelProblem::ThresholdsOutOfOrder => "scoring.error_thresholds_out_of_order",
        }
    }
}

/// One problem, and where: the criterion, the engagement group (for [`Criterion::Engagement`]),
/// the row (0-based; a band, a value, an activity kind) and the other row or group involved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ModelError {
    pub criterion: Criterion,
    pub group: Option<usize>,
    pub row: Option<usize>,
    pub other: Option<usize>,
    pub problem: ModelProblem,
}

impl ModelError {
    fn at(criterion: Criterion, row: Option<usize>, problem: ModelProblem) -> ModelError {
        ModelError {
            criterion,
            group: None,
            row,
            other: None,
            problem,
        }
    }

    /// A problem with typed text in Settings (e.g. [`ModelProblem::NotANumber`] from
    /// [`parse_points`]) as an error the form can show beside the others.
    pub fn typed(
        criterion: Criterion,
        group: Option<usize>,
        row: Option<usize>,
        problem: ModelProblem,
    ) -> ModelError {
        ModelError {
            criterion,
            group,
            row,
            other: None,
            problem,
        }
    }

    /// Translation key of the message.
    pub fn message_key(&self) -> &'static str {
        self.problem.message_key()
    }

    /// The placeholders of the message: `criterion` (the group's own name for engagement, else the
    /// criterion's label), `row` and `other` (1-based; `other` is a group name for
    /// [`ModelProblem::KindInTwoGroups`]), `max`, `warm`, `hot`.
    pub fn args(&self, model: &ScoringModel) -> Vec<(&'static str, ReasonArg)> {
        let group_name = |g: usize| {
            let group = model.engagement.get(g);
            let name = group.map(|gr| gr.name.clone()).unwrap_or_default();
            if name.is_blank() {
                let id = group.map(|gr| gr.id.clone()).unwrap_or_default();
                ReasonArg::Local(LocalText::new(id.clone(), id))
            } else {
                ReasonArg::Local(name)
            }
        };
        let mut args = vec![(
            "criterion",
            match self.group {
                Some(g) => group_name(g),
                None => ReasonArg::Label(self.criterion.label_key().to_owned()),
            },
        )];
        if let Some(row) = self.row {
            args.push(("row", ReasonArg::Number(row as i64 + 1)));
        }
        if let Some(other) = self.other {
            let arg = if self.problem == ModelProblem::KindInTwoGroups {
                group_name(other)
            } else {
                ReasonArg::Number(other as i64 + 1)
            };
            args.push(("other", arg));
        }
        args.push(("max", ReasonArg::Number(MAX_POINTS as i64)));
        args.push(("warm", ReasonArg::Number(model.thresholds.warm as i64)));
        args.push(("hot", ReasonArg::Number(model.thresholds.hot as i64)));
        args
    }
}

/// Points typed in Settings: a whole number in any digit script, with an optional sign (`+`, `-`
/// or the typographic minus `−`), within ±[`MAX_POINTS`].
pub fn parse_points(text: &str) -> Result<Points, ModelProblem> {
    let text = normalize_digits(text.trim()).replace('\u{2212}', "-");
    let digits = text.strip_prefix('+').unwrap_or(&text);
    let n: i64 = digits.parse().map_err(|_| ModelProblem::NotANumber)?;
    if n.abs() > MAX_POINTS as i64 {
        return Err(ModelProblem::WeightOutOfRange);
    }
    Ok(n as Points)
}

/// Where each row of a band list sits on the number line, bounds made closed.
fn band_span(min: Option<i64>, max: Option<i64>) -> (i64, i64) {
    (min.unwrap_or(i64::MIN), max.unwrap_or(i64::MAX))
}

/// Empty and overlapping bands of one list; `key` separates lists that never overlap (currencies).
fn check_bands<K: PartialEq>(
    criterion: Criterion,
    spans: &[(K, i64, i64)],
    errors: &mut Vec<ModelError>,
) {
    for (row, (key, lo, hi)) in spans.iter().enumerate() {
        if lo > hi {
            errors.push(ModelError::at(
                criterion,
                Some(row),
                ModelProblem::BandEmpty,
            ));
            continue;
        }
        let overlapping = spans[..row]
            .iter()
            .position(|(k, l, h)| k == key && l <= h && l <= hi && lo <= h);
        if let Some(other) = overlapping {
            errors.push(ModelError {
                other: Some(other),
                ..ModelError::at(criterion, Some(row), ModelProblem::BandsOverlap)
            });
        }
    }
}

fn check_weight(
    criterion: Criterion,
    group: Option<usize>,
    row: usize,
    points: Points,
    errors: &mut Vec<ModelError>,
) {
    if points.unsigned_abs() > MAX_POINTS as u32 {
        errors.push(ModelError {
            criterion,
            group,
            row: Some(row),
            other: None,
            problem: ModelProblem::WeightOutOfRange,
        });
    }
}

/// Rows keyed by something that must not repeat: reports the repeat and the first row.
fn check_unique<K: PartialEq>(
    criterion: Criterion,
    group: Option<usize>,
    keys: &[K],
    errors: &mut Vec<ModelError>,
) {
    for (row, key) in keys.iter().enumerate() {
        if let Some(other) = keys[..row].iter().position(|k| k == key) {
            errors.push(ModelError {
                criterion,
                group,
                row: Some(row),
                other: Some(other),
                problem: ModelProblem::DuplicateValue,
            });
        }
    }
}

impl ScoringModel {
    /// Every problem with the model, criterion by criterion in Settings order; `Ok` means it may
    /// be saved.
    pub fn validate(&self) -> Result<(), Vec<ModelError>> {
        let mut errors = Vec::new();
        let fit = &self.fit;

        for (criterion, rows) in [
            (Criterion::Industry, &fit.industry),
            (Criterion::City, &fit.city),
            (Criterion::Country, &fit.country),
        ] {
            let mut seen: Vec<(String, usize)> = Vec::new();
            for (row, r) in rows.iter().enumerate() {
                check_weight(criterion, None, row, r.points, &mut errors);
                let values: Vec<String> = r
                    .values
                    .iter()
                    .map(|v| fold_value(v))
                    .filter(|v| !v.is_empty())
                    .collect();
                if values.is_empty() {
                    errors.push(ModelError::at(
                        criterion,
                        Some(row),
                        ModelProblem::EmptyValue,
                    ));
                }
                let first_repeat = values
                    .iter()
                    .find_map(|v| seen.iter().find(|(s, _)| s == v).map(|(_, r)| *r));
                if let Some(other) = first_repeat {
                    errors.push(ModelError {
                        other: Some(other),
                        ..ModelError::at(criterion, Some(row), ModelProblem::DuplicateValue)
                    });
                }
                seen.extend(values.into_iter().map(|v| (v, row)));
            }
        }

        for (criterion, list) in [
            (Criterion::Employees, &fit.employees),
            (Criterion::Timeline, &fit.timeline),
        ] {
            for (row, b) in list.iter().enumerate() {
                check_weight(criterion, None, row, b.points, &mut errors);
            }
            let spans: Vec<((), i64, i64)> = list
                .iter()
                .map(|b: &Band| {
                    let (lo, hi) = band_span(b.min, b.max);
                    ((), lo, hi)
                })
                .collect();
            check_bands(criterion, &spans, &mut errors);
        }

        for (row, b) in fit.budget.iter().enumerate() {
            check_weight(Criterion::Budget, None, row, b.points, &mut errors);
        }
        let budget_spans: Vec<(CurrencyFamily, i64, i64)> = fit
            .budget
            .iter()
            .map(|b| {
                let (fam, unit) = family(b.currency);
                let (lo, hi) = band_span(
                    b.min.map(|m| m.saturating_mul(unit)),
                    b.max.map(|m| m.saturating_mul(unit)),
                );
                (fam, lo, hi)
            })
            .collect();
        check_bands(Criterion::Budget, &budget_spans, &mut errors);

        for (row, r) in fit.decision_role.iter().enumerate() {
            check_weight(Criterion::DecisionRole, None, row, r.points, &mut errors);
        }
        check_unique(
            Criterion::DecisionRole,
            None,
            &fit.decision_role.iter().map(|r| r.role).collect::<Vec<_>>(),
            &mut errors,
        );

        for (row, n) in fit.need.iter().enumerate() {
            check_weight(Criterion::Need, None, row, n.points, &mut errors);
            if n.level > 3 {
                errors.push(ModelError::at(
                    Criterion::Need,
                    Some(row),
                    ModelProblem::NeedLevelOutOfRange,
                ));
            }
        }
        check_unique(
            Criterion::Need,
            None,
            &fit.need.iter().map(|n| n.level).collect::<Vec<_>>(),
            &mut errors,
        );

        for (row, s) in fit.journey_stage.iter().enumerate() {
            check_weight(Criterion::JourneyStage, None, row, s.points, &mut errors);
        }
        check_unique(
            Criterion::JourneyStage,
            None,
            &fit.journey_stage
                .iter()
                .map(|s| s.stage)
                .collect::<Vec<_>>(),
            &mut errors,
        );

        let mut kind_owner = Vec::new();
        for (g, group) in self.engagement.iter().enumerate() {
            let at = |row: Option<usize>, other: Option<usize>, problem| ModelError {
                criterion: Criterion::Engagement,
                group: Some(g),
                row,
                other,
                problem,
            };
            if group.id.trim().is_empty() {
                errors.push(at(None, None, ModelProblem::EmptyGroupId));
            } else if let Some(other) = self.engagement[..g].iter().position(|o| o.id == group.id) {
                errors.push(at(None, Some(other), ModelProblem::DuplicateGroupId));
            }
            match group.recency {
                Recency::Window { days } if days <= 0 => {
                    errors.push(at(None, None, ModelProblem::WindowNotPositive))
                }
                Recency::HalfLife { days } if !(days > 0.0 && days.is_finite()) => {
                    errors.push(at(None, None, ModelProblem::HalfLifeNotPositive))
                }
                _ => {}
            }
            if group.cap.is_some_and(|c| c < 0) {
                errors.push(at(None, None, ModelProblem::CapNegative));
            }
            for (row, k) in group.points.iter().enumerate() {
                check_weight(Criterion::Engagement, Some(g), row, k.points, &mut errors);
            }
            check_unique(
                Criterion::Engagement,
                Some(g),
                &group.points.iter().map(|k| k.kind).collect::<Vec<_>>(),
                &mut errors,
            );
            for (row, k) in group.points.iter().enumerate() {
                match kind_owner.iter().find(|(kind, _)| *kind == k.kind) {
                    Some(&(_, other)) if other != g => {
                        errors.push(at(Some(row), Some(other), ModelProblem::KindInTwoGroups))
                    }
                    Some(_) => {}
                    None => kind_owner.push((k.kind, g)),
                }
            }
        }

        if self.total_cap.is_some_and(|c| c < 0) {
            errors.push(ModelError::at(
                Criterion::TotalCap,
                None,
                ModelProblem::CapNegative,
            ));
        }
        if self.thresholds.warm >= self.thresholds.hot {
            errors.push(ModelError::at(
                Criterion::Thresholds,
                None,
                ModelProblem::ThresholdsOutOfOrder,
            ));
        }

        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::scoring::model::{
        KindPoints, NeedPoints, RolePoints, StagePoints, ValuePoints,
    };
    use crate::domain::{ActivityKind, Currency, DecisionRole, JourneyStage};

    /// (criterion, group, row, other, problem)
    type Found = (
        Criterion,
        Option<usize>,
        Option<usize>,
        Option<usize>,
        ModelProblem,
    );

    fn errors(edit: impl FnOnce(&mut ScoringModel)) -> Vec<Found> {
        let mut m = ScoringModel::default_model();
        edit(&mut m);
        m.validate()
            .unwrap_err()
            .into_iter()
            .map(|e| (e.criterion, e.group, e.row, e.other, e.problem))
            .collect()
    }

    use Criterion as C;
    use ModelProblem as P;

    #[test]
    fn weights_out_of_range_empty_and_repeated_values() {
        assert_eq!(
            errors(|m| m.fit.industry[2].points = 1_001),
            [(C::Industry, None, Some(2), None, P::WeightOutOfRange)]
        );
        assert_eq!(
            errors(|m| m.fit.city[0].values = vec![" ".into()]),
            [(C::City, None, Some(0), None, P::EmptyValue)]
        );
        assert_eq!(
            errors(|m| m.fit.country.push(ValuePoints {
                values: vec!["IRAN".into()],
                points: 1
            })),
            [(C::Country, None, Some(1), Some(0), P::DuplicateValue)]
        );
        assert_eq!(
            errors(|m| m.fit.decision_role.push(RolePoints {
                role: DecisionRole::User,
                points: 1
            })),
            [(C::DecisionRole, None, Some(4), Some(2), P::DuplicateValue)]
        );
        assert_eq!(
            errors(|m| m.fit.journey_stage.push(StagePoints {
                stage: JourneyStage::Awareness,
                points: 1
            })),
            [(C::JourneyStage, None, Some(3), Some(0), P::DuplicateValue)]
        );
        assert_eq!(
            errors(|m| m.fit.need[3] = NeedPoints {
                level: 4,
                points: 1
            }),
            [(C::Need, None, Some(3), None, P::NeedLevelOutOfRange)]
        );
    }

    #[test]
    fn bands_that_overlap_or_are_empty() {
        assert_eq!(
            errors(|m| m.fit.employees[1].min = Some(10)),
            [(C::Employees, None, Some(1), Some(0), P::BandsOverlap)]
        );
        assert_eq!(
            errors(|m| m.fit.timeline[4].min = None),
            [(C::Timeline, None, Some(4), Some(0), P::BandsOverlap),]
        );
        assert_eq!(
            errors(|m| m.fit.employees[0].max = Some(0)),
            [(C::Employees, None, Some(0), None, P::BandEmpty)]
        );
        // 5 000 000 000 rials is 500 000 000 tomans, inside the top toman band.
        assert_eq!(
            errors(|m| m.fit.budget.push(crate::domain::scoring::BudgetBand {
                currency: Currency::Irr,
                min: Some(5_000_000_000),
                max: None,
                points: 1
            })),
            [(C::Budget, None, Some(3), Some(2), P::BandsOverlap)]
        );
        // The same numbers in dollars overlap nothing.
        let mut m = ScoringModel::default_model();
        m.fit.budget.push(crate::domain::scoring::BudgetBand {
            currency: Currency::Usd,
            min: Some(1),
            max: None,
            points: 1,
        });
        assert_eq!(m.validate(), Ok(()));
    }

    #[test]
    fn groups_caps_windows_and_thresholds() {
        let g = Some(1);
        assert_eq!(
            errors(|m| m.engagement[1].cap = Some(-1)),
            [(C::Engagement, g, None, None, P::CapNegative)]
        );
        assert_eq!(
            errors(|m| m.total_cap = Some(-5)),
            [(C::TotalCap, None, None, None, P::CapNegative)]
        );
        assert_eq!(
            errors(|m| m.engagement[0].recency = Recency::Window { days: 0 }),
            [(C::Engagement, Some(0), None, None, P::WindowNotPositive)]
        );
        assert_eq!(
            errors(|m| m.engagement[1].recency = Recency::HalfLife { days: f64::NAN }),
            [(C::Engagement, g, None, None, P::HalfLifeNotPositive)]
        );
        assert_eq!(
            errors(|m| m.engagement[1].recency = Recency::HalfLife { days: -3.0 }),
            [(C::Engagement, g, None, None, P::HalfLifeNotPositive)]
        );
        assert_eq!(
            errors(|m| m.engagement[1].points.push(KindPoints {
                kind: ActivityKind::SiteVisit,
                points: 1
            })),
            [(C::Engagement, g, Some(2), Some(0), P::KindInTwoGroups)]
        );
        assert_eq!(
            errors(|m| m.engagement[1].points.push(KindPoints {
                kind: ActivityKind::EmailOpened,
                points: 1
            })),
            [(C::Engagement, g, Some(2), Some(0), P::DuplicateValue)]
        );
        assert_eq!(
            errors(|m| m.engagement[1].id = "web".into()),
            [(C::Engagement, g, None, Some(0), P::DuplicateGroupId)]
        );
        assert_eq!(
            errors(|m| m.engagement[1].id = "".into()),
            [(C::Engagement, g, None, None, P::EmptyGroupId)]
        );
        assert_eq!(
            errors(|m| m.engagement[1].points[0].points = -2_000),
            [(C::Engagement, g, Some(0), None, P::WeightOutOfRange)]
        );
        assert_eq!(
            errors(|m| m.thresholds.warm = 60),
            [(C::Thresholds, None, None, None, P::ThresholdsOutOfOrder)]
        );
        assert_eq!(
            errors(|m| m.thresholds.warm = 90),
            [(C::Thresholds, None, None, None, P::ThresholdsOutOfOrder)]
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let all = errors(|m| {
            m.thresholds.hot = 0;
            m.total_cap = Some(-1);
            m.fit.industry[0].points = 5_000;
        });
        assert_eq!(all.len(), 3);
    }

    #[test]
    fn typed_points_parse_in_any_digit_script() {
        assert_eq!(parse_points(" 20 "), Ok(20));
        assert_eq!(parse_points("+5"), Ok(5));
        assert_eq!(parse_points("−10"), Ok(-10));
        assert_eq!(parse_points("-۱۵"), Ok(-15));
        assert_eq!(parse_points("۲۰"), Ok(20));
        assert_eq!(parse_points("ten"), Err(P::NotANumber));
        assert_eq!(parse_points("2.5"), Err(P::NotANumber));
        assert_eq!(parse_points(""), Err(P::NotANumber));
        assert_eq!(parse_points("1001"), Err(P::WeightOutOfRange));
    }

    #[test]
    fn messages_name_the_place() {
        let m = ScoringModel::default_model();
        let e = ModelError {
            criterion: C::Engagement,
            group: Some(1),
            row: Some(2),
            other: Some(0),
            problem: P::KindInTwoGroups,
        };
        let args = e.args(&m);
        assert_eq!(
            args[0],
            (
                "criterion",
                ReasonArg::Local(LocalText::new("Email", "ایمیل"))
            )
        );
        assert_eq!(args[1], ("row", ReasonArg::Number(3)));
        assert_eq!(
            args[2],
            (
                "other",
                ReasonArg::Local(LocalText::new("Website", "وب‌سایت"))
            )
        );
        let e = ModelError::typed(C::Industry, None, Some(0), P::NotANumber);
        assert_eq!(
            e.args(&m)[0],
            (
                "criterion",
                ReasonArg::Label("scoring.criterion_industry".into())
            )
        );
        assert_eq!(e.message_key(), "scoring.error_not_a_number");
    }
}
