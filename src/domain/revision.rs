//! Which version of a record this is. Every stored record (lead, activity, deal, qualification,
//! rule state, settings document) carries a [`Revision`]: a change count, the device that made the
//! change, and the version it replaced. The store refuses a write whose `replaced` is not the
//! version it holds, so a change made from stale data (a form opened before another tab saved)
//! never overwrites silently.

use serde::{Deserialize, Serialize};

/// A browser profile that writes: drawn at random once per database and kept with it.
pub type DeviceId = u32;

/// One version of a record.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Rev {
    /// How many times the record was written; 0 for a record stored before revisions existed.
    pub number: u32,
    /// Who wrote this version (0 when unknown).
    pub device: DeviceId,
}

/// A record's version and the version it replaced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Revision {
    pub current: Rev,
    /// `None` for a record's first version.
    pub replaced: Option<Rev>,
}

impl Revision {
    /// The first version of a new record, written by `device`.
    pub fn first(device: DeviceId) -> Revision {
        Revision {
            current: Rev { number: 1, device },
            replaced: None,
        }
    }

    /// The version that replaces this one, written by `device`.
    pub fn next(self, device: DeviceId) -> Revision {
        Revision {
            current: Rev {
                number: self.current.number.saturating_add(1),
                device,
            },
            replaced: Some(self.current),
        }
    }

    /// Whether a write of `incoming` may replace a record stored at this revision: only one made
    /// from this very version.
    pub fn accepts(self, incoming: Revision) -> bool {
        incoming.replaced == Some(self.current)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn next_counts_up_and_remembers_what_it_replaced() {
        let first = Revision::first(7);
        let second = first.next(9);
        assert_eq!(
            second.current,
            Rev {
                number: 2,
                device: 9
            }
        );
        assert_eq!(
            second.replaced,
            Some(Rev {
                number: 1,
                device: 7
            })
        );
        assert!(first.accepts(second));
    }

    #[test]
    fn a_write_from_an_older_version_is_not_accepted() {
        let first = Revision::first(1);
        let mine = first.next(1);
        let theirs = first.next(2);
        assert!(!mine.accepts(theirs.next(1).next(1)));
        assert!(!theirs.accepts(mine));
        assert!(!first.accepts(Revision::first(3)));
    }
}
