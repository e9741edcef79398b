//! The store contract ([`kariz::store::contract`]) run on the in-memory twin.

use futures::executor::block_on;
use kariz::store::{contract, MemoryStore, StoreError};

#[test]
fn starts_empty() {
    block_on(contract::starts_empty(&MemoryStore::new()));
}

#[test]
fn round_trip() {
    block_on(contract::round_trip(&MemoryStore::new()));
}

#[test]
fn rejects_orphan_activity_and_writes_nothing() {
    block_on(contract::rejects_orphan_activity_and_writes_nothing(
        &MemoryStore::new(),
    ));
}

#[test]
fn rejects_out_of_range_ids() {
    block_on(contract::rejects_out_of_range_ids(&MemoryStore::new()));
}

#[test]
fn ids_never_overlap() {
    block_on(contract::ids_never_overlap(&MemoryStore::new()));
}

#[test]
fn explicit_ids_advance_counters() {
    block_on(contract::explicit_ids_advance_counters(&MemoryStore::new()));
}

#[test]
fn replaces_by_id() {
    block_on(contract::replaces_by_id(&MemoryStore::new()));
}

#[test]
fn keeps_id_order() {
    block_on(contract::keeps_id_order(&MemoryStore::new()));
}

#[test]
fn settings_round_trip() {
    block_on(contract::settings_round_trip(&MemoryStore::new()));
}

#[test]
fn large_batch() {
    block_on(contract::large_batch(&MemoryStore::new()));
}

#[test]
fn docs_round_trip() {
    block_on(contract::docs_round_trip(&MemoryStore::new()));
}

#[test]
fn docs_replace_by_key() {
    block_on(contract::docs_replace_by_key(&MemoryStore::new()));
}

#[test]
fn erased_records_are_gone() {
    block_on(contract::erased_records_are_gone(&MemoryStore::new()));
}

#[test]
fn docs_delete() {
    block_on(contract::docs_delete(&MemoryStore::new()));
}

#[test]
fn docs_same_id_in_two_collections_are_distinct() {
    block_on(contract::docs_same_id_in_two_collections_are_distinct(
        &MemoryStore::new(),
    ));
}

#[test]
fn rejects_orphan_activity_with_docs_and_writes_nothing() {
    block_on(contract::rejects_orphan_activity_with_docs_and_writes_nothing(&MemoryStore::new()));
}

#[test]
fn rejects_bad_doc_keys() {
    block_on(contract::rejects_bad_doc_keys(&MemoryStore::new()));
}

#[test]
fn doc_ids_never_overlap() {
    block_on(contract::doc_ids_never_overlap(&MemoryStore::new()));
}

#[test]
fn two_handles_do_not_clobber() {
    let tab_a = MemoryStore::new();
    let tab_b = tab_a.clone();
    block_on(contract::two_handles_do_not_clobber(&tab_a, &tab_b));
}

#[test]
fn replace_all_replaces_everything() {
    block_on(contract::replace_all_replaces_everything(
        &MemoryStore::new(),
    ));
}

#[test]
fn failed_replace_all_changes_nothing() {
    block_on(contract::failed_replace_all_changes_nothing(
        &MemoryStore::new(),
        |s| s.fail_next_write(StoreError::QuotaExceeded),
    ));
}

#[test]
fn failed_apply_writes_nothing() {
    block_on(contract::failed_apply_writes_nothing(
        &MemoryStore::new(),
        |s| s.fail_next_write(StoreError::QuotaExceeded),
    ));
}

#[test]
fn doc_counter_follows_other_handles() {
    let tab_a = MemoryStore::new();
    let tab_b = tab_a.clone();
    block_on(contract::doc_counter_follows_other_handles(&tab_a, &tab_b));
}

#[test]
fn failed_doc_write_leaves_the_counter() {
    block_on(contract::failed_doc_write_leaves_the_counter(
        &MemoryStore::new(),
        |s| s.fail_next_write(StoreError::QuotaExceeded),
    ));
}

#[test]
fn revisions_refuse_stale_writes() {
    block_on(contract::revisions_refuse_stale_writes(&MemoryStore::new()));
}
