//! The working set: every lead and activity held in memory, kept in id order, with the lookups the
//! screens need. Loaded once at start-up and updated in place after each successful save.

use std::collections::HashMap;

use crate::domain::lead_list::{self, LeadList, LeadQuery, SearchIndex};
use crate::domain::learning::LearnedLead;
use crate::domain::scoring::{PreparedLead, ScoreInput};
use crate::domain::{Activity, Lead, LeadId};

#[derive(Clone, Debug, Default)]
pub struct LeadBook {
    /// Sorted by id; ids only grow, so appends keep the order and lookups binary-search.
    leads: Vec<Lead>,
    /// Per lead, at the lead's position, newest first.
    activities: Vec<Vec<Activity>>,
    /// Per lead, at the lead's position: what scoring reads, kept in step with the two above.
    prepared: Vec<PreparedLead>,
    /// Per lead, at the lead's position: what the learned model reads, kept in step likewise.
    learned: Vec<LearnedLead>,
    /// Activities whose lead is not (yet) in the book, kept so that nothing loaded is dropped;
    /// they join their lead when it arrives.
    orphans: HashMap<LeadId, Vec<Activity>>,
    activity_count: usize,
    search: SearchIndex,
}

fn newest_first(list: &mut [Activity]) {
    crate::domain::text::sort::sort_by(list, |a, b| b.at.cmp(&a.at).then(b.id.cmp(&a.id)));
}

impl LeadBook {
    pub fn new(mut leads: Vec<Lead>, activities: Vec<Activity>) -> LeadBook {
        crate::domain::text::sort::sort_by_key(&mut leads, |l| l.id);
        let search = SearchIndex::new(&leads);
        let mut book = LeadBook {
            activities: vec![Vec::new(); leads.len()],
            prepared: Vec::new(),
            learned: Vec::new(),
            leads,
            orphans: HashMap::new(),
            activity_count: activities.len(),
            search,
        };
        for activity in activities {
            match book.position(activity.lead_id) {
                Some(i) => book.activities[i].push(activity),
                None => book
                    .orphans
                    .entry(activity.lead_id)
                    .or_default()
                    .push(activity),
            }
        }
        book.activities
            .iter_mut()
            .for_each(|list| newest_first(list));
        book.orphans
            .values_mut()
            .for_each(|list| newest_first(list));
        // Both prepared forms in one pass, while each lead and its activities are in cache.
        (book.prepared, book.learned) = book
            .leads
            .iter()
            .zip(&book.activities)
            .map(|(lead, activities)| {
                (
                    PreparedLead::new(lead, activities),
                    LearnedLead::new(lead, activities),
                )
            })
            .unzip();
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
            .map(|((lead, activities), prepared)| {
                ScoreInput::with_prepared(lead, activities, prepared)
            })
    }

