//! Rates (fractions such as conversion, margin, burn: `"0.0305"` is 3.05%) and ratios (ROI,
//! pacing: `"21.7931"`). Both are exact and give 4 decimals, rounded half-up, when serialized.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::fixed;

/// Decimals of a rate or ratio in JSON and `Display`.
const PLACES: u32 = 4;

/// A fraction: 0.03 is 3%. Not limited to 0–1 (a burn of 1.2 or a variance of −6.5% are rates).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, sqlx::Type)]
#[sqlx(transparent)]
pub struct Rate(Decimal);

impl Rate {
    pub const ZERO: Rate = Rate(Decimal::ZERO);

    /// Wraps a fraction (0.03 for 3%).
    pub const fn new(fraction: Decimal) -> Self {
        Self(fraction)
    }

    /// A rate given in percent (3 for 3%).
    pub fn from_percent(percent: Decimal) -> Self {
        Self(percent / Decimal::ONE_HUNDRED)
    }

    /// The exact fraction, unrounded.
    pub fn value(&self) -> Decimal {
        self.0
    }

    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    /// As a percentage for sentences, at most 2 decimals: `"16.67%"`, `"15%"`.
    pub fn percent_text(&self) -> String {
        fixed::Shown::new(
            "",
            fixed::Digits::trimmed(self.0 * Decimal::ONE_HUNDRED, 2),
            "%",
        )
        .to_string()
    }

    /// The percentage as pages and downloads write it, two decimals always, so a column of
    /// them lines up: `16.67%`, `15.00%`.
    pub fn percent(&self) -> fixed::Shown {
        fixed::Shown::new(
            "",
            fixed::Digits::grouped(self.0 * Decimal::ONE_HUNDRED, 2),
            "%",
        )
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&fixed::fixed(self.0, PLACES))
    }
}

impl From<Decimal> for Rate {
    fn from(fraction: Decimal) -> Self {
        Self(fraction)
    }
}

impl From<Rate> for Decimal {
    fn from(rate: Rate) -> Self {
        rate.0
    }
}

/// A ratio of two amounts, above all ROI in the Chinese sense (投入产出比: sales ÷ marketing
/// spend, written 1:3), also pacing and break-even ROI.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, sqlx::Type)]
#[sqlx(transparent)]
pub struct Ratio(Decimal);

impl Ratio {
    /// Wraps a plain ratio (3 for an ROI of 1:3).
    pub const fn new(ratio: Decimal) -> Self {
        Self(ratio)
    }

    /// The exact ratio, unrounded.
    pub fn value(&self) -> Decimal {
        self.0
    }

    /// As operators write an ROI, at most 2 decimals: `"1:3"`, `"1:6.25"`.
    pub fn roi_text(&self) -> String {
        self.roi().to_string()
    }

    /// As a multiple, for pacing: `"0.97×"`, `"1.2×"`.
    pub fn multiple_text(&self) -> String {
        self.multiple().to_string()
    }

    /// The ROI as pages write it: `1:6.25`.
    pub fn roi(&self) -> fixed::Shown {
        fixed::Shown::new("1:", fixed::Digits::trimmed(self.0, 2), "")
    }

    /// The multiple as pages write it: `0.97×`.
    pub fn multiple(&self) -> fixed::Shown {
        fixed::Shown::new("", fixed::Digits::trimmed(self.0, 2), "×")
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&fixed::fixed(self.0, PLACES))
    }
}

impl From<Decimal> for Ratio {
    fn from(ratio: Decimal) -> Self {
        Self(ratio)
    }
}

impl From<Ratio> for Decimal {
    fn from(ratio: Ratio) -> Self {
        ratio.0
    }
}

impl Serialize for Rate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        fixed::deserialize_decimal(deserializer).map(Rate)
    }
}

impl Serialize for Ratio {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Ratio {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        fixed::deserialize_decimal(deserializer).map(Ratio)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn rates_show_four_decimals_and_read_as_percent_in_sentences() {
        assert_eq!(Rate::new(dec!(0.03)).to_string(), "0.0300");
        assert_eq!(Rate::new(dec!(0.030549)).to_string(), "0.0305");
        assert_eq!(Rate::new(dec!(0.03055)).to_string(), "0.0306");
        assert_eq!(Rate::from_percent(dec!(3.05)), Rate::new(dec!(0.0305)));
        assert_eq!(Rate::new(dec!(0.166666)).percent_text(), "16.67%");
        assert_eq!(Rate::new(dec!(0.15)).percent_text(), "15%");
    }

    #[test]
    fn ratios_show_as_roi() {
        assert_eq!(Ratio::new(dec!(6)).roi_text(), "1:6");
        assert_eq!(Ratio::new(dec!(2.5)).roi_text(), "1:2.5");
        assert_eq!(Ratio::new(dec!(21.793103448)).to_string(), "21.7931");
    }

    #[test]
    fn serialize_as_fixed_strings_and_read_strings_or_numbers() {
        assert_eq!(
            serde_json::to_string(&Rate::new(dec!(0.03))).unwrap(),
            "\"0.0300\""
        );
        assert_eq!(
            serde_json::to_string(&Ratio::new(dec!(3))).unwrap(),
            "\"3.0000\""
        );
        let rate: Rate = serde_json::from_str("\"0.0305\"").unwrap();
        assert_eq!(rate, Rate::new(dec!(0.0305)));
        let rate: Rate = serde_json::from_str("0.03").unwrap();
        assert_eq!(rate.value(), dec!(0.03));
        let ratio: Ratio = serde_json::from_str("5").unwrap();
        assert_eq!(ratio, Ratio::new(dec!(5)));
        assert!(serde_json::from_str::<Rate>("\"3%\"").is_err());
    }
}
