//! Turns a row of field values into one feature per column, learned from the training rows
//! without any setup: numbers cut into quantile bins, text values kept when common enough and
//! pooled into "other" when rare, a missing value its own feature, id-like columns ignored.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::dataset::{Cell, Example, FieldValue};

/// At most this many bins per numeric column (quantile edges, repeats merged).
pub const MAX_BINS: usize = 5;

/// How one column becomes a feature.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ColumnCode {
    /// Every value numeric: bin `i` holds `edges[i-1] <= x < edges[i]`.
    Numeric { edges: Vec<f64> },
    /// Text (or mixed): the values seen at least the minimum count, sorted.
    Categorical { values: Vec<String> },
    /// A distinct value in every row (an id): says nothing about other rows.
    Ignored,
}

/// One column's code and where its features start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EncodedColumn {
    pub name: String,
    pub code: ColumnCode,
    /// Index of the column's first feature (its "missing" feature).
    pub offset: usize,
}

/// What one feature stands for, to explain it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Bucket {
    Missing,
    /// A rare or unseen text value.
    Other,
    Value(String),
    /// `min <= x < max`; an open end is `None`.
    Range {
        min: Option<f64>,
        max: Option<f64>,
    },
}

/// The fitted encoder.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Encoder {
    pub columns: Vec<EncodedColumn>,
    /// Total number of features.
    pub width: usize,
}

impl ColumnCode {
    /// Features of this column: missing, then other/bins/values.
    fn width(&self) -> usize {
        match self {
            ColumnCode::Numeric { edges } => 1 + edges.len() + 1,
            ColumnCode::Categorical { values } => 2 + values.len(),
            ColumnCode::Ignored => 0,
        }
    }

    /// Position of `value` within the column's features.
    fn position(&self, value: Cell) -> usize {
        match (self, value) {
            (_, Cell::Missing) => 0,
            (ColumnCode::Numeric { edges }, Cell::Number(x)) => {
                1 + edges.partition_point(|edge| *edge <= x)
            }
            // A text cell in a numeric column (only possible in rows not seen in training).
            (ColumnCode::Numeric { .. }, Cell::Text(_)) => 0,
            (ColumnCode::Categorical { values }, value) => {
                let text = text_of(value);
                match values.binary_search_by(|v| v.as_str().cmp(&text)) {
                    Ok(i) => 2 + i,
                    Err(_) => 1,
                }
            }
            (ColumnCode::Ignored, _) => 0,
        }
    }

    fn bucket(&self, position: usize) -> Bucket {
        match self {
            _ if position == 0 => Bucket::Missing,
            ColumnCode::Numeric { edges } => Bucket::Range {
                min: edges.get(position.wrapping_sub(2)).copied(),
                max: edges.get(position - 1).copied(),
            },
            ColumnCode::Categorical { values } => match position {
                1 => Bucket::Other,
                _ => Bucket::Value(values[position - 2].clone()),
            },
            ColumnCode::Ignored => Bucket::Missing,
        }
    }
}

/// A cell as a category: text trimmed and in lower case, a number as written.
fn text_of(value: Cell<'_>) -> Cow<'_, str> {
    match value {
        Cell::Text(t) => lowercase(t.trim()),
        Cell::Number(n) => Cow::Owned(n.to_string()),
        Cell::Missing => Cow::Borrowed(""),
    }
}

/// `text.to_lowercase()`, borrowed when that changes nothing (Persian text, and most of what a
/// lead's fields hold once seen), so ranking many leads copies no text. ASCII and the Arabic
/// block (which has no case) are checked without Unicode's case tables.
pub(super) fn lowercase(text: &str) -> Cow<'_, str> {
    let unchanged = text.chars().all(|c| match c {
        _ if c.is_ascii() => !c.is_ascii_uppercase(),
        '\u{0600}'..='\u{06FF}' => true,
        _ => {
            let mut lower = c.to_lowercase();
            lower.next() == Some(c) && lower.next().is_none()
        }
    });
    if unchanged {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.to_lowercase())
    }
}

impl Encoder {
    /// Learns each column's code from the training rows. A text value seen fewer than
    /// `min_value_count` times is pooled into "other".
    pub fn fit(columns: &[String], rows: &[&Example], min_value_count: usize) -> Encoder {
        let mut offset = 0;
        let mut encoded = Vec::with_capacity(columns.len());
        for (c, name) in columns.iter().enumerate() {
            let code = fit_column(rows.iter().map(|row| &row.values[c]), min_value_count);
            let width = code.width();
            encoded.push(EncodedColumn {
                name: name.clone(),
                code,
                offset,
            });
            offset += width;
        }
        Encoder {
            columns: encoded,
            width: offset,
        }
    }

    /// The row's features, one per column that is not ignored.
    pub fn encode(&self, values: &[FieldValue]) -> Vec<u32> {
        self.features(values.iter().map(FieldValue::as_cell))
            .map(|f| f as u32)
            .collect()
    }

    /// The features of a row of cells in column order, one per column that is not ignored.
    pub fn features<'a>(
        &'a self,
        cells: impl IntoIterator<Item = Cell<'a>> + 'a,
    ) -> impl Iterator<Item = usize> + 'a {
        self.columns
            .iter()
            .zip(cells)
            .filter(|(column, _)| column.code != ColumnCode::Ignored)
            .map(|(column, cell)| column.offset + column.code.position(cell))
    }

    /// The column and bucket a feature stands for.
    pub fn describe(&self, feature: usize) -> (&str, Bucket) {
        let i = self.columns.partition_point(|c| c.offset <= feature) - 1;
        let column = &self.columns[i];
        (&column.name, column.code.bucket(feature - column.offset))
    }

    /// Index of the column a feature belongs to.
    pub fn column_of(&self, feature: usize) -> usize {
        self.columns.partition_point(|c| c.offset <= feature) - 1
    }
}

