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
use crate::domain::lint::{Metric, MissedStreak};
use crate::domain::ratios::{burn, roi};
use crate::domain::{Money, Rate, Ratio};
use crate::error::AppError;
use crate::export::{self, Cell, DownloadFormat, Sheet};
use crate::web::extract::Query;
use crate::web::plan_view::{ShowFigures, phase_label_key};
use crate::web::{PageContext, html};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(show_home))
        .route(
            "/overview.csv",
            get(|s, u, c, q| download(DownloadFormat::Csv, s, u, c, q)),
        )
        .route(
            "/overview.xlsx",
            get(|s, u, c, q| download(DownloadFormat::Xlsx, s, u, c, q)),
        )
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

impl ShowFigures for OverviewPage {}

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
        self.period(&b.year_to_date)
    }

    pub fn phase(&self, b: &ShopBoard) -> &'static str {
        b.current_phase()
            .map_or("—", |k| self.ctx.t(phase_label_key(k)))
    }

    /// "UV missed 3 months running", in the page's language.
    pub fn streak_text(&self, metric: &Metric, streak: &MissedStreak) -> String {
        self.ctx.lang.t_args(
            "overview-flag-streak",
            &[
                (
                    "metric",
                    self.ctx.t(crate::web::manager::metric_label_key(*metric)),
                ),
                ("months", &streak.months.to_string()),
            ],
        )
    }

    /// The overview table as a sheet: one row per planned shop, then the organization.
    pub fn sheet(&self) -> Sheet {
        let t = |k: &str| self.ctx.t(k).to_string();
        let month = t("overview-this-month");
        let ytd = t("overview-ytd");
        let mut sheet = Sheet::new(
            t("nav-overview"),
            vec![
                t("shop-name"),
                t("shop-platform"),
                t("plan-name"),
                t("overview-phase"),
                format!("{month}: {}", t("dash-actual")),
                format!("{month}: {}", t("dash-plan")),
                format!("{month}: ROI"),
                format!("{month}: {}", t("dash-burn")),
                format!("{ytd}: {}", t("dash-actual")),
                format!("{ytd}: {}", t("dash-plan")),
                format!("{ytd}: ROI"),
                format!("{ytd}: {}", t("dash-burn")),
                t("overview-flags"),
            ],
        );
        let period = |p: Option<Period>| -> [Cell; 4] {
            match p {
                Some(p) => [p.sales.into(), p.target.into(), p.roi.into(), p.burn.into()],
                None => [Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty],
            }
        };
        for b in &self.portfolio.boards {
            let flags: Vec<String> = b
                .extras
                .streaks
                .iter()
                .map(|(metric, streak)| self.streak_text(metric, streak))
                .collect();
            let mut row = vec![
                Cell::text(&b.shop.name),
                Cell::text(&b.shop.platform),
                Cell::text(&b.plan.name),
                Cell::text(self.phase(b)),
            ];
            row.extend(period(self.month(b)));
            row.extend(period(Some(self.ytd(b))));
            row.push(Cell::text(flags.join("; ")));
            sheet.push(row);
        }
        for shop in &self.portfolio.unplanned {
            let mut row = vec![
                Cell::text(&shop.name),
                Cell::text(&shop.platform),
                Cell::text(t("overview-no-plan")),
                Cell::Empty,
            ];
            row.extend(period(None));
            row.extend(period(None));
            row.push(Cell::Empty);
            sheet.push(row);
        }
        let mut row = vec![
            Cell::text(t("plan-total")),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ];
        row.extend(period(None));
        row.extend(period(Some(self.total())));
        row.push(Cell::Empty);
        sheet.push(row);
        sheet
    }

    /// The organization's year to date: sales against target, ROI and burn over every shop.
    pub fn total(&self) -> Period {
        let ytd: Vec<DashboardTotals> = self
            .portfolio
            .boards
            .iter()
            .map(|b| b.year_to_date.clone())
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
    html(StatusCode::OK, overview(&state, &user, ctx, &q).await?)
}

async fn download(
    format: DownloadFormat,
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Query(q): Query<OverviewQuery>,
) -> Result<Response, AppError> {
    let page = overview(&state, &user, ctx, &q).await?;
    let stem = format!("{} {}", page.ctx.t("nav-overview"), page.portfolio.as_of);
    export::download(format, &stem, vec![page.sheet()], "")
}

async fn overview(
    state: &AppState,
    user: &CurrentUser,
    ctx: PageContext,
    q: &OverviewQuery,
) -> Result<OverviewPage, AppError> {
    let mut tx = user.begin_read(state).await?;
    let as_of = crate::dashboard::as_of(&mut tx, Some(&q.as_of)).await?;
    let portfolio = portfolio::load(&mut tx, as_of).await?;
    tx.end_read();
    Ok(OverviewPage {
        ctx,
        thresholds: portfolio.thresholds,
        portfolio,
        can_create_shop: user.can(Permission::EditShops),
    })
}
