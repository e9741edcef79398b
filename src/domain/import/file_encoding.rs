//! Which character encoding an imported file is written in, and its text.
//!
//! Exports from other CRMs come as UTF-8 (with or without a byte-order mark), UTF-16 with a mark
//! (Excel's "Unicode text"), or Windows-1256, which Persian Excel writes for "CSV". A file without
//! a mark that is valid UTF-8 is taken as UTF-8; one that is not is taken as Windows-1256, the
//! only other encoding Persian users send us. The user can override the guess.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1256};

/// Files larger than this are refused before being read: a spreadsheet export of leads is far
/// smaller, and decoding more would hold the page for seconds.
pub const MAX_FILE_BYTES: usize = 100 * 1024 * 1024;

/// An encoding an import can be read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1256,
}

/// Why a file's bytes are not text in the chosen encoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Over [`MAX_FILE_BYTES`]; the size in bytes.
    TooLarge { bytes: usize },
    /// Bytes that are not valid in the encoding, the first at this 1-based line.
    Invalid { encoding: FileEncoding, line: u64 },
    /// A NUL character at this 1-based line: binary data, or UTF-16 read as something else.
    Nul { line: u64 },
}

impl DecodeError {
    /// Stable key, translated as `import_crm.error.<key>`.
    pub fn key(&self) -> &'static str {
        match self {
            DecodeError::TooLarge { .. } => "too_large",
            DecodeError::Invalid { .. } => "invalid_encoding",
            DecodeError::Nul { .. } => "nul_byte",
        }
    }
}

impl FileEncoding {
    /// Every encoding offered, in the order the user sees them.
    pub const ALL: [FileEncoding; 4] = [
        FileEncoding::Utf8,
        FileEncoding::Utf16Le,
        FileEncoding::Utf16Be,
        FileEncoding::Windows1256,
    ];

    /// Its usual name, shown to the user and stable as a key.
    pub fn label(self) -> &'static str {
        self.encoding().name()
    }

    /// The encoding with this [`label`](Self::label).
    pub fn from_label(label: &str) -> Option<FileEncoding> {
        Self::ALL.into_iter().find(|e| e.label() == label)
    }

    fn encoding(self) -> &'static Encoding {
        match self {
            FileEncoding::Utf8 => UTF_8,
            FileEncoding::Utf16Le => UTF_16LE,
            FileEncoding::Utf16Be => UTF_16BE,
            FileEncoding::Windows1256 => WINDOWS_1256,
        }
    }
}

/// The encoding a file is most likely written in (see the module's notes).
pub fn detect_encoding(bytes: &[u8]) -> FileEncoding {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return match encoding.name() {
            "UTF-16LE" => FileEncoding::Utf16Le,
            "UTF-16BE" => FileEncoding::Utf16Be,
            _ => FileEncoding::Utf8,
        };
    }
    if std::str::from_utf8(bytes).is_ok() {
        FileEncoding::Utf8
    } else {
        FileEncoding::Windows1256
    }
}

/// The file's text in `encoding`, without a byte-order mark. Nothing is replaced: a byte that does
/// not belong to the encoding is an error naming its line, so a wrong guess is noticed before
/// anything is stored.
pub fn decode(bytes: &[u8], encoding: FileEncoding) -> Result<String, DecodeError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(DecodeError::TooLarge { bytes: bytes.len() });
    }
    let (text, had_errors) = encoding
        .encoding()
        .decode_with_bom_removal(strip_bom(bytes, encoding));
    if had_errors {
        let line = first_invalid_line(bytes, encoding, &text);
        return Err(DecodeError::Invalid { encoding, line });
    }
    if let Some(at) = text.find('\0') {
        return Err(DecodeError::Nul {
            line: line_at(&text, at),
        });
    }
    if encoding == FileEncoding::Windows1256 {
        return Ok(persian_letters(&text));
    }
    Ok(text.into_owned())
}

/// Windows-1256 has no Persian yeh, so Persian Excel writes the Arabic yeh (or alef maksura) for
/// ی, and older files the Arabic kaf for ک. Kariz's users write Persian: stored as Persian
/// letters, names search, sort and compare with what they type.
fn persian_letters(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{64a}' | '\u{649}' => '\u{6cc}',
            '\u{643}' => '\u{6a9}',
            other => other,
        })
        .collect()
}

/// `bytes` without the mark of `encoding`, if it has one (encoding_rs only drops its own).
fn strip_bom(bytes: &[u8], encoding: FileEncoding) -> &[u8] {
    match Encoding::for_bom(bytes) {
        Some((found, len)) if found == encoding.encoding() => &bytes[len..],
        _ => bytes,
    }
}

