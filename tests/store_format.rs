//! The stored format is pinned: every format ever written keeps decoding to the same values
//! (fixtures written by the version that wrote them, in `tests/fixtures/store`), and today's
//! writer still writes the newest format byte for byte. If the last test fails, a stored type
//! changed: add a new format (src/store/format), keep decoding the old ones, and commit fixtures
//! written by the new version in a new folder — never edit or regenerate existing fixtures.

use kariz::domain::forecast::SalesTargets;
use kariz::domain::pipeline::{Deal, DealStatus, PipelineConfig, Reason};
use kariz::domain::qualification::{Answer, Qualification, QuestionBank};
use kariz::domain::records::profile::Profile;
use kariz::domain::rules::{AuditEntry, Dismissal, Disposition, RuleSet, StoredRuleState};
use kariz::domain::scoring::ScoringModel;
use kariz::domain::{
    Activity, ActivityKind, Currency, Date, DecisionRole, JourneyStage, Lead, LeadSource, Money,
    Rev, Revision, Timeline,
};
use kariz::store::codec::{decode_chunk, encode_chunk};

const FORMAT_1: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/store/format-1");
const FORMAT_2: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/store/format-2");

fn read(dir: &str, file: &str) -> Vec<u8> {
    std::fs::read(format!("{dir}/{file}")).unwrap_or_else(|e| panic!("{dir}/{file}: {e}"))
}

fn format_1_leads() -> Vec<Lead> {
    let mut leads: Vec<Lead> = decode_chunk(&read(FORMAT_1, "lead_chunk_0.bin")).unwrap();
    leads.extend(decode_chunk::<Lead>(&read(FORMAT_1, "lead_chunk_1.bin")).unwrap());
    leads
}

fn format_1_activities() -> Vec<Activity> {
    decode_chunk(&read(FORMAT_1, "activity_chunk_0.bin")).unwrap()
}

#[test]
fn format_1_chunks_decode_field_by_field() {
    let leads = format_1_leads();
    assert_eq!(leads.len(), 3);
    let sara = &leads[0];
    assert_eq!(sara.id, 1);
    assert_eq!(sara.name, "سارا احمدی");
    assert_eq!(sara.company, "نرم‌افزار آرین");
    assert_eq!(sara.job_title, "CEO");
    assert_eq!(sara.email, "sara@arian.example");
    assert_eq!(sara.phone, "+98 912 111 2222");
    assert_eq!(sara.source, LeadSource::Referral);
    assert_eq!(sara.industry, "نرم‌افزار");
    assert_eq!(sara.employees, Some(45));
    assert_eq!(
        (sara.city.as_str(), sara.country.as_str()),
        ("تهران", "ایران")
    );
    assert_eq!(
        sara.budget,
        Some(Money {
            amount: 500_000_000,
            currency: Currency::Toman
        })
    );
    assert_eq!(sara.decision_role, DecisionRole::DecisionMaker);
    assert_eq!(sara.need, "CRM for 5 reps");
    assert_eq!(sara.timeline, Timeline::By(Date(20_800)));
    assert_eq!(sara.journey_stage, JourneyStage::Decision);
    assert_eq!(sara.owner, "Omid");
    assert_eq!(sara.tags, ["vip", "expo"]);
    assert_eq!(sara.notes, "said \"call me\"\nnext week");
    assert_eq!(
        (sara.created_at, sara.updated_at),
        (1_792_739_400_000, 1_796_022_600_000)
    );
    assert_eq!(sara.deleted_at, None);
    assert_eq!(
        sara.revision,
        Revision::default(),
        "stored before revisions: version 0"
    );
    let reza = &leads[1];
    assert_eq!(
        reza.budget,
        Some(Money {
            amount: 900,
            currency: Currency::Usd
        })
    );
    assert_eq!(reza.deleted_at, Some(1_796_109_000_000));
    assert_eq!(
        (reza.source, reza.timeline),
        (LeadSource::Other, Timeline::Unknown)
    );
    assert_eq!(leads[2].id, 1500);
    assert_eq!(
        (leads[2].decision_role, leads[2].journey_stage),
        (DecisionRole::Influencer, JourneyStage::Consideration)
    );

    let activities = format_1_activities();
    assert_eq!(activities.len(), 22);
    let kinds: Vec<ActivityKind> = activities.iter().take(17).map(|a| a.kind).collect();
    assert_eq!(kinds, ActivityKind::ALL, "every kind, in its stored order");
    assert_eq!(activities[0].notes, "تماس اول");
    assert!(activities[17..]
        .iter()
        .all(|a| a.kind == ActivityKind::EmailSent && a.lead_id == 1500));

    // The same records as that version's own JSON says.
    let json: Vec<Lead> = serde_json::from_slice(&read(FORMAT_1, "leads.json")).unwrap();
    assert_eq!(json, leads);
    let json: Vec<Activity> = serde_json::from_slice(&read(FORMAT_1, "activities.json")).unwrap();
    assert_eq!(json, activities);
}

