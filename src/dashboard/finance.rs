//! The finance view's figures: budget against spend by category, shop and month over a
//! period, burn and pacing against the time elapsed, the overspend forecast at the current
//! run rate, ROI and spend ratio (费比) per channel, and recoverable money kept apart.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::dashboard::group_by;
use crate::db::dashboard::{ActualMonth, BudgetLine, MonthPlan, SpendMonth};
use crate::db::reference::RefItem;
use crate::db::shops::Shop;
use crate::domain::ids::{PlanId, ShopId};
use crate::domain::ratios::{Progress, burn, pacing, roi, run_rate_forecast, spend_ratio};
use crate::domain::{CategoryKind, Money, Rate, Ratio, YearMonth};

/// Budget and spend of one line of the view (a category, a shop, a month or the total).
#[derive(Clone, Debug, Default)]
pub struct Line {
    pub label: String,
    /// The budget of the months up to the as-of date (the month in progress prorated).
    pub budget_to_date: Money,
    /// The budget of the whole period.
    pub budget_period: Money,
    pub spend: Money,
    pub marketing_spend: Money,
    pub sales: Money,
    pub attributed: Money,
    pub recoverable: Money,
}

impl Line {
    pub fn burn(&self) -> Option<Rate> {
        burn(self.spend, self.budget_to_date)
    }

    /// Spend ÷ the period's budget, ÷ the share of the period elapsed.
    pub fn pacing(&self, progress: Progress) -> Option<Ratio> {
        pacing(burn(self.spend, self.budget_period)?, progress)
    }

    pub fn forecast(&self, progress: Progress) -> Option<Money> {
        run_rate_forecast(self.spend, progress)
    }

    /// How much the run rate would spend beyond the period's budget (zero when within).
    pub fn overspend(&self, progress: Progress) -> Option<Money> {
        let forecast = self.forecast(progress)?;
        let over = forecast - self.budget_period;
        Some(if over.is_negative() {
            Money::ZERO
        } else {
            over
        })
    }

    /// ROI of the shop or total: sales ÷ marketing spend.
    pub fn roi(&self) -> Option<Ratio> {
        roi(self.sales, self.marketing_spend)
    }

    /// ROI of a channel: its attributed sales ÷ its spend.
    pub fn channel_roi(&self) -> Option<Ratio> {
        if self.attributed.is_zero() {
            return None;
        }
        roi(self.attributed, self.spend)
    }

    pub fn spend_ratio(&self) -> Option<Rate> {
        if self.attributed.is_zero() {
            return None;
        }
        spend_ratio(self.spend, self.attributed)
    }
}

/// The finance view over a period.
pub struct Finance {
    pub first: YearMonth,
    pub last: YearMonth,
    pub progress: Progress,
    pub categories: Vec<(CategoryKind, Line)>,
    pub shops: Vec<Line>,
    pub months: Vec<Line>,
    pub total: Line,
}

/// A budget line of a shop's month.
#[derive(Clone, Debug)]
pub struct ShopBudgetLine {
    pub shop_id: ShopId,
    pub month: NaiveDate,
    pub category_code: String,
    pub amount: Money,
}

/// The lines of the plan each shop-month is measured against.
pub fn chosen_lines(choices: &[MonthPlan], lines: &[BudgetLine]) -> Vec<ShopBudgetLine> {
    let chosen: std::collections::HashMap<(PlanId, NaiveDate), ShopId> = choices
        .iter()
        .map(|c| ((c.plan_id, c.month), c.shop_id))
        .collect();
    lines
        .iter()
        .filter_map(|l| {
            let shop_id = *chosen.get(&(l.plan_id, l.month))?;
            Some(ShopBudgetLine {
                shop_id,
                month: l.month,
                category_code: l.category_code.clone(),
                amount: l.amount,
            })
        })
        .collect()
}

fn kind_of(categories: &[RefItem], code: &str) -> Option<CategoryKind> {
    categories
        .iter()
        .find(|c| c.code == code)
        .and_then(|c| c.kind)
}

