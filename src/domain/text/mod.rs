//! Text and numbers as people type them: Persian and Arabic digits, letter forms folded for
//! comparison, numbers to a tenth, and the one sort the app shares.

pub mod digits;
pub mod sort;
pub mod tenths;
pub mod text_fold;
