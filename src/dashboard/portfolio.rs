//! Every shop of the organization against its baseline plan at once: what the organization
//! overview, the manager view and the finance view are built from. A fixed number of queries
//! whatever the number of shops.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use crate::dashboard::figures::{self, DashboardMonth, DashboardTotals, RoiBand};
use crate::dashboard::group_by;
use crate::dashboard::plan::{Extras, PlanDashboard, compute_many, kind_amounts, month_input};
use crate::dashboard::status::Thresholds;
use crate::db::TenantTx;
use crate::db::dashboard::{self as read, ActualMonth, PhaseSpan, SpendMonth};
use crate::db::plans::{self as plan_db, PlanRow};
use crate::db::shops::{self as shop_db, Shop};
use crate::domain::ids::{PlanId, ShopId};
use crate::domain::{PhaseKind, YearMonth};

/// One shop with its baseline plan's dashboard.
pub struct ShopBoard {
    pub shop: Shop,
    pub plan: PlanRow,
    pub board: PlanDashboard,
    pub extras: Extras,
    pub phases: Vec<PhaseSpan>,
    /// The months of the as-of date's year up to it, each measured against the plan
    /// covering it (so an earlier plan of the year counts too), summed.
    pub year_to_date: DashboardTotals,
}

impl ShopBoard {
    /// The phase the as-of date falls in, if any.
    pub fn current_phase(&self) -> Option<PhaseKind> {
        let day = self.board.as_of;
        self.phases
            .iter()
            .find(|p| p.start_date <= day && day <= p.end_date)
            .and_then(|p| PhaseKind::parse(&p.kind).ok())
    }

    /// The month containing the as-of date.
    pub fn this_month(&self) -> Option<&DashboardMonth> {
        let month = YearMonth::of(self.board.as_of);
        self.board.months.iter().find(|m| m.month == month)
    }
}

/// The organization's shops on an as-of date.
pub struct Portfolio {
    pub as_of: NaiveDate,
    pub boards: Vec<ShopBoard>,
    /// Active shops without a plan.
    pub unplanned: Vec<Shop>,
    /// The organization's status thresholds.
    pub thresholds: Thresholds,
}

pub async fn load(tx: &mut TenantTx, as_of: NaiveDate) -> Result<Portfolio, sqlx::Error> {
    let ids = read::baseline_plans(tx, as_of).await?;
    let plans = plan_db::get_plans(tx, &ids).await?;
    let shops = shop_db::list_shops(tx, false).await?;
    let phases = read::phases(tx, &ids).await?;
    // The baselines' months and the year to date (whose months may belong to other plans),
    // read at once.
    let year_start = YearMonth::new(as_of.year(), 1)
        .unwrap_or(YearMonth::of(as_of))
        .first_day();
    let choices = read::month_plans(tx, year_start, YearMonth::of(as_of).first_day()).await?;
    let mut plan_ids: Vec<PlanId> = plans
        .iter()
        .map(|p| p.id)
        .chain(choices.iter().map(|c| c.plan_id))
        .collect();
    plan_ids.sort_by_key(|p| p.0);
    plan_ids.dedup();
    let shop_ids: Vec<ShopId> = plans.iter().map(|p| p.shop_id).collect();
    let first = plans
        .iter()
        .map(|p| p.start_month)
        .chain([year_start])
        .min()
        .unwrap_or(year_start);
    let data = read::figures(tx, &plan_ids, &shop_ids, first, as_of).await?;
    let dashboards = compute_many(&plans, &data, as_of);
    let mut year = year_to_date(&plans, &choices, &data, as_of);
    let mut boards = Vec::new();
    for (plan, (board, extras)) in plans.into_iter().zip(dashboards) {
        let Some(shop) = shops.iter().find(|s| s.id == plan.shop_id).cloned() else {
            continue;
        };
        let band = RoiBand {
            target_min: plan.roi_target_min,
            target_max: plan.roi_target_max,
        };
        let months = year.remove(&plan.shop_id).unwrap_or_default();
        boards.push(ShopBoard {
            year_to_date: figures::totals(&months, band),
            phases: phases
                .iter()
                .filter(|p| p.plan_id == plan.id)
                .cloned()
                .collect(),
            shop,
            plan,
            board,
            extras,
        });
    }
    boards.sort_by(|a, b| a.shop.name.cmp(&b.shop.name));
    let unplanned = shops
        .into_iter()
        .filter(|s| !boards.iter().any(|b| b.shop.id == s.id))
        .collect();
    let (on_track, at_risk) = data.thresholds;
    Ok(Portfolio {
        as_of,
        boards,
        unplanned,
        thresholds: Thresholds { on_track, at_risk },
    })
}

/// Each shop's months of the as-of date's year up to it, against the plan covering each
/// (`choices`), from figures read for those plans and months.
fn year_to_date(
    baselines: &[PlanRow],
    choices: &[read::MonthPlan],
    data: &read::Figures,
    as_of: NaiveDate,
) -> HashMap<ShopId, Vec<DashboardMonth>> {
    let read::Figures {
        targets,
        budgets,
        actuals,
        spend,
        ..
    } = data;
    let target_of: HashMap<(PlanId, NaiveDate), &read::TargetRow> =
        targets.iter().map(|t| ((t.plan_id, t.month), t)).collect();
    let budget_of = group_by(budgets, |b| (b.plan_id, b.month));
    let actual_of: HashMap<(ShopId, NaiveDate), &ActualMonth> =
        actuals.iter().map(|a| ((a.shop_id, a.month), a)).collect();
    let spend_of = group_by(spend, |s| (s.shop_id, s.month));
    let mut out: HashMap<ShopId, Vec<DashboardMonth>> = HashMap::new();
    for c in choices {
        let Some(band) = baselines
            .iter()
            .find(|p| p.shop_id == c.shop_id)
            .map(|p| RoiBand {
                target_min: p.roi_target_min,
                target_max: p.roi_target_max,
            })
        else {
            continue;
        };
        let kinds = |rows: Option<&Vec<&SpendMonth>>| {
            kind_amounts(
                rows.into_iter()
                    .flatten()
                    .map(|s| (s.month, s.kind, s.amount)),
            )
        };
        let month = YearMonth::of(c.month);
        let budget = kind_amounts(
            budget_of
                .get(&(c.plan_id, c.month))
                .into_iter()
                .flatten()
                .map(|b| (b.month, b.kind, b.amount)),
        );
        let input = month_input(
            month,
            target_of.get(&(c.plan_id, c.month)).copied(),
            budget.get(&month).copied().unwrap_or_default(),
            actual_of.get(&(c.shop_id, c.month)).copied(),
            kinds(spend_of.get(&(c.shop_id, c.month)))
                .get(&month)
                .copied()
                .unwrap_or_default(),
        );
        out.entry(c.shop_id)
            .or_default()
            .push(figures::month(&input, band, as_of));
    }
    out
}
