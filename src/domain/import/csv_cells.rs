//! A CSV reader for the import that hands out each cell where it lies in the text.
//!
//! It reads exactly as the `csv` crate's reader with a chosen delimiter (`"` quoting with `""` inside,
//! CR, LF or CRLF ending a record, empty lines skipped, ragged rows allowed, one leading BOM
//! dropped), and reports the line each record starts on (the crate's own line is taken before
//! blank lines and the LF of a CRLF, so it falls short in CRLF files: not copied). Why not the
//! crate: it copies every byte twice (through its buffer into the record) and checks UTF-8 again
//! per record, when the text is already a `str` and cut only at ASCII bytes; that was about a
//! fifth of the import. A cell without quotes, or quoted without `""` or text after the closing
//! quote, is borrowed.

use std::borrow::Cow;

use memchr::{memchr, memchr3};

/// The records of one CSV text, in order.
pub(super) struct CsvCells<'a> {
    text: &'a str,
    delimiter: u8,
    pos: usize,
    /// Newlines consumed so far; a record is on line `1 +` this, taken at its first byte.
    newlines: u64,
    /// The line of a quote never closed: like the crate, the reader takes the rest of the text
    /// into that cell, and the import refuses the file naming this line.
    unclosed_quote: Option<u64>,
}

impl<'a> CsvCells<'a> {
    /// `delimiter` is an ASCII byte other than `"`, CR and LF (see [`super::delimiter`]).
    pub(super) fn new(text: &'a str, delimiter: u8) -> Self {
        // The crate drops a BOM at the very start of what it is given.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        CsvCells {
            text,
            delimiter,
            pos: 0,
            newlines: 0,
            unclosed_quote: None,
        }
    }

    /// A reader that goes on from where another stopped ([`CsvCells::position`]) in the same text.
    pub(super) fn resume(text: &'a str, delimiter: u8, (pos, newlines): (usize, u64)) -> Self {
        CsvCells {
            pos,
            newlines,
            ..CsvCells::new(text, delimiter)
        }
    }

    /// Where the reader stands, to [`resume`](CsvCells::resume) from.
    pub(super) fn position(&self) -> (usize, u64) {
        (self.pos, self.newlines)
    }

    /// The line a quote opened on and was never closed, once the reader has reached it.
    pub(super) fn unclosed_quote(&self) -> Option<u64> {
        self.unclosed_quote
    }

    /// The next record's cells into `cells` (cleared first) and its line, or None at the end.
    pub(super) fn next_record(&mut self, cells: &mut Vec<Cow<'a, str>>) -> Option<u64> {
        cells.clear();
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(self.pos) {
            match b {
                b'\n' => self.newlines += 1,
                b'\r' => {}
                _ => break,
            }
            self.pos += 1;
        }
        if self.pos == bytes.len() {
            return None;
        }
        // Taken past the blank lines and the LF of a CRLF before the record. (The `csv` crate
        // takes it before them: one line short for every record of a CRLF file after the first.)
        let line = self.newlines + 1;
        loop {
            let (cell, end) = self.cell();
            cells.push(cell);
            match bytes.get(end) {
                Some(&b) if b == self.delimiter => self.pos = end + 1,
                Some(&b) => {
                    // One terminator byte ends the record; the rest are skipped before the next.
                    self.newlines += u64::from(b == b'\n');
                    self.pos = end + 1;
                    return Some(line);
                }
                None => {
                    self.pos = end;
                    return Some(line);
                }
            }
        }
    }

    /// The cell starting at `self.pos` and where it ends (at the delimiter, CR, LF, or the text's
    /// end).
    fn cell(&mut self) -> (Cow<'a, str>, usize) {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        if bytes.get(start) != Some(&b'"') {
            let end = memchr3(self.delimiter, b'\r', b'\n', &bytes[start..])
                .map_or(bytes.len(), |i| start + i);
            return (Cow::Borrowed(&self.text[start..end]), end);
        }
        // Quoted: up to the next lone quote, with `""` standing for one quote.
        let mut owned: Option<String> = None;
        let mut from = start + 1;
        let end_quoted = loop {
            match memchr(b'"', &bytes[from..]) {
                None => {
                    // Unclosed: the crate takes the rest of the text as the cell.
                    // Newlines inside this cell before `from` are already counted.
                    let opened_on = self.newlines - self.newlines_in(start, from) + 1;
                    self.unclosed_quote.get_or_insert(opened_on);
                    self.count_newlines(from, bytes.len());
                    let rest = &self.text[from..];
                    return match owned {
                        None => (Cow::Borrowed(rest), bytes.len()),
                        Some(mut s) => {
                            s.push_str(rest);
                            (Cow::Owned(s), bytes.len())
                        }
                    };
                }
                Some(i) => {
                    let quote = from + i;
                    self.count_newlines(from, quote);
                    if bytes.get(quote + 1) == Some(&b'"') {
                        let s = owned.get_or_insert_with(String::new);
                        s.push_str(&self.text[from..=quote]);
                        from = quote + 2;
                    } else {
                        if let Some(s) = owned.as_mut() {
                            s.push_str(&self.text[from..quote]);
                        }
                        break quote;
                    }
                }
            }
        };
        let after = end_quoted + 1;
        let cell = owned.map_or(Cow::Borrowed(&self.text[start + 1..end_quoted]), Cow::Owned);
        // Text after the closing quote belongs to the cell as typed, quotes and all.
        let end = memchr3(self.delimiter, b'\r', b'\n', &bytes[after..])
            .map_or(bytes.len(), |i| after + i);
        if end == after {
            return (cell, end);
        }
        let mut s = cell.into_owned();
        s.push_str(&self.text[after..end]);
        (Cow::Owned(s), end)
    }

    fn count_newlines(&mut self, from: usize, to: usize) {
        self.newlines += self.newlines_in(from, to);
    }

    fn newlines_in(&self, from: usize, to: usize) -> u64 {
        memchr::memchr_iter(b'\n', &self.text.as_bytes()[from..to]).count() as u64
    }
}

