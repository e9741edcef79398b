//! Speed to lead: how soon a Hot lead is contacted. Measured from the moment Kariz flagged the
//! lead Hot (its automatic follow-up was created) to the first contact after it.

use std::collections::BTreeMap;

use crate::domain::{Activity, LeadId, Timestamp};

use super::{Task, TaskOrigin, TaskSubject};

/// Median minutes from turning Hot to first contact, per owner of the follow-up, for the Hot
/// leads contacted since (leads not yet contacted are counted apart, as waiting).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SpeedToLead {
    pub owner: String,
    pub median_minutes: Option<i64>,
    pub contacted: usize,
    pub waiting: usize,
}

pub fn speed_to_lead<'a>(
    tasks: &[Task],
    activities_of: impl Fn(LeadId) -> &'a [Activity],
) -> Vec<SpeedToLead> {
    let mut by_owner: BTreeMap<&str, (Vec<i64>, usize)> = BTreeMap::new();
    for task in tasks.iter().filter(|t| t.origin == TaskOrigin::HotLead) {
        let TaskSubject::Lead(lead) = task.subject else {
            continue;
        };
        let first_contact: Option<Timestamp> = activities_of(lead)
            .iter()
            // Strictly after: the meeting or demo whose logging made the lead Hot is stored in
            // the same write as its follow-up, at the same moment, and is no reply to it.
            .filter(|a| a.kind.is_contact() && a.at > task.created_at)
            .map(|a| a.at)
            .min();
        let entry = by_owner.entry(task.owner.as_str()).or_default();
        match first_contact {
            Some(at) => entry.0.push((at - task.created_at) / 60_000),
            None => entry.1 += 1,
        }
    }
    by_owner
        .into_iter()
        .map(|(owner, (mut minutes, waiting))| {
            minutes.sort_unstable();
            let median = match minutes.len() {
                0 => None,
                n if n % 2 == 1 => Some(minutes[n / 2]),
                n => Some((minutes[n / 2 - 1] + minutes[n / 2]) / 2),
            };
            SpeedToLead {
                owner: owner.to_owned(),
                median_minutes: median,
                contacted: minutes.len(),
                waiting,
            }
        })
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::ActivityKind;

    #[test]
    fn the_median_per_owner_counts_only_contacts_after_the_lead_turned_hot() {
        let hot = |id, lead, owner: &str, at| Task {
            id,
            title: String::new(),
            subject: TaskSubject::Lead(lead),
            owner: owner.into(),
            due: at,
            done_at: None,
            origin: TaskOrigin::HotLead,
            created_at: at,
        };
        let min = 60_000;
        let tasks = [
            hot(1, 1, "Sara", 0),
            hot(2, 2, "Sara", 0),
            hot(3, 3, "Sara", 0),
            hot(4, 4, "Omid", 0),
        ];
        let acts = |lead: LeadId| -> Vec<Activity> {
            let a = |kind, at| Activity {
                id: 0,
                lead_id: lead,
                kind,
                at,
                notes: String::new(),
                revision: Default::default(),
            };
            match lead {
                1 => vec![
                    a(ActivityKind::Call, 30 * min),
                    a(ActivityKind::EmailSent, 10 * min),
                ],
                2 => vec![
                    a(ActivityKind::EmailOpened, 5 * min),
                    a(ActivityKind::Call, 90 * min),
                ],
                3 => vec![a(ActivityKind::Call, -5 * min), a(ActivityKind::Demo, 0)],
                _ => vec![],
            }
        };
        let store: Vec<Vec<Activity>> = (0..5).map(acts).collect();
        let rows = speed_to_lead(&tasks, |lead| &store[lead as usize]);
        assert_eq!(
            rows,
            [
                SpeedToLead {
                    owner: "Omid".into(),
                    median_minutes: None,
                    contacted: 0,
                    waiting: 1
                },
                SpeedToLead {
                    owner: "Sara".into(),
                    median_minutes: Some(50),
                    contacted: 2,
                    waiting: 1
                },
            ]
        );
    }
}
