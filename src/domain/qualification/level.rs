//! The three levels a lead is qualified on, from the company down to the people.

use serde::{Deserialize, Serialize};

/// A level of qualification: is the company a fit, is there an opportunity, do the people line up.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum Level {
    /// The company: in our territory, matches the buyer persona.
    #[default]
    Organization,
    /// The opportunity: a challenge we solve, someone who would use it.
    Opportunity,
    /// The stakeholders: budget, who else decides, decision criteria.
    Stakeholder,
}

impl Level {
    /// Every level, in the order the lead page shows them.
    pub const ALL: [Level; 3] = [Level::Organization, Level::Opportunity, Level::Stakeholder];

    /// Stable snake_case key used in storage.
    pub fn key(self) -> &'static str {
        match self {
            Level::Organization => "organization",
            Level::Opportunity => "opportunity",
            Level::Stakeholder => "stakeholder",
        }
    }

    /// The level with this key.
    pub fn from_key(key: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.key() == key)
    }

    /// Translation key of the level's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Level::Organization => "qualification.level_organization",
            Level::Opportunity => "qualification.level_opportunity",
            Level::Stakeholder => "qualification.level_stakeholder",
        }
    }

    /// Position in [`Level::ALL`], for fixed-size per-level arrays.
    pub fn index(self) -> usize {
        self as usize
    }
}
