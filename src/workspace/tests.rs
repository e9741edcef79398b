//! The workspace's own behaviour: one transaction per command, memory only after the commit.
//! Whole sales scenarios run in tests/workspace_scenarios.rs.

use futures::executor::block_on;

use super::*;
use crate::domain::validation::LeadForm;
use crate::store::MemoryStore;

struct FixedClock;

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        1_750_000_000_000
    }
    fn utc_offset_minutes(&self) -> i32 {
        210
    }
}

fn workspace(store: &MemoryStore) -> Workspace<MemoryStore> {
    block_on(Workspace::open(store.clone(), Box::new(FixedClock))).unwrap()
}

fn form(name: &str) -> LeadForm {
    LeadForm {
        name: name.into(),
        ..LeadForm::default()
    }
}

#[test]
fn a_created_lead_is_stored_and_in_memory_and_listeners_hear_of_it() {
    let store = MemoryStore::new();
    let ws = workspace(&store);
    let heard = std::rc::Rc::new(RefCell::new(Vec::new()));
    let log = heard.clone();
    ws.subscribe(move |c| log.borrow_mut().push(c.clone()));
    let id = block_on(ws.create_lead(&form("Sara Ahmadi"))).unwrap();
    assert_eq!(ws.state().book.lead(id).unwrap().name, "Sara Ahmadi");
    let reopened = workspace(&store);
    assert_eq!(reopened.state().book.lead(id).unwrap().name, "Sara Ahmadi");
    let heard = heard.borrow();
    assert_eq!(heard.len(), 1);
    assert!(heard[0].book && !heard[0].deals);
    assert_eq!(heard[0].leads, Some(vec![id]));
}

/// A clock whose pause yields once to the executor and counts.
struct PausingClock(std::rc::Rc<std::cell::Cell<usize>>);

impl Clock for PausingClock {
    fn now(&self) -> Timestamp {
        FixedClock.now()
    }
    fn utc_offset_minutes(&self) -> i32 {
        210
    }
    fn pause(&self) -> Pause {
        self.0.set(self.0.get() + 1);
        let mut yielded = false;
        Box::pin(std::future::poll_fn(move |cx| {
            if yielded {
                return std::task::Poll::Ready(());
            }
            yielded = true;
            cx.waker().wake_by_ref();
            std::task::Poll::Pending
        }))
    }
}

#[test]
fn an_import_of_several_slices_is_taken_whole_into_memory_and_told_once() {
    let store = MemoryStore::new();
    let pauses = std::rc::Rc::new(std::cell::Cell::new(0));
    let ws = block_on(Workspace::open(
        store.clone(),
        Box::new(PausingClock(pauses.clone())),
    ))
    .unwrap();
    let heard = std::rc::Rc::new(RefCell::new(Vec::new()));
    let log = heard.clone();
    ws.subscribe(move |c| log.borrow_mut().push(c.clone()));
    let count = 2 * SLICE + 1;
    let csv: String = std::iter::once("name,email".to_owned())
        .chain((1..=count).map(|i| format!("Lead {i},lead{i}@example.com")))
        .collect::<Vec<_>>()
        .join("\n");
    let rows = crate::domain::import::parse_leads_csv(&csv)
        .unwrap()
        .into_valid();
    assert_eq!(block_on(ws.import_leads(rows)), Ok(count));
    // Checked for Hot and taken into memory a slice at a time.
    assert!(pauses.get() >= 4, "{} pauses", pauses.get());
    let reopened = workspace(&store);
    assert_eq!(ws.state().book.leads(), reopened.state().book.leads());
    assert_eq!(ws.state().book.leads().len(), count);
    let heard = heard.borrow();
    assert_eq!(heard.len(), 1);
    assert!(heard[0].book);
    let ids: Vec<LeadId> = ws.state().book.leads().iter().map(|l| l.id).collect();
    assert_eq!(heard[0].leads.as_ref(), Some(&ids));
}

