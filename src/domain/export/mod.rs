//! Taking data out as CSV files for spreadsheet programs: leads, activities and deals. Every file
//! starts with a byte-order mark (UTF-8, so Persian shows correctly) and no cell can run as a
//! formula when the file is opened (see [`csv_writer`]). Dates are ISO 8601 (Gregorian), times UTC.

pub mod csv_writer;

use crate::domain::pipeline::{Deal, PipelineConfig, Reason};
use crate::domain::validation::{LeadField, LeadForm};
use crate::domain::{format_gregorian, Activity, Date, Lead, LeadId, Timeline, Timestamp};
use csv_writer::{push_record, BOM};

/// The given leads (soft-deleted ones are left out), one column per field under its key.
pub fn leads_csv<'a>(leads: impl IntoIterator<Item = &'a Lead>) -> String {
    let mut out = String::from(BOM);
    let header: Vec<&str> = LeadField::ALL.iter().map(|f| f.key()).collect();
    push_record(&mut out, &header);
    for lead in leads.into_iter().filter(|l| !l.is_deleted()) {
        let form = LeadForm::from_lead(lead);
        let timeline = match lead.timeline {
            Timeline::Unknown => String::new(),
            Timeline::By(_) => form.timeline.clone(),
        };
        let cells = [
            &form.name,
            &form.company,
            &form.job_title,
            &form.email,
            &form.phone,
            &form.source,
            &form.industry,
            &form.employees,
            &form.city,
            &form.country,
            &form.budget,
            &form.currency,
            &form.decision_role,
            &form.need,
            &timeline,
            &form.journey_stage,
            &form.owner,
            &form.tags,
            &form.notes,
        ];
        push_record(&mut out, &cells.map(String::as_str));
    }
    out
}

/// Every activity of the leads not deleted, with the lead's id and name, oldest first.
pub fn activities_csv<'a>(
    activities: impl IntoIterator<Item = &'a Activity>,
    lead: impl Fn(LeadId) -> Option<&'a Lead>,
) -> String {
    let mut out = String::from(BOM);
    push_record(&mut out, &["id", "lead_id", "lead", "kind", "at", "notes"]);
    let mut rows: Vec<&Activity> = activities.into_iter().collect();
    rows.sort_by_key(|a| (a.at, a.id));
    for activity in rows {
        let Some(owner) = lead(activity.lead_id).filter(|l| !l.is_deleted()) else {
            continue;
        };
        push_record(
            &mut out,
            &[
                &activity.id.to_string(),
                &activity.lead_id.to_string(),
                &owner.name,
                activity.kind.key(),
                &utc_time(activity.at),
                &activity.notes,
            ],
        );
    }
    out
}

/// Every deal, with its stage by name (English, as stored keys are for machines), in id order.
pub fn deals_csv<'a>(
    deals: impl IntoIterator<Item = &'a Deal>,
    lead: impl Fn(LeadId) -> Option<&'a Lead>,
    config: &PipelineConfig,
) -> String {
    let mut out = String::from(BOM);
    push_record(
        &mut out,
        &[
            "id",
            "title",
            "lead_id",
            "lead",
            "value",
            "currency",
            "probability",
            "stage",
            "status",
            "reason",
            "expected_close",
            "owner",
            "created_at",
            "closed_at",
        ],
    );
    let mut rows: Vec<&Deal> = deals.into_iter().collect();
    rows.sort_by_key(|d| d.id);
    for deal in rows {
        let lead_name = lead(deal.lead).map(|l| l.name.as_str()).unwrap_or_default();
        let stage = config
            .stage(deal.stage)
            .map(|s| s.name(false).to_owned())
            .unwrap_or_else(|| deal.stage.to_string());
        let reason = match &deal.reason {
            None => String::new(),
            Some(Reason::Stale) => "stale".into(),
            Some(Reason::Text(text)) => text.clone(),
        };
        push_record(
            &mut out,
            &[
                &deal.id.to_string(),
                &deal.title,
                &deal.lead.to_string(),
                lead_name,
                &deal.value.amount.to_string(),
                deal.value.currency.code(),
                &deal.probability.map(|p| p.to_string()).unwrap_or_default(),
                &stage,
                deal.status.key(),
                &reason,
                &format_gregorian(deal.expected_close),
                &deal.owner,
                &utc_time(deal.created_at),
                &deal.closed_at().map(utc_time).unwrap_or_default(),
            ],
        );
    }
    out
}

/// `2026-12-02T06:30:00Z`.
fn utc_time(at: Timestamp) -> String {
    let day = Date::from_timestamp(at, 0);
    let ms_of_day = at - day.start_timestamp();
    let seconds = ms_of_day / 1000;
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        format_gregorian(day),
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
