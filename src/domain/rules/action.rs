//! What a rule does, and the per-lead [`RuleState`] its actions change. Applying never deletes
//! anything: it returns the state before and after, and undo stores `before` back.

use serde::{Deserialize, Serialize};

use super::problem::{RuleProblem, RuleProblemKind};
use crate::domain::qualification::LocalText;
use crate::domain::scoring::{Grade, Points, ReasonArg, RuleAdjustment, Thresholds, MAX_POINTS};
use crate::domain::time::date::MS_PER_DAY;
use crate::domain::Timestamp;

/// Most days ahead a follow-up task may be due.
pub const MAX_FOLLOW_UP_DAYS: i64 = 3_650;

/// An action a rule proposes (or the user picks instead).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Action {
    /// Show the lead as Cold whatever its score.
    FlagCold,
    /// Move to the Nurture list.
    MoveToNurture {
        #[serde(default)]
        reason: LocalText,
    },
    /// Disqualify; a reason is required.
    Disqualify {
        #[serde(default)]
        reason: LocalText,
    },
    /// Move to the Lost queue (buys later).
    MoveToLost {
        #[serde(default)]
        reason: LocalText,
    },
    /// Create a follow-up task due `in_days` days from now.
    FollowUp {
        #[serde(default)]
        in_days: i64,
        #[serde(default)]
        note: LocalText,
    },
    /// Take `points` off the lead's score.
    SubtractPoints {
        #[serde(default)]
        points: Points,
    },
    /// Mark the customer "review relationship"; a reason is required.
    ReviewRelationship {
        #[serde(default)]
        reason: LocalText,
    },
    /// Back to the active list (offered for nurtured leads whose score reached MQL).
    ReturnToActive,
}

impl Action {
    /// One of each action, in the order the action menu lists them.
    pub fn examples() -> [Action; 8] {
        let r = LocalText::default;
        [
            Action::FlagCold,
            Action::MoveToNurture { reason: r() },
            Action::Disqualify { reason: r() },
            Action::MoveToLost { reason: r() },
            Action::FollowUp {
                in_days: 0,
                note: r(),
            },
            Action::SubtractPoints { points: 0 },
            Action::ReviewRelationship { reason: r() },
            Action::ReturnToActive,
        ]
    }

    /// Stable snake_case key.
    pub fn key(&self) -> &'static str {
        match self {
            Action::FlagCold => "flag_cold",
            Action::MoveToNurture { .. } => "move_to_nurture",
            Action::Disqualify { .. } => "disqualify",
            Action::MoveToLost { .. } => "move_to_lost",
            Action::FollowUp { .. } => "follow_up",
            Action::SubtractPoints { .. } => "subtract_points",
            Action::ReviewRelationship { .. } => "review_relationship",
            Action::ReturnToActive => "return_to_active",
        }
    }

    /// Translation key of the action's name, for menus ("Disqualify").
    pub fn label_key(&self) -> &'static str {
        match self {
            Action::FlagCold => "rules.action_flag_cold",
            Action::MoveToNurture { .. } => "rules.action_move_to_nurture",
            Action::Disqualify { .. } => "rules.action_disqualify",
            Action::MoveToLost { .. } => "rules.action_move_to_lost",
            Action::FollowUp { .. } => "rules.action_follow_up",
            Action::SubtractPoints { .. } => "rules.action_subtract_points",
            Action::ReviewRelationship { .. } => "rules.action_review_relationship",
            Action::ReturnToActive => "rules.action_return_to_active",
        }
    }

    /// Translation key of the action with its parameters ("Disqualify: {reason}").
    pub fn summary_key(&self) -> &'static str {
        match self {
            Action::FlagCold => "rules.summary_flag_cold",
            Action::MoveToNurture { .. } => "rules.summary_move_to_nurture",
            Action::Disqualify { .. } => "rules.summary_disqualify",
            Action::MoveToLost { .. } => "rules.summary_move_to_lost",
            Action::FollowUp { .. } => "rules.summary_follow_up",
            Action::SubtractPoints { .. } => "rules.summary_subtract_points",
            Action::ReviewRelationship { .. } => "rules.summary_review_relationship",
            Action::ReturnToActive => "rules.summary_return_to_active",
        }
    }

    /// The placeholders of [`Action::summary_key`]'s text.
    pub fn args(&self) -> Vec<(&'static str, ReasonArg)> {
        match self {
            Action::MoveToNurture { reason }
            | Action::Disqualify { reason }
            | Action::MoveToLost { reason }
            | Action::ReviewRelationship { reason } => {
                vec![("reason", ReasonArg::Local(reason.clone()))]
            }
            Action::FollowUp { in_days, note } => vec![
                ("days", ReasonArg::Number(*in_days)),
                ("note", ReasonArg::Local(note.clone())),
            ],
            Action::SubtractPoints { points } => {
                vec![("points", ReasonArg::Number(*points as i64))]
            }
            Action::FlagCold | Action::ReturnToActive => vec![],
        }
    }

    /// Problems with the action's parameters, each at `action` or `action.<param>`.
    pub fn validate(&self) -> Vec<RuleProblem> {
        let mut out = Vec::new();
        match self {
            Action::Disqualify { reason } | Action::ReviewRelationship { reason } => {
                if reason.is_blank() {
                    out.push(RuleProblem::new(
                        "action.reason",
                        RuleProblemKind::ReasonRequired,
                    ));
                }
            }
            Action::FollowUp { in_days, .. } => {
                if *in_days < 0 {
                    out.push(RuleProblem::new(
                        "action.in_days",
                        RuleProblemKind::NegativeDays,
                    ));
                } else if *in_days > MAX_FOLLOW_UP_DAYS {
                    out.push(RuleProblem::new(
                        "action.in_days",
                        RuleProblemKind::TooLarge,
                    ));
                }
            }
            Action::SubtractPoints { points } => {
                if !(1..=MAX_POINTS).contains(points) {
                    out.push(RuleProblem::new(
                        "action.points",
                        RuleProblemKind::PointsOutOfRange,
                    ));
                }
            }
            Action::FlagCold
            | Action::MoveToNurture { .. }
            | Action::MoveToLost { .. }
            | Action::ReturnToActive => {}
        }
        out
    }
}

