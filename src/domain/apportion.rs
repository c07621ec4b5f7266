//! Rounding several exact parts to whole fen so that they still add up to a given total, by the
//! largest-remainder method. Used for splitting targets over months and for the variance split.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// Rounds the parts `numerators[i] ÷ denominator` (in fen) to whole fen adding up to exactly
/// `total_fen`. Each part is first rounded down; the fen still missing go one each to the parts
/// with the largest remainders, ties to the earliest part. (Should the rounded-down parts
/// overshoot, which no caller's arithmetic allows, fen come off the smallest remainders, ties to
/// the latest part, so the sum still holds.) `None` when the numbers overflow `Decimal` or the
/// denominator is not positive.
pub(crate) fn apportion_fen(
    numerators: &[Decimal],
    denominator: Decimal,
    total_fen: Decimal,
) -> Option<Vec<Decimal>> {
    if denominator <= Decimal::ZERO {
        return None;
    }
    let floored = numerators
        .iter()
        .map(|&numerator| floor_div(numerator, denominator))
        .collect::<Option<Vec<_>>>()?;
    let mut parts: Vec<Decimal> = floored.iter().map(|(quotient, _)| *quotient).collect();
    let floored_sum = parts
        .iter()
        .try_fold(Decimal::ZERO, |sum, part| sum.checked_add(*part))?;
    let missing = total_fen.checked_sub(floored_sum)?.to_i64()?;
    let mut order: Vec<usize> = (0..parts.len()).collect();
    // Largest remainder first; `sort_by` is stable, so equal remainders keep the earliest first.
    order.sort_by(|&a, &b| floored[b].1.cmp(&floored[a].1));
    let step = if missing >= 0 {
        Decimal::ONE
    } else {
        order.reverse();
        Decimal::NEGATIVE_ONE
    };
    let count = usize::try_from(missing.unsigned_abs()).ok()?;
    for &index in order.iter().cycle().take(count) {
        parts[index] += step;
    }
    Some(parts)
}

/// The floor of `numerator ÷ denominator` and the exact remainder, with `denominator > 0`.
fn floor_div(numerator: Decimal, denominator: Decimal) -> Option<(Decimal, Decimal)> {
    let mut quotient = numerator.checked_div(denominator)?.floor();
    // The division keeps 28 significant digits; correct a quotient that rounded across an integer.
    while quotient.checked_mul(denominator)? > numerator {
        quotient -= Decimal::ONE;
    }
    while (quotient + Decimal::ONE).checked_mul(denominator)? <= numerator {
        quotient += Decimal::ONE;
    }
    let remainder = numerator.checked_sub(quotient.checked_mul(denominator)?)?;
    Some((quotient, remainder))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn leftover_fen_go_to_the_largest_remainders_then_the_earliest() {
        let thirds = apportion_fen(&[dec!(1), dec!(1), dec!(1)], dec!(3), dec!(2)).unwrap();
        assert_eq!(thirds, vec![dec!(1), dec!(1), dec!(0)]);
        let parts = apportion_fen(&[dec!(0.2), dec!(0.7), dec!(0.1)], dec!(1), dec!(1)).unwrap();
        assert_eq!(parts, vec![dec!(0), dec!(1), dec!(0)]);
    }

    #[test]
    fn negative_parts_round_down_too() {
        let parts = apportion_fen(&[dec!(-0.5), dec!(-0.5)], dec!(1), dec!(-1)).unwrap();
        assert_eq!(parts, vec![dec!(0), dec!(-1)]);
    }

    #[test]
    fn an_overshoot_comes_off_the_smallest_remainders() {
        let parts = apportion_fen(&[dec!(1.5), dec!(1.9)], dec!(1), dec!(1)).unwrap();
        assert_eq!(parts, vec![dec!(0), dec!(1)]);
        assert_eq!(apportion_fen(&[dec!(1)], Decimal::ZERO, dec!(1)), None);
    }
}
