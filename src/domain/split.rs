//! Splitting a period's sales target (or a budget) over its months: evenly, by weights (a ramp
//! such as 20/40/90/150) or like last year's actual sales. The parts always add up to the total
//! exactly in fen: the total is first rounded half-up to the fen, each month gets its share
//! rounded down to the fen, and the fen left over go one each to the months with the largest
//! remainders, ties to the earliest month.

use rust_decimal::Decimal;

use super::apportion::apportion_fen;
use super::money::Money;
use crate::i18n::Msg;

/// How a total is spread over months, as the plan editor offers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SplitMethod {
    /// The same amount each month (to the fen).
    Even,
    /// In proportion to one weight per month.
    Weights(Vec<Decimal>),
    /// In proportion to last year's actual sales of the same months.
    LikeLastYear(Vec<Money>),
}

/// Splits `total` over `months` months by `method`; the weights, if any, must be one per month.
pub fn split_total(total: Money, months: usize, method: &SplitMethod) -> Result<Vec<Money>, Msg> {
    match method {
        SplitMethod::Even => split_evenly(total, months),
        SplitMethod::Weights(weights) => {
            one_per_month(months, weights.len())?;
            split_by_weights(total, weights)
        }
        SplitMethod::LikeLastYear(sales) => {
            one_per_month(months, sales.len())?;
            split_like_last_year(total, sales)
        }
    }
}

fn one_per_month(months: usize, weights: usize) -> Result<(), Msg> {
    if months == weights {
        return Ok(());
    }
    Err(Msg::new("domain-split-weights-count")
        .arg("months", months)
        .arg("weights", weights))
}

/// Splits `total` evenly: months differ by at most one fen, the earlier months taking the extra.
pub fn split_evenly(total: Money, months: usize) -> Result<Vec<Money>, Msg> {
    apportion(total, &vec![Decimal::ONE; months])
}

/// Splits `total` in proportion to `weights` (one per month, not negative, not all zero).
pub fn split_by_weights(total: Money, weights: &[Decimal]) -> Result<Vec<Money>, Msg> {
    if let Some(position) = weights
        .iter()
        .position(|w| w.is_sign_negative() && !w.is_zero())
    {
        return Err(Msg::new("domain-split-weight-negative")
            .arg("position", position + 1)
            .arg("weight", weights[position].normalize()));
    }
    if !weights.is_empty() && weights.iter().all(Decimal::is_zero) {
        return Err(Msg::new("domain-split-weights-zero"));
    }
    apportion(total, weights)
}

/// Splits `total` in proportion to last year's actual sales of the same months. A month with
/// negative net sales weighs nothing; when every month weighs nothing, the split is even.
pub fn split_like_last_year(total: Money, last_year: &[Money]) -> Result<Vec<Money>, Msg> {
    let weights: Vec<Decimal> = last_year
        .iter()
        .map(|sales| sales.value().max(Decimal::ZERO))
        .collect();
    if weights.iter().all(Decimal::is_zero) {
        return split_evenly(total, last_year.len());
    }
    apportion(total, &weights)
}

fn apportion(total: Money, weights: &[Decimal]) -> Result<Vec<Money>, Msg> {
    if weights.is_empty() {
        return Err(Msg::new("domain-split-no-months"));
    }
    let too_large = || Msg::new("domain-split-too-large");
    let total_fen = total
        .value()
        .checked_mul(Decimal::ONE_HUNDRED)
        .map(|fen| super::fixed::round_half_up(fen, 0))
        .ok_or_else(too_large)?;
    let weight_sum = weights
        .iter()
        .try_fold(Decimal::ZERO, |sum, w| sum.checked_add(*w))
        .ok_or_else(too_large)?;
    let numerators = weights
        .iter()
        .map(|w| total_fen.checked_mul(*w))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(too_large)?;
    let fen = apportion_fen(&numerators, weight_sum, total_fen).ok_or_else(too_large)?;
    Ok(fen.into_iter().map(Money::from_fen).collect())
}

#[cfg(test)]
mod tests;
