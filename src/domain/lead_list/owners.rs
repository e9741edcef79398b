//! The owners the owner filter offers.

use std::collections::HashSet;

use super::sort_order::{collate, is_blank};
use crate::domain::Lead;

/// Distinct owners of the leads not deleted, sorted, for the owner filter (leads without an
/// owner are left out; the filter offers them as `Some("")`).
pub fn owners(leads: &[Lead]) -> Vec<String> {
    // A team has a handful of owners and 100,000 leads: drop the repeats first, then sort the few
    // names left (collating 100,000 names took longer than drawing the page that shows them).
    let distinct: HashSet<&str> = leads
        .iter()
        .filter(|l| !l.is_deleted() && !is_blank(&l.owner))
        .map(|l| l.owner.as_str())
        .collect();
    let mut owners: Vec<&str> = distinct.into_iter().collect();
    crate::domain::text::sort::sort_by(&mut owners, |a, b| collate(a, b).then_with(|| a.cmp(b)));
    owners.into_iter().map(str::to_string).collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::test_leads::*;
    use super::*;

    #[test]
    fn owners_are_distinct_sorted_and_skip_blanks_and_deleted() {
        assert_eq!(owners(&sample()), vec!["Mina", "Reza"]);
    }

    #[test]
    fn owners_spelled_alike_are_each_listed_once_in_a_fixed_order() {
        let spelled = ["reza", "Reza", "Mina", "reza", "Reza"];
        let leads: Vec<Lead> = spelled
            .iter()
            .enumerate()
            .map(|(i, owner)| Lead {
                owner: (*owner).into(),
                ..lead(i as u64 + 1, "Someone")
            })
            .collect();
        let mut reversed = leads.clone();
        reversed.reverse();
        let listed = owners(&leads);
        assert_eq!(listed.len(), 3, "{listed:?}");
        assert_eq!(listed[0], "Mina");
        assert_eq!(
            owners(&reversed),
            listed,
            "the order of the leads does not matter"
        );
    }
}
