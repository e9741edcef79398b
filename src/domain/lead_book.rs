//! The working set: every lead and activity held in memory, kept in id order, with the lookups the
//! screens need. Loaded once at start-up and updated in place after each successful save.

use std::collections::HashMap;

use super::lead_list::{self, LeadList, LeadQuery, SearchIndex};
use super::scoring::{PreparedLead, ScoreInput};
use super::{Activity, Lead, LeadId};

#[derive(Clone, Debug, Default)]
pub struct LeadBook {
    /// Sorted by id; ids only grow, so appends keep the order and lookups binary-search.
    leads: Vec<Lead>,
    /// Per lead, at the lead's position, newest first.
    activities: Vec<Vec<Activity>>,
    /// Per lead, at the lead's position: what scoring reads, kept in step with the two above.
    prepared: Vec<PreparedLead>,
    /// Activities whose lead is not (yet) in the book, kept so that nothing loaded is dropped;
    /// they join their lead when it arrives.
    orphans: HashMap<LeadId, Vec<Activity>>,
    activity_count: usize,
    search: SearchIndex,
}

fn newest_first(list: &mut [Activity]) {
    list.sort_by(|a, b| b.at.cmp(&a.at).then(b.id.cmp(&a.id)));
}

impl LeadBook {
    pub fn new(mut leads: Vec<Lead>, activities: Vec<Activity>) -> LeadBook {
        leads.sort_by_key(|l| l.id);
        let search = SearchIndex::new(&leads);
        let mut book = LeadBook {
            activities: vec![Vec::new(); leads.len()],
            prepared: Vec::new(),
            leads,
            orphans: HashMap::new(),
            activity_count: activities.len(),
            search,
        };
        for activity in activities {
            match book.position(activity.lead_id) {
                Some(i) => book.activities[i].push(activity),
                None => book.orphans.entry(activity.lead_id).or_default().push(activity),
            }
        }
        book.activities.iter_mut().for_each(|list| newest_first(list));
        book.orphans.values_mut().for_each(|list| newest_first(list));
        book.prepared = book
            .leads
            .iter()
            .zip(&book.activities)
            .map(|(lead, activities)| PreparedLead::new(lead, activities))
            .collect();
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
        match self.position(id) {
            Some(i) => &self.activities[i],
            None => self.orphans.get(&id).map(Vec::as_slice).unwrap_or(&[]),
        }
    }

    /// Every lead (soft-deleted included, in id order) with its activities, ready to score;
    /// add qualification records with [`ScoreInput::with_qualification`].
    pub fn score_inputs(&self) -> impl Iterator<Item = ScoreInput<'_>> + '_ {
        self.leads
            .iter()
            .zip(&self.activities)
            .zip(&self.prepared)
            .map(|((lead, activities), prepared)| ScoreInput::with_prepared(lead, activities, prepared))
    }

    /// One lead ready to score.
    pub fn score_input(&self, id: LeadId) -> Option<ScoreInput<'_>> {
        let i = self.position(id)?;
        Some(ScoreInput::with_prepared(&self.leads[i], &self.activities[i], &self.prepared[i]))
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
        match self.position(lead.id) {
            Some(i) => {
                self.prepared[i].set_lead(&lead);
                self.leads[i] = lead;
            }
            None => {
                let i = self.leads.partition_point(|l| l.id < lead.id);
                let activities = self.orphans.remove(&lead.id).unwrap_or_default();
                self.prepared.insert(i, PreparedLead::new(&lead, &activities));
                self.activities.insert(i, activities);
                self.leads.insert(i, lead);
            }
        }
    }

    /// Inserts a new activity or replaces the one with the same id, keeping newest-first order.
    pub fn upsert_activity(&mut self, activity: Activity) {
        let position = self.position(activity.lead_id);
        let list = match position {
            Some(i) => &mut self.activities[i],
            None => self.orphans.entry(activity.lead_id).or_default(),
        };
        if let Some(old) = list.iter().position(|a| a.id == activity.id) {
            list.remove(old);
            self.activity_count -= 1;
        }
        let at = list.partition_point(|a| (a.at, a.id) > (activity.at, activity.id));
        list.insert(at, activity);
        self.activity_count += 1;
        if let Some(i) = position {
            self.prepared[i].set_activities(&self.activities[i]);
        }
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
    fn activities_before_their_lead_wait_and_then_join_it() {
        let mut book = LeadBook::new(vec![lead(1)], vec![activity(1, 5, 100)]);
        assert_eq!(book.activity_count(), 1);
        assert_eq!(book.activities_of(5).len(), 1);
        book.upsert_activity(activity(2, 5, 200));
        book.upsert_lead(lead(5));
        let order: Vec<_> = book.activities_of(5).iter().map(|a| a.id).collect();
        assert_eq!(order, [2, 1]);
        assert_eq!(book.score_input(5).unwrap().activities.len(), 2);
    }

    #[test]
    fn prepared_scoring_inputs_follow_every_change() {
        let mut book = LeadBook::new(vec![lead(2), lead(1)], vec![activity(1, 1, 100)]);
        let mut moved = lead(2);
        moved.city = "اصفهان".into();
        book.upsert_lead(moved);
        book.upsert_lead(lead(3));
        book.upsert_activity(activity(2, 3, 50));
        book.upsert_activity(activity(1, 1, 300));
        for input in book.score_inputs() {
            assert_eq!(
                input.prepared,
                Some(&PreparedLead::new(input.lead, input.activities)),
                "lead {}",
                input.lead.id
            );
        }
        assert_eq!(book.score_inputs().count(), 3);
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
