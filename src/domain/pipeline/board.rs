//! The Kanban board: one column per stage, in stage order, holding the open deals in it with the
//! column's count, total value and weighted value. Won, lost and on-hold deals are off the board
//! and listed apart. Values are summed per currency (see [`totals`](super::totals)).

use super::deal::{Deal, DealStatus};
use super::moves::is_stale;
use super::stage::{PipelineConfig, StageConfig, StageId};
use super::totals::{CurrencyTotal, ValueTotals};
use crate::domain::lead_list::collate;
use crate::domain::Timestamp;

/// A deal as its card shows it. Company and score grade belong to the lead (`deal.lead`); the
/// view looks them up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BoardCard<'a> {
    pub deal: &'a Deal,
    pub days_in_stage: i64,
    /// Past the stage's rotting days; such cards are marked and offered to "Remove stale deals".
    pub stale: bool,
    /// The probability in effect (the deal's own or the stage's), percent.
    pub probability: u8,
}

/// One stage's column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoardColumn<'a> {
    pub stage: &'a StageConfig,
    /// In display order: soonest expected close first, then oldest deal (lowest id) first.
    pub cards: Vec<BoardCard<'a>>,
    pub count: usize,
    /// Total and weighted value per currency present, in fixed currency order.
    pub totals: Vec<CurrencyTotal>,
}

/// The board for `now`: a column for every stage in order, empty ones included, with the open
/// deals of `owner` (`None` for everyone, `Some("")` for deals without an owner). A deal whose
/// stage no longer exists (which deleting a stage prevents, but an old backup may hold) shows in
/// the first column rather than vanishing.
pub fn board<'a>(
    deals: &'a [Deal],
    config: &'a PipelineConfig,
    owner: Option<&str>,
    now: Timestamp,
) -> Vec<BoardColumn<'a>> {
    board_top(deals, config, owner, now, |_| usize::MAX)
}

/// [`board`] with only the first `shown(stage)` cards of each column, as the view draws them;
/// counts and totals still cover every deal. Only the cards kept are put in order and aged: a
/// stage move recomputes the board, and sorting 10,000 cards to draw 50 per column was most of it.
pub fn board_top<'a>(
    deals: &'a [Deal],
    config: &'a PipelineConfig,
    owner: Option<&str>,
    now: Timestamp,
    shown: impl Fn(StageId) -> usize,
) -> Vec<BoardColumn<'a>> {
    let stages = config.ordered();
    let mut columns: Vec<(Vec<&'a Deal>, ValueTotals)> = stages
        .iter()
        .map(|_| (Vec::new(), ValueTotals::new()))
        .collect();
    if columns.is_empty() {
        return Vec::new();
    }
    for deal in deals.iter().filter(|d| d.is_open() && owned_by(d, owner)) {
        let column = stages.iter().position(|s| s.id == deal.stage).unwrap_or(0);
        let (in_column, totals) = &mut columns[column];
        totals.add(deal.value, deal.probability(config));
        in_column.push(deal);
    }
    stages
        .into_iter()
        .zip(columns)
        .map(|(stage, (mut in_column, totals))| {
            let count = in_column.len();
            // (expected close, id) is unique, so the unstable sort is the stable one.
            let order = |d: &&Deal| (d.expected_close, d.id);
            let keep = shown(stage.id).min(count);
            if keep < count {
                if keep > 0 {
                    in_column.select_nth_unstable_by_key(keep - 1, order);
                }
                in_column.truncate(keep);
            }
            // Its own sort, not `domain::text::sort` (one shared copy, for size): with the shared
            // one the first stage move of a page load was measurably slower (app-only bench runs).
            in_column.sort_unstable_by_key(order);
            let cards = in_column
                .into_iter()
                .map(|deal| BoardCard {
                    deal,
                    days_in_stage: deal.days_in_stage(now),
                    stale: is_stale(deal, config, now),
                    probability: deal.probability(config),
                })
                .collect();
            BoardColumn {
                stage,
                count,
                cards,
                totals: totals.lines(),
            }
        })
        .collect()
}

/// The deals off the board with `status` (won, lost or on hold; open gives the board's deals
/// unordered) of `owner`, most recently changed first.
pub fn off_board<'a>(deals: &'a [Deal], status: DealStatus, owner: Option<&str>) -> Vec<&'a Deal> {
    let mut list: Vec<&Deal> = deals
        .iter()
        .filter(|d| d.status == status && owned_by(d, owner))
        .collect();
    crate::domain::text::sort::sort_by(&mut list, |a, b| {
        b.updated_at.cmp(&a.updated_at).then(b.id.cmp(&a.id))
    });
    list
}

