//! Why a month missed (流量不够还是转化不行?): the sales variance split exactly into UV,
//! conversion and AOV effects by sequential substitution in funnel order (domain.md).

use rust_decimal::Decimal;

use super::apportion::apportion_fen;
use super::funnel::{FunnelActual, FunnelTarget};
use super::money::Money;
use super::rate::Rate;

/// A month's sales variance and its three effects, which add up to it exactly.
///
/// With U = UV, C = conversion, A = AOV, 0 = target, 1 = actual:
/// - UV effect = (U1 − U0) × C0 × A0
/// - conversion effect = U1 × (C1 − C0) × A0, computed as (buyers1 − U1 × C0) × A0 since
///   U1 × C1 is the actual buyers; this keeps it exact where C1 itself would be a rounded quotient
/// - AOV effect = U1 × C1 × (A1 − A0) = sales1 − buyers1 × A0, computed as the variance minus
///   the other two, which is the same value: the sum is then exact by construction.
///
/// Without visitors C1 is taken as 0, and without buyers the AOV effect is 0. Should actuals be
/// inconsistent (sales recorded without buyers or visitors), the unexplained sales land in the
/// AOV effect, so the effects still add up to the variance.
///
/// The sum is exact in `Decimal` for a whole month's target. A prorated target's visitors are a
/// fraction such as 24,000 × 15/31, held to 28 significant digits, so there the sum is exact to
/// about 10⁻²⁰ yuan; [`VarianceSplit::rounded`], which is what people see, always adds up exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VarianceSplit {
    pub target_sales: Money,
    pub actual_sales: Money,
    /// Actual sales − target sales.
    pub variance: Money,
    pub uv_effect: Money,
    pub conversion_effect: Money,
    pub aov_effect: Money,
}

impl VarianceSplit {
    /// The exact split of `actual` against `target` (pass a prorated target for the month in
    /// progress).
    pub fn of(target: &FunnelTarget, actual: &FunnelActual) -> Self {
        let conversion0 = target.conversion().value();
        let aov0 = target.aov().value();
        let uv1 = Decimal::from(actual.uv);
        let buyers1 = if actual.uv == 0 {
            Decimal::ZERO
        } else {
            Decimal::from(actual.buyers)
        };
        let target_sales = target.sales();
        let variance = actual.sales - target_sales;
        let uv_effect = Money::new((uv1 - target.exact_uv()) * conversion0 * aov0);
        let conversion_effect = Money::new((buyers1 - uv1 * conversion0) * aov0);
        Self {
            target_sales,
            actual_sales: actual.sales,
            variance,
            uv_effect,
            conversion_effect,
            aov_effect: variance - uv_effect - conversion_effect,
        }
    }

    /// Variance ÷ target sales (−0.0650 for 6.5% short); `None` without target sales.
    pub fn sales_pct(&self) -> Option<Rate> {
        if self.target_sales.value() <= Decimal::ZERO {
            return None;
        }
        self.variance.ratio_to(self.target_sales).map(Rate::new)
    }

    /// Every figure rounded to the fen, as the dashboard shows them, still adding up: the
    /// variance is rounded target subtracted from rounded actual, and the effects are rounded
    /// down to the fen with the fen left over going to the largest remainders (ties in funnel
    /// order: UV, conversion, AOV). Each effect is within one fen of its exact value.
    pub fn rounded(&self) -> VarianceSplit {
        let target_sales = self.target_sales.rounded();
        let actual_sales = self.actual_sales.rounded();
        let variance = actual_sales - target_sales;
        let effects = [self.uv_effect, self.conversion_effect, self.aov_effect];
        let [uv_effect, conversion_effect, aov_effect] = match rounded_effects(effects, variance) {
            Some(rounded) => rounded,
            None => {
                let uv = self.uv_effect.rounded();
                let conversion = self.conversion_effect.rounded();
                [uv, conversion, variance - uv - conversion]
            }
        };
        VarianceSplit {
            target_sales,
            actual_sales,
            variance,
            uv_effect,
            conversion_effect,
            aov_effect,
        }
    }
}

/// The effects in whole fen adding up to `variance`; `None` if the figures overflow.
fn rounded_effects(effects: [Money; 3], variance: Money) -> Option<[Money; 3]> {
    let in_fen = effects
        .iter()
        .map(|effect| effect.value().checked_mul(Decimal::ONE_HUNDRED))
        .collect::<Option<Vec<_>>>()?;
    let fen = apportion_fen(&in_fen, Decimal::ONE, variance.to_fen())?;
    Some([
        Money::from_fen(fen[0]),
        Money::from_fen(fen[1]),
        Money::from_fen(fen[2]),
    ])
}

#[cfg(test)]
mod tests;
