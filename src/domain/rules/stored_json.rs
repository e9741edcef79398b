//! The rules engine's JSON as users' databases hold it: rule sets, rule states and audit entries,
//! with the internally tagged enums (`{"kind": "no_activity_for", "days": 60}`) read and written
//! by serde's derive.

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::action::{Action, Disposition, FollowUp, RuleState, StoredRuleState};
use super::audit::AuditEntry;
use super::condition::Term;
use super::evidence::{Evidence, Quiet};
use super::facts::FactField;
use super::rule::RuleSet;
use crate::domain::qualification::{Answer, LeadType, Level, LocalText};
use crate::domain::scoring::Grade;
use crate::domain::ActivityKind;

fn round_trips<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(values: &[T]) {
    for v in values {
        let json = serde_json::to_string(v).unwrap();
        assert_eq!(&serde_json::from_str::<T>(&json).unwrap(), v, "{json}");
    }
}

fn text() -> LocalText {
    LocalText::new("why", "چرا")
}

fn every_term() -> Vec<Term> {
    vec![
        Term::Field {
            field: "industry".into(),
            value: "Software".into(),
        },
        Term::HasTag { tag: "vip".into() },
        Term::NoBudget,
        Term::NotDecisionMaker,
        Term::LevelFails {
            level: Level::Opportunity,
        },
        Term::Answered {
            question: "org_fit".into(),
            answer: Answer::No,
        },
        Term::TimelineNextYearOrLater,
        Term::Activities {
            activity: ActivityKind::Complaint,
            at_least: 2,
            days: 9,
        },
        Term::EmailsWithoutReply { at_least: 5 },
        Term::UnansweredCalls {
            at_least: 3,
            days: 14,
        },
        Term::NoActivityFor { days: 60 },
        Term::NoContactFor { days: 30 },
        Term::InStageFor { days: 45 },
        Term::ScoreAtLeast { points: 70 },
        Term::ScoreBelow { points: -5 },
        Term::GradeIs { grade: Grade::Hot },
        Term::LeadTypeIs {
            lead_type: LeadType::Mql,
        },
        Term::Customer,
        Term::Complaints {
            at_least: 1,
            days: 90,
        },
        Term::NoPurchaseFor { days: 365 },
        Term::UpsellWithoutPurchase { days: 30 },
        Term::Unsubscribed,
        Term::AntiBrand,
        Term::Unknown,
    ]
}

#[test]
fn every_term_round_trips() {
    round_trips(&every_term());
}

fn every_action() -> Vec<Action> {
    vec![
        Action::FlagCold,
        Action::MoveToNurture { reason: text() },
        Action::Disqualify { reason: text() },
        Action::MoveToLost { reason: text() },
        Action::FollowUp {
            in_days: 7,
            note: text(),
        },
        Action::SubtractPoints { points: 10 },
        Action::ReviewRelationship { reason: text() },
        Action::ReturnToActive,
    ]
}

fn every_disposition() -> Vec<Disposition> {
    vec![
        Disposition::Active,
        Disposition::Nurture { reason: text() },
        Disposition::Disqualified { reason: text() },
        Disposition::LostQueue { reason: text() },
    ]
}

#[test]
fn every_action_and_disposition_round_trips() {
    round_trips(&every_action());
    round_trips(&every_disposition());
}

fn every_evidence() -> Vec<Evidence> {
    vec![
        Evidence::Activity {
            id: 4,
            kind: ActivityKind::EmailSent,
            at: 1_700_000_000_000,
        },
        Evidence::Field {
            field: FactField::Tag,
            value: "anti-brand".into(),
        },
        Evidence::LevelFailed {
            level: Level::Stakeholder,
            question: Some("stk_budget".into()),
        },
        Evidence::LevelFailed {
            level: Level::Organization,
            question: None,
        },
        Evidence::Answered {
            question: "opp_need".into(),
            answer: Answer::Yes,
        },
        Evidence::Quiet {
            of: Quiet::Purchase,
            last: None,
            days: 400,
        },
        Evidence::Quiet {
            of: Quiet::Contact,
            last: Some(5),
            days: 3,
        },
        Evidence::InStage { since: 9, days: 31 },
        Evidence::Score { points: 12 },
    ]
}

#[test]
fn every_evidence_round_trips() {
    round_trips(&every_evidence());
}

/// A stored rule state per disposition, every field set.
fn rule_states() -> Vec<StoredRuleState> {
    every_disposition()
        .into_iter()
        .enumerate()
        .map(|(i, disposition)| {
            let state = RuleState {
                cold_flag: i % 2 == 0,
                disposition,
                disposition_at: Some(1_700_000_000_000 + i as i64),
                review_relationship: (i == 1).then(text),
                score_penalty: 10 * i as i32,
                follow_ups: vec![FollowUp {
                    due: 1_700_086_400_000,
                    note: text(),
                    created_at: 1_700_000_000_000,
                    done: i == 3,
                }],
            };
            StoredRuleState::new(i as u64 + 1, state)
        })
        .collect()
}