/// Distinct owners ([`DealBook::owners`](super::DealBook::owners)), sorted as the leads' owner
/// filter sorts them, for the board's owner filter (deals without an owner are offered as
/// `Some("")`).
pub fn sorted_owners<'a>(distinct: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut owners: Vec<&str> = distinct.collect();
    crate::domain::text::sort::sort_by(&mut owners, |a, b| collate(a, b));
    owners.into_iter().map(str::to_string).collect()
}

fn owned_by(deal: &Deal, owner: Option<&str>) -> bool {
    owner.is_none_or(|o| deal.owner.trim() == o.trim())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use crate::domain::pipeline::deal::test_deal;
    use crate::domain::time::date::MS_PER_DAY as DAY;
    use crate::domain::{Currency, Date, Money};

    fn deal(id: u64, stage: u32, amount: u64, currency: Currency, owner: &str) -> Deal {
        let mut d = test_deal(id, stage);
        d.value = Money { amount, currency };
        d.owner = owner.into();
        d
    }

    #[test]
    fn columns_count_sum_and_weigh_per_currency() {
        let config = PipelineConfig::default_stages();
        let mut deals = vec![
            deal(1, 1, 1_000, Currency::Usd, "Sara"),
            deal(2, 1, 3_000, Currency::Usd, "Reza"),
            deal(3, 1, 50_000_000, Currency::Toman, "Sara"),
            deal(4, 5, 2_000, Currency::Usd, "Sara"),
            deal(5, 5, 9_999, Currency::Usd, "Sara"),
        ];
        deals[1].probability = Some(25);
        deals[4].status = DealStatus::Won;
        let columns = board(&deals, &config, None, 0);
        assert_eq!(columns.len(), 6);
        let counts: Vec<usize> = columns.iter().map(|c| c.count).collect();
        assert_eq!(counts, [3, 0, 0, 0, 1, 0]);
        // Prospecting (10%): Toman 50,000,000 → 5,000,000; USD 1,000 × 10% + 3,000 × 25% = 850.
        assert_eq!(
            columns[0].totals,
            vec![
                CurrencyTotal {
                    currency: Currency::Toman,
                    count: 1,
                    total: 50_000_000,
                    weighted: 5_000_000
                },
                CurrencyTotal {
                    currency: Currency::Usd,
                    count: 2,
                    total: 4_000,
                    weighted: 850
                },
            ]
        );
        // Negotiation (70%): 2,000 → 1,400; the won deal is off the board.
        assert_eq!(
            columns[4].totals,
            vec![CurrencyTotal {
                currency: Currency::Usd,
                count: 1,
                total: 2_000,
                weighted: 1_400
            }]
        );
        assert!(columns[1].totals.is_empty());
        assert_eq!(columns[0].cards[1].probability, 25);
    }

    #[test]
    fn owner_filter_and_card_order() {
        let config = PipelineConfig::default_stages();
        let mut deals = vec![
            deal(1, 1, 1, Currency::Usd, "Sara"),
            deal(2, 1, 1, Currency::Usd, " Reza"),
            deal(3, 1, 1, Currency::Usd, "Sara"),
            deal(4, 1, 1, Currency::Usd, ""),
            deal(5, 1, 1, Currency::Usd, "Sara"),
        ];
        deals[0].expected_close = Date(40);
        deals[4].expected_close = Date(10);
        let ids = |owner| -> Vec<u64> {
            board(&deals, &config, owner, 0)[0]
                .cards
                .iter()
                .map(|c| c.deal.id)
                .collect()
        };
        assert_eq!(ids(Some("Sara")), [5, 3, 1]);
        assert_eq!(ids(Some("Reza")), [2]);
        assert_eq!(ids(Some("")), [4]);
        assert_eq!(ids(None), [5, 2, 3, 4, 1]);
        let book = crate::domain::pipeline::DealBook::new(deals.clone());
        assert_eq!(sorted_owners(book.owners()), ["Reza", "Sara"]);
    }

    #[test]
    fn cards_know_their_age_and_staleness_and_orphans_land_first() {
        let config = PipelineConfig::default_stages();
        let deals = vec![
            deal(1, 6, 1, Currency::Usd, "Sara"),
            deal(2, 99, 1, Currency::Usd, "Sara"),
        ];
        // Close rots after 7 days; at day 8 the deal is 8 days in.
        let columns = board(&deals, &config, None, 8 * DAY);
        let card = columns[5].cards[0];
        assert_eq!((card.days_in_stage, card.stale), (8, true));
        assert_eq!(columns[0].cards[0].deal.id, 2);
        assert!(!columns[0].cards[0].stale);
    }

    #[test]
    fn board_top_keeps_the_first_cards_and_every_count() {
        let config = PipelineConfig::default_stages();
        let mut deals: Vec<Deal> = (1..=6)
            .map(|id| deal(id, 1, 100, Currency::Usd, "Sara"))
            .collect();
        for (d, close) in deals.iter_mut().zip([50, 10, 40, 10, 20, 30]) {
            d.expected_close = Date(close);
        }
        let columns = board_top(
            &deals,
            &config,
            None,
            0,
            |stage| if stage == 1 { 3 } else { 0 },
        );
        let ids: Vec<u64> = columns[0].cards.iter().map(|c| c.deal.id).collect();
        assert_eq!(
            ids,
            [2, 4, 5],
            "soonest close first, the lower id first on a tie"
        );
        assert_eq!(columns[0].count, 6);
        assert_eq!(columns[0].totals[0].total, 600);
        assert_eq!(board_top(&deals, &config, None, 0, |_| 0)[0].cards.len(), 0);
    }

    fn any_deal() -> impl Strategy<Value = Deal> {
        (
            0u32..9,
            0usize..4,
            0usize..4,
            0i32..6,
            1u64..5_000,
            prop::option::of(0u8..120),
            0i64..40,
        )
            .prop_map(
                |(stage, status, owner, close, amount, probability, entered_day)| {
                    let mut d = deal(
                        0,
                        stage,
                        amount,
                        [Currency::Usd, Currency::Toman][amount as usize % 2],
                        ["Sara", " Reza", "", "Sara "][owner],
                    );
                    d.status = [
                        DealStatus::Open,
                        DealStatus::Open,
                        DealStatus::Won,
                        DealStatus::OnHold,
                    ][status];
                    d.expected_close = Date(close);
                    d.probability = probability;
                    d.history[0].at = entered_day * DAY;
                    d
                },
            )
    }

    proptest! {
        /// The board cut to the drawn cards equals the full board with each column's cards cut
        /// after the sort: same columns, counts, totals, and the same first cards in order.
        #[test]
        fn board_top_equals_the_full_board_cut(
            // Columns of more than 20 cards: the standard library sorts short slices outright
            // when asked for a selection, which would hide a wrong one.
            mut deals in prop::collection::vec(any_deal(), 0..400),
            shown in prop::collection::vec(0usize..80, 6),
            owner in prop::option::of(prop::sample::select(vec!["Sara", "Reza", "", "Nobody"])),
            now_day in 0i64..60,
            reversed in any::<bool>(),
        ) {
            for (i, d) in deals.iter_mut().enumerate() {
                d.id = i as u64 + 1;
            }
            if reversed {
                deals.reverse();
            }
            let config = PipelineConfig::default_stages();
            let limit = |stage: StageId| shown[(stage as usize).saturating_sub(1) % shown.len()];
            let now = now_day * DAY;
            let mut full = board(&deals, &config, owner, now);
            for column in &mut full {
                column.cards.truncate(limit(column.stage.id));
            }
            prop_assert_eq!(board_top(&deals, &config, owner, now, limit), full);
        }
    }

    #[test]
    fn off_board_lists_by_status_newest_change_first() {
        let mut deals: Vec<Deal> = (1..=4).map(|id| test_deal(id, 1)).collect();
        for (d, (status, updated)) in deals.iter_mut().zip([
            (DealStatus::Won, 5),
            (DealStatus::Lost, 6),
            (DealStatus::Won, 9),
            (DealStatus::OnHold, 1),
        ]) {
            d.status = status;
            d.updated_at = updated;
        }
        let ids = |s| -> Vec<u64> { off_board(&deals, s, None).iter().map(|d| d.id).collect() };
        assert_eq!(ids(DealStatus::Won), [3, 1]);
        assert_eq!(ids(DealStatus::Lost), [2]);
        assert_eq!(ids(DealStatus::OnHold), [4]);
    }
}
