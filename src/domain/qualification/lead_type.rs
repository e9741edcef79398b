//! Lead types (Unqualified, MQL, SQL, PQL, CQL) and the rule that assigns one.
//!
//! The rules, first match wins:
//! 1. **Override**: a type set by hand, with its reason.
//! 2. **SQL**: qualified on all three levels *and* accepted by sales.
//! 3. **PQL**: a `TrialStarted` activity (the product itself qualified them).
//! 4. **CQL**: the lead converted itself: a `FormSubmitted` activity, or the lead arrived by a web
//!    form (`LeadSource::WebForm`) or by calling in (`LeadSource::PhoneCallIn`). Click-to-call
//!    buttons ring the sales line, so a click-to-call lead is logged as an inbound phone call; an
//!    outbound `Call` activity is the seller's doing and converts nobody.
//! 5. **MQL**: score at or above the model's MQL threshold.
//! 6. **Unqualified** otherwise.
//!
//! The order follows how much each signal says: sales' own acceptance, then product use, then a
//! conversation the lead started, then marketing's score.

use serde::{Deserialize, Serialize};

use super::{Qualification, QualificationVerdict};
use crate::domain::scoring::ReasonArg;
use crate::domain::{Activity, ActivityKind, Lead, LeadSource, Timestamp};

/// The kind of lead, by the strongest sign of intent so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LeadType {
    #[default]
    Unqualified,
    /// Marketing-qualified: the score reached the MQL threshold.
    Mql,
    /// Sales-qualified: qualified on all three levels and accepted by sales.
    Sql,
    /// Product-qualified: started a trial.
    Pql,
    /// Conversation-qualified: converted on a form or by click-to-call.
    Cql,
}

impl LeadType {
    /// Every type, from least to most advanced as the UI lists them.
    pub const ALL: [LeadType; 5] = [
        LeadType::Unqualified,
        LeadType::Mql,
        LeadType::Cql,
        LeadType::Pql,
        LeadType::Sql,
    ];

    /// Stable snake_case key.
    pub fn key(self) -> &'static str {
        match self {
            LeadType::Unqualified => "unqualified",
            LeadType::Mql => "mql",
            LeadType::Sql => "sql",
            LeadType::Pql => "pql",
            LeadType::Cql => "cql",
        }
    }

    /// The type with this key.
    pub fn from_key(key: &str) -> Option<LeadType> {
        LeadType::ALL.into_iter().find(|t| t.key() == key)
    }

    /// Translation key of the type's name.
    pub fn label_key(self) -> &'static str {
        match self {
            LeadType::Unqualified => "lead_type.unqualified",
            LeadType::Mql => "lead_type.mql",
            LeadType::Sql => "lead_type.sql",
            LeadType::Pql => "lead_type.pql",
            LeadType::Cql => "lead_type.cql",
        }
    }

    /// Translation key of the rule that assigns this type, for the UI's legend; it may use
    /// `{threshold}` (the MQL threshold).
    pub fn rule_key(self) -> &'static str {
        match self {
            LeadType::Unqualified => "lead_type.rule_unqualified",
            LeadType::Mql => "lead_type.rule_mql",
            LeadType::Sql => "lead_type.rule_sql",
            LeadType::Pql => "lead_type.rule_pql",
            LeadType::Cql => "lead_type.rule_cql",
        }
    }
}

/// The rule that fired for one lead, with what made it fire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LeadTypeWhy {
    /// Set by hand.
    Override { reason: String, at: Timestamp },
    /// Qualified and accepted by sales at `at`.
    AcceptedBySales { at: Timestamp },
    /// Trial started at `at` (the first one).
    TrialStarted { at: Timestamp },
    /// Form submitted at `at` (the first one).
    FormSubmitted { at: Timestamp },
    /// The lead itself came in by a web form or a call (`source`), when it was created.
    ConvertedOnArrival { source: LeadSource, at: Timestamp },
    /// Score reached the MQL threshold.
    ScoreReached { score: i32, threshold: i32 },
    /// No rule fired yet; the score is below the MQL threshold.
    NoSignalYet { score: i32, threshold: i32 },
}

