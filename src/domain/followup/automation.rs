//! The follow-ups the sales process calls for, created without anyone asking: a lead that turns
//! Hot is contacted within a day ("high-score leads are announced to sales at once"), and a deal
//! that sits in its stage past the stage's rotting days is revived or closed.

use serde::{Deserialize, Serialize};

use crate::domain::pipeline::{is_stale, Deal, PipelineConfig};
use crate::domain::{Lead, Timestamp};

use super::task::due_after;
use super::{Task, TaskOrigin, TaskSubject};

/// After a Hot lead's follow-up was created, no other is created for it for this long, even when
/// the first one is done: a lead stays Hot while it is being worked.
pub const HOT_LEAD_COOLDOWN_DAYS: i64 = 30;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Who an automatic task goes to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskOwner {
    /// The lead's or the deal's owner.
    #[default]
    RecordOwner,
    /// Always this person.
    Person(String),
}

/// One automatic follow-up: whether it runs, how long the rep has, and who gets it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    pub enabled: bool,
    pub due_hours: u32,
    #[serde(default)]
    pub owner: TaskOwner,
}

/// Settings → Automation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutomationSettings {
    pub hot_lead: Trigger,
    pub stale_deal: Trigger,
}

impl Default for AutomationSettings {
    fn default() -> AutomationSettings {
        AutomationSettings {
            hot_lead: Trigger {
                enabled: true,
                due_hours: 24,
                owner: TaskOwner::RecordOwner,
            },
            stale_deal: Trigger {
                enabled: true,
                due_hours: 48,
                owner: TaskOwner::RecordOwner,
            },
        }
    }
}

/// A task to create (its id is given when it is stored).
pub type TaskDraft = Task;

impl TaskOwner {
    fn of(&self, record_owner: &str) -> String {
        match self {
            TaskOwner::RecordOwner => record_owner.to_owned(),
            TaskOwner::Person(name) => name.clone(),
        }
    }
}

/// The follow-ups due now: one per Hot lead that has none open and none created in the last
/// [`HOT_LEAD_COOLDOWN_DAYS`], and one per stale open deal that has none open. Titles are message
/// keys (`task.title_hot_lead`, `task.title_stale_deal`) the app shows in the viewer's language.
pub fn automatic_follow_ups<'a>(
    settings: &AutomationSettings,
    hot_leads: impl IntoIterator<Item = &'a Lead>,
    deals: &[Deal],
    pipeline: &PipelineConfig,
    tasks: &[Task],
    now: Timestamp,
) -> Vec<TaskDraft> {
    let mut drafts = Vec::new();
    if settings.hot_lead.enabled {
        for lead in hot_leads.into_iter().filter(|l| !l.is_deleted()) {
            let covered = tasks.iter().any(|t| {
                t.origin == TaskOrigin::HotLead
                    && t.subject == TaskSubject::Lead(lead.id)
                    && (t.is_open() || now - t.created_at < HOT_LEAD_COOLDOWN_DAYS * DAY_MS)
            });
            if !covered {
                drafts.push(draft(
                    "task.title_hot_lead",
                    TaskSubject::Lead(lead.id),
                    settings.hot_lead.owner.of(&lead.owner),
                    TaskOrigin::HotLead,
                    due_after(now, settings.hot_lead.due_hours),
                    now,
                ));
            }
        }
    }
    if settings.stale_deal.enabled {
        for deal in deals.iter().filter(|d| is_stale(d, pipeline, now)) {
            let covered = tasks.iter().any(|t| {
                t.origin == TaskOrigin::StaleDeal
                    && t.subject == TaskSubject::Deal(deal.id)
                    && t.is_open()
            });
            if !covered {
                drafts.push(draft(
                    "task.title_stale_deal",
                    TaskSubject::Deal(deal.id),
                    settings.stale_deal.owner.of(&deal.owner),
                    TaskOrigin::StaleDeal,
                    due_after(now, settings.stale_deal.due_hours),
                    now,
                ));
            }
        }
    }
    drafts
}

fn draft(
    title: &str,
    subject: TaskSubject,
    owner: String,
    origin: TaskOrigin,
    due: Timestamp,
    now: Timestamp,
) -> TaskDraft {
    Task {
        id: 0,
        title: title.to_owned(),
        subject,
        owner,
        due,
        done_at: None,
        origin,
        created_at: now,
    }
}

/// Longest delay a trigger may give, in hours (30 days).
pub const MAX_DUE_HOURS: u32 = 720;

/// A trigger as Settings → Automation types it: on or off, the delay in hours (any digits), and
/// the owner's name (empty: the record's owner).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TriggerForm {
    pub enabled: bool,
    pub due_hours: String,
    pub owner: String,
}

impl TriggerForm {
    pub fn from_trigger(trigger: &Trigger) -> TriggerForm {
        TriggerForm {
            enabled: trigger.enabled,
            due_hours: trigger.due_hours.to_string(),
            owner: match &trigger.owner {
                TaskOwner::RecordOwner => String::new(),
                TaskOwner::Person(name) => name.clone(),
            },
        }
    }

