//! Decimal numbers read from and written as text, without core's float parser and printer.
//!
//! Why this exists: size. `str::parse::<f64>` links core's dec2flt and f64's `Display` links
//! flt2dec (Grisu with its Dragon fallback, big-number code and power-of-ten tables), about 20 KB
//! of the app's wasm before compression, for one typed half-life and a few report numbers.
//!
//! - [`parse_finite`] reads with exact big-integer arithmetic: slow next to dec2flt but small, and
//!   the app only parses what a person types.
//! - [`shortest_text`] takes its digits from `zmij`, the shortest-digits printer serde_json already
//!   links to save f64 fields, and lays them out the way `Display` does.
//! - [`tenths_text`] prints a value rounded to tenths with integer arithmetic.
//!
//! Each gives exactly what the standard library gives (property-tested against it below).

use std::cmp::Ordering;

/// Significant digits kept while parsing. A tie between two f64s (a halfway point) never needs more
/// than 767, so the digits after these only matter as "some were not zero".
const KEPT_DIGITS: usize = 800;

/// The value of `text` if it is a finite decimal number as `str::parse::<f64>` reads it: optional
/// sign, digits with an optional `.` (`7.5`, `.5`, `5.`), optional exponent (`1e3`, `2E-2`).
/// Same result as `text.parse::<f64>().ok().filter(|x| x.is_finite())`: `inf`, `NaN` and numbers
/// too large for an f64 are `None`; numbers too small for one are zero.
pub fn parse_finite(text: &str) -> Option<f64> {
    let (negative, unsigned) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        all => (false, all),
    };
    // The value is `digits × 10^exponent`; `digits` starts at the first non-zero digit.
    let mut digits: Vec<u8> = Vec::new();
    let mut exponent: i64 = 0;
    let mut any_digit = false;
    let mut after_point = false;
    let mut dropped_non_zero = false;
    let mut i = 0;
    while let Some(&c) = unsigned.get(i) {
        match c {
            b'0'..=b'9' => {
                any_digit = true;
                if after_point {
                    exponent -= 1;
                }
                if c != b'0' || !digits.is_empty() {
                    if digits.len() < KEPT_DIGITS {
                        digits.push(c - b'0');
                    } else {
                        exponent += 1;
                        dropped_non_zero |= c != b'0';
                    }
                }
            }
            b'.' if !after_point => after_point = true,
            _ => break,
        }
        i += 1;
    }
    if !any_digit {
        return None;
    }
    if i < unsigned.len() {
        exponent += parse_exponent(&unsigned[i..])?;
    }
    if dropped_non_zero {
        // Stands for the dropped digits: between the kept ones and the next, as they were.
        digits.push(1);
        exponent -= 1;
    }
    while digits.last() == Some(&0) {
        digits.pop();
        exponent += 1;
    }
    let magnitude = if digits.is_empty() {
        0.0
    } else {
        let count = digits.len() as i64;
        if count - 1 + exponent > 308 {
            return None; // at least 1e309, beyond f64::MAX
        }
        if count + exponent < -324 {
            0.0 // below 1e-325, nearer zero than the smallest f64 (4.9e-324)
        } else {
            let mut numerator = Natural::from_digits(&digits);
            let mut denominator = Natural(vec![1]);
            if exponent >= 0 {
                numerator.mul_pow10(exponent as u64);
            } else {
                denominator.mul_pow10(exponent.unsigned_abs());
            }
            nearest_f64(&numerator, &denominator)
        }
    };
    if magnitude.is_infinite() {
        return None;
    }
    Some(if negative { -magnitude } else { magnitude })
}

