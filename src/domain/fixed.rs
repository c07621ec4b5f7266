//! Fixed-decimal output shared by money, rates and ratios: half-up rounding (四舍五入), thousands
//! grouping for messages, and the JSON string form of the contract.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::de::{self, Deserializer, Visitor};

use super::number::parse_decimal;

/// Rounds half away from zero to `places` and keeps exactly that many decimals (`1234.5` at 2
/// places is `1234.50`). A value that rounds to zero loses its sign, so `-0.001` is `0.00`.
pub(crate) fn round_half_up(value: Decimal, places: u32) -> Decimal {
    let mut rounded = value.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    if rounded.is_zero() {
        rounded = Decimal::ZERO;
    }
    rounded.rescale(places);
    rounded
}

/// The value rounded half-up with exactly `places` decimals: `"1234.50"`.
pub(crate) fn fixed(value: Decimal, places: u32) -> String {
    round_half_up(value, places).to_string()
}

/// The value rounded half-up with thousands separators, for sentences: `"1,450,000.00"`.
pub(crate) fn grouped(value: Decimal, places: u32) -> String {
    Digits::grouped(value, places).to_string()
}

/// A decimal as pages write it, rounded half-up, written straight into the output (no
/// intermediate strings): grouped in thousands with exactly `places` decimals, or ungrouped
/// with trailing zeros dropped.
#[derive(Clone, Copy, Debug)]
pub struct Digits {
    value: Decimal,
    places: u32,
    grouping: bool,
}

impl Digits {
    /// `1,450,000.00` at 2 places.
    pub fn grouped(value: Decimal, places: u32) -> Self {
        Self {
            value,
            places,
            grouping: true,
        }
    }

    /// `16.67` or `15` at 2 places.
    pub fn trimmed(value: Decimal, places: u32) -> Self {
        Self {
            value,
            places,
            grouping: false,
        }
    }
}

impl fmt::Display for Digits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rounded = round_half_up(self.value, self.places);
        let scale = rounded.scale();
        let mantissa = rounded.mantissa();
        let unsigned = mantissa.unsigned_abs();
        let unit = 10u128.pow(scale);
        let (whole, mut fraction) = (unsigned / unit, unsigned % unit);
        let mut fraction_digits = scale as usize;
        if !self.grouping {
            while fraction_digits > 0 && fraction % 10 == 0 {
                fraction /= 10;
                fraction_digits -= 1;
            }
        }
        let mut text = Backwards::new();
        if fraction_digits > 0 {
            text.digits(fraction, fraction_digits, false);
            text.push(b'.');
        }
        text.digits(whole, 1, self.grouping);
        if mantissa < 0 {
            text.push(b'-');
        }
        f.write_str(text.as_str())
    }
}

/// A figure's text: its digits between a fixed prefix and suffix (`1:`, `%`, `×`, `+`), or
/// `—` when it has no value. Only digits, separators and those marks.
#[derive(Clone, Copy, Debug)]
pub struct Shown {
    prefix: &'static str,
    digits: Option<Digits>,
    suffix: &'static str,
}

impl Shown {
    /// A figure that has no value: `—`.
    pub const NONE: Shown = Shown {
        prefix: "",
        digits: None,
        suffix: "",
    };

    pub fn new(prefix: &'static str, digits: Digits, suffix: &'static str) -> Self {
        Self {
            prefix,
            digits: Some(digits),
            suffix,
        }
    }
}

impl From<Digits> for Shown {
    fn from(digits: Digits) -> Self {
        Self::new("", digits, "")
    }
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.digits {
            Some(digits) => {
                f.write_str(self.prefix)?;
                digits.fmt(f)?;
                f.write_str(self.suffix)
            }
            None => f.write_str("—"),
        }
    }
}

/// A number's text built from its last character to its first, as digits come out lowest
/// first; wide enough for any Decimal (29 digits, their separators, a point and a sign).
pub(crate) struct Backwards {
    buf: [u8; 48],
    at: usize,
}

impl Backwards {
    pub(crate) fn new() -> Self {
        Self {
            buf: [0; 48],
            at: 48,
        }
    }

    /// Puts an ASCII character before what is written so far.
    pub(crate) fn push(&mut self, byte: u8) {
        self.at -= 1;
        self.buf[self.at] = byte;
    }

