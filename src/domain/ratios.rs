//! The ratios finance reads (domain.md, "ROI, and the other ratios"), and how far an as-of date
//! is into a month or period, for proration, pacing and run-rate forecasts.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::money::Money;
use super::month::YearMonth;
use super::rate::{Rate, Ratio};

/// ROI (投入产出比) = sales ÷ marketing spend, 3 for "1:3"; `None` without marketing spend.
pub fn roi(sales: Money, marketing_spend: Money) -> Option<Ratio> {
    positive_ratio(sales, marketing_spend).map(Ratio::new)
}

/// Spend ratio (费比) = marketing spend ÷ sales, the inverse of ROI; `None` without sales.
pub fn spend_ratio(marketing_spend: Money, sales: Money) -> Option<Rate> {
    positive_ratio(marketing_spend, sales).map(Rate::new)
}

/// Profit ROI = (sales × gross margin − marketing spend) ÷ marketing spend; `None` without
/// marketing spend. Below zero, the campaign's gross profit does not cover its cost.
pub fn profit_roi(sales: Money, marketing_spend: Money, gross_margin: Rate) -> Option<Ratio> {
    let gross_profit = sales.times(gross_margin.value());
    positive_ratio(gross_profit - marketing_spend, marketing_spend).map(Ratio::new)
}

/// Break-even ROI = 1 ÷ gross margin (40% → 2.5): below it, marketing loses money.
/// `None` for a margin of zero or less.
pub fn break_even_roi(gross_margin: Rate) -> Option<Ratio> {
    if gross_margin.value() <= Decimal::ZERO {
        return None;
    }
    Decimal::ONE
        .checked_div(gross_margin.value())
        .map(Ratio::new)
}

/// Budget burn = spend ÷ budget; `None` without budget.
pub fn burn(spend: Money, budget: Money) -> Option<Rate> {
    positive_ratio(spend, budget).map(Rate::new)
}

/// Pacing = burn ÷ share of the period elapsed: above 1, spending runs ahead of the calendar.
/// `None` before the period starts.
pub fn pacing(burn: Rate, progress: Progress) -> Option<Ratio> {
    let elapsed = Decimal::from(progress.days_elapsed);
    let scaled = burn.value() * Decimal::from(progress.days_total);
    scaled.checked_div(elapsed).map(Ratio::new)
}

/// Run-rate forecast = spend so far ÷ days elapsed × days in the period; `None` before the
/// period starts.
pub fn run_rate_forecast(spend_so_far: Money, progress: Progress) -> Option<Money> {
    let scaled = spend_so_far.value() * Decimal::from(progress.days_total);
    scaled
        .checked_div(Decimal::from(progress.days_elapsed))
        .map(Money::new)
}

/// `numerator ÷ denominator` when the denominator is above zero.
fn positive_ratio(numerator: Money, denominator: Money) -> Option<Decimal> {
    if denominator.value() <= Decimal::ZERO {
        return None;
    }
    numerator.ratio_to(denominator)
}

/// How far an as-of date is into a period: days elapsed, counting the as-of day itself, out of
/// the days in the period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub days_elapsed: u32,
    pub days_total: u32,
}

impl Progress {
    /// Progress through the dates `first..=last` on `as_of`: none before `first`, all after
    /// `last`.
    pub fn through(first: NaiveDate, last: NaiveDate, as_of: NaiveDate) -> Self {
        let days = |until: NaiveDate| (until - first).num_days() + 1;
        let days_total = days(last).max(0);
        let days_elapsed = days(as_of).clamp(0, days_total);
        Self {
            days_elapsed: u32::try_from(days_elapsed).unwrap_or(u32::MAX),
            days_total: u32::try_from(days_total).unwrap_or(u32::MAX),
        }
    }

    /// Progress through a calendar month on `as_of`.
    pub fn of_month(month: YearMonth, as_of: NaiveDate) -> Self {
        Self::through(month.first_day(), month.last_day(), as_of)
    }

    /// Days elapsed ÷ days in the period, exact; 0 for an empty period.
    pub fn share(&self) -> Decimal {
        self.scale(Decimal::ONE)
    }

    /// An amount (a budget, a sales target) for the part of the period elapsed, unrounded.
    pub fn prorate(&self, amount: Money) -> Money {
        Money::new(self.scale(amount.value()))
    }

