//! The manager view: every shop's phases on one timeline, milestones due soon or overdue,
//! phase gates waiting for review with their exit criteria evaluated against actuals, the
//! sign-off, and shops missing target three months running.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::{CurrentUser, Permission};
use crate::dashboard::gates::{Evaluation, MonthValues, evaluate};
use crate::dashboard::portfolio::{self, Portfolio, ShopBoard};
use crate::db::dashboard::{self as read, CriterionRow, OpenMilestone};
use crate::domain::PhaseKind;
use crate::domain::ids::PlanId;
use crate::domain::lint::Metric;
use crate::error::AppError;
use crate::export::{self, Cell, DownloadFormat, Sheet};
use crate::plans::PlanStatus;
use crate::plans::document::{Condition, CriterionMetric};
use crate::web::extract::Query;
use crate::web::manager_timeline::{MonthTick, TimelineRow, timeline};
use crate::web::plan_view::phase_label_key;
use crate::web::{PageContext, html};

/// The translation key of a metric's name.
pub fn metric_label_key(metric: Metric) -> &'static str {
    match metric {
        Metric::Uv => "metric-uv",
        Metric::Conversion => "metric-conversion-rate",
        Metric::Buyers => "metric-buyers",
        Metric::Aov => "metric-aov",
        Metric::Sales => "metric-sales",
    }
}

/// How far ahead milestones are listed.
pub const DUE_WITHIN_DAYS: u64 = 14;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/manager", get(show_manager))
        .route(
            "/manager.csv",
            get(|s, u, c, q| download(DownloadFormat::Csv, s, u, c, q)),
        )
        .route(
            "/manager.xlsx",
            get(|s, u, c, q| download(DownloadFormat::Xlsx, s, u, c, q)),
        )
}

/// An exit criterion with its verdict.
pub struct CheckedCriterion {
    pub text: String,
    pub met: bool,
    /// For metric conditions: the condition and the best month's figure.
    pub detail: Option<String>,
}

/// A phase whose gate waits for a manager.
pub struct GateWaiting {
    pub shop: String,
    pub plan_id: PlanId,
    pub kind: PhaseKind,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub status: String,
    pub criteria: Vec<CheckedCriterion>,
}

impl GateWaiting {
    /// Whether some exit criterion is not met: passing it then is a conditional pass.
    pub fn has_unmet(&self) -> bool {
        self.criteria.iter().any(|c| !c.met)
    }
}

#[derive(Template)]
#[template(path = "dashboards/manager.html")]
pub struct ManagerPage {
    pub ctx: PageContext,
    pub portfolio: Portfolio,
    pub window: (NaiveDate, NaiveDate),
    pub today_x: f64,
    /// The months across the timeline.
    pub ticks: Vec<MonthTick>,
    pub rows: Vec<TimelineRow>,
    pub milestones: Vec<(String, OpenMilestone)>,
    pub gates: Vec<GateWaiting>,
    pub can_sign_off: bool,
}

/// The manager view's tables, in the order of its downloads (the names' keys).
const TABLES: [&str; 4] = [
    "manager-timeline",
    "manager-gates",
    "manager-milestones",
    "manager-streaks-sheet",
];

impl ManagerPage {
    /// One CSV link per table of the page: (the table's name, its address).
    pub fn csv_links(&self) -> Vec<(String, String)> {
        TABLES
            .iter()
            .enumerate()
            .map(|(i, key)| {
                let href = format!(
                    "/manager.csv?as_of={}&table={}",
                    self.portfolio.as_of,
                    i + 1
                );
                (self.ctx.t(key).to_string(), href)
            })
            .collect()
    }

    pub fn phase_key(&self, kind: &PhaseKind) -> &'static str {
        phase_label_key(*kind)
    }

    pub fn overdue(&self, m: &OpenMilestone) -> bool {
        m.due_on < self.portfolio.as_of
    }

    pub fn phase_of(&self, kind: &str) -> &'static str {
        PhaseKind::parse(kind).map_or("", |k| self.ctx.t(phase_label_key(k)))
    }

    pub fn metric_key(&self, metric: &Metric) -> &'static str {
        metric_label_key(*metric)
    }

    pub fn streak_count(&self) -> usize {
        self.portfolio
            .boards
            .iter()
            .map(|b| b.extras.streaks.len())
            .sum()
    }

    pub fn milestone_key(&self, status: &str) -> &'static str {
        crate::plans::document::MilestoneStatus::parse(status)
            .map(|s| s.label_key())
            .unwrap_or("milestone-planned")
    }
}

