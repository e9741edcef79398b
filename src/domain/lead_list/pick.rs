//! The few leads a picker offers (a task's lead): those whose name or company holds what was
//! typed, by name.

use super::search::normalize_for_search;
use super::sort_order::collate;
use crate::domain::Lead;

/// Up to `limit` leads not deleted whose name or company contains `typed` (normalised as the
/// search box does: case, Arabic letter forms, digits), sorted by name. Empty text picks from
/// every lead.
pub fn pick_leads<'a>(leads: &'a [Lead], typed: &str, limit: usize) -> Vec<&'a Lead> {
    let wanted = normalize_for_search(typed.trim());
    let mut picked: Vec<&Lead> = leads
        .iter()
        .filter(|l| !l.is_deleted())
        .filter(|l| {
            wanted.is_empty()
                || normalize_for_search(&l.name).contains(&wanted)
                || normalize_for_search(&l.company).contains(&wanted)
        })
        .collect();
    crate::domain::text::sort::sort_by(&mut picked, |a, b| {
        collate(&a.name, &b.name).then_with(|| a.id.cmp(&b.id))
    });
    picked.truncate(limit);
    picked
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::test_leads::*;
    use super::*;

    #[test]
    fn leads_are_picked_by_name_or_company_in_either_keyboard() {
        let leads = sample();
        let names = |typed: &str, limit| -> Vec<String> {
            pick_leads(&leads, typed, limit)
                .into_iter()
                .map(|l| l.name.clone())
                .collect()
        };
        assert_eq!(names("SARA", 10), ["Sara Ahmadi"]);
        assert_eq!(names("globex", 10), ["john smith"]);
        // Typed on a Persian keyboard (ی ک), stored from an Arabic one (ي ك).
        assert_eq!(names("کیان", 10), ["علي‌رضا كريمي"]);
        assert_eq!(names("", 2).len(), 2);
        assert!(names("nobody", 10).is_empty());
    }
}
