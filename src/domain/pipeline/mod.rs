//! The sales pipeline: stages, deals, the board, and every way a deal moves through them.

pub mod board;
pub mod conversion;
pub mod deal;
pub mod deal_book;
pub mod deal_form;
pub mod moves;
pub mod stage;
pub mod stage_delete;
pub mod totals;

pub use board::{board, board_top, off_board, sorted_owners, BoardCard, BoardColumn};
pub use conversion::{convert, ConversionError};
pub use deal::{Deal, DealId, DealStatus, Reason, StageEntry, MAX_REASON_CHARS};
pub use deal_book::DealBook;
pub use deal_form::{
    parse_probability, DealField, DealFieldError, DealFields, DealForm, DealProblem,
};
pub use moves::{apply_move, is_stale, remove_stale, stale_deals, DealMove, MoveError};
pub use stage::{PipelineConfig, StageConfig, StageId, StageProblem};
pub use stage_delete::{delete_stage, StageDeleteError, StageDeletion};
pub use totals::{CurrencyTotal, ValueTotals};

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::i18n::{t, Lang};

    /// Every message and label this module's enums name exists in English and Persian.
    #[test]
    fn every_key_the_pipeline_emits_is_translated() {
        let mut keys: Vec<&str> = Vec::new();
        keys.extend(DealStatus::ALL.map(DealStatus::label_key));
        keys.extend(Reason::Stale.label_key());
        keys.extend(DealField::ALL.map(DealField::label_key));
        keys.extend(
            [
                DealProblem::Required,
                DealProblem::NotANumber,
                DealProblem::Negative,
                DealProblem::TooLarge,
                DealProblem::TooLong,
                DealProblem::UnknownOption,
                DealProblem::InvalidDate,
                DealProblem::NoSuchDay,
                DealProblem::ProbabilityOutOfRange,
                DealProblem::CloseBeforeCreation,
            ]
            .map(DealProblem::label_key),
        );
        keys.extend(
            [
                StageProblem::NoOpenStages,
                StageProblem::DuplicateId(1),
                StageProblem::EmptyName(1),
                StageProblem::NameTooLong(1),
                StageProblem::DuplicateName(1),
                StageProblem::ProbabilityOutOfRange(1),
                StageProblem::RottingDaysTooLarge(1),
            ]
            .map(StageProblem::key),
        );
        keys.extend(
            [
                ConversionError::NeedsOverrideReason,
                ConversionError::OverrideReasonTooLong,
                ConversionError::LeadDeleted,
                ConversionError::NoStages,
            ]
            .map(ConversionError::label_key),
        );
        keys.extend(
            [
                MoveError::UnknownStage,
                MoveError::NotOpen,
                MoveError::AlreadyClosed,
                MoveError::AlreadyOpen,
                MoveError::ReasonRequired,
                MoveError::ReasonTooLong,
            ]
            .map(MoveError::label_key),
        );
        keys.extend(
            [
                StageDeleteError::UnknownStage,
                StageDeleteError::LastStage,
                StageDeleteError::TargetRequired(2),
                StageDeleteError::InvalidTarget,
            ]
            .map(StageDeleteError::label_key),
        );
        for lang in Lang::ALL {
            for key in &keys {
                assert_ne!(t(lang, key), *key, "{lang:?} lacks {key}");
            }
        }
    }
}
