//! Rules 1–5: targets that do not add up or were typed instead of derived, and budgets that imply
//! a low ROI, a high marketing or staff share, or costs above the gross margin.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{PlanSpec, Subject, TargetSpec, Warning, WarningCode};
use crate::domain::fixed;
use crate::domain::kinds::{CategoryKind, STAFF_CATEGORY};
use crate::domain::money::Money;
use crate::domain::month::YearMonth;
use crate::domain::rate::{Rate, Ratio};
use crate::i18n::Msg;

/// Target sales and budget of one month, or of the whole plan.
#[derive(Clone, Copy, Debug, Default)]
struct Figures {
    sales: Money,
    marketing: Money,
    operating: Money,
    staff: Money,
}

impl Figures {
    fn add(&mut self, other: &Figures) {
        self.sales += other.sales;
        self.marketing += other.marketing;
        self.operating += other.operating;
        self.staff += other.staff;
    }
}

/// Rules 1 and 2.
pub(super) fn check_targets(plan: &PlanSpec, warnings: &mut Vec<Warning>) {
    check_sum(plan, warnings);
    for target in &plan.targets {
        check_stated_sales(target, warnings);
    }
}

/// Rule 1, comparing the monthly sales as shown (each rounded to the fen) with the total, so a
/// person adding up the plan's figures finds the same numbers. A plan without targets yet is
/// not checked.
fn check_sum(plan: &PlanSpec, warnings: &mut Vec<Warning>) {
    let in_plan = plan.targets.iter().filter(|t| plan.covers(t.month));
    let monthly: Vec<Money> = in_plan.map(|t| t.funnel().sales().rounded()).collect();
    let Some(total) = plan.total_sales_target else {
        return;
    };
    let sum: Money = monthly.iter().sum();
    if !monthly.is_empty() && sum != total.rounded() {
        let msg = Msg::new("domain-lint-targets-do-not-sum")
            .arg("sum", sum.grouped())
            .arg("total", total.grouped());
        let code = WarningCode::TargetsDoNotSum;
        warnings.push(Warning::new(code, Subject::Plan, msg));
    }
}

/// Rule 2: a typed sales figure that differs, in fen, from UV × conversion × AOV.
fn check_stated_sales(target: &TargetSpec, warnings: &mut Vec<Warning>) {
    let derived = target.funnel().sales();
    let Some(stated) = target.stated_sales else {
        return;
    };
    if stated.rounded() != derived.rounded() {
        let msg = Msg::new("domain-lint-sales-not-derived")
            .arg("month", target.month)
            .arg("stated", stated.grouped())
            .arg("uv", fixed::grouped(Decimal::from(target.uv), 0))
            .arg("conversion", target.conversion.percent_text())
            .arg("aov", target.aov.grouped())
            .arg("derived", derived.grouped());
        let subject = Subject::Month {
            month: target.month,
        };
        warnings.push(Warning::new(WarningCode::SalesNotDerived, subject, msg));
    }
}

/// Rules 3–5: ROI and marketing share per month and over the plan; costs and staff over the
/// plan only, since preparation months rightly spend before they sell.
pub(super) fn check_budgets(plan: &PlanSpec, warnings: &mut Vec<Warning>) {
    let months = figures_by_month(plan);
    let mut whole = Figures::default();
    for (month, figures) in &months {
        whole.add(figures);
        check_marketing(plan, Some(*month), figures, warnings);
    }
    check_marketing(plan, None, &whole, warnings);
    check_costs(plan, &whole, warnings);
    check_staff(plan, &whole, warnings);
}

/// Target sales and budgets summed by month, for the plan's months only (budgets and targets
/// outside them are reported by the calendar rules).
fn figures_by_month(plan: &PlanSpec) -> BTreeMap<YearMonth, Figures> {
    let mut months: BTreeMap<YearMonth, Figures> = BTreeMap::new();
    for target in plan.targets.iter().filter(|t| plan.covers(t.month)) {
        months.entry(target.month).or_default().sales += target.funnel().sales();
    }
    for budget in plan.budgets.iter().filter(|b| plan.covers(b.month)) {
        let figures = months.entry(budget.month).or_default();
        match budget.kind {
            CategoryKind::Marketing => figures.marketing += budget.amount,
            CategoryKind::Operating => figures.operating += budget.amount,
            CategoryKind::Recoverable => {}
        }
        if budget.category == STAFF_CATEGORY {
            figures.staff += budget.amount;
        }
    }
    months
}

