//! Leads as CSV. A file is read once into a [`CsvSheet`] (its header and checks of its shape),
//! each column gets a [`ColumnChoice`] (proposed from its header, changeable by the user), and the
//! preview validates every row with the same rules as the lead form, so an imported lead is exactly
//! as clean as a typed one. Our own export's keys are headers too: what export writes imports back
//! unchanged.

use std::borrow::Cow;

use super::column_map::{names_leads, propose_columns, repeated_choice, ColumnChoice};
use super::csv_cells::CsvCells;
use super::delimiter::{detect_delimiter, Delimiter};
use super::engagement::{parse_count, EngagementCount};
use super::foreign_values::{employees_cell, foreign_source};
use super::unknown_value::is_unknown;
use crate::domain::validation::{FieldError, LeadField, LeadFields, LeadFormText, Problem};
use crate::domain::LeadSource;

/// More columns than any CRM exports: a file this wide is not a table of leads.
pub const MAX_COLUMNS: usize = 10_000;
/// A cell larger than this (1 MiB) is not a lead's field; most likely a broken file.
pub const MAX_CELL_BYTES: usize = 1024 * 1024;

/// Why a file could not be read at all (row-level problems are [`RowOutcome::Invalid`]).
#[derive(Clone, Debug, PartialEq)]
pub enum ImportError {
    /// The file has no header row.
    Empty,
    /// No column is the lead's name (or first / last name), which every lead needs.
    NoNameColumn,
    /// A quote opened on this line is never closed: every later row would run into one cell.
    UnclosedQuote { line: u64 },
    /// The record on this line has more than [`MAX_COLUMNS`] cells.
    TooManyColumns { line: u64 },
    /// The record on this line has a cell over [`MAX_CELL_BYTES`].
    CellTooLarge { line: u64 },
    /// Two columns were given the same field (only tags and notes lines take several).
    RepeatedChoice(ColumnChoice),
}

impl ImportError {
    /// Stable key, translated as `import.error.<key>`.
    pub fn key(&self) -> &'static str {
        match self {
            ImportError::Empty => "empty",
            ImportError::NoNameColumn => "no_name_column",
            ImportError::UnclosedQuote { .. } => "unclosed_quote",
            ImportError::TooManyColumns { .. } => "too_many_columns",
            ImportError::CellTooLarge { .. } => "cell_too_large",
            ImportError::RepeatedChoice(_) => "repeated_choice",
        }
    }

    /// The line the problem is on, for the messages that name one.
    pub fn line(&self) -> Option<u64> {
        match self {
            ImportError::UnclosedQuote { line }
            | ImportError::TooManyColumns { line }
            | ImportError::CellTooLarge { line } => Some(*line),
            _ => None,
        }
    }
}

/// A row ready to store: the lead's fields, and the counts its count columns gave
/// ([`ColumnChoice::EngagementCount`]; none for a file without such columns).
#[derive(Clone, Debug, PartialEq)]
pub struct ImportRow {
    pub fields: LeadFields,
    pub engagement: Vec<EngagementCount>,
}

impl From<LeadFields> for ImportRow {
    fn from(fields: LeadFields) -> ImportRow {
        ImportRow {
            fields,
            engagement: Vec::new(),
        }
    }
}

/// A count column's cell that is not a count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountError {
    /// The column's header.
    pub column: String,
    pub problem: Problem,
}

/// One data row's fate.
#[derive(Clone, Debug, PartialEq)]
pub enum RowOutcome {
    /// Boxed: a valid row is large, and a 100,000-row preview should not pay that for invalid ones.
    Valid(Box<ImportRow>),
    /// `line` is the 1-based line in the file (the header is line 1); `errors` are the lead
    /// fields' problems, `count_errors` the count columns'.
    Invalid {
        line: u64,
        errors: Vec<FieldError>,
        count_errors: Vec<CountError>,
    },
}

/// What a file would import, before anything is stored.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportPreview {
    /// Each column's header and what it fills.
    pub columns: Vec<(String, ColumnChoice)>,
    pub rows: Vec<RowOutcome>,
}

impl ImportPreview {
    pub fn valid_count(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| matches!(r, RowOutcome::Valid(_)))
            .count()
    }

    pub fn invalid_count(&self) -> usize {
        self.rows.len() - self.valid_count()
    }

    /// The valid rows, in file order.
    pub fn into_valid(self) -> Vec<ImportRow> {
        self.rows
            .into_iter()
            .filter_map(|r| match r {
                RowOutcome::Valid(fields) => Some(*fields),
                RowOutcome::Invalid { .. } => None,
            })
            .collect()
    }
}