/// Where rules have put a lead. `Active` is where every lead starts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Disposition {
    #[default]
    Active,
    Nurture {
        #[serde(default)]
        reason: LocalText,
    },
    Disqualified {
        #[serde(default)]
        reason: LocalText,
    },
    LostQueue {
        #[serde(default)]
        reason: LocalText,
    },
}

impl Disposition {
    /// Stable snake_case key.
    pub fn key(&self) -> &'static str {
        match self {
            Disposition::Active => "active",
            Disposition::Nurture { .. } => "nurture",
            Disposition::Disqualified { .. } => "disqualified",
            Disposition::LostQueue { .. } => "lost_queue",
        }
    }

    /// Translation key of the disposition's name.
    pub fn label_key(&self) -> &'static str {
        match self {
            Disposition::Active => "rules.disposition_active",
            Disposition::Nurture { .. } => "rules.disposition_nurture",
            Disposition::Disqualified { .. } => "rules.disposition_disqualified",
            Disposition::LostQueue { .. } => "rules.disposition_lost_queue",
        }
    }

    /// The reason given, if any.
    pub fn reason(&self) -> Option<&LocalText> {
        match self {
            Disposition::Active => None,
            Disposition::Nurture { reason }
            | Disposition::Disqualified { reason }
            | Disposition::LostQueue { reason } => Some(reason),
        }
    }
}

/// A follow-up task a rule created.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FollowUp {
    pub due: Timestamp,
    pub note: LocalText,
    pub created_at: Timestamp,
    pub done: bool,
}

/// What rules have done to one lead, stored per lead as JSON. Every field defaults, so a state
/// saved by an older version loads; a lead without a stored state has the default.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RuleState {
    /// Shown Cold whatever the score.
    pub cold_flag: bool,
    pub disposition: Disposition,
    /// When the disposition last changed (`None`: never by a rule).
    pub disposition_at: Option<Timestamp>,
    /// Set when a customer's relationship should be reviewed, with why.
    pub review_relationship: Option<LocalText>,
    /// Points taken off the score, in total (never negative).
    pub score_penalty: Points,
    pub follow_ups: Vec<FollowUp>,
}

impl RuleState {
    /// What the state does to the lead's score.
    pub fn adjustment(&self) -> RuleAdjustment {
        RuleAdjustment {
            penalty: self.score_penalty,
            cold: self.cold_flag,
        }
    }

    /// The score after the penalty.
    pub fn score(&self, score: Points) -> Points {
        self.adjustment().score(score)
    }