#[test]
fn an_invalid_form_writes_nothing() {
    let store = MemoryStore::new();
    let ws = workspace(&store);
    let refused = block_on(ws.create_lead(&form("  ")));
    assert!(matches!(refused, Err(CommandError::Invalid(_))));
    assert!(ws.state().book.leads().is_empty());
    assert!(block_on(store.load_all()).unwrap().leads.is_empty());
}

#[test]
fn a_failed_write_changes_nothing_in_memory() {
    let store = MemoryStore::new();
    let ws = workspace(&store);
    let id = block_on(ws.create_lead(&form("Sara"))).unwrap();
    store.fail_next_write(StoreError::QuotaExceeded);
    let failed = block_on(ws.update_lead(
        id,
        &form("Someone else"),
        ws.state().book.lead(id).unwrap().revision,
    ));
    assert_eq!(failed, Err(CommandError::Store(StoreError::QuotaExceeded)));
    assert_eq!(ws.state().book.lead(id).unwrap().name, "Sara");
}

#[test]
fn reload_takes_in_what_another_tab_wrote() {
    let store = MemoryStore::new();
    let mine = workspace(&store);
    let theirs = workspace(&store);
    let id = block_on(theirs.create_lead(&form("Reza"))).unwrap();
    assert!(mine.state().book.lead(id).is_none());
    block_on(mine.reload()).unwrap();
    assert_eq!(mine.state().book.lead(id).unwrap().name, "Reza");
}

#[test]
fn a_document_that_does_not_decode_is_set_aside_and_everything_else_loads() {
    use crate::store::{ChangeSet, Doc};
    let store = MemoryStore::new();
    let ws = workspace(&store);
    let id = block_on(ws.create_lead(&form("Sara"))).unwrap();
    let broken = Doc {
        collection: "deal".into(),
        id: 77,
        json: "{\"title\":".into(),
        revision: Default::default(),
    };
    block_on(store.apply(&ChangeSet {
        docs: vec![broken],
        ..ChangeSet::default()
    }))
    .unwrap();
    let reopened = workspace(&store);
    let state = reopened.state();
    assert_eq!(state.book.lead(id).unwrap().name, "Sara");
    assert!(state.deals.is_empty());
    assert_eq!(state.unreadable.len(), 1);
    assert_eq!(state.unreadable[0].what, "deal document 77");
    assert_eq!(state.unreadable[0].raw, b"{\"title\":");
}

#[test]
fn the_unreadable_download_keeps_the_exact_bytes() {
    use base64::Engine;
    let items = vec![Unreadable {
        what: "lead chunk 3".into(),
        error: "unknown chunk format 9".into(),
        raw: vec![9, 0, 255, 10],
    }];
    let file: serde_json::Value = serde_json::from_str(&unreadable_download(&items)).unwrap();
    let item = &file["kariz_unreadable"][0];
    assert_eq!(item["what"], "lead chunk 3");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(item["bytes_base64"].as_str().unwrap())
        .unwrap();
    assert_eq!(bytes, vec![9, 0, 255, 10]);
}

#[test]
fn the_demo_loads_in_one_transaction_with_every_reference_intact() {
    use crate::domain::demo::{DemoLanguage, DEMO_LEADS};
    let store = MemoryStore::new();
    let ws = workspace(&store);
    let mine = block_on(ws.create_lead(&form("A real lead"))).unwrap();
    assert_eq!(
        block_on(ws.load_demo(DemoLanguage::Persian)),
        Ok(DEMO_LEADS)
    );
    let reopened = workspace(&store);
    let state = reopened.state();
    assert_eq!(state.book.leads().len(), DEMO_LEADS + 1);
    assert_eq!(state.book.lead(mine).unwrap().name, "A real lead");
    assert!(state
        .deals
        .all()
        .iter()
        .all(|d| state.book.lead(d.lead).is_some()));
    assert!(state
        .qualifications
        .keys()
        .all(|id| state.book.lead(*id).is_some()));
    assert_eq!(state.settings.targets.reps.len(), 3);

    let failing = MemoryStore::new();
    let ws = workspace(&failing);
    failing.fail_next_write(StoreError::QuotaExceeded);
    assert!(block_on(ws.load_demo(DemoLanguage::English)).is_err());
    assert!(ws.state().book.leads().is_empty());
}

