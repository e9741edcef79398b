//! The behaviour every [`Store`] must have, written once and run on each implementation:
//! natively on [`MemoryStore`](super::memory::MemoryStore) (`tests/store_memory.rs`) and in a
//! browser on the IndexedDB store (`tests/store_idb.rs`).
//!
//! Each function expects a fresh, empty store and panics with a message saying what broke.

#![doc(hidden)]

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{ChangeSet, Contents, Doc, IdKind, Setting, Snapshot, Store, StoreError};
use crate::domain::{
    Activity, ActivityKind, Currency, Date, DecisionRole, JourneyStage, Lead, LeadSource, Money,
    Revision, Timeline,
};

/// A lead with every field filled, derived from its id.
pub fn lead(id: u64) -> Lead {
    Lead {
        id,
        name: format!("Lead {id}"),
        company: format!("Company {}", id % 97),
        job_title: "Buyer".into(),
        email: format!("lead{id}@example.com"),
        phone: format!("+98 912 {id:07}"),
        source: LeadSource::ALL[id as usize % LeadSource::ALL.len()],
        industry: "Retail".into(),
        employees: Some((id % 500) as u32),
        city: "Tehran".into(),
        country: "IR".into(),
        budget: Some(Money {
            amount: id * 1_000,
            currency: Currency::Toman,
        }),
        decision_role: DecisionRole::DecisionMaker,
        need: "A CRM that works offline".into(),
        timeline: Timeline::By(Date(20_000 + (id % 365) as i32)),
        journey_stage: JourneyStage::Consideration,
        owner: "sara".into(),
        tags: vec!["vip".into(), format!("t{}", id % 7)],
        notes: String::new(),
        created_at: 1_700_000_000_000 + id as i64,
        updated_at: 1_700_000_000_000 + id as i64,
        revision: Revision::default(),
        deleted_at: None,
    }
}

/// An activity of `lead_id`, derived from its id.
pub fn activity(id: u64, lead_id: u64) -> Activity {
    Activity {
        id,
        lead_id,
        kind: ActivityKind::ALL[id as usize % ActivityKind::ALL.len()],
        at: 1_700_000_000_000 + (id % 10_000_000) as i64 * 60_000,
        notes: format!("note {id}"),
        revision: Revision::default(),
    }
}

/// A small record stored as a JSON document, as the app's deals or audit entries are.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Note {
    pub lead_id: u64,
    pub text: String,
}

/// A [`Note`] document of `collection`, derived from its id.
pub fn doc(collection: &str, id: u64) -> Doc {
    Doc::encode(
        collection,
        id,
        &Note {
            lead_id: id % 3 + 1,
            text: format!("{collection} {id}"),
        },
    )
}

fn key(d: &Doc) -> (String, u64) {
    (d.collection.clone(), d.id)
}

fn leads(ids: impl IntoIterator<Item = u64>) -> Vec<Lead> {
    ids.into_iter().map(lead).collect()
}

/// The revision of a first edit of a record stored without one (as the helpers above make them).
fn edit() -> Revision {
    Revision::default().next(1)
}

async fn load<S: Store>(s: &S) -> Snapshot {
    s.load_all()
        .await
        .unwrap_or_else(|e| panic!("load_all failed: {e}"))
}

async fn apply_ok<S: Store>(s: &S, changes: &ChangeSet, what: &str) {
    if let Err(e) = s.apply(changes).await {
        panic!("{what}: apply failed: {e}");
    }
}

fn ids<T>(records: &[T], id: impl Fn(&T) -> u64) -> Vec<u64> {
    records.iter().map(id).collect()
}

/// A fresh store loads as empty and has no settings.
pub async fn starts_empty<S: Store>(s: &S) {
    assert_eq!(
        load(s).await,
        Snapshot::default(),
        "a fresh store must load empty"
    );
    assert_eq!(
        s.load_setting("ui").await.unwrap(),
        None,
        "a fresh store has no settings"
    );
}

/// What is applied is loaded back unchanged, activities may refer to leads of the same change
/// or of an earlier one (soft-deleted included), and an empty change is accepted.
pub async fn round_trip<S: Store>(s: &S) {
    let mut gone = lead(3);
    gone.deleted_at = Some(1_800_000_000_000);
    let first = ChangeSet {
        leads: vec![lead(1), lead(2), gone.clone()],
        activities: vec![activity(1, 1), activity(2, 1), activity(3, 2)],
        ..Default::default()
    };
    apply_ok(s, &first, "first change").await;
    let second = ChangeSet {
        leads: vec![],
        activities: vec![activity(4, 3), activity(5, 2)],
        ..Default::default()
    };
    apply_ok(s, &second, "activities of stored leads (one soft-deleted)").await;
    apply_ok(s, &ChangeSet::default(), "empty change").await;

    let snap = load(s).await;
    assert_eq!(
        snap.leads,
        vec![lead(1), lead(2), gone],
        "leads must load back as written"
    );
    let expected: Vec<Activity> = first
        .activities
        .iter()
        .chain(&second.activities)
        .cloned()
        .collect();
    assert_eq!(
        snap.activities, expected,
        "activities must load back as written"
    );
}

