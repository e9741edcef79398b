//! The Leads table's successive queries, answered from kept sort orders and the previous result.

use super::filters::{passes_filters, query_leads};
use super::query::{LeadQuery, SortKey};
use super::search::SearchQuery;
use super::search_index::SearchIndex;
use super::sort_order::sort_positions;
use crate::domain::Lead;

/// Below this share of the leads (1/n), a narrowed query searches each remaining lead's text
/// rather than scanning the whole index once.
const SCAN_WHEN_ABOVE_ONE_IN: usize = 16;

/// The Leads table's successive queries, answered fast at 100,000 leads with exactly the results
/// of [`query_leads`]:
///
/// - each sort order of the leads not deleted is computed once and kept, so a query only filters
///   a sorted list and never sorts (the default newest-first order included);
/// - a query that can only narrow the previous one (more of a word typed, a word added, a filter
///   set where there was none, same order) filters the previous result instead of every lead;
/// - a search word is found in every lead by one pass over the index's contiguous text, and a
///   lead's match is then one bit, so a query touches the leads themselves only for filters.
///
/// What is kept belongs to one state of the leads: it is dropped when the index changes (every
/// [`SearchIndex::upsert`] or rebuild) or the number of leads does. So leads must change only
/// together with their index, as [`LeadBook`](crate::domain::LeadBook) does; if the index is found
/// stale for some lead, every query is answered by [`query_leads`] until it changes.
#[derive(Clone, Debug, Default)]
pub struct LeadList {
    revision: u64,
    lead_count: usize,
    /// Per position in `leads`, its index slot; empty if some lead has no up-to-date entry.
    slot_of: Vec<u32>,
    /// The positions of the leads not deleted, sorted, per (sort key, descending).
    orders: Vec<((SortKey, bool), Vec<u32>)>,
    /// The previous query, its parsed search and its result.
    last: Option<(LeadQuery, SearchQuery, Vec<usize>)>,
    /// Overrides [`SCAN_WHEN_ABOVE_ONE_IN`] (tests force either path).
    scan_above: Option<usize>,
}

impl LeadList {
    /// What [`query_leads`] returns for this query.
    pub fn query(&mut self, leads: &[Lead], index: &SearchIndex, q: &LeadQuery) -> Vec<usize> {
        if self.revision != index.revision || self.lead_count != leads.len() || self.revision == 0 {
            self.prepare(leads, index);
        }
        if self.slot_of.len() != leads.len() {
            return query_leads(leads, index, q);
        }
        let search = SearchQuery::parse(&q.text);
        let last = self.last.take();
        let narrowed = last
            .as_ref()
            .filter(|(lq, ls, _)| narrows(q, lq) && search.narrows(ls))
            .map(|(_, _, result)| result.as_slice());
        let scan_above = self
            .scan_above
            .unwrap_or(leads.len() / SCAN_WHEN_ABOVE_ONE_IN);
        let order = match narrowed {
            Some(_) => None,
            None => Some(self.order(leads, index, q.sort, q.descending)),
        };
        let candidates: Box<dyn Iterator<Item = usize> + '_> = match (narrowed, order) {
            (Some(result), _) => Box::new(result.iter().copied()),
            (None, order) => Box::new(
                self.orders[order.unwrap_or_default()]
                    .1
                    .iter()
                    .map(|&i| i as usize),
            ),
        };
        let candidate_count = narrowed.map_or(usize::MAX, <[usize]>::len);
        let hits = (!search.is_empty() && candidate_count > scan_above)
            .then(|| search.matching_slots(index, scan_above));
        let filtered = q.source.is_some() || q.stage.is_some() || q.owner.is_some();
        let slot_of = &self.slot_of;
        let result: Vec<usize> = candidates
            .filter(|&i| {
                if filtered && !passes_filters(&leads[i], q) {
                    return false;
                }
                let slot = slot_of[i] as usize;
                match &hits {
                    _ if search.is_empty() => true,
                    Some(hits) => hits.contains(slot),
                    None => search.matches(index.text.get(slot), index.phone.get(slot)),
                }
            })
            .collect();
        self.last = Some((q.clone(), search, result.clone()));
        result
    }

    /// Forgets what belonged to the previous state of the leads and maps positions to slots.
    fn prepare(&mut self, leads: &[Lead], index: &SearchIndex) {
        let slot_of: Option<Vec<u32>> = leads
            .iter()
            .enumerate()
            .map(|(i, lead)| index.slot_for(lead, i).map(|slot| slot as u32))
            .collect();
        *self = LeadList {
            revision: index.revision,
            lead_count: leads.len(),
            slot_of: slot_of.unwrap_or_default(),
            scan_above: self.scan_above,
            ..LeadList::default()
        };
    }

    /// Where in `orders` the positions of the leads not deleted are, in this order (computed on
    /// first use, then kept).
    fn order(
        &mut self,
        leads: &[Lead],
        index: &SearchIndex,
        sort: SortKey,
        descending: bool,
    ) -> usize {
        let key = (sort, descending);
        if let Some(at) = self.orders.iter().position(|(k, _)| *k == key) {
            return at;
        }
        let mut open: Vec<usize> = (0..leads.len())
            .filter(|&i| !leads[i].is_deleted())
            .collect();
        sort_positions(leads, index, &mut open, sort, descending);
        self.orders
            .push((key, open.into_iter().map(|i| i as u32).collect()));
        self.orders.len() - 1
    }
}

