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
    let failed = block_on(ws.update_lead(id, &form("Someone else")));
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
