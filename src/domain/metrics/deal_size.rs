//! Average deal size: the mean value of won deals, per currency (amounts in different currencies
//! are never mixed).

use crate::domain::pipeline::{Deal, DealStatus};
use crate::domain::Currency;

/// The average won deal in one currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DealSize {
    pub currency: Currency,
    /// Won deals in the currency.
    pub deals: usize,
    /// Their mean value, rounded half up to a whole unit.
    pub average: u64,
}

/// The mean value of the won deals in `currency`; `None` if none was won.
pub fn average_deal_size(deals: &[Deal], currency: Currency) -> Option<DealSize> {
    let values: Vec<u64> = deals
        .iter()
        .filter(|d| d.status == DealStatus::Won && d.value.currency == currency)
        .map(|d| d.value.amount)
        .collect();
    if values.is_empty() {
        return None;
    }
    let n = values.len() as u128;
    let sum: u128 = values.iter().map(|&v| v as u128).sum();
    Some(DealSize {
        currency,
        deals: values.len(),
        average: ((2 * sum + n) / (2 * n)) as u64,
    })
}

/// [`average_deal_size`] for every currency that has a won deal, in [`Currency::ALL`] order.
pub fn average_deal_sizes(deals: &[Deal]) -> Vec<DealSize> {
    Currency::ALL
        .into_iter()
        .filter_map(|c| average_deal_size(deals, c))
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::pipeline::deal::test_deal;
    use crate::domain::Money;

    fn deal(amount: u64, currency: Currency, status: DealStatus) -> Deal {
        let mut d = test_deal(1, 1);
        d.value = Money { amount, currency };
        d.status = status;
        d
    }

    #[test]
    fn golden_average_of_won_deals_per_currency() {
        let deals = vec![
            deal(1_000, Currency::Usd, DealStatus::Won),
            deal(2_000, Currency::Usd, DealStatus::Won),
            deal(4_000, Currency::Usd, DealStatus::Won),
            deal(99_999, Currency::Usd, DealStatus::Lost),
            deal(99_999, Currency::Usd, DealStatus::Open),
            deal(10, Currency::Toman, DealStatus::Won),
            deal(15, Currency::Toman, DealStatus::Won),
        ];
        // USD: (1,000 + 2,000 + 4,000) / 3 = 2,333.33 → 2,333. Toman: 25 / 2 = 12.5 → 13.
        assert_eq!(
            average_deal_sizes(&deals),
            vec![
                DealSize {
                    currency: Currency::Toman,
                    deals: 2,
                    average: 13
                },
                DealSize {
                    currency: Currency::Usd,
                    deals: 3,
                    average: 2_333
                },
            ]
        );
        assert_eq!(average_deal_size(&deals, Currency::Eur), None);
    }
}