/// The documents and settings format 1 wrote, each decoded into today's type, with its values.
#[test]
fn format_1_documents_and_settings_decode() {
    let docs: Vec<serde_json::Value> =
        serde_json::from_slice(&read(FORMAT_1, "docs.json")).unwrap();
    let json = |collection: &str, id: u64| -> String {
        docs.iter()
            .find(|d| d["collection"] == collection && d["id"] == id)
            .and_then(|d| d["json"].as_str())
            .unwrap_or_else(|| panic!("no {collection} {id}"))
            .to_owned()
    };
    let won: Deal = serde_json::from_str(&json("deal", 3000)).unwrap();
    assert_eq!(
        (won.status, won.probability, won.history.len()),
        (DealStatus::Won, Some(35), 3)
    );
    assert_eq!(won.override_reason.as_deref(), Some("CEO asked directly"));
    assert_eq!(
        won.value,
        Money {
            amount: 1_500_000_000,
            currency: Currency::Toman
        }
    );
    let lost: Deal = serde_json::from_str(&json("deal", 3001)).unwrap();
    assert_eq!(lost.reason, Some(Reason::Text("Price".into())));
    let answers: Qualification = serde_json::from_str(&json("qualification", 1)).unwrap();
    let bank = QuestionBank::default_bank();
    assert_eq!(answers.answers[&bank.questions[0].id].answer, Answer::Yes);
    assert_eq!(answers.answers[&bank.questions[0].id].note, "یادداشت");
    assert_eq!(answers.answers[&bank.questions[1].id].answer, Answer::No);
    assert_eq!(answers.bant.need_level, Some(2));
    let state: StoredRuleState = serde_json::from_str(&json("rule_state", 1500)).unwrap();
    let (lead, state) = state.into_parts();
    assert_eq!(lead, 1500);
    assert!(state.cold_flag || state.disposition != Disposition::Active || state.score_penalty > 0);
    let entry: AuditEntry = serde_json::from_str(&json("audit", 4000)).unwrap();
    assert_eq!(
        (entry.id, entry.lead_id, entry.who.as_str()),
        (4000, 1500, "Nima")
    );
    assert_eq!(entry.evidence.len(), 5, "five unanswered e-mails");
    let dismissal: Dismissal = serde_json::from_str(&json("dismissal", 4001)).unwrap();
    assert_eq!(
        (dismissal.lead_id, dismissal.evidence_key),
        (1500, entry.evidence_key)
    );
    let stages: PipelineConfig = serde_json::from_str(&json("pipeline", 1)).unwrap();
    assert_eq!(stages, PipelineConfig::default());
    let targets: SalesTargets = serde_json::from_str(&json("targets", 1)).unwrap();
    assert_eq!(targets.reps, ["Omid", "سارا"]);
    assert_eq!(targets.targets[0].amount, 2_000_000_000);

    let settings: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&read(FORMAT_1, "settings.json")).unwrap();
    let setting = |key: &str| settings[key].as_str().unwrap().to_owned();
    assert_eq!(
        ScoringModel::from_json(&setting("scoring"))
            .unwrap()
            .thresholds
            .hot,
        65
    );
    assert_eq!(
        QuestionBank::from_json(&setting("questions")).unwrap(),
        bank
    );
    assert_eq!(
        Profile::from_json(&setting("profile")).unwrap().name,
        "Nima Rahimi"
    );
    assert_eq!(
        RuleSet::from_json(&setting("rules")).unwrap(),
        RuleSet::default_rules()
    );
}

