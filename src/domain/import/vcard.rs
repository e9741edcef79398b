//! Business cards and phone address books as vCard files (.vcf, versions 3.0 and 4.0, several
//! cards per file): each card becomes a lead with the source "Business card", validated by the
//! lead form's rules like a CSV row. The `ical` crate reads the file's structure (folded lines,
//! properties, parameters); this module reads the values (structured `N` and `ADR`, escapes).

use std::io::BufReader;

use ical::VcardParser;

use super::lead_csv::{ImportPreview, RowOutcome};
use super::unknown_value::is_unknown;
use crate::domain::validation::LeadFormText;
use crate::domain::LeadSource;

/// Why a file could not be read as vCards.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VcardError {
    /// No `BEGIN:VCARD` in the file.
    NotAVcard,
    /// Card number `card` (1-based) is broken: what the reader said.
    Malformed { card: usize, reason: String },
}

impl VcardError {
    /// Stable key, translated as `import.error.<key>`.
    pub fn key(&self) -> &'static str {
        match self {
            VcardError::NotAVcard => "not_a_vcard",
            VcardError::Malformed { .. } => "malformed_vcard",
        }
    }
}

/// Every card of `text` as a preview row; a row's "line" is where its `BEGIN:VCARD` is.
pub fn parse_vcards(text: &str) -> Result<ImportPreview, VcardError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let begin_lines: Vec<u64> = text
        .lines()
        .enumerate()
        .filter(|(_, line)| line.trim().eq_ignore_ascii_case("BEGIN:VCARD"))
        .map(|(i, _)| i as u64 + 1)
        .collect();
    if begin_lines.is_empty() {
        return Err(VcardError::NotAVcard);
    }
    let mut rows = Vec::with_capacity(begin_lines.len());
    let parser = VcardParser::new(BufReader::new(text.trim_start().as_bytes()));
    for (index, card) in parser.enumerate() {
        let card = card.map_err(|e| VcardError::Malformed {
            card: index + 1,
            reason: e.to_string(),
        })?;
        let line = begin_lines.get(index).copied().unwrap_or(0);
        rows.push(card_row(&card.properties, line));
    }
    Ok(ImportPreview {
        columns: Vec::new(),
        rows,
    })
}

fn card_row(properties: &[ical::property::Property], line: u64) -> RowOutcome {
    let value = |name: &str| -> Vec<(&ical::property::Property, String)> {
        properties
            .iter()
            .filter(|p| p.name.eq_ignore_ascii_case(name))
            .filter_map(|p| {
                let v = p.value.as_deref().unwrap_or("");
                (!is_unknown(v)).then(|| (p, v.to_owned()))
            })
            .collect()
    };
    let first_text = |name: &str| -> String {
        value(name)
            .first()
            .map(|(_, v)| unescape(v))
            .unwrap_or_default()
    };

    let mut name = first_text("FN");
    if name.trim().is_empty() {
        if let Some((_, n)) = value("N").first() {
            // family;given;additional;prefixes;suffixes
            let parts = components(n);
            let get = |i: usize| parts.get(i).map(String::as_str).unwrap_or("");
            name = [get(3), get(1), get(2), get(0), get(4)]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
        }
    }
    let company = value("ORG")
        .first()
        .map(|(_, v)| components(v).into_iter().next().unwrap_or_default())
        .unwrap_or_default();
    let job_title = first_text("TITLE");

    let mut notes: Vec<String> = Vec::new();
    let note = first_text("NOTE");
    if !note.trim().is_empty() {
        notes.push(note);
    }
    let phones = preferred_first(value("TEL"), "cell");
    let emails = preferred_first(value("EMAIL"), "pref");
    let phone = phones.first().cloned().unwrap_or_default();
    let email = emails.first().cloned().unwrap_or_default();
    notes.extend(phones.iter().skip(1).map(|p| format!("TEL: {p}")));
    notes.extend(emails.iter().skip(1).map(|e| format!("EMAIL: {e}")));

    // ADR: po box;extended;street;locality;region;postal code;country
    let (mut city, mut country) = (String::new(), String::new());
    if let Some((_, adr)) = value("ADR").first() {
        let parts = components(adr);
        city = parts.get(3).cloned().unwrap_or_default();
        country = parts.get(6).cloned().unwrap_or_default();
        let street: Vec<&str> = parts
            .iter()
            .take(3)
            .chain(parts.get(4))
            .chain(parts.get(5))
            .map(String::as_str)
            .filter(|p| !p.trim().is_empty())
            .collect();
        if !street.is_empty() {
            notes.push(format!("ADR: {}", street.join(", ")));
        }
    }
    let notes = notes.join("\n");
    let form = LeadFormText {
        name: &name,
        company: &company,
        job_title: &job_title,
        email: &email,
        phone: strip_tel_uri(&phone),
        source: LeadSource::BusinessCard.key(),
        city: &city,
        country: &country,
        notes: &notes,
        ..LeadFormText::default()
    };
    match form.validate() {
        Ok(fields) => RowOutcome::Valid(Box::new(fields.into())),
        Err(errors) => RowOutcome::Invalid {
            line,
            errors,
            count_errors: Vec::new(),
        },
    }
}

/// The values, unescaped, with those whose TYPE includes `preferred` (or PREF) first.
fn preferred_first(
    values: Vec<(&ical::property::Property, String)>,
    preferred: &str,
) -> Vec<String> {
    let is_preferred = |p: &ical::property::Property| {
        p.params.iter().flatten().any(|(name, values)| {
            name.eq_ignore_ascii_case("PREF")
                || (name.eq_ignore_ascii_case("TYPE")
                    && values.iter().any(|v| {
                        v.split(',').any(|t| {
                            t.eq_ignore_ascii_case(preferred) || t.eq_ignore_ascii_case("pref")
                        })
                    }))
        })
    };
    let (mut first, rest): (Vec<_>, Vec<_>) =
        values.into_iter().partition(|(p, _)| is_preferred(p));
    first.extend(rest);
    first.into_iter().map(|(_, v)| unescape(&v)).collect()
}

