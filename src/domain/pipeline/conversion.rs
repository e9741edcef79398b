//! Turning a lead into a deal. A lead qualified on all three levels converts freely; any other
//! lead converts only with an override reason, kept on the deal so a later review can see why.

use super::deal::{Deal, DealId, DealStatus, StageEntry, MAX_REASON_CHARS};
use super::deal_form::DealFields;
use super::stage::PipelineConfig;
use crate::domain::{Lead, Timestamp};

/// Why a lead could not be converted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConversionError {
    /// The lead is not qualified on all levels and no (non-blank) override reason was given.
    NeedsOverrideReason,
    /// The override reason is longer than [`MAX_REASON_CHARS`].
    OverrideReasonTooLong,
    /// The lead is in the bin; restore it first.
    LeadDeleted,
    /// The pipeline has no stage to put the deal in.
    NoStages,
}

impl ConversionError {
    /// Translation key of the message.
    pub fn label_key(self) -> &'static str {
        match self {
            ConversionError::NeedsOverrideReason => "conversion_problem.needs_override_reason",
            ConversionError::OverrideReasonTooLong => "conversion_problem.reason_too_long",
            ConversionError::LeadDeleted => "conversion_problem.lead_deleted",
            ConversionError::NoStages => "conversion_problem.no_stages",
        }
    }
}

/// A new open deal `id` for `lead` in the pipeline's first stage, created at `now`, with one
/// history entry. `qualified` says whether the lead is qualified on all three levels (the
/// qualification module decides); if not, `override_reason` must say why it converts anyway.
/// `fields` come from [`DealForm::validate`](super::deal_form::DealForm::validate), usually on a
/// form filled by [`DealForm::from_lead`](super::deal_form::DealForm::from_lead).
pub fn convert(
    lead: &Lead,
    qualified: bool,
    override_reason: Option<&str>,
    fields: DealFields,
    config: &PipelineConfig,
    id: DealId,
    now: Timestamp,
) -> Result<Deal, ConversionError> {
    if lead.is_deleted() {
        return Err(ConversionError::LeadDeleted);
    }
    let override_reason = if qualified {
        None
    } else {
        let reason = override_reason.map(str::trim).unwrap_or("");
        if reason.is_empty() {
            return Err(ConversionError::NeedsOverrideReason);
        }
        if reason.chars().count() > MAX_REASON_CHARS {
            return Err(ConversionError::OverrideReasonTooLong);
        }
        Some(reason.to_string())
    };
    let stage = config.first_stage().ok_or(ConversionError::NoStages)?.id;
    Ok(Deal {
        id,
        title: fields.title,
        lead: lead.id,
        value: fields.value,
        expected_close: fields.expected_close,
        owner: fields.owner,
        probability: fields.probability,
        stage,
        status: DealStatus::Open,
        reason: None,
        history: vec![StageEntry {
            at: now,
            stage,
            status: DealStatus::Open,
            reason: None,
        }],
        override_reason,
        created_at: now,
        updated_at: now,
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::pipeline::deal_form::DealForm;
    use crate::domain::{Currency, Date, LeadForm, Money, Timeline};

    fn lead() -> Lead {
        let fields = LeadForm {
            name: "Sara Ahmadi".into(),
            company: "Acme".into(),
            budget: "5,000".into(),
            currency: "USD".into(),
            owner: "Reza".into(),
            ..LeadForm::default()
        }
        .validate()
        .unwrap();
        fields.into_new_lead(42, 0)
    }

    fn fields(lead: &Lead, today: Date) -> DealFields {
        DealForm::from_lead(lead, today).validate(today).unwrap()
    }

    #[test]
    fn a_qualified_lead_converts_into_the_first_stage_with_its_budget_and_owner() {
        let today = Date::from_gregorian(2026, 4, 1).unwrap();
        let lead = lead();
        let now = today.start_timestamp() + 1_000;
        let deal = convert(
            &lead,
            true,
            Some("ignored"),
            fields(&lead, today),
            &PipelineConfig::default(),
            7,
            now,
        )
        .unwrap();
        assert_eq!(
            (deal.id, deal.lead, deal.stage, deal.status),
            (7, 42, 1, DealStatus::Open)
        );
        assert_eq!(deal.title, "Acme");
        assert_eq!(
            deal.value,
            Money {
                amount: 5_000,
                currency: Currency::Usd
            }
        );
        assert_eq!(deal.owner, "Reza");
        assert_eq!(deal.expected_close, today.add_days(30));
        assert_eq!(deal.override_reason, None);
        assert_eq!(
            deal.history,
            vec![StageEntry {
                at: now,
                stage: 1,
                status: DealStatus::Open,
                reason: None
            }]
        );
        assert_eq!((deal.created_at, deal.updated_at), (now, now));
    }

    #[test]
    fn an_unqualified_lead_needs_a_reason() {
        let lead = lead();
        let f = || fields(&lead, Date(20_000));
        let config = PipelineConfig::default();
        for reason in [None, Some(""), Some("   ")] {
            assert_eq!(
                convert(&lead, false, reason, f(), &config, 1, 0),
                Err(ConversionError::NeedsOverrideReason)
            );
        }
        let long = "x".repeat(501);
        assert_eq!(
            convert(&lead, false, Some(&long), f(), &config, 1, 0),
            Err(ConversionError::OverrideReasonTooLong)
        );
        let deal = convert(
            &lead,
            false,
            Some(" CEO asked for a quote "),
            f(),
            &config,
            1,
            0,
        )
        .unwrap();
        assert_eq!(
            deal.override_reason.as_deref(),
            Some("CEO asked for a quote")
        );
    }

    #[test]
    fn deleted_leads_and_empty_pipelines_are_refused() {
        let mut lead = lead();
        let f = fields(&lead, Date(20_000));
        assert_eq!(
            convert(
                &lead,
                true,
                None,
                f.clone(),
                &PipelineConfig { stages: vec![] },
                1,
                0
            ),
            Err(ConversionError::NoStages)
        );
        lead.deleted_at = Some(5);
        assert_eq!(
            convert(&lead, true, None, f, &PipelineConfig::default(), 1, 0),
            Err(ConversionError::LeadDeleted)
        );
    }

    #[test]
    fn the_lead_timeline_becomes_the_expected_close_unless_already_past() {
        let today = Date(20_000);
        let mut lead = lead();
        lead.timeline = Timeline::By(today.add_days(10));
        assert_eq!(fields(&lead, today).expected_close, today.add_days(10));
        lead.timeline = Timeline::By(today.add_days(-1));
        assert_eq!(fields(&lead, today).expected_close, today.add_days(30));
        lead.company = " ".into();
        assert_eq!(fields(&lead, today).title, "Sara Ahmadi");
    }
}