    /// One lead ready to score.
    pub fn score_input(&self, id: LeadId) -> Option<ScoreInput<'_>> {
        let i = self.position(id)?;
        Some(ScoreInput::with_prepared(
            &self.leads[i],
            &self.activities[i],
            &self.prepared[i],
        ))
    }

    /// Every lead (soft-deleted included, in id order) as the learned model reads it, with its
    /// activities: what `rank_prepared_by_win_probability` ranks.
    pub fn learned_inputs(&self) -> impl Iterator<Item = (&LearnedLead, &[Activity])> + '_ {
        self.learned
            .iter()
            .zip(&self.activities)
            .map(|(learned, activities)| (learned, activities.as_slice()))
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
                self.learned[i].set_lead(&lead);
                self.leads[i] = lead;
            }
            None => {
                let i = self.leads.partition_point(|l| l.id < lead.id);
                let activities = self.orphans.remove(&lead.id).unwrap_or_default();
                self.prepared
                    .insert(i, PreparedLead::new(&lead, &activities));
                self.learned.insert(i, LearnedLead::new(&lead, &activities));
                self.activities.insert(i, activities);
                self.leads.insert(i, lead);
            }
        }
    }

    /// Removes a lead and its activities for good (a privacy request). Rare, so the book is
    /// rebuilt rather than every index taught to forget.
    pub fn erase_lead(&mut self, id: LeadId) {
        let Some(i) = self.position(id) else { return };
        let mut leads = std::mem::take(&mut self.leads);
        let mut activities = std::mem::take(&mut self.activities);
        leads.remove(i);
        activities.remove(i);
        let all_activities = activities
            .into_iter()
            .flatten()
            .chain(std::mem::take(&mut self.orphans).into_values().flatten())
            .collect();
        *self = LeadBook::new(leads, all_activities);
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
            self.learned[i].set_activities(&self.activities[i]);
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
    fn an_erased_lead_leaves_no_trace_in_the_book() {
        let mut book = LeadBook::new(
            vec![lead(1), lead(2)],
            vec![activity(10, 1, 5), activity(11, 2, 6), activity(12, 9, 7)],
        );
        book.erase_lead(1);
        assert_eq!(book.leads().iter().map(|l| l.id).collect::<Vec<_>>(), [2]);
        assert!(book.activities_of(1).is_empty());
        assert_eq!(
            book.activity_count(),
            2,
            "lead 2's activity and the orphan stay"
        );
        assert!(book
            .query(&LeadQuery::default())
            .iter()
            .all(|&i| book.leads()[i].id != 1));
        book.erase_lead(77);
        assert_eq!(book.leads().len(), 1);
    }

    #[test]
    fn search_follows_upserts() {
        let mut book = LeadBook::new(vec![lead(1)], vec![]);
        let mut renamed = lead(1);
        renamed.name = "Parisa Karimi".into();
        book.upsert_lead(renamed);
        book.upsert_lead(lead(2));
        let query = LeadQuery {
            text: "karimi".into(),
            ..LeadQuery::default()
        };
        assert_eq!(book.query(&query), [0]);
        let everyone = book.query(&LeadQuery::default());
        assert_eq!(everyone.len(), 2);
    }

    #[test]
    fn activities_are_newest_first_and_counted() {
        let mut book = LeadBook::new(
            vec![lead(1)],
            vec![activity(1, 1, 100), activity(2, 1, 300)],
        );
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

    /// One edit of the book: a lead (new or replacing, any fit field, maybe deleted) or an
    /// activity (new or replacing, maybe for a lead not yet in the book).
    #[derive(Clone, Debug)]
    enum Edit {
        Lead {
            id: LeadId,
            fields: u32,
            deleted: bool,
        },
        Activity {
            id: ActivityId,
            lead_id: LeadId,
            kind: usize,
            at: Timestamp,
        },
    }

    fn any_edit() -> impl proptest::strategy::Strategy<Value = Edit> {
        use proptest::prelude::*;
        prop_oneof![
            (1u64..8, any::<u32>(), any::<bool>()).prop_map(|(id, fields, deleted)| Edit::Lead {
                id,
                fields,
                deleted
            }),
            (
                1u64..20,
                1u64..10,
                0..ActivityKind::ALL.len(),
                0i64..1_000_000_000
            )
                .prop_map(|(id, lead_id, kind, at)| Edit::Activity {
                    id,
                    lead_id,
                    kind,
                    at
                }),
        ]
    }

    /// A lead whose every scored field varies with `fields`.
    fn varied_lead(id: LeadId, fields: u32, deleted: bool) -> Lead {
        let pick = |shift: u32, n: u32| ((fields >> shift) % n) as usize;
        Lead {
            industry: ["", "Software", " software ", "دولتي"][pick(0, 4)].into(),
            city: ["", "Tehran", "كرج"][pick(2, 3)].into(),
            country: ["", "Iran", "ایران"][pick(4, 3)].into(),
            employees: [None, Some(5), Some(40), Some(900)][pick(6, 4)],
            budget: [
                None,
                Some(Money {
                    amount: 60_000_000,
                    currency: Currency::Toman,
                }),
                Some(Money {
                    amount: 7,
                    currency: Currency::Usd,
                }),
            ][pick(8, 3)],
            decision_role: DecisionRole::ALL[pick(10, DecisionRole::ALL.len() as u32)],
            timeline: [
                Timeline::Unknown,
                Timeline::By(Date(19_990)),
                Timeline::By(Date(20_400)),
            ][pick(13, 3)],
            journey_stage: JourneyStage::ALL[pick(15, JourneyStage::ALL.len() as u32)],
            deleted_at: deleted.then_some(1),
            ..lead(id)
        }
    }

    proptest::proptest! {
        #[test]
        fn every_edit_keeps_prepared_inputs_equal_to_a_fresh_build(
            start in proptest::collection::vec(any_edit(), 0..10),
            edits in proptest::collection::vec(any_edit(), 0..30),
        ) {
            use crate::domain::scoring::{score_total, CompiledModel, ScoringModel};
            let (mut leads, mut activities) = (Vec::new(), Vec::new());
            for edit in start {
                match edit {
                    Edit::Lead { id, fields, deleted } if !leads.iter().any(|l: &Lead| l.id == id) => leads.push(varied_lead(id, fields, deleted)),
                    Edit::Lead { .. } => {}
                    Edit::Activity { id, lead_id, kind, at } if !activities.iter().any(|a: &Activity| a.id == id) => {
                        activities.push(any_activity(id, lead_id, ActivityKind::ALL[kind], at))
                    }
                    Edit::Activity { .. } => {}
                }
            }
            let mut book = LeadBook::new(leads, activities);
            for edit in edits {
                match edit {
                    Edit::Lead { id, fields, deleted } => book.upsert_lead(varied_lead(id, fields, deleted)),
                    Edit::Activity { id, lead_id, kind, at } => {
                        // An activity id belongs to one lead: replace only within it.
                        let taken = book.leads().iter().map(|l| l.id).chain(1..10).any(|other| {
                            other != lead_id && book.activities_of(other).iter().any(|a| a.id == id)
                        });
                        if !taken {
                            book.upsert_activity(any_activity(id, lead_id, ActivityKind::ALL[kind], at));
                        }
                    }
                }
            }
            let model = CompiledModel::new(&ScoringModel::default_model());
            let now = 20_000 * crate::domain::time::date::MS_PER_DAY;
            for input in book.score_inputs() {
                let fresh = PreparedLead::new(input.lead, input.activities);
                proptest::prop_assert_eq!(input.prepared, Some(&fresh), "lead {}", input.lead.id);
                proptest::prop_assert_eq!(input.lead_id(), input.lead.id);
                proptest::prop_assert_eq!(input.is_deleted(), input.lead.is_deleted());
                let raw = ScoreInput::new(input.lead, input.activities);
                proptest::prop_assert_eq!(score_total(input, &model, now), score_total(raw, &model, now));
            }
            proptest::prop_assert_eq!(book.learned_inputs().count(), book.leads().len());
            for (learned, activities) in book.learned_inputs() {
                let lead = book.lead(learned.id()).expect("a learned input per lead");
                proptest::prop_assert_eq!(activities, book.activities_of(lead.id));
                proptest::prop_assert_eq!(learned, &LearnedLead::new(lead, activities), "lead {}", lead.id);
            }
        }
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