/// Rule 3 for one month (`Some`) or the whole plan (`None`).
fn check_marketing(
    plan: &PlanSpec,
    month: Option<YearMonth>,
    figures: &Figures,
    warnings: &mut Vec<Warning>,
) {
    if figures.marketing <= Money::ZERO {
        return;
    }
    let subject = month.map_or(Subject::Plan, |month| Subject::Month { month });
    if let Some(msg) = plan.roi_min.and_then(|min| roi_below(min, month, figures)) {
        warnings.push(Warning::new(WarningCode::RoiBelowBand, subject, msg));
    }
    if let Some(msg) = plan
        .max_marketing_share
        .and_then(|max| share_above(max, month, figures))
    {
        warnings.push(Warning::new(WarningCode::MarketingShareHigh, subject, msg));
    }
}

/// The ROI the budget implies (target sales ÷ marketing budget), when below `min`.
fn roi_below(min: Ratio, month: Option<YearMonth>, figures: &Figures) -> Option<Msg> {
    let roi = Ratio::new(figures.sales.ratio_to(figures.marketing)?);
    if roi >= min {
        return None;
    }
    let key = match month {
        Some(_) => "domain-lint-roi-below-band-month",
        None => "domain-lint-roi-below-band-plan",
    };
    let msg = money_msg(key, month, figures);
    Some(msg.arg("roi", roi.roi_text()).arg("min", min.roi_text()))
}

/// Marketing budget ÷ target sales, when above `max` (or when there are no target sales).
fn share_above(max: Rate, month: Option<YearMonth>, figures: &Figures) -> Option<Msg> {
    let msg = match figures.marketing.ratio_to(figures.sales).map(Rate::new) {
        Some(share) if share > max => {
            let key = match month {
                Some(_) => "domain-lint-marketing-share-high-month",
                None => "domain-lint-marketing-share-high-plan",
            };
            money_msg(key, month, figures).arg("share", share.percent_text())
        }
        Some(_) => return None,
        None => match month {
            Some(_) => money_msg("domain-lint-marketing-without-sales-month", month, figures),
            None => money_msg("domain-lint-marketing-without-sales-plan", month, figures),
        },
    };
    Some(msg.arg("max", max.percent_text()))
}

/// A message with the month (if any), the marketing budget and the target sales.
fn money_msg(key: &'static str, month: Option<YearMonth>, figures: &Figures) -> Msg {
    let msg = Msg::new(key)
        .arg("budget", figures.marketing.grouped())
        .arg("sales", figures.sales.grouped());
    match month {
        Some(month) => msg.arg("month", month),
        None => msg,
    }
}

/// Rule 4: marketing and operating budgets above the gross profit of the target sales, in fen.
fn check_costs(plan: &PlanSpec, whole: &Figures, warnings: &mut Vec<Warning>) {
    let Some(margin) = plan.gross_margin else {
        return;
    };
    let costs = whole.marketing + whole.operating;
    let gross_profit = whole.sales.times(margin.value());
    if costs.rounded() > gross_profit.rounded() {
        let msg = Msg::new("domain-lint-costs-exceed-margin")
            .arg("costs", costs.grouped())
            .arg("gross_profit", gross_profit.grouped())
            .arg("margin", margin.percent_text())
            .arg("sales", whole.sales.grouped());
        warnings.push(Warning::new(
            WarningCode::CostsExceedMargin,
            Subject::Plan,
            msg,
        ));
    }
}

/// Rule 5: the staff budget above its allowed share of target sales, in fen.
fn check_staff(plan: &PlanSpec, whole: &Figures, warnings: &mut Vec<Warning>) {
    let limit = whole.sales.times(plan.max_staff_share.value());
    if whole.staff.rounded() > limit.rounded() {
        let msg = Msg::new("domain-lint-staff-share-high")
            .arg("staff", whole.staff.grouped())
            .arg("max", plan.max_staff_share.percent_text())
            .arg("sales", whole.sales.grouped())
            .arg("limit", limit.grouped());
        warnings.push(Warning::new(
            WarningCode::StaffShareHigh,
            Subject::Plan,
            msg,
        ));
    }
}
