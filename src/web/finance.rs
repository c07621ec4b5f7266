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
use crate::dashboard::finance::{self, Finance, Line};
use crate::dashboard::portfolio::{self, ShopBoard};
use crate::db::dashboard as read;
use crate::db::reference::{self, RefItem, RefList};
use crate::domain::ids::PlanId;
use crate::domain::{CategoryKind, Money, Rate, Ratio, YearMonth};
use crate::error::AppError;
use crate::web::extract::Query;
use crate::web::plan_view::Figure;
use crate::web::{PageContext, html};

pub fn router() -> Router<AppState> {
    Router::new().route("/finance", get(show_finance))
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct FinanceQuery {
    pub shop: String,
    pub platform: String,
    pub from: String,
    pub to: String,
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

impl FinancePage {
    pub fn money(&self, m: impl Figure<Money>) -> String {
        m.get().grouped()
    }

    pub fn opt_money(&self, m: impl Figure<Option<Money>>) -> String {
        m.get().map(|m| m.grouped()).unwrap_or_else(|| "—".into())
    }

    pub fn pct(&self, r: impl Figure<Option<Rate>>) -> String {
        r.get()
            .map(|r| r.percent_text())
            .unwrap_or_else(|| "—".into())
    }

    pub fn ratio(&self, r: impl Figure<Option<Ratio>>) -> String {
        r.get().map(|r| r.roi_text()).unwrap_or_else(|| "—".into())
    }

    pub fn kind_key(&self, kind: &CategoryKind) -> &'static str {
        kind.short_key()
    }

    pub fn pacing(&self, line: &Line) -> String {
        self.ratio(line.pacing(self.finance.progress))
    }

    pub fn forecast(&self, line: &Line) -> String {
        self.opt_money(line.forecast(self.finance.progress))
    }

    pub fn overspend(&self, line: &Line) -> String {
        self.opt_money(line.overspend(self.finance.progress))
    }

    pub fn is_over(&self, line: &Line) -> bool {
        line.overspend(self.finance.progress)
            .is_some_and(|o| !o.is_zero())
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

async fn show_finance(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Query(query): Query<FinanceQuery>,
) -> Result<Response, AppError> {
    let mut tx = user.begin(&state).await?;
    let as_of = crate::dashboard::as_of(&mut tx, None).await?;
    let portfolio = portfolio::load(&mut tx, as_of).await?;
    let plan_ids: Vec<PlanId> = portfolio.boards.iter().map(|b| b.plan.id).collect();
    let budget_lines = read::budget_lines(&mut tx, &plan_ids).await?;
    let categories = reference::list(&mut tx, RefList::Category).await?;
    let platforms = reference::list(&mut tx, RefList::Platform).await?;
    tx.commit().await?;
    let this_month = YearMonth::of(as_of);
    let first = YearMonth::parse(&query.from)
        .unwrap_or_else(|_| YearMonth::new(as_of.year(), 1).unwrap_or(this_month));
    let last = YearMonth::parse(&query.to).unwrap_or(this_month).max(first);
    let selected: Vec<&ShopBoard> = portfolio
        .boards
        .iter()
        .filter(|b| query.shop.is_empty() || b.shop.id.to_string() == query.shop)
        .filter(|b| query.platform.is_empty() || b.shop.platform == query.platform)
        .collect();
    let finance = finance::compute(
        &selected,
        &budget_lines,
        &categories,
        first,
        last,
        as_of,
        ctx.lang,
    );
    let shops = portfolio
        .boards
        .iter()
        .map(|b| (b.shop.id.to_string(), b.shop.name.clone()))
        .collect();
    let query = FinanceQuery {
        from: first.to_string(),
        to: last.to_string(),
        ..query
    };
    html(
        StatusCode::OK,
        FinancePage {
            ctx,
            query,
            finance,
            as_of,
            shops,
            platforms,
        },
    )
}
