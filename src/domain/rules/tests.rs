//! The shipped rules on boundary cases, the review's dismiss / apply / undo cycle, nurture returns
//! and the translation tables.

use super::*;
use crate::domain::qualification::{
    evaluate as verdict_of, Answer, Level, LocalText, Qualification, QualificationVerdict,
    QuestionBank,
};
use crate::domain::scoring::{Grade, ReasonArg};
use crate::domain::test_support::{activity, lead};
use crate::domain::time::date::MS_PER_DAY;
use crate::domain::{Activity, ActivityKind, Currency, Date, Lead, Money, Timeline, Timestamp};

const NOW: Timestamp = 20_000 * MS_PER_DAY + 12 * 3_600_000;
const HOUR: i64 = 3_600_000;

fn ago(days: i64) -> Timestamp {
    NOW - days * MS_PER_DAY
}

fn old_lead(id: u64) -> Lead {
    Lead {
        created_at: ago(1_000),
        ..lead(id)
    }
}

fn act(id: u64, kind: ActivityKind, at: Timestamp) -> Activity {
    activity(id, 1, kind, at)
}

fn call(id: u64, at: Timestamp, notes: &str) -> Activity {
    Activity {
        notes: notes.into(),
        ..act(id, ActivityKind::Call, at)
    }
}

fn rules() -> RuleSet {
    RuleSet::default_rules()
}

/// Runs one default rule on facts.
fn fire(rule_id: &str, facts: &LeadFacts) -> Option<Firing> {
    evaluate(rules().get(rule_id).expect(rule_id), facts, NOW)
}

fn fires(rule_id: &str, facts: &LeadFacts) -> bool {
    fire(rule_id, facts).is_some()
}

fn warm<'a>(l: &'a Lead, acts: &'a [Activity]) -> LeadFacts<'a> {
    LeadFacts::new(l, acts, 40, Grade::Warm)
}

fn emails(ids: std::ops::Range<u64>, first_day_ago: i64) -> Vec<Activity> {
    ids.clone()
        .map(|i| {
            act(
                i,
                ActivityKind::EmailSent,
                ago(first_day_ago) + (i - ids.start) as i64 * HOUR,
            )
        })
        .collect()
}

fn activity_ids(f: &Firing) -> Vec<u64> {
    f.evidence
        .iter()
        .filter_map(|e| match e {
            Evidence::Activity { id, .. } => Some(*id),
            _ => None,
        })
        .collect()
}

#[test]
fn rule_1_five_emails_without_reply() {
    let l = old_lead(1);
    assert!(!fires("emails_no_reply", &warm(&l, &emails(1..5, 20))));
    let five = emails(1..6, 20);
    let f = fire("emails_no_reply", &warm(&l, &five)).unwrap();
    assert_eq!(activity_ids(&f), vec![1, 2, 3, 4, 5]);
    assert_eq!(f.action, Action::FlagCold);
    // A reply between the emails resets the count: only the three after it are unanswered.
    let mut with_reply = five.clone();
    with_reply.push(act(9, ActivityKind::EmailReplied, ago(20) + 90 * 60_000));
    assert!(!fires("emails_no_reply", &warm(&l, &with_reply)));
    with_reply.extend(emails(6..8, 10));
    let f = fire("emails_no_reply", &warm(&l, &with_reply)).unwrap();
    assert_eq!(activity_ids(&f), vec![3, 4, 5, 6, 7]);
    // Order of loading does not change the evidence or its key.
    let mut shuffled = with_reply.clone();
    shuffled.reverse();
    assert_eq!(fire("emails_no_reply", &warm(&l, &shuffled)).unwrap(), f);
    // Emails scheduled in the future are not sent yet.
    let future = emails(1..6, -1);
    assert!(!fires("emails_no_reply", &warm(&l, &future)));
}

