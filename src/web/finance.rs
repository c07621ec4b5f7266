//! The finance view: budget against spend by category, shop and month, burn and pacing,
//! the forecast overspend, ROI and spend ratio per channel, recoverable money apart; with
//! filters by shop, platform and months, and downloads.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use chrono::Datelike;
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::dashboard::finance::{self, Finance, FinanceInput, Line};
use crate::db::dashboard as read;
use crate::db::reference::{self, RefItem, RefList};
use crate::db::shops::{self as shop_db, Shop};
use crate::domain::fixed::Shown;
use crate::domain::ids::{PlanId, ShopId};
use crate::domain::{CategoryKind, Rate, YearMonth};
use crate::error::AppError;
use crate::export::{self, Cell, DownloadFormat, Sheet};
use crate::web::extract::Query;
use crate::web::plan_view::ShowFigures;
use crate::web::{PageContext, html, percent_encode};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/finance", get(show_finance))
        .route(
            "/finance.csv",
            get(|s, u, c, q| download(DownloadFormat::Csv, s, u, c, q)),
        )
        .route(
            "/finance.xlsx",
            get(|s, u, c, q| download(DownloadFormat::Xlsx, s, u, c, q)),
        )
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct FinanceQuery {
    pub shop: String,
    pub platform: String,
    pub from: String,
    pub to: String,
    /// The day the figures are counted to; today in the organization by default.
    pub as_of: String,
    /// Which table a CSV download holds (1-based; the XLSX holds them all).
    pub table: String,
}

#[derive(Template)]
#[template(path = "dashboards/finance.html")]
pub struct FinancePage {
    pub ctx: PageContext,
    pub query: FinanceQuery,
    pub finance: Finance,
    pub as_of: chrono::NaiveDate,
    pub shops: Vec<(String, String)>,
    pub platforms: Vec<RefItem>,
}

impl ShowFigures for FinancePage {}

/// The finance view's tables, in the order of its downloads (the names' keys).
const TABLES: [&str; 3] = ["finance-by-category", "finance-by-shop", "dash-by-month"];

impl FinancePage {
    pub fn kind_key(&self, kind: &CategoryKind) -> &'static str {
        kind.short_key()
    }

    pub fn pacing(&self, line: &Line) -> Shown {
        self.multiple(line.pacing(self.finance.progress))
    }

    pub fn forecast(&self, line: &Line) -> Shown {
        self.opt_money(line.forecast(self.finance.progress))
    }

    pub fn overspend(&self, line: &Line) -> Shown {
        self.opt_money(line.overspend(self.finance.progress))
    }

    pub fn is_over(&self, line: &Line) -> bool {
        line.overspend(self.finance.progress)
            .is_some_and(|o| !o.is_zero())
    }

    /// One CSV link per table of the page: (the table's name, its address).
    pub fn csv_links(&self) -> Vec<(String, String)> {
        TABLES
            .iter()
            .enumerate()
            .map(|(i, key)| {
                let href = format!("/finance.csv{}&table={}", self.download_query(), i + 1);
                (self.ctx.t(key).to_string(), href)
            })
            .collect()
    }

    /// The filters as a query string, for the download links.
    pub fn download_query(&self) -> String {
        let q = &self.query;
        format!(
            "?shop={}&platform={}&from={}&to={}&as_of={}",
            percent_encode(&q.shop),
            percent_encode(&q.platform),
            percent_encode(&q.from),
            percent_encode(&q.to),
            self.as_of
        )
    }

    pub fn elapsed(&self) -> String {
        Rate::new(self.finance.progress.share()).percent_text()
    }

    pub fn recoverable_lines(&self) -> Vec<&Line> {
        self.finance
            .categories
            .iter()
            .filter(|(k, _)| *k == CategoryKind::Recoverable)
            .map(|(_, l)| l)
            .collect()
    }

    pub fn cost_lines(&self) -> Vec<&(CategoryKind, Line)> {
        self.finance
            .categories
            .iter()
            .filter(|(k, _)| *k != CategoryKind::Recoverable)
            .collect()
    }
}

