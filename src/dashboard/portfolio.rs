//! Every shop of the organization against its baseline plan at once: what the organization
//! overview, the manager view and the finance view are built from. A fixed number of queries
//! whatever the number of shops.

use chrono::{Datelike, NaiveDate};

use crate::dashboard::figures::{self, DashboardMonth, DashboardTotals, RoiBand};
use crate::dashboard::plan::{Extras, PlanDashboard, load_many};
use crate::db::TenantTx;
use crate::db::dashboard::{self as read, PhaseSpan};
use crate::db::plans::{self as plan_db, PlanRow};
use crate::db::shops::{self as shop_db, Shop};
use crate::domain::{PhaseKind, YearMonth};

/// One shop with its baseline plan's dashboard.
pub struct ShopBoard {
    pub shop: Shop,
    pub plan: PlanRow,
    pub board: PlanDashboard,
    pub extras: Extras,
    pub phases: Vec<PhaseSpan>,
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

    /// The plan's months of the as-of date's year, up to it.
    pub fn year_to_date(&self) -> DashboardTotals {
        let year = self.board.as_of.year();
        let months: Vec<DashboardMonth> = self
            .board
            .months
            .iter()
            .filter(|m| m.month.year() == year)
            .cloned()
            .collect();
        let band = RoiBand {
            target_min: self.plan.roi_target_min,
            target_max: self.plan.roi_target_max,
        };
        figures::totals(&months, band)
    }
}

/// The organization's shops on an as-of date.
pub struct Portfolio {
    pub as_of: NaiveDate,
    pub boards: Vec<ShopBoard>,
    /// Active shops without a plan.
    pub unplanned: Vec<Shop>,
}

pub async fn load(tx: &mut TenantTx, as_of: NaiveDate) -> Result<Portfolio, sqlx::Error> {
    let ids = read::baseline_plans(tx, as_of).await?;
    let plans = plan_db::get_plans(tx, &ids).await?;
    let shops = shop_db::list_shops(tx, false).await?;
    let phases = read::phases(tx, &ids).await?;
    let dashboards = load_many(tx, &plans, as_of).await?;
    let mut boards = Vec::new();
    for (plan, (board, extras)) in plans.into_iter().zip(dashboards) {
        let Some(shop) = shops.iter().find(|s| s.id == plan.shop_id).cloned() else {
            continue;
        };
        boards.push(ShopBoard {
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
    Ok(Portfolio {
        as_of,
        boards,
        unplanned,
    })
}
