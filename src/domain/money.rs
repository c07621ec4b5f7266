//! Money in CNY yuan: exact decimal arithmetic, rounded half-up to the fen (分) only when shown
//! or serialized.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::fixed;

/// An amount of yuan, kept exact; JSON and `Display` give it with 2 decimals (`"1234.50"`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, sqlx::Type)]
#[sqlx(transparent)]
pub struct Money(Decimal);

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// Wraps an exact amount of yuan.
    pub const fn new(yuan: Decimal) -> Self {
        Self(yuan)
    }

    /// A whole number of yuan.
    pub fn yuan(yuan: i64) -> Self {
        Self(Decimal::from(yuan))
    }

    /// An amount given in fen (hundredths of a yuan).
    pub fn from_fen(fen: Decimal) -> Self {
        Self(fen / Decimal::ONE_HUNDRED)
    }

    /// The exact value in yuan, unrounded.
    pub fn value(&self) -> Decimal {
        self.0
    }

    /// The amount rounded half-up to the fen, as it is shown.
    pub fn rounded(&self) -> Money {
        Money(fixed::round_half_up(self.0, 2))
    }

    /// The amount in whole fen, rounded half-up.
    pub fn to_fen(&self) -> Decimal {
        fixed::round_half_up(self.0 * Decimal::ONE_HUNDRED, 0)
    }

    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    pub fn is_negative(&self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// The amount multiplied by a plain factor (a rate, a share of a month), exact.
    pub fn times(self, factor: Decimal) -> Money {
        Money(self.0 * factor)
    }

    /// `self ÷ other` as a plain number; `None` when `other` is zero.
    pub fn ratio_to(self, other: Money) -> Option<Decimal> {
        self.0.checked_div(other.0)
    }

    /// With thousands separators for sentences: `"1,450,000.00"`.
    pub fn grouped(&self) -> String {
        self.digits().to_string()
    }

    /// The digits pages write: grouped, to the fen.
    pub fn digits(&self) -> fixed::Digits {
        fixed::Digits::grouped(self.0, 2)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&fixed::fixed(self.0, 2))
    }
}

impl From<Decimal> for Money {
    fn from(yuan: Decimal) -> Self {
        Self(yuan)
    }
}

impl From<Money> for Decimal {
    fn from(money: Money) -> Self {
        money.0
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, other: Money) -> Money {
        Money(self.0 + other.0)
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, other: Money) -> Money {
        Money(self.0 - other.0)
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, other: Money) {
        self.0 += other.0;
    }
}

impl SubAssign for Money {
    fn sub_assign(&mut self, other: Money) {
        self.0 -= other.0;
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.copied().sum()
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        fixed::deserialize_decimal(deserializer).map(Money)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn shows_two_decimals_rounded_half_up() {
        assert_eq!(Money::new(dec!(1234.5)).to_string(), "1234.50");
        assert_eq!(Money::new(dec!(0.005)).to_string(), "0.01");
        assert_eq!(Money::new(dec!(0.015)).to_string(), "0.02");
        assert_eq!(Money::new(dec!(-4725.605)).to_string(), "-4725.61");
        assert_eq!(Money::new(dec!(1450000)).grouped(), "1,450,000.00");
    }

    #[test]
    fn keeps_arithmetic_exact_until_output() {
        let third = Money::yuan(100).times(Decimal::ONE / Decimal::from(3));
        let sum: Money = [third, third, third].iter().sum();
        assert_eq!(sum.to_string(), "100.00");
        assert_eq!(Money::new(dec!(0.004)).rounded(), Money::ZERO);
        assert_eq!(Money::new(dec!(12.345)).to_fen(), dec!(1235));
        assert_eq!(Money::from_fen(dec!(1235)), Money::new(dec!(12.35)));
    }

    #[test]
    fn serializes_as_a_string_and_reads_strings_or_numbers() {
        let json = serde_json::to_string(&Money::new(dec!(72720))).unwrap();
        assert_eq!(json, "\"72720.00\"");
        let read: Money = serde_json::from_str("\"1,234.50\"").unwrap();
        assert_eq!(read, Money::new(dec!(1234.50)));
        let read: Money = serde_json::from_str("101.1").unwrap();
        assert_eq!(read, Money::new(dec!(101.1)));
        let read: Money = serde_json::from_str("3000").unwrap();
        assert_eq!(read, Money::yuan(3000));
        assert!(serde_json::from_str::<Money>("\"20万\"").is_err());
        assert!(serde_json::from_str::<Money>("null").is_err());
    }

    #[test]
    fn compares_and_negates() {
        assert!(Money::yuan(-1).is_negative());
        assert!(!Money::new(dec!(-0.00)).is_negative());
        assert_eq!(-Money::yuan(5) + Money::yuan(7), Money::yuan(2));
        assert_eq!(Money::yuan(3).ratio_to(Money::ZERO), None);
        assert_eq!(Money::yuan(3).ratio_to(Money::yuan(2)), Some(dec!(1.5)));
    }
}