impl FinancePage {
    /// The page's three tables as sheets: by category (recoverable ones marked by their
    /// kind), by shop with the total, and by month.
    pub fn sheets(&self) -> Vec<Sheet> {
        let t = |k: &str| self.ctx.t(k).to_string();
        let progress = self.finance.progress;
        let mut categories = Sheet::new(
            t(TABLES[0]),
            vec![
                t("plan-budget-category"),
                t("settings-kind"),
                t("finance-budget-to-date"),
                t("finance-budget-period"),
                t("dash-spend"),
                t("dash-burn"),
                t("dash-attributed"),
                "ROI".into(),
                t("dash-spend-ratio"),
            ],
        );
        for (kind, line) in &self.finance.categories {
            let counted = kind.counts_in_burn();
            categories.push(vec![
                Cell::text(&line.label),
                Cell::text(t(kind.short_key())),
                line.budget_to_date.into(),
                line.budget_period.into(),
                line.spend.into(),
                if counted {
                    line.burn().into()
                } else {
                    Cell::Empty
                },
                line.attributed.into(),
                line.channel_roi().into(),
                line.spend_ratio().into(),
            ]);
        }
        let mut shops = Sheet::new(
            t(TABLES[1]),
            vec![
                t("shop-name"),
                t("finance-budget-to-date"),
                t("finance-budget-period"),
                t("dash-spend"),
                t("dash-burn"),
                t("dash-pacing"),
                t("finance-forecast"),
                t("finance-overspend"),
                t("metric-sales"),
                "ROI".into(),
                t("plan-kpi-recoverable"),
            ],
        );
        for line in self.finance.shops.iter().chain([&self.finance.total]) {
            shops.push(vec![
                Cell::text(&line.label),
                line.budget_to_date.into(),
                line.budget_period.into(),
                line.spend.into(),
                line.burn().into(),
                line.pacing(progress).into(),
                line.forecast(progress).into(),
                line.overspend(progress).into(),
                line.sales.into(),
                line.roi().into(),
                line.recoverable.into(),
            ]);
        }
        let mut months = Sheet::new(
            t(TABLES[2]),
            vec![
                t("plan-month"),
                t("finance-budget-to-date"),
                t("dash-spend"),
                t("dash-burn"),
                t("metric-sales"),
                "ROI".into(),
                t("plan-kpi-recoverable"),
            ],
        );
        for line in &self.finance.months {
            months.push(vec![
                Cell::text(&line.label),
                line.budget_to_date.into(),
                line.spend.into(),
                line.burn().into(),
                line.sales.into(),
                line.roi().into(),
                line.recoverable.into(),
            ]);
        }
        vec![categories, shops, months]
    }
}

async fn show_finance(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Query(query): Query<FinanceQuery>,
) -> Result<Response, AppError> {
    html(
        StatusCode::OK,
        finance_page(&state, &user, ctx, query).await?,
    )
}

async fn download(
    format: DownloadFormat,
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Query(query): Query<FinanceQuery>,
) -> Result<Response, AppError> {
    let table = query.table.clone();
    let page = finance_page(&state, &user, ctx, query).await?;
    let stem = format!(
        "{} {} {}",
        page.ctx.t("nav-finance"),
        page.finance.first,
        page.finance.last
    );
    export::download(format, &stem, page.sheets(), &table)
}

async fn finance_page(
    state: &AppState,
    user: &CurrentUser,
    ctx: PageContext,
    query: FinanceQuery,
) -> Result<FinancePage, AppError> {
    let mut tx = user.begin_read(state).await?;
    let as_of = crate::dashboard::as_of(&mut tx, Some(&query.as_of)).await?;
    let this_month = YearMonth::of(as_of);
    let first = YearMonth::parse(&query.from)
        .unwrap_or_else(|_| YearMonth::new(as_of.year(), 1).unwrap_or(this_month));
    let last = YearMonth::parse(&query.to).unwrap_or(this_month).max(first);
    let all_shops = shop_db::list_shops(&mut tx, false).await?;
    let selected: Vec<&Shop> = all_shops
        .iter()
        .filter(|s| query.shop.is_empty() || s.id.to_string() == query.shop)
        .filter(|s| query.platform.is_empty() || s.platform == query.platform)
        .collect();
    let ids: Vec<ShopId> = selected.iter().map(|s| s.id).collect();
    // Spend and sales are counted to the as-of date, or to the period's end before it.
    let until = as_of.min(last.last_day());
    let choices = read::month_plans(&mut tx, first.first_day(), last.first_day()).await?;
    let mut plan_ids: Vec<PlanId> = choices.iter().map(|c| c.plan_id).collect();
    plan_ids.sort_by_key(|p| p.0);
    plan_ids.dedup();
    let budget_lines =
        finance::chosen_lines(&choices, &read::budget_lines(&mut tx, &plan_ids).await?);
    let read::Figures { spend, actuals, .. } =
        read::figures(&mut tx, &[], &ids, first.first_day(), until).await?;
    let categories = reference::list(&mut tx, RefList::Category).await?;
    let platforms = reference::list(&mut tx, RefList::Platform).await?;
    tx.end_read();
    let finance = finance::compute(
        &FinanceInput {
            shops: &selected,
            budget_lines: &budget_lines,
            spend: &spend,
            actuals: &actuals,
            categories: &categories,
        },
        first,
        last,
        as_of,
        ctx.lang,
    );
    let shops = all_shops
        .iter()
        .map(|s| (s.id.to_string(), s.name.clone()))
        .collect();
    let query = FinanceQuery {
        from: first.to_string(),
        to: last.to_string(),
        as_of: as_of.to_string(),
        ..query
    };
    Ok(FinancePage {
        ctx,
        query,
        finance,
        as_of,
        shops,
        platforms,
    })
}
