//! The funnel identity of domain.md: buyers = UV × conversion, sales = UV × conversion × AOV,
//! for targets (derived, never typed twice) and for actuals (conversion and AOV derived back).

use std::iter::Sum;
use std::ops::Add;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

use super::fixed::round_half_up;
use super::money::Money;
use super::rate::Rate;
use super::ratios::Progress;

/// A month's targets: visitors, conversion rate and average order value. Buyers and sales are
/// derived from these. Visitors are exact so that a prorated month keeps its fraction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FunnelTarget {
    uv: Decimal,
    conversion: Rate,
    aov: Money,
}

impl FunnelTarget {
    pub fn new(uv: u64, conversion: Rate, aov: Money) -> Self {
        Self {
            uv: Decimal::from(uv),
            conversion,
            aov,
        }
    }

    /// The target for the part of the month up to an as-of date (contract.md, "Dashboards"):
    /// visitors scaled by days elapsed ÷ days in the month; conversion and AOV unchanged.
    pub fn prorated(&self, progress: Progress) -> Self {
        Self {
            uv: progress.scale(self.uv),
            ..*self
        }
    }

    /// Visitors, rounded half-up to a whole visitor (a prorated month has fractions).
    pub fn uv(&self) -> u64 {
        whole(self.uv)
    }

    /// Visitors, unrounded.
    pub fn exact_uv(&self) -> Decimal {
        self.uv
    }

    pub fn conversion(&self) -> Rate {
        self.conversion
    }

    pub fn aov(&self) -> Money {
        self.aov
    }

    /// Buyers = UV × conversion, rounded half-up to a whole buyer (24,000 × 3% = 720;
    /// 24,010 × 3% = 720.3 → 720; 24,050 × 3% = 721.5 → 722).
    pub fn buyers(&self) -> u64 {
        whole(self.exact_buyers())
    }

    /// Buyers, unrounded.
    pub fn exact_buyers(&self) -> Decimal {
        self.uv * self.conversion.value()
    }

    /// Sales = UV × conversion × AOV from the unrounded figures, so rounding buyers never
    /// shifts sales: 24,000 × 0.03 × 101.00 = 72,720.00.
    pub fn sales(&self) -> Money {
        self.aov.times(self.exact_buyers())
    }
}

/// A month's (or any period's) actual figures: sums of the days.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunnelActual {
    pub uv: u64,
    pub buyers: u64,
    pub sales: Money,
}

impl FunnelActual {
    /// Conversion = buyers ÷ UV; `None` without visitors.
    pub fn conversion(&self) -> Option<Rate> {
        Decimal::from(self.buyers)
            .checked_div(Decimal::from(self.uv))
            .map(Rate::new)
    }

    /// AOV = sales ÷ buyers; `None` without buyers.
    pub fn aov(&self) -> Option<Money> {
        self.sales
            .value()
            .checked_div(Decimal::from(self.buyers))
            .map(Money::new)
    }
}

impl Add for FunnelActual {
    type Output = FunnelActual;
    fn add(self, other: FunnelActual) -> FunnelActual {
        FunnelActual {
            uv: self.uv.saturating_add(other.uv),
            buyers: self.buyers.saturating_add(other.buyers),
            sales: self.sales + other.sales,
        }
    }
}

impl Sum for FunnelActual {
    fn sum<I: Iterator<Item = FunnelActual>>(iter: I) -> FunnelActual {
        iter.fold(FunnelActual::default(), Add::add)
    }
}

/// The visitors needed to reach `sales` at a conversion rate and AOV: sales ÷ (CR × AOV),
/// rounded **up** to a whole visitor, because one visitor fewer would fall short of the target.
/// `None` when conversion or AOV is zero (no number of visitors would do).
pub fn uv_needed(sales: Money, conversion: Rate, aov: Money) -> Option<u64> {
    let per_visitor = conversion.value() * aov.value();
    if per_visitor <= Decimal::ZERO || sales.is_negative() {
        return None;
    }
    let mut visitors = sales.value().checked_div(per_visitor)?.ceil();
    // Division keeps 28 digits; step back if the rounded quotient overshot an exact multiple.
    if visitors > Decimal::ZERO && (visitors - Decimal::ONE) * per_visitor >= sales.value() {
        visitors -= Decimal::ONE;
    }
    visitors.to_u64()
}