/// The exponent part, `e` or `E` then an optional sign and digits, and nothing after it. Like
/// dec2flt, stops adding digits once past 65536: such an exponent is out of range either way.
fn parse_exponent(text: &[u8]) -> Option<i64> {
    let (negative, digits) = match text {
        [b'e' | b'E', b'-', rest @ ..] => (true, rest),
        [b'e' | b'E', b'+', rest @ ..] | [b'e' | b'E', rest @ ..] => (false, rest),
        _ => return None,
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut value: i64 = 0;
    for &d in digits {
        if value < 0x10000 {
            value = value * 10 + i64::from(d - b'0');
        }
    }
    Some(if negative { -value } else { value })
}

/// A non-negative whole number of any size: little-endian 32-bit limbs, no zero limb on top.
struct Natural(Vec<u32>);

impl Natural {
    fn from_digits(digits: &[u8]) -> Natural {
        let mut n = Natural(Vec::new());
        for &d in digits {
            n.mul_add(10, u32::from(d));
        }
        n
    }

    /// `self × factor + addend`.
    fn mul_add(&mut self, factor: u32, addend: u32) {
        let mut carry = u64::from(addend);
        for limb in &mut self.0 {
            let t = u64::from(*limb) * u64::from(factor) + carry;
            *limb = t as u32;
            carry = t >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_pow10(&mut self, mut power: u64) {
        while power > 0 {
            let step = power.min(9);
            self.mul_add(10u32.pow(step as u32), 0);
            power -= step;
        }
    }

    fn bit_len(&self) -> i64 {
        self.0.last().map_or(0, |top| {
            self.0.len() as i64 * 32 - i64::from(top.leading_zeros())
        })
    }

    fn shifted_left(&self, bits: u64) -> Natural {
        let (limbs, bits) = ((bits / 32) as usize, (bits % 32) as u32);
        let mut out = vec![0; limbs];
        let mut carry = 0u32;
        for &limb in &self.0 {
            out.push((limb << bits) | carry);
            carry = if bits == 0 { 0 } else { limb >> (32 - bits) };
        }
        if carry > 0 {
            out.push(carry);
        }
        let mut n = Natural(out);
        n.trim();
        n
    }

    fn compare(&self, other: &Natural) -> Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }

    /// `self − other`, for `other ≤ self`.
    fn subtract(&mut self, other: &Natural) {
        let mut borrow = 0i64;
        for (i, limb) in self.0.iter_mut().enumerate() {
            let t = i64::from(*limb) - i64::from(other.0.get(i).copied().unwrap_or(0)) - borrow;
            *limb = t as u32; // wraps to t + 2^32 when negative
            borrow = i64::from(t < 0);
        }
        self.trim();
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }
}

/// `numerator / denominator` (both non-zero) rounded to the nearest f64, ties to the even one;
/// infinity past f64::MAX.
fn nearest_f64(numerator: &Natural, denominator: &Natural) -> f64 {
    // Scale so that the quotient has 66 or 67 bits: at least 13 below the 53 an f64 keeps.
    let shift = 66 - (numerator.bit_len() - denominator.bit_len());
    let (mut remainder, denominator) = if shift >= 0 {
        (
            numerator.shifted_left(shift as u64),
            denominator.shifted_left(0),
        )
    } else {
        (
            numerator.shifted_left(0),
            denominator.shifted_left(shift.unsigned_abs()),
        )
    };
    let mut quotient: u128 = 0;
    for bit in (0..68).rev() {
        let part = denominator.shifted_left(bit);
        if remainder.compare(&part) != Ordering::Less {
            remainder.subtract(&part);
            quotient |= 1 << bit;
        }
    }
    let inexact = !remainder.0.is_empty();
    // The value is `quotient × 2^-shift`, plus a little more when inexact.
    let top_bit = 127 - i64::from(quotient.leading_zeros());
    let leading_power = top_bit - shift;
    // The power of two of the result's last mantissa bit (fixed at 2^-1074 for subnormals).
    let unit = (leading_power - 52).max(-1074);
    let dropped = unit + shift;
    if dropped >= 128 {
        return 0.0;
    }
    let kept = quotient >> dropped;
    let rest = quotient & ((1u128 << dropped) - 1);
    let half = 1u128 << (dropped - 1);
    let round_up = rest > half || (rest == half && (inexact || kept & 1 == 1));
    // The mantissa's top bit, at 2^52, carries into the exponent field: so the bits of a normal
    // number are (biased exponent − 1) << 52 plus the whole mantissa, and of a subnormal just
    // the mantissa; a round-up to 2^53 moves to the next exponent by itself.
    let bits = (((unit + 1074) as u128) << 52) + kept + u128::from(round_up);
    if bits >= 0x7FF0_0000_0000_0000 {
        f64::INFINITY
    } else {
        f64::from_bits(bits as u64)
    }
}

/// `x` as `x.to_string()` writes it: the shortest digits that read back as `x`, never with an
/// exponent (`14`, `7.5`, `0.0001`, `-0`, `NaN`, `inf`).
pub fn shortest_text(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_owned();
    }
    if x.is_infinite() {
        return if x < 0.0 { "-inf" } else { "inf" }.to_owned();
    }
    let mut buffer = zmij::Buffer::new();
    let printed = buffer.format_finite(x);
    // zmij may write `1.5`, `15.0` or `1.5e+20`; take its digits and where the point goes.
    let printed = printed.strip_prefix('-').unwrap_or(printed);
    let (mantissa, exponent) = printed.split_once(['e', 'E']).unwrap_or((printed, "0"));
    let exponent: i64 = exponent.parse().unwrap_or(0);
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = format!("{whole}{fraction}");
    let digits = all_digits.trim_start_matches('0');
    // The value is 0.digits × 10^point.
    let point = whole.len() as i64 - (all_digits.len() - digits.len()) as i64 + exponent;
    let mut digits: Vec<u8> = digits
        .trim_end_matches('0')
        .bytes()
        .map(|b| b - b'0')
        .collect();
    let mut point = point;
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if digits.is_empty() {
        return format!("{sign}0");
    }
    // When x lies exactly halfway between these digits and the next ones up, both are shortest
    // and equally near; zmij may give the lower, Display gives the upper.
    let mut halfway = digits.clone();
    halfway.push(5);
    if is_exactly(x.abs(), &halfway, point - halfway.len() as i64) {
        point += increment_last(&mut digits);
        while digits.last() == Some(&0) {
            digits.pop();
        }
    }
    let digits: String = digits.iter().map(|&d| char::from(b'0' + d)).collect();
    let length = digits.len() as i64;
    if point <= 0 {
        format!(
            "{sign}0.{}{digits}",
            "0".repeat(point.unsigned_abs() as usize)
        )
    } else if point < length {
        let (whole, fraction) = digits.split_at(point as usize);
        format!("{sign}{whole}.{fraction}")
    } else {
        format!("{sign}{digits}{}", "0".repeat((point - length) as usize))
    }
}

/// Adds one in the last place; returns 1 when that carries into a new leading digit (99 → 100).
fn increment_last(digits: &mut Vec<u8>) -> i64 {
    for d in digits.iter_mut().rev() {
        if *d < 9 {
            *d += 1;
            return 0;
        }
        *d = 0;
    }
    digits.insert(0, 1);
    1
}

/// Whether `x` (finite, positive) is exactly `digits × 10^exponent`.
fn is_exactly(x: f64, digits: &[u8], exponent: i64) -> bool {
    let bits = x.to_bits();
    let biased = (bits >> 52) as i64;
    let fraction = bits & ((1 << 52) - 1);
    // x = mantissa × 2^power
    let (mantissa, power) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | 1 << 52, biased - 1075)
    };
    let mut binary = Natural(vec![mantissa as u32, (mantissa >> 32) as u32]);
    binary.trim();
    let mut decimal = Natural::from_digits(digits);
    let mut binary = binary.shifted_left(power.max(0) as u64);
    decimal = decimal.shifted_left(power.min(0).unsigned_abs());
    if exponent >= 0 {
        decimal.mul_pow10(exponent as u64);
    } else {
        binary.mul_pow10(exponent.unsigned_abs());
    }
    binary.compare(&decimal) == Ordering::Equal
}

