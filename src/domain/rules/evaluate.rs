//! Evaluating a rule against one lead's facts: whether it fires, and if so with which evidence.
//!
//! Fast path: the condition is first tested without allocating; evidence is collected only for a
//! rule that fires.

use serde::{Deserialize, Serialize};

use super::action::Action;
use super::condition::{Condition, Term};
use super::evidence::{evidence_key, Evidence, Quiet};
use super::facts::{
    is_unanswered_call, same_text, FactField, LeadFacts, ANTI_BRAND_TAGS, UNFOLLOWED_TAGS,
};
use super::rule::{Rule, RuleId, RuleSet};
use crate::domain::qualification::{Answer, QuestionBank, Verdict};
use crate::domain::time::date::MS_PER_DAY;
use crate::domain::{Activity, ActivityKind, DecisionRole, LeadId, Timestamp};

/// A rule that fired for a lead: the proposal the pruning review shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Firing {
    pub rule_id: RuleId,
    pub lead_id: LeadId,
    /// The rule's action (the review may apply another: [`Firing::with_action`]).
    pub action: Action,
    /// What matched, in the order of the condition's terms.
    pub evidence: Vec<Evidence>,
    /// When the rule was evaluated.
    pub at: Timestamp,
    /// Fingerprint of rule, lead and evidence ([`evidence_key`]).
    pub evidence_key: u64,
}

impl Firing {
    /// The same firing with another action, for "apply something else".
    pub fn with_action(self, action: Action) -> Firing {
        Firing { action, ..self }
    }
}

/// Whether `rule` fires for the lead at `now`, with its evidence. A disabled rule and a
/// soft-deleted lead never fire. Allocates nothing when the rule does not fire. (Validate rules
/// before running them; an invalid part simply never holds.)
pub fn evaluate(rule: &Rule, facts: &LeadFacts, now: Timestamp) -> Option<Firing> {
    if !rule.enabled || facts.lead.is_deleted() || !holds(&rule.condition, facts, now) {
        return None;
    }
    let mut evidence = Vec::new();
    collect(&rule.condition, facts, now, &mut evidence);
    Some(Firing {
        evidence_key: evidence_key(&rule.id, facts.lead.id, &evidence),
        rule_id: rule.id.clone(),
        lead_id: facts.lead.id,
        action: rule.action.clone(),
        evidence,
        at: now,
    })
}

/// Every firing of every runnable rule (enabled and valid) for every lead, rule by rule in set
/// order, leads in the order given.
pub fn evaluate_all<'a>(
    rules: &RuleSet,
    bank: &QuestionBank,
    leads: impl IntoIterator<Item = LeadFacts<'a>>,
    now: Timestamp,
) -> Vec<Firing> {
    let runnable: Vec<&Rule> = rules.runnable(bank).collect();
    let mut per_rule: Vec<Vec<Firing>> = vec![Vec::new(); runnable.len()];
    for facts in leads {
        for (i, rule) in runnable.iter().enumerate() {
            if let Some(f) = evaluate(rule, &facts, now) {
                per_rule[i].push(f);
            }
        }
    }
    per_rule.into_iter().flatten().collect()
}

fn holds(c: &Condition, f: &LeadFacts, now: Timestamp) -> bool {
    match c {
        Condition::All(parts) => !parts.is_empty() && parts.iter().all(|p| holds(p, f, now)),
        Condition::Any(parts) => parts.iter().any(|p| holds(p, f, now)),
        Condition::Term(t) => term_holds(t, f, now),
    }
}

fn collect(c: &Condition, f: &LeadFacts, now: Timestamp, out: &mut Vec<Evidence>) {
    match c {
        Condition::All(parts) => parts.iter().for_each(|p| collect(p, f, now, out)),
        Condition::Any(parts) => parts
            .iter()
            .filter(|p| holds(p, f, now))
            .for_each(|p| collect(p, f, now, out)),
        Condition::Term(t) => term_evidence(t, f, now, out),
    }
}

/// Whether an activity is inside the last `days` days: `now − days × 24h < at ≤ now`.
fn in_window(at: Timestamp, now: Timestamp, days: i64) -> bool {
    at <= now && now - at < days.saturating_mul(MS_PER_DAY)
}

/// Whole days from `at` to `now` (never negative).
fn days_since(at: Timestamp, now: Timestamp) -> i64 {
    (now - at).max(0) / MS_PER_DAY
}

/// The latest reply, the point after which sent emails count.
fn last_reply(f: &LeadFacts) -> Option<Timestamp> {
    f.latest(|a| a.kind == ActivityKind::EmailReplied)
        .map(|a| a.at)
}

fn unreplied_email(a: &Activity, reply: Option<Timestamp>, now: Timestamp) -> bool {
    a.kind == ActivityKind::EmailSent && a.at <= now && reply.is_none_or(|r| a.at > r)
}

fn first_purchase(f: &LeadFacts) -> Option<Timestamp> {
    f.purchases.iter().copied().min()
}

