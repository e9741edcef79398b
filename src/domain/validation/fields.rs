//! Parsers for single typed fields (text, whole numbers, e-mail, phone, tags, choices),
//! shared by the lead form and the CSV import.

use std::borrow::Cow;

use super::lead_form::{LeadField, MAX_TAGS, MAX_TAG_CHARS};
use super::problem::Problem;
use crate::domain::text::digits::normalize_digit;

/// Trimmed text, refused when longer than the field allows.
pub(super) fn text(raw: &str, field: LeadField) -> Result<String, Problem> {
    trimmed(raw, field).map(str::to_owned)
}

/// [`text`] without the copy.
pub(super) fn trimmed(raw: &str, field: LeadField) -> Result<&str, Problem> {
    let trimmed = raw.trim();
    if too_long(trimmed, field.max_chars()) {
        Err(Problem::TooLong)
    } else {
        Ok(trimmed)
    }
}

/// More than `max` characters. A character is at least one byte, so only text of more than
/// `max` bytes needs counting (a cell of notes is scanned once, not twice).
fn too_long(text: &str, max: usize) -> bool {
    text.len() > max && text.chars().count() > max
}

/// A choice by key: empty means `default`, an unknown key is refused.
pub(super) fn option<T>(
    raw: &str,
    default: T,
    from_key: impl Fn(&str) -> Option<T>,
) -> Result<T, Problem> {
    let key = raw.trim();
    if key.is_empty() {
        Ok(default)
    } else {
        from_key(key).ok_or(Problem::UnknownOption)
    }
}

/// An optional whole number up to `max`: empty means `None`.
pub(super) fn optional_number(
    raw: &str,
    field: LeadField,
    max: u64,
) -> Result<Option<u64>, Problem> {
    let raw = trimmed(raw, field)?;
    if raw.is_empty() {
        return Ok(None);
    }
    parse_whole_number(raw, max).map(Some)
}

/// A whole, non-negative number as people type it: ASCII, Persian or Arabic-Indic digits, with
/// optional thousands separators (`,`, `٬` or the Persian comma `،`) in groups of three, and an
/// optional sign. `-5` is [`Problem::Negative`], beyond `max` [`Problem::TooLarge`], anything else
/// that is not such a number (`12.5`, `1,50`, `ten`) [`Problem::NotANumber`].
pub fn parse_whole_number(raw: &str, max: u64) -> Result<u64, Problem> {
    let trimmed = raw.trim();
    // Plain ASCII digits, the usual case, reach the same end without the copy and the groups.
    if !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return whole_digits(trimmed, max);
    }
    let text: String = trimmed.chars().map(normalize_digit).collect();
    // U+2212 is the minus sign proper, which some keyboards and pasted text produce.
    let (negative, unsigned) = match text.strip_prefix(['-', '\u{2212}']) {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(&text)),
    };
    let groups: Vec<&str> = unsigned.split([',', '،']).collect();
    let grouped_well = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    if !grouped_well || !groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit())) {
        return Err(Problem::NotANumber);
    }
    let digits = groups.concat();
    if digits.is_empty() {
        return Err(Problem::NotANumber);
    }
    if negative && !digits.trim_start_matches('0').is_empty() {
        return Err(Problem::Negative);
    }
    whole_digits(&digits, max)
}

/// A non-empty run of ASCII digits as a number up to `max`.
fn whole_digits(digits: &str, max: u64) -> Result<u64, Problem> {
    let significant = digits.trim_start_matches('0');
    // Too many digits for u64 is simply too large, not a different kind of mistake.
    match significant.parse::<u64>() {
        _ if significant.is_empty() => Ok(0),
        Ok(n) if n <= max => Ok(n),
        _ => Err(Problem::TooLarge),
    }
}

