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
    let text = fixed(value, places);
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let mut out = String::from(sign);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    if let Some(fraction) = fraction {
        out.push('.');
        out.push_str(fraction);
    }
    out
}

/// The value rounded half-up to at most `places` decimals, trailing zeros dropped: `16.67`, `15`.
pub(crate) fn trimmed(value: Decimal, places: u32) -> String {
    round_half_up(value, places).normalize().to_string()
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
    }
}
