//! The plan dashboard page: where a shop stands against its plan, why (the variance
//! waterfall), what it costs (burn, ROI by channel), with charts, review notes and downloads.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::{CurrentUser, Permission};
use crate::dashboard::charts::{self, Chart};
use crate::dashboard::figures::DashboardMonth;
use crate::dashboard::plan::{self as board, Extras, Forecast, PlanDashboard};
use crate::dashboard::status::Status;
use crate::dashboard::{calendar, notes, sheets};
use crate::db::dashboard::{self as dashboard_db, PlanHead, Stamp};
use crate::db::plans::{self as plan_db, PlanRow};
use crate::db::reference::RefItem;
use crate::db::reviews::Note;
use crate::db::shops::Shop;
use crate::domain::fixed::Shown;
use crate::domain::ids::PlanId;
use crate::domain::lint::Metric;
use crate::domain::ratios::{roi, spend_ratio};
use crate::domain::{Money, Rate, Ratio, YearMonth};
use crate::error::AppError;
use crate::export::{self, DownloadFormat};
use crate::plans::PlanStatus;
use crate::web::extract::{Form, Path, Query};
use crate::web::forms::FormErrors;
use crate::web::page_cache::{CachedPage, PageKey};
use crate::web::plan_view::{Figure, ShowFigures};
use crate::web::{PageContext, html};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/plans/{id}/dashboard", get(show_dashboard))
        .route("/plans/{id}/notes", post(add_note))
        .route(
            "/plans/{id}/dashboard.csv",
            get(|s, u, c, p, q| download(DownloadFormat::Csv, s, u, c, p, q)),
        )
        .route(
            "/plans/{id}/dashboard.xlsx",
            get(|s, u, c, p, q| download(DownloadFormat::Xlsx, s, u, c, p, q)),
        )
}