#[test]
fn a_lead_saved_in_another_tab_since_the_form_opened_is_a_conflict_not_an_overwrite() {
    let store = MemoryStore::new();
    let mine = workspace(&store);
    let theirs = workspace(&store);
    let id = block_on(mine.create_lead(&form("Sara"))).unwrap();
    block_on(theirs.reload()).unwrap();
    let opened_at = mine.state().book.lead(id).unwrap().revision;

    // The other tab saves first; this tab has not heard of it yet (no reload).
    let base = theirs.state().book.lead(id).unwrap().revision;
    block_on(theirs.update_lead(id, &form("Sara (theirs)"), base)).unwrap();
    let refused = block_on(mine.update_lead(id, &form("Sara (mine)"), opened_at));
    let Err(CommandError::Conflict(conflict)) = refused else {
        panic!("expected a conflict, got {refused:?}");
    };
    let Theirs::Lead(their_lead) = &conflict.theirs else {
        panic!("their lead")
    };
    assert_eq!(their_lead.name, "Sara (theirs)");
    assert_eq!(
        block_on(store.load_all()).unwrap().leads[0].name,
        "Sara (theirs)",
        "nothing overwritten"
    );
    assert_eq!(
        mine.state().book.lead(id).unwrap().name,
        "Sara (theirs)",
        "memory was reloaded"
    );

    // Saving again from the same old version is still refused; "Keep mine" names theirs.
    assert!(matches!(
        block_on(mine.update_lead(id, &form("Sara (mine)"), opened_at)),
        Err(CommandError::Conflict(_))
    ));
    block_on(mine.update_lead(id, &form("Sara (mine)"), conflict.revision.unwrap())).unwrap();
    let stored = &block_on(store.load_all()).unwrap().leads[0];
    assert_eq!(stored.name, "Sara (mine)");
    assert_eq!(stored.revision.current.number, 3);
}

#[test]
fn answers_and_deals_saved_elsewhere_are_conflicts_too() {
    use crate::domain::qualification::Qualification;
    let store = MemoryStore::new();
    let mine = workspace(&store);
    let theirs = workspace(&store);
    let id = block_on(mine.create_lead(&form("Sara"))).unwrap();
    block_on(theirs.reload()).unwrap();
    let mut answers = Qualification::new(id);
    answers.bant.need_level = Some(2);
    block_on(theirs.save_qualification(answers.clone(), None)).unwrap();
    let refused = block_on(mine.save_qualification(Qualification::new(id), None));
    let Err(CommandError::Conflict(conflict)) = refused else {
        panic!("expected a conflict, got {refused:?}");
    };
    assert_eq!(conflict.theirs, Theirs::Qualification(Some(answers)));
    block_on(mine.save_qualification(Qualification::new(id), conflict.revision)).unwrap();
    assert_eq!(mine.state().qualifications[&id].bant.need_level, None);
}

mod backup {
    use proptest::prelude::*;

    use super::*;
    use crate::domain::demo::DemoLanguage;
    use crate::domain::validation::ActivityForm;

