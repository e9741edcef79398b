//! Lead-source effectiveness: per source, how many leads came in, what share qualified, what
//! share was won, and the revenue won. Binned (soft-deleted) leads and their deals are left out,
//! as everywhere else in reports.

use std::collections::HashMap;

use super::rate::Rate;
use crate::domain::pipeline::{Deal, DealStatus, ValueTotals};
use crate::domain::{Lead, LeadId, LeadSource, Money};

/// One source's row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRow {
    pub source: LeadSource,
    pub leads: usize,
    /// Leads qualified out of the source's leads.
    pub qualified: Rate,
    /// Leads with at least one won deal out of the source's leads.
    pub won: Rate,
    /// Value of the won deals, one amount per currency in [`Currency::ALL`](crate::domain::Currency::ALL)
    /// order (never summed across currencies).
    pub revenue: Vec<Money>,
}

/// A row for every source with at least one lead, in [`LeadSource::ALL`] order. `qualified` says
/// whether a lead is qualified (the qualification module decides).
pub fn source_effectiveness(
    leads: &[Lead],
    deals: &[Deal],
    qualified: impl Fn(LeadId) -> bool,
) -> Vec<SourceRow> {
    let source_of: HashMap<LeadId, LeadSource> = leads
        .iter()
        .filter(|l| !l.is_deleted())
        .map(|l| (l.id, l.source))
        .collect();
    let mut won_deals: HashMap<LeadId, Vec<&Deal>> = HashMap::new();
    for deal in deals
        .iter()
        .filter(|d| d.status == DealStatus::Won && source_of.contains_key(&d.lead))
    {
        won_deals.entry(deal.lead).or_default().push(deal);
    }
    LeadSource::ALL
        .into_iter()
        .filter_map(|source| {
            let ids: Vec<LeadId> = leads
                .iter()
                .filter(|l| !l.is_deleted() && l.source == source)
                .map(|l| l.id)
                .collect();
            if ids.is_empty() {
                return None;
            }
            let mut revenue = ValueTotals::new();
            for deal in ids.iter().filter_map(|id| won_deals.get(id)).flatten() {
                revenue.add(deal.value, 100);
            }
            Some(SourceRow {
                source,
                leads: ids.len(),
                qualified: Rate::new(ids.iter().filter(|&&id| qualified(id)).count(), ids.len()),
                won: Rate::new(
                    ids.iter().filter(|id| won_deals.contains_key(id)).count(),
                    ids.len(),
                ),
                revenue: revenue
                    .lines()
                    .into_iter()
                    .map(|l| Money {
                        amount: l.total,
                        currency: l.currency,
                    })
                    .collect(),
            })
        })
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::pipeline::deal::test_deal;
    use crate::domain::{Currency, LeadForm};

    fn lead(id: LeadId, source: &str) -> Lead {
        LeadForm {
            name: format!("Lead {id}"),
            source: source.into(),
            ..LeadForm::default()
        }
        .validate()
        .unwrap()
        .into_new_lead(id, 0)
    }

    fn deal(id: u64, lead: LeadId, amount: u64, currency: Currency, status: DealStatus) -> Deal {
        let mut d = test_deal(id, 1);
        d.lead = lead;
        d.value = Money { amount, currency };
        d.status = status;
        d
    }

    #[test]
    fn golden_source_table() {
        let mut leads = vec![
            lead(1, "referral"),
            lead(2, "referral"),
            lead(3, "referral"),
            lead(4, "referral"),
            lead(5, "web_form"),
            lead(6, "web_form"),
            lead(7, "email"),
        ];
        leads[6].deleted_at = Some(1);
        let deals = vec![
            // Lead 1 won twice: one lead won, revenue of both.
            deal(1, 1, 1_000, Currency::Usd, DealStatus::Won),
            deal(2, 1, 500, Currency::Usd, DealStatus::Won),
            deal(3, 2, 20_000_000, Currency::Toman, DealStatus::Won),
            deal(4, 3, 9_999, Currency::Usd, DealStatus::Lost),
            deal(5, 5, 9_999, Currency::Usd, DealStatus::Open),
            // The binned lead's win is left out.
            deal(6, 7, 9_999, Currency::Usd, DealStatus::Won),
        ];
        let qualified = |id: LeadId| [1, 2, 3, 6].contains(&id);
        let rows = source_effectiveness(&leads, &deals, qualified);
        assert_eq!(
            rows,
            vec![
                // Web form: 2 leads, 1 qualified (50%), none won.
                SourceRow {
                    source: LeadSource::WebForm,
                    leads: 2,
                    qualified: Rate::new(1, 2),
                    won: Rate::new(0, 2),
                    revenue: vec![],
                },
                // Referral: 4 leads, 3 qualified (75%), 2 won (50%); 20,000,000 Toman and
                // 1,000 + 500 = 1,500 USD, kept apart.
                SourceRow {
                    source: LeadSource::Referral,
                    leads: 4,
                    qualified: Rate::new(3, 4),
                    won: Rate::new(2, 4),
                    revenue: vec![
                        Money {
                            amount: 20_000_000,
                            currency: Currency::Toman
                        },
                        Money {
                            amount: 1_500,
                            currency: Currency::Usd
                        },
                    ],
                },
            ]
        );
    }
}
