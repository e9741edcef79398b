//! Which character separates the cells of an imported CSV file.
//!
//! Excel writes `;` where the decimal separator is a comma, "Unicode text" exports use tabs, and
//! everyone else writes `,`. The header row tells them apart: the candidate that occurs most often
//! in it, outside quotes, wins; a tie or none at all means a comma.

/// A cell separator an import can be read with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delimiter {
    Comma,
    Semicolon,
    Tab,
}

impl Delimiter {
    /// Every separator offered, in the order the user sees them.
    pub const ALL: [Delimiter; 3] = [Delimiter::Comma, Delimiter::Semicolon, Delimiter::Tab];

    /// The byte it is written as.
    pub fn byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
            Delimiter::Tab => b'\t',
        }
    }

    /// Stable key, translated as `import_crm.delimiter.<key>`.
    pub fn key(self) -> &'static str {
        match self {
            Delimiter::Comma => "comma",
            Delimiter::Semicolon => "semicolon",
            Delimiter::Tab => "tab",
        }
    }
}

/// The separator the file's first record (its header) most likely uses.
pub fn detect_delimiter(text: &str) -> Delimiter {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = Delimiter::ALL.iter().position(|d| d.byte() == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let best = counts.iter().copied().max().unwrap_or(0);
    // Comma first: it wins ties and the empty case.
    Delimiter::ALL
        .into_iter()
        .zip(counts)
        .find(|&(_, n)| n == best && n > 0)
        .map_or(Delimiter::Comma, |(d, _)| d)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn each_separator_is_recognised_from_the_header() {
        assert_eq!(
            detect_delimiter("First Name,Last Name,Email\na;b,c,d\n"),
            Delimiter::Comma
        );
        assert_eq!(
            detect_delimiter("First Name;Last Name;Email\n1,2;3\n"),
            Delimiter::Semicolon
        );
        assert_eq!(
            detect_delimiter("First Name\tLast Name\tEmail\n"),
            Delimiter::Tab
        );
    }

    #[test]
    fn separators_inside_quotes_do_not_count() {
        assert_eq!(detect_delimiter("\"a,b,c\";\"d\"\n"), Delimiter::Semicolon);
        // A quoted header spanning lines is still one record.
        assert_eq!(detect_delimiter("\"a\nb,c,d\"\tx\ty\n"), Delimiter::Tab);
    }

    #[test]
    fn a_single_column_or_a_tie_means_comma() {
        assert_eq!(detect_delimiter("name\nAli\n"), Delimiter::Comma);
        assert_eq!(detect_delimiter(""), Delimiter::Comma);
        assert_eq!(detect_delimiter("a;b,c\n"), Delimiter::Comma);
    }

    proptest! {
        #[test]
        fn never_panics(text in ".{0,200}") {
            let _ = detect_delimiter(&text);
        }

        #[test]
        fn a_header_joined_by_one_separator_is_read_with_it(
            cells in proptest::collection::vec("[a-zA-Z ]{1,8}", 2..6),
            which in 0usize..3,
        ) {
            let d = Delimiter::ALL[which];
            let header = cells.join(&char::from(d.byte()).to_string());
            prop_assert_eq!(detect_delimiter(&format!("{header}\n")), d);
        }
    }
}
