//! What the learner reads: a table of closed cases, one column per field (lead fields, custom
//! fields from a CSV, engagement counts), each row with its outcome and when it closed.

use serde::{Deserialize, Serialize};

/// One cell: a number (binned later), a text value (a category), or nothing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FieldValue {
    Missing,
    Text(String),
    Number(f64),
}

impl FieldValue {
    /// A cell from text as a user or a CSV gives it: empty, "Select" (a form's unchosen
    /// placeholder) and "N/A" are missing; a plain decimal number is a number; the rest is text.
    pub fn parse(cell: &str) -> FieldValue {
        let cell = cell.trim();
        if cell.is_empty()
            || cell.eq_ignore_ascii_case("select")
            || cell.eq_ignore_ascii_case("n/a")
            || cell.eq_ignore_ascii_case("na")
        {
            return FieldValue::Missing;
        }
        match cell.parse::<f64>() {
            Ok(n) if n.is_finite() => FieldValue::Number(n),
            _ => FieldValue::Text(cell.to_string()),
        }
    }
}

/// A cell borrowed from where its value lives: what ranking many leads reads, so that no text is
/// copied per lead.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cell<'a> {
    Missing,
    Text(&'a str),
    Number(f64),
}

impl FieldValue {
    pub fn as_cell(&self) -> Cell<'_> {
        match self {
            FieldValue::Missing => Cell::Missing,
            FieldValue::Text(t) => Cell::Text(t),
            FieldValue::Number(n) => Cell::Number(*n),
        }
    }
}

impl Cell<'_> {
    pub fn to_value(self) -> FieldValue {
        match self {
            Cell::Missing => FieldValue::Missing,
            Cell::Text(t) => FieldValue::Text(t.to_string()),
            Cell::Number(n) => FieldValue::Number(n),
        }
    }
}

/// One closed case.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// One value per column of the dataset, in its order.
    pub values: Vec<FieldValue>,
    pub won: bool,
    /// When the outcome was known (ms); the newest cases form the holdout.
    pub closed_at: i64,
    /// The hand-set model's total for the case, to rank it on the same holdout.
    pub hand_score: Option<f64>,
}

/// Closed cases with named columns.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dataset {
    /// Column names: a lead field key, `custom:<name>`, or an engagement key.
    pub columns: Vec<String>,
    pub examples: Vec<Example>,
}

impl Dataset {
    /// How many cases were won and how many lost.
    pub fn outcome_counts(&self) -> (usize, usize) {
        let won = self.examples.iter().filter(|e| e.won).count();
        (won, self.examples.len() - won)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_missing_and_numbers_are_numbers() {
        for cell in ["", "  ", "Select", "select", "N/A", "n/a"] {
            assert_eq!(FieldValue::parse(cell), FieldValue::Missing, "{cell:?}");
        }
        assert_eq!(FieldValue::parse(" 12.5 "), FieldValue::Number(12.5));
        assert_eq!(
            FieldValue::parse("Google"),
            FieldValue::Text("Google".into())
        );
        assert_eq!(FieldValue::parse("inf"), FieldValue::Text("inf".into()));
    }
}
