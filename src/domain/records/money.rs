//! Amounts of money in the currencies Kariz's users quote in.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Currency {
    /// Iranian rial, the official unit.
    Irr,
    /// Toman = 10 rials, the unit most Iranians quote prices in.
    Toman,
    Usd,
    Eur,
}

impl Currency {
    pub const ALL: [Currency; 4] = [Currency::Irr, Currency::Toman, Currency::Usd, Currency::Eur];

    /// Stable code used in storage, CSV and translation keys.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Irr => "IRR",
            Currency::Toman => "TOMAN",
            Currency::Usd => "USD",
            Currency::Eur => "EUR",
        }
    }

    pub fn from_code(code: &str) -> Option<Currency> {
        Currency::ALL
            .into_iter()
            .find(|c| c.code().eq_ignore_ascii_case(code.trim()))
    }
}

/// A non-negative amount in whole units of its currency (budgets are estimates, not ledgers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub amount: u64,
    pub currency: Currency,
}
