//! What people are shown of the learned model: one lead's win probability (or why there is
//! none), a probability as a whole percent, and factors and suggested re-weights as typed
//! explanations (a translation key and its arguments), so views only translate.

use super::encoder::Bucket;
use super::history::lead_row;
use super::learned_model::{Factor, LearnedModel, Prediction};
use super::model_document::ModelDocument;
use super::readiness::NeedsMore;
use super::reweight::Reweight;
use super::trainer::Learner;
use crate::domain::scoring::{Criterion, ReasonArg};
use crate::domain::{Activity, Currency, DecisionRole, JourneyStage, Lead, LeadSource, Timestamp};

/// A typed explanation: the template's key and its arguments.
pub type Reason = (&'static str, Vec<(&'static str, ReasonArg)>);

/// What the lead page shows in its "Win probability" region.
#[derive(Clone, Debug, PartialEq)]
pub enum WinOutlook {
    /// No training ran yet (it runs at start and when outcomes change).
    NotTrained,
    /// Too little closed history: no probability, only how many more outcomes are needed.
    NeedsMore(NeedsMore),
    Predicted(Prediction),
}

/// The lead's outlook from the stored training, its engagement counted up to `now`.
pub fn win_outlook(
    document: Option<&ModelDocument>,
    lead: &Lead,
    activities: &[Activity],
    now: Timestamp,
) -> WinOutlook {
    let Some(document) = document else {
        return WinOutlook::NotTrained;
    };
    match (&document.model, document.needs_more) {
        (Some(model), _) => {
            let activities: Vec<&Activity> = activities.iter().collect();
            WinOutlook::Predicted(model.predict(&lead_row(lead, &activities, now)))
        }
        (None, Some(needs)) => WinOutlook::NeedsMore(needs),
        (None, None) => WinOutlook::NotTrained,
    }
}

/// A lead's probability as a whole percent, never 0 or 100: a model learned from a few hundred
/// outcomes is never certain, and "100 %" would say it is.
pub fn probability_percent(probability: f64) -> u64 {
    (probability * 100.0).round().clamp(1.0, 99.0) as u64
}

/// A share (a calibration bin's predicted or won rate) as a whole percent, 0 to 100.
pub fn share_percent(share: f64) -> u64 {
    (share * 100.0).round().clamp(0.0, 100.0) as u64
}

/// The holdout AUC of the learner the model was built with.
pub fn learned_auc(model: &LearnedModel) -> Option<f64> {
    match model.learner {
        Learner::NaiveBayes => model.evaluation.naive_bayes.auc,
        Learner::Logistic => model.evaluation.logistic.auc,
    }
}

/// Translation key naming a learner.
pub fn learner_key(learner: Learner) -> &'static str {
    match learner {
        Learner::NaiveBayes => "learning.learner_naive_bayes",
        Learner::Logistic => "learning.learner_logistic",
    }
}

/// A factor without its points, e.g. "Source: Referral" or "Calls: from 2 to under 5".
pub fn factor_reason(factor: &Factor) -> Reason {
    let field = column_label(&factor.column);
    match &factor.bucket {
        Bucket::Missing => (
            "learning.factor",
            vec![
                ("field", field),
                ("value", ReasonArg::Label("learning.value_missing".into())),
            ],
        ),
        Bucket::Other => (
            "learning.factor",
            vec![
                ("field", field),
                ("value", ReasonArg::Label("learning.value_other".into())),
            ],
        ),
        Bucket::Value(value) => (
            "learning.factor",
            vec![
                ("field", field),
                ("value", value_arg(&factor.column, value)),
            ],
        ),
        Bucket::Range { min, max } => match (min, max) {
            (Some(min), Some(max)) => (
                "learning.factor_range",
                vec![
                    ("field", field),
                    ("min", number_arg(*min)),
                    ("max", number_arg(*max)),
                ],
            ),
            (None, Some(max)) => (
                "learning.factor_below",
                vec![("field", field), ("max", number_arg(*max))],
            ),
            (Some(min), None) => (
                "learning.factor_at_least",
                vec![("field", field), ("min", number_arg(*min))],
            ),
            (None, None) => (
                "learning.factor",
                vec![
                    ("field", field),
                    ("value", ReasonArg::Label("learning.value_any".into())),
                ],
            ),
        },
    }
}

