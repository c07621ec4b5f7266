use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal_macros::dec;

use super::*;
use crate::domain::month::YearMonth;
use crate::domain::ratios::Progress;

fn target(uv: u64, conversion: Decimal, aov: Decimal) -> FunnelTarget {
    FunnelTarget::new(uv, Rate::new(conversion), Money::new(aov))
}

fn actual(uv: u64, buyers: u64, sales: Decimal) -> FunnelActual {
    FunnelActual {
        uv,
        buyers,
        sales: Money::new(sales),
    }
}

#[test]
fn the_contract_month_splits_into_traffic_conversion_and_order_value() {
    let split = VarianceSplit::of(
        &target(24000, dec!(0.03), dec!(101)),
        &actual(22150, 691, dec!(67994.40)),
    );
    assert_eq!(split.variance.to_string(), "-4725.60");
    assert_eq!(split.sales_pct().unwrap().to_string(), "-0.0650");
    assert_eq!(split.uv_effect, Money::new(dec!(-5605.50)));
    assert_eq!(split.conversion_effect, Money::new(dec!(2676.50)));
    assert_eq!(split.aov_effect, Money::new(dec!(-1796.60)));
}

#[test]
fn the_aov_effect_equals_its_formula_when_actuals_are_consistent() {
    let (t, a) = (
        target(24000, dec!(0.03), dec!(101)),
        actual(22150, 691, dec!(67994.40)),
    );
    let split = VarianceSplit::of(&t, &a);
    let c1 = a.conversion().unwrap().value();
    let a1 = a.aov().unwrap().value();
    let formula = Decimal::from(a.uv) * c1 * (a1 - t.aov().value());
    assert!((formula - split.aov_effect.value()).abs() < dec!(0.000000001));
}

#[test]
fn without_visitors_everything_is_the_uv_effect() {
    let split = VarianceSplit::of(&target(1000, dec!(0.02), dec!(50)), &actual(0, 0, dec!(0)));
    assert_eq!(split.uv_effect, Money::yuan(-1000));
    assert_eq!(split.conversion_effect, Money::ZERO);
    assert_eq!(split.aov_effect, Money::ZERO);
}

#[test]
fn without_buyers_the_aov_effect_is_zero() {
    let split = VarianceSplit::of(
        &target(1000, dec!(0.02), dec!(50)),
        &actual(800, 0, dec!(0)),
    );
    assert_eq!(split.uv_effect, Money::yuan(-200));
    assert_eq!(split.conversion_effect, Money::yuan(-800));
    assert_eq!(split.aov_effect, Money::ZERO);
    assert_eq!(split.variance, Money::yuan(-1000));
}

#[test]
fn inconsistent_actuals_still_add_up() {
    let split = VarianceSplit::of(
        &target(1000, dec!(0.02), dec!(50)),
        &actual(0, 3, dec!(120)),
    );
    assert_eq!(split.conversion_effect, Money::ZERO);
    assert_eq!(split.aov_effect, Money::yuan(120));
    assert_eq!(split.uv_effect + split.aov_effect, split.variance);
}

#[test]
fn rounding_keeps_the_sum_and_leaves_exact_zeros_alone() {
    // Each of the first two effects is half a fen; rounding both up would overshoot.
    let split = VarianceSplit {
        target_sales: Money::ZERO,
        actual_sales: Money::new(dec!(0.01)),
        variance: Money::new(dec!(0.01)),
        uv_effect: Money::new(dec!(0.005)),
        conversion_effect: Money::new(dec!(0.005)),
        aov_effect: Money::ZERO,
    };
    let rounded = split.rounded();
    assert_eq!(rounded.uv_effect, Money::new(dec!(0.01)));
    assert_eq!(rounded.conversion_effect, Money::ZERO);
    assert_eq!(rounded.aov_effect, Money::ZERO);
}

#[test]
fn a_prorated_month_compares_with_the_prorated_target() {
    let as_of = NaiveDate::from_ymd_opt(2027, 3, 15).unwrap();
    let progress = Progress::of_month(YearMonth::new(2027, 3).unwrap(), as_of);
    let t = target(24000, dec!(0.03), dec!(101)).prorated(progress);
    let split = VarianceSplit::of(&t, &actual(11000, 350, dec!(34000)));
    let rounded = split.rounded();
    assert_eq!(rounded.target_sales.to_string(), "35187.10");
    assert_eq!(rounded.variance.to_string(), "-1187.10");
    let effects = rounded.uv_effect + rounded.conversion_effect + rounded.aov_effect;
    assert_eq!(effects, rounded.variance);
}

prop_compose! {
    fn any_target()(
        uv in 0u64..5_000_000,
        basis_points in 0i64..=10_000,
        aov_fen in 0i64..10_000_000,
    ) -> FunnelTarget {
        target(uv, Decimal::new(basis_points, 4), Decimal::new(aov_fen, 2))
    }
}

prop_compose! {
    fn any_actual()(uv in 0u64..5_000_000, share in 0u64..=100, aov_fen in 0i64..10_000_000)
        -> FunnelActual {
        let buyers = uv * share / 100;
        actual(uv, buyers, Decimal::from(buyers) * Decimal::new(aov_fen, 2))
    }
}

proptest! {
    #[test]
    fn the_effects_add_up_exactly(t in any_target(), a in any_actual(), share in 1u32..=31) {
        let split = VarianceSplit::of(&t, &a);
        let sum = split.uv_effect + split.conversion_effect + split.aov_effect;
        prop_assert_eq!(sum, split.variance);
        prop_assert_eq!(split.variance, a.sales - t.sales());
        // A prorated target's visitors are a fraction such as 24000 × 15/31: exact to
        // Decimal's 28 significant digits, far below the fen.
        let prorated = t.prorated(Progress { days_elapsed: share, days_total: 31 });
        let split = VarianceSplit::of(&prorated, &a);
        let sum = split.uv_effect + split.conversion_effect + split.aov_effect;
        prop_assert!((sum - split.variance).value().abs() < dec!(0.000000000001));
    }

    #[test]
    fn the_rounded_effects_add_up_to_the_rounded_variance(
        t in any_target(),
        a in any_actual(),
        elapsed in 1u32..=31,
    ) {
        let t = t.prorated(Progress { days_elapsed: elapsed, days_total: 31 });
        let exact = VarianceSplit::of(&t, &a);
        let shown = exact.rounded();
        let sum = shown.uv_effect + shown.conversion_effect + shown.aov_effect;
        prop_assert_eq!(sum, shown.variance);
        prop_assert_eq!(shown.variance, a.sales.rounded() - t.sales().rounded());
        let pairs = [
            (shown.uv_effect, exact.uv_effect),
            (shown.conversion_effect, exact.conversion_effect),
            (shown.aov_effect, exact.aov_effect),
        ];
        for (rounded, precise) in pairs {
            prop_assert_eq!(rounded.rounded(), rounded);
            prop_assert!((rounded - precise).value().abs() < dec!(0.01));
        }
    }
}
