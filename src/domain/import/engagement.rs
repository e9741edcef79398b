//! Counts another CRM kept about a lead — "Marketing emails opened: 5", "Number of Pageviews:
//! 40" — imported as activities of the matching kind, so a lead's engagement score starts from
//! its history instead of zero. The CRM keeps no dates for the events it counted, so each one is
//! dated at the import and notes the column and the exact count it came from.

use crate::domain::validation::{parse_whole_number, Problem};
use crate::domain::ActivityKind;

/// Activities one count cell adds at most. Engagement points stop rising long before this (every
/// engagement group has a cap), and a "Number of Pageviews" in the thousands must not turn one
/// row into thousands of records; the activities still note the exact count.
pub const MAX_ACTIVITIES_PER_COUNT: u32 = 50;

/// One count cell of a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EngagementCount {
    pub kind: ActivityKind,
    pub count: u32,
    /// The column's header, kept in the activities' notes.
    pub column: String,
}

impl EngagementCount {
    /// How many activities this count adds to a lead that already has `existing` activities of
    /// its kind: the count (up to [`MAX_ACTIVITIES_PER_COUNT`]) less what is there, so importing
    /// the same file again into the same lead adds nothing.
    pub fn missing(&self, existing: usize) -> u32 {
        let wanted = self.count.min(MAX_ACTIVITIES_PER_COUNT);
        wanted.saturating_sub(u32::try_from(existing).unwrap_or(u32::MAX))
    }

    /// The notes of each activity the count adds: "Marketing emails opened: 5".
    pub fn note(&self) -> String {
        format!("{}: {}", self.column, self.count)
    }
}

/// Joins the counts of a row that turned out to be the same person as another row: per kind the
/// larger count (one CRM exporting a person twice counts the same events twice, not new ones).
pub fn merge_counts(into: &mut Vec<EngagementCount>, other: &[EngagementCount]) {
    for count in other {
        match into.iter_mut().find(|c| c.kind == count.kind) {
            Some(mine) if mine.count >= count.count => {}
            Some(mine) => *mine = count.clone(),
            None => into.push(count.clone()),
        }
    }
}

/// A count cell: a whole number as people type it (Persian digits and thousands separators
/// included), or a whole number with a zero fraction ("5.0", as some CRMs export numbers); empty
/// means zero. Anything else is the problem with it.
pub fn parse_count(cell: &str) -> Result<u32, Problem> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Ok(0);
    }
    let whole = match cell.split_once(['.', '٫']) {
        Some((whole, fraction))
            if !fraction.is_empty()
                && fraction.chars().all(|c| c == '0' || c == '۰' || c == '٠') =>
        {
            whole
        }
        _ => cell,
    };
    parse_whole_number(whole, u64::from(u32::MAX)).map(|n| n as u32)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn counts_read_as_people_and_crms_write_them() {
        assert_eq!(parse_count(""), Ok(0));
        assert_eq!(parse_count(" 7 "), Ok(7));
        assert_eq!(parse_count("۱۲"), Ok(12));
        assert_eq!(parse_count("1,200"), Ok(1_200));
        assert_eq!(parse_count("5.0"), Ok(5));
        assert_eq!(parse_count("۵٫۰"), Ok(5));
        assert_eq!(parse_count("2.5"), Err(Problem::NotANumber));
        assert_eq!(parse_count("many"), Err(Problem::NotANumber));
        assert_eq!(parse_count("-3"), Err(Problem::Negative));
        assert_eq!(parse_count("99999999999"), Err(Problem::TooLarge));
    }

    #[test]
    fn a_count_adds_what_the_lead_lacks_up_to_the_cap() {
        let opened = EngagementCount {
            kind: ActivityKind::EmailOpened,
            count: 5,
            column: "Marketing emails opened".to_owned(),
        };
        assert_eq!(opened.missing(0), 5);
        assert_eq!(opened.missing(2), 3);
        assert_eq!(
            opened.missing(5),
            0,
            "the same file imported again adds nothing"
        );
        assert_eq!(opened.missing(9), 0);
        assert_eq!(opened.note(), "Marketing emails opened: 5");
        let views = EngagementCount {
            kind: ActivityKind::SiteVisit,
            count: 350,
            column: "Number of Pageviews".to_owned(),
        };
        assert_eq!(views.missing(0), MAX_ACTIVITIES_PER_COUNT);
        assert_eq!(
            views.note(),
            "Number of Pageviews: 350",
            "the exact count is kept"
        );
    }

    #[test]
    fn the_same_person_twice_keeps_the_larger_count_per_kind() {
        let count = |kind, count| EngagementCount {
            kind,
            count,
            column: format!("{kind:?}"),
        };
        let mut first = vec![
            count(ActivityKind::EmailOpened, 5),
            count(ActivityKind::Call, 1),
        ];
        merge_counts(
            &mut first,
            &[
                count(ActivityKind::EmailOpened, 3),
                count(ActivityKind::Call, 4),
                count(ActivityKind::SiteVisit, 9),
            ],
        );
        assert_eq!(
            first,
            [
                count(ActivityKind::EmailOpened, 5),
                count(ActivityKind::Call, 4),
                count(ActivityKind::SiteVisit, 9)
            ]
        );
    }

    proptest! {
        #[test]
        fn every_whole_number_reads_back(n in 0u32..=u32::MAX) {
            prop_assert_eq!(parse_count(&n.to_string()), Ok(n));
        }

        #[test]
        fn never_more_than_the_cap_and_never_past_the_count(count in 0u32..10_000, existing in 0usize..10_000) {
            let c = EngagementCount { kind: ActivityKind::Call, count, column: String::new() };
            let added = c.missing(existing);
            prop_assert!(added <= MAX_ACTIVITIES_PER_COUNT);
            prop_assert!(added as usize + existing >= (count.min(MAX_ACTIVITIES_PER_COUNT)) as usize);
        }
    }
}