    /// `value × days elapsed ÷ days in the period`, dividing last to stay exact where it can.
    pub fn scale(&self, value: Decimal) -> Decimal {
        (value * Decimal::from(self.days_elapsed))
            .checked_div(Decimal::from(self.days_total))
            .unwrap_or(Decimal::ZERO)
    }
}

/// Where a plan month stands on an as-of date (contract.md, "Dashboards").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MonthStanding {
    /// The month ended before the as-of date: its targets count in full.
    Complete,
    /// The month contains the as-of date: targets and budgets are prorated by this progress.
    InProgress(Progress),
    /// The month starts after the as-of date: it has no actuals yet.
    NotStarted,
}

impl MonthStanding {
    pub fn of(month: YearMonth, as_of: NaiveDate) -> Self {
        if as_of > month.last_day() {
            MonthStanding::Complete
        } else if as_of < month.first_day() {
            MonthStanding::NotStarted
        } else {
            MonthStanding::InProgress(Progress::of_month(month, as_of))
        }
    }

    pub fn is_complete(&self) -> bool {
        *self == MonthStanding::Complete
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn march_15() -> Progress {
        Progress::of_month(YearMonth::new(2027, 3).unwrap(), date(2027, 3, 15))
    }

    #[test]
    fn roi_is_sales_over_marketing_spend() {
        let sales = Money::new(dec!(67994.40));
        let roi = roi(sales, Money::yuan(3120)).unwrap();
        assert_eq!(roi.to_string(), "21.7931");
        assert_eq!(super::roi(sales, Money::ZERO), None);
        let fee = spend_ratio(Money::yuan(150_000), Money::yuan(900_000)).unwrap();
        assert_eq!(fee.percent_text(), "16.67%");
        assert_eq!(spend_ratio(Money::yuan(1), Money::ZERO), None);
    }

    #[test]
    fn profit_and_break_even_roi_follow_the_margin() {
        let margin = Rate::new(dec!(0.4));
        assert_eq!(break_even_roi(margin), Some(Ratio::new(dec!(2.5))));
        assert_eq!(break_even_roi(Rate::ZERO), None);
        // 100,000 of sales at 40% is 40,000 of gross profit against 10,000 of spend.
        let profit = profit_roi(Money::yuan(100_000), Money::yuan(10_000), margin);
        assert_eq!(profit, Some(Ratio::new(dec!(3))));
        let loss = profit_roi(Money::yuan(20_000), Money::yuan(10_000), margin).unwrap();
        assert!(loss.value() < Decimal::ZERO);
    }

    #[test]
    fn burn_pacing_and_run_rate() {
        let burn = burn(Money::yuan(8300), Money::yuan(8000)).unwrap();
        assert_eq!(burn.to_string(), "1.0375");
        assert_eq!(super::burn(Money::yuan(1), Money::ZERO), None);
        let half_burnt = Rate::new(dec!(0.5));
        let pace = pacing(half_burnt, march_15()).unwrap();
        assert_eq!(pace.to_string(), "1.0333");
        assert_eq!(
            run_rate_forecast(Money::yuan(1500), march_15()),
            Some(Money::yuan(3100))
        );
        let before = Progress::of_month(YearMonth::new(2027, 3).unwrap(), date(2027, 2, 1));
        assert_eq!(pacing(half_burnt, before), None);
        assert_eq!(run_rate_forecast(Money::yuan(1), before), None);
    }

    #[test]
    fn progress_counts_the_as_of_day_and_clamps() {
        assert_eq!(march_15().days_elapsed, 15);
        assert_eq!(march_15().days_total, 31);
        assert_eq!(march_15().scale(dec!(31)), dec!(15));
        assert_eq!(march_15().prorate(Money::yuan(3100)), Money::yuan(1500));
        let plan = Progress::through(date(2027, 1, 1), date(2027, 6, 30), date(2027, 12, 1));
        assert_eq!((plan.days_elapsed, plan.days_total), (181, 181));
        assert_eq!(plan.share(), Decimal::ONE);
    }

    #[test]
    fn a_month_is_complete_only_after_its_last_day() {
        let march = YearMonth::new(2027, 3).unwrap();
        assert!(MonthStanding::of(march, date(2027, 4, 1)).is_complete());
        assert_eq!(
            MonthStanding::of(march, date(2027, 3, 31)),
            MonthStanding::InProgress(Progress {
                days_elapsed: 31,
                days_total: 31
            })
        );
        assert_eq!(
            MonthStanding::of(march, date(2027, 2, 28)),
            MonthStanding::NotStarted
        );
    }
}