/// What the view is computed from: the shops (already filtered by shop and platform), their
/// budget lines by month, and their spend and actuals up to the as-of date.
pub struct FinanceInput<'a> {
    pub shops: &'a [&'a Shop],
    pub budget_lines: &'a [ShopBudgetLine],
    pub spend: &'a [SpendMonth],
    pub actuals: &'a [ActualMonth],
    pub categories: &'a [RefItem],
}

/// Computes the view over the months `first..=last` on `as_of`.
pub fn compute(
    input: &FinanceInput,
    first: YearMonth,
    last: YearMonth,
    as_of: NaiveDate,
    lang: crate::i18n::Lang,
) -> Finance {
    let in_period = |m: YearMonth| first <= m && m <= last;
    let progress = Progress::through(first.first_day(), last.last_day(), as_of);
    let month_progress = |m: YearMonth| Progress::of_month(m, as_of);
    let mut by_category: BTreeMap<String, Line> = BTreeMap::new();
    let mut by_month: BTreeMap<YearMonth, Line> = BTreeMap::new();
    let budget_of = group_by(input.budget_lines, |l| l.shop_id);
    let spend_of = group_by(input.spend, |c| c.shop_id);
    let actuals_of = group_by(input.actuals, |a| a.shop_id);
    let mut shops = Vec::new();
    for shop_row in input.shops {
        let mut shop = Line {
            label: shop_row.name.clone(),
            ..Line::default()
        };
        for l in budget_of.get(&shop_row.id).into_iter().flatten() {
            let month = YearMonth::of(l.month);
            if !in_period(month) {
                continue;
            }
            let kind = kind_of(input.categories, &l.category_code);
            let to_date = month_progress(month).prorate(l.amount);
            let line = by_category.entry(l.category_code.clone()).or_default();
            line.budget_period += l.amount;
            line.budget_to_date += to_date;
            if kind.is_some_and(|k| k.counts_in_burn()) {
                shop.budget_period += l.amount;
                shop.budget_to_date += to_date;
                let m = by_month.entry(month).or_default();
                m.budget_period += l.amount;
                m.budget_to_date += to_date;
            }
        }
        for c in spend_of
            .get(&shop_row.id)
            .into_iter()
            .flatten()
            .filter(|c| in_period(YearMonth::of(c.month)))
        {
            let line = by_category.entry(c.category_code.clone()).or_default();
            line.spend += c.amount;
            line.attributed += c.attributed_sales;
            let m = by_month.entry(YearMonth::of(c.month)).or_default();
            match c.kind {
                Some(CategoryKind::Recoverable) => {
                    shop.recoverable += c.amount;
                    m.recoverable += c.amount;
                }
                Some(k) => {
                    shop.spend += c.amount;
                    m.spend += c.amount;
                    if k == CategoryKind::Marketing {
                        shop.marketing_spend += c.amount;
                        m.marketing_spend += c.amount;
                    }
                }
                None => {}
            }
        }
        for a in actuals_of
            .get(&shop_row.id)
            .into_iter()
            .flatten()
            .filter(|a| in_period(YearMonth::of(a.month)))
        {
            shop.sales += a.sales;
            by_month.entry(YearMonth::of(a.month)).or_default().sales += a.sales;
        }
        shops.push(shop);
    }
    let total = shops.iter().fold(
        Line {
            label: lang.t("plan-total"),
            ..Line::default()
        },
        |mut t, s| {
            t.budget_to_date += s.budget_to_date;
            t.budget_period += s.budget_period;
            t.spend += s.spend;
            t.marketing_spend += s.marketing_spend;
            t.sales += s.sales;
            t.recoverable += s.recoverable;
            t
        },
    );
    let categories_out = input
        .categories
        .iter()
        .filter_map(|c| {
            let mut line = by_category.remove(&c.code)?;
            line.label = c.name(&lang).to_string();
            Some((c.kind?, line))
        })
        .collect();
    let months = YearMonth::range(first, last)
        .map(|m| {
            let mut line = by_month.remove(&m).unwrap_or_default();
            line.label = m.to_string();
            line
        })
        .collect();
    Finance {
        first,
        last,
        progress,
        categories: categories_out,
        shops,
        months,
        total,
    }
}