/// A suggestion, e.g. "Industry: software — from 10 to 18 points".
pub fn reweight_reason(reweight: &Reweight) -> Reason {
    let value = match reweight.criterion {
        Criterion::DecisionRole => value_arg("decision_role", &reweight.value),
        Criterion::JourneyStage => value_arg("journey_stage", &reweight.value),
        _ => ReasonArg::Text(reweight.value.clone()),
    };
    (
        "learning.reweight",
        vec![
            (
                "criterion",
                ReasonArg::Label(format!("scoring.criterion_{}", reweight.criterion.key())),
            ),
            ("value", value),
            ("current", ReasonArg::Number(reweight.current.into())),
            ("suggested", ReasonArg::Number(reweight.suggested.into())),
        ],
    )
}

/// A column's name as people read it: the lead field's label, an engagement count's label, or a
/// custom column's own name.
fn column_label(column: &str) -> ReasonArg {
    match column {
        "calls" | "meetings" | "emails_unanswered" => {
            ReasonArg::Label(format!("learning.column_{column}"))
        }
        "source" | "industry" | "employees" | "city" | "country" | "budget" | "currency"
        | "decision_role" | "need" | "timeline" | "journey_stage" | "job_title" => {
            ReasonArg::Label(format!("field.{column}"))
        }
        other => ReasonArg::Text(other.strip_prefix("custom:").unwrap_or(other).to_string()),
    }
}

/// A categorical value as people read it: a label where the value is one of the app's own keys,
/// otherwise the text itself.
fn value_arg(column: &str, value: &str) -> ReasonArg {
    let label = match column {
        "source" => LeadSource::from_key(value).map(|s| format!("source.{}", s.key())),
        "decision_role" => DecisionRole::from_key(value).map(|r| format!("role.{}", r.key())),
        "journey_stage" => JourneyStage::from_key(value).map(|s| format!("stage.{}", s.key())),
        "currency" => Currency::from_code(value).map(|c| format!("currency_short.{}", c.code())),
        "timeline" if value == "known" || value == "unknown" => {
            Some(format!("learning.timeline_{value}"))
        }
        _ => None,
    };
    label.map_or_else(|| ReasonArg::Text(value.to_string()), ReasonArg::Label)
}