    fn stored(
        store: &MemoryStore,
    ) -> (crate::store::Snapshot, Vec<(String, crate::store::Setting)>) {
        (
            block_on(store.load_all()).unwrap(),
            block_on(store.all_settings()).unwrap(),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(12))]
        #[test]
        fn backup_then_restore_into_an_empty_store_gives_back_the_same_workspace(
            demo in any::<bool>(),
            names in proptest::collection::vec("[\\PC]{1,24}", 0..5),
            notes in proptest::collection::vec("\\PC{0,40}", 0..4),
            who in "[\\PC]{0,20}",
            compress in any::<bool>(),
        ) {
            let store = MemoryStore::new();
            let ws = workspace(&store);
            if demo {
                block_on(ws.load_demo(DemoLanguage::Persian)).unwrap();
            }
            for name in &names {
                if let Ok(id) = block_on(ws.create_lead(&form(name))) {
                    for note in &notes {
                        let activity = ActivityForm {
                            kind: "call".into(),
                            date: "2025-06-01".into(),
                            notes: note.clone(),
                        };
                        block_on(ws.log_activity(id, &activity)).unwrap();
                    }
                }
            }
            let _ = block_on(ws.save_profile(&who));
            let bytes = block_on(ws.backup("0.1.0", compress)).unwrap();

            let empty = MemoryStore::new();
            let restored = workspace(&empty);
            let read = open_backup(&bytes).unwrap();
            prop_assert_eq!(read.preview.leads, ws.state().book.leads().len());
            block_on(restored.restore(read)).unwrap();
            prop_assert_eq!(stored(&empty), stored(&store));
            let (mine, theirs) = (restored.state(), ws.state());
            prop_assert_eq!(mine.book.leads(), theirs.book.leads());
            prop_assert_eq!(mine.deals.all(), theirs.deals.all());
            prop_assert_eq!(&mine.qualifications, &theirs.qualifications);
            prop_assert_eq!(&mine.settings.profile, &theirs.settings.profile);
        }
    }

    #[test]
    fn a_restore_that_fails_changes_nothing_in_the_store_or_memory() {
        let source = MemoryStore::new();
        let ws = workspace(&source);
        block_on(ws.create_lead(&form("Backed Up"))).unwrap();
        let bytes = block_on(ws.backup("0.1.0", false)).unwrap();

        let store = MemoryStore::new();
        let target = workspace(&store);
        block_on(target.create_lead(&form("Kept"))).unwrap();
        let before = stored(&store);
        store.fail_next_write(StoreError::QuotaExceeded);
        let failed = block_on(target.restore(open_backup(&bytes).unwrap()));
        assert_eq!(failed, Err(StoreError::QuotaExceeded));
        assert_eq!(stored(&store), before);
        let names: Vec<_> = target
            .state()
            .book
            .leads()
            .iter()
            .map(|l| l.name.clone())
            .collect();
        assert_eq!(names, ["Kept"]);
    }
}

#[test]
fn a_backup_is_offered_after_a_week_of_changes_without_one() {
    let store = MemoryStore::new();
    let ws = workspace(&store);
    let day = 24 * 60 * 60 * 1000;
    let created = FixedClock.now();
    assert!(
        !backup_due(&ws.state().book, None, created + 30 * day),
        "nothing stored, nothing to back up"
    );
    block_on(ws.create_lead(&form("Sara"))).unwrap();
    assert!(!backup_due(&ws.state().book, None, created + 6 * day));
    assert!(
        backup_due(&ws.state().book, None, created + 8 * day),
        "never backed up, a week old"
    );
    assert!(
        !backup_due(&ws.state().book, Some(created + day), created + 30 * day),
        "nothing changed since"
    );
    assert!(
        backup_due(&ws.state().book, Some(created - day), created + 7 * day),
        "changed since, a week ago"
    );
    assert!(!backup_due(
        &ws.state().book,
        Some(created - day),
        created + 5 * day
    ));
}

#[test]
fn with_too_little_history_the_stored_model_says_how_many_more_outcomes_it_needs() {
    let store = MemoryStore::new();
    let ws = workspace(&store);
    block_on(ws.create_lead(&form("Sara Ahmadi"))).unwrap();
    assert!(block_on(ws.retrain_model_if_due()).unwrap());
    let doc = ws.state().learned.clone().unwrap();
    assert!(doc.model.is_none());
    let needs = doc.needs_more.unwrap();
    assert_eq!((needs.won_needed, needs.lost_needed), (30, 30));
    // Nothing new: not due again.
    assert!(!block_on(ws.retrain_model_if_due()).unwrap());
}

