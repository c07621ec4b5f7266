//! Exit criteria evaluated against actuals: a metric condition is met when one month of the
//! phase reaches it ("monthly sales ≥ 300,000 in a month").

use rust_decimal::Decimal;

use crate::domain::YearMonth;
use crate::plans::document::{Condition, CriterionMetric};

/// A month's actual figures, as the conditions read them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthValues {
    pub month: YearMonth,
    /// Whether the month has ended (an upper limit is judged on whole months only).
    pub complete: bool,
    pub sales: Decimal,
    pub uv: Decimal,
    pub buyers: Decimal,
    pub conversion_rate: Option<Decimal>,
    pub aov: Option<Decimal>,
    pub roi: Option<Decimal>,
}

impl MonthValues {
    fn value(&self, metric: CriterionMetric) -> Option<Decimal> {
        match metric {
            CriterionMetric::Sales => Some(self.sales),
            CriterionMetric::Uv => Some(self.uv),
            CriterionMetric::Buyers => Some(self.buyers),
            CriterionMetric::ConversionRate => self.conversion_rate,
            CriterionMetric::Aov => self.aov,
            CriterionMetric::Roi => self.roi,
        }
    }
}

/// The verdict on a condition, with the figures behind it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    pub met: bool,
    /// The month that met it, or the best month so far.
    pub best: Option<(YearMonth, Decimal)>,
}

/// Evaluates a condition over the phase's months (with data up to the as-of date).
pub fn evaluate(condition: &Condition, months: &[MonthValues]) -> Evaluation {
    let at_least = condition.comparator != "<=";
    let candidates = months
        .iter()
        .filter(|m| at_least || m.complete)
        .filter_map(|m| Some((m.month, m.value(condition.metric)?)));
    let best = if at_least {
        candidates.max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
    } else {
        candidates.min_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)))
    };
    let met = best.is_some_and(|(_, v)| {
        if at_least {
            v >= condition.threshold
        } else {
            v <= condition.threshold
        }
    });
    Evaluation { met, best }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn month(m: &str, sales: Decimal, complete: bool) -> MonthValues {
        MonthValues {
            month: YearMonth::parse(m).unwrap(),
            complete,
            sales,
            uv: Decimal::ZERO,
            buyers: Decimal::ZERO,
            conversion_rate: None,
            aov: None,
            roi: None,
        }
    }

    fn sales_at_least(threshold: Decimal) -> Condition {
        Condition {
            metric: CriterionMetric::Sales,
            comparator: ">=".into(),
            threshold,
        }
    }

    #[test]
    fn one_month_reaching_the_threshold_meets_the_condition() {
        let months = [
            month("2027-11", dec!(280000), true),
            month("2027-12", dec!(312000), true),
            month("2028-01", dec!(90000), false),
        ];
        let e = evaluate(&sales_at_least(dec!(300000)), &months);
        assert!(e.met);
        assert_eq!(
            e.best,
            Some((YearMonth::parse("2027-12").unwrap(), dec!(312000)))
        );
        let e = evaluate(&sales_at_least(dec!(500000)), &months);
        assert!(!e.met);
        assert_eq!(e.best.unwrap().1, dec!(312000));
    }

    #[test]
    fn an_upper_limit_is_judged_on_complete_months_only() {
        let limit = Condition {
            metric: CriterionMetric::Sales,
            comparator: "<=".into(),
            threshold: dec!(1000),
        };
        assert!(!evaluate(&limit, &[month("2027-12", dec!(10), false)]).met);
        assert!(evaluate(&limit, &[month("2027-11", dec!(900), true)]).met);
    }
}