    /// The grade to show: Cold when flagged, else the grade of the penalised score.
    pub fn grade(&self, score: Points, thresholds: &Thresholds) -> Grade {
        self.adjustment().grade(score, thresholds)
    }

    /// Whether the lead is on the active list as far as rules are concerned.
    pub fn is_active(&self) -> bool {
        self.disposition == Disposition::Active
    }
}

/// A lead's rule state as stored in its document: `{"lead_id": …, "cold_flag": …, …}`, the lead
/// id inside so the whole collection can be read back with ids. The fields are [`RuleState`]'s,
/// spelled out rather than `#[serde(flatten)]`ed: flattening reads through serde's buffered
/// `Content` (several KB of wasm); the JSON is the same.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredRuleState {
    pub lead_id: crate::domain::LeadId,
    #[serde(default)]
    cold_flag: bool,
    #[serde(default)]
    disposition: Disposition,
    #[serde(default)]
    disposition_at: Option<Timestamp>,
    #[serde(default)]
    review_relationship: Option<LocalText>,
    #[serde(default)]
    score_penalty: Points,
    #[serde(default)]
    follow_ups: Vec<FollowUp>,
}

impl StoredRuleState {
    pub fn new(lead_id: crate::domain::LeadId, state: RuleState) -> StoredRuleState {
        let RuleState {
            cold_flag,
            disposition,
            disposition_at,
            review_relationship,
            score_penalty,
            follow_ups,
        } = state;
        StoredRuleState {
            lead_id,
            cold_flag,
            disposition,
            disposition_at,
            review_relationship,
            score_penalty,
            follow_ups,
        }
    }

    /// The lead id and its state.
    pub fn into_parts(self) -> (crate::domain::LeadId, RuleState) {
        let StoredRuleState {
            lead_id,
            cold_flag,
            disposition,
            disposition_at,
            review_relationship,
            score_penalty,
            follow_ups,
        } = self;
        let state = RuleState {
            cold_flag,
            disposition,
            disposition_at,
            review_relationship,
            score_penalty,
            follow_ups,
        };
        (lead_id, state)
    }
}

/// A change to a lead's state: what it was and what it becomes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub before: RuleState,
    pub after: RuleState,
}

impl Outcome {
    /// Whether applying changes anything.
    pub fn changes(&self) -> bool {
        self.before != self.after
    }
}