#[test]
fn rule_2_five_unanswered_calls_in_30_days() {
    let l = old_lead(1);
    let mut calls: Vec<Activity> = (1..5)
        .map(|i| call(i, ago(i as i64), "no answer"))
        .collect();
    assert!(!fires("calls_no_answer", &warm(&l, &calls)));
    // The fifth exactly 30 days ago is outside the window; a minute later it is inside.
    calls.push(call(5, ago(30), "No answer"));
    assert!(!fires("calls_no_answer", &warm(&l, &calls)));
    calls[4].at = ago(30) + 60_000;
    assert!(fires("calls_no_answer", &warm(&l, &calls)));
    calls[4].at = ago(31);
    assert!(!fires("calls_no_answer", &warm(&l, &calls)));
    // Answered calls do not count.
    calls[4] = call(5, ago(2), "talked, asked for a demo");
    assert!(!fires("calls_no_answer", &warm(&l, &calls)));
    calls[4].notes = "بی‌پاسخ".into();
    let f = fire("calls_no_answer", &warm(&l, &calls)).unwrap();
    assert_eq!(activity_ids(&f), vec![4, 3, 2, 5, 1]);
}

fn qualified(pairs: &[(&str, Answer)]) -> (Qualification, QualificationVerdict) {
    let mut q = Qualification::new(1);
    for (id, a) in pairs {
        q.set_answer(id, *a, "");
    }
    let v = verdict_of(&QuestionBank::default_bank(), &q);
    (q, v)
}

#[test]
fn rule_3_stakeholder_level_fails_goes_to_nurture() {
    let l = old_lead(1);
    let (q, v) = qualified(&[("stk_budget", Answer::No)]);
    let f = fire(
        "no_authority",
        &warm(&l, &[]).with_qualification(Some(&q), Some(&v)),
    )
    .unwrap();
    assert_eq!(
        f.evidence,
        vec![Evidence::LevelFailed {
            level: Level::Stakeholder,
            question: Some("stk_budget".into())
        }]
    );
    assert!(matches!(f.action, Action::MoveToNurture { .. }));
    // An optional question answered No does not fail the level; no record, no verdict.
    let (q, v) = qualified(&[("stk_others", Answer::No), ("opp_challenge", Answer::No)]);
    assert!(!fires(
        "no_authority",
        &warm(&l, &[]).with_qualification(Some(&q), Some(&v))
    ));
    assert!(!fires("no_authority", &warm(&l, &[])));
}

#[test]
fn rule_4_no_budget_and_none_expected_disqualifies() {
    let mut l = old_lead(1);
    let (mut q, v) = qualified(&[]);
    assert!(!fires(
        "no_budget",
        &warm(&l, &[]).with_qualification(Some(&q), Some(&v))
    ));
    q.bant.budget_exists = Answer::No;
    let f = fire(
        "no_budget",
        &warm(&l, &[]).with_qualification(Some(&q), Some(&v)),
    )
    .unwrap();
    assert_eq!(
        f.action,
        Action::Disqualify {
            reason: LocalText::new("no budget", "بدون بودجه")
        }
    );
    // A known budget amount contradicts "no budget".
    l.budget = Some(Money {
        amount: 1_000,
        currency: Currency::Toman,
    });
    assert!(!fires(
        "no_budget",
        &warm(&l, &[]).with_qualification(Some(&q), Some(&v))
    ));
}

#[test]
fn rule_5_product_not_a_fit_disqualifies() {
    let l = old_lead(1);
    let (q, v) = qualified(&[("opp_challenge", Answer::No)]);
    assert!(fires(
        "not_a_fit",
        &warm(&l, &[]).with_qualification(Some(&q), Some(&v))
    ));
    let (q, v) = qualified(&[("opp_category", Answer::No), ("opp_challenge", Answer::Yes)]);
    assert!(!fires(
        "not_a_fit",
        &warm(&l, &[]).with_qualification(Some(&q), Some(&v))
    ));
}

#[test]
fn rule_6_next_year_or_later_goes_to_the_lost_queue() {
    let today = Date(20_000);
    let mut l = old_lead(1);
    l.timeline = Timeline::By(today.add_days(364));
    assert!(!fires("next_year_or_later", &warm(&l, &[])));
    l.timeline = Timeline::By(today.add_days(365));
    assert!(fires("next_year_or_later", &warm(&l, &[])));
    // The rep's explicit answer wins over the date.
    l.timeline = Timeline::Unknown;
    let (mut q, v) = qualified(&[]);
    q.bant.next_year_or_later = Answer::Yes;
    let f = fire(
        "next_year_or_later",
        &warm(&l, &[]).with_qualification(Some(&q), Some(&v)),
    )
    .unwrap();
    assert!(matches!(f.action, Action::MoveToLost { .. }));
}

