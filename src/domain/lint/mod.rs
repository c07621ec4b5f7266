//! Plan lint (domain.md, "Checks a plan must pass"): arithmetic and calendar mistakes of a plan,
//! reported as warnings that state the numbers, never as blocks.

mod calendar;
mod figures;
mod streak;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

pub use streak::{Metric, MetricMonth, MissedStreak, missed_streaks};

use super::funnel::FunnelTarget;
use super::kinds::{CategoryKind, PhaseKind};
use super::money::Money;
use super::month::YearMonth;
use super::rate::{Rate, Ratio};
use crate::i18n::Msg;

/// The staff share of sales a plan may budget when it sets none (the sources use 6–7%).
pub const DEFAULT_MAX_STAFF_SHARE: Rate = Rate::new(Decimal::from_parts(7, 0, 0, false, 2));

/// What the checks need to know of a plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanSpec {
    pub start_month: YearMonth,
    pub end_month: YearMonth,
    /// The plan's total sales target, which the monthly targets should add up to.
    pub total_sales_target: Option<Money>,
    pub gross_margin: Option<Rate>,
    /// The lowest acceptable ROI (3 for 1:3); a month's marketing budget must not imply less.
    pub roi_min: Option<Ratio>,
    /// The ROI the plan hopes for at best. Not checked: an ROI above it is good news (domain.md:
    /// 1:6 against a 1:3–1:5 band "is fine").
    pub roi_max: Option<Ratio>,
    /// The largest share of sales marketing may take (0.15 for 15%).
    pub max_marketing_share: Option<Rate>,
    /// The largest share of sales staff may take; [`DEFAULT_MAX_STAFF_SHARE`] unless set.
    pub max_staff_share: Rate,
    pub phases: Vec<PhaseSpec>,
    pub targets: Vec<TargetSpec>,
    pub budgets: Vec<BudgetSpec>,
}

impl PlanSpec {
    /// A plan over `start_month..=end_month` with nothing else set yet.
    pub fn new(start_month: YearMonth, end_month: YearMonth) -> Self {
        Self {
            start_month,
            end_month,
            total_sales_target: None,
            gross_margin: None,
            roi_min: None,
            roi_max: None,
            max_marketing_share: None,
            max_staff_share: DEFAULT_MAX_STAFF_SHARE,
            phases: Vec::new(),
            targets: Vec::new(),
            budgets: Vec::new(),
        }
    }

    /// Whether `month` is one of the plan's months.
    pub fn covers(&self, month: YearMonth) -> bool {
        self.start_month <= month && month <= self.end_month
    }

    fn first_day(&self) -> NaiveDate {
        self.start_month.first_day()
    }

    fn last_day(&self) -> NaiveDate {
        self.end_month.last_day()
    }
}

/// A phase with its dates (both included) and milestones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhaseSpec {
    pub kind: PhaseKind,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub milestones: Vec<MilestoneSpec>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MilestoneSpec {
    pub title: String,
    pub due: Option<NaiveDate>,
}

/// A month's targets, with the sales figure someone typed, if any, to check against the funnel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetSpec {
    pub month: YearMonth,
    pub uv: u64,
    pub conversion: Rate,
    pub aov: Money,
    pub stated_sales: Option<Money>,
}

impl TargetSpec {
    pub fn funnel(&self) -> FunnelTarget {
        FunnelTarget::new(self.uv, self.conversion, self.aov)
    }
}

/// A budget line: month, category code (`ztc`, `staff`…), the category's kind, amount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BudgetSpec {
    pub month: YearMonth,
    pub category: String,
    pub kind: CategoryKind,
    pub amount: Money,
}

/// What a warning is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Subject {
    Plan,
    Month {
        month: YearMonth,
    },
    /// Consecutive months, both included.
    Months {
        first: YearMonth,
        last: YearMonth,
    },
    /// A phase by its position in the plan's list (from 0).
    Phase {
        phase: usize,
    },
    /// A milestone by the positions of its phase and of itself within the phase (from 0).
    Milestone {
        phase: usize,
        milestone: usize,
    },
}

/// The stable code of a warning, as the API gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    TargetsDoNotSum,
    SalesNotDerived,
    RoiBelowBand,
    MarketingShareHigh,
    CostsExceedMargin,
    StaffShareHigh,
    PhaseEndsBeforeStart,
    PhasesOverlap,
    PhaseOutsidePlan,
    MilestoneOutsidePhase,
    TargetOutsidePlan,
    BudgetOutsidePlan,
    MissedThreeMonths,
    GroupBuyInLaunch,
}

impl WarningCode {
    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::TargetsDoNotSum => "targets_do_not_sum",
            WarningCode::SalesNotDerived => "sales_not_derived",
            WarningCode::RoiBelowBand => "roi_below_band",
            WarningCode::MarketingShareHigh => "marketing_share_high",
            WarningCode::CostsExceedMargin => "costs_exceed_margin",
            WarningCode::StaffShareHigh => "staff_share_high",
            WarningCode::PhaseEndsBeforeStart => "phase_ends_before_start",
            WarningCode::PhasesOverlap => "phases_overlap",
            WarningCode::PhaseOutsidePlan => "phase_outside_plan",
            WarningCode::MilestoneOutsidePhase => "milestone_outside_phase",
            WarningCode::TargetOutsidePlan => "target_outside_plan",
            WarningCode::BudgetOutsidePlan => "budget_outside_plan",
            WarningCode::MissedThreeMonths => "missed_three_months",
            WarningCode::GroupBuyInLaunch => "group_buy_in_launch",
        }
    }
}

/// One finding: its code, what it concerns, and a message stating the numbers behind it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub code: WarningCode,
    pub subject: Subject,
    pub msg: Msg,
}

impl Warning {
    fn new(code: WarningCode, subject: Subject, msg: Msg) -> Self {
        Self { code, subject, msg }
    }
}

/// Every warning for `plan`, in rule order (domain.md's numbering), then by month or position.
pub fn lint(plan: &PlanSpec) -> Vec<Warning> {
    let mut warnings = Vec::new();
    figures::check_targets(plan, &mut warnings);
    figures::check_budgets(plan, &mut warnings);
    calendar::check_calendar(plan, &mut warnings);
    calendar::check_group_buys(plan, &mut warnings);
    warnings
}

#[cfg(test)]
mod tests;
