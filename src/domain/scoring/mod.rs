//! Lead scoring: a model the user can read and edit (fit and engagement criteria, caps,
//! thresholds), a pure and explainable score, grades, the what-if preview and the Today ranking.
//!
//! Use: build a [`CompiledModel`] once per model change, then [`score`] a lead for its page
//! (total, grade, contributions) or [`score_total`] many leads fast (no allocation).

pub mod adjustment;
pub mod compiled;
pub mod explain;
pub mod grade;
pub mod model;
pub mod model_draft;
pub mod model_error;
pub mod prepared;
pub mod ranking;
pub mod score;
pub mod text_match;
pub mod what_if;

pub use adjustment::RuleAdjustment;
pub use compiled::{ActivityMark, CompiledModel};
pub use explain::{top_contributions, Contribution, Criterion, Reason, ReasonArg};
pub use grade::Grade;
pub use model::{
    Band, BudgetBand, EngagementGroup, FitCriteria, KindPoints, NeedPoints, Points, Recency,
    RolePoints, ScoringModel, StagePoints, Thresholds, ValuePoints, MAX_POINTS,
};
pub use model_error::{parse_points, ModelError, ModelProblem};
pub use prepared::PreparedLead;
pub use ranking::{
    last_contact, needs_contact, rank_today, TodayEntry, HOT_CONTACT_GAP_MS, TODAY_REASONS,
};
pub use score::{score, score_total, Score, ScoreInput};
pub use what_if::{what_if, Mover, WhatIf};

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::domain::qualification::{
        Answer, BankProblem, LeadType, LeadTypeWhy, Level, OverrideProblem, Queue, Verdict,
    };
    use crate::domain::{Date, Timeline};

    fn table(source: &str) -> HashMap<String, String> {
        serde_json::from_str(source).unwrap()
    }

    /// Every key the scoring and qualification enums can produce is in both languages' tables.
    #[test]
    fn every_key_the_api_emits_has_text_in_both_languages() {
        let mut keys: Vec<&str> = Vec::new();
        keys.extend(Criterion::ALL.map(Criterion::label_key));
        keys.extend(Reason::KEYS);
        keys.extend(Grade::ALL.map(Grade::label_key));
        keys.extend(ModelProblem::ALL.map(ModelProblem::message_key));
        keys.extend(Level::ALL.map(Level::label_key));
        keys.extend(Answer::ALL.map(Answer::label_key));
        keys.extend(Verdict::ALL.map(Verdict::label_key));
        keys.extend(Verdict::ALL.map(Verdict::overall_label_key));
        keys.extend(LeadType::ALL.map(LeadType::label_key));
        keys.extend(LeadType::ALL.map(LeadType::rule_key));
        keys.extend(LeadTypeWhy::KEYS);
        keys.extend(BankProblem::ALL.map(BankProblem::message_key));
        keys.push(OverrideProblem::ReasonRequired.message_key());
        let queues = [
            Queue::Active,
            Queue::Nurture {
                level: Level::Organization,
                question: None,
            },
            Queue::Nurture {
                level: Level::Organization,
                question: Some("q".into()),
            },
            Queue::Lost {
                timeline: Timeline::Unknown,
            },
            Queue::Lost {
                timeline: Timeline::By(Date(1)),
            },
        ];
        keys.extend(queues.iter().map(Queue::label_key));
        keys.extend(queues.iter().filter_map(Queue::reason_key));
        for (lang, tables) in [
            (
                "en",
                [
                    include_str!("../../i18n/en/scoring.json"),
                    include_str!("../../i18n/en/qualification.json"),
                ],
            ),
            (
                "fa",
                [
                    include_str!("../../i18n/fa/scoring.json"),
                    include_str!("../../i18n/fa/qualification.json"),
                ],
            ),
        ] {
            let mut all = table(tables[0]);
            all.extend(table(tables[1]));
            for key in &keys {
                assert!(all.contains_key(*key), "{lang} lacks {key}");
            }
        }
    }

    /// Every placeholder a reason's template uses is among the arguments the reason gives.
    #[test]
    fn reason_templates_only_use_arguments_the_reasons_give() {
        use crate::domain::qualification::LocalText;
        use crate::domain::{ActivityKind, Currency, DecisionRole, JourneyStage, Money};
        let en = table(include_str!("../../i18n/en/scoring.json"));
        let group = LocalText::new("Web", "وب");
        let reasons = [
            Reason::Industry { value: "x".into() },
            Reason::Employees { count: 3 },
            Reason::City { value: "x".into() },
            Reason::Country { value: "x".into() },
            Reason::Role {
                role: DecisionRole::User,
            },
            Reason::Budget {
                amount: Money {
                    amount: 1,
                    currency: Currency::Irr,
                },
            },
            Reason::Need { level: 2 },
            Reason::Timeline {
                date: Date(1),
                days: 3,
            },
            Reason::Timeline {
                date: Date(1),
                days: -3,
            },
            Reason::Stage {
                stage: JourneyStage::Decision,
            },
            Reason::Activities {
                group: group.clone(),
                kind: ActivityKind::Demo,
                count: 1,
                recency: Recency::Window { days: 3 },
            },
            Reason::Activities {
                group: group.clone(),
                kind: ActivityKind::Demo,
                count: 1,
                recency: Recency::HalfLife { days: 3.0 },
            },
            Reason::GroupCap { group, cap: 3 },
            Reason::TotalCap { cap: 3 },
        ];
        assert_eq!(
            reasons
                .iter()
                .map(Reason::key)
                .collect::<std::collections::HashSet<_>>()
                .len(),
            Reason::KEYS.len()
        );
        for reason in &reasons {
            let template = &en[reason.key()];
            let given: Vec<_> = reason.args().into_iter().map(|(name, _)| name).collect();
            for hole in template
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(h, _)| h))
            {
                assert!(
                    given.contains(&hole),
                    "{} uses {{{hole}}} but the reason gives {given:?}",
                    reason.key()
                );
            }
        }
    }
}