/// Tags from comma-separated text (`,` or `،`): trimmed, empty ones dropped, duplicates (compared
/// case-insensitively) dropped keeping the first spelling.
pub(super) fn tags(text: &str) -> Result<Vec<String>, Problem> {
    // A list, not a set: a lead has a few tags, and more than MAX_TAGS distinct ones are refused
    // as soon as the next one comes, so the list stays short. A tag already in lower case is its
    // own key.
    let mut seen: Vec<Cow<str>> = Vec::new();
    let mut tags = Vec::new();
    for tag in text
        .split([',', '،'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        if too_long(tag, MAX_TAG_CHARS) {
            return Err(Problem::TooLong);
        }
        let key = if tag.bytes().any(|b| !b.is_ascii() || b.is_ascii_uppercase()) {
            Cow::Owned(tag.to_lowercase())
        } else {
            Cow::Borrowed(tag)
        };
        if !seen.contains(&key) {
            if tags.len() == MAX_TAGS {
                return Err(Problem::TooLong);
            }
            seen.push(key);
            tags.push(tag.to_string());
        }
    }
    Ok(tags)
}

/// A plausible e-mail address, with its domain lower-cased (domains are case-insensitive; the
/// local part, strictly, is not, so it is kept as typed). Persian digits become ASCII. Plausible
/// means `local@domain.tld`: one `@`, no spaces, a dot in the domain, no empty or `-`-edged
/// domain labels, no consecutive dots, a top-level domain of two or more characters, not all
/// digits. Deliverability is not checkable offline, and stricter rules reject real addresses.
pub fn normalize_email(raw: &str) -> Result<String, Problem> {
    let trimmed = raw.trim();
    // Only non-ASCII text can hold Persian or Arabic-Indic digits.
    let text: Cow<str> = if trimmed.is_ascii() {
        Cow::Borrowed(trimmed)
    } else {
        Cow::Owned(trimmed.chars().map(normalize_digit).collect())
    };
    let (local, domain) = text.split_once('@').ok_or(Problem::InvalidEmail)?;
    let forbidden = |c: char| {
        c.is_whitespace()
            || c.is_control()
            || matches!(
                c,
                '@' | '<' | '>' | '(' | ')' | '[' | ']' | '\\' | ',' | ';' | ':' | '"'
            )
    };
    let local_ok = !local.is_empty()
        && !too_long(local, 64)
        && !local.chars().any(forbidden)
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    let label_ok = |l: &str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    // `split` yields at least one label; the last is the top-level domain.
    let mut labels = 0;
    let mut tld = "";
    for label in domain.split('.') {
        if !label_ok(label) {
            return Err(Problem::InvalidEmail);
        }
        labels += 1;
        tld = label;
    }
    let domain_ok =
        labels >= 2 && tld.chars().nth(1).is_some() && !tld.chars().all(|c| c.is_ascii_digit());
    if !(local_ok && domain_ok) {
        return Err(Problem::InvalidEmail);
    }
    let mut email = String::with_capacity(text.len());
    email.push_str(local);
    email.push('@');
    if domain.is_ascii() {
        email.push_str(domain);
        email[local.len() + 1..].make_ascii_lowercase();
    } else {
        email.push_str(&domain.to_lowercase());
    }
    Ok(email)
}

/// A phone number in canonical form, from the shapes people type it in.
///
/// Digits may be Persian or Arabic-Indic; spaces, `-`, `(`, `)` and `.` are separators; a `+` may
/// only lead. Iranian numbers become `+98 …`: mobiles (`09121234567`, `9121234567`,
/// `+989121234567`, `00989121234567`, `+98 0912…`) as `+98 912 123 4567`, landlines
/// (`021 1234 5678`: two-digit area code, eight-digit number) as `+98 21 1234 5678`. Other
/// countries need `+` or `00` and 7–15 digits (E.164) and become `+` and the digits, since their
/// grouping is not known here. A number with neither a country code nor Iran's trunk `0` is
/// refused, except the ten-digit `9…` form, which can only be an Iranian mobile.
pub fn normalize_phone(raw: &str) -> Result<String, Problem> {
    let mut digits = String::with_capacity(raw.len());
    let mut plus = false;
    for c in raw.trim().chars().map(normalize_digit) {
        match c {
            '0'..='9' => digits.push(c),
            '+' if digits.is_empty() && !plus => plus = true,
            ' ' | '-' | '(' | ')' | '.' | '\u{00A0}' => {}
            _ => return Err(Problem::InvalidPhone),
        }
    }
    let international = if plus {
        Some(digits.as_str())
    } else {
        digits.strip_prefix("00")
    };
    match international {
        Some(rest) => match rest.strip_prefix("98") {
            // Some write the trunk zero after the country code: +98 (0)912 …
            Some(national) => iranian(national.strip_prefix('0').unwrap_or(national)),
            None if (7..=15).contains(&rest.len()) && !rest.starts_with('0') => {
                let mut phone = String::with_capacity(rest.len() + 1);
                phone.push('+');
                phone.push_str(rest);
                Ok(phone)
            }
            None => Err(Problem::InvalidPhone),
        },
        None => match digits.strip_prefix('0') {
            Some(national) => iranian(national),
            None if digits.len() == 10 && digits.starts_with('9') => iranian(&digits),
            None => Err(Problem::InvalidPhone),
        },
    }
}

/// An Iranian number without country code or trunk zero, as `+98 …`.
fn iranian(national: &str) -> Result<String, Problem> {
    let d = national;
    // Mobiles: 912 123 4567; landlines: 21 1234 5678. Either way the last group is four digits.
    let area = match d.as_bytes().first() {
        Some(b'9') if d.len() == 10 => 3,
        Some(b'1'..=b'8') if d.len() == 10 => 2,
        _ => return Err(Problem::InvalidPhone),
    };
    let mut phone = String::with_capacity(16);
    for part in ["+98 ", &d[..area], " ", &d[area..6], " ", &d[6..]] {
        phone.push_str(part);
    }
    Ok(phone)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::lead_form::{LeadForm, MAX_BUDGET, MAX_EMPLOYEES};
    use super::super::test_forms::*;
    use super::*;
    use crate::domain::{Currency, Money};
    use proptest::prelude::*;

    #[test]
    fn email_is_optional() {
        assert_eq!(form("Sara").validate().unwrap().email, "");
        let f = LeadForm {
            email: "   ".into(),
            ..form("Sara")
        };
        assert_eq!(f.validate().unwrap().email, "");
    }

    #[test]
    fn plausible_emails_are_kept_with_a_lower_case_domain() {
        for (typed, stored) in [
            ("sara@example.com", "sara@example.com"),
            (" Sara.Ahmadi@Example.CO.IR ", "Sara.Ahmadi@example.co.ir"),
            ("first+tag@mail-server.io", "first+tag@mail-server.io"),
            ("ali۱۲@example.com", "ali12@example.com"),
            ("user@شرکت.ایران", "user@شرکت.ایران"),
        ] {
            assert_eq!(normalize_email(typed), Ok(stored.to_string()), "{typed}");
        }
    }

    #[test]
    fn implausible_emails_are_refused() {
        for typed in [
            "sara",
            "sara@",
            "@example.com",
            "sara@example",
            "sara@@example.com",
            "sa@ra@example.com",
            "sara @example.com",
            "sara@exa mple.com",
            "sara@example..com",
            "sa..ra@example.com",
            ".sara@example.com",
            "sara.@example.com",
            "sara@.example.com",
            "sara@example.com.",
            "sara@-example.com",
            "sara@example.c",
            "sara@example.123",
            "<sara@example.com>",
        ] {
            assert_eq!(
                normalize_email(typed),
                Err(Problem::InvalidEmail),
                "{typed}"
            );
        }
        let f = LeadForm {
            email: "sara@example".into(),
            ..form("Sara")
        };
        assert_eq!(
            problems(&f),
            vec![(LeadField::Email, Problem::InvalidEmail)]
        );
    }

    #[test]
    fn iranian_mobiles_in_every_common_form_become_canonical() {
        for typed in [
            "09121234567",
            "0912 123 4567",
            "0912-123-4567",
            "(0912) 123 45 67",
            "9121234567",
            "+989121234567",
            "+98 912 123 4567",
            "+98 (0)912 123 4567",
            "00989121234567",
            "۰۹۱۲۱۲۳۴۵۶۷",
            "٠٩١٢١٢٣٤٥٦٧",
            "+۹۸ ۹۱۲ ۱۲۳ ۴۵۶۷",
            " 0912.123.4567 ",
        ] {
            assert_eq!(
                normalize_phone(typed),
                Ok("+98 912 123 4567".to_string()),
                "{typed}"
            );
        }
    }

    #[test]
    fn an_iranian_mobile_must_have_exactly_eleven_digits_with_its_zero() {
        assert_eq!(normalize_phone("0912123456"), Err(Problem::InvalidPhone));
        assert_eq!(normalize_phone("091212345678"), Err(Problem::InvalidPhone));
        assert_eq!(normalize_phone("+98912123456"), Err(Problem::InvalidPhone));
        assert_eq!(normalize_phone("912123456"), Err(Problem::InvalidPhone));
    }

    #[test]
    fn iranian_landlines_become_canonical() {
        assert_eq!(
            normalize_phone("021 1234 5678"),
            Ok("+98 21 1234 5678".to_string())
        );
        assert_eq!(
            normalize_phone("۰۳۱-۳۲۱۲۳۴۵۶"),
            Ok("+98 31 3212 3456".to_string())
        );
        assert_eq!(
            normalize_phone("+98 21 1234 5678"),
            Ok("+98 21 1234 5678".to_string())
        );
        assert_eq!(normalize_phone("021 1234 567"), Err(Problem::InvalidPhone));
        // Without the area code it could be in any city.
        assert_eq!(normalize_phone("1234 5678"), Err(Problem::InvalidPhone));
    }

    #[test]
    fn international_numbers_need_a_country_code_and_seven_to_fifteen_digits() {
        assert_eq!(
            normalize_phone("+49 30 123456"),
            Ok("+4930123456".to_string())
        );
        assert_eq!(
            normalize_phone("+1 (555) 123-4567"),
            Ok("+15551234567".to_string())
        );
        assert_eq!(
            normalize_phone("0044 20 7946 0958"),
            Ok("+442079460958".to_string())
        );
        assert_eq!(normalize_phone("+1234567"), Ok("+1234567".to_string()));
        assert_eq!(normalize_phone("+123456"), Err(Problem::InvalidPhone));
        assert_eq!(
            normalize_phone("+123456789012345"),
            Ok("+123456789012345".to_string())
        );
        assert_eq!(
            normalize_phone("+1234567890123456"),
            Err(Problem::InvalidPhone)
        );
        assert_eq!(normalize_phone("555 123 4567"), Err(Problem::InvalidPhone));
    }

    #[test]
    fn letters_and_misplaced_plus_are_invalid_phones() {
        for typed in [
            "0912 CALL ME",
            "0912123456x",
            "0912+1234567",
            "++989121234567",
            "+",
            "()",
        ] {
            assert_eq!(
                normalize_phone(typed),
                Err(Problem::InvalidPhone),
                "{typed}"
            );
        }
    }

    #[test]
    fn phone_is_optional_and_stored_canonical() {
        assert_eq!(form("Sara").validate().unwrap().phone, "");
        let f = LeadForm {
            phone: "۰۹۱۲ ۱۲۳ ۴۵۶۷".into(),
            ..form("Sara")
        };
        assert_eq!(f.validate().unwrap().phone, "+98 912 123 4567");
        let f = LeadForm {
            phone: "0912123456".into(),
            ..form("Sara")
        };
        assert_eq!(
            problems(&f),
            vec![(LeadField::Phone, Problem::InvalidPhone)]
        );
    }

    #[test]
    fn whole_numbers_in_any_digits_with_thousands_separators() {
        assert_eq!(parse_whole_number("1200", 10_000), Ok(1200));
        assert_eq!(parse_whole_number("1,200", 10_000), Ok(1200));
        assert_eq!(parse_whole_number("۱٬۲۰۰", 10_000), Ok(1200));
        assert_eq!(parse_whole_number("۱،۲۰۰", 10_000), Ok(1200));
        assert_eq!(parse_whole_number("١٢٠٠", 10_000), Ok(1200));
        assert_eq!(parse_whole_number(" +12 ", 10_000), Ok(12));
        assert_eq!(parse_whole_number("0", 10_000), Ok(0));
        assert_eq!(parse_whole_number("-0", 10_000), Ok(0));
        assert_eq!(parse_whole_number("007", 10_000), Ok(7));
    }

    #[test]
    fn not_whole_numbers() {
        for typed in [
            "ten", "12.5", "۱۲٫۵", "1,50", "1,2,3", ",100", "100,", "1 200", "-", "+", "1e3",
            "--5", "0x10",
        ] {
            assert_eq!(
                parse_whole_number(typed, u64::MAX),
                Err(Problem::NotANumber),
                "{typed}"
            );
        }
    }

    #[test]
    fn negative_and_too_large_numbers() {
        assert_eq!(parse_whole_number("-5", 100), Err(Problem::Negative));
        assert_eq!(parse_whole_number("\u{2212}5", 100), Err(Problem::Negative));
        assert_eq!(parse_whole_number("-۱٬۰۰۰", 100), Err(Problem::Negative));
        assert_eq!(parse_whole_number("100", 100), Ok(100));
        assert_eq!(parse_whole_number("101", 100), Err(Problem::TooLarge));
        assert_eq!(
            parse_whole_number("99999999999999999999999", 100),
            Err(Problem::TooLarge)
        );
    }

    #[test]
    fn employees_rules() {
        let with = |e: &str| LeadForm {
            employees: e.into(),
            ..form("Sara")
        };
        assert_eq!(with("").validate().unwrap().employees, None);
        assert_eq!(with("۱٬۲۵۰").validate().unwrap().employees, Some(1250));
        assert_eq!(
            with("10,000,000").validate().unwrap().employees,
            Some(10_000_000)
        );
        assert_eq!(
            problem_of(&with("10,000,001"), LeadField::Employees),
            Some(Problem::TooLarge)
        );
        assert_eq!(
            problem_of(&with("-1"), LeadField::Employees),
            Some(Problem::Negative)
        );
        assert_eq!(
            problem_of(&with("about 50"), LeadField::Employees),
            Some(Problem::NotANumber)
        );
        assert_eq!(
            problem_of(&with("12.5"), LeadField::Employees),
            Some(Problem::NotANumber)
        );
    }

    #[test]
    fn budget_rules() {
        let with = |b: &str, c: &str| LeadForm {
            budget: b.into(),
            currency: c.into(),
            ..form("Sara")
        };
        let money = |amount, currency| Some(Money { amount, currency });
        assert_eq!(with("", "").validate().unwrap().budget, None);
        assert_eq!(
            with("۵۰۰٬۰۰۰", "").validate().unwrap().budget,
            money(500_000, Currency::Toman)
        );
        assert_eq!(
            with("1,500", "usd").validate().unwrap().budget,
            money(1_500, Currency::Usd)
        );
        assert_eq!(
            with("0", "IRR").validate().unwrap().budget,
            money(0, Currency::Irr)
        );
        assert_eq!(
            problem_of(&with("-5", ""), LeadField::Budget),
            Some(Problem::Negative)
        );
        assert_eq!(
            problem_of(&with("5 million", ""), LeadField::Budget),
            Some(Problem::NotANumber)
        );
        assert_eq!(
            with("9007199254740991", "EUR").validate().unwrap().budget,
            money(MAX_BUDGET, Currency::Eur)
        );
        assert_eq!(
            problem_of(&with("9007199254740992", ""), LeadField::Budget),
            Some(Problem::TooLarge)
        );
    }

    #[test]
    fn a_budget_needs_a_known_currency_but_no_budget_needs_none() {
        let with = |b: &str, c: &str| LeadForm {
            budget: b.into(),
            currency: c.into(),
            ..form("Sara")
        };
        assert_eq!(
            problems(&with("100", "BTC")),
            vec![(LeadField::Currency, Problem::UnknownOption)]
        );
        assert_eq!(with("", "BTC").validate().unwrap().budget, None);
        // A broken amount is reported once, on the amount.
        assert_eq!(
            problems(&with("abc", "BTC")),
            vec![(LeadField::Budget, Problem::NotANumber)]
        );
    }

    mod before {
        use super::super::{normalize_digit, Problem, MAX_TAGS, MAX_TAG_CHARS};
        use std::collections::HashSet;

        pub fn parse_whole_number(raw: &str, max: u64) -> Result<u64, Problem> {
            let text: String = raw.trim().chars().map(normalize_digit).collect();
            let (negative, unsigned) = match text.strip_prefix(['-', '\u{2212}']) {
                Some(rest) => (true, rest),
                None => (false, text.strip_prefix('+').unwrap_or(&text)),
            };
            let groups: Vec<&str> = unsigned.split([',', '،']).collect();
            let grouped_well = groups.len() == 1
                || (!groups[0].is_empty()
                    && groups[0].len() <= 3
                    && groups[1..].iter().all(|g| g.len() == 3));
            if !grouped_well || !groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit())) {
                return Err(Problem::NotANumber);
            }
            let digits = groups.concat();
            if digits.is_empty() {
                return Err(Problem::NotANumber);
            }
            let significant = digits.trim_start_matches('0');
            if negative && !significant.is_empty() {
                return Err(Problem::Negative);
            }
            match significant.parse::<u64>() {
                _ if significant.is_empty() => Ok(0),
                Ok(n) if n <= max => Ok(n),
                _ => Err(Problem::TooLarge),
            }
        }

        pub fn tags(text: &str) -> Result<Vec<String>, Problem> {
            let mut seen = HashSet::new();
            let mut tags = Vec::new();
            for tag in text
                .split([',', '،'])
                .map(str::trim)
                .filter(|t| !t.is_empty())
            {
                if tag.chars().count() > MAX_TAG_CHARS {
                    return Err(Problem::TooLong);
                }
                if seen.insert(tag.to_lowercase()) {
                    tags.push(tag.to_string());
                }
            }
            if tags.len() > MAX_TAGS {
                return Err(Problem::TooLong);
            }
            Ok(tags)
        }

        pub fn normalize_email(raw: &str) -> Result<String, Problem> {
            let text: String = raw.trim().chars().map(normalize_digit).collect();
            let (local, domain) = text.split_once('@').ok_or(Problem::InvalidEmail)?;
            let forbidden =
                |c: char| c.is_whitespace() || c.is_control() || "@<>()[]\\,;:\"".contains(c);
            let local_ok = !local.is_empty()
                && local.chars().count() <= 64
                && !local.chars().any(forbidden)
                && !local.starts_with('.')
                && !local.ends_with('.')
                && !local.contains("..");
            let labels: Vec<&str> = domain.split('.').collect();
            let label_ok = |l: &&str| {
                !l.is_empty()
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            };
            let tld = labels.last().copied().unwrap_or("");
            let domain_ok = labels.len() >= 2
                && labels.iter().all(label_ok)
                && tld.chars().count() >= 2
                && !tld.chars().all(|c| c.is_ascii_digit());
            if local_ok && domain_ok {
                Ok(format!("{local}@{}", domain.to_lowercase()))
            } else {
                Err(Problem::InvalidEmail)
            }
        }

        pub fn iranian(d: &str) -> Result<String, Problem> {
            match d.as_bytes().first() {
                Some(b'9') if d.len() == 10 => {
                    Ok(format!("+98 {} {} {}", &d[..3], &d[3..6], &d[6..]))
                }
                Some(b'1'..=b'8') if d.len() == 10 => {
                    Ok(format!("+98 {} {} {}", &d[..2], &d[2..6], &d[6..]))
                }
                _ => Err(Problem::InvalidPhone),
            }
        }
    }

    fn numberish() -> impl Strategy<Value = String> {
        prop_oneof![
            any_text(),
            "[ 0-9۰-۹٠-٩,،٬+−-]{0,30}",
            "[0-9]{0,25}",
            " ?[+-]?0*[0-9]{1,22} ?"
        ]
    }

    fn emailish() -> impl Strategy<Value = String> {
        prop_oneof![
            any_text(),
            "[ a-zA-Z0-9۰-۹.@<>,\"-]{0,20}",
            "[a-zA-Z0-9._+-]{0,70}@[a-zA-Z0-9ÉéИи.-]{0,20}",
            " ?[a-z.]{1,8}@([A-Za-z0-9-]{0,5}\\.){1,3}[A-Za-z0-9۱]{0,4} ?",
        ]
    }

    fn tagsish() -> impl Strategy<Value = String> {
        prop_oneof![
            any_text(),
            "([ aAbBKkİıſ\u{212A}ß]{0,3}[,،]){0,70}",
            "([a-c]{1,2}[,،]){0,60}",
            "[a-zA-Z]{45,55}(,[a-z]{0,3})?",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1_000))]
        #[test]
        fn numbers_read_as_before(raw in numberish(), max in prop_oneof![Just(MAX_BUDGET), Just(MAX_EMPLOYEES), Just(u64::MAX)]) {
            prop_assert_eq!(parse_whole_number(&raw, max), before::parse_whole_number(&raw, max));
        }

        #[test]
        fn emails_read_as_before(raw in emailish()) {
            prop_assert_eq!(normalize_email(&raw), before::normalize_email(&raw));
        }

        #[test]
        fn tags_read_as_before(raw in tagsish()) {
            prop_assert_eq!(tags(&raw), before::tags(&raw));
        }

        #[test]
        fn phones_group_as_before(national in "[0-9]{0,12}") {
            prop_assert_eq!(iranian(&national), before::iranian(&national));
        }
    }

    proptest! {
        #[test]
        fn canonical_phones_are_stable(digits in "[1-9][0-9]{6,14}", mobile in "9[0-9]{9}") {
            for typed in [format!("+{digits}"), format!("0{mobile}"), format!("۰۰۹۸{mobile}")] {
                if let Ok(canonical) = normalize_phone(&typed) {
                    prop_assert_eq!(normalize_phone(&canonical), Ok(canonical.clone()));
                }
            }
            let national = normalize_phone(&format!("0{mobile}"));
            prop_assert!(national.is_ok());
        }

        #[test]
        fn numbers_read_back_with_or_without_separators(n in 0u64..=MAX_BUDGET) {
            let plain = n.to_string();
            let grouped = plain
                .as_bytes()
                .rchunks(3)
                .rev()
                .map(|c| std::str::from_utf8(c).unwrap())
                .collect::<Vec<_>>()
                .join(",");
            prop_assert_eq!(parse_whole_number(&plain, MAX_BUDGET), Ok(n));
            prop_assert_eq!(parse_whole_number(&grouped, MAX_BUDGET), Ok(n));
            prop_assert_eq!(parse_whole_number(&crate::domain::to_persian_digits(&grouped), MAX_BUDGET), Ok(n));
        }
    }
}