impl ManagerPage {
    /// The phases on the timeline, the gates with each criterion's verdict, the milestones
    /// due and the missed-target streaks, as sheets.
    pub fn sheets(&self) -> Vec<Sheet> {
        let t = |k: &str| self.ctx.t(k).to_string();
        let mut phases = Sheet::new(
            t(TABLES[0]),
            vec![
                t("shop-name"),
                t("plan-name"),
                t("overview-phase"),
                t("phase-start"),
                t("phase-end"),
                t("gate-label"),
            ],
        );
        for b in &self.portfolio.boards {
            for p in &b.phases {
                phases.push(vec![
                    Cell::text(&b.shop.name),
                    Cell::text(&b.plan.name),
                    Cell::text(self.phase_of(&p.kind)),
                    Cell::text(p.start_date.to_string()),
                    Cell::text(p.end_date.to_string()),
                    Cell::text(t(crate::web::plans::gate_key(&p.gate_status))),
                ]);
            }
        }
        let mut gates = Sheet::new(
            t(TABLES[1]),
            vec![
                t("shop-name"),
                t("overview-phase"),
                t("phase-start"),
                t("phase-end"),
                t("gate-label"),
                t("criterion-text"),
                t("criterion-met"),
                t("criterion-detail"),
            ],
        );
        for g in &self.gates {
            for c in &g.criteria {
                gates.push(vec![
                    Cell::text(&g.shop),
                    Cell::text(t(self.phase_key(&g.kind))),
                    Cell::text(g.start.to_string()),
                    Cell::text(g.end.to_string()),
                    Cell::text(t(crate::web::plans::gate_key(&g.status))),
                    Cell::text(&c.text),
                    Cell::text(t(if c.met { "col-yes" } else { "col-no" })),
                    Cell::text(c.detail.clone().unwrap_or_default()),
                ]);
            }
        }
        let mut milestones = Sheet::new(
            t(TABLES[2]),
            vec![
                t("milestone-due"),
                t("shop-name"),
                t("overview-phase"),
                t("milestone-title"),
                t("milestone-owner"),
                t("milestone-status"),
                t("manager-overdue"),
            ],
        );
        for (shop, m) in &self.milestones {
            milestones.push(vec![
                Cell::text(m.due_on.to_string()),
                Cell::text(shop),
                Cell::text(self.phase_of(&m.phase_kind)),
                Cell::text(&m.title),
                Cell::text(m.owner.clone().unwrap_or_default()),
                Cell::text(t(self.milestone_key(&m.status))),
                Cell::text(t(if self.overdue(m) { "col-yes" } else { "col-no" })),
            ]);
        }
        let mut streaks = Sheet::new(
            t(TABLES[3]),
            vec![
                t("shop-name"),
                t("manager-metric"),
                t("col-first-month"),
                t("col-last-month"),
                t("manager-months"),
            ],
        );
        for b in &self.portfolio.boards {
            for (metric, streak) in &b.extras.streaks {
                streaks.push(vec![
                    Cell::text(&b.shop.name),
                    Cell::text(t(self.metric_key(metric))),
                    Cell::text(streak.first.to_string()),
                    Cell::text(streak.last.to_string()),
                    Cell::Count(streak.months as i64),
                ]);
            }
        }
        vec![phases, gates, milestones, streaks]
    }
}

/// The months overlapping a phase, with their figures up to the as-of date.
fn phase_months(board: &ShopBoard, start: NaiveDate, end: NaiveDate) -> Vec<MonthValues> {
    board
        .board
        .months
        .iter()
        .filter(|m| m.month.overlaps(start, end))
        .filter_map(|m| {
            let a = m.actual.as_ref()?;
            Some(MonthValues {
                month: m.month,
                complete: m.complete,
                sales: a.sales.value(),
                uv: Decimal::from(a.uv),
                buyers: Decimal::from(a.buyers),
                conversion_rate: a.conversion_rate.map(|r| r.value()),
                aov: a.aov.map(|v| v.value()),
                roi: m.roi.actual.map(|r| r.value()),
            })
        })
        .collect()
}

