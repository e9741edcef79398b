//! What the Leads table asks for: search text, filters and a sort column.

use crate::domain::{JourneyStage, LeadSource};

/// A column the table can be sorted by; creation date by default (the table opens newest first).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SortKey {
    Name,
    Company,
    Owner,
    Source,
    Stage,
    #[default]
    CreatedAt,
    UpdatedAt,
}

impl SortKey {
    /// Every sort key, in column order.
    pub const ALL: [SortKey; 7] = [
        SortKey::Name,
        SortKey::Company,
        SortKey::Owner,
        SortKey::Source,
        SortKey::Stage,
        SortKey::CreatedAt,
        SortKey::UpdatedAt,
    ];

    /// Stable snake_case key, for URLs and saved settings.
    pub fn key(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Company => "company",
            SortKey::Owner => "owner",
            SortKey::Source => "source",
            SortKey::Stage => "stage",
            SortKey::CreatedAt => "created_at",
            SortKey::UpdatedAt => "updated_at",
        }
    }

    /// The sort key with this key.
    pub fn from_key(key: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.key() == key)
    }

    /// The direction a column sorts in when first chosen: dates newest first, everything else A→Z
    /// (as clicking a column header does in most CRMs).
    pub fn starts_descending(self) -> bool {
        matches!(self, SortKey::CreatedAt | SortKey::UpdatedAt)
    }
}

/// The search box, the filters and the sort order of the Leads table.
#[derive(Clone, Debug, PartialEq)]
pub struct LeadQuery {
    /// Words that must all appear in the name, company, e-mail or phone (see
    /// [`SearchQuery`](super::SearchQuery)).
    pub text: String,
    pub source: Option<LeadSource>,
    /// Exact owner, as listed by [`owners`](super::owners); `Some("")` picks leads without an
    /// owner.
    pub owner: Option<String>,
    pub stage: Option<JourneyStage>,
    pub sort: SortKey,
    pub descending: bool,
}

impl Default for LeadQuery {
    /// Everything, newest first.
    fn default() -> LeadQuery {
        LeadQuery {
            text: String::new(),
            source: None,
            owner: None,
            stage: None,
            sort: SortKey::default(),
            descending: true,
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn text_columns_start_a_to_z_and_dates_newest_first() {
        assert!(!SortKey::Name.starts_descending());
        assert!(!SortKey::Company.starts_descending());
        assert!(SortKey::CreatedAt.starts_descending());
        assert_eq!(
            LeadQuery::default().descending,
            LeadQuery::default().sort.starts_descending()
        );
    }

    #[test]
    fn sort_keys_round_trip() {
        for key in SortKey::ALL {
            assert_eq!(SortKey::from_key(key.key()), Some(key));
        }
        assert_eq!(SortKey::CreatedAt.key(), "created_at");
        assert_eq!(SortKey::from_key("price"), None);
        assert_eq!(SortKey::default(), SortKey::CreatedAt);
    }
}
