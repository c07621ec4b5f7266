//! The plan dashboard: the contract's JSON (`GET /api/v1/plans/{id}/dashboard`) and what the
//! page adds to it (the month in progress, forecasts, channels, missed-target streaks), read
//! with a fixed number of queries.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;

use crate::dashboard::figures::{
    self, Actuals, DashboardMonth, DashboardTotals, MonthInput, RoiBand, Spend,
};
use crate::dashboard::group_by;
use crate::db::TenantTx;
use crate::db::dashboard::{self as read, ActualMonth, SpendMonth};
use crate::db::plans::PlanRow;
use crate::domain::ids::PlanId;
use crate::domain::lint::{Metric, MetricMonth, MissedStreak, missed_streaks};
use crate::domain::ratios::{MonthStanding, Progress, pacing, run_rate_forecast};
use crate::domain::{CategoryKind, FunnelTarget, Money, Ratio, YearMonth};

/// The contract's plan dashboard.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PlanDashboard {
    #[schema(value_type = String, format = Uuid)]
    pub plan_id: PlanId,
    #[schema(value_type = String, example = "2027-03-15")]
    pub as_of: NaiveDate,
    /// The version of the plan revision the actuals are compared with.
    pub baseline_version: i32,
    pub months: Vec<DashboardMonth>,
    pub totals: DashboardTotals,
}

/// Everything the dashboard page shows beyond the contract's figures.
pub struct Extras {
    /// Spend per month and category, with the channel's attributed sales.
    pub channels: Vec<SpendMonth>,
    pub actuals: Vec<ActualMonth>,
    /// Progress through the month containing the as-of date, when it is a plan month.
    pub current: Option<(YearMonth, Progress)>,
    /// Progress through the whole plan.
    pub plan_progress: Progress,
    /// Months missing their target three or more months running, per metric.
    pub streaks: Vec<(Metric, MissedStreak)>,
    pub thresholds: crate::dashboard::status::Thresholds,
}

pub(crate) fn kind_amounts(
    rows: impl Iterator<Item = (NaiveDate, Option<CategoryKind>, Money)>,
) -> BTreeMap<YearMonth, Spend> {
    let mut by_month: BTreeMap<YearMonth, Spend> = BTreeMap::new();
    for (month, kind, amount) in rows {
        let entry = by_month.entry(YearMonth::of(month)).or_default();
        match kind {
            Some(CategoryKind::Marketing) => entry.marketing += amount,
            Some(CategoryKind::Operating) => entry.operating += amount,
            Some(CategoryKind::Recoverable) => entry.recoverable += amount,
            None => {}
        }
    }
    by_month
}

/// Reads and computes the dashboard of a plan revision on `as_of`.
pub async fn load(
    tx: &mut TenantTx,
    plan: &PlanRow,
    as_of: NaiveDate,
) -> Result<(PlanDashboard, Extras), sqlx::Error> {
    let mut all = load_many(tx, std::slice::from_ref(plan), as_of).await?;
    Ok(all.remove(0))
}

/// The dashboards of several plans (of different shops), read in one statement. The
/// transaction should be one begun for reading (`TenantTx::begin_read`).
pub async fn load_many(
    tx: &mut TenantTx,
    plans: &[PlanRow],
    as_of: NaiveDate,
) -> Result<Vec<(PlanDashboard, Extras)>, sqlx::Error> {
    let plan_ids: Vec<PlanId> = plans.iter().map(|p| p.id).collect();
    let shop_ids: Vec<_> = plans.iter().map(|p| p.shop_id).collect();
    let first = plans.iter().map(|p| p.start_month).min().unwrap_or(as_of);
    let figures = read::figures(tx, &plan_ids, &shop_ids, first, as_of).await?;
    Ok(compute_many(plans, &figures, as_of))
}

/// The dashboards of several plans from figures read for them (and possibly more: other
/// plans, earlier months).
pub fn compute_many(
    plans: &[PlanRow],
    figures: &read::Figures,
    as_of: NaiveDate,
) -> Vec<(PlanDashboard, Extras)> {
    let (on_track, at_risk) = figures.thresholds;
    let thresholds = crate::dashboard::status::Thresholds { on_track, at_risk };
    let targets_of = group_by(&figures.targets, |t| t.plan_id);
    let budgets_of = group_by(&figures.budgets, |b| b.plan_id);
    let actuals_of = group_by(&figures.actuals, |a| a.shop_id);
    let channels_of = group_by(&figures.spend, |c| c.shop_id);
    plans
        .iter()
        .map(|plan| {
            let from = plan.start_month;
            let data = PlanData {
                targets: targets_of.get(&plan.id).cloned().unwrap_or_default(),
                budget: kind_amounts(
                    budgets_of
                        .get(&plan.id)
                        .into_iter()
                        .flatten()
                        .map(|b| (b.month, b.kind, b.amount)),
                ),
                actuals: actuals_of
                    .get(&plan.shop_id)
                    .into_iter()
                    .flatten()
                    .filter(|a| a.month >= from)
                    .map(|a| (*a).clone())
                    .collect(),
                channels: channels_of
                    .get(&plan.shop_id)
                    .into_iter()
                    .flatten()
                    .filter(|c| c.month >= from)
                    .map(|c| (*c).clone())
                    .collect(),
            };
            compute(plan, data, thresholds, as_of)
        })
        .collect()
}