#[test]
fn rule_7_sixty_days_idle_and_cold_disqualifies() {
    let l = old_lead(1);
    let cold =
        |acts: &[Activity]| fires("inactive_cold", &LeadFacts::new(&l, acts, 5, Grade::Cold));
    assert!(cold(&[act(1, ActivityKind::Note, ago(60))]));
    assert!(!cold(&[act(1, ActivityKind::Note, ago(60) + 60_000)]));
    assert!(!cold(&[
        act(1, ActivityKind::Note, ago(90)),
        act(2, ActivityKind::SiteVisit, ago(59))
    ]));
    assert!(!fires(
        "inactive_cold",
        &warm(&l, &[act(1, ActivityKind::Note, ago(90))])
    ));
    // No activity ever: counted from the lead's creation.
    let new = Lead {
        created_at: ago(59),
        ..lead(2)
    };
    assert!(!fires(
        "inactive_cold",
        &LeadFacts::new(&new, &[], 0, Grade::Cold)
    ));
    let f = fire("inactive_cold", &LeadFacts::new(&l, &[], 0, Grade::Cold)).unwrap();
    assert_eq!(
        f.evidence[0],
        Evidence::Quiet {
            of: Quiet::Activity,
            last: None,
            days: 1_000
        }
    );
}

fn customer(id: u64) -> Lead {
    Lead {
        tags: vec!["customer".into()],
        ..old_lead(id)
    }
}

#[test]
fn rule_8_complaints_without_purchase_reviews_the_relationship() {
    let l = customer(1);
    let complaints: Vec<Activity> = (1..4)
        .map(|i| act(i, ActivityKind::Complaint, ago(10 * i as i64 - 1)))
        .collect();
    let run = |acts: &[Activity], purchases: &[Timestamp], l: &Lead| {
        fires(
            "unreasonable_demands",
            &warm(l, acts).with_purchases(purchases),
        )
    };
    assert!(run(&complaints, &[ago(181)], &l));
    assert!(run(&complaints, &[], &l));
    assert!(!run(&complaints, &[ago(179)], &l));
    assert!(!run(&complaints[..2], &[ago(181)], &l));
    // The third complaint exactly 30 days ago falls out of the window.
    let mut edge = complaints.clone();
    edge[2].at = ago(30);
    assert!(!run(&edge, &[ago(181)], &l));
    // Not a customer: not tagged and never bought.
    assert!(!run(&complaints, &[], &old_lead(2)));
    // A purchase makes a customer without the tag.
    assert!(run(&complaints, &[ago(200)], &old_lead(2)));
    let f = fire(
        "unreasonable_demands",
        &warm(&l, &complaints).with_purchases(&[ago(181)]),
    )
    .unwrap();
    assert_eq!(
        f.action,
        Action::ReviewRelationship {
            reason: LocalText::new("unreasonable demands", "درخواست‌های نامعقول")
        }
    );
    assert_eq!(activity_ids(&f), vec![3, 2, 1]);
}

#[test]
fn rule_9_no_purchase_a_year_after_an_upsell_attempt() {
    let l = customer(1);
    let quote = |days| [act(1, ActivityKind::QuoteSent, ago(days))];
    let run = |acts: &[Activity], purchases: &[Timestamp]| {
        fires("wont_spend_more", &warm(&l, acts).with_purchases(purchases))
    };
    assert!(run(&quote(365), &[ago(500)]));
    assert!(!run(&quote(364), &[ago(500)]));
    // A purchase after the offer: interested after all.
    assert!(!run(&quote(400), &[ago(500), ago(300)]));
    // A quote before the first purchase is a sale, not an upsell.
    assert!(!run(&quote(600), &[ago(500)]));
    assert!(!run(&quote(400), &[]));
}

#[test]
fn rule_10_unsubscribed_customer_is_disengaged() {
    let l = customer(1);
    let unsub = [act(1, ActivityKind::Unsubscribed, ago(3))];
    assert!(fires("disengaged", &warm(&l, &unsub)));
    assert!(!fires("disengaged", &warm(&l, &[])));
    assert!(!fires("disengaged", &warm(&old_lead(2), &unsub)));
    let unfollowed = Lead {
        tags: vec!["customer".into(), "Unfollowed".into()],
        ..old_lead(3)
    };
    assert!(fires("disengaged", &warm(&unfollowed, &[])));
}

