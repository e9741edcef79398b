//! Duplicates an import would create, and what the user decided for them: rows of the file that
//! are one person (same e-mail or mobile, see [`super::contact_key`]), among themselves or with a
//! stored lead, and the plan that results — new leads and updates of stored ones, stored together.

use super::contact_key::ContactGroups;
use super::engagement::merge_counts;
use super::lead_csv::ImportRow;
use crate::domain::validation::LeadFields;
use crate::domain::{DecisionRole, JourneyStage, Lead, LeadId, LeadSource, Timeline};

/// Rows of the file (indices into the valid rows, in file order) that are one person, and the
/// stored leads they match (by id, ascending; empty when only rows of the file match).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateGroup {
    pub rows: Vec<usize>,
    pub stored: Vec<LeadId>,
}

/// What to do with one group of duplicates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Resolution {
    /// Import none of the group's rows when it matches a stored lead; otherwise only its first row.
    Skip,
    /// Fill the stored lead's (or the first row's) empty fields from the other rows.
    FillEmpty,
    /// Write the other rows' values over the stored lead's (or the first row's); blank cells never
    /// clear a field.
    Overwrite,
    /// Import every row as a lead of its own.
    KeepBoth,
}

impl Resolution {
    pub const ALL: [Resolution; 4] = [
        Resolution::Skip,
        Resolution::FillEmpty,
        Resolution::Overwrite,
        Resolution::KeepBoth,
    ];

    /// Stable key, translated as `import.resolution.<key>`.
    pub fn key(self) -> &'static str {
        match self {
            Resolution::Skip => "skip",
            Resolution::FillEmpty => "fill_empty",
            Resolution::Overwrite => "overwrite",
            Resolution::KeepBoth => "keep_both",
        }
    }

    pub fn from_key(key: &str) -> Option<Resolution> {
        Self::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// The groups of duplicates among `rows` and with the `stored` leads (deleted ones are not
/// matched). A group holds at least one row of the file; stored leads that duplicate only each
/// other are not the import's business.
pub fn find_duplicates<'a>(
    rows: &[ImportRow],
    stored: impl IntoIterator<Item = &'a Lead>,
) -> Vec<DuplicateGroup> {
    let mut search = DuplicateSearch::default();
    search.add_rows(rows);
    search.finish(stored)
}

/// [`find_duplicates`] taken a slice of rows at a time (100,000 rows take longer than a frame):
/// every row of the file first, in file order, then the stored leads at [`DuplicateSearch::finish`].
#[derive(Clone, Debug, Default)]
pub struct DuplicateSearch {
    contacts: ContactGroups,
}

impl DuplicateSearch {
    /// Adds the file's next rows.
    pub fn add_rows(&mut self, rows: &[ImportRow]) {
        for row in rows {
            self.contacts.add(&row.fields.email, &row.fields.phone);
        }
    }

    /// The groups of duplicates among the rows added and with the `stored` leads.
    pub fn finish<'a>(self, stored: impl IntoIterator<Item = &'a Lead>) -> Vec<DuplicateGroup> {
        let mut contacts = self.contacts;
        let rows = contacts.len();
        let stored: Vec<&Lead> = stored
            .into_iter()
            .filter(|l| l.deleted_at.is_none())
            .collect();
        for lead in &stored {
            contacts.add(&lead.email, &lead.phone);
        }
        let mut groups: Vec<DuplicateGroup> = contacts
            .groups()
            .into_iter()
            .filter_map(|members| {
                let (in_file, in_store): (Vec<usize>, Vec<usize>) =
                    members.into_iter().partition(|&i| i < rows);
                let mut stored_ids: Vec<LeadId> =
                    in_store.iter().map(|&i| stored[i - rows].id).collect();
                stored_ids.sort_unstable();
                let duplicates =
                    in_file.len() > 1 || (!in_file.is_empty() && !stored_ids.is_empty());
                duplicates.then_some(DuplicateGroup {
                    rows: in_file,
                    stored: stored_ids,
                })
            })
            .collect();
        groups.sort_by_key(|g| g.rows[0]);
        groups
    }
}

/// What an import stores: new leads, and stored leads with the file's values merged in.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportPlan {
    pub new: Vec<ImportRow>,
    /// The stored lead to update, and the rows to merge into it, in file order, with the mode.
    pub updates: Vec<(LeadId, Vec<ImportRow>, Resolution)>,
}

impl ImportPlan {
    /// Rows that will be stored, as new leads or merged into stored ones.
    pub fn leads_touched(&self) -> usize {
        self.new.len() + self.updates.len()
    }
}