/// A bin edge: whole numbers as whole numbers, others to a tenth.
fn number_arg(x: f64) -> ReasonArg {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        ReasonArg::Number(x as i64)
    } else {
        ReasonArg::Decimal(x)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::learning::{train, LearnedModel, TrainSettings};
    use crate::domain::test_support::lead;

    fn factor(column: &str, bucket: Bucket) -> Factor {
        Factor {
            column: column.into(),
            bucket,
            points: 12,
        }
    }

    fn label(key: &str) -> ReasonArg {
        ReasonArg::Label(key.into())
    }

    #[test]
    fn a_known_value_is_named_by_its_label() {
        let (key, args) = factor_reason(&factor("source", Bucket::Value("referral".into())));
        assert_eq!(key, "learning.factor");
        assert_eq!(
            args,
            vec![
                ("field", label("field.source")),
                ("value", label("source.referral"))
            ]
        );
        let (_, args) = factor_reason(&factor("currency", Bucket::Value("usd".into())));
        assert_eq!(args[1].1, label("currency_short.USD"));
        let (_, args) = factor_reason(&factor("timeline", Bucket::Value("known".into())));
        assert_eq!(args[1].1, label("learning.timeline_known"));
    }

    #[test]
    fn free_text_and_custom_columns_are_shown_as_written() {
        let (_, args) = factor_reason(&factor("industry", Bucket::Value("retail".into())));
        assert_eq!(args[1].1, ReasonArg::Text("retail".into()));
        let (_, args) = factor_reason(&factor("custom:Region", Bucket::Value("north".into())));
        assert_eq!(args[0].1, ReasonArg::Text("Region".into()));
        // A source key the app does not know is not turned into a missing translation key.
        let (_, args) = factor_reason(&factor("source", Bucket::Value("carrier pigeon".into())));
        assert_eq!(args[1].1, ReasonArg::Text("carrier pigeon".into()));
    }

    #[test]
    fn ranges_missing_and_other_values_have_their_own_wording() {
        let range = |min, max| factor_reason(&factor("calls", Bucket::Range { min, max }));
        assert_eq!(
            range(Some(2.0), Some(4.5)),
            (
                "learning.factor_range",
                vec![
                    ("field", label("learning.column_calls")),
                    ("min", ReasonArg::Number(2)),
                    ("max", ReasonArg::Decimal(4.5)),
                ]
            )
        );
        assert_eq!(range(None, Some(1.0)).0, "learning.factor_below");
        assert_eq!(range(Some(5.0), None).0, "learning.factor_at_least");
        let (_, args) = factor_reason(&factor("need", Bucket::Missing));
        assert_eq!(args[1].1, label("learning.value_missing"));
        let (_, args) = factor_reason(&factor("need", Bucket::Other));
        assert_eq!(args[1].1, label("learning.value_other"));
    }

    #[test]
    fn a_suggestion_names_its_criterion_value_and_both_points() {
        let reweight = Reweight {
            criterion: Criterion::DecisionRole,
            row: 0,
            value: "decision_maker".into(),
            current: 10,
            suggested: -4,
        };
        assert_eq!(
            reweight_reason(&reweight),
            (
                "learning.reweight",
                vec![
                    ("criterion", label("scoring.criterion_decision_role")),
                    ("value", label("role.decision_maker")),
                    ("current", ReasonArg::Number(10)),
                    ("suggested", ReasonArg::Number(-4)),
                ]
            )
        );
    }

    #[test]
    fn percentages_round_and_a_lead_is_never_certain() {
        assert_eq!(probability_percent(0.424), 42);
        assert_eq!(probability_percent(0.0), 1);
        assert_eq!(probability_percent(0.999), 99);
        assert_eq!(share_percent(0.0), 0);
        assert_eq!(share_percent(1.0), 100);
        assert_eq!(share_percent(0.335), 34);
    }

    /// Leads in "retail" win and leads in "software" lose, 40 of each.
    fn trained() -> LearnedModel {
        use crate::domain::learning::closed_history;
        use crate::domain::pipeline::deal::test_deal;
        use crate::domain::pipeline::DealStatus;
        let (mut leads, mut deals) = (Vec::new(), Vec::new());
        for i in 1..=80u64 {
            let mut l = lead(i);
            l.industry = if i % 2 == 0 { "software" } else { "retail" }.into();
            let mut d = test_deal(i, 1);
            d.status = if i % 2 == 0 {
                DealStatus::Lost
            } else {
                DealStatus::Won
            };
            d.updated_at = i as i64;
            leads.push(l);
            deals.push(d);
        }
        let data = closed_history(&leads, &deals, &[], &Default::default(), |_| None);
        train(&data, TrainSettings::default()).unwrap()
    }

    #[test]
    fn outlook_follows_the_stored_training() {
        let mut retail = lead(100);
        retail.industry = "Retail".into();
        assert_eq!(win_outlook(None, &retail, &[], 0), WinOutlook::NotTrained);
        let needs = NeedsMore {
            won: 3,
            lost: 40,
            won_needed: 27,
            lost_needed: 0,
        };
        let thin = ModelDocument {
            needs_more: Some(needs),
            ..ModelDocument::default()
        };
        assert_eq!(
            win_outlook(Some(&thin), &retail, &[], 0),
            WinOutlook::NeedsMore(needs)
        );
        let model = trained();
        let document = ModelDocument {
            model: Some(model.clone()),
            ..ModelDocument::default()
        };
        let predict = |l: &Lead| match win_outlook(Some(&document), l, &[], 0) {
            WinOutlook::Predicted(prediction) => prediction,
            other => panic!("a trained model predicts, not {other:?}"),
        };
        let mut software = lead(101);
        software.industry = "software".into();
        let (up, down) = (predict(&retail), predict(&software));
        assert!(
            up.probability > 0.5 && down.probability < 0.5,
            "{up:?} {down:?}"
        );
        let industry = |p: &Prediction| {
            p.factors
                .iter()
                .find(|f| f.column == "industry")
                .map(|f| f.points)
                .unwrap()
        };
        assert!(industry(&up) > 0 && industry(&down) < 0);
        assert_eq!(learned_auc(&model), Some(1.0));
    }
}
