//! A rate kept as its two counts (3 of 4), so reports can show both the percentage and what it
//! rests on, and tests can check exact numbers.

/// `part` out of `whole`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rate {
    pub part: usize,
    pub whole: usize,
}

impl Rate {
    /// `part` out of `whole`.
    pub fn new(part: usize, whole: usize) -> Rate {
        Rate { part, whole }
    }

    /// The fraction (0.75 for 3 of 4); `None` when `whole` is 0, since nothing was measured.
    pub fn ratio(self) -> Option<f64> {
        (self.whole > 0).then(|| self.part as f64 / self.whole as f64)
    }

    /// The percentage (75.0 for 3 of 4); `None` when `whole` is 0.
    pub fn percent(self) -> Option<f64> {
        self.ratio().map(|r| r * 100.0)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn a_rate_of_nothing_is_unknown_not_zero() {
        assert_eq!(Rate::new(3, 4).percent(), Some(75.0));
        assert_eq!(Rate::new(0, 4).ratio(), Some(0.0));
        assert_eq!(Rate::new(0, 0).ratio(), None);
    }
}
