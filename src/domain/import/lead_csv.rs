//! Leads as CSV. Import reads a header row in English or Persian (or our own export's keys), maps
//! each column to a lead field, and validates every row with the same rules as the lead form, so an
//! imported lead is exactly as clean as a typed one. Export writes every field under its stable key,
//! and what it writes imports back unchanged.

use std::borrow::Cow;

use super::csv_cells::CsvCells;
use crate::domain::lead_list::normalize_for_search;
use crate::domain::validation::{FieldError, LeadField, LeadFields, LeadFormText};
use crate::domain::LeadSource;

/// Why a file could not be read at all (row-level problems are [`RowOutcome::Invalid`]).
#[derive(Clone, Debug, PartialEq)]
pub enum ImportError {
    /// The file has no header row.
    Empty,
    /// No column is recognisably the lead's name, which every lead needs.
    NoNameColumn,
    /// The CSV itself is malformed (e.g. an unclosed quote), at this line.
    Malformed { line: u64 },
}

impl ImportError {
    /// Stable key, translated as `import.error.<key>`.
    pub fn key(&self) -> &'static str {
        match self {
            ImportError::Empty => "empty",
            ImportError::NoNameColumn => "no_name_column",
            ImportError::Malformed { .. } => "malformed",
        }
    }
}

/// One data row's fate.
#[derive(Clone, Debug, PartialEq)]
pub enum RowOutcome {
    /// Boxed: a valid row is large, and a 100,000-row preview should not pay that for invalid ones.
    Valid(Box<LeadFields>),
    /// `line` is the 1-based line in the file (the header is line 1).
    Invalid { line: u64, errors: Vec<FieldError> },
}

/// What a file would import, before anything is stored.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportPreview {
    /// For each column of the file, the field it fills (None: ignored).
    pub columns: Vec<(String, Option<LeadField>)>,
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

    /// The valid rows' fields, in file order.
    pub fn into_valid(self) -> Vec<LeadFields> {
        self.rows
            .into_iter()
            .filter_map(|r| match r {
                RowOutcome::Valid(fields) => Some(*fields),
                RowOutcome::Invalid { .. } => None,
            })
            .collect()
    }
}

/// Header names each field is recognised by (compared after search normalisation: case, Persian and
/// Arabic letter forms, digits). The field's own key comes first: that is what export writes.
fn aliases(field: LeadField) -> &'static [&'static str] {
    match field {
        LeadField::Name => &[
            "name",
            "full name",
            "contact",
            "contact name",
            "نام",
            "نام و نام خانوادگی",
            "نام کامل",
        ],
        LeadField::Company => &[
            "company",
            "organization",
            "organisation",
            "company name",
            "شرکت",
            "سازمان",
            "نام شرکت",
        ],
        LeadField::JobTitle => &[
            "job_title",
            "job title",
            "title",
            "position",
            "role title",
            "سمت",
            "عنوان شغلی",
        ],
        LeadField::Email => &[
            "email",
            "e-mail",
            "email address",
            "ایمیل",
            "پست الکترونیک",
            "رایانامه",
        ],
        LeadField::Phone => &[
            "phone",
            "mobile",
            "telephone",
            "phone number",
            "cell",
            "تلفن",
            "موبایل",
            "همراه",
            "شماره تماس",
            "تلفن همراه",
        ],
        LeadField::Source => &["source", "lead source", "منبع", "منبع سرنخ"],
        LeadField::Industry => &["industry", "sector", "صنعت", "حوزه فعالیت"],
        LeadField::Employees => &[
            "employees",
            "employee count",
            "company size",
            "size",
            "تعداد کارکنان",
            "تعداد کارمندان",
            "اندازه شرکت",
        ],
        LeadField::City => &["city", "شهر"],
        LeadField::Country => &["country", "کشور"],
        LeadField::Budget => &["budget", "بودجه"],
        LeadField::Currency => &["currency", "واحد پول", "ارز"],
        LeadField::DecisionRole => &[
            "decision_role",
            "decision role",
            "authority",
            "نقش در تصمیم گیری",
            "نقش",
        ],
        LeadField::Need => &["need", "needs", "pain", "نیاز"],
        LeadField::Timeline => &[
            "timeline",
            "purchase date",
            "expected purchase",
            "زمان خرید",
        ],
        LeadField::JourneyStage => &[
            "journey_stage",
            "journey stage",
            "stage",
            "مرحله سفر مشتری",
            "مرحله",
        ],
        LeadField::Owner => &[
            "owner",
            "sales rep",
            "rep",
            "assigned to",
            "مسئول",
            "کارشناس فروش",
        ],
        LeadField::Tags => &["tags", "labels", "برچسب ها", "برچسب"],
        LeadField::Notes => &[
            "notes",
            "note",
            "comments",
            "description",
            "یادداشت ها",
            "یادداشت",
            "توضیحات",
        ],
    }
}