/// The plan for `rows` given one resolution per group (a missing one is [`Resolution::Skip`]).
/// Rows in no group are new leads.
pub fn plan_import(
    rows: Vec<ImportRow>,
    groups: &[DuplicateGroup],
    resolutions: &[Resolution],
) -> ImportPlan {
    let mut group_of: Vec<Option<usize>> = vec![None; rows.len()];
    for (g, group) in groups.iter().enumerate() {
        for &row in &group.rows {
            if let Some(slot) = group_of.get_mut(row) {
                *slot = Some(g);
            }
        }
    }
    let mut plan = ImportPlan::default();
    let mut merged: Vec<Vec<ImportRow>> = vec![Vec::new(); groups.len()];
    for (row, fields) in rows.into_iter().enumerate() {
        let Some(g) = group_of[row] else {
            plan.new.push(fields);
            continue;
        };
        let resolution = resolutions.get(g).copied().unwrap_or(Resolution::Skip);
        let into_stored = !groups[g].stored.is_empty();
        match resolution {
            Resolution::KeepBoth => plan.new.push(fields),
            Resolution::Skip if into_stored => {}
            _ => merged[g].push(fields),
        }
    }
    for (g, rows) in merged.into_iter().enumerate() {
        let mut rows = rows.into_iter();
        let resolution = resolutions.get(g).copied().unwrap_or(Resolution::Skip);
        match groups[g].stored.first() {
            Some(&id) => {
                let rows: Vec<ImportRow> = rows.collect();
                if !rows.is_empty() {
                    plan.updates.push((id, rows, resolution));
                }
            }
            None => {
                let Some(mut first) = rows.next() else {
                    continue;
                };
                if resolution != Resolution::Skip {
                    for other in rows {
                        merge_fields(&mut first.fields, &other.fields, resolution);
                        merge_counts(&mut first.engagement, &other.engagement);
                    }
                }
                plan.new.push(first);
            }
        }
    }
    plan
}

/// How many leads [`plan_import`] would create and how many stored ones it would update, without
/// building the plan (for a summary that follows every choice the user makes).
pub fn plan_counts(
    row_count: usize,
    groups: &[DuplicateGroup],
    resolutions: &[Resolution],
) -> (usize, usize) {
    let grouped: usize = groups.iter().map(|g| g.rows.len()).sum();
    let (mut new, mut updated) = (row_count.saturating_sub(grouped), 0);
    for (g, group) in groups.iter().enumerate() {
        let resolution = resolutions.get(g).copied().unwrap_or(Resolution::Skip);
        match (resolution, group.stored.is_empty()) {
            (Resolution::KeepBoth, _) => new += group.rows.len(),
            (_, true) => new += 1,
            (Resolution::Skip, false) => {}
            (_, false) => updated += 1,
        }
    }
    (new, updated)
}

/// Merges an imported row into a stored lead's fields (timestamps and revision are the caller's).
pub fn merge_into_lead(lead: &mut Lead, row: &LeadFields, resolution: Resolution) {
    let mut fields = LeadFields {
        name: lead.name.clone(),
        company: lead.company.clone(),
        job_title: lead.job_title.clone(),
        email: lead.email.clone(),
        phone: lead.phone.clone(),
        source: lead.source,
        industry: lead.industry.clone(),
        employees: lead.employees,
        city: lead.city.clone(),
        country: lead.country.clone(),
        budget: lead.budget,
        decision_role: lead.decision_role,
        need: lead.need.clone(),
        timeline: lead.timeline,
        journey_stage: lead.journey_stage,
        owner: lead.owner.clone(),
        tags: lead.tags.clone(),
        notes: lead.notes.clone(),
    };
    merge_fields(&mut fields, row, resolution);
    let LeadFields {
        name,
        company,
        job_title,
        email,
        phone,
        source,
        industry,
        employees,
        city,
        country,
        budget,
        decision_role,
        need,
        timeline,
        journey_stage,
        owner,
        tags,
        notes,
    } = fields;
    *lead = Lead {
        name,
        company,
        job_title,
        email,
        phone,
        source,
        industry,
        employees,
        city,
        country,
        budget,
        decision_role,
        need,
        timeline,
        journey_stage,
        owner,
        tags,
        notes,
        ..lead.clone()
    };
}

