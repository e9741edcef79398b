//! Whether there is enough closed history to learn from, and if not, how much more is needed.

use serde::{Deserialize, Serialize};

/// Fewest won and fewest lost cases a model is trained on; below this the holdout would hold a
/// handful of cases and any probability would be noise dressed as a number.
pub const MIN_PER_OUTCOME: usize = 30;

/// Too little history: how many more won and lost outcomes are needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedsMore {
    pub won: usize,
    pub lost: usize,
    pub won_needed: usize,
    pub lost_needed: usize,
}

/// `Err` with what is missing when either outcome has fewer than `MIN_PER_OUTCOME` cases.
pub fn check_history(won: usize, lost: usize) -> Result<(), NeedsMore> {
    let won_needed = MIN_PER_OUTCOME.saturating_sub(won);
    let lost_needed = MIN_PER_OUTCOME.saturating_sub(lost);
    if won_needed == 0 && lost_needed == 0 {
        Ok(())
    } else {
        Err(NeedsMore {
            won,
            lost,
            won_needed,
            lost_needed,
        })
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn says_how_many_of_each_are_missing() {
        assert_eq!(
            check_history(12, 40),
            Err(NeedsMore {
                won: 12,
                lost: 40,
                won_needed: 18,
                lost_needed: 0
            })
        );
        assert_eq!(check_history(30, 30), Ok(()));
    }
}
