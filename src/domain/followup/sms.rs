//! SMS drafts: how many messages a text costs, and when bulk messages may be sent.
//!
//! GSM 03.38 text fits 160 characters in one message (153 each when split); anything else —
//! Persian, for one — is sent as UCS-2: 70 in one message, 67 each when split.

use crate::domain::text::digits::normalize_digits;
use crate::domain::Timestamp;

/// Characters of the GSM 7-bit default alphabet (the extension table's `^{}\[~]|€` count twice).
const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENDED: &str = "^{}\\[~]|€\u{c}";

/// What a draft costs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SmsSegments {
    /// Messages the text is split into (0 for an empty text).
    pub count: usize,
    /// Characters one message holds for this text (160 or 70 when alone, 153 or 67 when split).
    pub per_segment: usize,
    /// Whether the text needs UCS-2 (Persian, emoji…).
    pub unicode: bool,
}

pub fn segments(text: &str) -> SmsSegments {
    let gsm = text
        .chars()
        .all(|c| GSM_BASIC.contains(c) || GSM_EXTENDED.contains(c));
    let (length, single, multi) = if gsm {
        let units: usize = text
            .chars()
            .map(|c| if GSM_EXTENDED.contains(c) { 2 } else { 1 })
            .sum();
        (units, 160, 153)
    } else {
        // UCS-2 counts UTF-16 code units: an emoji is two.
        (text.encode_utf16().count(), 70, 67)
    };
    let (count, per_segment) = match length {
        0 => (0, single),
        n if n <= single => (1, single),
        n => (n.div_ceil(multi), multi),
    };
    SmsSegments {
        count,
        per_segment,
        unicode: !gsm,
    }
}

/// An `sms:` link (RFC 5724) that opens the user's own messaging app with `body` written to
/// `phone`. Only digits and a leading `+` of the number are kept, so spaces, dashes and brackets
/// typed in a phone field do not break the link; line breaks become CRLF like in `mailto`.
pub fn sms_link(phone: &str, body: &str) -> String {
    let trimmed = normalize_digits(phone.trim());
    let mut number: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    if trimmed.starts_with('+') && !number.is_empty() {
        number.insert(0, '+');
    }
    let body = body.replace("\r\n", "\n").replace('\n', "\r\n");
    format!("sms:{number}?body={}", super::mailto::encode(&body, b""))
}

/// Whether `at` is outside 09:00–21:00 on the recipient's clock, when Iranian SMS panels do not
/// deliver bulk messages.
pub fn outside_sending_hours(at: Timestamp, offset_minutes: i32) -> bool {
    let local_minutes = (at / 60_000 + offset_minutes as i64).rem_euclid(24 * 60);
    !(9 * 60..21 * 60).contains(&local_minutes)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn latin_text_fits_160_then_153_per_message() {
        assert_eq!(segments("").count, 0);
        assert_eq!(
            segments(&"a".repeat(160)),
            SmsSegments {
                count: 1,
                per_segment: 160,
                unicode: false
            }
        );
        assert_eq!(
            segments(&"a".repeat(161)),
            SmsSegments {
                count: 2,
                per_segment: 153,
                unicode: false
            }
        );
        assert_eq!(segments(&"a".repeat(306)).count, 2);
        assert_eq!(segments(&"a".repeat(307)).count, 3);
        // `{` takes two units of the 160.
        assert_eq!(segments(&format!("{}{{", "a".repeat(159))).count, 2);
    }

    #[test]
    fn persian_text_fits_70_then_67_per_message() {
        let seventy = "س".repeat(70);
        assert_eq!(
            segments(&seventy),
            SmsSegments {
                count: 1,
                per_segment: 70,
                unicode: true
            }
        );
        assert_eq!(
            segments(&format!("{seventy}س")),
            SmsSegments {
                count: 2,
                per_segment: 67,
                unicode: true
            }
        );
        assert_eq!(segments(&"س".repeat(135)).count, 3);
        // One Persian letter makes a Latin text UCS-2.
        assert!(segments("Hello سارا").unicode);
    }

    #[test]
    fn sms_link_keeps_the_number_and_encodes_the_body() {
        assert_eq!(
            sms_link(" +98 (912) 123-4567 ", "Hi & bye\n100%"),
            "sms:+989121234567?body=Hi%20%26%20bye%0D%0A100%25"
        );
        // Persian digits typed in the phone field are still a number.
        assert_eq!(
            sms_link("۰۹۱۲۱۲۳۴۵۶۷", "سلام"),
            "sms:09121234567?body=%D8%B3%D9%84%D8%A7%D9%85"
        );
        // A number cannot smuggle in another field.
        assert_eq!(sms_link("0912?body=x", ""), "sms:0912?body=");
        assert_eq!(sms_link("", "a"), "sms:?body=a");
    }

    #[test]
    fn sending_hours_are_nine_to_nine_on_the_recipients_clock() {
        // 2026-12-02 07:10 UTC is 10:40 in Tehran.
        let morning = 1_796_195_400_000;
        assert!(!outside_sending_hours(morning, 210));
        assert!(outside_sending_hours(morning, 0), "07:10 in London");
        let hour = 3_600_000;
        assert!(
            outside_sending_hours(morning + 11 * hour, 210),
            "21:40 in Tehran"
        );
        assert!(
            !outside_sending_hours(morning + 10 * hour, 210),
            "20:40 in Tehran"
        );
    }
}