fn check(
    row: &CriterionRow,
    months: &[MonthValues],
    page_lang: crate::i18n::Lang,
) -> CheckedCriterion {
    let condition = match (
        row.metric.as_deref().and_then(CriterionMetric::parse),
        &row.comparator,
        row.threshold,
    ) {
        (Some(metric), Some(comparator), Some(threshold)) => Some(Condition {
            metric,
            comparator: comparator.clone(),
            threshold,
        }),
        _ => None,
    };
    let Some(condition) = condition else {
        return CheckedCriterion {
            text: row.text.clone(),
            met: row.done,
            detail: None,
        };
    };
    let Evaluation { met, best } = evaluate(&condition, months);
    let detail = match best {
        Some((month, value)) => page_lang.t_args(
            "manager-criterion-best",
            &[
                ("month", &month.to_string()),
                ("value", &shown(condition.metric, value)),
            ],
        ),
        None => page_lang.t("manager-criterion-no-data"),
    };
    CheckedCriterion {
        text: row.text.clone(),
        met,
        detail: Some(detail),
    }
}

fn shown(metric: CriterionMetric, value: Decimal) -> String {
    match metric {
        CriterionMetric::ConversionRate => crate::domain::Rate::new(value).percent_text(),
        CriterionMetric::Roi => crate::domain::Ratio::new(value).roi_text(),
        CriterionMetric::Uv | CriterionMetric::Buyers => crate::domain::fixed::grouped(value, 0),
        _ => crate::domain::Money::new(value).grouped(),
    }
}

fn gates(
    boards: &[ShopBoard],
    criteria: &[CriterionRow],
    as_of: NaiveDate,
    lang: crate::i18n::Lang,
) -> Vec<GateWaiting> {
    let mut out = Vec::new();
    for b in boards
        .iter()
        .filter(|b| PlanStatus::parse(&b.plan.status) == PlanStatus::Approved)
    {
        for p in b
            .phases
            .iter()
            .filter(|p| p.gate_status != "approved" && p.start_date <= as_of)
        {
            let Ok(kind) = PhaseKind::parse(&p.kind) else {
                continue;
            };
            let months = phase_months(b, p.start_date, p.end_date);
            out.push(GateWaiting {
                shop: b.shop.name.clone(),
                plan_id: b.plan.id,
                kind,
                start: p.start_date,
                end: p.end_date,
                status: p.gate_status.clone(),
                criteria: criteria
                    .iter()
                    .filter(|c| c.plan_id == b.plan.id && c.phase_kind == p.kind)
                    .map(|c| check(c, &months, lang))
                    .collect(),
            });
        }
    }
    out.sort_by_key(|g| g.end);
    out
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ManagerQuery {
    pub as_of: String,
    /// Which table a CSV download holds (1-based; the XLSX holds them all).
    pub table: String,
}

async fn show_manager(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Query(q): Query<ManagerQuery>,
) -> Result<Response, AppError> {
    html(StatusCode::OK, manager_page(&state, &user, ctx, &q).await?)
}

async fn download(
    format: DownloadFormat,
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageContext,
    Query(q): Query<ManagerQuery>,
) -> Result<Response, AppError> {
    let page = manager_page(&state, &user, ctx, &q).await?;
    let stem = format!("{} {}", page.ctx.t("nav-manager"), page.portfolio.as_of);
    export::download(format, &stem, page.sheets(), &q.table)
}

async fn manager_page(
    state: &AppState,
    user: &CurrentUser,
    ctx: PageContext,
    q: &ManagerQuery,
) -> Result<ManagerPage, AppError> {
    let mut tx = user.begin_read(state).await?;
    let as_of = crate::dashboard::as_of(&mut tx, Some(&q.as_of)).await?;
    let portfolio = portfolio::load(&mut tx, as_of).await?;
    let plan_ids: Vec<PlanId> = portfolio.boards.iter().map(|b| b.plan.id).collect();
    let until = as_of + Days::new(DUE_WITHIN_DAYS);
    let due = read::milestones_due(&mut tx, &plan_ids, until).await?;
    let criteria = read::criteria(&mut tx, &plan_ids).await?;
    tx.end_read();
    let (window, today_x, rows, ticks) = timeline(&portfolio.boards, as_of);
    let milestones = due
        .into_iter()
        .map(|m| {
            let shop = portfolio
                .boards
                .iter()
                .find(|b| b.plan.id == m.plan_id)
                .map(|b| b.shop.name.clone())
                .unwrap_or_default();
            (shop, m)
        })
        .collect();
    let gates = gates(&portfolio.boards, &criteria, as_of, ctx.lang);
    Ok(ManagerPage {
        can_sign_off: user.can(Permission::ApprovePlans),
        ctx,
        portfolio,
        window,
        today_x,
        ticks,
        rows,
        milestones,
        gates,
    })
}