fn normalize_header(header: &str) -> String {
    // ZWNJ-joined Persian words ("برچسب‌ها") and snake_case keys compare as plain words.
    normalize_for_search(&header.replace('\u{200c}', " "))
        .replace(['_', '-'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn field_for_header(header: &str) -> Option<LeadField> {
    let wanted = normalize_header(header);
    if wanted.is_empty() {
        return None;
    }
    LeadField::ALL.into_iter().find(|&field| {
        aliases(field)
            .iter()
            .any(|alias| normalize_header(alias) == wanted)
    })
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

/// Reads a CSV file of leads (comma-separated, UTF-8, optional BOM, header row first) into a preview:
/// every row validated, nothing stored. Rows without a source column get the source "import".
///
/// [`ImportError::Malformed`] is kept for callers, but a `str` is always readable: as with any CSV
/// reader of the usual rules, an unclosed quote runs to the end of the file.
pub fn parse_leads_csv(text: &str) -> Result<ImportPreview, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = CsvCells::new(text);
    let mut cells: Vec<Cow<str>> = Vec::with_capacity(LeadField::ALL.len());
    reader.next_record(&mut cells);
    if cells.iter().all(|h| h.trim().is_empty()) {
        return Err(ImportError::Empty);
    }
    let mut columns: Vec<(String, Option<LeadField>)> = Vec::with_capacity(cells.len());
    for header in &cells {
        // A field claimed by an earlier column is not filled twice.
        let field =
            field_for_header(header).filter(|f| !columns.iter().any(|(_, g)| g == &Some(*f)));
        columns.push((header.to_string(), field));
    }
    if !columns.iter().any(|(_, f)| *f == Some(LeadField::Name)) {
        return Err(ImportError::NoNameColumn);
    }
    let has_source = columns.iter().any(|(_, f)| *f == Some(LeadField::Source));

    let default_source = if has_source {
        ""
    } else {
        LeadSource::Import.key()
    };

    let mut rows = Vec::new();
    while let Some(line) = reader.next_record(&mut cells) {
        if cells.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let mut form = LeadFormText {
            source: default_source,
            ..LeadFormText::default()
        };
        let (mut source, mut currency, mut decision_role, mut journey_stage) =
            (None, None, None, None);
        for (cell, (_, field)) in cells.iter().zip(&columns) {
            let Some(field) = field else { continue };
            let cell: &str = cell;
            match field {
                LeadField::Name => form.name = cell,
                LeadField::Company => form.company = cell,
                LeadField::JobTitle => form.job_title = cell,
                LeadField::Email => form.email = cell,
                LeadField::Phone => form.phone = cell,
                LeadField::Source => source = Some(option_key(cell)),
                LeadField::Industry => form.industry = cell,
                LeadField::Employees => form.employees = cell,
                LeadField::City => form.city = cell,
                LeadField::Country => form.country = cell,
                LeadField::Budget => form.budget = cell,
                LeadField::Currency => currency = Some(currency_code(cell)),
                LeadField::DecisionRole => decision_role = Some(option_key(cell)),
                LeadField::Need => form.need = cell,
                LeadField::Timeline => form.timeline = cell,
                LeadField::JourneyStage => journey_stage = Some(option_key(cell)),
                LeadField::Owner => form.owner = cell,
                LeadField::Tags => form.tags = cell,
                LeadField::Notes => form.notes = cell,
            }
        }
        for (slot, value) in [
            (&mut form.source, &source),
            (&mut form.currency, &currency),
            (&mut form.decision_role, &decision_role),
            (&mut form.journey_stage, &journey_stage),
        ] {
            if let Some(value) = value {
                *slot = &**value;
            }
        }
        rows.push(match form.validate() {
            Ok(fields) => RowOutcome::Valid(Box::new(fields)),
            Err(errors) => RowOutcome::Invalid { line, errors },
        });
    }
    Ok(ImportPreview { columns, rows })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    use crate::domain::validation::{LeadForm, Problem};
    use crate::domain::{Currency, DecisionRole, JourneyStage, Lead, Money};
    use proptest::prelude::*;

    fn valid(preview: &ImportPreview) -> Vec<&LeadFields> {
        preview
            .rows
            .iter()
            .filter_map(|r| match r {
                RowOutcome::Valid(f) => Some(&**f),
                _ => None,
            })
            .collect()
    }

    /// The import as it was before it read cells in place: the csv crate's records, each cell
    /// copied into a `LeadForm`, option cells lower-cased and currencies upper-cased as they came.
    fn parse_before(text: &str) -> Result<ImportPreview, ImportError> {
        fn option_key(raw: &str) -> String {
            raw.trim().to_lowercase().replace([' ', '-'], "_")
        }
        fn set_field(form: &mut LeadForm, field: LeadField, value: &str) {
            let value = value.to_owned();
            match field {
                LeadField::Name => form.name = value,
                LeadField::Company => form.company = value,
                LeadField::JobTitle => form.job_title = value,
                LeadField::Email => form.email = value,
                LeadField::Phone => form.phone = value,
                LeadField::Source => form.source = option_key(&value),
                LeadField::Industry => form.industry = value,
                LeadField::Employees => form.employees = value,
                LeadField::City => form.city = value,
                LeadField::Country => form.country = value,
                LeadField::Budget => form.budget = value,
                LeadField::Currency => form.currency = value.trim().to_uppercase(),
                LeadField::DecisionRole => form.decision_role = option_key(&value),
                LeadField::Need => form.need = value,
                LeadField::Timeline => form.timeline = value,
                LeadField::JourneyStage => form.journey_stage = option_key(&value),
                LeadField::Owner => form.owner = value,
                LeadField::Tags => form.tags = value,
                LeadField::Notes => form.notes = value,
            }
        }
        let malformed = |e: csv::Error| ImportError::Malformed {
            line: e.position().map_or(0, |p| p.line()),
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(text.as_bytes());
        let headers = reader.headers().map_err(malformed)?.clone();
        if headers.iter().all(|h| h.trim().is_empty()) {
            return Err(ImportError::Empty);
        }
        let mut columns: Vec<(String, Option<LeadField>)> = Vec::new();
        for header in headers.iter() {
            let field =
                field_for_header(header).filter(|f| !columns.iter().any(|(_, g)| g == &Some(*f)));
            columns.push((header.to_owned(), field));
        }
        if !columns.iter().any(|(_, f)| *f == Some(LeadField::Name)) {
            return Err(ImportError::NoNameColumn);
        }
        let has_source = columns.iter().any(|(_, f)| *f == Some(LeadField::Source));
        let mut rows = Vec::new();
        let mut record = csv::StringRecord::new();
        while reader.read_record(&mut record).map_err(malformed)? {
            if record.iter().all(|cell| cell.trim().is_empty()) {
                continue;
            }
            let line = record
                .position()
                .map_or(0, |p| super::super::csv_cells::crate_record_line(text, p));
            let mut form = LeadForm::default();
            if !has_source {
                form.source = LeadSource::Import.key().to_owned();
            }
            for (cell, (_, field)) in record.iter().zip(&columns) {
                if let Some(field) = field {
                    set_field(&mut form, *field, cell);
                }
            }
            rows.push(match form.validate() {
                Ok(fields) => RowOutcome::Valid(Box::new(fields)),
                Err(errors) => RowOutcome::Invalid { line, errors },
            });
        }
        Ok(ImportPreview { columns, rows })
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
        #[test]
        fn any_file_imports_as_before(text in csv_text()) {
            prop_assert_eq!(parse_leads_csv(&text), parse_before(&text));
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
        assert_eq!(preview.columns[0].1, Some(LeadField::Name));
        assert_eq!(preview.columns[3].1, Some(LeadField::Phone));
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
                }]
            }
        );
        let RowOutcome::Invalid { line, errors } = &preview.rows[2] else {
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
        assert!(matches!(
            parse_leads_csv("name,notes\nA,\"unclosed\n"),
            Ok(_) | Err(ImportError::Malformed { .. })
        ));
    }

    #[test]
    fn blank_lines_and_bom_are_ignored_and_unknown_columns_kept_out() {
        let csv = "\u{feff}name,favourite colour\nA,blue\n,\n\nB,red\n";
        let preview = parse_leads_csv(csv).unwrap();
        assert_eq!(preview.columns[1], ("favourite colour".to_owned(), None));
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
            .map(|f| f.into_new_lead(7, 0))
            .collect();
        assert_eq!(first[0].decision_role, DecisionRole::DecisionMaker);
        assert_eq!(first[0].journey_stage, JourneyStage::Decision);
        assert_eq!(first[0].need, "CRM for\n5 reps");
        let exported = crate::domain::export::leads_csv(&first);
        let again: Vec<Lead> = parse_leads_csv(&exported)
            .unwrap()
            .into_valid()
            .into_iter()
            .map(|f| f.into_new_lead(7, 0))
            .collect();
        assert_eq!(first, again);
    }

    #[test]
    fn export_leaves_out_deleted_leads() {
        let mut leads: Vec<Lead> = parse_leads_csv("name\nKept\nGone\n")
            .unwrap()
            .into_valid()
            .into_iter()
            .enumerate()
            .map(|(i, f)| f.into_new_lead(i as u64 + 1, 0))
            .collect();
        leads[1].deleted_at = Some(1);
        let exported = crate::domain::export::leads_csv(&leads);
        assert!(exported.contains("Kept") && !exported.contains("Gone"));
    }
}