/// The dashboard's figures as a CSV or XLSX file, named after the shop, plan and date.
async fn download(
    format: DownloadFormat,
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<PlanId>,
    Query(query): Query<DashboardQuery>,
) -> Result<Response, AppError> {
    let mut tx = user.begin_read(&state).await?;
    let PlanHead {
        plan, shop, stamp, ..
    } = head_of(&mut tx, id).await?;
    let as_of = crate::dashboard::parse_as_of(&query.as_of)?.unwrap_or(stamp.today);
    let (board, _) = board::load(&mut tx, &plan, as_of).await?;
    tx.end_read();
    let sheet = sheets::plan_sheet(&board, ctx.lang);
    let stem = format!("{} {} v{} {as_of}", shop.name, plan.name, plan.version);
    export::download(format, &stem, vec![sheet], "")
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct DashboardQuery {
    pub as_of: String,
    /// The month whose variance the waterfall explains.
    pub month: String,
}

/// One channel's spend and what it brought, over the months up to the as-of date.
pub struct ChannelRow {
    pub name: String,
    pub spend: Money,
    pub attributed: Money,
    pub roi: Option<Ratio>,
    pub spend_ratio: Option<Rate>,
}

/// The dashboard's content (the layout around it is [`DashboardShell`]).
#[derive(Template)]
#[template(path = "dashboards/plan_body.html")]
pub struct DashboardPage {
    pub ctx: PageContext,
    pub shop: Shop,
    pub plan: PlanRow,
    pub status: PlanStatus,
    /// The other revision to compare with (the draft of an approved plan, or the reverse).
    pub other: Option<(PlanId, PlanStatus)>,
    pub board: PlanDashboard,
    pub extras: Extras,
    pub forecast: Option<Forecast>,
    pub waterfall_month: Option<YearMonth>,
    pub sales_chart: Chart,
    pub uv_chart: Chart,
    pub conversion_chart: Chart,
    pub burn_chart: Chart,
    pub waterfall: Option<Chart>,
    pub channels: Vec<ChannelRow>,
    pub notes: Vec<Note>,
    pub can_note: bool,
    pub errors: FormErrors,
    pub note_month: String,
}

fn f(m: Money) -> f64 {
    m.value().to_f64().unwrap_or(0.0)
}

impl ShowFigures for DashboardPage {}

impl DashboardPage {
    /// A signed amount, + for above target.
    pub fn signed(&self, m: impl Figure<Money>) -> Shown {
        let m = m.get();
        let sign = if m.is_negative() || m.is_zero() {
            ""
        } else {
            "+"
        };
        Shown::new(sign, m.digits(), "")
    }

    fn thresholds(&self) -> crate::dashboard::status::Thresholds {
        self.extras.thresholds
    }

    /// The status class of an actual against a target (more is better).
    pub fn status(&self, actual: Option<Decimal>, target: Option<Decimal>) -> &'static str {
        match (actual, target) {
            (Some(a), Some(t)) => self.thresholds().of(a, t).map(Status::as_str).unwrap_or(""),
            _ => "",
        }
    }

    pub fn sales_status(&self, m: &DashboardMonth) -> &'static str {
        self.status(
            m.actual.as_ref().map(|a| a.sales.value()),
            m.target.sales.map(|s| s.value()),
        )
    }

    pub fn uv_status(&self, m: &DashboardMonth) -> &'static str {
        self.status(
            m.actual.as_ref().map(|a| Decimal::from(a.uv)),
            m.target.uv.map(Decimal::from),
        )
    }

    pub fn conversion_status(&self, m: &DashboardMonth) -> &'static str {
        let actual = m
            .actual
            .as_ref()
            .and_then(|a| a.conversion_rate)
            .map(|r| r.value());
        self.status(actual, m.target.conversion_rate.map(|r| r.value()))
    }

    pub fn aov_status(&self, m: &DashboardMonth) -> &'static str {
        let actual = m.actual.as_ref().and_then(|a| a.aov).map(|r| r.value());
        self.status(actual, m.target.aov.map(|r| r.value()))
    }

    pub fn roi_status(&self, m: &DashboardMonth) -> &'static str {
        self.status(
            m.roi.actual.map(|r| r.value()),
            m.roi.target_min.map(|r| r.value()),
        )
    }

    pub fn spend_status(&self, m: &DashboardMonth) -> &'static str {
        match (&m.actual, m.target.budget) {
            (Some(a), b) => self
                .thresholds()
                .of_spend(a.spend.value(), b.value())
                .map(Status::as_str)
                .unwrap_or(""),
            _ => "",
        }
    }

    pub fn totals_sales_status(&self) -> &'static str {
        let t = &self.board.totals;
        self.status(
            Some(t.actual.sales.value()),
            t.target.sales.map(|s| s.value()),
        )
    }

    pub fn totals_spend_status(&self) -> &'static str {
        let t = &self.board.totals;
        self.thresholds()
            .of_spend(t.actual.spend.value(), t.target.budget.value())
            .map(Status::as_str)
            .unwrap_or("")
    }

    pub fn metric_key(&self, metric: &Metric) -> &'static str {
        crate::web::manager::metric_label_key(*metric)
    }

    pub fn notes_of(&self, month: &YearMonth) -> Vec<&Note> {
        self.notes
            .iter()
            .filter(|n| YearMonth::of(n.month) == *month)
            .collect()
    }

    pub fn months_with_variance(&self) -> Vec<YearMonth> {
        self.board
            .months
            .iter()
            .filter(|m| m.variance.is_some())
            .map(|m| m.month)
            .collect()
    }

    pub fn query(&self, month: &YearMonth) -> String {
        format!("?as_of={}&month={month}#why", self.board.as_of)
    }

    /// The share of the plan's days elapsed, as a percentage.
    pub fn plan_elapsed(&self) -> String {
        Rate::new(self.extras.plan_progress.share()).percent_text()
    }
}