/// The state after applying `action` at `now`. Pure: the caller stores `after` and keeps `before`
/// in the audit log for undo.
pub fn apply_action(state: &RuleState, action: &Action, now: Timestamp) -> Outcome {
    let mut after = state.clone();
    let mut dispose = |d: Disposition| {
        if after.disposition != d {
            after.disposition = d;
            after.disposition_at = Some(now);
        }
    };
    match action {
        Action::FlagCold => after.cold_flag = true,
        Action::MoveToNurture { reason } => dispose(Disposition::Nurture {
            reason: reason.clone(),
        }),
        Action::Disqualify { reason } => dispose(Disposition::Disqualified {
            reason: reason.clone(),
        }),
        Action::MoveToLost { reason } => dispose(Disposition::LostQueue {
            reason: reason.clone(),
        }),
        Action::ReturnToActive => {
            dispose(Disposition::Active);
            after.cold_flag = false;
        }
        Action::FollowUp { in_days, note } => after.follow_ups.push(FollowUp {
            due: now + (*in_days).clamp(0, MAX_FOLLOW_UP_DAYS) * MS_PER_DAY,
            note: note.clone(),
            created_at: now,
            done: false,
        }),
        Action::SubtractPoints { points } => {
            after.score_penalty = after.score_penalty.saturating_add((*points).max(0))
        }
        Action::ReviewRelationship { reason } => after.review_relationship = Some(reason.clone()),
    }
    Outcome {
        before: state.clone(),
        after,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn reason(en: &str) -> LocalText {
        LocalText::new(en, "")
    }

    #[test]
    fn each_action_changes_only_its_part() {
        let s = RuleState::default();
        let after = |a: Action| apply_action(&s, &a, 10 * MS_PER_DAY).after;
        assert!(after(Action::FlagCold).cold_flag);
        assert_eq!(
            after(Action::Disqualify {
                reason: reason("no budget")
            }),
            RuleState {
                disposition: Disposition::Disqualified {
                    reason: reason("no budget")
                },
                disposition_at: Some(10 * MS_PER_DAY),
                ..RuleState::default()
            }
        );
        assert_eq!(
            after(Action::SubtractPoints { points: 15 }).score_penalty,
            15
        );
        assert_eq!(
            after(Action::FollowUp {
                in_days: 3,
                note: reason("call")
            })
            .follow_ups[0]
                .due,
            13 * MS_PER_DAY
        );
        assert_eq!(
            after(Action::ReviewRelationship {
                reason: reason("x")
            })
            .review_relationship,
            Some(reason("x"))
        );
        assert!(!apply_action(&s, &Action::ReturnToActive, 0).changes());
    }

    #[test]
    fn penalty_and_flag_change_score_and_grade() {
        let t = Thresholds {
            hot: 60,
            warm: 30,
            mql: 40,
        };
        let mut s = RuleState {
            score_penalty: 20,
            ..RuleState::default()
        };
        assert_eq!(s.score(70), 50);
        assert_eq!(s.grade(70, &t), Grade::Warm);
        s.cold_flag = true;
        assert_eq!(s.grade(500, &t), Grade::Cold);
    }

    #[test]
    fn actions_validate_their_parameters() {
        let paths = |a: Action| -> Vec<(String, RuleProblemKind)> {
            a.validate().into_iter().map(|p| (p.path, p.kind)).collect()
        };
        assert_eq!(
            paths(Action::Disqualify {
                reason: LocalText::new(" ", "")
            }),
            vec![("action.reason".into(), RuleProblemKind::ReasonRequired)]
        );
        assert_eq!(
            paths(Action::SubtractPoints { points: -5 }),
            vec![("action.points".into(), RuleProblemKind::PointsOutOfRange)]
        );
        assert_eq!(
            paths(Action::FollowUp {
                in_days: -1,
                note: reason("x")
            }),
            vec![("action.in_days".into(), RuleProblemKind::NegativeDays)]
        );
        assert!(paths(Action::MoveToNurture {
            reason: LocalText::default()
        })
        .is_empty());
    }

    #[test]
    fn the_stored_state_is_the_flattened_form() {
        #[derive(Serialize, Deserialize, PartialEq, Debug)]
        struct Flattened {
            lead_id: u64,
            #[serde(flatten)]
            state: RuleState,
        }
        let state = RuleState {
            cold_flag: true,
            disposition: Disposition::Nurture {
                reason: reason("later"),
            },
            disposition_at: Some(9),
            review_relationship: Some(reason("complaints")),
            score_penalty: 15,
            follow_ups: apply_action(
                &RuleState::default(),
                &Action::FollowUp {
                    in_days: 3,
                    note: reason("call"),
                },
                5,
            )
            .after
            .follow_ups,
        };
        assert!(!state.follow_ups.is_empty());
        for state in [state, RuleState::default()] {
            let stored = StoredRuleState::new(7, state.clone());
            let old = Flattened {
                lead_id: 7,
                state: state.clone(),
            };
            let json = serde_json::to_string(&stored).unwrap();
            assert_eq!(json, serde_json::to_string(&old).unwrap());
            assert_eq!(serde_json::from_str::<Flattened>(&json).unwrap(), old);
            assert_eq!(
                serde_json::from_str::<StoredRuleState>(&json)
                    .unwrap()
                    .into_parts(),
                (7, state)
            );
        }
        let sparse: StoredRuleState =
            serde_json::from_str(r#"{"cold_flag":true,"lead_id":3}"#).unwrap();
        let (id, state) = sparse.into_parts();
        assert_eq!(id, 3);
        assert_eq!(
            state,
            serde_json::from_str::<RuleState>(r#"{"cold_flag":true}"#).unwrap()
        );
        assert!(serde_json::from_str::<StoredRuleState>(r#"{"cold_flag":true}"#).is_err());
    }

    #[test]
    fn an_old_state_loads_and_round_trips() {
        let s: RuleState = serde_json::from_str(r#"{"cold_flag":true}"#).unwrap();
        assert!(s.cold_flag && s.is_active());
        let moved = apply_action(
            &s,
            &Action::MoveToLost {
                reason: reason("next year"),
            },
            5,
        )
        .after;
        let json = serde_json::to_string(&moved).unwrap();
        assert_eq!(serde_json::from_str::<RuleState>(&json).unwrap(), moved);
    }
}
