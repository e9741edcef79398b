//! The table's sort orders: Persian-aware collation for text columns, declared order for source
//! and stage, blanks last, ties by id.

use std::borrow::Cow;
use std::cmp::Ordering;

use super::query::SortKey;
use super::search::{normalize_for_search, FIELD_SEPARATOR};
use super::search_index::SearchIndex;
use crate::domain::text::text_fold::fold_char;
use crate::domain::{Lead, LeadId};

/// Sorts positions in `leads` into the table's order (see [`query_leads`](super::query_leads)).
pub(super) fn sort_positions(
    leads: &[Lead],
    index: &SearchIndex,
    positions: &mut Vec<usize>,
    sort: SortKey,
    descending: bool,
) {
    let Some(segment) = index_segment(sort) else {
        crate::domain::text::sort::sort_positions_by(positions, &mut |i, j| {
            compare_leads(&leads[i], &leads[j], sort, descending)
        });
        return;
    };
    // Name and company sort keys come from the index, already folded and lower-cased, so
    // comparisons only rank characters; a lead the index does not know gets its key made.
    let mut keyed: Vec<(Cow<str>, usize)> = positions
        .iter()
        .map(|&i| {
            let lead = &leads[i];
            let key = match index.slot_for(lead, i) {
                Some(slot) => Cow::Borrowed(
                    index
                        .text
                        .get(slot)
                        .split(FIELD_SEPARATOR)
                        .nth(segment)
                        .unwrap_or_default(),
                ),
                None => Cow::Owned(normalize_for_search(sort_text(lead, sort).unwrap_or(""))),
            };
            (key, i)
        })
        .collect();
    crate::domain::text::sort::sort_by(&mut keyed, |(ka, i), (kb, j)| {
        order_by_text(
            (
                ka.chars().map(collation_rank),
                ka.chars().all(char::is_whitespace),
                leads[*i].id,
            ),
            (
                kb.chars().map(collation_rank),
                kb.chars().all(char::is_whitespace),
                leads[*j].id,
            ),
            descending,
        )
    });
    positions.clear();
    positions.extend(keyed.into_iter().map(|(_, i)| i));
}

/// Which field of an index entry holds the sort key for `sort`, if it is there.
fn index_segment(sort: SortKey) -> Option<usize> {
    match sort {
        SortKey::Name => Some(0),
        SortKey::Company => Some(1),
        _ => None,
    }
}

/// The table's order between two leads (see [`query_leads`](super::query_leads)): the definition
/// the fast path for name and company must agree with.
pub(super) fn compare_leads(a: &Lead, b: &Lead, sort: SortKey, descending: bool) -> Ordering {
    if let (Some(ta), Some(tb)) = (sort_text(a, sort), sort_text(b, sort)) {
        return order_by_text(
            (collation_ranks(ta), is_blank(ta), a.id),
            (collation_ranks(tb), is_blank(tb), b.id),
            descending,
        );
    }
    let by_key = match sort {
        SortKey::Source => (a.source as u8).cmp(&(b.source as u8)),
        SortKey::Stage => (a.journey_stage as u8).cmp(&(b.journey_stage as u8)),
        SortKey::CreatedAt => a.created_at.cmp(&b.created_at),
        _ => a.updated_at.cmp(&b.updated_at),
    };
    directed(by_key.then(a.id.cmp(&b.id)), descending)
}

/// Text order: blanks last whatever the direction, then collation ranks, then id.
fn order_by_text(
    (ranks_a, blank_a, id_a): (impl Iterator<Item = u32>, bool, LeadId),
    (ranks_b, blank_b, id_b): (impl Iterator<Item = u32>, bool, LeadId),
    descending: bool,
) -> Ordering {
    blank_a
        .cmp(&blank_b)
        .then_with(|| directed(ranks_a.cmp(ranks_b).then(id_a.cmp(&id_b)), descending))
}

fn directed(order: Ordering, descending: bool) -> Ordering {
    if descending {
        order.reverse()
    } else {
        order
    }
}

/// The text a text column sorts by; `None` for the other columns.
fn sort_text(lead: &Lead, sort: SortKey) -> Option<&str> {
    match sort {
        SortKey::Name => Some(&lead.name),
        SortKey::Company => Some(&lead.company),
        SortKey::Owner => Some(&lead.owner),
        _ => None,
    }
}

/// Whether text is empty once folded (spaces, direction marks and the like only).
pub(super) fn is_blank(text: &str) -> bool {
    text.chars().filter_map(fold_char).all(char::is_whitespace)
}

/// The Persian alphabet in dictionary order.
const PERSIAN_ALPHABET: [char; 33] = [
    'آ', 'ا', 'ب', 'پ', 'ت', 'ث', 'ج', 'چ', 'ح', 'خ', 'د', 'ذ', 'ر', 'ز', 'ژ', 'س', 'ش', 'ص', 'ض',
    'ط', 'ظ', 'ع', 'غ', 'ف', 'ق', 'ک', 'گ', 'ل', 'م', 'ن', 'و', 'ه', 'ی',
];