/// `incoming`'s values into `base`: with [`Resolution::FillEmpty`] only where `base` has none,
/// otherwise wherever `incoming` has one. Tags are joined and new notes appended in both modes.
fn merge_fields(base: &mut LeadFields, incoming: &LeadFields, resolution: Resolution) {
    let overwrite = resolution == Resolution::Overwrite;
    fn text(base: &mut String, incoming: &str, overwrite: bool) {
        if !incoming.is_empty() && (overwrite || base.is_empty()) {
            *base = incoming.to_owned();
        }
    }
    fn option<T: Copy>(base: &mut Option<T>, incoming: Option<T>, overwrite: bool) {
        if incoming.is_some() && (overwrite || base.is_none()) {
            *base = incoming;
        }
    }
    fn choice<T: Copy + PartialEq>(base: &mut T, incoming: T, unset: T, overwrite: bool) {
        if incoming != unset && (overwrite || *base == unset) {
            *base = incoming;
        }
    }
    text(&mut base.name, &incoming.name, overwrite);
    text(&mut base.company, &incoming.company, overwrite);
    text(&mut base.job_title, &incoming.job_title, overwrite);
    text(&mut base.email, &incoming.email, overwrite);
    text(&mut base.phone, &incoming.phone, overwrite);
    // "Import" is what a row without a source column says: not a value to write over a real one.
    choice(
        &mut base.source,
        incoming.source,
        LeadSource::Import,
        overwrite,
    );
    text(&mut base.industry, &incoming.industry, overwrite);
    option(&mut base.employees, incoming.employees, overwrite);
    text(&mut base.city, &incoming.city, overwrite);
    text(&mut base.country, &incoming.country, overwrite);
    option(&mut base.budget, incoming.budget, overwrite);
    choice(
        &mut base.decision_role,
        incoming.decision_role,
        DecisionRole::Unknown,
        overwrite,
    );
    text(&mut base.need, &incoming.need, overwrite);
    choice(
        &mut base.timeline,
        incoming.timeline,
        Timeline::Unknown,
        overwrite,
    );
    choice(
        &mut base.journey_stage,
        incoming.journey_stage,
        JourneyStage::Awareness,
        overwrite,
    );
    text(&mut base.owner, &incoming.owner, overwrite);
    for tag in &incoming.tags {
        if !base
            .tags
            .iter()
            .any(|t| t.to_lowercase() == tag.to_lowercase())
        {
            base.tags.push(tag.clone());
        }
    }
    let notes = incoming.notes.trim();
    if !notes.is_empty() && !base.notes.contains(notes) {
        if !base.notes.is_empty() {
            base.notes.push_str("\n\n");
        }
        base.notes.push_str(notes);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::import::parse_leads_csv;
    use proptest::prelude::*;

    fn rows(csv: &str) -> Vec<ImportRow> {
        parse_leads_csv(csv).unwrap().into_valid()
    }

    fn stored(id: LeadId, email: &str, phone: &str) -> Lead {
        Lead {
            email: email.to_owned(),
            phone: phone.to_owned(),
            ..Lead::blank(id)
        }
    }

    const FILE: &str = "name,email,phone,company,city,tags\n\
        Sara,sara@x.com,,Old Co,,a\n\
        Sara A.,SARA@x.com,+98 912 123 4567,,Tehran,b\n\
        Reza,reza@x.com,,,,\n\
        Mina,,۰۹۱۲۱۲۳۴۵۶۷,,,\n\
        Nima,nima@x.com,,,,\n";

    #[test]
    fn rows_added_in_slices_find_the_groups_found_at_once() {
        let leads = [
            stored(7, "REZA@x.com", ""),
            stored(9, "", "0098 912 000 0000"),
        ];
        let file = rows(FILE);
        for size in 1..=file.len() {
            let mut search = DuplicateSearch::default();
            for slice in file.chunks(size) {
                search.add_rows(slice);
            }
            assert_eq!(
                search.finish(&leads),
                find_duplicates(&file, &leads),
                "{size}"
            );
        }
    }

    #[test]
    fn groups_join_rows_by_email_or_mobile_and_stored_leads_by_either() {
        let leads = [
            stored(7, "REZA@x.com", ""),
            stored(9, "", "0098 912 000 0000"),
        ];
        let groups = find_duplicates(&rows(FILE), &leads);
        assert_eq!(
            groups,
            [
                // Sara twice by e-mail, Mina by Sara A.'s mobile written in Persian digits.
                DuplicateGroup {
                    rows: vec![0, 1, 3],
                    stored: vec![]
                },
                DuplicateGroup {
                    rows: vec![2],
                    stored: vec![7]
                },
            ]
        );
    }

    #[test]
    fn each_resolution_gives_its_plan() {
        let leads = [stored(7, "reza@x.com", "")];
        let file = rows(FILE);
        let groups = find_duplicates(&file, &leads);
        let names = |plan: &ImportPlan| {
            plan.new
                .iter()
                .map(|row| row.fields.name.clone())
                .collect::<Vec<_>>()
        };

        let skip = plan_import(file.clone(), &groups, &[Resolution::Skip, Resolution::Skip]);
        assert_eq!(names(&skip), ["Nima", "Sara"]);
        assert!(skip.updates.is_empty());

        let keep = plan_import(file.clone(), &groups, &[Resolution::KeepBoth; 2]);
        assert_eq!(names(&keep), ["Sara", "Sara A.", "Reza", "Mina", "Nima"]);

        let fill = plan_import(file.clone(), &groups, &[Resolution::FillEmpty; 2]);
        assert_eq!(names(&fill), ["Nima", "Sara"]);
        let sara = &fill.new[1].fields;
        assert_eq!(sara.company, "Old Co");
        assert_eq!(sara.city, "Tehran");
        assert_eq!(sara.phone, "+98 912 123 4567");
        assert_eq!(sara.tags, ["a", "b"]);
        assert_eq!(fill.updates.len(), 1);
        assert_eq!(fill.updates[0].0, 7);

        assert_eq!(plan_counts(5, &groups, &[Resolution::FillEmpty; 2]), (2, 1));
        let over = plan_import(file, &groups, &[Resolution::Overwrite; 2]);
        assert_eq!(over.new[1].fields.name, "Mina", "the last row's name wins");
        assert_eq!(
            over.new[1].fields.company, "Old Co",
            "a blank cell clears nothing"
        );
    }

    #[test]
    fn merging_into_a_stored_lead_fills_or_overwrites() {
        let mut lead = Lead {
            company: "Kept".to_owned(),
            city: String::new(),
            notes: "met at expo".to_owned(),
            ..stored(3, "a@x.com", "")
        };
        let row =
            &rows("name,email,company,city,notes\nNew Name,a@x.com,Other,Shiraz,wants demo\n")[0]
                .fields;
        let before = lead.clone();
        merge_into_lead(&mut lead, row, Resolution::FillEmpty);
        assert_eq!(
            (
                lead.name.as_str(),
                lead.company.as_str(),
                lead.city.as_str()
            ),
            (before.name.as_str(), "Kept", "Shiraz")
        );
        assert_eq!(lead.notes, "met at expo\n\nwants demo");
        assert_eq!(
            (lead.id, lead.created_at, lead.revision),
            (before.id, before.created_at, before.revision)
        );
        merge_into_lead(&mut lead, row, Resolution::Overwrite);
        assert_eq!(
            (lead.name.as_str(), lead.company.as_str()),
            ("New Name", "Other")
        );
        assert_eq!(
            lead.notes, "met at expo\n\nwants demo",
            "a note is added once"
        );
    }

    proptest! {
        /// Every row of the file ends up exactly once as a new lead or an update, or is skipped
        /// only by a Skip resolution; KeepBoth everywhere imports every row.
        #[test]
        fn plans_account_for_every_row(
            keys in prop::collection::vec((0u8..6, 0u8..6), 0..30),
            picks in prop::collection::vec(0usize..4, 0..30),
            stored_emails in prop::collection::vec(0u8..8, 0..4),
        ) {
            let csv: String = std::iter::once("name,email,phone\n".to_owned())
                .chain(keys.iter().enumerate().map(|(i, (e, p))| {
                    let email = if *e == 0 { String::new() } else { format!("p{e}@x.com") };
                    let phone = if *p == 0 { String::new() } else { format!("0912000000{p}") };
                    format!("R{i},{email},{phone}\n")
                }))
                .collect();
            let file = rows(&csv);
            let leads: Vec<Lead> = stored_emails
                .iter()
                .enumerate()
                .map(|(i, e)| stored(100 + i as u64, &format!("p{e}@x.com"), ""))
                .collect();
            let groups = find_duplicates(&file, &leads);
            let mut seen = vec![0; file.len()];
            for g in &groups {
                prop_assert!(g.rows.len() > 1 || !g.stored.is_empty());
                for &r in &g.rows { seen[r] += 1; }
            }
            prop_assert!(seen.iter().all(|&n| n <= 1), "a row is in one group at most");
            let resolutions: Vec<Resolution> = picks.iter().map(|&i| Resolution::ALL[i]).collect();
            let plan = plan_import(file.clone(), &groups, &resolutions);
            let grouped: usize = groups.iter().map(|g| g.rows.len()).sum();
            prop_assert_eq!(plan.new.len(), file.len() - grouped + groups.iter().enumerate().map(|(g, group)| {
                match (resolutions.get(g).copied().unwrap_or(Resolution::Skip), group.stored.is_empty()) {
                    (Resolution::KeepBoth, _) => group.rows.len(),
                    (_, true) => 1,
                    (_, false) => 0,
                }
            }).sum::<usize>());
            prop_assert_eq!(
                plan_counts(file.len(), &groups, &resolutions),
                (plan.new.len(), plan.updates.len())
            );
            let keep_all = plan_import(file.clone(), &groups, &vec![Resolution::KeepBoth; groups.len()]);
            prop_assert_eq!(keep_all.new, file);
        }
    }
}