/// Today's types write the documents and settings exactly as format 1 wrote them: a field added,
/// renamed or removed shows here.
#[test]
fn documents_and_settings_are_written_as_format_1_wrote_them() {
    let docs: Vec<serde_json::Value> =
        serde_json::from_slice(&read(FORMAT_1, "docs.json")).unwrap();
    for doc in &docs {
        let text = doc["json"].as_str().unwrap();
        let stored: serde_json::Value = serde_json::from_str(text).unwrap();
        let again = match doc["collection"].as_str().unwrap() {
            "deal" => serde_json::to_value(serde_json::from_str::<Deal>(text).unwrap()),
            "qualification" => {
                serde_json::to_value(serde_json::from_str::<Qualification>(text).unwrap())
            }
            "rule_state" => {
                serde_json::to_value(serde_json::from_str::<StoredRuleState>(text).unwrap())
            }
            "audit" => serde_json::to_value(serde_json::from_str::<AuditEntry>(text).unwrap()),
            "dismissal" => serde_json::to_value(serde_json::from_str::<Dismissal>(text).unwrap()),
            "pipeline" => {
                serde_json::to_value(serde_json::from_str::<PipelineConfig>(text).unwrap())
            }
            "targets" => serde_json::to_value(serde_json::from_str::<SalesTargets>(text).unwrap()),
            other => panic!("a fixture of an unknown collection {other}"),
        }
        .unwrap();
        assert_eq!(
            again, stored,
            "{} {} is no longer written as stored",
            doc["collection"], doc["id"]
        );
    }
    let settings: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&read(FORMAT_1, "settings.json")).unwrap();
    let value = |json: &str| serde_json::from_str::<serde_json::Value>(json).unwrap();
    let setting = |key: &str| settings[key].as_str().unwrap().to_owned();
    assert_eq!(
        value(
            &ScoringModel::from_json(&setting("scoring"))
                .unwrap()
                .to_json()
        ),
        value(&setting("scoring"))
    );
    assert_eq!(
        value(
            &QuestionBank::from_json(&setting("questions"))
                .unwrap()
                .to_json()
        ),
        value(&setting("questions"))
    );
    assert_eq!(
        value(&Profile::from_json(&setting("profile")).unwrap().to_json()),
        value(&setting("profile"))
    );
    assert_eq!(
        value(&RuleSet::from_json(&setting("rules")).unwrap().to_json()),
        value(&setting("rules"))
    );
}

/// The format 1 records with revisions: what format 2's fixtures hold.
fn format_2_sample() -> (Vec<Lead>, Vec<Activity>) {
    let mut leads = format_1_leads();
    for (i, lead) in leads.iter_mut().enumerate() {
        lead.revision = Revision {
            current: Rev {
                number: 3 + i as u32,
                device: 0xBEEF_0001,
            },
            replaced: (i != 2).then_some(Rev {
                number: 2 + i as u32,
                device: 7,
            }),
        };
    }
    let mut activities = format_1_activities();
    for a in &mut activities {
        a.revision = Revision::first(0xBEEF_0001);
    }
    (leads, activities)
}

#[test]
fn format_2_chunks_are_written_byte_for_byte_and_decode() {
    let (leads, activities) = format_2_sample();
    let written = [
        ("lead_chunk_0.bin", encode_chunk(&leads[..2])),
        ("lead_chunk_1.bin", encode_chunk(&leads[2..])),
        ("activity_chunk_0.bin", encode_chunk(&activities)),
    ];
    if std::env::var_os("KARIZ_WRITE_NEW_FORMAT_FIXTURES").is_some() {
        // Only when a new format is first introduced, in the commit that introduces it.
        std::fs::create_dir_all(FORMAT_2).unwrap();
        for (file, bytes) in &written {
            std::fs::write(format!("{FORMAT_2}/{file}"), bytes).unwrap();
        }
    }
    for (file, bytes) in &written {
        assert_eq!(
            bytes,
            &read(FORMAT_2, file),
            "{file}: today's writer no longer writes format 2 — a stored type changed; add a new \
             format and migration instead (see src/store/format)"
        );
    }
    let mut decoded: Vec<Lead> = decode_chunk(&read(FORMAT_2, "lead_chunk_0.bin")).unwrap();
    decoded.extend(decode_chunk::<Lead>(&read(FORMAT_2, "lead_chunk_1.bin")).unwrap());
    assert_eq!(decoded, leads);
    assert_eq!(
        decode_chunk::<Activity>(&read(FORMAT_2, "activity_chunk_0.bin")).unwrap(),
        activities
    );
    assert_eq!(read(FORMAT_2, "lead_chunk_0.bin")[0], 2, "format byte");
}

/// The sample the writers at 0057e65 and 9619949 stored (`tests/fixtures/store/sample_*.rs`).
mod older {
    use kariz::domain::pipeline::{Deal, DealStatus, Reason, StageEntry};
    use kariz::domain::qualification::{Answer, Qualification};
    use kariz::domain::*;

    fn base_lead(id: u64) -> Lead {
        Lead {
            name: String::new(),
            ..Lead::blank(id)
        }
    }

    fn base_activity(id: u64, lead_id: u64) -> Activity {
        Activity {
            id,
            lead_id,
            kind: ActivityKind::Note,
            at: 0,
            notes: String::new(),
            revision: Revision::default(),
        }
    }

