//! Cells that other CRMs export where the value is not known.

/// Whether a cell holds no value: empty, or a placeholder that CRMs and spreadsheets export for
/// an unset field ("Select" from an untouched picklist, "N/A", "-"), in English or Persian.
pub fn is_unknown(cell: &str) -> bool {
    const PLACEHOLDERS: [&str; 5] = ["select", "n/a", "-", "--", "نامشخص"];
    let cell = cell.trim();
    cell.is_empty() || PLACEHOLDERS.iter().any(|p| cell.eq_ignore_ascii_case(p))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_blanks_are_unknown() {
        for cell in ["", "  ", "Select", "SELECT", "N/A", "n/a", " - ", "نامشخص"] {
            assert!(is_unknown(cell), "{cell:?}");
        }
    }

    #[test]
    fn real_values_are_known() {
        for cell in [
            "Selection Ltd",
            "NASA",
            "None Such",
            "-5",
            "0",
            "Ali",
            "Nancy",
        ] {
            assert!(!is_unknown(cell), "{cell:?}");
        }
    }
}