/// A CSV file read and checked whole: its header row, its delimiter and its text, ready to be
/// previewed with any column choices.
#[derive(Clone, Debug, PartialEq)]
pub struct CsvSheet {
    text: String,
    delimiter: Delimiter,
    headers: Vec<String>,
    rows: usize,
}

impl CsvSheet {
    /// Reads `text` (BOM allowed) with `delimiter`, refusing a file with no header, an unclosed
    /// quote, a record over [`MAX_COLUMNS`] cells or a cell over [`MAX_CELL_BYTES`].
    pub fn read(text: String, delimiter: Delimiter) -> Result<CsvSheet, ImportError> {
        let mut reading = CsvSheet::start_reading(text, delimiter);
        loop {
            if let Some(read) = reading.continue_reading(usize::MAX) {
                return read;
            }
        }
    }

    /// [`CsvSheet::read`] in slices, so a page stays responsive while a large file is read:
    /// [`SheetReading::continue_reading`] reads the records.
    pub fn start_reading(text: String, delimiter: Delimiter) -> SheetReading {
        SheetReading {
            text,
            delimiter,
            headers: None,
            rows: 0,
            at: (0, 0),
        }
    }

    /// The header row, trimmed.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    pub fn delimiter(&self) -> Delimiter {
        self.delimiter
    }

    /// Data rows, not counting blank ones.
    pub fn row_count(&self) -> usize {
        self.rows
    }

    /// The choice proposed for each column from its header.
    pub fn proposed_columns(&self) -> Vec<ColumnChoice> {
        propose_columns(&self.headers)
    }

    /// Every row validated with these choices (one per header; missing ones are ignored columns),
    /// nothing stored. Rows without a source column get the source "import"; a source another CRM
    /// names that Kariz has no match for becomes "other", its name kept in the notes.
    pub fn preview(&self, choices: &[ColumnChoice]) -> Result<ImportPreview, ImportError> {
        let mut run = self.start_preview(choices)?;
        while !self.continue_preview(&mut run, usize::MAX) {}
        Ok(run.finish())
    }

    /// [`CsvSheet::preview`] in slices, so a page can show progress and stay responsive: checks
    /// the choices, then [`continue_preview`](CsvSheet::continue_preview) reads the rows.
    pub fn start_preview(&self, choices: &[ColumnChoice]) -> Result<PreviewRun, ImportError> {
        let columns: Vec<(String, ColumnChoice)> = self
            .headers
            .iter()
            .enumerate()
            .map(|(i, h)| {
                (
                    h.clone(),
                    choices.get(i).copied().unwrap_or(ColumnChoice::Ignore),
                )
            })
            .collect();
        let choices: Vec<ColumnChoice> = columns.iter().map(|(_, c)| *c).collect();
        if let Some(repeated) = repeated_choice(&choices) {
            return Err(ImportError::RepeatedChoice(repeated));
        }
        if !names_leads(&choices) {
            return Err(ImportError::NoNameColumn);
        }
        let mut reader = CsvCells::new(&self.text, self.delimiter.byte());
        reader.next_record(&mut Vec::new());
        Ok(PreviewRun {
            has_source: choices.contains(&ColumnChoice::Field(LeadField::Source)),
            columns,
            at: reader.position(),
            rows: Vec::with_capacity(self.rows),
            done: false,
        })
    }

    /// Reads up to `max_rows` more rows into `run`; true once every row is read.
    pub fn continue_preview(&self, run: &mut PreviewRun, max_rows: usize) -> bool {
        if run.done {
            return true;
        }
        let mut reader = CsvCells::resume(
            self.text.strip_prefix('\u{feff}').unwrap_or(&self.text),
            self.delimiter.byte(),
            run.at,
        );
        let mut cells: Vec<Cow<str>> = Vec::with_capacity(run.columns.len());
        let mut read = 0;
        while read < max_rows {
            let Some(line) = reader.next_record(&mut cells) else {
                run.done = true;
                break;
            };
            if cells.iter().all(|cell| cell.trim().is_empty()) {
                continue;
            }
            run.rows
                .push(row_outcome(&run.columns, &cells, run.has_source, line));
            read += 1;
        }
        run.at = reader.position();
        run.done
    }
}

