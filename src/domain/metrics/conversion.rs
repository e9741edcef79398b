//! Stage-to-stage conversion and win rate, from the deals' stage histories.
//!
//! A deal *reached* a stage when its history shows it there or in any later stage (a deal moved
//! from Contact straight to Negotiation passed through Nurture as far as the funnel is concerned);
//! a won deal reached every stage. The conversion from one stage to the next is the share of the
//! deals that reached the first which also reached the second; the last stage converts to won.
//! All deals given count, open ones included: pass only closed deals (or one period's cohort) for
//! a view not diluted by deals still under way.

use super::rate::Rate;
use crate::domain::pipeline::{Deal, DealStatus, PipelineConfig, StageId};

/// How many deals reached one stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StageReach {
    pub stage: StageId,
    pub deals: usize,
}

/// The conversion from one stage to the next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StageConversion {
    pub from: StageId,
    /// The next stage, or `None` for the step from the last stage to won.
    pub to: Option<StageId>,
    pub rate: Rate,
}

/// Deals that reached each stage, in board order: the funnel chart's bars.
pub fn stage_reach(deals: &[Deal], config: &PipelineConfig) -> Vec<StageReach> {
    let stages = config.ordered();
    let furthest: Vec<Option<usize>> = deals.iter().map(|d| furthest_position(d, config)).collect();
    stages
        .iter()
        .enumerate()
        .map(|(i, s)| StageReach {
            stage: s.id,
            deals: furthest
                .iter()
                .filter(|f| f.is_some_and(|f| f >= i))
                .count(),
        })
        .collect()
}

/// Conversion between consecutive stages, and from the last stage to won.
pub fn stage_conversions(deals: &[Deal], config: &PipelineConfig) -> Vec<StageConversion> {
    let reach = stage_reach(deals, config);
    let won = deals.iter().filter(|d| d.status == DealStatus::Won).count();
    let mut conversions: Vec<StageConversion> = reach
        .windows(2)
        .map(|w| StageConversion {
            from: w[0].stage,
            to: Some(w[1].stage),
            rate: Rate::new(w[1].deals, w[0].deals),
        })
        .collect();
    if let Some(last) = reach.last() {
        conversions.push(StageConversion {
            from: last.stage,
            to: None,
            rate: Rate::new(won, last.deals),
        });
    }
    conversions
}

/// Won deals out of closed ones (won + lost). Open and on-hold deals are not counted: their
/// outcome is not known yet.
pub fn win_rate(deals: &[Deal]) -> Rate {
    let won = deals.iter().filter(|d| d.status == DealStatus::Won).count();
    let lost = deals
        .iter()
        .filter(|d| d.status == DealStatus::Lost)
        .count();
    Rate::new(won, won + lost)
}

/// The board position of the furthest stage the deal reached (the last, if won); `None` when none
/// of its stages exists any more.
fn furthest_position(deal: &Deal, config: &PipelineConfig) -> Option<usize> {
    if deal.status == DealStatus::Won {
        return config.stages.len().checked_sub(1);
    }
    deal.stages_visited()
        .into_iter()
        .filter_map(|s| config.position(s))
        .max()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::pipeline::deal::test_deal;
    use crate::domain::pipeline::StageEntry;

    /// A deal that went through `stages` and ended with `status`.
    fn deal(id: u64, stages: &[u32], status: DealStatus) -> Deal {
        let mut d = test_deal(id, stages[0]);
        for (i, &s) in stages.iter().enumerate().skip(1) {
            d.history.push(StageEntry {
                at: i as i64,
                stage: s,
                status: DealStatus::Open,
                reason: None,
            });
        }
        d.stage = *stages.last().unwrap();
        d.status = status;
        d
    }

    /// Five deals over the default stages 1–6:
    /// A 1→2→3 lost, B 1→…→6 won, C 1→3 open (skipped 2), D 1 lost, E 1→2→5 won.
    fn deals() -> Vec<Deal> {
        vec![
            deal(1, &[1, 2, 3], DealStatus::Lost),
            deal(2, &[1, 2, 3, 4, 5, 6], DealStatus::Won),
            deal(3, &[1, 3], DealStatus::Open),
            deal(4, &[1], DealStatus::Lost),
            deal(5, &[1, 2, 5], DealStatus::Won),
        ]
    }

    #[test]
    fn golden_funnel_and_conversions() {
        let config = PipelineConfig::default_stages();
        let reach: Vec<usize> = stage_reach(&deals(), &config)
            .iter()
            .map(|r| r.deals)
            .collect();
        // Stage 1: all 5. Stage 2: A, B, C (past it), E = 4. Stage 3: A, B, C, E = 4.
        // Stages 4–6: the won B and E = 2.
        assert_eq!(reach, [5, 4, 4, 2, 2, 2]);
        let rates: Vec<(u32, Option<u32>, usize, usize)> = stage_conversions(&deals(), &config)
            .iter()
            .map(|c| (c.from, c.to, c.rate.part, c.rate.whole))
            .collect();
        assert_eq!(
            rates,
            [
                (1, Some(2), 4, 5), // 80%
                (2, Some(3), 4, 4), // 100%
                (3, Some(4), 2, 4), // 50%
                (4, Some(5), 2, 2),
                (5, Some(6), 2, 2),
                (6, None, 2, 2), // Close → won
            ]
        );
        assert_eq!(
            stage_conversions(&deals(), &config)[0].rate.percent(),
            Some(80.0)
        );
    }

    #[test]
    fn golden_win_rate_counts_closed_deals_only() {
        // Won B, E; lost A, D; open C left out: 2 of 4 = 50%.
        assert_eq!(win_rate(&deals()), Rate::new(2, 4));
        assert_eq!(win_rate(&deals()).percent(), Some(50.0));
        assert_eq!(win_rate(&[]).percent(), None);
    }

    #[test]
    fn stages_deleted_since_are_ignored() {
        let config = PipelineConfig::default_stages();
        let reach: Vec<usize> = stage_reach(
            &[
                deal(1, &[77, 2], DealStatus::Lost),
                deal(2, &[77], DealStatus::Lost),
            ],
            &config,
        )
        .iter()
        .map(|r| r.deals)
        .collect();
        assert_eq!(reach, [1, 1, 0, 0, 0, 0]);
    }
}
