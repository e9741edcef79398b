//! The working set: every lead and activity held in memory, kept in id order, with the lookups the
//! screens need. Loaded once at start-up and updated in place after each successful save.

use std::collections::HashMap;

use super::lead_list::{self, LeadList, LeadQuery, SearchIndex};
use super::{Activity, Lead, LeadId};

#[derive(Clone, Debug, Default)]
pub struct LeadBook {
    /// Sorted by id; ids only grow, so appends keep the order and lookups binary-search.
    leads: Vec<Lead>,
    /// Per lead, newest first.
    activities: HashMap<LeadId, Vec<Activity>>,
    activity_count: usize,
    search: SearchIndex,
}

impl LeadBook {
    pub fn new(mut leads: Vec<Lead>, activities: Vec<Activity>) -> LeadBook {
        leads.sort_by_key(|l| l.id);
        let search = SearchIndex::new(&leads);
        let mut book = LeadBook { leads, activities: HashMap::new(), activity_count: 0, search };
        for activity in activities {
            book.insert_activity(activity);
        }
        for list in book.activities.values_mut() {
            list.sort_by(|a, b| b.at.cmp(&a.at).then(b.id.cmp(&a.id)));
        }
        book
    }

    /// All leads, soft-deleted included, in id order.
    pub fn leads(&self) -> &[Lead] {
        &self.leads
    }

    pub fn lead(&self, id: LeadId) -> Option<&Lead> {
        self.position(id).map(|i| &self.leads[i])
    }

    pub fn position(&self, id: LeadId) -> Option<usize> {
        self.leads.binary_search_by_key(&id, |l| l.id).ok()
    }

    /// Leads not soft-deleted.
    pub fn open_lead_count(&self) -> usize {
        self.leads.iter().filter(|l| !l.is_deleted()).count()
    }

    pub fn activity_count(&self) -> usize {
        self.activity_count
    }

    /// A lead's activities, newest first.
    pub fn activities_of(&self, id: LeadId) -> &[Activity] {
        self.activities.get(&id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Positions (into [`LeadBook::leads`]) of the leads the query selects, in display order.
    pub fn query(&self, query: &LeadQuery) -> Vec<usize> {
        lead_list::query_leads(&self.leads, &self.search, query)
    }

    /// The same as [`LeadBook::query`], answered through `list`, which keeps sort orders and the
    /// previous result between the table's queries (see [`LeadList`]).
    pub fn query_with(&self, list: &mut LeadList, query: &LeadQuery) -> Vec<usize> {
        list.query(&self.leads, &self.search, query)
    }

    /// Distinct owners, for the owner filter.
    pub fn owners(&self) -> Vec<String> {
        lead_list::owners(&self.leads)
    }

    /// Inserts a new lead or replaces the one with the same id.
    pub fn upsert_lead(&mut self, lead: Lead) {
        self.search.upsert(&lead);
        match self.leads.binary_search_by_key(&lead.id, |l| l.id) {
            Ok(i) => self.leads[i] = lead,
            Err(i) => self.leads.insert(i, lead),
        }
    }

    /// Inserts a new activity or replaces the one with the same id, keeping newest-first order.
    pub fn upsert_activity(&mut self, activity: Activity) {
        if let Some(list) = self.activities.get_mut(&activity.lead_id) {
            if let Some(old) = list.iter().position(|a| a.id == activity.id) {
                list.remove(old);
                self.activity_count -= 1;
            }
        }
        let list = self.activities.entry(activity.lead_id).or_default();
        let at = list.partition_point(|a| (a.at, a.id) > (activity.at, activity.id));
        list.insert(at, activity);
        self.activity_count += 1;
    }

    fn insert_activity(&mut self, activity: Activity) {
        self.activities.entry(activity.lead_id).or_default().push(activity);
        self.activity_count += 1;
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::test_support::{activity as any_activity, lead};
    use crate::domain::*;

    fn activity(id: ActivityId, lead_id: LeadId, at: Timestamp) -> Activity {
        any_activity(id, lead_id, ActivityKind::Call, at)
    }

    #[test]
    fn leads_stay_in_id_order_and_replace_by_id() {
        let mut book = LeadBook::new(vec![lead(3), lead(1)], vec![]);
        book.upsert_lead(lead(2));
        let mut renamed = lead(3);
        renamed.name = "Renamed".into();
        book.upsert_lead(renamed);
        let ids: Vec<_> = book.leads().iter().map(|l| l.id).collect();
        assert_eq!(ids, [1, 2, 3]);
        assert_eq!(book.lead(3).unwrap().name, "Renamed");
        assert!(book.lead(4).is_none());
    }

    #[test]
    fn search_follows_upserts() {
        let mut book = LeadBook::new(vec![lead(1)], vec![]);
        let mut renamed = lead(1);
        renamed.name = "Parisa Karimi".into();
        book.upsert_lead(renamed);
        book.upsert_lead(lead(2));
        let query = LeadQuery { text: "karimi".into(), ..LeadQuery::default() };
        assert_eq!(book.query(&query), [0]);
        let everyone = book.query(&LeadQuery::default());
        assert_eq!(everyone.len(), 2);
    }

    #[test]
    fn activities_are_newest_first_and_counted() {
        let mut book = LeadBook::new(vec![lead(1)], vec![activity(1, 1, 100), activity(2, 1, 300)]);
        book.upsert_activity(activity(3, 1, 200));
        let order: Vec<_> = book.activities_of(1).iter().map(|a| a.id).collect();
        assert_eq!(order, [2, 3, 1]);
        book.upsert_activity(activity(3, 1, 400));
        let order: Vec<_> = book.activities_of(1).iter().map(|a| a.id).collect();
        assert_eq!(order, [3, 2, 1]);
        assert_eq!(book.activity_count(), 3);
        assert!(book.activities_of(9).is_empty());
    }

    #[test]
    fn soft_deleted_leads_are_kept_but_not_counted_open() {
        let mut gone = lead(2);
        gone.deleted_at = Some(5);
        let book = LeadBook::new(vec![lead(1), gone], vec![]);
        assert_eq!(book.leads().len(), 2);
        assert_eq!(book.open_lead_count(), 1);
    }
}