/// An audit entry with every action (one each) and every evidence.
fn audit_entries() -> Vec<AuditEntry> {
    let states = rule_states();
    every_action()
        .into_iter()
        .enumerate()
        .map(|(i, action)| AuditEntry {
            id: i as u64,
            at: 1_700_000_000_000,
            who: "Sara".into(),
            rule_id: "emails_no_reply".into(),
            lead_id: 7,
            action,
            evidence: every_evidence(),
            evidence_key: 42,
            before: states[0].clone().into_parts().1,
            after: states[i % states.len()].clone().into_parts().1,
            undone_at: (i == 2).then_some(1_700_000_100_000),
        })
        .collect()
}

/// One line per stored value, `label json`, as this version writes it.
fn stored_lines() -> String {
    fn line<T: Serialize>(out: &mut String, label: &str, value: &T) {
        out.push_str(label);
        out.push(' ');
        out.push_str(&serde_json::to_string(value).unwrap());
        out.push('\n');
    }
    let mut out = String::new();
    line(&mut out, "rule_set", &RuleSet::default_rules());
    for t in every_term() {
        line(&mut out, "term", &t);
    }
    for s in rule_states() {
        line(&mut out, "rule_state", &s);
    }
    for e in audit_entries() {
        line(&mut out, "audit", &e);
    }
    out
}

/// The JSON text saved rule sets, rule states and audit entries have in users' databases.
/// Written once from the version with hand-written readers; never regenerate it.
const STORED: &str = include_str!("fixtures/stored_rules.txt");

#[test]
fn rules_states_and_audit_are_written_as_users_databases_hold_them() {
    assert_eq!(stored_lines(), STORED);
}

#[test]
fn rules_states_and_audit_in_users_databases_still_load() {
    fn reads<T: DeserializeOwned + Serialize>(json: &str) {
        let value: T = serde_json::from_str(json).unwrap();
        assert_eq!(serde_json::to_string(&value).unwrap(), json);
    }
    for l in STORED.lines() {
        let (label, json) = l.split_once(' ').unwrap();
        match label {
            "rule_set" => reads::<RuleSet>(json),
            "term" => reads::<Term>(json),
            "rule_state" => reads::<StoredRuleState>(json),
            "audit" => reads::<AuditEntry>(json),
            other => panic!("unknown label {other}"),
        }
    }
}

#[test]
fn fields_in_any_order_unknown_fields_and_defaults_are_read() {
    let t: Term =
        serde_json::from_str(r#"{"days":3,"extra":[1,{"a":2}],"kind":"unanswered_calls"}"#)
            .unwrap();
    assert_eq!(
        t,
        Term::UnansweredCalls {
            at_least: 0,
            days: 3
        }
    );
    let t: Term = serde_json::from_str(r#"{"kind":"grade_is"}"#).unwrap();
    assert_eq!(t, Term::GradeIs { grade: Grade::Cold });
    let t: Term = serde_json::from_str(r#"{"kind":"moon_phase","phase":"full"}"#).unwrap();
    assert_eq!(t, Term::Unknown);
    let a: Action = serde_json::from_str(r#"{"note":{"en":"call"},"type":"follow_up"}"#).unwrap();
    assert_eq!(
        a,
        Action::FollowUp {
            in_days: 0,
            note: LocalText::new("call", "")
        }
    );
    let e: Evidence =
        serde_json::from_str(r#"{"level":"Opportunity","type":"level_failed"}"#).unwrap();
    assert_eq!(
        e,
        Evidence::LevelFailed {
            level: Level::Opportunity,
            question: None
        }
    );
    let d: Disposition = serde_json::from_str(r#"{"type":"nurture"}"#).unwrap();
    assert_eq!(
        d,
        Disposition::Nurture {
            reason: LocalText::default()
        }
    );
}

#[test]
fn missing_required_fields_and_unknown_tags_are_errors() {
    let err = |r: Result<(), serde_json::Error>| r.unwrap_err().to_string();
    assert!(
        err(serde_json::from_str::<Term>(r#"{"kind":"activities","days":3}"#).map(drop))
            .starts_with("missing field `activity`")
    );
    assert!(serde_json::from_str::<Term>(r#"{"days":3}"#).is_err());
    assert!(err(
        serde_json::from_str::<Evidence>(r#"{"type":"answered","answer":"Yes"}"#).map(drop)
    )
    .starts_with("missing field `question`"));
    assert!(
        err(serde_json::from_str::<Evidence>(r#"{"type":"quiet","of":"contact"}"#).map(drop))
            .starts_with("missing field `days`")
    );
    assert!(
        err(serde_json::from_str::<Action>(r#"{"type":"explode"}"#).map(drop))
            .starts_with("unknown variant `explode`, expected one of `flag_cold`, ")
    );
    assert!(
        err(serde_json::from_str::<Disposition>(r#"{"type":"gone"}"#).map(drop))
            .starts_with("unknown variant `gone`")
    );
}
