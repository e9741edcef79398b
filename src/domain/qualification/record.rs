//! A lead's qualification record: the answers, BANT, sales acceptance and a lead-type override.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Answer, Bant, LeadType, QuestionAnswer, QuestionId};
use crate::domain::{LeadId, Timestamp};

/// Everything the rep recorded while qualifying one lead. Stored per lead; every field defaults,
/// so a record saved by an older version loads.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Qualification {
    pub lead_id: LeadId,
    /// Answers by question id. Answers to questions since removed from the bank are kept, and
    /// ignored by the verdict.
    pub answers: BTreeMap<QuestionId, QuestionAnswer>,
    pub bant: Bant,
    /// When sales accepted the lead (the second half of the SQL rule), if it did.
    pub accepted_by_sales: Option<Timestamp>,
    /// A manual lead type, which wins over every rule.
    pub lead_type_override: Option<LeadTypeOverride>,
}

/// A lead type set by hand, with why and when.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LeadTypeOverride {
    pub lead_type: LeadType,
    pub reason: String,
    pub at: Timestamp,
}

/// Why a lead-type override was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OverrideProblem {
    /// An override must say why.
    ReasonRequired,
}

impl OverrideProblem {
    /// Translation key of the message.
    pub fn message_key(self) -> &'static str {
        match self {
            OverrideProblem::ReasonRequired => "qualification.override_reason_required",
        }
    }
}

impl Qualification {
    /// An empty record for a lead.
    pub fn new(lead_id: LeadId) -> Qualification {
        Qualification {
            lead_id,
            ..Qualification::default()
        }
    }

    /// The answer to a question (`Unknown` if never answered).
    pub fn answer(&self, id: &str) -> Answer {
        self.answers.get(id).map_or(Answer::Unknown, |a| a.answer)
    }

    /// Records an answer and its note.
    pub fn set_answer(&mut self, id: &str, answer: Answer, note: impl Into<String>) {
        self.answers.insert(
            id.to_owned(),
            QuestionAnswer {
                answer,
                note: note.into(),
            },
        );
    }

    /// Records that sales accepted the lead at `now` (kept if already accepted earlier).
    pub fn accept_by_sales(&mut self, now: Timestamp) {
        self.accepted_by_sales.get_or_insert(now);
    }

    /// Sets the lead type by hand; the reason is required and trimmed.
    pub fn override_lead_type(
        &mut self,
        lead_type: LeadType,
        reason: &str,
        now: Timestamp,
    ) -> Result<(), OverrideProblem> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(OverrideProblem::ReasonRequired);
        }
        self.lead_type_override = Some(LeadTypeOverride {
            lead_type,
            reason: reason.to_owned(),
            at: now,
        });
        Ok(())
    }

    /// Returns the lead type to the rules.
    pub fn clear_override(&mut self) {
        self.lead_type_override = None;
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn an_old_record_missing_fields_loads() {
        let q: Qualification =
            serde_json::from_str(r#"{"lead_id":7,"answers":{"org_territory":{"answer":"Yes"}}}"#)
                .unwrap();
        assert_eq!(q.lead_id, 7);
        assert_eq!(q.answer("org_territory"), Answer::Yes);
        assert_eq!(q.answer("org_persona"), Answer::Unknown);
        assert_eq!(q.bant, Bant::default());
        let round: Qualification =
            serde_json::from_str(&serde_json::to_string(&q).unwrap()).unwrap();
        assert_eq!(round, q);
    }

    #[test]
    fn overrides_need_a_reason_and_acceptance_keeps_the_first_time() {
        let mut q = Qualification::new(1);
        assert_eq!(
            q.override_lead_type(LeadType::Sql, "  ", 5),
            Err(OverrideProblem::ReasonRequired)
        );
        q.override_lead_type(LeadType::Sql, " met the CEO ", 5)
            .unwrap();
        assert_eq!(q.lead_type_override.as_ref().unwrap().reason, "met the CEO");
        q.clear_override();
        assert!(q.lead_type_override.is_none());
        q.accept_by_sales(10);
        q.accept_by_sales(20);
        assert_eq!(q.accepted_by_sales, Some(10));
    }
}
