//! The stages a deal moves through, as the team configures them: names in both languages, order,
//! the default win probability of a deal in the stage, and how long a deal may sit there before it
//! counts as stale ("rotting"). Closing outcomes (won, lost, on hold) are statuses, not stages, so
//! every configured stage is an open stage and a board column.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// Identifies a stage; kept when a stage is renamed or reordered, so histories stay meaningful.
pub type StageId = u32;

/// Most characters in a stage name.
pub const MAX_STAGE_NAME_CHARS: usize = 60;

/// Most rotting days a stage may have (ten years: more is a typo, and 0 already means "never").
pub const MAX_ROTTING_DAYS: u32 = 3_650;

/// The shipped stages, also the configuration of a fresh install.
const DEFAULT_STAGES: &str = include_str!("../../../data/default_stages.json");

/// One stage of the pipeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageConfig {
    pub id: StageId,
    pub name_en: String,
    pub name_fa: String,
    /// Position on the board, smallest first; ties fall back to the id.
    pub order: u32,
    /// Default win probability (percent, 0–100) of a deal in this stage.
    pub probability: u8,
    /// Days a deal may stay in this stage before it is stale; 0 means it never goes stale.
    #[serde(default)]
    pub rotting_days: u32,
}

impl StageConfig {
    /// The name to show: the Persian one when `persian`, else the English one, each falling back
    /// to the other when left empty (a team may name stages in one language only).
    pub fn name(&self, persian: bool) -> &str {
        let (first, second) = if persian {
            (&self.name_fa, &self.name_en)
        } else {
            (&self.name_en, &self.name_fa)
        };
        if first.trim().is_empty() {
            second
        } else {
            first
        }
    }
}

/// The whole stage configuration, stored as one record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PipelineConfig {
    pub stages: Vec<StageConfig>,
}

impl Default for PipelineConfig {
    fn default() -> PipelineConfig {
        PipelineConfig::default_stages()
    }
}

/// What is wrong with a stage configuration; each names the stage it is about, so the settings
/// screen can mark the row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StageProblem {
    /// There is no stage at all, so no deal could be placed anywhere.
    NoOpenStages,
    /// Two stages share an id (a corrupted or hand-edited record).
    DuplicateId(StageId),
    /// The stage has no name in either language.
    EmptyName(StageId),
    /// A name is longer than [`MAX_STAGE_NAME_CHARS`].
    NameTooLong(StageId),
    /// The stage's name (in either language, ignoring case and surrounding space) is already used
    /// by an earlier stage.
    DuplicateName(StageId),
    /// The default probability is above 100.
    ProbabilityOutOfRange(StageId),
    /// The rotting days are above [`MAX_ROTTING_DAYS`].
    RottingDaysTooLarge(StageId),
}

impl StageProblem {
    /// Translation key of the message; `{stage}` in it is the stage's name.
    pub fn key(self) -> &'static str {
        match self {
            StageProblem::NoOpenStages => "stage_problem.no_open_stages",
            StageProblem::DuplicateId(_) => "stage_problem.duplicate_id",
            StageProblem::EmptyName(_) => "stage_problem.empty_name",
            StageProblem::NameTooLong(_) => "stage_problem.name_too_long",
            StageProblem::DuplicateName(_) => "stage_problem.duplicate_name",
            StageProblem::ProbabilityOutOfRange(_) => "stage_problem.probability_out_of_range",
            StageProblem::RottingDaysTooLarge(_) => "stage_problem.rotting_days_too_large",
        }
    }

    /// The stage the problem is about, if it is about one.
    pub fn stage(self) -> Option<StageId> {
        match self {
            StageProblem::NoOpenStages => None,
            StageProblem::DuplicateId(id)
            | StageProblem::EmptyName(id)
            | StageProblem::NameTooLong(id)
            | StageProblem::DuplicateName(id)
            | StageProblem::ProbabilityOutOfRange(id)
            | StageProblem::RottingDaysTooLarge(id) => Some(id),
        }
    }
}

impl PipelineConfig {
    /// Prospecting, Qualification, Contact, Nurture, Negotiation, Close, from
    /// `data/default_stages.json`.
    pub fn default_stages() -> PipelineConfig {
        let stages =
            serde_json::from_str(DEFAULT_STAGES).expect("default_stages.json is valid (tested)");
        PipelineConfig { stages }
    }

    /// Every problem of the configuration, in stage display order; empty means it can be saved.
    pub fn problems(&self) -> Vec<StageProblem> {
        if self.stages.is_empty() {
            return vec![StageProblem::NoOpenStages];
        }
        let mut problems = Vec::new();
        let mut ids = HashMap::new();
        let mut names: HashMap<(bool, String), StageId> = HashMap::new();
        for stage in self.ordered() {
            if ids.insert(stage.id, ()).is_some() {
                problems.push(StageProblem::DuplicateId(stage.id));
            }
            let typed = [(false, &stage.name_en), (true, &stage.name_fa)];
            if typed.iter().all(|(_, n)| n.trim().is_empty()) {
                problems.push(StageProblem::EmptyName(stage.id));
            }
            if typed
                .iter()
                .any(|(_, n)| n.trim().chars().count() > MAX_STAGE_NAME_CHARS)
            {
                problems.push(StageProblem::NameTooLong(stage.id));
            }
            let mut duplicate = false;
            for (persian, name) in typed {
                let folded = name.trim().to_lowercase();
                if !folded.is_empty() && names.insert((persian, folded), stage.id).is_some() {
                    duplicate = true;
                }
            }
            if duplicate {
                problems.push(StageProblem::DuplicateName(stage.id));
            }
            if stage.probability > 100 {
                problems.push(StageProblem::ProbabilityOutOfRange(stage.id));
            }
            if stage.rotting_days > MAX_ROTTING_DAYS {
                problems.push(StageProblem::RottingDaysTooLarge(stage.id));
            }
        }
        problems
    }

