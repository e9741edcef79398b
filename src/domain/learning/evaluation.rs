//! How well a score ranks and how honest its probabilities are: ROC AUC, log loss and
//! calibration bins.

use serde::{Deserialize, Serialize};

/// ROC AUC: the chance a random won case scores above a random lost one (ties count half).
/// `None` when either class is absent.
pub fn roc_auc(scores: &[f64], won: &[bool]) -> Option<f64> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|a, b| scores[*a].total_cmp(&scores[*b]));
    // Mann–Whitney: sum of the won cases' ranks, tied scores sharing their mean rank.
    let mut won_rank_sum = 0.0;
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && scores[order[j + 1]] == scores[order[i]] {
            j += 1;
        }
        let mean_rank = (i + j) as f64 / 2.0 + 1.0;
        won_rank_sum += mean_rank * order[i..=j].iter().filter(|k| won[**k]).count() as f64;
        i = j + 1;
    }
    let n_won = won.iter().filter(|w| **w).count() as f64;
    let n_lost = won.len() as f64 - n_won;
    if n_won == 0.0 || n_lost == 0.0 {
        return None;
    }
    Some((won_rank_sum - n_won * (n_won + 1.0) / 2.0) / (n_won * n_lost))
}

/// Mean negative log-likelihood of the outcomes (natural log), probabilities clipped away from 0
/// and 1 so one confident miss is costly but finite.
pub fn log_loss(probabilities: &[f64], won: &[bool]) -> f64 {
    if probabilities.is_empty() {
        return 0.0;
    }
    let total: f64 = probabilities
        .iter()
        .zip(won)
        .map(|(p, w)| {
            let p = p.clamp(1e-15, 1.0 - 1e-15);
            -if *w { p.ln() } else { (1.0 - p).ln() }
        })
        .sum();
    total / probabilities.len() as f64
}

/// One calibration bin: cases predicted in `from..to`, what they were predicted and what happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalibrationBin {
    pub from: f64,
    pub to: f64,
    pub count: usize,
    pub mean_predicted: f64,
    pub won_rate: f64,
}

/// Calibration in `bins` equal-width bins of predicted probability; empty bins are left out.
pub fn calibration(probabilities: &[f64], won: &[bool], bins: usize) -> Vec<CalibrationBin> {
    let bins = bins.max(1);
    let mut sums = vec![(0usize, 0.0, 0usize); bins];
    for (p, w) in probabilities.iter().zip(won) {
        let b = ((p * bins as f64) as usize).min(bins - 1);
        sums[b].0 += 1;
        sums[b].1 += p;
        sums[b].2 += usize::from(*w);
    }
    sums.into_iter()
        .enumerate()
        .filter(|(_, (count, _, _))| *count > 0)
        .map(|(b, (count, predicted, won))| CalibrationBin {
            from: b as f64 / bins as f64,
            to: (b + 1) as f64 / bins as f64,
            count,
            mean_predicted: predicted / count as f64,
            won_rate: won as f64 / count as f64,
        })
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn golden_auc_with_a_tie() {
        // Won 0.9, 0.5; lost 0.5, 0.1. Pairs: (0.9>0.5) 1, (0.9>0.1) 1, (0.5=0.5) ½, (0.5>0.1) 1.
        let auc = roc_auc(&[0.9, 0.5, 0.5, 0.1], &[true, true, false, false]).unwrap();
        assert!((auc - 3.5 / 4.0).abs() < 1e-12);
        assert_eq!(roc_auc(&[0.1, 0.2], &[true, true]), None);
    }

    #[test]
    fn golden_log_loss() {
        let loss = log_loss(&[0.8, 0.25], &[true, false]);
        assert!((loss - (-(0.8f64.ln()) - 0.75f64.ln()) / 2.0).abs() < 1e-12);
    }

    #[test]
    fn calibration_bins_hold_their_cases() {
        let bins = calibration(&[0.05, 0.15, 0.12, 1.0], &[false, true, false, true], 10);
        assert_eq!(bins.len(), 3);
        assert_eq!(bins[1].count, 2);
        assert!((bins[1].won_rate - 0.5).abs() < 1e-12);
        assert_eq!(bins[2].from, 0.9);
    }

    proptest! {
        #[test]
        fn auc_is_between_zero_and_one(
            cases in proptest::collection::vec((0.0f64..1.0, any::<bool>()), 0..60)
        ) {
            let (scores, won): (Vec<f64>, Vec<bool>) = cases.into_iter().unzip();
            if let Some(auc) = roc_auc(&scores, &won) {
                prop_assert!((0.0..=1.0).contains(&auc));
            }
        }
    }
}
