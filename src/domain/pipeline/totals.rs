//! Sums of deal values, kept apart per currency.
//!
//! Kariz has no exchange rates (it works offline, and a rate picked today would silently rewrite
//! last month's numbers), so amounts in different currencies are never added: not IRR to USD, and
//! not even IRR to Toman, since a team that quotes in both wants to see both. A board column or
//! forecast row therefore shows one line per currency present, in [`Currency::ALL`] order
//! (IRR, Toman, USD, EUR), e.g. "120,000,000 Toman · 5,000 USD"; with a single currency, which is
//! the usual case, that is one plain number.

use crate::domain::{Currency, Money};

/// Count, total value and weighted value (value × probability) of some deals in one currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CurrencyTotal {
    pub currency: Currency,
    pub count: usize,
    pub total: u64,
    /// Σ value × probability ÷ 100, rounded half up once at the end (not per deal, so ten deals of
    /// 1 at 5% weigh 1, not 0).
    pub weighted: u64,
}

/// Accumulates deal values per currency.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValueTotals {
    /// (currency, count, total, Σ value × percent), in first-seen order.
    sums: Vec<(Currency, usize, u128, u128)>,
}

impl ValueTotals {
    /// No deals yet.
    pub fn new() -> ValueTotals {
        ValueTotals::default()
    }

    /// Counts one deal of `value` at `probability` percent (above 100 counts as 100).
    pub fn add(&mut self, value: Money, probability: u8) {
        let index = match self.sums.iter().position(|s| s.0 == value.currency) {
            Some(i) => i,
            None => {
                self.sums.push((value.currency, 0, 0, 0));
                self.sums.len() - 1
            }
        };
        let sum = &mut self.sums[index];
        sum.1 += 1;
        sum.2 += value.amount as u128;
        sum.3 += value.amount as u128 * probability.min(100) as u128;
    }

    /// Deals counted, all currencies together.
    pub fn count(&self) -> usize {
        self.sums.iter().map(|s| s.1).sum()
    }

    /// Whether no deal was counted.
    pub fn is_empty(&self) -> bool {
        self.sums.is_empty()
    }

    /// One line per currency counted, in [`Currency::ALL`] order.
    pub fn lines(&self) -> Vec<CurrencyTotal> {
        Currency::ALL
            .into_iter()
            .filter_map(|c| self.get(c))
            .collect()
    }

    /// The line for one currency, if any deal was in it.
    pub fn get(&self, currency: Currency) -> Option<CurrencyTotal> {
        let &(currency, count, total, weighted) = self.sums.iter().find(|s| s.0 == currency)?;
        // Saturating: only thousands of deals near the amount limit could pass u64.
        let narrow = |n: u128| u64::try_from(n).unwrap_or(u64::MAX);
        Some(CurrencyTotal {
            currency,
            count,
            total: narrow(total),
            weighted: narrow((weighted + 50) / 100),
        })
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn money(amount: u64, currency: Currency) -> Money {
        Money { amount, currency }
    }

    #[test]
    fn currencies_are_summed_apart_and_listed_in_fixed_order() {
        let mut totals = ValueTotals::new();
        totals.add(money(1_000, Currency::Usd), 50);
        totals.add(money(20_000_000, Currency::Irr), 10);
        totals.add(money(3_000, Currency::Usd), 25);
        assert_eq!(totals.count(), 3);
        assert_eq!(
            totals.lines(),
            vec![
                // 20,000,000 × 10% = 2,000,000.
                CurrencyTotal {
                    currency: Currency::Irr,
                    count: 1,
                    total: 20_000_000,
                    weighted: 2_000_000
                },
                // 1,000 × 50% + 3,000 × 25% = 500 + 750 = 1,250.
                CurrencyTotal {
                    currency: Currency::Usd,
                    count: 2,
                    total: 4_000,
                    weighted: 1_250
                },
            ]
        );
        assert_eq!(totals.get(Currency::Eur), None);
    }

    #[test]
    fn weighted_value_is_rounded_once_half_up() {
        let mut totals = ValueTotals::new();
        for _ in 0..10 {
            totals.add(money(1, Currency::Toman), 5);
        }
        // 10 × (1 × 5%) = 0.5, rounded half up to 1; per-deal rounding would give 0.
        assert_eq!(totals.get(Currency::Toman).unwrap().weighted, 1);
        let mut totals = ValueTotals::new();
        totals.add(money(149, Currency::Toman), 1);
        // 1.49 → 1.
        assert_eq!(totals.get(Currency::Toman).unwrap().weighted, 1);
        totals.add(money(1, Currency::Toman), 150);
        // 1.49 + 1.00 (probability capped at 100) = 2.49 → 2.
        assert_eq!(totals.get(Currency::Toman).unwrap().weighted, 2);
    }
}