/// Where a (folded, lower-cased) character sorts: Persian letters after every other character,
/// in alphabet order; everything else by code point.
fn collation_rank(c: char) -> u32 {
    // Most characters are not Persian letters; skip the alphabet scan for them.
    if !('\u{0622}'..='\u{06CC}').contains(&c) {
        return c as u32;
    }
    match PERSIAN_ALPHABET.iter().position(|&p| p == c) {
        Some(i) => 0x11_0000 + i as u32,
        None => c as u32,
    }
}

/// Case-insensitive, Persian-aware text order, without allocating; exact text breaks ties so the
/// order is total.
pub fn collate(a: &str, b: &str) -> Ordering {
    collation_ranks(a)
        .cmp(collation_ranks(b))
        .then_with(|| a.cmp(b))
}

fn collation_ranks(text: &str) -> impl Iterator<Item = u32> + '_ {
    text.chars().flat_map(|c| {
        // Visible ASCII needs no folding and lower-cases to one character: the common case.
        let (ascii, other) = if c.is_ascii_graphic() || c == ' ' {
            (Some(c.to_ascii_lowercase() as u32), None)
        } else {
            (
                None,
                fold_char(c).map(|c| c.to_lowercase().map(collation_rank)),
            )
        };
        ascii.into_iter().chain(other.into_iter().flatten())
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::filters::query_leads;
    use super::super::query::LeadQuery;
    use super::super::test_leads::*;
    use super::*;
    use crate::domain::{JourneyStage, LeadSource};

    #[test]
    fn default_query_is_newest_first() {
        let leads = sample();
        let positions = query_leads(&leads, &SearchIndex::new(&leads), &LeadQuery::default());
        assert_eq!(names(&leads, &positions), vec![5, 3, 2, 1]);
    }

    #[test]
    fn sorting_is_case_insensitive_with_ties_by_id_and_blanks_last() {
        let leads = vec![
            Lead {
                company: "beta".into(),
                ..lead(1, "b")
            },
            Lead {
                company: "".into(),
                ..lead(2, "B")
            },
            Lead {
                company: "Alpha".into(),
                ..lead(3, "a")
            },
            Lead {
                company: "Beta".into(),
                ..lead(4, "A")
            },
        ];
        let index = SearchIndex::new(&leads);
        let run = |sort, descending| {
            let q = LeadQuery {
                sort,
                descending,
                ..LeadQuery::default()
            };
            names(&leads, &query_leads(&leads, &index, &q))
        };
        assert_eq!(run(SortKey::Company, false), vec![3, 1, 4, 2]);
        assert_eq!(run(SortKey::Company, true), vec![4, 1, 3, 2]);
        assert_eq!(run(SortKey::Name, false), vec![3, 4, 1, 2]);
        assert_eq!(run(SortKey::CreatedAt, false), vec![1, 2, 3, 4]);
        assert_eq!(run(SortKey::UpdatedAt, true), vec![4, 3, 2, 1]);
    }

    #[test]
    fn persian_names_sort_in_alphabet_order() {
        // Code-point order would put پ, چ, ژ and گ after ی.
        let leads: Vec<Lead> = [
            "گلی",
            "پرویز",
            "بهرام",
            "ژاله",
            "یاسمن",
            "كاوه",
            "آرش",
            "Zara",
        ]
        .iter()
        .enumerate()
        .map(|(i, n)| lead(i as LeadId + 1, n))
        .collect();
        let q = LeadQuery {
            sort: SortKey::Name,
            descending: false,
            ..LeadQuery::default()
        };
        let sorted: Vec<&str> = query_leads(&leads, &SearchIndex::new(&leads), &q)
            .iter()
            .map(|&i| leads[i].name.as_str())
            .collect();
        assert_eq!(
            sorted,
            vec![
                "Zara",
                "آرش",
                "بهرام",
                "پرویز",
                "ژاله",
                "كاوه",
                "گلی",
                "یاسمن"
            ]
        );
    }

    #[test]
    fn source_and_stage_sort_in_declared_order() {
        let leads = vec![
            Lead {
                source: LeadSource::Other,
                journey_stage: JourneyStage::Awareness,
                ..lead(1, "x")
            },
            Lead {
                source: LeadSource::WebForm,
                journey_stage: JourneyStage::Decision,
                ..lead(2, "y")
            },
            Lead {
                source: LeadSource::Referral,
                journey_stage: JourneyStage::Consideration,
                ..lead(3, "z")
            },
        ];
        let index = SearchIndex::new(&leads);
        let run = |sort| {
            let q = LeadQuery {
                sort,
                descending: false,
                ..LeadQuery::default()
            };
            names(&leads, &query_leads(&leads, &index, &q))
        };
        assert_eq!(run(SortKey::Source), vec![2, 3, 1]);
        assert_eq!(run(SortKey::Stage), vec![1, 3, 2]);
    }
}