fn build_charts(board: &PlanDashboard, lang: crate::i18n::Lang) -> (Chart, Chart, Chart, Chart) {
    let chinese = lang == crate::i18n::Lang::ZhCn;
    let labels: Vec<String> = board
        .months
        .iter()
        .map(|m| format!("{:02}", m.month.month()))
        .collect();
    let plan: Vec<Option<f64>> = board.months.iter().map(|m| m.target.sales.map(f)).collect();
    let actual: Vec<Option<f64>> = board
        .months
        .iter()
        .map(|m| m.actual.as_ref().map(|a| f(a.sales)))
        .collect();
    let names = (lang.t("dash-plan"), lang.t("dash-actual"));
    let mut sales = charts::paired_bars(
        charts::WIDTH,
        &labels,
        &plan,
        &actual,
        (&names.0, &names.1),
        chinese,
    );
    let months: Vec<YearMonth> = board.months.iter().map(|m| m.month).collect();
    let events: Vec<(usize, f64, String)> = calendar::events_in(&months)
        .into_iter()
        .map(|(i, at, key)| (i, at, lang.t(key)))
        .collect();
    charts::mark(&mut sales, months.len(), &events);
    let uv_plan: Vec<Option<f64>> = board
        .months
        .iter()
        .map(|m| m.target.uv.map(|v| v as f64))
        .collect();
    let uv_actual: Vec<Option<f64>> = board
        .months
        .iter()
        .map(|m| m.actual.as_ref().map(|a| a.uv as f64))
        .collect();
    let uv = charts::paired_bars(
        charts::HALF,
        &labels,
        &uv_plan,
        &uv_actual,
        (&names.0, &names.1),
        chinese,
    );
    let rate = |r: Option<Rate>| r.and_then(|r| r.value().to_f64());
    let conversion = charts::lines(
        charts::HALF,
        &labels,
        &[
            (
                "plan",
                board
                    .months
                    .iter()
                    .map(|m| rate(m.target.conversion_rate))
                    .collect(),
            ),
            (
                "actual",
                board
                    .months
                    .iter()
                    .map(|m| m.actual.as_ref().and_then(|a| rate(a.conversion_rate)))
                    .collect(),
            ),
        ],
        true,
        chinese,
    );
    let mut budget = 0.0;
    let mut spend = 0.0;
    let cumulative_budget: Vec<Option<f64>> = board
        .months
        .iter()
        .map(|m| {
            budget += f(m.target.budget);
            Some(budget)
        })
        .collect();
    let cumulative_spend: Vec<Option<f64>> = board
        .months
        .iter()
        .map(|m| {
            m.actual.as_ref().map(|a| {
                spend += f(a.spend);
                spend
            })
        })
        .collect();
    let burn = charts::lines(
        charts::WIDTH,
        &labels,
        &[("plan", cumulative_budget), ("actual", cumulative_spend)],
        false,
        chinese,
    );
    (sales, uv, conversion, burn)
}

fn waterfall(board: &PlanDashboard, month: YearMonth, lang: crate::i18n::Lang) -> Option<Chart> {
    let m = board.months.iter().find(|m| m.month == month)?;
    let v = m.variance.as_ref()?;
    let target = m.target.sales?;
    let actual = m.actual.as_ref()?.sales;
    let kind = |x: Money| if x.is_negative() { "down" } else { "up" };
    let steps = vec![
        (lang.t("dash-target-sales"), target, "total"),
        (lang.t("dash-uv-effect"), v.uv_effect, kind(v.uv_effect)),
        (
            lang.t("dash-conversion-effect"),
            v.conversion_effect,
            kind(v.conversion_effect),
        ),
        (lang.t("dash-aov-effect"), v.aov_effect, kind(v.aov_effect)),
        (lang.t("dash-actual-sales"), actual, "total"),
    ];
    Some(charts::waterfall(&steps, lang == crate::i18n::Lang::ZhCn))
}

