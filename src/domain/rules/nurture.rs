//! Nurtured leads that warmed up: a lead rules moved to Nurture whose score has since reached the
//! MQL threshold is proposed for return to the active list.

use super::action::{Action, Disposition, RuleState};
use super::evaluate::Firing;
use super::evidence::{evidence_key, Evidence, Fnv};
use crate::domain::scoring::Points;
use crate::domain::{LeadId, Timestamp};

/// The rule id of return proposals in the review and the audit log.
pub const NURTURE_RETURN_RULE: &str = "nurture_return";

/// Translation key of the return proposals' section title in the review.
pub const NURTURE_RETURN_TITLE_KEY: &str = "rules.nurture_return_title";

/// A return proposal (action `ReturnToActive`, evidence the score) for every candidate whose state
/// is Nurture and whose score (after any rule penalty) is at or above `mql_threshold`. A dismissal
/// holds until the lead is nurtured again (the key follows when it entered Nurture).
pub fn nurture_returns<'a>(
    candidates: impl IntoIterator<Item = (LeadId, &'a RuleState, Points)>,
    mql_threshold: Points,
    now: Timestamp,
) -> Vec<Firing> {
    candidates
        .into_iter()
        .filter(|(_, state, score)| {
            matches!(state.disposition, Disposition::Nurture { .. })
                && state.score(*score) >= mql_threshold
        })
        .map(|(lead_id, state, score)| {
            let evidence = vec![Evidence::Score {
                points: state.score(score),
            }];
            let mut h = Fnv(evidence_key(NURTURE_RETURN_RULE, lead_id, &evidence));
            h.u64(state.disposition_at.map_or(u64::MAX, |t| t as u64));
            Firing {
                rule_id: NURTURE_RETURN_RULE.to_owned(),
                lead_id,
                action: Action::ReturnToActive,
                evidence,
                at: now,
                evidence_key: h.0,
            }
        })
        .collect()
}
