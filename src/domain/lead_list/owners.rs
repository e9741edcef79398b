//! The owners the owner filter offers.

use super::sort_order::{collate, is_blank};
use crate::domain::Lead;

/// Distinct owners of the leads not deleted, sorted, for the owner filter (leads without an
/// owner are left out; the filter offers them as `Some("")`).
pub fn owners(leads: &[Lead]) -> Vec<String> {
    let mut owners: Vec<&str> = leads
        .iter()
        .filter(|l| !l.is_deleted() && !is_blank(&l.owner))
        .map(|l| l.owner.as_str())
        .collect();
    crate::domain::text::sort::sort_by(&mut owners, |a, b| collate(a, b));
    owners.dedup();
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
}