    /// The trigger typed, or `None` when the delay is not a whole number of hours from 1 to
    /// [`MAX_DUE_HOURS`].
    pub fn to_trigger(&self) -> Option<Trigger> {
        let digits: String = self
            .due_hours
            .trim()
            .chars()
            .map(crate::domain::normalize_digit)
            .collect();
        let hours: u32 = (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| digits.parse().ok())
            .flatten()?;
        let owner = self.owner.trim();
        (1..=MAX_DUE_HOURS).contains(&hours).then(|| Trigger {
            enabled: self.enabled,
            due_hours: hours,
            owner: if owner.is_empty() {
                TaskOwner::RecordOwner
            } else {
                TaskOwner::Person(owner.to_owned())
            },
        })
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::pipeline::{DealStatus, StageEntry};
    use crate::domain::{Currency, Date, Money};

    const NOW: Timestamp = 1_796_195_400_000;

    fn lead(id: u64) -> Lead {
        Lead {
            owner: "Sara".into(),
            ..Lead::blank(id)
        }
    }

    fn deal(id: u64, entered: Timestamp, config: &PipelineConfig) -> Deal {
        let stage = config.stages[0].id;
        Deal {
            id,
            title: "ERP".into(),
            lead: 1,
            value: Money {
                amount: 1,
                currency: Currency::Toman,
            },
            expected_close: Date::from_timestamp(NOW, 0),
            owner: "Omid".into(),
            probability: None,
            stage,
            status: DealStatus::Open,
            reason: None,
            history: vec![StageEntry {
                at: entered,
                stage,
                status: DealStatus::Open,
                reason: None,
            }],
            override_reason: None,
            created_at: entered,
            updated_at: entered,
        }
    }

    #[test]
    fn a_hot_lead_gets_one_follow_up_for_its_owner_due_in_a_day() {
        let settings = AutomationSettings::default();
        let config = PipelineConfig::default();
        let drafts = automatic_follow_ups(&settings, &[lead(7)], &[], &config, &[], NOW);
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].subject, TaskSubject::Lead(7));
        assert_eq!(drafts[0].owner, "Sara");
        assert_eq!(drafts[0].due, NOW + 24 * 3_600_000);
        assert_eq!(drafts[0].origin, TaskOrigin::HotLead);

        // Not again while it is open, nor for 30 days after it was created even when done.
        let mut made = drafts[0].clone();
        assert!(automatic_follow_ups(
            &settings,
            &[lead(7)],
            &[],
            &config,
            &[made.clone()],
            NOW + 1
        )
        .is_empty());
        made.done_at = Some(NOW + DAY_MS);
        let later = NOW + 29 * DAY_MS;
        assert!(
            automatic_follow_ups(&settings, &[lead(7)], &[], &config, &[made.clone()], later)
                .is_empty()
        );
        let much_later = NOW + 31 * DAY_MS;
        assert_eq!(
            automatic_follow_ups(&settings, &[lead(7)], &[], &config, &[made], much_later).len(),
            1
        );
    }

    #[test]
    fn a_stale_deal_gets_a_follow_up_and_a_fresh_one_does_not() {
        let config = PipelineConfig::default();
        let rotting = config.stages[0].rotting_days as i64;
        let stale = deal(1, NOW - (rotting + 2) * DAY_MS, &config);
        let fresh = deal(2, NOW - DAY_MS, &config);
        let settings = AutomationSettings {
            stale_deal: Trigger {
                enabled: true,
                due_hours: 8,
                owner: TaskOwner::Person("Manager".into()),
            },
            ..AutomationSettings::default()
        };
        let drafts = automatic_follow_ups(&settings, [], &[stale, fresh], &config, &[], NOW);
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].subject, TaskSubject::Deal(1));
        assert_eq!(drafts[0].owner, "Manager");
        assert_eq!(drafts[0].due, NOW + 8 * 3_600_000);
    }

    #[test]
    fn a_trigger_turned_off_creates_nothing() {
        let settings = AutomationSettings {
            hot_lead: Trigger {
                enabled: false,
                ..AutomationSettings::default().hot_lead
            },
            ..AutomationSettings::default()
        };
        let config = PipelineConfig::default();
        assert!(automatic_follow_ups(&settings, &[lead(1)], &[], &config, &[], NOW).is_empty());
    }

    #[test]
    fn a_typed_trigger_reads_its_hours_in_any_digits_and_an_empty_owner_as_the_records() {
        let typed = |hours: &str, owner: &str| TriggerForm {
            enabled: true,
            due_hours: hours.into(),
            owner: owner.into(),
        };
        assert_eq!(
            typed("۸", " ").to_trigger(),
            Some(Trigger {
                enabled: true,
                due_hours: 8,
                owner: TaskOwner::RecordOwner,
            })
        );
        let manager = typed("48", " Manager ").to_trigger().unwrap();
        assert_eq!(manager.owner, TaskOwner::Person("Manager".into()));
        assert_eq!(TriggerForm::from_trigger(&manager), typed("48", "Manager"));
        for bad in ["", "0", "721", "-3", "2.5", "soon", "99999999999"] {
            assert_eq!(typed(bad, "").to_trigger(), None, "{bad}");
        }
        assert_eq!(typed("720", "").to_trigger().unwrap().due_hours, 720);
    }
}
