//! A `mailto:` link (RFC 6068) that opens the user's own mail program with a message written:
//! Kariz sends nothing itself.

/// The link for a message to `to` with `subject` and `body`. Everything but the unreserved
/// characters (and `@` in the address) is percent-encoded as UTF-8; line breaks become CRLF.
pub fn mailto(to: &str, subject: &str, body: &str) -> String {
    let body = body.replace("\r\n", "\n").replace('\n', "\r\n");
    format!(
        "mailto:{}?subject={}&body={}",
        encode(to.trim(), b"@"),
        encode(subject, b""),
        encode(&body, b"")
    )
}

/// Percent-encodes `text` as UTF-8, keeping unreserved characters and the bytes in `keep`.
pub(crate) fn encode(text: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) || keep.contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn subject_and_body_are_encoded_so_no_character_breaks_the_link() {
        assert_eq!(
            mailto("sara@acme.ir", "Hi & welcome?", "Line 1\nLine 2 = 100%"),
            "mailto:sara@acme.ir?subject=Hi%20%26%20welcome%3F&body=Line%201%0D%0ALine%202%20%3D%20100%25"
        );
        assert_eq!(
            mailto("", "سلام", ""),
            "mailto:?subject=%D8%B3%D9%84%D8%A7%D9%85&body="
        );
        // An address cannot smuggle in another header.
        assert!(mailto("a@b.ir?bcc=x@y.ir", "", "").starts_with("mailto:a@b.ir%3Fbcc%3Dx@y.ir?"));
    }
}