/// A file being read in slices (see [`CsvSheet::start_reading`]).
#[derive(Clone, Debug)]
pub struct SheetReading {
    text: String,
    delimiter: Delimiter,
    headers: Option<Vec<String>>,
    rows: usize,
    at: (usize, u64),
}

impl SheetReading {
    /// Reads up to `max_records` more records; once the text is read, the sheet or why it is
    /// refused (then the reading is spent).
    pub fn continue_reading(
        &mut self,
        max_records: usize,
    ) -> Option<Result<CsvSheet, ImportError>> {
        let mut reader = CsvCells::resume(&self.text, self.delimiter.byte(), self.at);
        let mut cells: Vec<Cow<str>> = Vec::new();
        for _ in 0..max_records {
            let Some(line) = reader.next_record(&mut cells) else {
                return Some(self.finish());
            };
            if let Some(line) = reader.unclosed_quote() {
                return Some(Err(ImportError::UnclosedQuote { line }));
            }
            if cells.len() > MAX_COLUMNS {
                return Some(Err(ImportError::TooManyColumns { line }));
            }
            if cells.iter().any(|cell| cell.len() > MAX_CELL_BYTES) {
                return Some(Err(ImportError::CellTooLarge { line }));
            }
            match self.headers {
                None => self.headers = Some(cells.iter().map(|h| h.trim().to_owned()).collect()),
                Some(_) => {
                    self.rows += usize::from(!cells.iter().all(|cell| cell.trim().is_empty()))
                }
            }
        }
        self.at = reader.position();
        None
    }

    fn finish(&mut self) -> Result<CsvSheet, ImportError> {
        let headers = self.headers.take().unwrap_or_default();
        if headers.iter().all(|h| h.is_empty()) {
            return Err(ImportError::Empty);
        }
        Ok(CsvSheet {
            text: std::mem::take(&mut self.text),
            delimiter: self.delimiter,
            headers,
            rows: self.rows,
        })
    }
}

/// A preview being read in slices (see [`CsvSheet::start_preview`]).
#[derive(Clone, Debug)]
pub struct PreviewRun {
    columns: Vec<(String, ColumnChoice)>,
    has_source: bool,
    at: (usize, u64),
    rows: Vec<RowOutcome>,
    done: bool,
}

impl PreviewRun {
    /// Rows read so far.
    pub fn rows_done(&self) -> usize {
        self.rows.len()
    }

    pub fn finish(self) -> ImportPreview {
        ImportPreview {
            columns: self.columns,
            rows: self.rows,
        }
    }
}

/// The parts of a row that several cells make up, or that are rewritten before validation.
#[derive(Default)]
struct Composite<'a> {
    first_name: &'a str,
    last_name: &'a str,
    tags: Vec<&'a str>,
    note_lines: Vec<String>,
    source: Option<Cow<'a, str>>,
}