fn channels(
    extras: &Extras,
    categories: &[RefItem],
    lang: crate::i18n::Lang,
    as_of_months: &[YearMonth],
) -> Vec<ChannelRow> {
    let mut rows: Vec<ChannelRow> = Vec::new();
    for c in categories
        .iter()
        .filter(|c| c.kind == Some(crate::domain::CategoryKind::Marketing))
    {
        let lines = extras.channels.iter().filter(|s| {
            s.category_code == c.code && as_of_months.contains(&YearMonth::of(s.month))
        });
        let (spend, attributed) = lines.fold((Money::ZERO, Money::ZERO), |(s, a), l| {
            (s + l.amount, a + l.attributed_sales)
        });
        if spend.is_zero() && attributed.is_zero() {
            continue;
        }
        rows.push(ChannelRow {
            name: c.name(&lang).to_string(),
            spend,
            attributed,
            roi: if attributed.is_zero() {
                None
            } else {
                roi(attributed, spend)
            },
            spend_ratio: if attributed.is_zero() {
                None
            } else {
                spend_ratio(spend, attributed)
            },
        });
    }
    rows
}

/// The layout around a dashboard's content, rendered for each request (the member's name,
/// the notice, the language switch).
#[derive(Template)]
#[template(path = "dashboards/plan.html")]
struct DashboardShell<'a> {
    ctx: PageContext,
    title: &'a str,
    body: &'a str,
}

