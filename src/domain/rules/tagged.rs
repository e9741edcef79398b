//! Reading the rules engine's internally tagged enums (`{"kind": "no_activity_for", "days": 60}`)
//! without serde's derive for them.
//!
//! The derived `Deserialize` of an internally tagged enum first buffers the whole object in serde's
//! generic `Content` tree (the tag may come after the fields), then reads each variant out of that
//! buffer: about 38 KB of wasm for [`Term`](super::condition::Term) alone. Instead each enum reads
//! its object into one plain struct holding every field any variant has (its `…Fields` struct,
//! derived, read straight from the JSON), then builds the variant its tag names. The stored form
//! is unchanged: serializing still uses the derive, and every object the derive read is read the
//! same (fields in any order, unknown fields ignored, defaults for `#[serde(default)]` fields, the
//! same errors for a missing required field or an unknown tag, though without serde_json's line
//! and column, as they are raised once the object is read).

use serde::de::Error;

/// A field a variant requires: the derive's "missing field" error when it is absent.
pub(crate) fn required<T, E: Error>(value: Option<T>, field: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(field))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use serde::de::DeserializeOwned;
    use serde::Serialize;

    use super::super::action::{Action, Disposition};
    use super::super::condition::Term;
    use super::super::evidence::{Evidence, Quiet};
    use super::super::facts::FactField;
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

    #[test]
    fn every_term_round_trips() {
        round_trips(&[
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
        ]);
    }

    #[test]
    fn every_action_and_disposition_round_trips() {
        round_trips(&[
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
        ]);
        round_trips(&[
            Disposition::Active,
            Disposition::Nurture { reason: text() },
            Disposition::Disqualified { reason: text() },
            Disposition::LostQueue { reason: text() },
        ]);
    }

    #[test]
    fn every_evidence_round_trips() {
        round_trips(&[
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
        ]);
    }

    #[test]
    fn fields_in_any_order_unknown_fields_and_defaults_read_as_the_derive_did() {
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
        let a: Action =
            serde_json::from_str(r#"{"note":{"en":"call"},"type":"follow_up"}"#).unwrap();
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
    fn missing_required_fields_and_unknown_tags_are_the_derives_errors() {
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
        assert!(err(
            serde_json::from_str::<Evidence>(r#"{"type":"quiet","of":"contact"}"#).map(drop)
        )
        .starts_with("missing field `days`"));
        assert!(
            err(serde_json::from_str::<Action>(r#"{"type":"explode"}"#).map(drop))
                .starts_with("unknown variant `explode`, expected one of `flag_cold`, ")
        );
        assert!(
            err(serde_json::from_str::<Disposition>(r#"{"type":"gone"}"#).map(drop))
                .starts_with("unknown variant `gone`")
        );
    }
}