    /// The configuration if it has no problems, else all of them (see [`PipelineConfig::problems`]).
    pub fn validate(&self) -> Result<(), Vec<StageProblem>> {
        let problems = self.problems();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// Stages in board order (by `order`, then id).
    pub fn ordered(&self) -> Vec<&StageConfig> {
        let mut stages: Vec<&StageConfig> = self.stages.iter().collect();
        crate::domain::text::sort::sort_by_key(&mut stages, |s| (s.order, s.id));
        stages
    }

    /// The stage with this id.
    pub fn stage(&self, id: StageId) -> Option<&StageConfig> {
        self.stages.iter().find(|s| s.id == id)
    }

    /// Where a stage sits in board order (0 = first column), if it exists.
    pub fn position(&self, id: StageId) -> Option<usize> {
        self.ordered().iter().position(|s| s.id == id)
    }

    /// The stage new deals start in: the first in board order.
    pub fn first_stage(&self) -> Option<&StageConfig> {
        self.ordered().into_iter().next()
    }

    /// An id no stage has yet, for a stage being added.
    pub fn next_id(&self) -> StageId {
        self.stages.iter().map(|s| s.id).max().unwrap_or(0) + 1
    }

    /// Default probability of a stage; 0 for a stage that no longer exists.
    pub fn probability(&self, id: StageId) -> u8 {
        self.stage(id).map_or(0, |s| s.probability.min(100))
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn stage(id: StageId, en: &str, fa: &str, order: u32) -> StageConfig {
        StageConfig {
            id,
            name_en: en.into(),
            name_fa: fa.into(),
            order,
            probability: 50,
            rotting_days: 10,
        }
    }

    #[test]
    fn the_default_stages_are_the_six_of_the_issue_and_valid() {
        let config = PipelineConfig::default_stages();
        assert_eq!(config.validate(), Ok(()));
        let names: Vec<&str> = config.ordered().iter().map(|s| s.name(false)).collect();
        assert_eq!(
            names,
            [
                "Prospecting",
                "Qualification",
                "Contact",
                "Nurture (meetings, demo, pricing)",
                "Negotiation",
                "Close"
            ]
        );
        let probabilities: Vec<u8> = config.ordered().iter().map(|s| s.probability).collect();
        assert_eq!(probabilities, [10, 20, 30, 50, 70, 90]);
        let rotting: Vec<u32> = config.ordered().iter().map(|s| s.rotting_days).collect();
        assert_eq!(rotting, [14, 14, 10, 21, 14, 7]);
        assert_eq!(config.stage(3).unwrap().name(true), "تماس");
        assert_eq!(config.first_stage().unwrap().id, 1);
        assert_eq!(config.next_id(), 7);
    }

    #[test]
    fn no_stages_is_refused() {
        let config = PipelineConfig { stages: vec![] };
        assert_eq!(config.validate(), Err(vec![StageProblem::NoOpenStages]));
    }

    #[test]
    fn duplicate_names_are_refused_in_either_language_ignoring_case() {
        let config = PipelineConfig {
            stages: vec![
                stage(1, "Demo", "دمو", 1),
                stage(2, " demo ", "نمایش", 2),
                stage(3, "Pricing", "دمو", 3),
                stage(4, "Close", "", 4),
            ],
        };
        assert_eq!(
            config.validate(),
            Err(vec![
                StageProblem::DuplicateName(2),
                StageProblem::DuplicateName(3)
            ])
        );
    }

    #[test]
    fn each_row_problem_names_its_stage() {
        let mut bad = stage(2, "", " ", 2);
        bad.probability = 101;
        bad.rotting_days = 3_651;
        let config = PipelineConfig {
            stages: vec![
                stage(1, &"x".repeat(61), "", 1),
                bad,
                stage(1, "Other", "", 3),
            ],
        };
        assert_eq!(
            config.problems(),
            vec![
                StageProblem::NameTooLong(1),
                StageProblem::EmptyName(2),
                StageProblem::ProbabilityOutOfRange(2),
                StageProblem::RottingDaysTooLarge(2),
                StageProblem::DuplicateId(1),
            ]
        );
        assert_eq!(StageProblem::EmptyName(2).stage(), Some(2));
        assert_eq!(StageProblem::NoOpenStages.stage(), None);
    }

    #[test]
    fn board_order_is_by_order_then_id_and_names_fall_back() {
        let config = PipelineConfig {
            stages: vec![
                stage(5, "B", "", 2),
                stage(9, "", "ب", 1),
                stage(3, "A", "الف", 2),
            ],
        };
        let ids: Vec<StageId> = config.ordered().iter().map(|s| s.id).collect();
        assert_eq!(ids, [9, 3, 5]);
        assert_eq!(config.position(5), Some(2));
        assert_eq!(config.stage(9).unwrap().name(false), "ب");
        assert_eq!(config.stage(5).unwrap().name(true), "B");
    }

    #[test]
    fn a_config_survives_json_and_an_old_record_without_rotting_days_reads() {
        let config = PipelineConfig::default_stages();
        let json = serde_json::to_string(&config).unwrap();
        assert_eq!(
            serde_json::from_str::<PipelineConfig>(&json).unwrap(),
            config
        );
        let old = r#"{"stages":[{"id":1,"name_en":"A","name_fa":"","order":1,"probability":5}]}"#;
        assert_eq!(
            serde_json::from_str::<PipelineConfig>(old).unwrap().stages[0].rotting_days,
            0
        );
    }
}
