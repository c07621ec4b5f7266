use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::*;

fn yuan(values: &[Decimal]) -> Vec<Money> {
    values.iter().copied().map(Money::new).collect()
}

#[test]
fn the_tea_company_half_year_ramps_200k_400k_900k_1500k() {
    let weights = [dec!(20), dec!(40), dec!(90), dec!(150)];
    let parts = split_by_weights(Money::yuan(3_000_000), &weights).unwrap();
    let expected = [dec!(200000), dec!(400000), dec!(900000), dec!(1500000)];
    assert_eq!(parts, yuan(&expected));
}

#[test]
fn an_even_split_gives_leftover_fen_to_the_earliest_months() {
    let parts = split_evenly(Money::yuan(100), 3).unwrap();
    assert_eq!(parts, yuan(&[dec!(33.34), dec!(33.33), dec!(33.33)]));
    let parts = split_evenly(Money::new(dec!(0.02)), 3).unwrap();
    assert_eq!(parts, yuan(&[dec!(0.01), dec!(0.01), dec!(0)]));
}

#[test]
fn the_total_is_rounded_half_up_to_the_fen_first() {
    let parts = split_evenly(Money::new(dec!(10.005)), 2).unwrap();
    assert_eq!(parts, yuan(&[dec!(5.01), dec!(5.00)]));
}

#[test]
fn leftover_fen_go_to_the_largest_remainder_before_the_earliest() {
    // 0.10 by 1:1:1 is 0.0333… each: equal remainders, so the earliest takes the extra fen.
    let parts = split_by_weights(Money::new(dec!(0.10)), &[dec!(1), dec!(1), dec!(1)]).unwrap();
    assert_eq!(parts, yuan(&[dec!(0.04), dec!(0.03), dec!(0.03)]));
    // 0.11 by 1:3:6 is 0.011, 0.033, 0.066: the last month has the largest remainder.
    let parts = split_by_weights(Money::new(dec!(0.11)), &[dec!(1), dec!(3), dec!(6)]).unwrap();
    assert_eq!(parts, yuan(&[dec!(0.01), dec!(0.03), dec!(0.07)]));
}

#[test]
fn like_last_year_follows_last_years_sales_or_falls_back_to_even() {
    let last_year = yuan(&[dec!(100), dec!(300), dec!(0), dec!(-20)]);
    let parts = split_like_last_year(Money::yuan(1000), &last_year).unwrap();
    assert_eq!(parts, yuan(&[dec!(250), dec!(750), dec!(0), dec!(0)]));
    let nothing = yuan(&[dec!(0), dec!(0)]);
    let parts = split_like_last_year(Money::yuan(1000), &nothing).unwrap();
    assert_eq!(parts, yuan(&[dec!(500), dec!(500)]));
}

#[test]
fn bad_weights_are_refused_with_a_reason() {
    let key = |r: Result<Vec<Money>, Msg>| r.unwrap_err().key;
    let total = Money::yuan(100);
    assert_eq!(
        key(split_by_weights(total, &[dec!(1), dec!(-1)])),
        "domain-split-weight-negative"
    );
    assert_eq!(
        key(split_by_weights(total, &[dec!(0), dec!(0)])),
        "domain-split-weights-zero"
    );
    assert_eq!(key(split_evenly(total, 0)), "domain-split-no-months");
    let method = SplitMethod::Weights(vec![dec!(1)]);
    assert_eq!(
        key(split_total(total, 2, &method)),
        "domain-split-weights-count"
    );
    let huge = Money::new(Decimal::MAX);
    assert_eq!(key(split_evenly(huge, 2)), "domain-split-too-large");
}

#[test]
fn split_total_dispatches_on_the_method() {
    let total = Money::yuan(90);
    let even = split_total(total, 3, &SplitMethod::Even).unwrap();
    assert_eq!(even, yuan(&[dec!(30), dec!(30), dec!(30)]));
    let ramp = SplitMethod::Weights(vec![dec!(1), dec!(2)]);
    assert_eq!(
        split_total(total, 2, &ramp).unwrap(),
        yuan(&[dec!(30), dec!(60)])
    );
}

#[test]
fn every_refusal_reads_well_in_both_languages() {
    use crate::i18n::Lang;
    let total = Money::yuan(1);
    let refusals = [
        split_evenly(total, 0).unwrap_err(),
        split_by_weights(total, &[dec!(-1)]).unwrap_err(),
        split_by_weights(total, &[dec!(0)]).unwrap_err(),
        split_evenly(Money::new(Decimal::MAX), 1).unwrap_err(),
        split_total(total, 2, &SplitMethod::Weights(vec![])).unwrap_err(),
    ];
    for msg in refusals {
        for lang in Lang::ALL {
            let text = msg.render(lang);
            assert!(text != msg.key && !text.contains('{'), "{lang:?}: {text}");
        }
    }
}

fn total_in_fen() -> impl Strategy<Value = Money> {
    (0i64..10_000_000_000_000).prop_map(|fen| Money::new(Decimal::new(fen, 2)))
}

fn weight() -> impl Strategy<Value = Decimal> {
    (0i64..100_000_000, 0u32..=4).prop_map(|(mantissa, scale)| Decimal::new(mantissa, scale))
}

proptest! {
    #[test]
    fn weighted_parts_add_up_to_the_total_and_are_never_negative(
        total in total_in_fen(),
        weights in prop::collection::vec(weight(), 1..=18),
    ) {
        prop_assume!(weights.iter().any(|w| !w.is_zero()));
        let parts = split_by_weights(total, &weights).unwrap();
        prop_assert_eq!(parts.len(), weights.len());
        prop_assert_eq!(parts.iter().sum::<Money>(), total);
        prop_assert!(parts.iter().all(|p| !p.is_negative() && p.rounded() == *p));
        for (part, weight) in parts.iter().zip(&weights) {
            if weight.is_zero() {
                prop_assert!(part.is_zero());
            }
        }
    }

    #[test]
    fn even_parts_differ_by_at_most_one_fen(total in total_in_fen(), months in 1usize..=24) {
        let parts = split_evenly(total, months).unwrap();
        prop_assert_eq!(parts.iter().sum::<Money>(), total);
        let most = parts.iter().max().copied().unwrap_or_default();
        let least = parts.iter().min().copied().unwrap_or_default();
        prop_assert!(most - least <= Money::new(dec!(0.01)));
        prop_assert!(parts.windows(2).all(|pair| pair[0] >= pair[1]));
    }

    #[test]
    fn like_last_year_always_adds_up(
        total in total_in_fen(),
        last_year in prop::collection::vec(total_in_fen(), 1..=12),
    ) {
        let parts = split_like_last_year(total, &last_year).unwrap();
        prop_assert_eq!(parts.iter().sum::<Money>(), total);
        prop_assert!(parts.iter().all(|p| !p.is_negative()));
    }
}