/// An activity whose lead does not exist fails the whole change with `Integrity`; none of the
/// change's valid leads or activities are written.
pub async fn rejects_orphan_activity_and_writes_nothing<S: Store>(s: &S) {
    apply_ok(
        s,
        &ChangeSet {
            leads: vec![lead(1)],
            activities: vec![activity(1, 1)],
            ..Default::default()
        },
        "setup",
    )
    .await;
    let before = load(s).await;
    let bad = ChangeSet {
        leads: vec![
            lead(2),
            lead(2_000),
            Lead {
                name: "changed".into(),
                revision: edit(),
                ..lead(1)
            },
        ],
        activities: vec![activity(2, 2), activity(3, 1), activity(4, 999_999)],
        ..Default::default()
    };
    match s.apply(&bad).await {
        Err(StoreError::Integrity(_)) => {}
        other => panic!("an orphan activity must fail with Integrity, got {other:?}"),
    }
    assert_eq!(
        load(s).await,
        before,
        "a rejected change must write nothing"
    );
}

/// Ids 0 and beyond 2^53 - 1 are refused.
pub async fn rejects_out_of_range_ids<S: Store>(s: &S) {
    for bad in [
        ChangeSet {
            leads: vec![lead(0)],
            activities: vec![],
            ..Default::default()
        },
        ChangeSet {
            leads: vec![lead(1 << 53)],
            activities: vec![],
            ..Default::default()
        },
        ChangeSet {
            leads: vec![lead(1)],
            activities: vec![activity(0, 1)],
            ..Default::default()
        },
    ] {
        assert!(
            matches!(s.apply(&bad).await, Err(StoreError::Integrity(_))),
            "ids out of range must be refused: {:?}",
            ids(&bad.leads, |l| l.id)
        );
    }
    assert_eq!(
        load(s).await,
        Snapshot::default(),
        "refused changes must write nothing"
    );
}

/// Reserved ranges start at 1, have the asked length and never overlap; the two kinds count
/// separately.
pub async fn ids_never_overlap<S: Store>(s: &S) {
    for kind in [IdKind::Lead, IdKind::Activity, IdKind::Doc] {
        let mut seen = BTreeSet::new();
        let first = s.reserve_ids(kind, 1).await.unwrap();
        assert_eq!(first, 1..2, "{kind:?} ids must start at 1");
        seen.insert(1);
        for count in [0, 5, 1, 1_000, 3] {
            let r = s.reserve_ids(kind, count).await.unwrap();
            assert_eq!(
                r.end - r.start,
                count,
                "{kind:?}: asked {count} ids, got {r:?}"
            );
            for id in r.clone() {
                assert!(seen.insert(id), "{kind:?} id {id} handed out twice ({r:?})");
            }
        }
    }
}

/// Records written with ids never reserved move the counters past them, so later reservations
/// do not collide with them.
pub async fn explicit_ids_advance_counters<S: Store>(s: &S) {
    let changes = ChangeSet {
        leads: leads([10, 5_000]),
        activities: vec![activity(77, 10)],
        ..Default::default()
    };
    apply_ok(s, &changes, "explicit ids").await;
    let l = s.reserve_ids(IdKind::Lead, 2).await.unwrap();
    assert!(
        l.start > 5_000,
        "lead ids {l:?} must come after the stored lead 5000"
    );
    let a = s.reserve_ids(IdKind::Activity, 2).await.unwrap();
    assert!(
        a.start > 77,
        "activity ids {a:?} must come after the stored activity 77"
    );
}

/// A record with a stored id replaces it; the last of two equal ids in one change wins.
pub async fn replaces_by_id<S: Store>(s: &S) {
    apply_ok(
        s,
        &ChangeSet {
            leads: leads([1, 2, 3]),
            activities: vec![activity(1, 1), activity(2, 2)],
            ..Default::default()
        },
        "setup",
    )
    .await;
    let renamed = Lead {
        name: "Renamed".into(),
        updated_at: 42,
        revision: edit(),
        ..lead(2)
    };
    let moved = Activity {
        lead_id: 3,
        notes: "moved".into(),
        revision: edit(),
        ..activity(1, 1)
    };
    let changes = ChangeSet {
        leads: vec![
            Lead {
                name: "overwritten".into(),
                revision: edit(),
                ..lead(2)
            },
            renamed.clone(),
        ],
        activities: vec![moved.clone()],
        ..Default::default()
    };
    apply_ok(s, &changes, "replacement").await;
    let snap = load(s).await;
    assert_eq!(
        snap.leads,
        vec![lead(1), renamed, lead(3)],
        "lead 2 must be replaced in place"
    );
    assert_eq!(
        snap.activities,
        vec![moved, activity(2, 2)],
        "activity 1 must be replaced"
    );
}