/// A non-negative figure rounded half-up to a whole number.
fn whole(value: Decimal) -> u64 {
    round_half_up(value, 0).to_u64().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::month::YearMonth;
    use chrono::NaiveDate;
    use rust_decimal_macros::dec;

    fn target(uv: u64, conversion: Decimal, aov: Decimal) -> FunnelTarget {
        FunnelTarget::new(uv, Rate::new(conversion), Money::new(aov))
    }

    #[test]
    fn the_contract_example_derives_buyers_and_sales() {
        let january = target(24000, dec!(0.0300), dec!(101.00));
        assert_eq!(january.buyers(), 720);
        assert_eq!(january.sales().to_string(), "72720.00");
    }

    #[test]
    fn fractional_buyers_round_half_up_but_sales_use_the_fraction() {
        let t = target(24050, dec!(0.03), dec!(101));
        assert_eq!(t.exact_buyers(), dec!(721.5));
        assert_eq!(t.buyers(), 722);
        assert_eq!(t.sales(), Money::new(dec!(72871.5)));
        assert_eq!(target(24010, dec!(0.03), dec!(101)).buyers(), 720);
    }

    #[test]
    fn the_wedding_shop_february_is_4950_a_day() {
        let february = target(1500, dec!(0.03), dec!(110));
        assert_eq!(february.sales(), Money::yuan(4950));
    }

    #[test]
    fn a_prorated_month_rounds_counts_but_not_sales() {
        let as_of = NaiveDate::from_ymd_opt(2027, 3, 15).unwrap();
        let progress = Progress::of_month(YearMonth::new(2027, 3).unwrap(), as_of);
        let part = target(24000, dec!(0.03), dec!(101)).prorated(progress);
        assert_eq!(part.uv(), 11613);
        assert_eq!(part.buyers(), 348);
        assert_eq!(part.sales().to_string(), "35187.10");
    }

    #[test]
    fn actuals_derive_conversion_and_aov_when_defined() {
        let actual = FunnelActual {
            uv: 22150,
            buyers: 691,
            sales: Money::new(dec!(67994.40)),
        };
        assert_eq!(actual.conversion().unwrap().to_string(), "0.0312");
        assert_eq!(actual.aov().unwrap().to_string(), "98.40");
        let empty = FunnelActual::default();
        assert_eq!(empty.conversion(), None);
        assert_eq!(empty.aov(), None);
        let total: FunnelActual = [actual, actual].into_iter().sum();
        assert_eq!(total.uv, 44300);
        assert_eq!(total.sales, Money::new(dec!(135988.80)));
    }

    #[test]
    fn uv_needed_rounds_up_to_reach_the_target() {
        let cr = Rate::new(dec!(0.03));
        assert_eq!(
            uv_needed(Money::yuan(72720), cr, Money::yuan(101)),
            Some(24000)
        );
        assert_eq!(
            uv_needed(Money::yuan(72721), cr, Money::yuan(101)),
            Some(24001)
        );
        let one_percent = Rate::new(dec!(0.01));
        let needed = uv_needed(Money::yuan(200_000), one_percent, Money::yuan(101)).unwrap();
        assert_eq!(needed, 198_020);
        assert!(target(needed, dec!(0.01), dec!(101)).sales() >= Money::yuan(200_000));
        assert!(target(needed - 1, dec!(0.01), dec!(101)).sales() < Money::yuan(200_000));
        assert_eq!(
            uv_needed(Money::yuan(100), Rate::ZERO, Money::yuan(101)),
            None
        );
        assert_eq!(uv_needed(Money::ZERO, cr, Money::yuan(101)), Some(0));
    }
}