/// The line a record the `csv` crate read from `text` starts on: 1 + the LFs before its first
/// byte. The crate's own line is where it started looking, before any blank lines and the LF of
/// a CRLF, and for the first record, before the BOM it drops.
#[cfg(all(test, not(target_arch = "wasm32")))]
pub(super) fn crate_record_line(text: &str, position: &csv::Position) -> u64 {
    let bytes = text.as_bytes();
    let mut from = position.byte() as usize;
    if from == 0 && text.starts_with('\u{feff}') {
        from = '\u{feff}'.len_utf8();
    }
    let start = from
        + bytes[from..]
            .iter()
            .take_while(|&&b| b == b'\r' || b == b'\n')
            .count();
    1 + memchr::memchr_iter(b'\n', &bytes[..start]).count() as u64
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What the `csv` crate reads, as the import read it before: cells and line per record (see
    /// [`crate_record_line`]).
    fn reference(text: &str) -> Vec<(Vec<String>, u64)> {
        reference_with(text, b',')
    }

    fn reference_with(text: &str, delimiter: u8) -> Vec<(Vec<String>, u64)> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let mut record = csv::StringRecord::new();
        let mut out = Vec::new();
        while reader.read_record(&mut record).expect("a str reads") {
            let line = record.position().map_or(0, |p| crate_record_line(text, p));
            out.push((record.iter().map(str::to_owned).collect(), line));
        }
        out
    }

    fn ours(text: &str) -> Vec<(Vec<String>, u64)> {
        ours_with(text, b',')
    }

    fn ours_with(text: &str, delimiter: u8) -> Vec<(Vec<String>, u64)> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = CsvCells::new(text, delimiter);
        let mut cells = Vec::new();
        let mut out = Vec::new();
        while let Some(line) = reader.next_record(&mut cells) {
            out.push((cells.iter().map(|c| c.to_string()).collect(), line));
        }
        out
    }

    #[test]
    fn edges_read_as_the_csv_crate_reads_them() {
        for text in [
            "",
            "\n",
            "a",
            "a,",
            ",",
            "a,b\n",
            "a,b\r\nc\r\n",
            "a\rb\r\r\nc",
            "\"a,b\",c\n",
            "\"a\"\"b\"",
            "\"ab\"cd,e",
            "\"ab\"c\"d\",e",
            "\"unclosed\nx,y",
            "x,\"\"",
            "\"\"\"\"",
            "a,\"b\nc\"\n\nd\n",
            "\u{feff}\u{feff}a,b\n",
            "\u{feff}",
            "\r\n\r\na\r\n\r\nb",
            "a\"b,c",
            "é,\"ی\"\"\",۱\n",
        ] {
            assert_eq!(ours(text), reference(text), "{text:?}");
        }
    }

    /// Regression: records of a CRLF file after the first were reported one line short (the
    /// crate's line, taken before the LF ending the previous record), and any record after a
    /// blank line too.
    #[test]
    fn lines_are_where_the_records_start_with_lf_or_crlf_endings() {
        for text in ["h\na\n\nb\n", "h\r\na\r\n\r\nb\r\n"] {
            let lines: Vec<u64> = ours(text).into_iter().map(|(_, line)| line).collect();
            assert_eq!(lines, [1, 2, 4], "{text:?}");
        }
    }

    fn unclosed_line(text: &str) -> Option<u64> {
        let mut reader = CsvCells::new(text, b',');
        let mut cells = Vec::new();
        while reader.next_record(&mut cells).is_some() {}
        reader.unclosed_quote()
    }

    proptest! {
        /// Reading a text in slices, resuming each time, gives what one reader gives.
        #[test]
        fn a_resumed_reader_reads_what_one_reader_reads(text in csvish(), every in 1usize..4) {
            let whole = ours(&text);
            let stripped = text.strip_prefix('\u{feff}').unwrap_or(&text);
            let mut at = (0, 0);
            let mut sliced = Vec::new();
            let mut cells = Vec::new();
            'slices: loop {
                let mut reader = CsvCells::resume(stripped, b',', at);
                for _ in 0..every {
                    match reader.next_record(&mut cells) {
                        Some(line) => sliced.push((cells.iter().map(|c| c.to_string()).collect::<Vec<_>>(), line)),
                        None => break 'slices,
                    }
                }
                at = reader.position();
            }
            prop_assert_eq!(sliced, whole);
        }
    }

    #[test]
    fn an_unclosed_quote_is_reported_on_the_line_it_opened() {
        assert_eq!(unclosed_line("a,b\nc,d\n"), None);
        assert_eq!(unclosed_line("a,\"b\nc\"\n"), None);
        assert_eq!(unclosed_line("h\nx,\"open\ny\nz\n"), Some(2));
        // Earlier multi-line cells and doubled quotes in the open cell are counted right.
        assert_eq!(unclosed_line("h\n\"a\nb\",\"x\"\"\ny\n\nz"), Some(3));
        assert_eq!(unclosed_line("h\r\n\r\n\"rest"), Some(3));
    }

    #[test]
    fn semicolons_and_tabs_read_as_the_csv_crate_reads_them() {
        for (text, delimiter) in [
            ("a;b\n\"c;d\";e\n", b';'),
            ("a,b;c\n", b';'),
            ("a\tb\n\"c\td\"\te\n", b'\t'),
        ] {
            assert_eq!(
                ours_with(text, delimiter),
                reference_with(text, delimiter),
                "{text:?}"
            );
        }
    }

    fn csvish() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just(",".to_owned()),
            Just(";".to_owned()),
            Just("\t".to_owned()),
            Just("\"".to_owned()),
            Just("\"\"".to_owned()),
            Just("\n".to_owned()),
            Just("\r".to_owned()),
            Just("\r\n".to_owned()),
            Just("\u{feff}".to_owned()),
            Just(" ".to_owned()),
            "[a-z0-9 ]{1,6}",
            "[۰-۹آ-ی‌]{1,4}",
        ];
        proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1_000))]
        #[test]
        fn any_text_reads_as_the_csv_crate_reads_it(text in csvish()) {
            prop_assert_eq!(ours(&text), reference(&text));
        }

        #[test]
        fn any_text_reads_as_the_csv_crate_reads_it_with_any_delimiter(
            text in csvish(),
            delimiter in prop::sample::select(vec![b',', b';', b'\t']),
        ) {
            prop_assert_eq!(ours_with(&text, delimiter), reference_with(&text, delimiter));
        }
    }
}
