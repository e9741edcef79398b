use super::*;
use crate::domain::pipeline::{DealStatus, StageEntry};
use crate::domain::{ActivityKind, Currency, Money};

fn lead(id: LeadId, name: &str, phone: &str) -> Lead {
    Lead {
        name: name.into(),
        phone: phone.into(),
        ..Lead::blank(id)
    }
}

#[test]
fn every_file_starts_with_a_bom_and_its_header() {
    let leads = leads_csv(&[lead(1, "Sara", "")]);
    assert!(
        leads.starts_with("\u{feff}name,company,job_title,"),
        "{leads}"
    );
    let none: [&Activity; 0] = [];
    assert_eq!(
        activities_csv(none, |_| None),
        "\u{feff}id,lead_id,lead,kind,at,notes\n"
    );
}

#[test]
fn a_formula_in_a_lead_is_written_as_text_and_a_phone_stays_readable() {
    let leads = [
        lead(
            1,
            "=HYPERLINK(\"http://evil.example\",\"open\")",
            "+98 912 111 2222",
        ),
        lead(2, "@boss", "-"),
    ];
    let csv = leads_csv(&leads);
    let mut reader =
        csv::ReaderBuilder::new().from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(&rows[0][0], "'=HYPERLINK(\"http://evil.example\",\"open\")");
    assert_eq!(&rows[0][4], "+98 912 111 2222");
    assert_eq!(&rows[1][0], "'@boss");
    assert_eq!(&rows[1][4], "'-");
}

#[test]
fn deleted_leads_and_their_activities_are_left_out() {
    let mut gone = lead(2, "Gone", "");
    gone.deleted_at = Some(5);
    let leads = [lead(1, "Kept", ""), gone];
    let activities = [
        Activity {
            id: 11,
            lead_id: 1,
            kind: ActivityKind::Call,
            at: 1_796_195_400_000,
            notes: "+ask about budget".into(),
            revision: Default::default(),
        },
        Activity {
            id: 12,
            lead_id: 2,
            kind: ActivityKind::Call,
            at: 0,
            notes: String::new(),
            revision: Default::default(),
        },
    ];
    let csv = leads_csv(&leads);
    assert!(csv.contains("Kept") && !csv.contains("Gone"));
    let csv = activities_csv(&activities, |id| leads.iter().find(|l| l.id == id));
    assert_eq!(
        csv,
        "\u{feff}id,lead_id,lead,kind,at,notes\n11,1,Kept,call,2026-12-02T07:10:00Z,'+ask about budget\n"
    );
}

#[test]
fn deals_name_their_lead_stage_status_and_close() {
    let config = PipelineConfig::default();
    let first = config.stages[0].clone();
    let deal = Deal {
        id: 40,
        title: "ERP, phase 1".into(),
        lead: 1,
        value: Money {
            amount: 1_500_000,
            currency: Currency::Toman,
        },
        expected_close: Date::from_timestamp(1_796_195_400_000, 0),
        owner: "Omid".into(),
        probability: Some(35),
        stage: first.id,
        status: DealStatus::Lost,
        reason: Some(Reason::Text("Price".into())),
        history: vec![
            StageEntry {
                at: 0,
                stage: first.id,
                status: DealStatus::Open,
                reason: None,
            },
            StageEntry {
                at: 86_400_000,
                stage: first.id,
                status: DealStatus::Lost,
                reason: None,
            },
        ],
        override_reason: None,
        created_at: 0,
        updated_at: 86_400_000,
    };
    let leads = [lead(1, "Sara", "")];
    let csv = deals_csv(&[deal], |id| leads.iter().find(|l| l.id == id), &config);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[1],
        format!(
            "40,\"ERP, phase 1\",1,Sara,1500000,TOMAN,35,{},lost,Price,2026-12-02,Omid,1970-01-01T00:00:00Z,1970-01-02T00:00:00Z",
            first.name_en
        )
    );
}