#[test]
fn the_demo_history_trains_a_model_that_is_stored_reloaded_and_reweights_the_hand_set_model() {
    use crate::domain::demo::DemoLanguage;
    let store = MemoryStore::new();
    let ws = workspace(&store);
    block_on(ws.load_demo(DemoLanguage::English)).unwrap();
    let (won, lost) = ws.closed_history().outcome_counts();
    assert!(won >= 30 && lost >= 30, "demo has {won} won, {lost} lost");
    assert_eq!(
        ws.closed_outcomes(),
        won + lost,
        "the count the retraining check uses"
    );
    block_on(ws.retrain_model()).unwrap();
    let doc = ws.state().learned.clone().unwrap();
    let model = doc.model.clone().expect("enough history for a model");
    assert_eq!(doc.outcomes, won + lost);
    assert!(model.evaluation.n_test > 0);
    // Stored: a fresh workspace on the same store reads the same document (floats through JSON
    // may differ in the last bit, so predictions are compared, not the bits).
    let reloaded = workspace(&store).state().learned.clone().unwrap();
    assert_eq!(reloaded.outcomes, doc.outcomes);
    let again = reloaded.model.expect("the model reloads");
    assert_eq!(again.encoder, model.encoder);
    let history = ws.closed_history();
    for case in &history.examples {
        let (a, b) = (
            model.probability(&case.values),
            again.probability(&case.values),
        );
        assert!((a - b).abs() < 1e-9, "{a} vs {b}");
    }

    let suggestions = ws.suggested_reweights();
    assert!(
        !suggestions.is_empty(),
        "the demo's history differs from the hand-set weights"
    );
    {
        let first = suggestions[0].clone();
        assert_eq!(
            block_on(ws.apply_reweights(std::slice::from_ref(&first))).unwrap(),
            1
        );
        let scoring = &ws.state().settings.scoring;
        let changed = match first.criterion {
            crate::domain::scoring::Criterion::Industry => scoring.fit.industry[first.row].points,
            crate::domain::scoring::Criterion::City => scoring.fit.city[first.row].points,
            crate::domain::scoring::Criterion::Country => scoring.fit.country[first.row].points,
            crate::domain::scoring::Criterion::DecisionRole => {
                scoring.fit.decision_role[first.row].points
            }
            _ => scoring.fit.journey_stage[first.row].points,
        };
        assert_eq!(changed, first.suggested);
        // Applying it again is stale: nothing changes.
        assert_eq!(block_on(ws.apply_reweights(&[first])).unwrap(), 0);
    }
}

#[test]
fn on_the_demo_history_the_learned_model_ranks_the_newest_outcomes_better_than_chance() {
    use crate::domain::demo::DemoLanguage;
    use crate::domain::learning::learned_auc;
    for language in [DemoLanguage::English, DemoLanguage::Persian] {
        let store = MemoryStore::new();
        let ws = workspace(&store);
        block_on(ws.load_demo(language)).unwrap();
        block_on(ws.retrain_model()).unwrap();
        let doc = ws.state().learned.clone().unwrap();
        let model = doc
            .model
            .unwrap_or_else(|| panic!("{language:?}: {:?}", doc.needs_more));
        let auc = learned_auc(&model).unwrap();
        eprintln!(
            "{language:?}: {:?} {} won {} lost, AUC {auc:.3}, hand {:?}, {} suggestions",
            model.learner,
            model.won,
            model.lost,
            model.evaluation.hand_auc,
            ws.suggested_reweights().len()
        );
        assert!(auc > 0.6, "{language:?}: AUC {auc}");
        assert!(
            !ws.suggested_reweights().is_empty(),
            "{language:?}: something to suggest"
        );
    }
}
