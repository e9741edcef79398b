//! Every deal, decoded once and kept in id order: the working set the board, the reports and the
//! rules read. A save updates the one deal it changed in place, so nothing decodes 10,000 deals
//! again because one moved.

use std::collections::BTreeMap;

use super::deal::{Deal, DealId};
use crate::domain::LeadId;

/// The deals by id (each id once, ascending).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DealBook {
    deals: Vec<Deal>,
    /// How many deals each owner (trimmed, never empty) has: the board's owner filter reads the
    /// names after every save, and collecting them from 10,000 deals each time cost a millisecond
    /// of every stage move.
    owners: BTreeMap<String, usize>,
}

impl DealBook {
    /// The book of `deals`; when an id repeats, the last one wins (as a later write would).
    pub fn new(deals: Vec<Deal>) -> DealBook {
        let mut book = DealBook::default();
        for deal in deals {
            book.upsert(deal);
        }
        book
    }

    /// Adds a new deal or replaces the one with its id.
    pub fn upsert(&mut self, deal: Deal) {
        self.count_owner(&deal.owner, true);
        match self.deals.binary_search_by_key(&deal.id, |d| d.id) {
            Ok(at) => {
                let old = std::mem::replace(&mut self.deals[at], deal);
                self.count_owner(&old.owner, false);
            }
            Err(at) => self.deals.insert(at, deal),
        }
    }

    /// Removes a deal (nothing when there is none with `id`).
    pub fn remove(&mut self, id: DealId) {
        if let Ok(at) = self.deals.binary_search_by_key(&id, |d| d.id) {
            let old = self.deals.remove(at);
            self.count_owner(&old.owner, false);
        }
    }

    /// The distinct owners of the deals (trimmed, none empty), in byte order.
    pub fn owners(&self) -> impl Iterator<Item = &str> {
        self.owners.keys().map(String::as_str)
    }

    fn count_owner(&mut self, owner: &str, added: bool) {
        let owner = owner.trim();
        if owner.is_empty() {
            return;
        }
        if added {
            *self.owners.entry(owner.to_owned()).or_default() += 1;
        } else if let Some(count) = self.owners.get_mut(owner) {
            *count -= 1;
            if *count == 0 {
                self.owners.remove(owner);
            }
        }
    }

    pub fn get(&self, id: DealId) -> Option<&Deal> {
        self.deals
            .binary_search_by_key(&id, |d| d.id)
            .ok()
            .map(|at| &self.deals[at])
    }

    /// Every deal, in id order.
    pub fn all(&self) -> &[Deal] {
        &self.deals
    }

    /// The deals of one lead, in id order.
    pub fn of_lead(&self, lead: LeadId) -> impl Iterator<Item = &Deal> {
        self.deals.iter().filter(move |d| d.lead == lead)
    }

    pub fn len(&self) -> usize {
        self.deals.len()
    }

    pub fn is_empty(&self) -> bool {
        self.deals.is_empty()
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;
    use crate::domain::pipeline::deal::test_deal;

    #[derive(Clone, Debug)]
    enum Op {
        Save { id: DealId, stage: u32, title: u8 },
        Delete(DealId),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            3 => (1u64..30, 1u32..6, any::<u8>()).prop_map(|(id, stage, title)| Op::Save { id, stage, title }),
            1 => (1u64..30).prop_map(Op::Delete),
        ]
    }

    #[test]
    fn deals_are_kept_in_id_order_and_replaced_by_id() {
        let mut book = DealBook::new(vec![test_deal(3, 1), test_deal(1, 1), test_deal(2, 1)]);
        assert_eq!(
            book.all().iter().map(|d| d.id).collect::<Vec<_>>(),
            [1, 2, 3]
        );
        book.upsert(test_deal(2, 4));
        assert_eq!(book.get(2).map(|d| d.stage), Some(4));
        assert_eq!(book.len(), 3);
        book.remove(1);
        book.remove(99);
        assert_eq!(book.all().iter().map(|d| d.id).collect::<Vec<_>>(), [2, 3]);
        assert_eq!(book.of_lead(3).count(), 1);
    }

    proptest! {
        /// The book updated in place after each save or delete equals the book decoded afresh
        /// from the stored documents (JSON, as the doc store keeps them).
        #[test]
        fn updated_in_place_equals_a_fresh_decode(initial in prop::collection::vec((1u64..30, 1u32..6), 0..20),
                                                  ops in prop::collection::vec(op(), 0..40)) {
            let mut stored: BTreeMap<DealId, String> = BTreeMap::new();
            let mut deals = Vec::new();
            for (id, stage) in initial {
                let deal = test_deal(id, stage);
                stored.insert(id, serde_json::to_string(&deal).unwrap());
                deals.push(deal);
            }
            let mut book = DealBook::new(deals);
            for op in ops {
                match op {
                    Op::Save { id, stage, title } => {
                        let mut deal = test_deal(id, stage);
                        deal.title = format!("Deal {title}");
                        deal.owner = ["Sara", " Sara ", "Reza", "", "  ", "رضا"][title as usize % 6].into();
                        stored.insert(id, serde_json::to_string(&deal).unwrap());
                        book.upsert(deal);
                    }
                    Op::Delete(id) => {
                        stored.remove(&id);
                        book.remove(id);
                    }
                }
                let fresh = DealBook::new(stored.values().map(|json| serde_json::from_str(json).unwrap()).collect());
                prop_assert_eq!(&book, &fresh);
                let distinct: std::collections::BTreeSet<&str> =
                    book.all().iter().map(|d| d.owner.trim()).filter(|o| !o.is_empty()).collect();
                prop_assert_eq!(book.owners().collect::<Vec<_>>(), distinct.into_iter().collect::<Vec<_>>());
            }
        }
    }
}