#[test]
fn rule_11_anti_brand_customer() {
    let mut l = customer(1);
    assert!(!fires("anti_brand", &warm(&l, &[])));
    l.tags.push("Anti-Brand".into());
    let f = fire("anti_brand", &warm(&l, &[])).unwrap();
    assert!(f.evidence.contains(&Evidence::Field {
        field: FactField::Tag,
        value: "Anti-Brand".into()
    }));
    let fa = Lead {
        tags: vec!["مشتری".into(), "ضد برند".into()],
        ..old_lead(2)
    };
    assert!(fires("anti_brand", &warm(&fa, &[])));
}

#[test]
fn disabled_rules_deleted_leads_and_invalid_rules_do_not_fire() {
    let l = old_lead(1);
    let five = emails(1..6, 20);
    let mut set = rules();
    set.rules[0].enabled = false;
    let bank = QuestionBank::default_bank();
    assert!(evaluate_all(&set, &bank, [warm(&l, &five)], NOW).is_empty());
    set.rules[0].enabled = true;
    set.rules[0].condition = Condition::Term(Term::EmailsWithoutReply { at_least: -5 });
    assert!(evaluate_all(&set, &bank, [warm(&l, &five)], NOW).is_empty());
    let deleted = Lead {
        deleted_at: Some(ago(1)),
        ..old_lead(1)
    };
    assert!(evaluate_all(&rules(), &bank, [warm(&deleted, &five)], NOW).is_empty());
    assert_eq!(
        evaluate_all(&rules(), &bank, [warm(&l, &five)], NOW).len(),
        1
    );
}

#[test]
fn any_groups_record_only_the_parts_that_matched() {
    let rule = Rule {
        id: "x".into(),
        name: LocalText::new("x", "x"),
        condition: Condition::Any(vec![
            Condition::Term(Term::AntiBrand),
            Condition::Term(Term::ScoreAtLeast { points: 30 }),
        ]),
        ..Rule::default()
    };
    let l = old_lead(1);
    let f = evaluate(&rule, &warm(&l, &[]), NOW).unwrap();
    assert_eq!(f.evidence, vec![Evidence::Score { points: 40 }]);
}

#[test]
fn dismissing_suppresses_the_same_evidence_but_a_new_email_fires_again() {
    let l = old_lead(1);
    let bank = QuestionBank::default_bank();
    let mut acts = emails(1..6, 20);
    let run = |acts: &[Activity]| evaluate_all(&rules(), &bank, [warm(&l, acts)], NOW);
    let states = RuleStates::new();
    let firings = run(&acts);
    assert_eq!(pending(firings.clone(), &[], &[], &states).len(), 1);
    let dismissed = [Dismissal::of(&firings[0], "sara", NOW)];
    assert!(pending(run(&acts), &dismissed, &[], &states).is_empty());
    acts.push(act(6, ActivityKind::EmailSent, ago(1)));
    let again = pending(run(&acts), &dismissed, &[], &states);
    assert_eq!(again.len(), 1);
    assert_eq!(activity_ids(&again[0]), vec![1, 2, 3, 4, 5, 6]);
}

#[test]
fn applied_and_no_op_firings_leave_the_review() {
    let l = old_lead(1);
    let bank = QuestionBank::default_bank();
    let mut acts = emails(1..6, 20);
    let mut states = RuleStates::new();
    let firings = evaluate_all(&rules(), &bank, [warm(&l, &acts)], NOW);
    let log = apply_selected(&firings, &mut states, "sara", NOW, 1..);
    assert!(states[&1].cold_flag);
    assert!(pending(firings.clone(), &[], &log, &states).is_empty());
    // New evidence, but the lead is already Cold: nothing to propose.
    acts.push(act(6, ActivityKind::EmailSent, ago(1)));
    let more = evaluate_all(&rules(), &bank, [warm(&l, &acts)], NOW);
    assert!(pending(more, &[], &log, &states).is_empty());
    // Undone: proposed again.
    let (restored, undone) = undo(&log[0], &states[&1], NOW + 1).unwrap();
    states.insert(1, restored);
    assert_eq!(pending(firings, &[], &[undone], &states).len(), 1);
}

