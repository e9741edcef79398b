//! Ranking performance: does the scoring model separate good leads from bad? For the leads whose
//! outcome is known, the win rate per grade (Hot / Warm / Cold) and per score band, with counts.
//!
//! Definitions:
//! - A lead's *outcome* is **won** when any of its deals is won; otherwise **disqualified** when an
//!   applied rule action disqualified it; otherwise **lost** when it has deals and every one of
//!   them is lost. Any other lead (no deal, or a deal still open or on hold) has no outcome yet
//!   and is left out.
//! - The score and grade are the ones the app shows: the model's score *after* rule penalties,
//!   and Cold when a rule flagged the lead ([`final_score`]). Kariz keeps no score history, so it
//!   is the score now, not the score on the day the lead was won or lost.
//! - Win rate = won ÷ (won + lost + disqualified).
//! - When a learned model exists, the same leads by the win probability it gives each, read as of
//!   the day the lead closed ([`probability_when_closed`](crate::domain::learning::probability_when_closed)).
//!   The model learned from these very outcomes, so this shows how well it fits them; how well it
//!   predicts leads it has not seen is the holdout measure on the Learned score page.

use super::rate::Rate;
use crate::domain::pipeline::{Deal, DealStatus};
use crate::domain::rules::RuleState;
use crate::domain::scoring::{Grade, Points, Thresholds};

/// How a lead's story ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    Won,
    Lost,
    Disqualified,
}

/// The outcome of a lead from its deals and whether a rule disqualified it; `None` while
/// undecided.
pub fn lead_outcome<'a>(
    deals: impl IntoIterator<Item = &'a Deal>,
    disqualified: bool,
) -> Option<Outcome> {
    let (mut any, mut all_lost) = (false, true);
    for deal in deals {
        if deal.status == DealStatus::Won {
            return Some(Outcome::Won);
        }
        any = true;
        all_lost &= deal.status == DealStatus::Lost;
    }
    if disqualified {
        Some(Outcome::Disqualified)
    } else {
        (any && all_lost).then_some(Outcome::Lost)
    }
}

/// The score and grade the app shows for a lead: the model's `total` after the rules'
/// [`RuleAdjustment`](crate::domain::scoring::RuleAdjustment) (the one Today ranks with), Cold
/// when a rule flagged it.
pub fn final_score(
    total: Points,
    state: Option<&RuleState>,
    thresholds: &Thresholds,
) -> (Points, Grade) {
    let adjustment = state.map(RuleState::adjustment).unwrap_or_default();
    (adjustment.score(total), adjustment.grade(total, thresholds))
}

/// Width of a score band.
pub const SCORE_BAND_WIDTH: Points = 20;
/// Number of score bands: below 20 (negative scores included), 20–39, …, 80–99, 100 and more.
pub const SCORE_BANDS: usize = 6;

/// A decided lead as the ranking saw it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ranked {
    pub score: Points,
    pub grade: Grade,
    pub outcome: Outcome,
    /// The learned win probability (0–1), when a learned model exists.
    pub learned: Option<f64>,
}

/// Outcomes of the leads of one grade or one score band.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OutcomeCounts {
    pub won: usize,
    pub lost: usize,
    pub disqualified: usize,
}

impl OutcomeCounts {
    fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Won => self.won += 1,
            Outcome::Lost => self.lost += 1,
            Outcome::Disqualified => self.disqualified += 1,
        }
    }

    /// Leads with a known outcome.
    pub fn decided(&self) -> usize {
        self.won + self.lost + self.disqualified
    }

    /// Won out of decided.
    pub fn win_rate(&self) -> Rate {
        Rate::new(self.won, self.decided())
    }
}

/// A score band: `from` up to `to` (inclusive); the first band has no lower end, the last no
/// upper end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScoreBand {
    pub from: Option<Points>,
    pub to: Option<Points>,
}

impl ScoreBand {
    /// The band a score falls in.
    pub fn index_of(score: Points) -> usize {
        (score.max(0) / SCORE_BAND_WIDTH).min(SCORE_BANDS as Points - 1) as usize
    }

    /// Band `index` (0 … [`SCORE_BANDS`] − 1).
    pub fn nth(index: usize) -> ScoreBand {
        let start = index as Points * SCORE_BAND_WIDTH;
        ScoreBand {
            from: (index > 0).then_some(start),
            to: (index + 1 < SCORE_BANDS).then_some(start + SCORE_BAND_WIDTH - 1),
        }
    }
}

/// Number of learned-probability bands: 0–19 %, 20–39 %, …, 80–100 %.
pub const PROBABILITY_BANDS: usize = 5;

/// A band of learned win probability, in whole percent: `from` up to `to` (inclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProbabilityBand {
    pub from: u8,
    pub to: u8,
}

impl ProbabilityBand {
    /// The band a probability (0–1) falls in; 1 belongs to the top band.
    pub fn index_of(probability: f64) -> usize {
        let scaled = (probability.clamp(0.0, 1.0) * PROBABILITY_BANDS as f64).floor();
        (scaled as usize).min(PROBABILITY_BANDS - 1)
    }