/// The lead's latest upsell quote with no purchase after it, if it is at least `days` old.
fn stale_upsell<'a>(f: &LeadFacts<'a>, days: i64, now: Timestamp) -> Option<&'a Activity> {
    let first = first_purchase(f)?;
    let quote = f.latest(|a| a.kind == ActivityKind::QuoteSent && a.at > first && a.at <= now)?;
    let bought_since = f.purchases.iter().any(|&p| p >= quote.at);
    (!bought_since && days_since(quote.at, now) >= days).then_some(quote)
}

fn last_purchase_before(f: &LeadFacts, now: Timestamp) -> Option<Timestamp> {
    f.purchases.iter().copied().filter(|&p| p <= now).max()
}

/// When the latest activity matching `keep` up to `now` happened (`None`: none yet; callers count
/// from the lead's creation).
fn quiet_since(
    f: &LeadFacts,
    now: Timestamp,
    keep: impl Fn(&Activity) -> bool,
) -> Option<Timestamp> {
    f.latest(|a| a.at <= now && keep(a)).map(|a| a.at)
}

fn count(f: &LeadFacts, keep: impl Fn(&Activity) -> bool) -> i64 {
    f.activities.iter().filter(|a| keep(a)).count() as i64
}

fn field_matches(f: &LeadFacts, field: &str, value: &str) -> bool {
    FactField::from_key(field)
        .and_then(|field| field.lead_value(f.lead))
        .is_some_and(|v| same_text(v, value))
}

fn no_budget(f: &LeadFacts) -> bool {
    f.qualification
        .is_some_and(|q| q.bant.budget_exists == Answer::No && q.bant.budget(f.lead).is_none())
}

fn not_decision_maker(f: &LeadFacts) -> bool {
    matches!(f.authority(), DecisionRole::Influencer | DecisionRole::User)
}

fn unsubscribed<'a>(f: &LeadFacts<'a>, now: Timestamp) -> (Option<&'a Activity>, Option<&'a str>) {
    (
        f.latest(|a| a.kind == ActivityKind::Unsubscribed && a.at <= now),
        f.tag(&UNFOLLOWED_TAGS),
    )
}

fn term_holds(t: &Term, f: &LeadFacts, now: Timestamp) -> bool {
    match t {
        Term::Field { field, value } => field_matches(f, field, value),
        Term::HasTag { tag } => f.tag(&[tag.as_str()]).is_some(),
        Term::NoBudget => no_budget(f),
        Term::NotDecisionMaker => not_decision_maker(f),
        Term::LevelFails { level } => f
            .verdict
            .is_some_and(|v| v.level(*level).verdict == Verdict::Fail),
        Term::Answered { question, answer } => f
            .qualification
            .is_some_and(|q| q.answer(question) == *answer),
        Term::TimelineNextYearOrLater => f.next_year_or_later(now),
        Term::Activities {
            activity,
            at_least,
            days,
        } => {
            *at_least >= 1
                && count(f, |a| a.kind == *activity && in_window(a.at, now, *days)) >= *at_least
        }
        Term::EmailsWithoutReply { at_least } => {
            let reply = last_reply(f);
            *at_least >= 1 && count(f, |a| unreplied_email(a, reply, now)) >= *at_least
        }
        Term::UnansweredCalls { at_least, days } => {
            *at_least >= 1
                && count(f, |a| is_unanswered_call(a) && in_window(a.at, now, *days)) >= *at_least
        }
        Term::Complaints { at_least, days } => {
            *at_least >= 1
                && count(f, |a| {
                    a.kind == ActivityKind::Complaint && in_window(a.at, now, *days)
                }) >= *at_least
        }
        Term::NoActivityFor { days } => {
            let since = quiet_since(f, now, |_| true).unwrap_or(f.lead.created_at);
            *days >= 0 && days_since(since, now) >= *days
        }
        Term::NoContactFor { days } => {
            let since = quiet_since(f, now, |a| a.kind.is_contact()).unwrap_or(f.lead.created_at);
            *days >= 0 && days_since(since, now) >= *days
        }
        Term::InStageFor { days } => f
            .stage_entered_at
            .is_some_and(|since| *days >= 0 && days_since(since, now) >= *days),
        Term::ScoreAtLeast { points } => f.score >= *points,
        Term::ScoreBelow { points } => f.score < *points,
        Term::GradeIs { grade } => f.grade == *grade,
        Term::LeadTypeIs { lead_type } => f.lead_type == *lead_type,
        Term::Customer => f.is_customer(),
        Term::NoPurchaseFor { days } => {
            *days >= 0 && last_purchase_before(f, now).is_none_or(|p| days_since(p, now) >= *days)
        }
        Term::UpsellWithoutPurchase { days } => *days >= 0 && stale_upsell(f, *days, now).is_some(),
        Term::Unsubscribed => {
            let (activity, tag) = unsubscribed(f, now);
            activity.is_some() || tag.is_some()
        }
        Term::AntiBrand => f.tag(&ANTI_BRAND_TAGS).is_some(),
        Term::Unknown => false,
    }
}