/// A month's figures as read, ready for [`figures::month`].
pub(crate) fn month_input(
    month: YearMonth,
    target: Option<&read::TargetRow>,
    budget: Spend,
    actual: Option<&ActualMonth>,
    spend: Spend,
) -> MonthInput {
    MonthInput {
        month,
        target: target.map(|t| FunnelTarget::new(t.uv.max(0) as u64, t.conversion_rate, t.aov)),
        budget,
        actual: actual
            .map(|a| Actuals {
                uv: a.uv,
                buyers: a.buyers,
                sales: a.sales,
                refunds: a.refunds,
            })
            .unwrap_or_default(),
        spend,
    }
}

/// One plan's share of what was read.
struct PlanData<'a> {
    targets: Vec<&'a read::TargetRow>,
    budget: BTreeMap<YearMonth, Spend>,
    actuals: Vec<ActualMonth>,
    channels: Vec<SpendMonth>,
}

fn compute(
    plan: &PlanRow,
    data: PlanData,
    thresholds: crate::dashboard::status::Thresholds,
    as_of: NaiveDate,
) -> (PlanDashboard, Extras) {
    let spend = kind_amounts(data.channels.iter().map(|s| (s.month, s.kind, s.amount)));
    let band = RoiBand {
        target_min: plan.roi_target_min,
        target_max: plan.roi_target_max,
    };
    let months: Vec<DashboardMonth> = YearMonth::range(
        YearMonth::of(plan.start_month),
        YearMonth::of(plan.end_month),
    )
    .map(|month| {
        let input = month_input(
            month,
            data.targets
                .iter()
                .copied()
                .find(|t| YearMonth::of(t.month) == month),
            data.budget.get(&month).copied().unwrap_or_default(),
            data.actuals
                .iter()
                .find(|a| YearMonth::of(a.month) == month),
            spend.get(&month).copied().unwrap_or_default(),
        );
        figures::month(&input, band, as_of)
    })
    .collect();
    let totals = figures::totals(&months, band);
    let current = months
        .iter()
        .find_map(|m| match MonthStanding::of(m.month, as_of) {
            MonthStanding::InProgress(p) => Some((m.month, p)),
            _ => None,
        });
    let plan_progress = Progress::through(
        plan.start_month,
        YearMonth::of(plan.end_month).last_day(),
        as_of,
    );
    let streaks = streaks(&months);
    let dashboard = PlanDashboard {
        plan_id: plan.id,
        as_of,
        baseline_version: plan.version,
        months,
        totals,
    };
    let extras = Extras {
        channels: data.channels,
        actuals: data.actuals,
        current,
        plan_progress,
        streaks,
        thresholds,
    };
    (dashboard, extras)
}

/// Runs of three or more complete months below target, for sales, UV and conversion.
fn streaks(months: &[DashboardMonth]) -> Vec<(Metric, MissedStreak)> {
    let series = |metric: Metric| -> Vec<MetricMonth> {
        months
            .iter()
            .filter_map(|m| {
                let a = m.actual.as_ref()?;
                let (target, actual) = match metric {
                    Metric::Sales => (m.target.sales?.value(), a.sales.value()),
                    Metric::Uv => (Decimal::from(m.target.uv?), Decimal::from(a.uv)),
                    Metric::Conversion => (
                        m.target.conversion_rate?.value(),
                        a.conversion_rate?.value(),
                    ),
                    _ => return None,
                };
                Some(MetricMonth {
                    month: m.month,
                    target,
                    actual,
                    complete: m.complete,
                })
            })
            .collect()
    };
    [Metric::Sales, Metric::Uv, Metric::Conversion]
        .into_iter()
        .flat_map(|metric| {
            missed_streaks(&series(metric))
                .into_iter()
                .map(move |s| (metric, s))
        })
        .collect()
}

/// Forecasts from the pace so far.
pub struct Forecast {
    /// Marketing and operating burn ÷ share of the month elapsed.
    pub pacing: Option<Ratio>,
    pub month_sales: Option<Money>,
    pub month_spend: Option<Money>,
    pub plan_sales: Option<Money>,
}

/// The month in progress projected at its run rate, and the plan at the same daily rate
/// for its remaining days.
pub fn forecast(dashboard: &PlanDashboard, extras: &Extras) -> Option<Forecast> {
    let (month, progress) = extras.current?;
    let current = dashboard.months.iter().find(|m| m.month == month)?;
    let actual = current.actual.as_ref()?;
    let month_sales = run_rate_forecast(actual.sales, progress);
    let remaining_days = extras
        .plan_progress
        .days_total
        .saturating_sub(extras.plan_progress.days_elapsed);
    let daily = actual.sales.value() / Decimal::from(progress.days_elapsed.max(1));
    let plan_sales =
        Some(dashboard.totals.actual.sales + Money::new(daily * Decimal::from(remaining_days)));
    Some(Forecast {
        pacing: current.budget.burn.and_then(|b| pacing(b, progress)),
        month_sales,
        month_spend: run_rate_forecast(actual.spend, progress),
        plan_sales,
    })
}