    /// Band `index` (0 … [`PROBABILITY_BANDS`] − 1).
    pub fn nth(index: usize) -> ProbabilityBand {
        let width = 100 / PROBABILITY_BANDS as u8;
        let from = index as u8 * width;
        ProbabilityBand {
            from,
            to: if index + 1 < PROBABILITY_BANDS {
                from + width - 1
            } else {
                100
            },
        }
    }
}

/// Win rates by grade and by band.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RankingPerformance {
    /// Hot, Warm, Cold — always all three, in that order.
    pub by_grade: Vec<(Grade, OutcomeCounts)>,
    /// Every band, lowest first.
    pub by_band: Vec<(ScoreBand, OutcomeCounts)>,
    /// Every learned-probability band, lowest first; `None` without a learned model.
    pub by_learned: Option<Vec<(ProbabilityBand, OutcomeCounts)>>,
    pub total: OutcomeCounts,
}

/// Counts the decided leads by grade and band, and by learned-probability band when
/// `learned_model` says a learned model scored them (a lead it gave no probability is left out
/// of that table only).
pub fn ranking_performance(
    leads: impl IntoIterator<Item = Ranked>,
    learned_model: bool,
) -> RankingPerformance {
    let mut grades = [OutcomeCounts::default(); 3];
    let mut bands = [OutcomeCounts::default(); SCORE_BANDS];
    let mut learned = [OutcomeCounts::default(); PROBABILITY_BANDS];
    let mut total = OutcomeCounts::default();
    for lead in leads {
        let g = Grade::ALL
            .iter()
            .position(|&g| g == lead.grade)
            .unwrap_or(2);
        grades[g].add(lead.outcome);
        bands[ScoreBand::index_of(lead.score)].add(lead.outcome);
        if let Some(p) = lead.learned {
            learned[ProbabilityBand::index_of(p)].add(lead.outcome);
        }
        total.add(lead.outcome);
    }
    RankingPerformance {
        by_grade: Grade::ALL.into_iter().zip(grades).collect(),
        by_band: bands
            .into_iter()
            .enumerate()
            .map(|(i, c)| (ScoreBand::nth(i), c))
            .collect(),
        by_learned: learned_model.then(|| {
            learned
                .into_iter()
                .enumerate()
                .map(|(i, c)| (ProbabilityBand::nth(i), c))
                .collect()
        }),
        total,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::pipeline::deal::test_deal;

    fn deal(status: DealStatus) -> Deal {
        let mut d = test_deal(1, 1);
        d.status = status;
        d
    }

    #[test]
    fn outcome_of_a_lead() {
        use DealStatus::*;
        let won = [deal(Lost), deal(Won)];
        assert_eq!(
            lead_outcome(&won, true),
            Some(Outcome::Won),
            "a win beats a disqualification"
        );
        assert_eq!(
            lead_outcome(&[deal(Lost), deal(Lost)], false),
            Some(Outcome::Lost)
        );
        assert_eq!(
            lead_outcome(&[deal(Lost), deal(Open)], false),
            None,
            "still open"
        );
        assert_eq!(lead_outcome(&[deal(OnHold)], false), None);
        assert_eq!(lead_outcome(&[], false), None, "no deal yet");
        assert_eq!(lead_outcome(&[], true), Some(Outcome::Disqualified));
        assert_eq!(
            lead_outcome(&[deal(Open)], true),
            Some(Outcome::Disqualified)
        );
    }

    #[test]
    fn final_score_takes_the_penalty_and_the_cold_flag() {
        let t = Thresholds {
            hot: 60,
            warm: 30,
            mql: 40,
        };
        assert_eq!(final_score(70, None, &t), (70, Grade::Hot));
        let penalty = RuleState {
            score_penalty: 15,
            ..RuleState::default()
        };
        assert_eq!(final_score(70, Some(&penalty), &t), (55, Grade::Warm));
        let flagged = RuleState {
            cold_flag: true,
            ..RuleState::default()
        };
        assert_eq!(final_score(70, Some(&flagged), &t), (70, Grade::Cold));
    }

    #[test]
    fn bands_cover_every_score() {
        assert_eq!(ScoreBand::index_of(-40), 0);
        assert_eq!(ScoreBand::index_of(19), 0);
        assert_eq!(ScoreBand::index_of(20), 1);
        assert_eq!(ScoreBand::index_of(99), 4);
        assert_eq!(ScoreBand::index_of(100), 5);
        assert_eq!(ScoreBand::index_of(1_000), 5);
        assert_eq!(
            ScoreBand::nth(0),
            ScoreBand {
                from: None,
                to: Some(19)
            }
        );
        assert_eq!(
            ScoreBand::nth(2),
            ScoreBand {
                from: Some(40),
                to: Some(59)
            }
        );
        assert_eq!(
            ScoreBand::nth(5),
            ScoreBand {
                from: Some(100),
                to: None
            }
        );
    }

    #[test]
    fn golden_win_rate_by_grade_and_band() {
        use Grade::*;
        use Outcome::*;
        let r = |score, grade, outcome| Ranked {
            score,
            grade,
            outcome,
            learned: None,
        };
        let leads = [
            // Hot: 3 won, 1 lost → 3 of 4 = 75%.
            r(85, Hot, Won),
            r(72, Hot, Won),
            r(64, Hot, Won),
            r(61, Hot, Lost),
            // Warm: 1 won, 1 lost, 1 disqualified → 1 of 3.
            r(45, Warm, Won),
            r(38, Warm, Lost),
            r(31, Warm, Disqualified),
            // Cold: none won of 3 (one is Cold by a rule's flag despite 66 points).
            r(66, Cold, Lost),
            r(10, Cold, Disqualified),
            r(-5, Cold, Lost),
        ];
        let p = ranking_performance(leads, false);
        let counts = |won, lost, disqualified| OutcomeCounts {
            won,
            lost,
            disqualified,
        };
        assert_eq!(
            p.by_grade,
            vec![
                (Hot, counts(3, 1, 0)),
                (Warm, counts(1, 1, 1)),
                (Cold, counts(0, 2, 1))
            ]
        );
        assert_eq!(p.by_grade[0].1.win_rate(), Rate::new(3, 4));
        assert_eq!(p.by_grade[1].1.win_rate(), Rate::new(1, 3));
        assert_eq!(p.by_grade[2].1.win_rate().percent(), Some(0.0));
        // Bands: <20 {10, −5}: 0 of 2; 20–39 {38, 31}: 0 of 2; 40–59 {45}: 1 of 1;
        // 60–79 {72, 64, 61, 66}: 2 of 4; 80–99 {85}: 1 of 1; 100+: none.
        let rates: Vec<Rate> = p.by_band.iter().map(|(_, c)| c.win_rate()).collect();
        assert_eq!(
            rates,
            vec![
                Rate::new(0, 2),
                Rate::new(0, 2),
                Rate::new(1, 1),
                Rate::new(2, 4),
                Rate::new(1, 1),
                Rate::new(0, 0),
            ]
        );
        assert_eq!(p.total, counts(4, 4, 2));
        assert_eq!(p.total.win_rate(), Rate::new(4, 10));
        assert_eq!(p.by_learned, None, "no learned model, no learned table");
    }

    #[test]
    fn probability_bands_cover_zero_to_one() {
        assert_eq!(ProbabilityBand::index_of(0.0), 0);
        assert_eq!(ProbabilityBand::index_of(0.199), 0);
        assert_eq!(ProbabilityBand::index_of(0.2), 1);
        assert_eq!(ProbabilityBand::index_of(0.79), 3);
        assert_eq!(ProbabilityBand::index_of(0.8), 4);
        assert_eq!(ProbabilityBand::index_of(1.0), 4);
        assert_eq!(ProbabilityBand::index_of(f64::NAN), 0);
        assert_eq!(ProbabilityBand::nth(0), ProbabilityBand { from: 0, to: 19 });
        assert_eq!(
            ProbabilityBand::nth(2),
            ProbabilityBand { from: 40, to: 59 }
        );
        assert_eq!(
            ProbabilityBand::nth(4),
            ProbabilityBand { from: 80, to: 100 }
        );
    }

    #[test]
    fn golden_win_rate_by_learned_probability() {
        use Outcome::*;
        let r = |learned, outcome| Ranked {
            score: 50,
            grade: Grade::Warm,
            outcome,
            learned,
        };
        let leads = [
            // 80–100 %: 2 won of 2.
            r(Some(0.91), Won),
            r(Some(0.80), Won),
            // 60–79 %: 1 won, 1 lost → 1 of 2.
            r(Some(0.65), Won),
            r(Some(0.62), Lost),
            // 20–39 %: 1 lost, 1 disqualified → 0 of 2.
            r(Some(0.35), Lost),
            r(Some(0.2), Disqualified),
            // 0–19 %: 1 won of 3 (the model missed this one).
            r(Some(0.05), Won),
            r(Some(0.1), Lost),
            r(Some(0.0), Disqualified),
            // No probability: in the totals, not in the learned table.
            r(None, Won),
        ];
        let p = ranking_performance(leads, true);
        let learned = p.by_learned.expect("a learned model");
        let rates: Vec<(u8, Rate)> = learned
            .iter()
            .map(|(b, c)| (b.from, c.win_rate()))
            .collect();
        assert_eq!(
            rates,
            vec![
                (0, Rate::new(1, 3)),
                (20, Rate::new(0, 2)),
                (40, Rate::new(0, 0)),
                (60, Rate::new(1, 2)),
                (80, Rate::new(2, 2)),
            ]
        );
        assert_eq!(learned.iter().map(|(_, c)| c.decided()).sum::<usize>(), 9);
        assert_eq!(p.total.decided(), 10);
    }
}
