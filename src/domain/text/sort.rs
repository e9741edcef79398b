//! Sorting through one shared copy of the standard library's sort.
//!
//! `slice::sort_by` is generic over the element and the comparison, so every call site compiles its
//! own copy of the sort (two dozen of them in the app, each sizeable in wasm). These functions
//! sort a list of positions with the one non-generic [`sort_positions_by`] and then move the
//! elements into that order, so the only per-type code left is the small permutation loop.
//!
//! [`sort_by`] is stable exactly like `slice::sort_by` (it is the same algorithm run on positions,
//! and equal elements keep their positions' order), so results are identical to it.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Lists up to this long are sorted in place by insertion.
const SHORT: usize = 12;

/// Sorts `positions` stably by `cmp`. The one instantiation of the standard sort every function of
/// this module shares.
#[inline(never)]
pub fn sort_positions_by(positions: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    positions.sort_by(|&a, &b| cmp(a, b));
}

/// Stable sort by a comparison, like `slice::sort_by`.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() <= SHORT {
        // Insertion sort: stable, no allocation, and short lists are the common case.
        for i in 1..v.len() {
            let mut j = i;
            while j > 0 && cmp(&v[j - 1], &v[j]) == Ordering::Greater {
                v.swap(j - 1, j);
                j -= 1;
            }
        }
        return;
    }
    let mut order: Vec<usize> = (0..v.len()).collect();
    sort_positions_by(&mut order, &mut |a, b| cmp(&v[a], &v[b]));
    permute(v, &mut order);
}

/// Stable sort by a key, like `slice::sort_by_key`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts by the elements' own order, like `slice::sort` (and, for elements whose equal values
/// cannot be told apart, like `slice::sort_unstable`).
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// A map of `pairs`, like collecting them into a `BTreeMap` (of pairs with equal keys the last one's
/// value is kept), without the sort `collect` compiles for each key and value type.
pub fn map_of<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (k, v) in pairs {
        map.insert(k, v);
    }
    map
}

/// A set of `items`, like collecting them into a `BTreeSet`, without the sort `collect` compiles
/// for each element type.
pub fn set_of<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    set.extend(items);
    set
}

/// Puts `v` in the order `order` gives: afterwards `v[i]` is the element that was at `order[i]`.
/// `order` must be a permutation of `0..v.len()`; it is consumed (left as the identity).
fn permute<T>(v: &mut [T], order: &mut [usize]) {
    for start in 0..order.len() {
        // Follow the cycle through `start`; each step brings the element that belongs at `at`.
        let mut at = start;
        loop {
            let from = order[at];
            order[at] = at;
            if from == start || from == at {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn same_as_the_standard_stable_sort(items in proptest::collection::vec((0u8..6, any::<u16>()), 0..60)) {
            let mut ours = items.clone();
            let mut std_sorted = items.clone();
            sort_by_key(&mut ours, |p| p.0);
            std_sorted.sort_by_key(|p| p.0);
            prop_assert_eq!(&ours, &std_sorted);

            let mut ours = items.clone();
            let mut std_sorted = items;
            sort_by(&mut ours, |a, b| b.0.cmp(&a.0).then(Ordering::Equal));
            std_sorted.sort_by(|a, b| b.0.cmp(&a.0).then(Ordering::Equal));
            prop_assert_eq!(ours, std_sorted);
        }

        #[test]
        fn maps_and_sets_like_collect(pairs in proptest::collection::vec((0u8..20, any::<u16>()), 0..60)) {
            prop_assert_eq!(map_of(pairs.clone()), pairs.iter().copied().collect::<BTreeMap<_, _>>());
            prop_assert_eq!(set_of(pairs.clone()), pairs.iter().copied().collect::<BTreeSet<_>>());
        }

        #[test]
        fn sorts_like_sort(mut items in proptest::collection::vec(any::<i32>(), 0..200)) {
            let mut expected = items.clone();
            expected.sort();
            sort(&mut items);
            prop_assert_eq!(items, expected);
        }
    }
}
