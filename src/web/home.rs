//! The home page: for visitors, what ShopPlan is; for members, the organization overview:
//! every shop this month and year to date against its plan.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::{CurrentUser, Permission};
use crate::dashboard::figures::DashboardTotals;
use crate::dashboard::portfolio::{self, Portfolio, ShopBoard};
use crate::dashboard::status::Thresholds;
use crate::domain::ratios::{burn, roi};
use crate::domain::{Money, Rate, Ratio};
use crate::error::AppError;
use crate::web::extract::Query;
use crate::web::plan_view::{Figure, phase_label_key};
use crate::web::{PageContext, html};

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(show_home))
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub ctx: PageContext,
}

#[derive(Template)]
#[template(path = "dashboards/overview.html")]
pub struct OverviewPage {
    pub ctx: PageContext,
    pub portfolio: Portfolio,
    pub thresholds: Thresholds,
    pub can_create_shop: bool,
}

/// This month or the year to date of one shop, for a table row.
pub struct Period {
    pub sales: Money,
    pub target: Option<Money>,
    pub roi: Option<Ratio>,
    pub burn: Option<Rate>,
    pub status: &'static str,
}

impl OverviewPage {
    fn period(&self, t: &DashboardTotals) -> Period {
        let status = match t.target.sales {
            Some(target) => self
                .thresholds
                .of(t.actual.sales.value(), target.value())
                .map(|s| s.as_str())
                .unwrap_or(""),
            None => "",
        };
        Period {
            sales: t.actual.sales,
            target: t.target.sales,
            roi: t.roi.actual,
            burn: t.budget.burn,
            status,
        }
    }

    pub fn month(&self, b: &ShopBoard) -> Option<Period> {
        let m = b.this_month()?;
        let a = m.actual.as_ref()?;
        let status = match m.target.sales {
            Some(t) => self
                .thresholds
                .of(a.sales.value(), t.value())
                .map(|s| s.as_str())
                .unwrap_or(""),
            None => "",
        };
        Some(Period {
            sales: a.sales,
            target: m.target.sales,
            roi: m.roi.actual,
            burn: m.budget.burn,
            status,
        })
    }

    pub fn ytd(&self, b: &ShopBoard) -> Period {
        self.period(&b.year_to_date())
    }

    pub fn phase(&self, b: &ShopBoard) -> String {
        b.current_phase()
            .map(|k| self.ctx.t(phase_label_key(k)))
            .unwrap_or_else(|| "—".into())
    }

    pub fn money(&self, m: impl Figure<Money>) -> String {
        m.get().grouped()
    }

    pub fn opt_money(&self, m: &Option<Money>) -> String {
        m.map(|m| m.grouped()).unwrap_or_else(|| "—".into())
    }

    pub fn ratio(&self, r: &Option<Ratio>) -> String {
        r.map(|r| r.roi_text()).unwrap_or_else(|| "—".into())
    }

    pub fn pct(&self, r: &Option<Rate>) -> String {
        r.map(|r| r.percent_text()).unwrap_or_else(|| "—".into())
    }

    /// The organization's year to date: sales against target, ROI and burn over every shop.
    pub fn total(&self) -> Period {
        let ytd: Vec<DashboardTotals> = self
            .portfolio
            .boards
            .iter()
            .map(|b| b.year_to_date())
            .collect();
        let sales: Money = ytd.iter().map(|t| t.actual.sales).sum();
        let target: Money = ytd.iter().filter_map(|t| t.target.sales).sum();
        let marketing: Money = ytd.iter().map(|t| t.actual.marketing_spend).sum();
        let spend: Money = ytd.iter().map(|t| t.actual.spend).sum();
        let budget: Money = ytd.iter().map(|t| t.target.budget).sum();
        let status = self
            .thresholds
            .of(sales.value(), target.value())
            .map(|s| s.as_str())
            .unwrap_or("");
        Period {
            sales,
            target: (target.value() > Decimal::ZERO).then_some(target),
            roi: roi(sales, marketing),
            burn: burn(spend, budget),
            status,
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OverviewQuery {
    as_of: String,
}

async fn show_home(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    ctx: PageContext,
    Query(q): Query<OverviewQuery>,
) -> Result<Response, AppError> {
    let Some(user) = user else {
        return html(StatusCode::OK, HomePage { ctx });
    };
    let mut tx = user.begin(&state).await?;
    let as_of = crate::dashboard::as_of(&mut tx, Some(&q.as_of)).await?;
    let portfolio = portfolio::load(&mut tx, as_of).await?;
    let (on_track, at_risk) = crate::db::dashboard::thresholds(&mut tx).await?;
    tx.commit().await?;
    html(
        StatusCode::OK,
        OverviewPage {
            ctx,
            portfolio,
            thresholds: Thresholds { on_track, at_risk },
            can_create_shop: user.can(Permission::EditShops),
        },
    )
}