/// Records load in id order whatever order they were written in, across chunks.
pub async fn keeps_id_order<S: Store>(s: &S) {
    let order = [3_000, 7, 1_025, 1, 1_024, 2_049, 5, 1_023];
    apply_ok(
        s,
        &ChangeSet {
            leads: leads(order),
            activities: vec![],
            ..Default::default()
        },
        "leads out of order",
    )
    .await;
    apply_ok(
        s,
        &ChangeSet {
            leads: leads([2, 1_500]),
            activities: vec![],
            ..Default::default()
        },
        "more leads",
    )
    .await;
    let acts: Vec<Activity> = [9_000, 4, 2_048, 1_030, 3]
        .iter()
        .map(|&id| activity(id, 7))
        .collect();
    apply_ok(
        s,
        &ChangeSet {
            leads: vec![],
            activities: acts,
            ..Default::default()
        },
        "activities out of order",
    )
    .await;
    let snap = load(s).await;
    assert_eq!(
        ids(&snap.leads, |l| l.id),
        [1, 2, 5, 7, 1_023, 1_024, 1_025, 1_500, 2_049, 3_000],
        "leads must load in id order"
    );
    assert_eq!(
        ids(&snap.activities, |a| a.id),
        [3, 4, 1_030, 2_048, 9_000],
        "activities must load in id order"
    );
}