impl LeadTypeWhy {
    /// Translation key of the explanation.
    pub fn key(&self) -> &'static str {
        match self {
            LeadTypeWhy::Override { .. } => "lead_type.why_override",
            LeadTypeWhy::AcceptedBySales { .. } => "lead_type.why_accepted",
            LeadTypeWhy::TrialStarted { .. } => "lead_type.why_trial",
            LeadTypeWhy::FormSubmitted { .. } => "lead_type.why_form",
            LeadTypeWhy::ConvertedOnArrival { .. } => "lead_type.why_arrival",
            LeadTypeWhy::ScoreReached { .. } => "lead_type.why_score",
            LeadTypeWhy::NoSignalYet { .. } => "lead_type.why_none",
        }
    }

    /// The placeholders of [`LeadTypeWhy::key`]'s text.
    pub fn args(&self) -> Vec<(&'static str, ReasonArg)> {
        match self {
            LeadTypeWhy::Override { reason, at } => {
                vec![
                    ("reason", ReasonArg::Text(reason.clone())),
                    ("at", ReasonArg::Time(*at)),
                ]
            }
            LeadTypeWhy::AcceptedBySales { at }
            | LeadTypeWhy::TrialStarted { at }
            | LeadTypeWhy::FormSubmitted { at } => vec![("at", ReasonArg::Time(*at))],
            LeadTypeWhy::ConvertedOnArrival { source, at } => vec![
                (
                    "source",
                    ReasonArg::Label(format!("source.{}", source.key())),
                ),
                ("at", ReasonArg::Time(*at)),
            ],
            LeadTypeWhy::ScoreReached { score, threshold }
            | LeadTypeWhy::NoSignalYet { score, threshold } => {
                vec![
                    ("score", ReasonArg::Number(*score as i64)),
                    ("threshold", ReasonArg::Number(*threshold as i64)),
                ]
            }
        }
    }

    /// Every explanation key, for the translation test.
    pub const KEYS: [&'static str; 7] = [
        "lead_type.why_override",
        "lead_type.why_accepted",
        "lead_type.why_trial",
        "lead_type.why_form",
        "lead_type.why_arrival",
        "lead_type.why_score",
        "lead_type.why_none",
    ];
}

/// A lead's type and the rule that gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeadTypeAssignment {
    pub lead_type: LeadType,
    pub why: LeadTypeWhy,
}

