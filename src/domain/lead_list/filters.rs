//! Which leads pass the table's filters and search, and one query answered from scratch.

use super::query::LeadQuery;
use super::search::{fill, SearchQuery};
use super::search_index::{SearchIndex, SlotSet};
use super::sort_order::sort_positions;
use crate::domain::Lead;

/// Whether a lead passes the table's filters (deleted leads never do).
pub(super) fn passes_filters(lead: &Lead, q: &LeadQuery) -> bool {
    !(lead.is_deleted()
        || q.source.is_some_and(|s| lead.source != s)
        || q.stage.is_some_and(|s| lead.journey_stage != s)
        || q.owner.as_deref().is_some_and(|o| lead.owner != o))
}

/// The `candidates` (positions in `leads`, kept in their order) that pass the filters and the
/// search. With `hits` (the slots matching the search, found in one pass), a lead's match is a
/// bit test; without, its indexed text is searched.
fn select(
    leads: &[Lead],
    index: &SearchIndex,
    search: &SearchQuery,
    q: &LeadQuery,
    candidates: impl Iterator<Item = usize>,
    hits: Option<&SlotSet>,
) -> Vec<usize> {
    // Buffers for leads the index does not know in their current form; reused, not per lead.
    let (mut text, mut phone) = (String::new(), String::new());
    candidates
        .filter(|&i| {
            let lead = &leads[i];
            if !passes_filters(lead, q) {
                return false;
            }
            if search.is_empty() {
                return true;
            }
            match index.slot_for(lead, i) {
                Some(slot) => match hits {
                    Some(hits) => hits.contains(slot),
                    None => search.matches(index.text.get(slot), index.phone.get(slot)),
                },
                None => {
                    fill(&mut text, &mut phone, lead);
                    search.matches(&text, &phone)
                }
            }
        })
        .collect()
}

/// The positions in `leads` the table shows for this query: soft-deleted leads left out, search
/// and filters applied, sorted.
///
/// Sorting is case-insensitive and Persian-aware for text columns (Persian alphabet order, so
/// پ follows ب rather than landing after ی), with empty values last in either direction; source
/// and stage sort in their declared order (the order the filters list them); ties are broken by
/// id. Descending reverses everything but the empty-values-last rule.
///
/// This answers one query from scratch; [`LeadList`](super::LeadList) answers the table's
/// successive queries faster, with exactly the same results.
pub fn query_leads(leads: &[Lead], index: &SearchIndex, q: &LeadQuery) -> Vec<usize> {
    let search = SearchQuery::parse(&q.text);
    let mut positions = select(leads, index, &search, q, 0..leads.len(), None);
    sort_positions(leads, index, &mut positions, q.sort, q.descending);
    positions
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use std::cmp::Ordering;

    use super::super::query::SortKey;
    use super::super::sort_order::compare_leads;
    use super::super::test_leads::*;
    use super::*;
    use crate::domain::{JourneyStage, LeadId, LeadSource};
    use proptest::prelude::*;

    #[test]
    fn filters_source_owner_stage() {
        let leads = sample();
        let index = SearchIndex::new(&leads);
        let run = |q: LeadQuery| {
            let q = LeadQuery {
                sort: SortKey::Name,
                descending: false,
                ..q
            };
            names(&leads, &query_leads(&leads, &index, &q))
        };
        assert_eq!(
            run(LeadQuery {
                source: Some(LeadSource::Referral),
                ..LeadQuery::default()
            }),
            vec![1]
        );
        assert_eq!(
            run(LeadQuery {
                owner: Some("Reza".into()),
                ..LeadQuery::default()
            }),
            vec![3, 1]
        );
        assert_eq!(
            run(LeadQuery {
                owner: Some(String::new()),
                ..LeadQuery::default()
            }),
            vec![5]
        );
        assert_eq!(
            run(LeadQuery {
                owner: Some("Zed".into()),
                ..LeadQuery::default()
            }),
            Vec::<LeadId>::new()
        );
        assert_eq!(
            run(LeadQuery {
                stage: Some(JourneyStage::Decision),
                ..LeadQuery::default()
            }),
            vec![2]
        );
        let q = LeadQuery {
            owner: Some("Reza".into()),
            text: "acme".into(),
            ..LeadQuery::default()
        };
        assert_eq!(run(q), vec![1]);
    }

    proptest! {
        #[test]
        fn results_are_exactly_the_matching_leads_in_sorted_order(leads in any_leads(), q in any_query()) {
            let found = query_leads(&leads, &SearchIndex::new(&leads), &q);
            let expected: Vec<usize> = (0..leads.len()).filter(|&i| naive_matches(&leads[i], &q)).collect();
            let mut found_sorted = found.clone();
            found_sorted.sort();
            prop_assert_eq!(found_sorted, expected);
            for pair in found.windows(2) {
                let order = compare_leads(&leads[pair[0]], &leads[pair[1]], q.sort, q.descending);
                prop_assert_eq!(order, Ordering::Less);
            }
        }
    }
}
