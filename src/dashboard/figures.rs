//! The figures of the plan dashboard (contract.md, "Dashboards"): per plan month, target
//! against actual, the variance split into its three effects, ROI and budget burn, and the
//! totals over the months up to the as-of date. Pure arithmetic over what the database read.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::ratios::{MonthStanding, burn, roi};
use crate::domain::{FunnelActual, FunnelTarget, Money, Rate, Ratio, VarianceSplit, YearMonth};

/// What a month's actual data adds up to, up to the as-of date.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Actuals {
    pub uv: i64,
    pub buyers: i64,
    pub sales: Money,
    pub refunds: Money,
}

/// A month's spend (or budget) by how it counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Spend {
    pub marketing: Money,
    pub operating: Money,
    pub recoverable: Money,
}

impl Spend {
    /// What counts in budget and burn: marketing and operating.
    pub fn counted(&self) -> Money {
        self.marketing + self.operating
    }
}

/// Everything known about one plan month.
#[derive(Clone, Debug)]
pub struct MonthInput {
    pub month: YearMonth,
    /// The month's target funnel, if the plan sets one.
    pub target: Option<FunnelTarget>,
    pub budget: Spend,
    /// Actuals up to the as-of date (zero when none were imported).
    pub actual: Actuals,
    /// Spend up to the as-of date.
    pub spend: Spend,
}

