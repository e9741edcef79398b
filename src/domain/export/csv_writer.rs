//! Writing CSV records for spreadsheet programs: quoted like the `csv` crate's writer, and safe to
//! open — a cell a spreadsheet would run as a formula is written so that it reads as text.

/// Put at the start of every exported file: spreadsheet programs then read it as UTF-8 and
/// show Persian correctly.
pub const BOM: char = '\u{feff}';

/// Whether a cell would start a formula in a spreadsheet program (OWASP's list: `=`, `+`, `-`,
/// `@`, tab, carriage return) — unless it is a phone number or a plain number, which nothing can
/// run: `+98 912 111 2222` and `-5` stay readable as they are.
pub fn is_formula_risk(cell: &str) -> bool {
    let Some(first) = cell.chars().next() else {
        return false;
    };
    if !matches!(first, '=' | '+' | '-' | '@' | '\t' | '\r') {
        return false;
    }
    let plain = cell
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')' | '.'));
    let has_digit = cell.chars().any(|c| c.is_ascii_digit());
    !(plain && has_digit)
}

/// Appends one record: a cell is quoted only when it holds a comma, quote or line break (its
/// quotes doubled), as `csv::Writer` with default settings does; a formula risk is prefixed with
/// `'`, which spreadsheet programs take as "this is text"; `\n` ends the record.
pub fn push_record(out: &mut String, cells: &[&str]) {
    let start = out.len();
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let text: std::borrow::Cow<str> = if is_formula_risk(cell) {
            format!("'{cell}").into()
        } else {
            (*cell).into()
        };
        if text.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&text.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&text);
        }
    }
    if out.len() == start {
        // A record of one empty cell would be an empty line, which readers skip.
        out.push_str("\"\"");
    }
    out.push('\n');
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn csv_crate_text(records: &[Vec<String>]) -> String {
        let mut writer = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        for record in records {
            writer.write_record(record).unwrap();
        }
        String::from_utf8(writer.into_inner().unwrap()).unwrap()
    }

    fn our_text(records: &[Vec<String>]) -> String {
        let mut out = String::new();
        for record in records {
            push_record(
                &mut out,
                &record.iter().map(String::as_str).collect::<Vec<_>>(),
            );
        }
        out
    }

    #[test]
    fn safe_records_are_written_as_the_csv_crate_writes_them() {
        let records: Vec<Vec<String>> = [
            vec!["name", "notes"],
            vec!["Arash, Co", "said \"call me\"\nnext week"],
            vec!["", ""],
            vec![""],
            vec!["x\r", "#x", " padded ", "نرم‌افزار"],
        ]
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
        assert_eq!(our_text(&records), csv_crate_text(&records));
    }

    #[test]
    fn each_formula_start_is_neutralised() {
        for (cell, written) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\n",
            ),
            ("=1+2", "'=1+2\n"),
            ("+SUM(A1)", "'+SUM(A1)\n"),
            ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0\n"),
            ("@SUM(1)", "'@SUM(1)\n"),
            ("\t=1", "'\t=1\n"),
            ("\r=1", "\"'\r=1\"\n"),
        ] {
            let mut out = String::new();
            push_record(&mut out, &[cell]);
            assert_eq!(out, written, "{cell:?}");
        }
    }

    #[test]
    fn phone_numbers_and_plain_numbers_stay_readable() {
        for cell in [
            "+98 912 111 2222",
            "+1 (555) 010-9999",
            "-5",
            "-2.5",
            "0912 111 2222",
        ] {
            assert!(!is_formula_risk(cell), "{cell}");
        }
        assert!(is_formula_risk("+"));
        assert!(is_formula_risk("-"));
        assert!(is_formula_risk("+98 912 A1"));
    }

    proptest! {
        #[test]
        fn records_without_a_formula_start_are_written_as_the_csv_crate_writes_them(
            records in proptest::collection::vec(proptest::collection::vec("[a-z ,\"\n\r#'\t;۰-۹][a-z ,\"\n\r#'\t;۰-۹=+@-]{0,5}", 1..5), 0..5)
        ) {
            prop_assume!(records.iter().flatten().all(|c| !is_formula_risk(c)));
            prop_assert_eq!(our_text(&records), csv_crate_text(&records));
        }

        #[test]
        fn no_cell_is_read_back_as_a_formula(cells in proptest::collection::vec(".{0,8}", 1..6)) {
            // After a header row, as in an exported file (a reader drops a BOM at the very start).
            let mut out = String::from("header\n");
            push_record(&mut out, &cells.iter().map(String::as_str).collect::<Vec<_>>());
            let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(out.as_bytes());
            let record = reader.records().next().unwrap().unwrap();
            for (read, typed) in record.iter().zip(&cells) {
                prop_assert!(!is_formula_risk(read), "{read:?} from {typed:?}");
                let expected = if is_formula_risk(typed) { format!("'{typed}") } else { typed.clone() };
                prop_assert_eq!(read, expected.as_str());
            }
        }
    }
}