/// The line of the first replacement character the decoder put in, or of a genuine U+FFFD in
/// UTF-8 when the invalid bytes are elsewhere.
fn first_invalid_line(bytes: &[u8], encoding: FileEncoding, text: &str) -> u64 {
    if encoding == FileEncoding::Utf8 {
        let bytes = strip_bom(bytes, encoding);
        if let Err(e) = std::str::from_utf8(bytes) {
            let before = &bytes[..e.valid_up_to()];
            return 1 + before.iter().filter(|&&b| b == b'\n').count() as u64;
        }
    }
    text.find('\u{FFFD}').map_or(1, |at| line_at(text, at))
}

fn line_at(text: &str, byte: usize) -> u64 {
    1 + text[..byte].bytes().filter(|&b| b == b'\n').count() as u64
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PERSIAN: &str = "نام,شهر\nعلی رضایی,تهران\n";

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!(
            "{}/tests/fixtures/import/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice(PERSIAN.as_bytes());
        for bytes in [PERSIAN.as_bytes(), &with_bom] {
            assert_eq!(detect_encoding(bytes), FileEncoding::Utf8);
            assert_eq!(decode(bytes, FileEncoding::Utf8).unwrap(), PERSIAN);
        }
    }

    #[test]
    fn utf16_with_bom_either_order() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(PERSIAN.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(PERSIAN.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(detect_encoding(&le), FileEncoding::Utf16Le);
        assert_eq!(detect_encoding(&be), FileEncoding::Utf16Be);
        assert_eq!(decode(&le, FileEncoding::Utf16Le).unwrap(), PERSIAN);
        assert_eq!(decode(&be, FileEncoding::Utf16Be).unwrap(), PERSIAN);
    }

    #[test]
    fn windows_1256_persian_excel_file() {
        // Golden: the fixture holds these bytes, written by hand from the Windows-1256 table
        // (ن = E4, ا = C7, م = E3, ش = D4, ه = E5, ر = D1). The code page has no Persian yeh, so
        // Excel writes the Arabic one (ي = ED); the text holds the Persian one the user typed.
        let bytes = fixture("persian-1256.csv");
        assert_eq!(&bytes[..7], &[0xE4, 0xC7, 0xE3, b',', 0xD4, 0xE5, 0xD1]);
        assert_eq!(detect_encoding(&bytes), FileEncoding::Windows1256);
        let text = decode(&bytes, FileEncoding::Windows1256).unwrap();
        assert_eq!(text, "نام,شهر\r\nعلی رضایی,تهران\r\n");
        assert!(!text.contains('\u{64a}'));
    }

    #[test]
    fn windows_1256_arabic_kaf_and_yeh_become_persian() {
        // ك = DF, ي = ED, ى = EC, and the code page's own Persian keheh ک = 98.
        let text = decode(
            &[0xDF, 0xED, b' ', 0xEC, b' ', 0x98],
            FileEncoding::Windows1256,
        )
        .unwrap();
        assert_eq!(text, "کی ی ک");
    }

    #[test]
    fn invalid_utf8_names_its_line() {
        let bytes = b"name,city\nAli,Tehran\nSara,\xE4\xC7\n";
        assert_eq!(
            decode(bytes, FileEncoding::Utf8),
            Err(DecodeError::Invalid {
                encoding: FileEncoding::Utf8,
                line: 3
            })
        );
    }

    #[test]
    fn nul_bytes_are_refused() {
        assert_eq!(
            decode(b"name\nA\0li\n", FileEncoding::Utf8),
            Err(DecodeError::Nul { line: 2 })
        );
    }

    #[test]
    fn files_over_the_limit_are_refused_before_decoding() {
        let bytes = vec![b'a'; MAX_FILE_BYTES + 1];
        assert_eq!(
            decode(&bytes, FileEncoding::Utf8),
            Err(DecodeError::TooLarge {
                bytes: MAX_FILE_BYTES + 1
            })
        );
        assert!(decode(&bytes[1..], FileEncoding::Utf8).is_ok());
    }

    #[test]
    fn labels_round_trip() {
        for e in FileEncoding::ALL {
            assert_eq!(FileEncoding::from_label(e.label()), Some(e));
        }
        assert_eq!(FileEncoding::Windows1256.label(), "windows-1256");
    }

    proptest! {
        #[test]
        fn never_panics_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            for e in FileEncoding::ALL {
                let _ = decode(&bytes, e);
            }
            // What is detected decodes, unless it holds a NUL.
            let detected = detect_encoding(&bytes);
            if !bytes.contains(&0) && detected != FileEncoding::Utf16Le && detected != FileEncoding::Utf16Be {
                prop_assert!(decode(&bytes, detected).is_ok());
            }
        }
    }
}