/// Whether query `q` keeps the order of `earlier` and only narrows its filters.
fn narrows(q: &LeadQuery, earlier: &LeadQuery) -> bool {
    q.sort == earlier.sort
        && q.descending == earlier.descending
        && (earlier.source.is_none() || earlier.source == q.source)
        && (earlier.stage.is_none() || earlier.stage == q.stage)
        && (earlier.owner.is_none() || earlier.owner == q.owner)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::test_leads::*;
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_lead_list_follows_typing_backspace_filters_and_edits() {
        let mut leads = sample();
        let mut index = SearchIndex::new(&leads);
        let mut list = LeadList::default();
        let mut check = |leads: &[Lead], index: &SearchIndex, q: LeadQuery| {
            assert_eq!(
                list.query(leads, index, &q),
                query_leads(leads, index, &q),
                "{q:?}"
            );
        };
        for text in [
            "s", "sa", "sar", "sara", "sar", "", "a", "ac", "acme", "acme t",
        ] {
            check(
                &leads,
                &index,
                LeadQuery {
                    text: text.into(),
                    ..LeadQuery::default()
                },
            );
        }
        let reza = LeadQuery {
            owner: Some("Reza".into()),
            text: "acme".into(),
            ..LeadQuery::default()
        };
        check(&leads, &index, reza.clone());
        leads[4].owner = "Reza".into();
        leads[4].updated_at += 1;
        index.upsert(&leads[4]);
        check(&leads, &index, reza);
        check(
            &leads,
            &index,
            LeadQuery {
                sort: SortKey::Name,
                descending: false,
                ..LeadQuery::default()
            },
        );
    }

    // --- Properties ---

    proptest! {
        #[test]
        fn the_lead_list_answers_like_a_fresh_query(
            leads in any_leads(),
            steps in any_steps(),
            scan_above in prop::option::of(prop::sample::select(&[0usize, 3, 12, usize::MAX][..])),
        ) {
            let mut current = leads;
            let mut index = SearchIndex::new(&current);
            let mut list = LeadList { scan_above, ..LeadList::default() };
            for step in steps {
                match step {
                    Step::Query(q) => {
                        let expected = query_leads(&current, &SearchIndex::new(&current), &q);
                        prop_assert_eq!(list.query(&current, &index, &q), expected, "{:?}", q);
                    }
                    Step::Edit(lead) => {
                        let lead = Lead { updated_at: lead.updated_at + 10, ..*lead };
                        index.upsert(&lead);
                        match current.iter_mut().find(|l| l.id == lead.id) {
                            Some(slot) => *slot = lead,
                            None => current.push(lead),
                        }
                    }
                }
            }
        }
    }
}