/// The lead's type by the rules in the module doc. `score` is the lead's current score and
/// `mql_threshold` the scoring model's.
pub fn assign_lead_type(
    lead: &Lead,
    activities: &[Activity],
    qualification: &Qualification,
    verdict: &QualificationVerdict,
    score: i32,
    mql_threshold: i32,
) -> LeadTypeAssignment {
    let first = |kind: ActivityKind| {
        activities
            .iter()
            .filter(|a| a.kind == kind)
            .map(|a| a.at)
            .min()
    };
    let (lead_type, why) = if let Some(o) = &qualification.lead_type_override {
        (
            o.lead_type,
            LeadTypeWhy::Override {
                reason: o.reason.clone(),
                at: o.at,
            },
        )
    } else if let (true, Some(at)) = (verdict.is_qualified(), qualification.accepted_by_sales) {
        (LeadType::Sql, LeadTypeWhy::AcceptedBySales { at })
    } else if let Some(at) = first(ActivityKind::TrialStarted) {
        (LeadType::Pql, LeadTypeWhy::TrialStarted { at })
    } else if let Some(at) = first(ActivityKind::FormSubmitted) {
        (LeadType::Cql, LeadTypeWhy::FormSubmitted { at })
    } else if matches!(lead.source, LeadSource::WebForm | LeadSource::PhoneCallIn) {
        (
            LeadType::Cql,
            LeadTypeWhy::ConvertedOnArrival {
                source: lead.source,
                at: lead.created_at,
            },
        )
    } else if score >= mql_threshold {
        (
            LeadType::Mql,
            LeadTypeWhy::ScoreReached {
                score,
                threshold: mql_threshold,
            },
        )
    } else {
        (
            LeadType::Unqualified,
            LeadTypeWhy::NoSignalYet {
                score,
                threshold: mql_threshold,
            },
        )
    };
    LeadTypeAssignment { lead_type, why }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::qualification::{evaluate, QuestionBank};
    use crate::domain::test_support::lead as test_lead;

    fn activity(kind: ActivityKind, at: Timestamp) -> Activity {
        Activity {
            id: at as u64,
            lead_id: 1,
            kind,
            at,
            notes: String::new(),
            revision: Default::default(),
        }
    }

    fn qualified() -> Qualification {
        let bank = QuestionBank::default_bank();
        let mut q = Qualification::new(1);
        for question in &bank.questions {
            q.set_answer(&question.id, crate::domain::qualification::Answer::Yes, "");
        }
        q
    }

    fn assign(
        lead: &Lead,
        acts: &[Activity],
        q: &Qualification,
        score: i32,
    ) -> (LeadType, &'static str) {
        let v = evaluate(&QuestionBank::default_bank(), q);
        let a = assign_lead_type(lead, acts, q, &v, score, 40);
        (a.lead_type, a.why.key())
    }

    /// The lead-type table: each row adds one signal and the strongest wins.
    #[test]
    fn lead_type_table() {
        let lead = test_lead(1);
        let none = Qualification::new(1);
        let trial = [
            activity(ActivityKind::TrialStarted, 50),
            activity(ActivityKind::TrialStarted, 30),
        ];
        let form = [activity(ActivityKind::FormSubmitted, 20)];
        let call_out = [activity(ActivityKind::Call, 20)];
        let mut accepted = qualified();
        accepted.accept_by_sales(99);
        let mut accepted_unqualified = Qualification::new(1);
        accepted_unqualified.accept_by_sales(99);

        assert_eq!(
            assign(&lead, &[], &none, 39),
            (LeadType::Unqualified, "lead_type.why_none")
        );
        assert_eq!(
            assign(&lead, &call_out, &none, 39),
            (LeadType::Unqualified, "lead_type.why_none")
        );
        assert_eq!(
            assign(&lead, &[], &none, 40),
            (LeadType::Mql, "lead_type.why_score")
        );
        assert_eq!(
            assign(&lead, &form, &none, 90),
            (LeadType::Cql, "lead_type.why_form")
        );
        let inbound = Lead {
            source: LeadSource::PhoneCallIn,
            ..test_lead(1)
        };
        assert_eq!(
            assign(&inbound, &[], &none, 90),
            (LeadType::Cql, "lead_type.why_arrival")
        );
        assert_eq!(
            assign(&lead, &[trial.as_slice(), &form].concat(), &none, 90),
            (LeadType::Pql, "lead_type.why_trial")
        );
        // Qualified but not accepted stays with the activity rules.
        assert_eq!(
            assign(&lead, &trial, &qualified(), 90),
            (LeadType::Pql, "lead_type.why_trial")
        );
        assert_eq!(
            assign(&lead, &trial, &accepted_unqualified, 90),
            (LeadType::Pql, "lead_type.why_trial")
        );
        assert_eq!(
            assign(&lead, &trial, &accepted, 0),
            (LeadType::Sql, "lead_type.why_accepted")
        );
        let mut overridden = accepted.clone();
        overridden
            .override_lead_type(LeadType::Mql, "duplicate of lead 4", 7)
            .unwrap();
        assert_eq!(
            assign(&lead, &trial, &overridden, 0),
            (LeadType::Mql, "lead_type.why_override")
        );
    }

    #[test]
    fn the_first_trial_is_the_one_explained() {
        let trial = [
            activity(ActivityKind::TrialStarted, 50),
            activity(ActivityKind::TrialStarted, 30),
        ];
        let q = Qualification::new(1);
        let a = assign_lead_type(
            &test_lead(1),
            &trial,
            &q,
            &evaluate(&QuestionBank::default_bank(), &q),
            0,
            40,
        );
        assert_eq!(a.why, LeadTypeWhy::TrialStarted { at: 30 });
        assert_eq!(a.why.args(), vec![("at", ReasonArg::Time(30))]);
    }
}
