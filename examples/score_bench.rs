//! Scores and ranks 100,000 generated leads with ten activities each on the shipped model, and
//! prints how long it took. Not a test: timings belong to the machine. Run in release:
//! `cargo run --release --example score_bench`.

use std::time::Instant;

use kariz::domain::records::lead_book::LeadBook;
use kariz::domain::scoring::{
    rank_today, score_total, CompiledModel, RuleAdjustment, ScoringModel,
};
use kariz::domain::time::date::MS_PER_DAY;
use kariz::domain::{
    Activity, ActivityKind, Currency, Date, DecisionRole, JourneyStage, Lead, LeadSource, Money,
    Timeline,
};

mod support;
use support::{next, pick};

const LEADS: u64 = 100_000;
const ACTIVITIES_PER_LEAD: u64 = 10;
const NOW: i64 = 20_000 * MS_PER_DAY;

fn generate() -> (Vec<Lead>, Vec<Vec<Activity>>) {
    let mut s = 0x9E37_79B9_7F4A_7C15;
    let mut leads = Vec::with_capacity(LEADS as usize);
    let mut activities = Vec::with_capacity(LEADS as usize);
    for id in 1..=LEADS {
        let r = next(&mut s);
        leads.push(Lead {
            source: LeadSource::ALL[(r % 14) as usize],
            industry: pick(
                &mut s,
                &["Software", "نرم‌افزار", "retail", "Mining", "تولید", ""],
            )
            .into(),
            employees: Some((next(&mut s) % 500) as u32),
            city: pick(&mut s, &["Tehran", "اصفهان", "Qom", "Shiraz", ""]).into(),
            country: pick(&mut s, &["Iran", "ایران", ""]).into(),
            budget: Some(Money {
                amount: next(&mut s) % 1_000_000_000,
                currency: Currency::Toman,
            }),
            decision_role: DecisionRole::ALL[(r % 4) as usize],
            timeline: Timeline::By(Date(20_000 + (next(&mut s) % 500) as i32)),
            journey_stage: JourneyStage::ALL[(r % 3) as usize],
            ..Lead::blank(id)
        });
        activities.push(
            (0..ACTIVITIES_PER_LEAD)
                .map(|i| Activity {
                    id: id * 100 + i,
                    lead_id: id,
                    kind: ActivityKind::ALL[(next(&mut s) % 17) as usize],
                    at: NOW - (next(&mut s) % (120 * MS_PER_DAY as u64)) as i64,
                    notes: String::new(),
                    revision: Default::default(),
                })
                .collect(),
        );
    }
    (leads, activities)
}

fn main() {
    let (leads, activities) = generate();
    // As the app holds them: the lead book keeps every lead's scoring inputs prepared.
    let book = LeadBook::new(leads, activities.into_iter().flatten().collect());
    let model = CompiledModel::new(&ScoringModel::default_model());
    let inputs = || book.score_inputs();

    let mut best_score = f64::MAX;
    let mut best_rank = f64::MAX;
    let mut checksum = 0i64;
    // KARIZ_BENCH_REPS: how many timed rounds (default 7); an instruction counter can then take the
    // difference of two counts to isolate the rounds from generating the data.
    let reps: usize = std::env::var("KARIZ_BENCH_REPS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    for _ in 0..reps {
        let start = Instant::now();
        checksum = inputs().map(|i| score_total(i, &model, NOW) as i64).sum();
        best_score = best_score.min(start.elapsed().as_secs_f64() * 1e3);

        let start = Instant::now();
        let today = rank_today(
            inputs(),
            &model,
            NOW,
            |_| true,
            |_| RuleAdjustment::default(),
            50,
        );
        best_rank = best_rank.min(start.elapsed().as_secs_f64() * 1e3);
        assert_eq!(today.len(), 50);
    }
    println!(
        "{LEADS} leads × {ACTIVITIES_PER_LEAD} activities: score_total {best_score:.2} ms, \
         rank_today (score + rank + explain top 50) {best_rank:.2} ms (best of {reps}; checksum {checksum})"
    );
}