/// `x` rounded to tenths, as `((x * 10.0).round() / 10.0).to_string()` writes it: `12.3`, `14`.
pub fn tenths_text(x: f64) -> String {
    let tenths = (x * 10.0).round();
    // Below 2^52 tenths, the f64 nearest tenths / 10 is under 2^49, where f64s are less than 0.1
    // apart: `whole.tenth` is then the only shortest text that reads back as it.
    if tenths.abs() < 4_503_599_627_370_496.0 {
        let sign = if tenths.is_sign_negative() { "-" } else { "" };
        let n = tenths.abs() as u64;
        match n % 10 {
            0 => format!("{sign}{}", n / 10),
            tenth => format!("{sign}{}.{tenth}", n / 10),
        }
    } else {
        shortest_text(tenths / 10.0)
    }
}

// Native only: proptest does not build for wasm32 (see Cargo.toml).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn std_parse(text: &str) -> Option<f64> {
        text.parse::<f64>().ok().filter(|x| x.is_finite())
    }

    fn same(a: Option<f64>, b: Option<f64>) -> bool {
        a.map(f64::to_bits) == b.map(f64::to_bits)
    }

    fn assert_parses_like_std(text: &str) {
        let ours = parse_finite(text);
        let std = std_parse(text);
        assert!(same(ours, std), "{text:?}: ours {ours:?}, std {std:?}");
    }

    #[test]
    fn typical_typed_numbers_parse() {
        assert_eq!(parse_finite("7.5"), Some(7.5));
        assert_eq!(parse_finite("14"), Some(14.0));
        assert_eq!(parse_finite("+3"), Some(3.0));
        assert_eq!(parse_finite("-0.25"), Some(-0.25));
        assert_eq!(parse_finite(".5"), Some(0.5));
        assert_eq!(parse_finite("5."), Some(5.0));
        assert_eq!(parse_finite("007.50"), Some(7.5));
        assert_eq!(parse_finite("1e3"), Some(1000.0));
        assert_eq!(parse_finite("2E-2"), Some(0.02));
        assert_eq!(parse_finite("0.1"), Some(0.1));
    }

    #[test]
    fn what_std_refuses_or_is_not_finite_is_none() {
        for text in [
            "", "+", "-", ".", "-.", "e3", ".e3", "1e", "1e+", "1e-", "1.2.3", "1,5", " 1", "1 ",
            "1_000", "0x10", "++1", "+-1", "1e3.5", "1ee3", "inf", "-inf", "infinity", "NaN",
            "nan", "1e309", "-1e309", "۷",
        ] {
            assert_eq!(parse_finite(text), None, "{text:?}");
            assert_parses_like_std(text);
        }
    }

    #[test]
    fn signed_zero_and_underflow_keep_their_sign() {
        assert!(parse_finite("-0").unwrap().is_sign_negative());
        assert!(parse_finite("-0.000").unwrap().is_sign_negative());
        assert!(parse_finite("0").unwrap().is_sign_positive());
        assert_eq!(parse_finite("1e-400"), Some(0.0));
        assert!(parse_finite("-1e-400").unwrap().is_sign_negative());
    }

    #[test]
    fn hard_cases_round_like_std() {
        for text in [
            // f64::MAX, its halfway point to the next power of two, and just below and above it
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.797693134862315807937289714053e308",
            "1.797693134862315807937289714054e308",
            // the smallest normal and subnormal numbers and half of the smallest subnormal
            "2.2250738585072014e-308",
            "2.2250738585072011e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "2.47032822920623272088284396434110686182529901307162382212792841250337753635104375932649918180817996189898282347722858865463328355177969898199387398005390939063150356595155702263922908583924491051844359318028499365361525003193704576782492193656236698636584807570015857692699037063119282795585513329278343384093519780155312465972635795746227664652728272200563740064854999770965994704540208281662262378573934507363390079677619305775067401763246736009689513405355374585166611342237666786041621596804619144672918403005300575308490487653917113865916462395249126236538818796362393732804238910186723484976682350898633885879256283027559956575244555072551893136908362547791869486679949683240497058210285131854513962138377228261454376934125320985913276672363281255e-324",
            // halfway between 1 and the next f64, exactly and a hair either side
            "1.00000000000000011102230246251565404236316680908203125",
            "1.00000000000000011102230246251565404236316680908203124",
            "1.00000000000000011102230246251565404236316680908203126",
            // 2^53 + 1, a tie that rounds to even
            "9007199254740993",
            "9007199254740993.0000000000000000000000000000000000000000000000000000000000000000001",
            "0.1e-300",
            "123456789012345678901234567890e-340",
            "1e308",
            "1e-308",
            "8.98846567431158e307",
        ] {
            assert_parses_like_std(text);
        }
    }

    #[test]
    fn many_digits_past_those_kept_still_round_like_std() {
        let long = format!("1.{}1", "0".repeat(2000));
        assert_parses_like_std(&long);
        let halfway = format!("9007199254740993{}", "0".repeat(1000));
        assert_parses_like_std(&halfway);
        let halfway_and_more = format!("9007199254740993{}1", "0".repeat(1000));
        assert_parses_like_std(&halfway_and_more);
        let tiny_and_long = format!(
            "0.{}2470328229206232720882{}",
            "0".repeat(323),
            "9".repeat(900)
        );
        assert_parses_like_std(&tiny_and_long);
    }

    #[test]
    fn shortest_text_writes_like_display() {
        for x in [
            14.0,
            7.5,
            0.1,
            0.3,
            1.0 / 3.0,
            100.0,
            1e15,
            1e16,
            1e21,
            1e22,
            1e23,
            1e-7,
            123456.789,
            -0.0,
            0.0,
            -2.5,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            f64::EPSILON,
            9007199254740993.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            assert_eq!(shortest_text(x), x.to_string(), "{x:e}");
        }
    }

    #[test]
    fn tenths_text_writes_the_rounded_value_like_display() {
        assert_eq!(tenths_text(14.0), "14");
        assert_eq!(tenths_text(7.5), "7.5");
        assert_eq!(tenths_text(12.34), "12.3");
        assert_eq!(tenths_text(12.35), "12.4");
        assert_eq!(tenths_text(0.04), "0");
        assert_eq!(tenths_text(-0.04), "-0");
        assert_eq!(tenths_text(-3.25), "-3.3");
        assert_eq!(tenths_text(f64::NAN), "NaN");
        for x in [
            0.0,
            0.05,
            0.15,
            99.95,
            4503599627370495.5,
            9.1e14,
            -778179960915538.25,
            1e17,
            -1e300,
            f64::INFINITY,
        ] {
            assert_eq!(
                tenths_text(x),
                ((x * 10.0).round() / 10.0).to_string(),
                "{x:e}"
            );
        }
    }

    /// Decimal text as a person (or a paste) might write it: sign, leading zeros, many digits,
    /// a point anywhere, an exponent.
    fn decimal_text() -> impl Strategy<Value = String> {
        (
            "[+-]?",
            "0{0,3}[0-9]{0,30}",
            proptest::option::of("[0-9]{0,30}"),
            proptest::option::of(("[eE]", "[+-]?", -400i32..400)),
        )
            .prop_map(|(sign, whole, fraction, exponent)| {
                let mut text = format!("{sign}{whole}");
                if let Some(fraction) = fraction {
                    text.push('.');
                    text.push_str(&fraction);
                }
                if let Some((e, sign, n)) = exponent {
                    text.push_str(&format!("{e}{sign}{}", n.unsigned_abs()));
                }
                text
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        #[test]
        fn parses_decimal_text_like_std(text in decimal_text()) {
            let (ours, std) = (parse_finite(&text), std_parse(&text));
            prop_assert!(same(ours, std), "{:?}: ours {:?}, std {:?}", text, ours, std);
        }

        #[test]
        fn parses_any_short_ascii_like_std(text in "[-+.eE0-9a-z ]{0,12}") {
            let (ours, std) = (parse_finite(&text), std_parse(&text));
            prop_assert!(same(ours, std), "{:?}: ours {:?}, std {:?}", text, ours, std);
        }

        #[test]
        fn parses_displayed_and_exponent_forms_of_any_f64_like_std(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            for text in [x.to_string(), format!("{x:e}"), format!("{x:.3e}"), format!("{x:.30}")] {
                let (ours, std) = (parse_finite(&text), std_parse(&text));
                prop_assert!(same(ours, std), "{:?}: ours {:?}, std {:?}", text, ours, std);
            }
        }

        #[test]
        fn parses_numbers_near_halfway_points_like_std(bits in any::<u64>(), nudge in 0usize..3) {
            // The exact decimal value of the point halfway between x and the next f64 up,
            // nudged a last digit down or up.
            let x = f64::from_bits(bits >> 1);
            prop_assume!(x.is_finite() && x.next_up().is_finite());
            let halfway = exact_halfway_text(x);
            let text = match nudge {
                0 => halfway,
                1 => format!("{halfway}1"),
                _ => nudge_down(&halfway),
            };
            let (ours, std) = (parse_finite(&text), std_parse(&text));
            prop_assert!(same(ours, std), "{:?}: ours {:?}, std {:?}", text, ours, std);
        }

        #[test]
        fn shortest_text_matches_display_for_any_f64(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            prop_assert_eq!(shortest_text(x), x.to_string());
        }

        #[test]
        fn shortest_text_reads_back(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            prop_assume!(x.is_finite());
            prop_assert_eq!(parse_finite(&shortest_text(x)).map(f64::to_bits), Some(x.to_bits()));
        }

        #[test]
        fn tenths_text_matches_display_of_the_rounded_value(x in -1e17f64..1e17, scale in 0u32..8) {
            let x = x / 10f64.powi(scale as i32);
            prop_assert_eq!(tenths_text(x), ((x * 10.0).round() / 10.0).to_string());
        }

        #[test]
        fn tenths_text_matches_display_for_any_f64(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            prop_assert_eq!(tenths_text(x), ((x * 10.0).round() / 10.0).to_string());
        }
    }

    /// `(x + next_up(x)) / 2` written out exactly, from `{:.1100}` of both (exact for any f64).
    fn exact_halfway_text(x: f64) -> String {
        let digits = |v: f64| format!("{v:.1100}");
        let (low, high) = (digits(x), digits(x.next_up()));
        // Both have the same number of fraction digits; add them as decimal strings, then halve.
        let (lw, lf) = low.split_once('.').unwrap();
        let (hw, hf) = high.split_once('.').unwrap();
        let width = lw.len().max(hw.len());
        let a: Vec<u8> = format!("{lw:0>width$}{lf}")
            .bytes()
            .map(|b| b - b'0')
            .collect();
        let b: Vec<u8> = format!("{hw:0>width$}{hf}")
            .bytes()
            .map(|b| b - b'0')
            .collect();
        let mut sum = vec![0u8; a.len() + 1];
        let mut carry = 0;
        for i in (0..a.len()).rev() {
            let s = a[i] + b[i] + carry;
            sum[i + 1] = s % 10;
            carry = s / 10;
        }
        sum[0] = carry;
        // Halve, appending one more digit for the .5 the last odd digit leaves.
        let mut half = Vec::with_capacity(sum.len() + 1);
        let mut rest = 0;
        for &d in sum.iter().chain(std::iter::once(&0)) {
            let v = rest * 10 + d;
            half.push(v / 2);
            rest = v % 2;
        }
        let text: String = half.iter().map(|d| char::from(b'0' + d)).collect();
        let point = width + 1; // digits before the point in `sum`
        format!("{}.{}", &text[..point], &text[point..])
    }

    /// The same text with its last non-zero digit one lower (a hair below the value).
    fn nudge_down(text: &str) -> String {
        let mut bytes = text.as_bytes().to_vec();
        if let Some(i) = bytes.iter().rposition(|b| b.is_ascii_digit() && *b != b'0') {
            bytes[i] -= 1;
            for b in &mut bytes[i + 1..] {
                if b.is_ascii_digit() {
                    *b = b'9';
                }
            }
            bytes.extend_from_slice(b"99");
        }
        String::from_utf8(bytes).unwrap()
    }
}
