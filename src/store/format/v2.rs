//! Chunk format 2: format 1's fields, then the record's revision. Frozen: never edit (a change is
//! a new format). Written through borrowed twins of the record types ([`LeadV2Ref`],
//! [`ActivityV2Ref`]): the same bytes, without copying 100,000 leads' text on every write.

use serde::{Deserialize, Serialize};

use super::v1::{
    ActivityKindV1, ActivityV1, DecisionRoleV1, JourneyStageV1, LeadSourceV1, LeadV1, MoneyV1,
    TimelineV1,
};
use crate::domain::{Activity, Lead, Rev, Revision};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevV2 {
    pub number: u32,
    pub device: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionV2 {
    pub current: RevV2,
    pub replaced: Option<RevV2>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeadV2 {
    pub id: u64,
    pub name: String,
    pub company: String,
    pub job_title: String,
    pub email: String,
    pub phone: String,
    pub source: LeadSourceV1,
    pub industry: String,
    pub employees: Option<u32>,
    pub city: String,
    pub country: String,
    pub budget: Option<MoneyV1>,
    pub decision_role: DecisionRoleV1,
    pub need: String,
    pub timeline: TimelineV1,
    pub journey_stage: JourneyStageV1,
    pub owner: String,
    pub tags: Vec<String>,
    pub notes: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub deleted_at: Option<i64>,
    pub revision: RevisionV2,
}

/// [`LeadV2`] borrowing a domain lead's text, for writing.
#[derive(Serialize)]
pub struct LeadV2Ref<'a> {
    id: u64,
    name: &'a str,
    company: &'a str,
    job_title: &'a str,
    email: &'a str,
    phone: &'a str,
    source: LeadSourceV1,
    industry: &'a str,
    employees: Option<u32>,
    city: &'a str,
    country: &'a str,
    budget: Option<MoneyV1>,
    decision_role: DecisionRoleV1,
    need: &'a str,
    timeline: TimelineV1,
    journey_stage: JourneyStageV1,
    owner: &'a str,
    tags: &'a [String],
    notes: &'a str,
    created_at: i64,
    updated_at: i64,
    deleted_at: Option<i64>,
    revision: RevisionV2,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityV2 {
    pub id: u64,
    pub lead_id: u64,
    pub kind: ActivityKindV1,
    pub at: i64,
    pub notes: String,
    pub revision: RevisionV2,
}

/// [`ActivityV2`] borrowing a domain activity's text, for writing.
#[derive(Serialize)]
pub struct ActivityV2Ref<'a> {
    id: u64,
    lead_id: u64,
    kind: ActivityKindV1,
    at: i64,
    notes: &'a str,
    revision: RevisionV2,
}

impl From<Rev> for RevV2 {
    fn from(r: Rev) -> RevV2 {
        RevV2 {
            number: r.number,
            device: r.device,
        }
    }
}

impl From<RevV2> for Rev {
    fn from(r: RevV2) -> Rev {
        Rev {
            number: r.number,
            device: r.device,
        }
    }
}

impl From<Revision> for RevisionV2 {
    fn from(r: Revision) -> RevisionV2 {
        RevisionV2 {
            current: r.current.into(),
            replaced: r.replaced.map(Into::into),
        }
    }
}

impl From<RevisionV2> for Revision {
    fn from(r: RevisionV2) -> Revision {
        Revision {
            current: r.current.into(),
            replaced: r.replaced.map(Into::into),
        }
    }
}

impl<'a> From<&'a Lead> for LeadV2Ref<'a> {
    fn from(l: &'a Lead) -> LeadV2Ref<'a> {
        LeadV2Ref {
            id: l.id,
            name: &l.name,
            company: &l.company,
            job_title: &l.job_title,
            email: &l.email,
            phone: &l.phone,
            source: l.source.into(),
            industry: &l.industry,
            employees: l.employees,
            city: &l.city,
            country: &l.country,
            budget: l.budget.map(Into::into),
            decision_role: l.decision_role.into(),
            need: &l.need,
            timeline: l.timeline.into(),
            journey_stage: l.journey_stage.into(),
            owner: &l.owner,
            tags: &l.tags,
            notes: &l.notes,
            created_at: l.created_at,
            updated_at: l.updated_at,
            deleted_at: l.deleted_at,
            revision: l.revision.into(),
        }
    }
}

impl From<LeadV2> for Lead {
    fn from(l: LeadV2) -> Lead {
        let revision = l.revision.into();
        LeadV1 {
            id: l.id,
            name: l.name,
            company: l.company,
            job_title: l.job_title,
            email: l.email,
            phone: l.phone,
            source: l.source,
            industry: l.industry,
            employees: l.employees,
            city: l.city,
            country: l.country,
            budget: l.budget,
            decision_role: l.decision_role,
            need: l.need,
            timeline: l.timeline,
            journey_stage: l.journey_stage,
            owner: l.owner,
            tags: l.tags,
            notes: l.notes,
            created_at: l.created_at,
            updated_at: l.updated_at,
            deleted_at: l.deleted_at,
        }
        .into_lead(revision)
    }
}

impl<'a> From<&'a Activity> for ActivityV2Ref<'a> {
    fn from(a: &'a Activity) -> ActivityV2Ref<'a> {
        ActivityV2Ref {
            id: a.id,
            lead_id: a.lead_id,
            kind: a.kind.into(),
            at: a.at,
            notes: &a.notes,
            revision: a.revision.into(),
        }
    }
}

impl From<ActivityV2> for Activity {
    fn from(a: ActivityV2) -> Activity {
        let revision = a.revision.into();
        ActivityV1 {
            id: a.id,
            lead_id: a.lead_id,
            kind: a.kind,
            at: a.at,
            notes: a.notes,
        }
        .into_activity(revision)
    }
}