/// vCard 4.0 may write a phone as a `tel:` URI.
fn strip_tel_uri(phone: &str) -> &str {
    phone
        .strip_prefix("tel:")
        .or_else(|| phone.strip_prefix("TEL:"))
        .unwrap_or(phone)
}

/// A structured value's components (split at unescaped `;`), each unescaped.
fn components(value: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let last = parts.last_mut().expect("starts with one part");
                last.push('\\');
                if let Some(next) = chars.next() {
                    last.push(next);
                }
            }
            ';' => parts.push(String::new()),
            other => parts.last_mut().expect("starts with one part").push(other),
        }
    }
    parts
        .iter()
        .map(|p| unescape(p).trim().to_owned())
        .collect()
}

/// RFC 6350 text escapes: `\n` (or `\N`) is a line break, `\,` `\;` `\\` the character itself.
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::validation::LeadFields;
    use proptest::prelude::*;

    fn valid(preview: &ImportPreview) -> Vec<&LeadFields> {
        preview
            .rows
            .iter()
            .filter_map(|r| match r {
                RowOutcome::Valid(row) => Some(&row.fields),
                RowOutcome::Invalid { .. } => None,
            })
            .collect()
    }

    const CARDS: &str = "BEGIN:VCARD\r\n\
        VERSION:3.0\r\n\
        N:کریمی;رضا;;;\r\n\
        FN:رضا کریمی\r\n\
        ORG:پارس سیستم;فروش\r\n\
        TITLE:مدیر فروش\r\n\
        TEL;TYPE=WORK,VOICE:+98 21 8888 7777\r\n\
        TEL;TYPE=CELL:۰۹۱۲۱۲۳۴۵۶۷\r\n\
        EMAIL;TYPE=INTERNET:reza@pars.ir\r\n\
        ADR;TYPE=WORK:;;خیابان ولیعصر\\, پلاک ۱۰;تهران;;;ایران\r\n\
        NOTE:دیدار در نمایشگاه\\nپیگیری هفته بعد\r\n\
        END:VCARD\r\n\
        BEGIN:VCARD\r\n\
        VERSION:4.0\r\n\
        N:Doe;Jane;;Dr.;\r\n\
        EMAIL;PREF=1:jane@example.com\r\n\
        EMAIL:jane.doe@home.example\r\n\
        TEL;VALUE=uri;TYPE=cell:tel:+49-30-123456\r\n\
        END:VCARD\r\n\
        BEGIN:VCARD\r\n\
        VERSION:3.0\r\n\
        ORG:Nameless Ltd\r\n\
        END:VCARD\r\n";

    #[test]
    fn cards_of_both_versions_become_business_card_leads() {
        let preview = parse_vcards(CARDS).unwrap();
        assert_eq!(preview.rows.len(), 3);
        let rows = valid(&preview);
        assert_eq!(rows.len(), 2);
        let reza = rows[0];
        assert_eq!(reza.name, "رضا کریمی");
        assert_eq!(reza.company, "پارس سیستم");
        assert_eq!(reza.job_title, "مدیر فروش");
        assert_eq!(reza.phone, "+98 912 123 4567", "the mobile is preferred");
        assert_eq!(reza.email, "reza@pars.ir");
        assert_eq!(reza.city, "تهران");
        assert_eq!(reza.country, "ایران");
        assert_eq!(reza.source, LeadSource::BusinessCard);
        assert_eq!(
            reza.notes,
            "دیدار در نمایشگاه\nپیگیری هفته بعد\nTEL: +98 21 8888 7777\nADR: خیابان ولیعصر, پلاک ۱۰"
        );
        let jane = rows[1];
        assert_eq!(jane.name, "Dr. Jane Doe", "no FN: the name is built from N");
        assert_eq!(jane.email, "jane@example.com");
        assert_eq!(jane.notes, "EMAIL: jane.doe@home.example");
        assert!(!jane.phone.is_empty());
        // The nameless card is reported at the line of its BEGIN.
        assert!(matches!(
            preview.rows[2],
            RowOutcome::Invalid { line: 20, .. }
        ));
    }

    #[test]
    fn files_that_are_not_vcards_are_refused() {
        assert_eq!(
            parse_vcards("name,email\nA,a@x.com\n"),
            Err(VcardError::NotAVcard)
        );
        assert!(matches!(
            parse_vcards("BEGIN:VCARD\nFN:Cut short\n"),
            Err(VcardError::Malformed { card: 1, .. })
        ));
    }

    proptest! {
        /// Fuzz: random text and mutated cards are read or refused, never a panic.
        #[test]
        fn any_text_is_read_or_refused_never_a_panic(
            text in "(BEGIN:VCARD\r?\n|END:VCARD\r?\n|FN:|N:|ADR:|TEL;TYPE=CELL:|;|\\\\|,|\r?\n |[a-zآ-ی0-9 ]{0,6}|\n){0,40}",
            cut in 0usize..700,
            at in 0usize..700,
            byte in any::<u8>(),
        ) {
            let _ = parse_vcards(&text);
            let mut bytes = CARDS.as_bytes().to_vec();
            if at < bytes.len() {
                bytes[at] = byte;
            }
            bytes.truncate(cut);
            let _ = parse_vcards(&String::from_utf8_lossy(&bytes));
        }
    }
}