#[test]
fn bulk_apply_chains_per_lead_and_undo_restores_exactly() {
    let (a, b) = (
        customer(1),
        Lead {
            tags: vec!["customer".into(), "anti-brand".into()],
            ..old_lead(2)
        },
    );
    let bank = QuestionBank::default_bank();
    let unsub = [act(1, ActivityKind::Unsubscribed, ago(3))];
    let b_acts = [activity(2, 2, ActivityKind::Unsubscribed, ago(1))];
    let idle_a = LeadFacts::new(&a, &unsub, 0, Grade::Cold);
    let firings = evaluate_all(
        &rules(),
        &bank,
        [idle_a, LeadFacts::new(&b, &b_acts, 50, Grade::Warm)],
        NOW,
    );
    let ids: Vec<(&str, u64)> = firings
        .iter()
        .map(|f| (f.rule_id.as_str(), f.lead_id))
        .collect();
    assert_eq!(
        ids,
        vec![("disengaged", 1), ("disengaged", 2), ("anti_brand", 2)]
    );
    let mut states = RuleStates::new();
    states.insert(
        2,
        RuleState {
            score_penalty: 5,
            ..RuleState::default()
        },
    );
    let original = states.clone();
    // Pick another action for lead 1: disqualify instead of review.
    let mut selection = firings.clone();
    selection[0] = selection[0].clone().with_action(Action::Disqualify {
        reason: LocalText::new("gone", "رفته"),
    });
    let log = apply_selected(&selection, &mut states, "sara", NOW, 7..);
    assert_eq!(log.iter().map(|e| e.id).collect::<Vec<_>>(), vec![7, 8, 9]);
    assert_eq!(log[2].before, log[1].after);
    assert_eq!(
        states[&2].review_relationship,
        Some(LocalText::new("anti-brand ambassador", "سفیر ضد برند"))
    );
    assert_eq!(states[&2].score_penalty, 5);
    assert!(matches!(
        states[&1].disposition,
        Disposition::Disqualified { .. }
    ));
    assert_eq!(next_audit_id(&log), 10);
    // Undo out of order is refused; newest first restores exactly.
    assert_eq!(
        undo(&log[1], &states[&2], NOW),
        Err(UndoProblem::ChangedSince)
    );
    let mut log = log;
    for i in (0..3).rev() {
        let lead = log[i].lead_id;
        let (restored, undone) = undo(&log[i], &states[&lead], NOW + 5).unwrap();
        states.insert(lead, restored);
        log[i] = undone;
    }
    assert_eq!(states[&2], original[&2]);
    assert_eq!(states[&1], RuleState::default());
    assert_eq!(
        undo(&log[0], &states[&1], NOW),
        Err(UndoProblem::AlreadyUndone)
    );
    // The log survives storage.
    let json = serde_json::to_string(&log).unwrap();
    assert_eq!(serde_json::from_str::<Vec<AuditEntry>>(&json).unwrap(), log);
}

#[test]
fn the_actor_is_recorded_and_entries_from_before_names_load_as_you() {
    let firing = Firing {
        rule_id: "cold_emails".into(),
        lead_id: 4,
        action: Action::FlagCold,
        evidence: vec![],
        at: NOW,
        evidence_key: 9,
    };
    let mut states = RuleStates::new();
    let named = apply_selected(
        std::slice::from_ref(&firing),
        &mut states,
        "Sara Ahmadi",
        NOW,
        1..,
    );
    assert_eq!(named[0].actor(), Some("Sara Ahmadi"));
    let unnamed = apply_selected(
        std::slice::from_ref(&firing),
        &mut RuleStates::new(),
        " ",
        NOW,
        2..,
    );
    assert_eq!(unnamed[0].actor(), None);

    // Stored before the actor was recorded: no "who" at all.
    let mut old = serde_json::to_value(&named[0]).unwrap();
    old.as_object_mut().unwrap().remove("who");
    let loaded: AuditEntry = serde_json::from_value(old).unwrap();
    assert_eq!(loaded.who, "");
    assert_eq!(loaded.actor(), None);
    assert_eq!(loaded.after, named[0].after);
}

