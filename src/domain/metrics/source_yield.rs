//! Lead-source yield: per source, how many leads came in and how many of them got through each
//! step — qualified, converted to a deal, won — and the value won. Counts, not rates, so a
//! manager sees the funnel's shape: "10 leads → 1 sale" next to "8 → 6 → 4 → 2".
//!
//! Every step counts leads (a lead with two won deals is one won lead); the value is the sum of
//! its won deals, one amount per currency (amounts in different currencies are never added).

use std::collections::HashMap;

use crate::domain::pipeline::{Deal, DealStatus, ValueTotals};
use crate::domain::{Lead, LeadId, LeadSource, Money};

/// One source's funnel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceYield {
    pub source: LeadSource,
    pub leads: usize,
    /// Leads qualified (the qualification module decides).
    pub qualified: usize,
    /// Leads with at least one deal.
    pub deals: usize,
    /// Leads with at least one won deal.
    pub won: usize,
    /// Value of the won deals per currency, in [`Currency::ALL`](crate::domain::Currency::ALL)
    /// order.
    pub value: Vec<Money>,
}

/// A row for every source with at least one lead among `leads` (soft-deleted ones left out), in
/// [`LeadSource::ALL`] order. `deals` may hold deals of other leads; they are ignored.
pub fn source_yield<'a>(
    leads: impl IntoIterator<Item = &'a Lead>,
    deals: &[Deal],
    qualified: impl Fn(LeadId) -> bool,
) -> Vec<SourceYield> {
    let mut by_lead: HashMap<LeadId, Vec<&Deal>> = HashMap::new();
    for deal in deals {
        by_lead.entry(deal.lead).or_default().push(deal);
    }
    let mut rows: Vec<(SourceYield, ValueTotals)> = LeadSource::ALL
        .into_iter()
        .map(|source| {
            let row = SourceYield {
                source,
                leads: 0,
                qualified: 0,
                deals: 0,
                won: 0,
                value: Vec::new(),
            };
            (row, ValueTotals::new())
        })
        .collect();
    for lead in leads.into_iter().filter(|l| !l.is_deleted()) {
        let Some(slot) = LeadSource::ALL.iter().position(|&s| s == lead.source) else {
            continue;
        };
        let (row, value) = &mut rows[slot];
        row.leads += 1;
        row.qualified += usize::from(qualified(lead.id));
        let mine = by_lead.get(&lead.id).map_or(&[][..], Vec::as_slice);
        row.deals += usize::from(!mine.is_empty());
        let mut won = false;
        for deal in mine.iter().filter(|d| d.status == DealStatus::Won) {
            won = true;
            value.add(deal.value, 100);
        }
        row.won += usize::from(won);
    }
    rows.into_iter()
        .filter(|(row, _)| row.leads > 0)
        .map(|(mut row, value)| {
            row.value = value
                .lines()
                .into_iter()
                .map(|l| Money {
                    amount: l.total,
                    currency: l.currency,
                })
                .collect();
            row
        })
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::pipeline::deal::test_deal;
    use crate::domain::test_support::lead;
    use crate::domain::Currency;

    fn from(id: LeadId, source: LeadSource) -> Lead {
        Lead { source, ..lead(id) }
    }

    fn deal(id: u64, lead: LeadId, amount: u64, status: DealStatus) -> Deal {
        let mut d = test_deal(id, 1);
        d.lead = lead;
        d.value = Money {
            amount,
            currency: Currency::Toman,
        };
        d.status = status;
        d
    }

    /// The example: ten referrals → one sale against eight web-form leads → 6 → 4 → 2.
    #[test]
    fn golden_ten_to_one_against_eight_six_four_two() {
        let mut leads: Vec<Lead> = (1..=10).map(|id| from(id, LeadSource::Referral)).collect();
        leads.extend((11..=18).map(|id| from(id, LeadSource::WebForm)));
        let mut binned = from(19, LeadSource::WebForm);
        binned.deleted_at = Some(1);
        leads.push(binned);
        let deals = vec![
            // Referral: lead 1 won twice (one won lead, 300 + 200 = 500).
            deal(1, 1, 300, DealStatus::Won),
            deal(2, 1, 200, DealStatus::Won),
            // Web form: leads 11–14 have deals; 11 and 12 won 1,000 and 2,000; 13 lost; 14 open.
            deal(3, 11, 1_000, DealStatus::Won),
            deal(4, 12, 2_000, DealStatus::Won),
            deal(5, 13, 9_999, DealStatus::Lost),
            deal(6, 14, 9_999, DealStatus::Open),
            // The binned lead's win is not counted.
            deal(7, 19, 9_999, DealStatus::Won),
        ];
        // Referral: only lead 1 qualified; web form: 11–16 qualified.
        let qualified = |id: LeadId| id == 1 || (11..=16).contains(&id) || id == 19;
        let rows = source_yield(&leads, &deals, qualified);
        assert_eq!(
            rows,
            vec![
                SourceYield {
                    source: LeadSource::WebForm,
                    leads: 8,
                    qualified: 6,
                    deals: 4,
                    won: 2,
                    value: vec![Money {
                        amount: 3_000,
                        currency: Currency::Toman
                    }],
                },
                SourceYield {
                    source: LeadSource::Referral,
                    leads: 10,
                    qualified: 1,
                    deals: 1,
                    won: 1,
                    value: vec![Money {
                        amount: 500,
                        currency: Currency::Toman
                    }],
                },
            ]
        );
    }
}