/// The plan revision with what the page shows around it (404 for another organization's).
async fn head_of(tx: &mut crate::db::TenantTx, id: PlanId) -> Result<PlanHead, AppError> {
    dashboard_db::plan_head(tx, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Builds the page for a plan revision on an as-of date (today on the organization's clock
/// when none) with the waterfall of `month` (the last month with a variance when none), and
/// the stamp of the figures it shows (read before them).
async fn dashboard_page(
    state: &AppState,
    user: &CurrentUser,
    ctx: PageContext,
    id: PlanId,
    as_of: Option<NaiveDate>,
    month: Option<YearMonth>,
) -> Result<(DashboardPage, Stamp), AppError> {
    let mut tx = user.begin_read(state).await?;
    let head = head_of(&mut tx, id).await?;
    let as_of = as_of.unwrap_or(head.stamp.today);
    let PlanHead {
        plan,
        shop,
        stamp,
        revisions,
        notes,
        categories,
        ..
    } = head;
    let (board, extras) = board::load(&mut tx, &plan, as_of).await?;
    tx.end_read();
    let status = PlanStatus::parse(&plan.status);
    let other = revisions
        .iter()
        .filter(|(other, _)| *other != plan.id)
        .map(|(other, status)| (*other, PlanStatus::parse(status)))
        .find(|(_, s)| match status {
            PlanStatus::Approved => *s == PlanStatus::Draft || *s == PlanStatus::Submitted,
            _ => *s == PlanStatus::Approved,
        });
    let counted: Vec<YearMonth> = board
        .months
        .iter()
        .filter(|m| m.actual.is_some())
        .map(|m| m.month)
        .collect();
    let waterfall_month = month
        .or_else(|| {
            board
                .months
                .iter()
                .rev()
                .find(|m| m.complete && m.variance.is_some())
                .map(|m| m.month)
        })
        .or_else(|| {
            board
                .months
                .iter()
                .rev()
                .find(|m| m.variance.is_some())
                .map(|m| m.month)
        });
    let (sales_chart, uv_chart, conversion_chart, burn_chart) = build_charts(&board, ctx.lang);
    let forecast = board::forecast(&board, &extras);
    let page = DashboardPage {
        waterfall: waterfall_month.and_then(|m| waterfall(&board, m, ctx.lang)),
        channels: channels(&extras, &categories, ctx.lang, &counted),
        note_month: extras
            .current
            .map(|c| c.0)
            .or(counted.last().copied())
            .map(|m| m.to_string())
            .unwrap_or_default(),
        can_note: user.can(Permission::WriteReviewNotes),
        ctx,
        shop,
        status,
        plan,
        other,
        board,
        extras,
        forecast,
        waterfall_month,
        sales_chart,
        uv_chart,
        conversion_chart,
        burn_chart,
        notes,
        errors: FormErrors::none(),
    };
    Ok((page, stamp))
}

impl DashboardPage {
    /// The page's title and rendered content.
    fn rendered(&self) -> Result<(String, String), AppError> {
        let title = format!("{} · {}", self.ctx.t("dash-title"), self.plan.name);
        let body = self.render().map_err(|e| AppError::Internal(e.into()))?;
        Ok((title, body))
    }
}

/// A dashboard's content in the layout.
fn in_shell(
    status: StatusCode,
    ctx: PageContext,
    title: &str,
    body: &str,
) -> Result<Response, AppError> {
    html(status, DashboardShell { ctx, title, body })
}

/// A dashboard with messages (a mistyped date, a refused note): computed for this request.
fn with_errors(mut page: DashboardPage, errors: FormErrors) -> Result<Response, AppError> {
    page.errors = errors;
    let (title, body) = page.rendered()?;
    in_shell(StatusCode::UNPROCESSABLE_ENTITY, page.ctx, &title, &body)
}

/// Whether the request asks for a page computed afresh (a browser's hard reload sends
/// `Cache-Control: no-cache`).
fn fresh_asked(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::CACHE_CONTROL)
        .iter()
        .chain(headers.get_all(header::PRAGMA))
        .filter_map(|v| v.to_str().ok())
        .any(|v| {
            v.split(',').any(|d| {
                matches!(
                    d.trim().to_ascii_lowercase().as_str(),
                    "no-cache" | "no-store"
                )
            })
        })
}

async fn show_dashboard(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<PlanId>,
    Query(query): Query<DashboardQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let lang = ctx.lang;
    let as_of = match crate::dashboard::parse_as_of(&query.as_of) {
        Ok(as_of) => as_of,
        Err(e) => {
            // A mistyped as-of date: show today's dashboard with the message.
            let errors = FormErrors::from_error(e, lang)?;
            let (page, _) = dashboard_page(&state, &user, ctx, id, None, None).await?;
            return with_errors(page, errors);
        }
    };
    let key = PageKey {
        tenant: user.tenant_id,
        plan: id,
        as_of,
        month: YearMonth::parse(&query.month).ok(),
        lang,
        can_note: user.can(Permission::WriteReviewNotes),
    };
    if !fresh_asked(&headers)
        && let Some(kept) = state.pages.get(&key)
        && dashboard_db::figures_stamp(&state.db, user.tenant_id, kept.shop).await?
            == Some(kept.stamp)
    {
        state.metrics.page_cache(true);
        return in_shell(StatusCode::OK, ctx, &kept.title, &kept.body);
    }
    state.metrics.page_cache(false);
    let (page, stamp) = dashboard_page(&state, &user, ctx, id, key.as_of, key.month).await?;
    let (title, body) = page.rendered()?;
    let shop = page.shop.id;
    let response = in_shell(StatusCode::OK, page.ctx, &title, &body);
    state.pages.put(
        key,
        CachedPage {
            shop,
            stamp,
            title,
            body,
        },
    );
    response
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NoteForm {
    month: String,
    body: String,
}

async fn add_note(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Path(id): Path<PlanId>,
    Form(form): Form<NoteForm>,
) -> Result<Response, AppError> {
    let mut tx = user.begin(&state).await?;
    let plan = plan_db::get_plan(&mut tx, id, false)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    match notes::add(&state, &user, plan.shop_id, &form.month, &form.body).await {
        Ok(_) => Ok(
            Redirect::to(&format!("/plans/{id}/dashboard?notice=note-added#notes")).into_response(),
        ),
        Err(e) => {
            let errors = FormErrors::from_error(e, ctx.lang)?;
            let (mut page, _) = dashboard_page(&state, &user, ctx, id, None, None).await?;
            page.note_month = form.month;
            with_errors(page, errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hard_reload_asks_for_a_fresh_page() {
        let with = |pairs: &[(header::HeaderName, &str)]| {
            let mut headers = HeaderMap::new();
            for (name, value) in pairs {
                headers.append(name, value.parse().unwrap());
            }
            fresh_asked(&headers)
        };
        assert!(!with(&[]));
        assert!(!with(&[(header::CACHE_CONTROL, "max-age=0")]));
        assert!(with(&[(header::CACHE_CONTROL, "max-age=0, No-Cache")]));
        assert!(with(&[(header::PRAGMA, "no-cache")]));
        assert!(with(&[(header::CACHE_CONTROL, "no-store")]));
    }
}