fn row_outcome(
    columns: &[(String, ColumnChoice)],
    cells: &[Cow<str>],
    has_source: bool,
    line: u64,
) -> RowOutcome {
    let mut form = LeadFormText {
        source: if has_source {
            ""
        } else {
            LeadSource::Import.key()
        },
        ..LeadFormText::default()
    };
    let mut parts = Composite::default();
    let (mut engagement, mut count_errors) = (Vec::new(), Vec::new());
    let (mut currency, mut decision_role, mut journey_stage) = (None, None, None);
    for (cell, (header, choice)) in cells.iter().zip(columns) {
        let cell: &str = cell;
        let cell = if is_unknown(cell) { "" } else { cell };
        let field = match choice {
            ColumnChoice::Ignore => continue,
            ColumnChoice::FirstName => {
                parts.first_name = cell.trim();
                continue;
            }
            ColumnChoice::LastName => {
                parts.last_name = cell.trim();
                continue;
            }
            ColumnChoice::AddToNotes => {
                if !cell.trim().is_empty() {
                    parts.note_lines.push(format!("{header}: {}", cell.trim()));
                }
                continue;
            }
            ColumnChoice::EngagementCount(kind) => {
                match parse_count(cell) {
                    Ok(0) => {}
                    Ok(count) => engagement.push(EngagementCount {
                        kind: *kind,
                        count,
                        column: header.clone(),
                    }),
                    Err(problem) => count_errors.push(CountError {
                        column: header.clone(),
                        problem,
                    }),
                }
                continue;
            }
            ColumnChoice::Field(field) => field,
        };
        match field {
            LeadField::Name => form.name = cell,
            LeadField::Company => form.company = cell,
            LeadField::JobTitle => form.job_title = cell,
            LeadField::Email => form.email = cell,
            LeadField::Phone => form.phone = cell,
            LeadField::Source => {
                parts.source = Some(source_key(cell, header, &mut parts.note_lines))
            }
            LeadField::Industry => form.industry = cell,
            LeadField::Employees => form.employees = employees_cell(cell),
            LeadField::City => form.city = cell,
            LeadField::Country => form.country = cell,
            LeadField::Budget => form.budget = cell,
            LeadField::Currency => currency = Some(currency_code(cell)),
            LeadField::DecisionRole => decision_role = Some(option_key(cell)),
            LeadField::Need => form.need = cell,
            LeadField::Timeline => form.timeline = cell,
            LeadField::JourneyStage => journey_stage = Some(option_key(cell)),
            LeadField::Owner => form.owner = cell,
            LeadField::Tags => parts.tags.push(cell),
            LeadField::Notes => form.notes = cell,
        }
    }
    let joined_name;
    if form.name.trim().is_empty() {
        joined_name = [parts.first_name, parts.last_name]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        form.name = &joined_name;
    }
    let tags = parts.tags.join(",");
    form.tags = &tags;
    let notes;
    if !parts.note_lines.is_empty() {
        let mut lines: Vec<&str> = Vec::with_capacity(parts.note_lines.len() + 1);
        if !form.notes.trim().is_empty() {
            lines.push(form.notes.trim_end());
        }
        lines.extend(parts.note_lines.iter().map(String::as_str));
        notes = lines.join("\n");
        form.notes = &notes;
    }
    for (slot, value) in [
        (&mut form.source, &parts.source),
        (&mut form.currency, &currency),
        (&mut form.decision_role, &decision_role),
        (&mut form.journey_stage, &journey_stage),
    ] {
        if let Some(value) = value {
            *slot = &**value;
        }
    }
    match form.validate() {
        Ok(fields) if count_errors.is_empty() => {
            RowOutcome::Valid(Box::new(ImportRow { fields, engagement }))
        }
        Ok(_) => RowOutcome::Invalid {
            line,
            errors: Vec::new(),
            count_errors,
        },
        Err(errors) => RowOutcome::Invalid {
            line,
            errors,
            count_errors,
        },
    }
}

/// A source cell as a key the lead form reads: ours, another CRM's name for one of ours, or
/// "other" with the unknown name kept as a notes line.
fn source_key<'a>(cell: &'a str, header: &str, note_lines: &mut Vec<String>) -> Cow<'a, str> {
    let key = option_key(cell);
    if cell.trim().is_empty() || LeadSource::from_key(&key).is_some() {
        return key;
    }
    match foreign_source(cell) {
        Some(source) => Cow::Borrowed(source.key()),
        None => {
            note_lines.push(format!("{header}: {}", cell.trim()));
            Cow::Borrowed(LeadSource::Other.key())
        }
    }
}

/// Option columns accept our keys and their loose spellings: "Web form", "web-form" → `web_form`.
/// A cell already spelled as a key (lower-case ASCII, no space or `-`) is its own key.
fn option_key(raw: &str) -> Cow<'_, str> {
    let key = raw.trim();
    if key
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase() && b != b' ' && b != b'-')
    {
        Cow::Borrowed(key)
    } else {
        Cow::Owned(key.to_lowercase().replace([' ', '-'], "_"))
    }
}

/// Currency codes compare in upper case. ASCII needs no copy: `Currency::from_code` ignores ASCII
/// case; other text is upper-cased first, as some letters (`ſ`, `ı`) become ASCII ones.
fn currency_code(raw: &str) -> Cow<'_, str> {
    let code = raw.trim();
    if code.is_ascii() {
        Cow::Borrowed(code)
    } else {
        Cow::Owned(code.to_uppercase())
    }
}