#[test]
fn review_groups_follow_the_rule_set_order() {
    let f = |rule: &str, lead_id| Firing {
        rule_id: rule.into(),
        lead_id,
        action: Action::FlagCold,
        evidence: vec![],
        at: NOW,
        evidence_key: lead_id,
    };
    let groups = group_by_rule(
        &rules(),
        vec![
            f("anti_brand", 1),
            f(NURTURE_RETURN_RULE, 4),
            f("emails_no_reply", 2),
            f("anti_brand", 3),
        ],
    );
    let shape: Vec<(&str, usize)> = groups
        .iter()
        .map(|g| (g.rule_id.as_str(), g.firings.len()))
        .collect();
    assert_eq!(
        shape,
        vec![
            ("emails_no_reply", 1),
            ("anti_brand", 2),
            (NURTURE_RETURN_RULE, 1)
        ]
    );
}

#[test]
fn more_than_half_of_the_leads_needs_confirmation() {
    let f = |lead_id| Firing {
        rule_id: "r".into(),
        lead_id,
        action: Action::FlagCold,
        evidence: vec![],
        at: NOW,
        evidence_key: 0,
    };
    // Two rules on one lead count once.
    assert!(!exceeds_half(&[f(1), f(1), f(2)], 4));
    assert!(exceeds_half(&[f(1), f(2), f(3)], 4));
    assert!(exceeds_half(&[f(1), f(2)], 3));
    assert!(!exceeds_half::<Firing>(&[], 0));
    assert_eq!(flagged_leads(&[f(1), f(1), f(2)]), 2);
}

#[test]
fn nurtured_leads_reaching_mql_are_proposed_back() {
    let nurtured = apply_action(
        &RuleState::default(),
        &Action::MoveToNurture {
            reason: LocalText::new("no authority", ""),
        },
        ago(30),
    )
    .after;
    let penalised = RuleState {
        score_penalty: 10,
        ..nurtured.clone()
    };
    let active = RuleState::default();
    let got = nurture_returns(
        [
            (1, &nurtured, 40),
            (2, &nurtured, 39),
            (3, &penalised, 45),
            (4, &active, 90),
            (5, &penalised, 50),
        ],
        40,
        NOW,
    );
    assert_eq!(
        got.iter().map(|f| f.lead_id).collect::<Vec<_>>(),
        vec![1, 5]
    );
    assert_eq!(got[1].evidence, vec![Evidence::Score { points: 40 }]);
    // Applying returns the lead; dismissing holds until it is nurtured again.
    let back = apply_action(&nurtured, &got[0].action, NOW).after;
    assert!(back.is_active());
    let dismissed = [Dismissal::of(&got[0], "sara", NOW)];
    let mut states = RuleStates::new();
    states.insert(1, nurtured.clone());
    let again = nurture_returns([(1, &nurtured, 60)], 40, NOW + MS_PER_DAY);
    assert!(pending(again, &dismissed, &[], &states).is_empty());
    let renurtured = RuleState {
        disposition_at: Some(NOW + 2 * MS_PER_DAY),
        ..nurtured
    };
    let later = nurture_returns([(1, &renurtured, 60)], 40, NOW + 3 * MS_PER_DAY);
    assert_eq!(pending(later, &dismissed, &[], &states).len(), 1);
}

fn table(source: &str) -> std::collections::HashMap<String, String> {
    serde_json::from_str(source).unwrap()
}

fn holes(template: &str) -> Vec<&str> {
    template
        .split('{')
        .skip(1)
        .filter_map(|p| p.split_once('}').map(|(h, _)| h))
        .collect()
}

