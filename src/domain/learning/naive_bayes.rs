//! Naive Bayes over field values, as Odoo's predictive lead scoring does it: each column's value
//! is assumed independent of the others given the outcome, counts smoothed by `alpha` (Laplace).
//!
//! log-odds = ln((W+α)/(L+α)) + Σ_columns ln(P(v|won) / P(v|lost)),
//! P(v|won) = (won with v + α) / (W + α·k), k the column's number of features.

use super::encoder::Encoder;
use super::linear::LinearModel;

/// Fits naive Bayes on encoded rows.
pub fn fit_naive_bayes(
    encoder: &Encoder,
    rows: &[Vec<u32>],
    won: &[bool],
    alpha: f64,
) -> LinearModel {
    let mut won_counts = vec![0.0; encoder.width];
    let mut lost_counts = vec![0.0; encoder.width];
    for (features, &won) in rows.iter().zip(won) {
        let counts = if won {
            &mut won_counts
        } else {
            &mut lost_counts
        };
        for f in features {
            counts[*f as usize] += 1.0;
        }
    }
    let n_won = won.iter().filter(|w| **w).count() as f64;
    let n_lost = won.len() as f64 - n_won;
    let mut weights = vec![0.0; encoder.width];
    for (c, column) in encoder.columns.iter().enumerate() {
        let end = encoder
            .columns
            .get(c + 1)
            .map_or(encoder.width, |next| next.offset);
        let k = (end - column.offset) as f64;
        for f in column.offset..end {
            let p_won = (won_counts[f] + alpha) / (n_won + alpha * k);
            let p_lost = (lost_counts[f] + alpha) / (n_lost + alpha * k);
            weights[f] = (p_won / p_lost).ln();
        }
    }
    LinearModel {
        bias: ((n_won + alpha) / (n_lost + alpha)).ln(),
        weights,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::domain::learning::dataset::{Example, FieldValue};

    fn data(rows: &[(&str, bool)]) -> (Encoder, Vec<Vec<u32>>, Vec<bool>) {
        let examples: Vec<Example> = rows
            .iter()
            .map(|(v, won)| Example {
                values: vec![FieldValue::parse(v)],
                won: *won,
                closed_at: 0,
                hand_score: None,
            })
            .collect();
        let refs: Vec<&Example> = examples.iter().collect();
        let encoder = Encoder::fit(&["source".into()], &refs, 1);
        let encoded = examples.iter().map(|e| encoder.encode(&e.values)).collect();
        let won = examples.iter().map(|e| e.won).collect();
        (encoder, encoded, won)
    }

    /// Hand-computed: 3 won (2 referral, 1 web), 3 lost (1 referral, 2 web), α = 1, k = 4
    /// (missing, other, referral, web). Prior odds (3+1)/(3+1) = 1.
    /// P(referral|won) = 3/7, P(referral|lost) = 2/7 → odds 1.5 → P = 0.6.
    #[test]
    fn golden_single_column() {
        let (encoder, rows, won) = data(&[
            ("referral", true),
            ("referral", true),
            ("web", true),
            ("referral", false),
            ("web", false),
            ("web", false),
        ]);
        let model = fit_naive_bayes(&encoder, &rows, &won, 1.0);
        let referral = encoder.encode(&[FieldValue::parse("Referral")]);
        assert!((model.probability(&referral) - 0.6).abs() < 1e-12);
        let web = encoder.encode(&[FieldValue::parse("web")]);
        assert!((model.probability(&web) - 0.4).abs() < 1e-12);
        // Missing: 1/7 vs 1/7 → the prior, 0.5.
        assert!((model.probability(&encoder.encode(&[FieldValue::Missing])) - 0.5).abs() < 1e-12);
    }

    /// Hand-computed, two columns and unequal classes: 2 won, 1 lost, α = 1.
    /// won: (a, x), (a, y); lost: (b, x). Each column has k = 4 (missing, other, 2 values).
    /// prior (2+1)/(1+1) = 1.5; P(a|won) = 3/6, P(a|lost) = 1/5 → 2.5;
    /// P(x|won) = 2/6, P(x|lost) = 2/5 → 5/6. Odds 1.5 · 2.5 · 5/6 = 3.125 → P = 3.125/4.125.
    #[test]
    fn golden_two_columns() {
        let t = |s: &str| FieldValue::Text(s.into());
        let examples = [
            (vec![t("a"), t("x")], true),
            (vec![t("a"), t("y")], true),
            (vec![t("b"), t("x")], false),
        ]
        .map(|(values, won)| Example {
            values,
            won,
            closed_at: 0,
            hand_score: None,
        });
        let refs: Vec<&Example> = examples.iter().collect();
        let encoder = Encoder::fit(&["p".into(), "q".into()], &refs, 1);
        let rows: Vec<Vec<u32>> = examples.iter().map(|e| encoder.encode(&e.values)).collect();
        let won: Vec<bool> = examples.iter().map(|e| e.won).collect();
        let model = fit_naive_bayes(&encoder, &rows, &won, 1.0);
        let p = model.probability(&encoder.encode(&[t("a"), t("x")]));
        assert!((p - 3.125 / 4.125).abs() < 1e-12, "{p}");
    }

    proptest! {
        /// Adding a won example with value v never lowers P(win | v).
        #[test]
        fn a_won_example_never_lowers_its_values_probability(
            rows in proptest::collection::vec((0u8..4, any::<bool>()), 1..40),
            v in 0u8..4,
        ) {
            let names = ["referral", "web", "fax", ""];
            let base: Vec<(&str, bool)> = rows.iter().map(|(i, w)| (names[*i as usize], *w)).collect();
            let mut more = base.clone();
            more.push((names[v as usize], true));
            let before = {
                let (enc, rows, won) = data(&base);
                let m = fit_naive_bayes(&enc, &rows, &won, 1.0);
                m.probability(&enc.encode(&[FieldValue::parse(names[v as usize])]))
            };
            let after = {
                let (enc, rows, won) = data(&more);
                let m = fit_naive_bayes(&enc, &rows, &won, 1.0);
                m.probability(&enc.encode(&[FieldValue::parse(names[v as usize])]))
            };
            prop_assert!(after >= before - 1e-12, "{before} → {after}");
        }
    }
}