    /// Puts `value`'s digits before what is written so far: at least `width` of them
    /// (zero-padded, and at least one), with a comma between thousands when `grouping`.
    pub(crate) fn digits(&mut self, mut value: u128, width: usize, grouping: bool) {
        let mut written = 0;
        while written < width.max(1) || value > 0 {
            if grouping && written > 0 && written % 3 == 0 {
                self.push(b',');
            }
            self.push(b'0' + (value % 10) as u8);
            value /= 10;
            written += 1;
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII is ever pushed.
        std::str::from_utf8(&self.buf[self.at..]).unwrap_or_default()
    }
}

/// Reads a decimal from JSON: a string as the contract writes it (`"1234.50"`, thousands
/// separators tolerated) or, leniently, a JSON number.
pub(crate) fn deserialize_decimal<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Decimal, D::Error> {
    deserializer.deserialize_any(DecimalVisitor)
}

struct DecimalVisitor;

impl Visitor<'_> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a decimal number as a string, such as \"1234.50\"")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Decimal, E> {
        parse_decimal(text).ok_or_else(|| E::invalid_value(de::Unexpected::Str(text), &self))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(value))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Decimal, E> {
        // Rust prints the shortest text that reads back as the same float, so 0.03 stays
        // 0.03 instead of becoming the binary 0.0299999999999999988897769753748.
        Decimal::from_str(&value.to_string())
            .map_err(|_| E::invalid_value(de::Unexpected::Float(value), &self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn trimmed(value: Decimal, places: u32) -> String {
        Digits::trimmed(value, places).to_string()
    }

    #[test]
    fn rounds_half_up_not_to_even() {
        assert_eq!(fixed(dec!(0.125), 2), "0.13");
        assert_eq!(fixed(dec!(0.135), 2), "0.14");
        assert_eq!(fixed(dec!(-0.125), 2), "-0.13");
        assert_eq!(fixed(dec!(2.5), 0), "3");
        assert_eq!(fixed(dec!(0.03), 4), "0.0300");
        assert_eq!(fixed(dec!(-0.001), 2), "0.00");
    }

    #[test]
    fn groups_thousands_for_sentences() {
        assert_eq!(grouped(dec!(1450000), 2), "1,450,000.00");
        assert_eq!(grouped(dec!(999.999), 2), "1,000.00");
        assert_eq!(grouped(dec!(-123456.7), 2), "-123,456.70");
        assert_eq!(grouped(dec!(12), 0), "12");
    }

    #[test]
    fn trims_trailing_zeros() {
        assert_eq!(trimmed(dec!(16.6666), 2), "16.67");
        assert_eq!(trimmed(dec!(15.00), 2), "15");
        assert_eq!(trimmed(dec!(2.50), 2), "2.5");
        assert_eq!(trimmed(dec!(-0.001), 2), "0");
        assert_eq!(trimmed(dec!(-1234.5), 2), "-1234.5");
        assert_eq!(trimmed(dec!(0.1), 0), "0");
    }

    /// The digits written without intermediate strings read as Decimal's own text: rounded,
    /// regrouped and, for `trimmed`, normalized, over values of every size and sign.
    #[test]
    fn digits_agree_with_decimal_text() {
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..20_000 {
            let raw = (next() % 2_000_000_000_000) as i64 - 1_000_000_000_000;
            let value = Decimal::new(raw, (next() % 9) as u32);
            for places in 0..5 {
                let plain = round_half_up(value, places).to_string();
                let (sign, unsigned) = match plain.strip_prefix('-') {
                    Some(rest) => ("-", rest),
                    None => ("", plain.as_str()),
                };
                let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
                let mut groups: Vec<&str> = Vec::new();
                let mut end = whole.len();
                while end > 3 {
                    groups.insert(0, &whole[end - 3..end]);
                    end -= 3;
                }
                groups.insert(0, &whole[..end]);
                let point = if fraction.is_empty() { "" } else { "." };
                let expected = format!("{sign}{}{point}{fraction}", groups.join(","));
                assert_eq!(grouped(value, places), expected, "{value} at {places}");
                assert_eq!(
                    trimmed(value, places),
                    round_half_up(value, places).normalize().to_string(),
                    "{value} at {places}"
                );
            }
        }
    }
}
