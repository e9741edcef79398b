//! What makes two leads the same person for an import: the same e-mail address or mobile number.

use std::collections::HashMap;

use crate::domain::validation::normalize_phone;

/// A value two records of one person share, compared after normalisation.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ContactKey {
    /// The address, lower-cased and trimmed.
    Email(String),
    /// The number in canonical form without spaces (`+989121234567`): `+98`, `0098` and `0`
    /// prefixes, spaces and Persian or Arabic digits all give the same key.
    Phone(String),
}

/// The keys a record with this e-mail and phone is found by (none for blanks or unreadable
/// numbers, which match nothing rather than each other).
pub fn contact_keys(email: &str, phone: &str) -> Vec<ContactKey> {
    let mut keys = Vec::with_capacity(2);
    let email = email.trim();
    if !email.is_empty() {
        keys.push(ContactKey::Email(email.to_lowercase()));
    }
    if let Ok(phone) = normalize_phone(phone) {
        keys.push(ContactKey::Phone(phone.replace(' ', "")));
    }
    keys
}

/// Groups of indices into `records` (each `(email, phone)`) that share a key, directly or
/// through another member; each group in index order, groups ordered by their first member.
/// Records sharing nothing are in no group.
pub fn duplicate_groups<'a>(
    records: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<Vec<usize>> {
    let mut groups = ContactGroups::default();
    for (email, phone) in records {
        groups.add(email, phone);
    }
    groups.groups()
}

/// [`duplicate_groups`] built a record at a time, so a long list can be taken in slices.
/// Records are numbered from 0 in the order added.
#[derive(Clone, Debug, Default)]
pub struct ContactGroups {
    /// Union-find over indices, joined through the first index seen with each key.
    parent: Vec<usize>,
    first_with: HashMap<ContactKey, usize>,
}

impl ContactGroups {
    /// Adds the next record.
    pub fn add(&mut self, email: &str, phone: &str) {
        let i = self.parent.len();
        self.parent.push(i);
        for key in contact_keys(email, phone) {
            match self.first_with.get(&key) {
                Some(&j) => {
                    let (a, b) = (self.root(i), self.root(j));
                    // The smaller index is the root, so a group is named by its first member.
                    self.parent[a.max(b)] = a.min(b);
                }
                None => {
                    self.first_with.insert(key, i);
                }
            }
        }
    }

    /// How many records were added.
    pub fn len(&self) -> usize {
        self.parent.len()
    }

    /// Whether none was.
    pub fn is_empty(&self) -> bool {
        self.parent.is_empty()
    }

    /// The groups of the records added, as [`duplicate_groups`] gives them.
    pub fn groups(mut self) -> Vec<Vec<usize>> {
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut group_of_root: HashMap<usize, usize> = HashMap::new();
        for i in 0..self.parent.len() {
            let r = self.root(i);
            let g = *group_of_root.entry(r).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[g].push(i);
        }
        groups.retain(|g| g.len() > 1);
        groups
    }

    fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn mobile_prefixes_spaces_and_digit_systems_give_one_key() {
        let expected = vec![ContactKey::Phone("+989121234567".into())];
        for phone in [
            "09121234567",
            "+98 912 123 4567",
            "00989121234567",
            "۰۹۱۲ ۱۲۳ ۴۵۶۷",
            "٠٩١٢١٢٣٤٥٦٧",
        ] {
            assert_eq!(contact_keys("", phone), expected, "{phone}");
        }
    }

    #[test]
    fn email_is_compared_without_case_and_blanks_match_nothing() {
        assert_eq!(
            contact_keys(" Ali@Example.COM ", "not a phone"),
            vec![ContactKey::Email("ali@example.com".into())]
        );
        assert!(contact_keys("", "").is_empty());
    }

    #[test]
    fn groups_join_through_shared_keys() {
        let records = [
            ("ali@example.com", ""),
            ("", "0912 000 0000"),
            ("sara@example.com", "+989120000000"),
            ("ALI@example.com", ""),
            ("", ""),
            ("", ""),
            ("reza@example.com", "۰۹۱۲۰۰۰۰۰۰۰"),
        ];
        assert_eq!(duplicate_groups(records), vec![vec![0, 3], vec![1, 2, 6]]);
    }

    proptest! {
        #[test]
        fn every_group_member_shares_a_key_with_another(
            records in proptest::collection::vec(("[ab]@x\\.ir|", "0912000000[0-2]|"), 0..12)
        ) {
            let refs: Vec<(&str, &str)> = records.iter().map(|(e, p)| (e.as_str(), p.as_str())).collect();
            let groups = duplicate_groups(refs.iter().copied());
            let mut seen = std::collections::HashSet::new();
            for group in &groups {
                prop_assert!(group.len() > 1);
                for &i in group {
                    prop_assert!(seen.insert(i), "index {} in two groups", i);
                    let keys = contact_keys(refs[i].0, refs[i].1);
                    prop_assert!(group.iter().any(|&j| j != i
                        && contact_keys(refs[j].0, refs[j].1).iter().any(|k| keys.contains(k))));
                }
            }
            // And any two records sharing a key are in one group.
            for i in 0..refs.len() {
                for j in i + 1..refs.len() {
                    let keys = contact_keys(refs[i].0, refs[i].1);
                    if contact_keys(refs[j].0, refs[j].1).iter().any(|k| keys.contains(k)) {
                        prop_assert!(groups.iter().any(|g| g.contains(&i) && g.contains(&j)));
                    }
                }
            }
        }
    }
}