    include!("fixtures/store/sample_records.rs");
    include!("fixtures/store/sample_docs.rs");

    pub fn leads() -> Vec<Lead> {
        sample_leads()
    }
    pub fn activities() -> Vec<Activity> {
        sample_activities()
    }
    pub fn deals() -> Vec<Deal> {
        sample_deals()
    }
    pub fn qualifications() -> Vec<Qualification> {
        sample_qualifications()
    }
}

fn chunks_in<T: kariz::store::codec::Chunked>(folder: &str, what: &str) -> Vec<T> {
    let dir = format!(
        "{}/tests/fixtures/store/{folder}",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut files: Vec<(u64, std::path::PathBuf)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name()?.to_str()?.to_owned();
            let n = name
                .strip_prefix(&format!("{what}_chunk_"))?
                .strip_suffix(".bin")?
                .parse()
                .ok()?;
            Some((n, path))
        })
        .collect();
    files.sort();
    files
        .into_iter()
        .flat_map(|(n, path)| {
            decode_chunk::<T>(&std::fs::read(&path).unwrap())
                .unwrap_or_else(|e| panic!("{folder} {what} chunk {n}: {e}"))
        })
        .collect()
}

#[test]
fn schema_1_chunks_written_by_0057e65_decode() {
    assert_eq!(chunks_in::<Lead>("schema-1", "lead"), older::leads());
    assert_eq!(
        chunks_in::<Activity>("schema-1", "activity"),
        older::activities()
    );
}

#[test]
fn schema_3_chunks_documents_and_settings_written_by_9619949_decode() {
    assert_eq!(chunks_in::<Lead>("schema-3", "lead"), older::leads());
    assert_eq!(
        chunks_in::<Activity>("schema-3", "activity"),
        older::activities()
    );
    let dir = format!(
        "{}/tests/fixtures/store/schema-3",
        env!("CARGO_MANIFEST_DIR")
    );
    let docs: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}/docs.json")).unwrap())
            .unwrap();
    let of = |collection: &str| -> Vec<String> {
        docs.iter()
            .filter(|d| d["collection"] == collection)
            .map(|d| d["json"].as_str().unwrap().to_owned())
            .collect()
    };
    let deals: Vec<Deal> = of("deal")
        .iter()
        .map(|j| serde_json::from_str(j).unwrap())
        .collect();
    assert_eq!(deals, older::deals());
    let answers: Vec<Qualification> = of("qualification")
        .iter()
        .map(|j| serde_json::from_str(j).unwrap())
        .collect();
    assert_eq!(answers, older::qualifications());
    let settings: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}/settings.json")).unwrap())
            .unwrap();
    let scoring = ScoringModel::from_json(settings["scoring"].as_str().unwrap()).unwrap();
    assert!(scoring.thresholds.hot > scoring.thresholds.warm);
    let bank = QuestionBank::from_json(settings["questions"].as_str().unwrap()).unwrap();
    assert!(bank.questions.iter().any(|q| q.id == "org_territory"));
}

/// A backup written by backup format 1 (tests/fixtures/backup, written once by
/// write_fixture.rs.txt) keeps reading to the same records.
#[test]
fn backup_format_1_reads_field_by_field() {
    use kariz::workspace::open_backup;
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/backup/backup-1.json"
    ))
    .unwrap();
    let read = open_backup(&bytes).unwrap();
    assert_eq!(read.preview.created_at, 1_764_000_000_000);
    assert_eq!(read.preview.app_version, "0.1.0");
    assert_eq!((read.preview.leads, read.preview.activities), (2, 1));
    assert_eq!(read.preview.settings, 1, "the profile");
    let backup = kariz::store::backup::read_backup(&bytes).unwrap();
    let sara = &backup.contents.leads[0];
    assert_eq!(
        (sara.id, sara.name.as_str(), sara.company.as_str()),
        (1, "سارا احمدی", "پارس داده")
    );
    assert_eq!(
        sara.budget,
        Some(Money {
            amount: 5_000,
            currency: Currency::Toman
        })
    );
    assert_eq!(sara.owner, "Reza");
    assert_eq!(sara.revision.current.number, 1);
    let reply = &backup.contents.activities[0];
    assert_eq!(
        (reply.lead_id, reply.kind, reply.notes.as_str()),
        (1, ActivityKind::EmailReplied, "Asked for a quote")
    );
    let (key, profile) = &backup.contents.settings[0];
    assert_eq!(key, "profile");
    assert_eq!(Profile::from_json(&profile.json).unwrap().actor(), "Reza");
}
