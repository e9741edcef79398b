//! The few leads or deals a picker offers (what a task is about): those whose name holds what
//! was typed, by name.

use super::search::normalize_for_search;
use super::sort_order::collate;
use crate::domain::pipeline::{Deal, DealId};
use crate::domain::{Lead, LeadId};

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

/// Up to `limit` open deals whose title or lead's name (`lead_name`) contains `typed`, normalised
/// as [`pick_leads`] does, by title; `chosen` comes first whatever was typed or its status, so a
/// picker never loses its choice.
pub fn pick_deals<'a, 'b>(
    deals: &'a [Deal],
    lead_name: impl Fn(LeadId) -> &'b str,
    typed: &str,
    chosen: Option<DealId>,
    limit: usize,
) -> Vec<&'a Deal> {
    let wanted = normalize_for_search(typed.trim());
    let mut picked: Vec<&Deal> = deals
        .iter()
        .filter(|d| {
            Some(d.id) == chosen
                || (d.is_open()
                    && (wanted.is_empty()
                        || normalize_for_search(&d.title).contains(&wanted)
                        || normalize_for_search(lead_name(d.lead)).contains(&wanted)))
        })
        .collect();
    crate::domain::text::sort::sort_by(&mut picked, |a, b| {
        (Some(b.id) == chosen)
            .cmp(&(Some(a.id) == chosen))
            .then_with(|| collate(&a.title, &b.title))
            .then_with(|| a.id.cmp(&b.id))
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

    #[test]
    fn open_deals_are_picked_by_title_or_lead_name_and_the_choice_stays() {
        use crate::domain::pipeline::DealStatus;
        let deal = |id: DealId, title: &str, lead: LeadId, status| {
            let mut d = crate::domain::pipeline::deal::test_deal(id, 1);
            d.title = title.into();
            d.lead = lead;
            d.status = status;
            d
        };
        let deals = [
            deal(1, "Website", 1, DealStatus::Open),
            deal(2, "CRM licence", 2, DealStatus::Open),
            deal(3, "Audit", 1, DealStatus::Lost),
        ];
        let lead_name = |id: LeadId| if id == 1 { "Sara Ahmadi" } else { "Omid Rad" };
        let titles = |typed: &str, chosen| -> Vec<&str> {
            pick_deals(&deals, lead_name, typed, chosen, 10)
                .into_iter()
                .map(|d| d.title.as_str())
                .collect()
        };
        assert_eq!(titles("", None), ["CRM licence", "Website"]);
        assert_eq!(titles("sara", None), ["Website"]);
        assert_eq!(titles("LICENCE", None), ["CRM licence"]);
        // A lost deal chosen before stays, first, whatever is typed.
        assert_eq!(titles("omid", Some(3)), ["Audit", "CRM licence"]);
        assert_eq!(pick_deals(&deals, lead_name, "", None, 1).len(), 1);
    }
}