/// Reads a CSV file of leads with its delimiter detected and every column as proposed from its
/// header: the whole import in one step, for our own exports and for tests.
pub fn parse_leads_csv(text: &str) -> Result<ImportPreview, ImportError> {
    let sheet = CsvSheet::read(text.to_owned(), detect_delimiter(text))?;
    let choices = sheet.proposed_columns();
    sheet.preview(&choices)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    use crate::domain::validation::Problem;
    use crate::domain::{Currency, DecisionRole, JourneyStage, Lead, Money};
    use proptest::prelude::*;

    #[test]
    fn a_file_read_in_slices_is_the_file_read_whole() {
        let texts = [
            "\u{feff}name,notes\nSara,\"two\nlines\"\n\n  , \nReza,x\r\nMina,\n",
            "name,notes\nSara,\"never closed\nReza,x\n",
            " , \nSara,x\n",
            "",
        ];
        for text in texts {
            let whole = CsvSheet::read(text.to_owned(), Delimiter::Comma);
            for size in 1..4 {
                let mut reading = CsvSheet::start_reading(text.to_owned(), Delimiter::Comma);
                let sliced = loop {
                    if let Some(read) = reading.continue_reading(size) {
                        break read;
                    }
                };
                assert_eq!(sliced, whole, "{text:?} in slices of {size}");
            }
        }
    }

    fn valid(preview: &ImportPreview) -> Vec<&LeadFields> {
        preview
            .rows
            .iter()
            .filter_map(|r| match r {
                RowOutcome::Valid(row) => Some(&row.fields),
                _ => None,
            })
            .collect()
    }

    fn header_cell() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => prop::sample::select(LeadField::ALL.map(LeadField::key).to_vec()).prop_map(str::to_owned),
            1 => prop::sample::select(vec!["Full Name", "E-mail", "Mobile", "Lead Source", "نام", "تلفن همراه", "برچسب‌ها", "واحد پول", "favourite colour", "", " "])
                .prop_map(str::to_owned),
        ]
    }

    fn data_cell() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec![
                "",
                " ",
                "Sara Ahmadi",
                "رضا کریمی",
                "sara@Example.COM",
                "a@b",
                "09121234567",
                "۰۹۳۵۱۱۱۲۲۳۳",
                "+49 30 123456",
                "Web form",
                "web-form",
                "REFERRAL",
                " referral ",
                "Decision Maker",
                "DECISION",
                "toman",
                " Usd ",
                "uſd",
                "ırr",
                "decision_ma\u{212A}er",
                "1,250",
                "۱۲",
                "-3",
                "12.5",
                "2026-05-01",
                "۱۴۰۴/۱۲/۲۹",
                "2026-02-30",
                "vip, VIP ,hot",
                "نمایشگاه، وفادار",
                "\"quoted, with comma\"",
                "\"say \"\"hi\"\"\"",
                "\"multi\nline\"",
                "\"ab\"cd",
                "a\"b",
                "\"unclosed",
            ])
            .prop_map(str::to_owned),
            "[ a-zA-Z0-9۰-۹@.,+()\"-]{0,12}",
            "\\PC{0,8}",
        ]
    }

    fn csv_text() -> impl Strategy<Value = String> {
        let row = prop::collection::vec(data_cell(), 0..22).prop_map(|cells| cells.join(","));
        let terminator = prop::sample::select(vec!["\n", "\r\n", "\r", "\n\n", "\r\n\r\n"]);
        (
            any::<bool>(),
            prop::collection::vec(header_cell(), 1..22),
            prop::collection::vec((row, terminator), 0..12),
            any::<bool>(),
        )
            .prop_map(|(bom, header, rows, last_terminator)| {
                let mut text = if bom {
                    "\u{feff}".to_owned()
                } else {
                    String::new()
                };
                text.push_str(&header.join(","));
                for (row, terminator) in rows {
                    text.push_str(terminator);
                    text.push_str(&row);
                }
                if last_terminator {
                    text.push('\n');
                }
                text
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Fuzz: any file, with any delimiter and any column choices, is read or refused with a
        /// reason, never a panic; a preview has one outcome per non-blank data row.
        #[test]
        fn any_file_is_read_or_refused_never_a_panic(
            text in csv_text(),
            delimiter in prop::sample::select(Delimiter::ALL.to_vec()),
            picks in prop::collection::vec(0usize..40, 0..24),
        ) {
            if let Ok(sheet) = CsvSheet::read(text.clone(), delimiter) {
                let all = ColumnChoice::all();
                let choices: Vec<ColumnChoice> = picks.iter().map(|&i| all[i % all.len()]).collect();
                if let Ok(preview) = sheet.preview(&choices) {
                    prop_assert_eq!(preview.rows.len(), sheet.row_count());
                }
                let proposed = sheet.proposed_columns();
                let _ = sheet.preview(&proposed);
            }
        }

        /// Mutated real exports (bytes flipped, cut short) never panic either.
        #[test]
        fn mutated_exports_never_panic(cut in 0usize..400, at in 0usize..400, byte in any::<u8>()) {
            let mut bytes = HUBSPOT.as_bytes().to_vec();
            if at < bytes.len() {
                bytes[at] = byte;
            }
            bytes.truncate(cut.max(1));
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let _ = parse_leads_csv(&text);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]
        // Option and currency cells rarely decide a whole random file's outcome: their keys are
        // held to the old spelling directly, with the letters Unicode case-maps into ASCII.
        #[test]
        fn option_and_currency_cells_read_as_before(
            cell in prop_oneof![data_cell(), "[ a-zA-Z_İıſ\u{212A}ß-]{0,8}", "\\PC{0,6}"]
        ) {
            prop_assert_eq!(option_key(&cell), cell.trim().to_lowercase().replace([' ', '-'], "_"));
            prop_assert_eq!(
                Currency::from_code(&currency_code(&cell)),
                Currency::from_code(&cell.trim().to_uppercase())
            );
        }
    }

    #[test]
    fn english_headers_map_and_rows_validate() {
        let csv = "Full Name,Company,E-mail,Mobile,Lead Source,Employees,Budget,Currency\n\
                   Sara Ahmadi,Tehran Soft,SARA@TehranSoft.ir,09121234567,Web form,25,\"50,000,000\",toman\n";
        let preview = parse_leads_csv(csv).unwrap();
        assert_eq!(preview.columns[0].1, ColumnChoice::Field(LeadField::Name));
        assert_eq!(preview.columns[3].1, ColumnChoice::Field(LeadField::Phone));
        let lead = valid(&preview)[0].clone().into_new_lead(1, 0);
        assert_eq!(lead.name, "Sara Ahmadi");
        assert_eq!(lead.phone, "+98 912 123 4567");
        assert_eq!(lead.source, LeadSource::WebForm);
        assert_eq!(lead.employees, Some(25));
        assert_eq!(
            lead.budget,
            Some(Money {
                amount: 50_000_000,
                currency: Currency::Toman
            })
        );
    }

    #[test]
    fn persian_headers_and_digits_are_understood() {
        let csv = "نام,شرکت,تلفن همراه,شهر,تعداد کارکنان,برچسب‌ها\nرضا کریمی,پارس,۰۹۳۵۱۱۱۲۲۳۳,اصفهان,۱۲,نمایشگاه، وفادار\n";
        let preview = parse_leads_csv(csv).unwrap();
        let lead = valid(&preview)[0].clone().into_new_lead(1, 0);
        assert_eq!(lead.name, "رضا کریمی");
        assert_eq!(lead.phone, "+98 935 111 2233");
        assert_eq!(lead.employees, Some(12));
        assert_eq!(lead.tags, ["نمایشگاه", "وفادار"]);
        assert_eq!(
            lead.source,
            LeadSource::Import,
            "no source column: the lead came from an import"
        );
    }

    #[test]
    fn bad_rows_are_reported_with_their_line_and_do_not_stop_the_others() {
        let csv = "name,email,employees\nGood One,good@x.com,5\n,nobody@x.com,1\nBad Mail,not-an-email,-3\nGood Two,,\n";
        let preview = parse_leads_csv(csv).unwrap();
        assert_eq!(preview.valid_count(), 2);
        assert_eq!(preview.invalid_count(), 2);
        assert_eq!(
            preview.rows[1],
            RowOutcome::Invalid {
                line: 3,
                errors: vec![FieldError {
                    field: LeadField::Name,
                    problem: Problem::Required
                }],
                count_errors: Vec::new(),
            }
        );
        let RowOutcome::Invalid { line, errors, .. } = &preview.rows[2] else {
            panic!("row 4 is invalid")
        };
        assert_eq!(*line, 4);
        let problems: Vec<_> = errors.iter().map(|e| (e.field, e.problem)).collect();
        assert_eq!(
            problems,
            [
                (LeadField::Email, Problem::InvalidEmail),
                (LeadField::Employees, Problem::Negative)
            ]
        );
    }

    #[test]
    fn files_that_cannot_be_leads_are_refused() {
        assert_eq!(parse_leads_csv(""), Err(ImportError::Empty));
        assert_eq!(
            parse_leads_csv("company,email\nX,x@y.com\n"),
            Err(ImportError::NoNameColumn)
        );
        assert_eq!(
            parse_leads_csv("name,notes\nA,ok\nB,\"unclosed\nC,x\n"),
            Err(ImportError::UnclosedQuote { line: 3 })
        );
        let wide = format!("name{}\nA\n", ",x".repeat(MAX_COLUMNS));
        assert_eq!(
            parse_leads_csv(&wide),
            Err(ImportError::TooManyColumns { line: 1 })
        );
        let big = format!("name,notes\nA,ok\nB,{}\n", "x".repeat(MAX_CELL_BYTES + 1));
        assert_eq!(
            parse_leads_csv(&big),
            Err(ImportError::CellTooLarge { line: 3 })
        );
    }

    #[test]
    fn blank_lines_and_bom_are_ignored_and_unknown_columns_kept_out() {
        let csv = "\u{feff}name,favourite colour\nA,blue\n,\n\nB,red\n";
        let preview = parse_leads_csv(csv).unwrap();
        assert_eq!(
            preview.columns[1],
            ("favourite colour".to_owned(), ColumnChoice::Ignore)
        );
        assert_eq!(preview.valid_count(), 2);
    }

    #[test]
    fn export_then_import_gives_the_same_leads() {
        let csv = "name,company,job_title,email,phone,source,industry,employees,city,country,budget,currency,decision_role,need,timeline,journey_stage,owner,tags,notes\n\
                   \"Karimi, Reza\",Pars,CEO,reza@pars.com,+98 935 111 2233,referral,software,40,Tehran,Iran,900,USD,decision_maker,\"CRM for\n5 reps\",2027-01-15,decision,Ali,\"vip,expo\",\"said \"\"call me\"\"\"\n";
        let first: Vec<Lead> = parse_leads_csv(csv)
            .unwrap()
            .into_valid()
            .into_iter()
            .map(|row| row.fields.into_new_lead(7, 0))
            .collect();
        assert_eq!(first[0].decision_role, DecisionRole::DecisionMaker);
        assert_eq!(first[0].journey_stage, JourneyStage::Decision);
        assert_eq!(first[0].need, "CRM for\n5 reps");
        let exported = crate::domain::export::leads_csv(&first);
        let again: Vec<Lead> = parse_leads_csv(&exported)
            .unwrap()
            .into_valid()
            .into_iter()
            .map(|row| row.fields.into_new_lead(7, 0))
            .collect();
        assert_eq!(first, again);
    }

    const HUBSPOT: &str = "Record ID,First Name,Last Name,Email,Phone Number,Company Name,Lead Status,Number of Employees,Annual Revenue,Original Source,Contact owner\n\
        101,Sara,Ahmadi,SARA@Example.com,0912 123 4567,Tehran Soft,Open,51-200,5000000,Organic Search,Ali\n\
        102,Reza,,reza@example.com,N/A,Select,New,10000+,,Astrology,\n\
        103,,,nobody@example.com,,,,,,,\n";

    #[test]
    fn a_hubspot_export_imports_with_its_own_headers() {
        let preview = parse_leads_csv(HUBSPOT).unwrap();
        assert_eq!(preview.valid_count(), 2);
        let rows = valid(&preview);
        assert_eq!(rows[0].name, "Sara Ahmadi");
        assert_eq!(rows[0].email, "SARA@example.com");
        assert_eq!(rows[0].phone, "+98 912 123 4567");
        assert_eq!(rows[0].company, "Tehran Soft");
        assert_eq!(rows[0].tags, ["Open"]);
        assert_eq!(rows[0].employees, Some(51));
        assert_eq!(rows[0].source, LeadSource::WebForm);
        assert_eq!(rows[0].owner, "Ali");
        assert_eq!(rows[0].notes, "Annual Revenue: 5000000");
        // "N/A" and "Select" are unknown, not values; an unknown source is kept in the notes.
        assert_eq!(rows[1].name, "Reza");
        assert_eq!(rows[1].phone, "");
        assert_eq!(rows[1].company, "");
        assert_eq!(rows[1].employees, Some(10_000));
        assert_eq!(rows[1].source, LeadSource::Other);
        assert_eq!(rows[1].notes, "Original Source: Astrology");
        assert!(matches!(
            preview.rows[2],
            RowOutcome::Invalid { line: 4, .. }
        ));
    }

    #[test]
    fn a_preview_read_in_slices_is_the_whole_preview() {
        let sheet = CsvSheet::read(
            HUBSPOT.repeat(3).replacen("Record ID", "Record", 1),
            Delimiter::Comma,
        )
        .unwrap();
        let choices = sheet.proposed_columns();
        let whole = sheet.preview(&choices).unwrap();
        let mut run = sheet.start_preview(&choices).unwrap();
        let mut slices = 0;
        while !sheet.continue_preview(&mut run, 2) {
            slices += 1;
            assert_eq!(run.rows_done(), 2 * slices);
        }
        assert!(slices >= 3);
        assert_eq!(run.finish(), whole);
    }

    #[test]
    fn semicolon_files_and_changed_choices_are_read() {
        let sheet = CsvSheet::read(
            "نام;نام خانوادگی;موبایل;کد\nرضا;کریمی;۰۹۳۵۱۱۱۲۲۳۳;X-1\n".to_owned(),
            detect_delimiter("نام;نام خانوادگی;موبایل;کد"),
        )
        .unwrap();
        assert_eq!(sheet.delimiter(), Delimiter::Semicolon);
        assert_eq!(sheet.row_count(), 1);
        let mut choices = sheet.proposed_columns();
        assert_eq!(choices[3], ColumnChoice::Ignore);
        choices[3] = ColumnChoice::AddToNotes;
        let preview = sheet.preview(&choices).unwrap();
        let rows = valid(&preview);
        assert_eq!(rows[0].name, "رضا کریمی");
        assert_eq!(rows[0].notes, "کد: X-1");
        choices[2] = ColumnChoice::AddToNotes;
        choices[3] = ColumnChoice::AddToNotes;
        choices[0] = ColumnChoice::Field(LeadField::Company);
        choices[1] = ColumnChoice::Field(LeadField::Company);
        assert_eq!(
            sheet.preview(&choices),
            Err(ImportError::RepeatedChoice(ColumnChoice::Field(
                LeadField::Company
            )))
        );
        assert_eq!(
            sheet.preview(&[ColumnChoice::Ignore; 4]),
            Err(ImportError::NoNameColumn)
        );
    }

    #[test]
    fn count_columns_become_engagement_and_bad_counts_are_row_problems() {
        use crate::domain::ActivityKind;
        let csv = "First Name,Marketing emails opened,Number of Pageviews,Number of Sessions\n\
                   Sara,5,۱۲,3\n\
                   Reza,,N/A,\n\
                   Nima,many,-1,\n";
        let sheet = CsvSheet::read(csv.to_owned(), Delimiter::Comma).unwrap();
        let choices = sheet.proposed_columns();
        assert_eq!(
            choices,
            [
                ColumnChoice::FirstName,
                ColumnChoice::EngagementCount(ActivityKind::EmailOpened),
                ColumnChoice::EngagementCount(ActivityKind::SiteVisit),
                ColumnChoice::Ignore, // site visits are counted by the first column proposing them
            ]
        );
        let preview = sheet.preview(&choices).unwrap();
        let RowOutcome::Valid(sara) = &preview.rows[0] else {
            panic!("Sara's counts are counts")
        };
        assert_eq!(
            sara.engagement,
            [
                EngagementCount {
                    kind: ActivityKind::EmailOpened,
                    count: 5,
                    column: "Marketing emails opened".to_owned()
                },
                EngagementCount {
                    kind: ActivityKind::SiteVisit,
                    count: 12,
                    column: "Number of Pageviews".to_owned()
                },
            ]
        );
        let RowOutcome::Valid(reza) = &preview.rows[1] else {
            panic!("empty and unknown counts are zero")
        };
        assert!(reza.engagement.is_empty());
        assert_eq!(
            preview.rows[2],
            RowOutcome::Invalid {
                line: 4,
                errors: Vec::new(),
                count_errors: vec![
                    CountError {
                        column: "Marketing emails opened".to_owned(),
                        problem: Problem::NotANumber
                    },
                    CountError {
                        column: "Number of Pageviews".to_owned(),
                        problem: Problem::Negative
                    },
                ]
            }
        );
    }

    #[test]
    fn export_leaves_out_deleted_leads() {
        let mut leads: Vec<Lead> = parse_leads_csv("name\nKept\nGone\n")
            .unwrap()
            .into_valid()
            .into_iter()
            .enumerate()
            .map(|(i, row)| row.fields.into_new_lead(i as u64 + 1, 0))
            .collect();
        leads[1].deleted_at = Some(1);
        let exported = crate::domain::export::leads_csv(&leads);
        assert!(exported.contains("Kept") && !exported.contains("Gone"));
    }
}