fn fit_column<'a>(
    values: impl Iterator<Item = &'a FieldValue>,
    min_value_count: usize,
) -> ColumnCode {
    let mut numbers = Vec::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut any_text = false;
    let mut rows = 0;
    let mut present = 0;
    for value in values {
        rows += 1;
        match value {
            FieldValue::Missing => continue,
            FieldValue::Number(n) => numbers.push(*n),
            FieldValue::Text(_) => any_text = true,
        }
        present += 1;
        *counts
            .entry(text_of(value.as_cell()).into_owned())
            .or_default() += 1;
    }
    let all_distinct = counts.len() == present;
    let integers = numbers.iter().all(|n| n.fract() == 0.0);
    // An id: present and different in every row. Needs a few rows to tell; decimals that all
    // differ are a measurement, not an id.
    if rows >= 10 && present == rows && all_distinct && (any_text || integers) {
        return ColumnCode::Ignored;
    }
    if !any_text && !numbers.is_empty() {
        return ColumnCode::Numeric {
            edges: quantile_edges(numbers),
        };
    }
    ColumnCode::Categorical {
        values: counts
            .into_iter()
            .filter(|(_, n)| *n >= min_value_count.max(1))
            .map(|(v, _)| v)
            .collect(),
    }
}

/// Edges at the 1/MAX_BINS quantiles, repeats dropped, the smallest value never an edge (so
/// the lowest bin is not empty).
fn quantile_edges(mut numbers: Vec<f64>) -> Vec<f64> {
    numbers.sort_by(f64::total_cmp);
    let n = numbers.len();
    let mut edges: Vec<f64> = (1..MAX_BINS)
        .map(|q| numbers[q * n / MAX_BINS])
        .filter(|edge| *edge > numbers[0])
        .collect();
    edges.dedup();
    edges
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn rows(values: &[FieldValue]) -> Vec<Example> {
        values
            .iter()
            .map(|v| Example {
                values: vec![v.clone()],
                won: true,
                closed_at: 0,
                hand_score: None,
            })
            .collect()
    }

    fn fit(values: &[FieldValue], min: usize) -> Encoder {
        let rows = rows(values);
        let refs: Vec<&Example> = rows.iter().collect();
        Encoder::fit(&["f".into()], &refs, min)
    }

    #[test]
    fn rare_text_values_pool_into_other_and_case_does_not_matter() {
        let t = |s: &str| FieldValue::Text(s.into());
        let enc = fit(&[t("Web"), t("web"), t("Fax"), FieldValue::Missing], 2);
        assert_eq!(
            enc.columns[0].code,
            ColumnCode::Categorical {
                values: vec!["web".into()]
            }
        );
        assert_eq!(enc.encode(&[t("WEB")]), vec![2]);
        assert_eq!(enc.encode(&[t("Fax")]), vec![1]);
        assert_eq!(enc.encode(&[t("never seen")]), vec![1]);
        assert_eq!(enc.encode(&[FieldValue::Missing]), vec![0]);
        assert_eq!(enc.describe(2), ("f", Bucket::Value("web".into())));
    }

    #[test]
    fn numbers_are_binned_at_quantiles() {
        let values: Vec<FieldValue> = (0..10)
            .map(|n| FieldValue::Number(n as f64 / 2.0))
            .collect();
        let enc = fit(&values, 1);
        // Sorted 0, .5, … 4.5: edges at positions 2, 4, 6, 8.
        assert_eq!(
            enc.columns[0].code,
            ColumnCode::Numeric {
                edges: vec![1.0, 2.0, 3.0, 4.0]
            }
        );
        assert_eq!(enc.encode(&[FieldValue::Number(-5.0)]), vec![1]);
        assert_eq!(enc.encode(&[FieldValue::Number(1.0)]), vec![2]);
        assert_eq!(enc.encode(&[FieldValue::Number(99.0)]), vec![5]);
        assert_eq!(
            enc.describe(2).1,
            Bucket::Range {
                min: Some(1.0),
                max: Some(2.0)
            }
        );
        assert_eq!(
            enc.describe(1).1,
            Bucket::Range {
                min: None,
                max: Some(1.0)
            }
        );
    }

    #[test]
    fn a_distinct_value_in_every_row_is_an_id_and_ignored() {
        let ids: Vec<FieldValue> = (0..12)
            .map(|n| FieldValue::Number(n as f64 + 1000.0))
            .collect();
        let enc = fit(&ids, 1);
        assert_eq!(enc.columns[0].code, ColumnCode::Ignored);
        assert!(enc.encode(&[FieldValue::Number(3.0)]).is_empty());
        let codes: Vec<FieldValue> = (0..12)
            .map(|n| FieldValue::Text(format!("id-{n}")))
            .collect();
        assert_eq!(fit(&codes, 1).columns[0].code, ColumnCode::Ignored);
    }
    mod lowercase_like_std {
        use super::super::lowercase;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn borrowed_or_not_it_is_to_lowercase(text in "\\PC{0,12}|[A-Za-zİIıǅẞΣς آ-ی]{0,12}") {
                prop_assert_eq!(lowercase(&text).into_owned(), text.to_lowercase());
            }
        }

        #[test]
        fn the_arabic_block_has_no_case() {
            for c in '\u{0600}'..='\u{06FF}' {
                assert_eq!(c.to_lowercase().collect::<String>(), c.to_string(), "{c:?}");
            }
        }
    }
}