/// Every key the engine's types produce exists in both languages, and every placeholder a
/// template uses is among the arguments its value gives.
#[test]
fn every_key_the_rules_emit_has_text_in_both_languages() {
    let en = table(include_str!("../../i18n/en/rules.json"));
    let fa = table(include_str!("../../i18n/fa/rules.json"));
    let mut keyed: Vec<(&str, Vec<&str>)> = Vec::new();
    let names = |args: Vec<(&'static str, ReasonArg)>| args.into_iter().map(|(n, _)| n).collect();
    let terms = [
        Term::Field {
            field: "industry".into(),
            value: "x".into(),
        },
        Term::HasTag { tag: "x".into() },
        Term::NoBudget,
        Term::NotDecisionMaker,
        Term::LevelFails {
            level: Level::Opportunity,
        },
        Term::Answered {
            question: "q".into(),
            answer: Answer::No,
        },
        Term::TimelineNextYearOrLater,
        Term::Activities {
            activity: ActivityKind::Demo,
            at_least: 1,
            days: 2,
        },
        Term::EmailsWithoutReply { at_least: 1 },
        Term::UnansweredCalls {
            at_least: 1,
            days: 2,
        },
        Term::NoActivityFor { days: 1 },
        Term::NoContactFor { days: 1 },
        Term::InStageFor { days: 1 },
        Term::ScoreAtLeast { points: 1 },
        Term::ScoreBelow { points: 1 },
        Term::GradeIs { grade: Grade::Hot },
        Term::LeadTypeIs {
            lead_type: crate::domain::qualification::LeadType::Mql,
        },
        Term::Customer,
        Term::Complaints {
            at_least: 1,
            days: 2,
        },
        Term::NoPurchaseFor { days: 1 },
        Term::UpsellWithoutPurchase { days: 1 },
        Term::Unsubscribed,
        Term::AntiBrand,
        Term::Unknown,
    ];
    let term_keys: std::collections::HashSet<_> = terms.iter().map(Term::label_key).collect();
    assert_eq!(term_keys.len(), Term::KEYS.len());
    keyed.extend(terms.iter().map(|t| (t.label_key(), names(t.args()))));
    for action in Action::examples() {
        keyed.push((action.label_key(), vec![]));
        keyed.push((action.summary_key(), names(action.args())));
    }
    let evidence = [
        Evidence::Activity {
            id: 1,
            kind: ActivityKind::Call,
            at: 0,
        },
        Evidence::Field {
            field: FactField::Timeline,
            value: "yes".into(),
        },
        Evidence::LevelFailed {
            level: Level::Stakeholder,
            question: None,
        },
        Evidence::LevelFailed {
            level: Level::Stakeholder,
            question: Some("q".into()),
        },
        Evidence::Answered {
            question: "q".into(),
            answer: Answer::Yes,
        },
        Evidence::Quiet {
            of: Quiet::Activity,
            last: Some(1),
            days: 1,
        },
        Evidence::Quiet {
            of: Quiet::Contact,
            last: None,
            days: 1,
        },
        Evidence::Quiet {
            of: Quiet::Purchase,
            last: Some(1),
            days: 1,
        },
        Evidence::Quiet {
            of: Quiet::Purchase,
            last: None,
            days: 1,
        },
        Evidence::InStage { since: 1, days: 1 },
        Evidence::Score { points: 1 },
    ];
    assert_eq!(
        evidence
            .iter()
            .map(Evidence::key)
            .collect::<std::collections::HashSet<_>>()
            .len(),
        Evidence::KEYS.len()
    );
    keyed.extend(evidence.iter().map(|e| (e.key(), names(e.args()))));
    let problem = RuleProblem::new("p", RuleProblemKind::EmptyGroup);
    keyed.extend(RuleProblemKind::ALL.map(|k| (k.message_key(), names(problem.args()))));
    let mut labels: Vec<&str> = FactField::ALL.map(FactField::label_key).to_vec();
    labels.extend([
        "rules.field_unknown",
        "rules.timeline_said_next_year",
        "rules.customer_by_purchase",
        NURTURE_RETURN_TITLE_KEY,
    ]);
    labels.extend(
        [
            Disposition::Active,
            Disposition::Nurture {
                reason: LocalText::default(),
            },
            Disposition::Disqualified {
                reason: LocalText::default(),
            },
            Disposition::LostQueue {
                reason: LocalText::default(),
            },
        ]
        .iter()
        .map(Disposition::label_key),
    );
    labels.extend(
        [UndoProblem::AlreadyUndone, UndoProblem::ChangedSince].map(UndoProblem::message_key),
    );
    labels.extend(Param::ALL.map(Param::label_key));
    // Every option the builder's menus show (questions carry their own text).
    let bank = QuestionBank::default_bank();
    let choice_keys: Vec<String> = Param::ALL
        .iter()
        .flat_map(|p| p.choices(&bank))
        .filter_map(|c| match c.label {
            ReasonArg::Label(key) => Some(key),
            _ => None,
        })
        .collect();
    assert!(choice_keys.iter().any(|k| k.starts_with("activity.")));
    // They live in other areas' tables: `t` debug-asserts that the key exists.
    for key in &choice_keys {
        for lang in crate::i18n::Lang::ALL {
            assert!(!crate::i18n::t(lang, key).is_empty(), "{key}");
        }
    }
    labels.extend(["rules.edit_rule", "rules.settings_title"]);
    keyed.extend(labels.into_iter().map(|k| (k, vec![])));
    keyed.push(("rules.edit_rule_named", vec!["name"]));
    keyed.push(("rules.editing", vec!["name"]));
    keyed.push(("rules.term_group", vec!["number"]));
    for problem in [DraftProblem::NotANumber("p".into()), DraftProblem::Nested] {
        keyed.push((problem.message_key(), names(problem.args())));
    }
    keyed.push((EXCEEDS_HALF_KEY, vec!["count", "total"]));
    for (key, given) in &keyed {
        for (lang, t) in [("en", &en), ("fa", &fa)] {
            let text = t.get(*key).unwrap_or_else(|| panic!("{lang} lacks {key}"));
            for hole in holes(text) {
                assert!(
                    given.contains(&hole),
                    "{lang} {key} uses {{{hole}}} but gets {given:?}"
                );
            }
        }
    }
}

/// Counts this thread's allocations, to pin "no allocation when a rule does not fire".
mod counting {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;

    pub struct Counting;

    thread_local! {
        pub static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    }

    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            ALLOCATIONS.with(|n| n.set(n.get() + 1));
            unsafe { System.alloc(layout) }
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    #[global_allocator]
    static GLOBAL: Counting = Counting;

    /// Allocations `f` makes on this thread.
    pub fn allocations(f: impl FnOnce()) -> usize {
        let before = ALLOCATIONS.with(Cell::get);
        f();
        ALLOCATIONS.with(Cell::get) - before
    }
}

#[test]
fn rules_that_do_not_fire_allocate_nothing() {
    let set = rules();
    let mut l = customer(1);
    l.tags.push("VIP".into());
    l.timeline = Timeline::By(Date(20_100));
    let (mut q, v) = qualified(&[("stk_budget", Answer::Yes), ("opp_challenge", Answer::Yes)]);
    q.bant.budget_exists = Answer::Yes;
    let mut acts = emails(1..5, 20);
    acts.extend((5..9).map(|i| call(i, ago(i as i64), "no answer")));
    acts.push(act(9, ActivityKind::Complaint, ago(1)));
    acts.push(act(10, ActivityKind::QuoteSent, ago(100)));
    let purchases = [ago(200)];
    let facts = warm(&l, &acts)
        .with_qualification(Some(&q), Some(&v))
        .with_purchases(&purchases);
    let mut extra = vec![Rule {
        condition: Condition::Any(vec![
            Condition::Term(Term::Field {
                field: "industry".into(),
                value: "نرم‌افزار".into(),
            }),
            Condition::Term(Term::HasTag { tag: "gold".into() }),
            Condition::Term(Term::InStageFor { days: 5 }),
            Condition::Term(Term::NoContactFor { days: 30 }),
            Condition::Term(Term::NotDecisionMaker),
        ]),
        ..Rule::default()
    }];
    extra.extend(set.rules.iter().cloned());
    let mut fired = 0;
    let n = counting::allocations(|| {
        for rule in &extra {
            fired += usize::from(evaluate(rule, &facts, NOW).is_some());
        }
    });
    assert_eq!((fired, n), (0, 0));
    // The same lead with a fifth email fires, and only then allocates.
    acts.push(act(11, ActivityKind::EmailSent, ago(1)));
    let facts = warm(&l, &acts);
    assert!(counting::allocations(|| assert!(fire_in(&set, &facts))) > 0);
}

fn fire_in(set: &RuleSet, facts: &LeadFacts) -> bool {
    evaluate(set.get("emails_no_reply").unwrap(), facts, NOW).is_some()
}