fn activity_evidence(a: &Activity) -> Evidence {
    Evidence::Activity {
        id: a.id,
        kind: a.kind,
        at: a.at,
    }
}

/// Pushes the matching activities, oldest first (ties by id), so the evidence and its key do not
/// depend on the order activities were loaded in.
fn push_activities(f: &LeadFacts, out: &mut Vec<Evidence>, keep: impl Fn(&Activity) -> bool) {
    let mut matched: Vec<&Activity> = f.activities.iter().filter(|a| keep(a)).collect();
    crate::domain::text::sort::sort_by_key(&mut matched, |a| (a.at, a.id));
    out.extend(matched.into_iter().map(activity_evidence));
}

fn term_evidence(t: &Term, f: &LeadFacts, now: Timestamp, out: &mut Vec<Evidence>) {
    let field = |field: FactField, value: &str| Evidence::Field {
        field,
        value: value.to_owned(),
    };
    match t {
        Term::Field { field: key, .. } => {
            if let Some(fact) = FactField::from_key(key) {
                out.push(field(fact, fact.lead_value(f.lead).unwrap_or("")));
            }
        }
        Term::HasTag { tag } => {
            if let Some(found) = f.tag(&[tag.as_str()]) {
                out.push(field(FactField::Tag, found));
            }
        }
        Term::NoBudget => out.push(field(FactField::BudgetExists, Answer::No.key())),
        Term::NotDecisionMaker => out.push(field(FactField::Authority, f.authority().key())),
        Term::LevelFails { level } => out.push(Evidence::LevelFailed {
            level: *level,
            question: f.verdict.and_then(|v| v.level(*level).failing.clone()),
        }),
        Term::Answered { question, answer } => out.push(Evidence::Answered {
            question: question.clone(),
            answer: *answer,
        }),
        Term::TimelineNextYearOrLater => {
            let value = match f.lead.timeline {
                crate::domain::Timeline::By(date) => date.0.to_string(),
                crate::domain::Timeline::Unknown => Answer::Yes.key().to_owned(),
            };
            out.push(field(FactField::Timeline, &value));
        }
        Term::Activities { activity, days, .. } => push_activities(f, out, |a| {
            a.kind == *activity && in_window(a.at, now, *days)
        }),
        Term::EmailsWithoutReply { .. } => {
            let reply = last_reply(f);
            push_activities(f, out, |a| unreplied_email(a, reply, now));
        }
        Term::UnansweredCalls { days, .. } => push_activities(f, out, |a| {
            is_unanswered_call(a) && in_window(a.at, now, *days)
        }),
        Term::Complaints { days, .. } => push_activities(f, out, |a| {
            a.kind == ActivityKind::Complaint && in_window(a.at, now, *days)
        }),
        Term::NoActivityFor { .. } | Term::NoContactFor { .. } => {
            let (of, last) = if matches!(t, Term::NoActivityFor { .. }) {
                (Quiet::Activity, quiet_since(f, now, |_| true))
            } else {
                (Quiet::Contact, quiet_since(f, now, |a| a.kind.is_contact()))
            };
            out.push(Evidence::Quiet {
                of,
                last,
                days: days_since(last.unwrap_or(f.lead.created_at), now),
            });
        }
        Term::InStageFor { .. } => {
            if let Some(since) = f.stage_entered_at {
                out.push(Evidence::InStage {
                    since,
                    days: days_since(since, now),
                });
            }
        }
        Term::ScoreAtLeast { .. } | Term::ScoreBelow { .. } => {
            out.push(Evidence::Score { points: f.score })
        }
        Term::GradeIs { grade } => out.push(field(FactField::Grade, grade.key())),
        Term::LeadTypeIs { lead_type } => out.push(field(FactField::LeadType, lead_type.key())),
        Term::Customer => {
            let value = f
                .tag(&super::facts::CUSTOMER_TAGS)
                .unwrap_or(super::evidence::CUSTOMER_BY_PURCHASE);
            out.push(field(FactField::Customer, value));
        }
        Term::NoPurchaseFor { .. } => {
            let last = last_purchase_before(f, now);
            out.push(Evidence::Quiet {
                of: Quiet::Purchase,
                last,
                days: days_since(last.unwrap_or(f.lead.created_at), now),
            });
        }
        Term::UpsellWithoutPurchase { days } => {
            if let Some(quote) = stale_upsell(f, *days, now) {
                out.push(activity_evidence(quote));
            }
        }
        Term::Unsubscribed => {
            let (activity, tag) = unsubscribed(f, now);
            out.extend(activity.map(activity_evidence));
            if let Some(tag) = tag {
                out.push(field(FactField::Tag, tag));
            }
        }
        Term::AntiBrand => {
            if let Some(tag) = f.tag(&ANTI_BRAND_TAGS) {
                out.push(field(FactField::Tag, tag));
            }
        }
        Term::Unknown => {}
    }
}
