//! A documented synthetic history for timing and for the eval command when no public data is at
//! hand: leads with a known ground truth, so a learner that works must find it.
//!
//! Ground truth (log-odds of winning): −0.8, plus source (referral +1.5, event +0.8, web 0,
//! cold call −0.8, ads −0.5, partner +1.0), plus 0.35 per meeting (0–4), minus 0.45 per email
//! without reply (0–5), plus 0.6 for 50–500 employees, minus 0.7 when the budget is missing,
//! plus a per-industry effect in −0.6..0.6 (20 industries, five of them rare), plus 0.6 when the
//! custom field "region" is "north" *and* the source is "partner" (an interaction neither learner
//! can represent exactly). Each lead has a unique id column, which the encoder must ignore.

use rand_core::{Rng, SeedableRng};
use rand_xorshift::XorShiftRng;

use super::dataset::{Dataset, Example, FieldValue};
use super::linear::sigmoid;

const SOURCES: [(&str, f64); 6] = [
    ("referral", 1.5),
    ("event", 0.8),
    ("web", 0.0),
    ("cold_call", -0.8),
    ("ads", -0.5),
    ("partner", 1.0),
];
const REGIONS: [&str; 4] = ["north", "south", "east", "west"];

/// Uniform number in 0..1 from the generator.
fn unit(rng: &mut XorShiftRng) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

fn below(rng: &mut XorShiftRng, n: usize) -> usize {
    (rng.next_u64() % n as u64) as usize
}

/// `n` closed cases from `seed`, closing one after another (so the newest are last).
pub fn synthetic_history(n: usize, seed: u64) -> Dataset {
    let mut rng = XorShiftRng::seed_from_u64(seed);
    let columns = [
        "lead_id",
        "source",
        "industry",
        "employees",
        "budget",
        "custom:region",
        "meetings",
        "emails_unanswered",
    ];
    let examples = (0..n)
        .map(|i| {
            let (source, source_effect) = SOURCES[below(&mut rng, SOURCES.len())];
            // Industries 15–19 are rare: drawn 1 time in 20 overall.
            let industry = if unit(&mut rng) < 0.05 {
                15 + below(&mut rng, 5)
            } else {
                below(&mut rng, 15)
            };
            let industry_effect = (industry as f64 * 7.0).sin() * 0.6;
            let employees = (10.0 * (unit(&mut rng) * 7.0).exp()).round();
            let budget_missing = unit(&mut rng) < 0.3;
            let budget = (unit(&mut rng) * 100_000.0).round();
            let region = REGIONS[below(&mut rng, REGIONS.len())];
            let meetings = below(&mut rng, 5);
            let unanswered = below(&mut rng, 6);
            let log_odds = -0.8 + source_effect + 0.35 * meetings as f64 - 0.45 * unanswered as f64
                + if (50.0..=500.0).contains(&employees) {
                    0.6
                } else {
                    0.0
                }
                - if budget_missing { 0.7 } else { 0.0 }
                + industry_effect
                + if region == "north" && source == "partner" {
                    0.6
                } else {
                    0.0
                };
            let won = unit(&mut rng) < sigmoid(log_odds);
            // The hand-set score sees only part of the truth, and roughly.
            let hand = 10.0 * source_effect + 5.0 * meetings as f64;
            Example {
                values: vec![
                    FieldValue::Number(100_000.0 + i as f64),
                    FieldValue::Text(source.into()),
                    FieldValue::Text(format!("industry {industry}")),
                    FieldValue::Number(employees),
                    if budget_missing {
                        FieldValue::Missing
                    } else {
                        FieldValue::Number(budget)
                    },
                    FieldValue::Text(region.into()),
                    FieldValue::Number(meetings as f64),
                    FieldValue::Number(unanswered as f64),
                ],
                won,
                closed_at: i as i64,
                hand_score: Some(hand),
            }
        })
        .collect();
    Dataset {
        columns: columns.iter().map(|c| c.to_string()).collect(),
        examples,
    }
}

/// The dataset as CSV text with a `Converted` label column (1 won, 0 lost), for `make eval`.
pub fn to_csv(dataset: &Dataset) -> String {
    let mut out = dataset.columns.join(",");
    out.push_str(",Converted\n");
    for example in &dataset.examples {
        for value in &example.values {
            match value {
                FieldValue::Missing => {}
                FieldValue::Text(t) => out.push_str(t),
                FieldValue::Number(n) => out.push_str(&n.to_string()),
            }
            out.push(',');
        }
        out.push_str(if example.won { "1\n" } else { "0\n" });
    }
    out
}