/// The plan's ROI band.
#[derive(Clone, Copy, Debug, Default, Serialize, ToSchema)]
pub struct RoiBand {
    #[schema(value_type = Option<String>)]
    pub target_min: Option<Ratio>,
    #[schema(value_type = Option<String>)]
    pub target_max: Option<Ratio>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct TargetFigures {
    pub uv: Option<i64>,
    #[schema(value_type = Option<String>)]
    pub conversion_rate: Option<Rate>,
    #[schema(value_type = Option<String>)]
    pub aov: Option<Money>,
    pub buyers: Option<i64>,
    #[schema(value_type = Option<String>)]
    pub sales: Option<Money>,
    #[schema(value_type = String)]
    pub marketing_budget: Money,
    /// Marketing and operating budget.
    #[schema(value_type = String)]
    pub budget: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct ActualFigures {
    pub uv: i64,
    #[schema(value_type = Option<String>)]
    pub conversion_rate: Option<Rate>,
    #[schema(value_type = Option<String>)]
    pub aov: Option<Money>,
    pub buyers: i64,
    #[schema(value_type = String)]
    pub sales: Money,
    #[schema(value_type = String)]
    pub refunds: Money,
    #[schema(value_type = String)]
    pub marketing_spend: Money,
    /// Marketing and operating spend.
    #[schema(value_type = String)]
    pub spend: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct Variance {
    #[schema(value_type = String)]
    pub sales: Money,
    #[schema(value_type = Option<String>)]
    pub sales_pct: Option<Rate>,
    #[schema(value_type = String)]
    pub uv_effect: Money,
    #[schema(value_type = String)]
    pub conversion_effect: Money,
    #[schema(value_type = String)]
    pub aov_effect: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct RoiFigures {
    #[schema(value_type = Option<String>)]
    pub target_min: Option<Ratio>,
    #[schema(value_type = Option<String>)]
    pub target_max: Option<Ratio>,
    /// Sales ÷ marketing spend; null without marketing spend.
    #[schema(value_type = Option<String>)]
    pub actual: Option<Ratio>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct BudgetFigures {
    /// Spend ÷ budget (marketing and operating); null without budget.
    #[schema(value_type = Option<String>)]
    pub burn: Option<Rate>,
    /// Deposits and inventory: money that comes back, never counted in burn.
    #[schema(value_type = String)]
    pub recoverable_spend: Money,
}

/// One plan month of the dashboard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct DashboardMonth {
    #[schema(value_type = String, example = "2027-01")]
    pub month: YearMonth,
    /// False for the month containing the as-of date (its targets and budgets are prorated)
    /// and for months after it.
    pub complete: bool,
    pub target: TargetFigures,
    /// Null for months after the as-of date.
    pub actual: Option<ActualFigures>,
    pub variance: Option<Variance>,
    pub roi: RoiFigures,
    pub budget: BudgetFigures,
}

/// The same figures summed over the months up to the as-of date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct DashboardTotals {
    /// How many months are summed.
    pub months: usize,
    pub target: TargetFigures,
    pub actual: ActualFigures,
    pub variance: Option<Variance>,
    pub roi: RoiFigures,
    pub budget: BudgetFigures,
}

fn rate(numerator: i64, denominator: i64) -> Option<Rate> {
    (denominator > 0).then(|| {
        Rate::new(rust_decimal::Decimal::from(numerator) / rust_decimal::Decimal::from(denominator))
    })
}

fn per(total: Money, count: i64) -> Option<Money> {
    (count > 0).then(|| Money::new(total.value() / rust_decimal::Decimal::from(count)))
}

/// The target of a month on `as_of`, prorated for the month in progress.
fn target_figures(
    input: &MonthInput,
    standing: MonthStanding,
) -> (TargetFigures, Option<FunnelTarget>) {
    let scale = |m: Money| match standing {
        MonthStanding::InProgress(p) => p.prorate(m),
        _ => m,
    };
    let funnel = input.target.map(|t| match standing {
        MonthStanding::InProgress(p) => t.prorated(p),
        _ => t,
    });
    let figures = TargetFigures {
        uv: funnel.map(|f| f.uv() as i64),
        conversion_rate: funnel.map(|f| f.conversion()),
        aov: funnel.map(|f| f.aov()),
        buyers: funnel.map(|f| f.buyers() as i64),
        sales: funnel.map(|f| f.sales().rounded()),
        marketing_budget: scale(input.budget.marketing).rounded(),
        budget: scale(input.budget.counted()).rounded(),
    };
    (figures, funnel)
}

fn actual_figures(a: &Actuals, s: &Spend) -> ActualFigures {
    let funnel = FunnelActual {
        uv: a.uv.max(0) as u64,
        buyers: a.buyers.max(0) as u64,
        sales: a.sales,
    };
    ActualFigures {
        uv: a.uv,
        conversion_rate: funnel.conversion(),
        aov: funnel.aov(),
        buyers: a.buyers,
        sales: a.sales,
        refunds: a.refunds,
        marketing_spend: s.marketing,
        spend: s.counted(),
    }
}

fn variance_of(split: &VarianceSplit) -> Variance {
    Variance {
        sales: split.variance,
        sales_pct: split.sales_pct(),
        uv_effect: split.uv_effect,
        conversion_effect: split.conversion_effect,
        aov_effect: split.aov_effect,
    }
}

/// One month's dashboard figures on `as_of`.
pub fn month(input: &MonthInput, band: RoiBand, as_of: NaiveDate) -> DashboardMonth {
    let standing = MonthStanding::of(input.month, as_of);
    let (target, funnel) = target_figures(input, standing);
    let started = standing != MonthStanding::NotStarted;
    let actual = started.then(|| actual_figures(&input.actual, &input.spend));
    let variance = match (funnel, started) {
        (Some(funnel), true) => {
            let actual = FunnelActual {
                uv: input.actual.uv.max(0) as u64,
                buyers: input.actual.buyers.max(0) as u64,
                sales: input.actual.sales,
            };
            Some(variance_of(&VarianceSplit::of(&funnel, &actual).rounded()))
        }
        _ => None,
    };
    let spent = input.spend.counted();
    DashboardMonth {
        month: input.month,
        complete: standing.is_complete(),
        roi: RoiFigures {
            target_min: band.target_min,
            target_max: band.target_max,
            actual: started
                .then(|| roi(input.actual.sales, input.spend.marketing))
                .flatten(),
        },
        budget: BudgetFigures {
            burn: started.then(|| burn(spent, target.budget)).flatten(),
            recoverable_spend: if started {
                input.spend.recoverable
            } else {
                Money::ZERO
            },
        },
        target,
        actual,
        variance,
    }
}

/// Sums the months up to the as-of date, recomputing conversion, AOV, ROI and burn from the
/// sums. Target sales and the variance are sums of the monthly figures as shown, so the
/// totals add up exactly to what the table lists.
pub fn totals(months: &[DashboardMonth], band: RoiBand) -> DashboardTotals {
    let counted: Vec<&DashboardMonth> = months.iter().filter(|m| m.actual.is_some()).collect();
    let sum_i = |f: &dyn Fn(&DashboardMonth) -> i64| counted.iter().map(|m| f(m)).sum::<i64>();
    let sum_m = |f: &dyn Fn(&DashboardMonth) -> Money| counted.iter().map(|m| f(m)).sum::<Money>();
    let actual = |f: &dyn Fn(&ActualFigures) -> Money| {
        sum_m(&|m| m.actual.as_ref().map(f).unwrap_or_default())
    };
    let t_uv = sum_i(&|m| m.target.uv.unwrap_or(0));
    let t_buyers = sum_i(&|m| m.target.buyers.unwrap_or(0));
    let t_sales = sum_m(&|m| m.target.sales.unwrap_or_default());
    let any_target = counted.iter().any(|m| m.target.sales.is_some());
    let a_uv = sum_i(&|m| m.actual.as_ref().map(|a| a.uv).unwrap_or(0));
    let a_buyers = sum_i(&|m| m.actual.as_ref().map(|a| a.buyers).unwrap_or(0));
    let a_sales = actual(&|a| a.sales);
    let marketing = actual(&|a| a.marketing_spend);
    let spend = actual(&|a| a.spend);
    let budget = sum_m(&|m| m.target.budget);
    let with_variance: Vec<&Variance> =
        counted.iter().filter_map(|m| m.variance.as_ref()).collect();
    let variance = (!with_variance.is_empty()).then(|| {
        let sum =
            |f: &dyn Fn(&Variance) -> Money| with_variance.iter().map(|v| f(v)).sum::<Money>();
        let sales = sum(&|v| v.sales);
        Variance {
            sales,
            sales_pct: sales
                .ratio_to(t_sales)
                .filter(|_| t_sales.value() > rust_decimal::Decimal::ZERO)
                .map(Rate::new),
            uv_effect: sum(&|v| v.uv_effect),
            conversion_effect: sum(&|v| v.conversion_effect),
            aov_effect: sum(&|v| v.aov_effect),
        }
    });
    DashboardTotals {
        months: counted.len(),
        target: TargetFigures {
            uv: any_target.then_some(t_uv),
            conversion_rate: any_target.then(|| rate(t_buyers, t_uv)).flatten(),
            aov: any_target.then(|| per(t_sales, t_buyers)).flatten(),
            buyers: any_target.then_some(t_buyers),
            sales: any_target.then_some(t_sales),
            marketing_budget: sum_m(&|m| m.target.marketing_budget),
            budget,
        },
        actual: ActualFigures {
            uv: a_uv,
            conversion_rate: rate(a_buyers, a_uv),
            aov: per(a_sales, a_buyers),
            buyers: a_buyers,
            sales: a_sales,
            refunds: actual(&|a| a.refunds),
            marketing_spend: marketing,
            spend,
        },
        variance,
        roi: RoiFigures {
            target_min: band.target_min,
            target_max: band.target_max,
            actual: roi(a_sales, marketing),
        },
        budget: BudgetFigures {
            burn: burn(spend, budget),
            recoverable_spend: sum_m(&|m| m.budget.recoverable_spend),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn ym(s: &str) -> YearMonth {
        YearMonth::parse(s).unwrap()
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// The contract's example month: 2027-01 seen on 2027-03-15.
    fn january() -> MonthInput {
        MonthInput {
            month: ym("2027-01"),
            target: Some(FunnelTarget::new(
                24000,
                Rate::new(dec!(0.03)),
                Money::new(dec!(101)),
            )),
            budget: Spend {
                marketing: Money::new(dec!(3000)),
                operating: Money::new(dec!(5000)),
                recoverable: Money::ZERO,
            },
            actual: Actuals {
                uv: 22150,
                buyers: 691,
                sales: Money::new(dec!(67994.40)),
                refunds: Money::new(dec!(1200)),
            },
            spend: Spend {
                marketing: Money::new(dec!(3120)),
                operating: Money::new(dec!(5180)),
                recoverable: Money::ZERO,
            },
        }
    }

    fn band() -> RoiBand {
        RoiBand {
            target_min: Some(Ratio::new(dec!(3))),
            target_max: Some(Ratio::new(dec!(5))),
        }
    }

    #[test]
    fn the_contract_example_month_comes_out_as_written() {
        let m = month(&january(), band(), date("2027-03-15"));
        let json = serde_json::to_value(&m).unwrap();
        assert_eq!(json["complete"], true);
        assert_eq!(json["target"]["buyers"], 720);
        assert_eq!(json["target"]["sales"], "72720.00");
        assert_eq!(json["target"]["budget"], "8000.00");
        assert_eq!(json["actual"]["conversion_rate"], "0.0312");
        assert_eq!(json["actual"]["aov"], "98.40");
        assert_eq!(json["actual"]["spend"], "8300.00");
        assert_eq!(json["variance"]["sales"], "-4725.60");
        assert_eq!(json["variance"]["sales_pct"], "-0.0650");
        assert_eq!(json["roi"]["actual"], "21.7931");
        assert_eq!(json["budget"]["burn"], "1.0375");
        let v = m.variance.unwrap();
        assert_eq!(v.uv_effect + v.conversion_effect + v.aov_effect, v.sales);
    }

    #[test]
    fn the_month_in_progress_is_prorated_by_days_elapsed() {
        let mut input = january();
        input.month = ym("2027-03");
        let m = month(&input, band(), date("2027-03-15"));
        assert!(!m.complete);
        // 24000 × 15/31 = 11612.9 → 11613; buyers 0.03 × 11612.90… = 348.39 → 348.
        assert_eq!(m.target.uv, Some(11613));
        assert_eq!(m.target.buyers, Some(348));
        // Sales from the unrounded figures: 72720 × 15/31 = 35187.096… → 35187.10.
        assert_eq!(m.target.sales.unwrap().to_string(), "35187.10");
        assert_eq!(m.target.budget.to_string(), "3870.97");
    }

    #[test]
    fn months_after_as_of_have_no_actual_and_no_spend_means_no_roi() {
        let mut input = january();
        input.month = ym("2027-05");
        let later = month(&input, band(), date("2027-03-15"));
        assert_eq!(later.actual, None);
        assert_eq!(later.variance, None);
        input.month = ym("2027-02");
        input.spend = Spend::default();
        let no_spend = month(&input, band(), date("2027-03-15"));
        assert_eq!(no_spend.roi.actual, None);
        assert!(serde_json::to_value(&no_spend).unwrap()["roi"]["actual"].is_null());
    }

    #[test]
    fn totals_recompute_ratios_and_add_up_the_months() {
        let jan = january();
        let mut feb = january();
        feb.month = ym("2027-02");
        feb.actual.uv = 30000;
        feb.actual.buyers = 800;
        let months: Vec<DashboardMonth> = [jan, feb]
            .iter()
            .map(|i| month(i, band(), date("2027-03-15")))
            .collect();
        let t = totals(&months, band());
        assert_eq!(t.months, 2);
        assert_eq!(t.actual.uv, 52150);
        assert_eq!(t.actual.conversion_rate, rate(1491, 52150));
        let v = t.variance.unwrap();
        assert_eq!(
            v.sales,
            months
                .iter()
                .map(|m| m.variance.as_ref().unwrap().sales)
                .sum()
        );
        assert_eq!(v.uv_effect + v.conversion_effect + v.aov_effect, v.sales);
        assert_eq!(t.roi.actual, roi(t.actual.sales, t.actual.marketing_spend));
    }
}