/// Settings are absent until saved, load back as saved with their revision, and a save replaces
/// only the version it was made from.
pub async fn settings_round_trip<S: Store>(s: &S) {
    let setting = |json: &str, revision| Setting {
        json: json.into(),
        revision,
    };
    assert_eq!(s.load_setting("ui").await.unwrap(), None);
    let first = Revision::first(7);
    s.save_setting("ui", &setting(r#"{"lang":"fa"}"#, first))
        .await
        .unwrap();
    s.save_setting("scoring", &setting(r#"{"weights":[1,2,3]}"#, first))
        .await
        .unwrap();
    let second = first.next(7);
    s.save_setting("ui", &setting(r#"{"lang":"en"}"#, second))
        .await
        .unwrap();
    assert_eq!(
        s.load_setting("ui").await.unwrap(),
        Some(setting(r#"{"lang":"en"}"#, second))
    );
    assert_eq!(
        s.load_setting("scoring").await.unwrap().map(|s| s.json),
        Some(r#"{"weights":[1,2,3]}"#.to_owned())
    );
    assert_eq!(s.load_setting("other").await.unwrap(), None);
    // Made from the first version, after the second was saved: refused, nothing changed.
    let stale = first.next(9);
    assert!(matches!(
        s.save_setting("ui", &setting(r#"{"lang":"xx"}"#, stale))
            .await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(matches!(
        s.save_setting("new", &setting("{}", second)).await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(
        s.load_setting("ui").await.unwrap().map(|s| s.json),
        Some(r#"{"lang":"en"}"#.to_owned())
    );
}

/// A record or document written from an older version than the stored one is refused, and
/// nothing of its change set is written; a record stored before revisions (number 0) is replaced
/// by a write that names version 0.
pub async fn revisions_refuse_stale_writes<S: Store>(s: &S) {
    let device = s.device_id().await.unwrap();
    let mut first = lead(1);
    first.revision = Revision::first(device);
    let doc = Doc::encode("deal", 5, &"v1").at(Revision::first(device));
    s.apply(&ChangeSet {
        leads: vec![first.clone()],
        docs: vec![doc.clone()],
        ..ChangeSet::default()
    })
    .await
    .unwrap();

    // A second "new" lead under the same id: refused.
    let mut again = lead(1);
    again.revision = Revision::first(device);
    let refused = s
        .apply(&ChangeSet {
            leads: vec![again],
            ..ChangeSet::default()
        })
        .await;
    assert_eq!(
        refused,
        Err(StoreError::Conflict {
            what: "lead 1".into(),
            stored: Some(first.revision)
        })
    );

    // Two writers from the same version: the first wins, the second is refused whole.
    let mut mine = first.clone();
    mine.name = "mine".into();
    mine.revision = first.revision.next(device);
    let mut theirs = first.clone();
    theirs.name = "theirs".into();
    theirs.revision = first.revision.next(device + 1);
    s.apply(&ChangeSet {
        leads: vec![theirs.clone()],
        ..ChangeSet::default()
    })
    .await
    .unwrap();
    let newer_doc = doc.clone().at(doc.revision.next(device));
    let refused = s
        .apply(&ChangeSet {
            leads: vec![mine],
            docs: vec![newer_doc],
            ..ChangeSet::default()
        })
        .await;
    assert!(
        matches!(refused, Err(StoreError::Conflict { .. })),
        "{refused:?}"
    );
    let snap = s.load_all().await.unwrap();
    assert_eq!(snap.leads, vec![theirs]);
    assert_eq!(
        snap.docs,
        vec![doc.clone()],
        "the document of the refused change is not written"
    );

    // A document made from its stored version is accepted; one from an older version is not.
    let next_doc = doc.clone().at(doc.revision.next(device));
    s.apply(&ChangeSet {
        docs: vec![next_doc.clone()],
        ..ChangeSet::default()
    })
    .await
    .unwrap();
    let stale_doc = doc.clone().at(doc.revision.next(device + 1));
    assert!(matches!(
        s.apply(&ChangeSet {
            docs: vec![stale_doc],
            ..ChangeSet::default()
        })
        .await,
        Err(StoreError::Conflict { .. })
    ));

    // A record from before revisions (version 0) is replaced by a write made from version 0.
    let legacy = lead(2);
    s.apply(&ChangeSet {
        leads: vec![legacy.clone()],
        ..ChangeSet::default()
    })
    .await
    .unwrap();
    let mut update = legacy.clone();
    update.revision = legacy.revision.next(device);
    s.apply(&ChangeSet {
        leads: vec![update],
        ..ChangeSet::default()
    })
    .await
    .unwrap();
}

/// `count` leads with `per_lead` activities each, ids reserved from the store as the import does.
pub async fn import_sized<S: Store>(s: &S, count: u32, per_lead: u32) -> ChangeSet {
    let lead_ids = s.reserve_ids(IdKind::Lead, u64::from(count)).await.unwrap();
    let act_ids = s
        .reserve_ids(IdKind::Activity, u64::from(count * per_lead))
        .await
        .unwrap();
    let leads: Vec<Lead> = lead_ids.clone().map(lead).collect();
    let activities = act_ids
        .clone()
        .map(|id| activity(id, lead_ids.start + (id - act_ids.start) / per_lead as u64))
        .collect();
    ChangeSet {
        leads,
        activities,
        ..Default::default()
    }
}

/// 5,000 leads with 3 activities each, spanning several chunks, in one change; then an edit of
/// one lead in the middle leaves all others as they were.
pub async fn large_batch<S: Store>(s: &S) {
    let changes = import_sized(s, 5_000, 3).await;
    apply_ok(s, &changes, "5,000 leads").await;
    let snap = load(s).await;
    assert_eq!(snap.leads.len(), 5_000, "all 5,000 leads must load");
    assert_eq!(
        snap.activities.len(),
        15_000,
        "all 15,000 activities must load"
    );
    assert!(
        snap.leads == changes.leads,
        "the 5,000 leads must load back as written"
    );
    assert!(
        snap.activities == changes.activities,
        "the activities must load back as written"
    );

    let mut edited = changes.leads[2_500].clone();
    edited.notes = "called back".into();
    edited.revision = edit();
    apply_ok(
        s,
        &ChangeSet {
            leads: vec![edited.clone()],
            activities: vec![],
            ..Default::default()
        },
        "edit",
    )
    .await;
    let snap = load(s).await;
    assert_eq!(snap.leads.len(), 5_000);
    assert_eq!(snap.leads[2_500], edited, "the edit must be stored");
    assert!(
        snap.leads[..2_500] == changes.leads[..2_500],
        "leads before the edit must stay"
    );
    assert!(
        snap.leads[2_501..] == changes.leads[2_501..],
        "leads after the edit must stay"
    );
}

/// Two handles on the same data (two tabs) editing different leads of the same chunk both keep
/// their edit: a write merges into what is stored now, not into what the writer loaded earlier.
pub async fn two_handles_do_not_clobber<S: Store>(a: &S, b: &S) {
    apply_ok(
        a,
        &ChangeSet {
            leads: leads([1, 2, 3]),
            activities: vec![],
            ..Default::default()
        },
        "setup",
    )
    .await;
    let _ = load(a).await;
    let _ = load(b).await;
    let one = Lead {
        name: "edited in tab A".into(),
        revision: edit(),
        ..lead(1)
    };
    let three = Lead {
        name: "edited in tab B".into(),
        revision: edit(),
        ..lead(3)
    };
    apply_ok(
        a,
        &ChangeSet {
            leads: vec![one.clone()],
            activities: vec![],
            ..Default::default()
        },
        "tab A",
    )
    .await;
    apply_ok(
        b,
        &ChangeSet {
            leads: vec![three.clone()],
            activities: vec![activity(1, 1)],
            ..Default::default()
        },
        "tab B",
    )
    .await;
    let expected = vec![one, lead(2), three];
    assert_eq!(load(a).await.leads, expected, "tab A must see both edits");
    assert_eq!(load(b).await.leads, expected, "tab B must see both edits");
    for kind in [IdKind::Lead, IdKind::Doc] {
        let ra = a.reserve_ids(kind, 10).await.unwrap();
        let rb = b.reserve_ids(kind, 10).await.unwrap();
        assert!(
            ra.end <= rb.start || rb.end <= ra.start,
            "tabs got overlapping {kind:?} ids {ra:?} {rb:?}"
        );
    }
}

/// A change that fails after `arm` was called (a simulated disk or browser failure) returns an
/// error and leaves stored data exactly as it was.
pub async fn failed_apply_writes_nothing<S: Store>(s: &S, arm: impl FnOnce(&S)) {
    let mut setup = import_sized(s, 1_500, 2).await;
    setup.docs = vec![doc("deal", 1), doc("audit", 1)];
    apply_ok(s, &setup, "setup").await;
    let before = load(s).await;
    let mut changes = import_sized(s, 1_500, 2).await;
    changes.leads.push(Lead {
        name: "edited".into(),
        revision: edit(),
        ..lead(1)
    });
    changes.activities.push(Activity {
        notes: "edited".into(),
        revision: edit(),
        ..activity(1, 1)
    });
    changes.docs = vec![
        doc("deal", 2),
        doc("audit", 1).at(edit()),
        Doc {
            json: "{}".into(),
            ..doc("deal", 1).at(edit())
        },
    ];
    changes.deleted_docs = vec![("audit".into(), 1)];
    arm(s);
    assert!(
        s.apply(&changes).await.is_err(),
        "the armed failure must surface as an error"
    );
    assert_eq!(load(s).await, before, "a failed change must write nothing");
    apply_ok(s, &changes, "the same change once the failure is gone").await;
    let snap = load(s).await;
    assert_eq!(snap.leads.len(), 3_000);
    assert_eq!(
        snap.docs.iter().map(key).collect::<Vec<_>>(),
        [("deal".to_string(), 1), ("deal".to_string(), 2)]
    );
}

/// Documents load back as written, in (collection, id) order whatever order they were written
/// in, alone or together with leads and activities, and decode to their type.
pub async fn docs_round_trip<S: Store>(s: &S) {
    apply_ok(
        s,
        &ChangeSet {
            docs: vec![doc("deal", 9), doc("audit", 2), doc("deal", 1)],
            ..Default::default()
        },
        "documents alone",
    )
    .await;
    let unicode = Doc::encode(
        "qualification",
        1_500,
        &Note {
            lead_id: 1,
            text: "بودجه ✓ 🚀 \"quoted\"".into(),
        },
    );
    apply_ok(
        s,
        &ChangeSet {
            leads: vec![lead(1)],
            activities: vec![activity(1, 1)],
            docs: vec![unicode.clone(), doc("audit", 1), doc("deal", 3)],
            ..Default::default()
        },
        "documents with a lead and an activity",
    )
    .await;
    let snap = load(s).await;
    assert_eq!(
        snap.docs,
        vec![
            doc("audit", 1),
            doc("audit", 2),
            doc("deal", 1),
            doc("deal", 3),
            doc("deal", 9),
            unicode.clone(),
        ],
        "documents must load back as written, ordered by (collection, id)"
    );
    assert_eq!((snap.leads.len(), snap.activities.len()), (1, 1));
    assert_eq!(
        snap.docs_in("deal"),
        [doc("deal", 1), doc("deal", 3), doc("deal", 9)],
        "docs_in must give one collection"
    );
    assert!(snap.docs_in("rule").is_empty());
    let note: Note = snap.docs_in("qualification")[0].decode().unwrap();
    assert_eq!(
        note.text, "بودجه ✓ 🚀 \"quoted\"",
        "text must survive the round trip"
    );
}

/// A document with a stored (collection, id) replaces it; the last of two equal keys in one
/// change wins.
pub async fn docs_replace_by_key<S: Store>(s: &S) {
    apply_ok(
        s,
        &ChangeSet {
            docs: vec![doc("deal", 1), doc("deal", 2), doc("audit", 1)],
            ..Default::default()
        },
        "setup",
    )
    .await;
    let note = |text: &str| Note {
        lead_id: 1,
        text: text.into(),
    };
    let won = Doc::encode("deal", 2, &note("won")).at(edit());
    apply_ok(
        s,
        &ChangeSet {
            docs: vec![
                Doc::encode("deal", 2, &note("overwritten")).at(edit()),
                won.clone(),
            ],
            ..Default::default()
        },
        "replacement",
    )
    .await;
    assert_eq!(
        load(s).await.docs,
        vec![doc("audit", 1), doc("deal", 1), won],
        "deal 2 must be replaced, the others kept"
    );
}

/// Deleting removes exactly the named document; deleting a missing one is no error; a document
/// written and deleted in the same change ends up deleted; a delete alone is a change.
pub async fn docs_delete<S: Store>(s: &S) {
    apply_ok(
        s,
        &ChangeSet {
            docs: vec![doc("deal", 1), doc("deal", 2), doc("audit", 1)],
            ..Default::default()
        },
        "setup",
    )
    .await;
    let delete = ChangeSet {
        deleted_docs: vec![
            ("deal".into(), 1),
            ("deal".into(), 77),
            ("nowhere".into(), 1),
        ],
        ..Default::default()
    };
    assert!(
        !delete.is_empty(),
        "a change that only deletes is not empty"
    );
    apply_ok(s, &delete, "delete").await;
    assert_eq!(
        load(s).await.docs,
        vec![doc("audit", 1), doc("deal", 2)],
        "only deal 1 must be gone (audit 1 shares its id)"
    );
    apply_ok(
        s,
        &ChangeSet {
            docs: vec![doc("deal", 5)],
            deleted_docs: vec![("deal".into(), 5), ("deal".into(), 2)],
            ..Default::default()
        },
        "write and delete in one change",
    )
    .await;
    assert_eq!(
        load(s).await.docs,
        vec![doc("audit", 1)],
        "a document written and deleted in one change must end up deleted"
    );
}

/// Erased leads and activities are gone for good, with nothing else touched; erasing what is not
/// stored is no error, and erased ids are never handed out again.
pub async fn erased_records_are_gone<S: Store>(s: &S) {
    apply_ok(
        s,
        &ChangeSet {
            leads: vec![lead(1), lead(2), lead(3), lead(2_000)],
            activities: vec![
                activity(10, 1),
                activity(11, 1),
                activity(12, 2),
                activity(2_500, 2_000),
            ],
            ..Default::default()
        },
        "setup",
    )
    .await;
    let erase = ChangeSet {
        erased_leads: vec![1, 999, 2_000],
        erased_activities: vec![10, 11, 2_500, 77],
        ..Default::default()
    };
    assert!(!erase.is_empty(), "a change that only erases is not empty");
    apply_ok(s, &erase, "erase").await;
    let snapshot = load(s).await;
    assert_eq!(
        ids(&snapshot.leads, |l| l.id),
        [2, 3],
        "leads 1 and 2,000 must be gone"
    );
    assert_eq!(
        ids(&snapshot.activities, |a| a.id),
        [12],
        "only lead 2's activity stays"
    );
    assert_eq!(snapshot.leads[0], lead(2), "what stays is untouched");

    apply_ok(
        s,
        &ChangeSet {
            leads: vec![lead(4)],
            erased_leads: vec![4, 3],
            ..Default::default()
        },
        "write and erase in one change",
    )
    .await;
    assert_eq!(
        ids(&load(s).await.leads, |l| l.id),
        [2],
        "a lead written and erased in one change ends up erased"
    );

    let next = s.reserve_ids(IdKind::Lead, 1).await.expect("reserve");
    assert!(
        next.start > 2_000,
        "erased ids are not handed out again: got {}",
        next.start
    );
}

/// The same id in two collections names two documents.
pub async fn docs_same_id_in_two_collections_are_distinct<S: Store>(s: &S) {
    let a = Doc::encode(
        "deal",
        7,
        &Note {
            lead_id: 1,
            text: "deal".into(),
        },
    );
    let b = Doc::encode(
        "audit",
        7,
        &Note {
            lead_id: 2,
            text: "audit".into(),
        },
    );
    apply_ok(
        s,
        &ChangeSet {
            docs: vec![a.clone(), b.clone()],
            ..Default::default()
        },
        "two collections",
    )
    .await;
    assert_eq!(load(s).await.docs, vec![b.clone(), a.clone()]);
    let a2 = Doc::encode(
        "deal",
        7,
        &Note {
            lead_id: 3,
            text: "deal again".into(),
        },
    )
    .at(edit());
    apply_ok(
        s,
        &ChangeSet {
            docs: vec![a2.clone()],
            ..Default::default()
        },
        "replace in one collection",
    )
    .await;
    assert_eq!(
        load(s).await.docs,
        vec![b, a2],
        "replacing deal 7 must leave audit 7"
    );
    apply_ok(
        s,
        &ChangeSet {
            deleted_docs: vec![("audit".into(), 7)],
            ..Default::default()
        },
        "delete in one collection",
    )
    .await;
    assert_eq!(
        ids(&load(s).await.docs, |d| d.id),
        [7],
        "deleting audit 7 must leave deal 7"
    );
}

/// A change carrying documents (new, replacing and deleting) and an orphan activity fails with
/// `Integrity` and writes nothing, documents included.
pub async fn rejects_orphan_activity_with_docs_and_writes_nothing<S: Store>(s: &S) {
    apply_ok(
        s,
        &ChangeSet {
            leads: vec![lead(1)],
            docs: vec![doc("deal", 1), doc("audit", 1)],
            ..Default::default()
        },
        "setup",
    )
    .await;
    let before = load(s).await;
    let bad = ChangeSet {
        leads: vec![lead(2)],
        activities: vec![activity(1, 1), activity(2, 999_999)],
        docs: vec![
            doc("deal", 2),
            Doc::encode(
                "deal",
                1,
                &Note {
                    lead_id: 1,
                    text: "changed".into(),
                },
            )
            .at(edit()),
        ],
        deleted_docs: vec![("audit".into(), 1)],
        ..Default::default()
    };
    match s.apply(&bad).await {
        Err(StoreError::Integrity(_)) => {}
        other => panic!("an orphan activity must fail with Integrity, got {other:?}"),
    }
    assert_eq!(
        load(s).await,
        before,
        "a rejected change must write nothing"
    );
    let next = s.reserve_ids(IdKind::Doc, 1).await.unwrap();
    assert!(
        next.start <= 2,
        "a rejected change must not move the document counter: got {next:?}"
    );
}

/// A document without a collection name or with an id of 0 or above 2^53 - 1 fails the whole
/// change with `Integrity`, whether written or deleted.
pub async fn rejects_bad_doc_keys<S: Store>(s: &S) {
    for bad in [
        ChangeSet {
            leads: vec![lead(1)],
            docs: vec![doc("deal", 1), doc("", 2)],
            ..Default::default()
        },
        ChangeSet {
            docs: vec![doc("deal", 1)],
            deleted_docs: vec![(String::new(), 1)],
            ..Default::default()
        },
        ChangeSet {
            docs: vec![doc("deal", 0)],
            ..Default::default()
        },
        ChangeSet {
            docs: vec![doc("deal", 1 << 53)],
            ..Default::default()
        },
    ] {
        match s.apply(&bad).await {
            Err(StoreError::Integrity(_)) => {}
            other => panic!("bad document key must fail with Integrity, got {other:?} for {bad:?}"),
        }
    }
    assert_eq!(
        load(s).await,
        Snapshot::default(),
        "refused changes must write nothing"
    );
}

/// Document ids come from one sequence shared by every collection: reserved ranges start at 1,
/// never overlap, are independent of lead ids, and move past documents written with explicit ids.
pub async fn doc_ids_never_overlap<S: Store>(s: &S) {
    let _ = s.reserve_ids(IdKind::Lead, 100).await.unwrap();
    let first = s.reserve_ids(IdKind::Doc, 3).await.unwrap();
    assert_eq!(
        first,
        1..4,
        "document ids must start at 1, apart from lead ids"
    );
    let mut seen: BTreeSet<u64> = first.collect();
    let mut docs = Vec::new();
    for (collection, count) in [("deal", 2), ("audit", 5), ("qualification", 1), ("deal", 4)] {
        let r = s.reserve_ids(IdKind::Doc, count).await.unwrap();
        assert_eq!(r.end - r.start, count);
        for id in r {
            assert!(seen.insert(id), "document id {id} handed out twice");
            docs.push(doc(collection, id));
        }
    }
    apply_ok(
        s,
        &ChangeSet {
            docs: docs.clone(),
            ..Default::default()
        },
        "documents with reserved ids",
    )
    .await;
    assert_eq!(
        load(s).await.docs.len(),
        docs.len(),
        "reserved ids never collide"
    );
    apply_ok(
        s,
        &ChangeSet {
            docs: vec![doc("rule", 500)],
            ..Default::default()
        },
        "explicit id",
    )
    .await;
    let after = s.reserve_ids(IdKind::Doc, 2).await.unwrap();
    assert!(
        after.start > 500,
        "document ids {after:?} must come after the stored document 500 of any collection"
    );
}

/// Documents only, for the counter tests below.
fn docs_only(docs: Vec<Doc>) -> ChangeSet {
    ChangeSet {
        docs,
        ..Default::default()
    }
}

/// A handle that has seen the document counter must still raise it past a document written with
/// a higher id after another handle (another tab) raised it meanwhile; a write below it raises
/// nothing.
pub async fn doc_counter_follows_other_handles<S: Store>(a: &S, b: &S) {
    assert_eq!(a.reserve_ids(IdKind::Doc, 3).await.unwrap(), 1..4);
    let _ = load(a).await;
    let _ = load(b).await;
    apply_ok(b, &docs_only(vec![doc("deal", 50)]), "tab B, id 50").await;
    apply_ok(a, &docs_only(vec![doc("deal", 2)]), "tab A, id 2").await;
    apply_ok(a, &docs_only(vec![doc("deal", 60)]), "tab A, id 60").await;
    assert_eq!(
        b.reserve_ids(IdKind::Doc, 1).await.unwrap(),
        61..62,
        "the counter must follow the highest document id, whichever tab wrote it"
    );
    apply_ok(a, &docs_only(vec![doc("deal", 3)]), "tab A, id 3").await;
    assert_eq!(
        a.reserve_ids(IdKind::Doc, 1).await.unwrap(),
        62..63,
        "a document below the counter must not move it"
    );
}

/// A document write that failed leaves the document counter where it was: a later write of a
/// lower id must still raise it.
pub async fn failed_doc_write_leaves_the_counter<S: Store>(s: &S, arm: impl FnOnce(&S)) {
    assert_eq!(s.reserve_ids(IdKind::Doc, 2).await.unwrap(), 1..3);
    arm(s);
    assert!(
        s.apply(&docs_only(vec![doc("deal", 100)])).await.is_err(),
        "the armed failure must surface as an error"
    );
    apply_ok(
        s,
        &docs_only(vec![doc("deal", 50)]),
        "id 50 after the failure",
    )
    .await;
    assert_eq!(
        s.reserve_ids(IdKind::Doc, 1).await.unwrap(),
        51..52,
        "the failed write of id 100 must not count; id 50 must"
    );
}

/// What [`replace_all_replaces_everything`] restores: leads and activities across several
/// chunks, documents of two collections and two settings, with revisions from another device.
fn restored_contents() -> Contents {
    let revision = Revision::first(42).next(42);
    let leads: Vec<Lead> = (2_000..2_003)
        .chain([5_000])
        .map(|id| Lead {
            revision,
            ..lead(id)
        })
        .collect();
    let activities = vec![
        Activity {
            revision,
            ..activity(7_000, 2_000)
        },
        activity(7_001, 5_000),
    ];
    Contents {
        leads,
        activities,
        docs: vec![doc("audit", 900).at(revision), doc("deal", 901)],
        settings: vec![
            (
                "rules".into(),
                Setting {
                    json: r#"{"r":1}"#.into(),
                    revision,
                },
            ),
            (
                "scoring".into(),
                Setting {
                    json: "{}".into(),
                    revision: Revision::default(),
                },
            ),
        ],
    }
}

/// Afterwards the store holds exactly the given contents (revisions as given); nothing stored
/// before survives; the id counters move past the restored ids and never back.
pub async fn replace_all_replaces_everything<S: Store>(s: &S) {
    let mut before = import_sized(s, 1_500, 2).await;
    before.docs = vec![doc("deal", 1), doc("qualification", 2)];
    apply_ok(s, &before, "setup").await;
    s.save_setting(
        "profile",
        &Setting {
            json: "{}".into(),
            revision: Revision::first(1),
        },
    )
    .await
    .unwrap();
    let contents = restored_contents();
    s.replace_all(&contents).await.unwrap();

    let snap = load(s).await;
    assert_eq!(snap.leads, contents.leads, "exactly the restored leads");
    assert_eq!(
        snap.activities, contents.activities,
        "exactly the restored activities"
    );
    assert_eq!(snap.docs, contents.docs, "exactly the restored documents");
    assert_eq!(s.all_settings().await.unwrap(), contents.settings);
    assert_eq!(s.load_setting("profile").await.unwrap(), None);
    let next_lead = s.reserve_ids(IdKind::Lead, 1).await.unwrap().start;
    assert_eq!(next_lead, 5_001, "past the restored ids");
    assert!(s.reserve_ids(IdKind::Activity, 1).await.unwrap().start >= 7_002);
    assert!(s.reserve_ids(IdKind::Doc, 1).await.unwrap().start >= 902);

    // Restoring something smaller never moves a counter back.
    s.replace_all(&Contents::default()).await.unwrap();
    assert_eq!(load(s).await, Snapshot::default());
    assert_eq!(s.reserve_ids(IdKind::Lead, 1).await.unwrap().start, 5_002);
}

/// Bad contents (an activity without its lead, an id out of range) and a failure while
/// writing leave everything as it was.
pub async fn failed_replace_all_changes_nothing<S: Store>(s: &S, arm: impl FnOnce(&S)) {
    let mut setup = import_sized(s, 1_500, 2).await;
    setup.docs = vec![doc("deal", 1)];
    apply_ok(s, &setup, "setup").await;
    s.save_setting(
        "rules",
        &Setting {
            json: "{}".into(),
            revision: Revision::first(1),
        },
    )
    .await
    .unwrap();
    let before = (load(s).await, s.all_settings().await.unwrap());

    let mut orphaned = restored_contents();
    orphaned.activities.push(activity(7_002, 9_999));
    assert!(matches!(
        s.replace_all(&orphaned).await,
        Err(StoreError::Integrity(_))
    ));
    let mut out_of_range = restored_contents();
    out_of_range.leads.push(lead(0));
    assert!(matches!(
        s.replace_all(&out_of_range).await,
        Err(StoreError::Integrity(_))
    ));
    arm(s);
    assert!(
        s.replace_all(&restored_contents()).await.is_err(),
        "the armed failure surfaces"
    );
    assert_eq!(
        (load(s).await, s.all_settings().await.unwrap()),
        before,
        "nothing changed"
    );
}
