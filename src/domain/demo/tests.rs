use std::collections::{HashMap, HashSet};

use super::*;
use crate::domain::forecast::forecast;
use crate::domain::metrics::{sales_velocity, source_effectiveness, stage_conversions, win_rate};
use crate::domain::pipeline::DealStatus;
use crate::domain::qualification::{evaluate, Queue};
use crate::domain::rules::{sweep, waiting_leads, RuleSet, RuleStates, Waiting};
use crate::domain::scoring::{CompiledModel, ScoringModel};
use crate::domain::LeadBook;

/// 2026-12-02 10:40 in Tehran.
const NOW: Timestamp = 1_796_195_400_000;
const TEHRAN: i32 = 210;

fn demo(language: DemoLanguage) -> DemoData {
    DemoData::generate(
        DEMO_SEED,
        language,
        NOW,
        TEHRAN,
        &QuestionBank::default_bank(),
        &PipelineConfig::default(),
    )
}

#[test]
fn the_same_seed_gives_the_same_demo_and_another_seed_another() {
    let bank = QuestionBank::default_bank();
    let stages = PipelineConfig::default();
    let a = DemoData::generate(7, DemoLanguage::Persian, NOW, TEHRAN, &bank, &stages);
    let b = DemoData::generate(7, DemoLanguage::Persian, NOW, TEHRAN, &bank, &stages);
    let c = DemoData::generate(8, DemoLanguage::Persian, NOW, TEHRAN, &bank, &stages);
    assert_eq!(a, b);
    assert_ne!(a.leads, c.leads);
}

#[test]
fn names_follow_the_language() {
    let fa = demo(DemoLanguage::Persian);
    let en = demo(DemoLanguage::English);
    let persian_letter = |s: &str| s.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
    assert!(fa
        .leads
        .iter()
        .all(|l| persian_letter(&l.name) && persian_letter(&l.city)));
    assert!(en.leads.iter().all(|l| !persian_letter(&l.name)));
    assert!(fa
        .leads
        .iter()
        .all(|l| l.email.is_ascii() && l.email.contains('@')));
    assert_eq!(fa.targets.currency, Currency::Toman);
    assert_eq!(en.targets.currency, Currency::Usd);
}

#[test]
fn about_500_leads_from_every_source_over_six_months() {
    let data = demo(DemoLanguage::English);
    assert_eq!(data.leads.len(), DEMO_LEADS);
    let sources: HashSet<_> = data.leads.iter().map(|l| l.source).collect();
    assert_eq!(sources.len(), LeadSource::ALL.len());
    let oldest = data.activities.iter().map(|a| a.at).min().unwrap();
    assert!(
        NOW - oldest > 150 * DAY_MS,
        "activities reach back about six months"
    );
    assert!(data.activities.iter().all(|a| a.at <= NOW));
    let ids: HashSet<_> = data.leads.iter().map(|l| l.id).collect();
    assert!(data.activities.iter().all(|a| ids.contains(&a.lead_id)));
}

#[test]
fn answers_at_every_level_put_leads_in_every_queue() {
    let data = demo(DemoLanguage::English);
    let bank = QuestionBank::default_bank();
    let answers: HashMap<_, _> = data
        .qualifications
        .iter()
        .map(|q| (q.lead_id, q.clone()))
        .collect();
    let qualified = data
        .qualifications
        .iter()
        .filter(|q| evaluate(&bank, q).is_qualified())
        .count();
    assert!(qualified > 100, "{qualified} qualified");
    let waiting = waiting_leads(&data.leads, &answers, &RuleStates::new(), &bank, NOW);
    let nurture = waiting
        .values()
        .filter(|w| matches!(w, Waiting::Qualification(Queue::Nurture { .. })))
        .count();
    let lost_queue = waiting
        .values()
        .filter(|w| matches!(w, Waiting::Qualification(Queue::Lost { .. })))
        .count();
    assert!(
        nurture > 20 && lost_queue > 5,
        "nurture {nurture}, lost queue {lost_queue}"
    );
}

#[test]
fn deals_in_every_stage_with_won_lost_and_held_history() {
    let data = demo(DemoLanguage::Persian);
    let stages = PipelineConfig::default();
    for stage in &stages.stages {
        assert!(
            data.deals
                .iter()
                .any(|d| d.is_open() && d.stage == stage.id),
            "no open deal in stage {}",
            stage.name_en
        );
    }
    for status in [DealStatus::Won, DealStatus::Lost, DealStatus::OnHold] {
        assert!(data.deals.iter().any(|d| d.status == status), "{status:?}");
    }
    assert!(data
        .deals
        .iter()
        .all(|d| d.history.windows(2).all(|w| w[0].at <= w[1].at)));
    assert!(data
        .deals
        .iter()
        .all(|d| d.value.currency == Currency::Toman));
}

#[test]
fn every_report_has_something_to_show() {
    let data = demo(DemoLanguage::Persian);
    let stages = PipelineConfig::default();
    let bank = QuestionBank::default_bank();
    let this_month = Period::containing(
        Date::from_timestamp(NOW, TEHRAN),
        PeriodKind::Month,
        CalendarKind::Jalali,
    );
    let month = forecast(&data.deals, &stages, &data.targets, this_month, TEHRAN);
    assert!(month.team.won > 0, "a win this month");
    assert!(month.team.target.is_some_and(|t| t > 0));
    assert!(month.team.weighted > 0, "open deals expected this month");
    assert_eq!(month.reps.len(), 3);
    assert!(stage_conversions(&data.deals, &stages)
        .iter()
        .any(|c| c.rate.ratio().is_some()));
    assert!(win_rate(&data.deals).ratio().is_some());
    assert!(sales_velocity(&data.deals, Currency::Toman).is_some());
    let qualified: HashSet<_> = data
        .qualifications
        .iter()
        .filter(|q| evaluate(&bank, q).is_qualified())
        .map(|q| q.lead_id)
        .collect();
    let rows = source_effectiveness(&data.leads, &data.deals, |id| qualified.contains(&id));
    assert!(rows.iter().filter(|r| r.leads > 0).count() == LeadSource::ALL.len());
}

#[test]
fn the_prune_review_has_leads_to_flag() {
    let data = demo(DemoLanguage::English);
    let answers: HashMap<_, _> = data
        .qualifications
        .iter()
        .map(|q| (q.lead_id, q.clone()))
        .collect();
    let book = LeadBook::new(data.leads, data.activities);
    let model = CompiledModel::new(&ScoringModel::default_model());
    let found = sweep(
        &RuleSet::default_rules(),
        &QuestionBank::default_bank(),
        &book,
        &answers,
        &RuleStates::new(),
        &data.deals,
        &model,
        NOW,
    );
    let rules: HashSet<_> = found.firings.iter().map(|f| f.rule_id.clone()).collect();
    assert!(rules.len() >= 3, "rules firing: {rules:?}");
}

#[test]
fn renumbering_keeps_every_reference() {
    let mut data = demo(DemoLanguage::English);
    data.renumber(1001, 50_001, 9_001);
    let ids: HashSet<_> = data.leads.iter().map(|l| l.id).collect();
    assert_eq!(ids.iter().min(), Some(&1001));
    assert!(data
        .activities
        .iter()
        .all(|a| ids.contains(&a.lead_id) && a.id > 50_000));
    assert!(data.qualifications.iter().all(|q| ids.contains(&q.lead_id)));
    assert!(data
        .deals
        .iter()
        .all(|d| ids.contains(&d.lead) && d.id > 9_000));
}
