//! The dashboards' read model: plans' targets and budgets by month, and shops' actuals and
//! spend by month up to an as-of date, from the monthly rollup: a month is read as it stands
//! when its last day is on or before the as-of date (every month before it, and the month in
//! progress when the data stops before the as-of date, as it does for a dashboard as of
//! today); only a month holding days after the as-of date is summed from its daily rows up to
//! it. One query per figure family, for one shop or for all of an organization's shops at
//! once.
//!
//! The shops or plans asked for are joined as `unnest($2::uuid[])` rather than filtered with
//! `= ANY($2)`, and a shop's months are read in a `LATERAL` subquery of that shop: after a few
//! executions PostgreSQL may plan a prepared statement once for any parameters, and such a
//! generic plan, guessing a month range to be narrow, scanned the whole organization's rollup
//! by tenant and month and filtered the shop afterwards (measured: 38 ms instead of 0.3 ms for
//! one shop of 400; the same statement serves the overview's 400 shops and one shop's
//! dashboard, so which plan it gets depends on what ran before). Read per shop, every shop's
//! rows come through its own key whatever the plan. The organization's categories (a few
//! dozen rows) are read once into a materialized CTE, so that their kinds join by hash, not
//! by one key lookup per budget or spend row (180 ms against 90 for 400 plans' budgets).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlx::Executor;

use crate::db::TenantTx;
use crate::domain::ids::{PlanId, ShopId, TenantId};
use crate::domain::{Money, Rate};

/// A month's budget by category kind.
pub struct BudgetByKind {
    pub plan_id: PlanId,
    pub month: NaiveDate,
    pub kind: String,
    pub amount: Money,
}

pub async fn budgets_by_kind(
    tx: &mut TenantTx,
    plans: &[PlanId],
) -> Result<Vec<BudgetByKind>, sqlx::Error> {
    let tenant = tx.tenant();
    let ids = PlanId::uuids(plans);
    sqlx::query_as!(
        BudgetByKind,
        r#"WITH kinds AS MATERIALIZED (SELECT code, kind FROM category WHERE tenant_id = $1)
           SELECT b.plan_id AS "plan_id: PlanId", b.month, c.kind AS "kind!", sum(b.amount) AS "amount!: Money"
           FROM unnest($2::uuid[]) AS k (id)
           JOIN budget_line b ON b.tenant_id = $1 AND b.plan_id = k.id
           JOIN kinds c ON c.code = b.category_code
           GROUP BY b.plan_id, b.month, c.kind"#,
        tenant as TenantId,
        &ids
    )
    .fetch_all(tx.conn())
    .await
}

/// A budget line by category (for the finance view).
pub struct BudgetLine {
    pub plan_id: PlanId,
    pub month: NaiveDate,
    pub category_code: String,
    pub amount: Money,
}

pub async fn budget_lines(
    tx: &mut TenantTx,
    plans: &[PlanId],
) -> Result<Vec<BudgetLine>, sqlx::Error> {
    let tenant = tx.tenant();
    let ids = PlanId::uuids(plans);
    sqlx::query_as!(
        BudgetLine,
        r#"SELECT b.plan_id AS "plan_id: PlanId", b.month, b.category_code, b.amount AS "amount: Money"
           FROM unnest($2::uuid[]) AS k (id)
           JOIN budget_line b ON b.tenant_id = $1 AND b.plan_id = k.id"#,
        tenant as TenantId,
        &ids
    )
    .fetch_all(tx.conn())
    .await
}

/// A month's targets.
pub struct TargetRow {
    pub plan_id: PlanId,
    pub month: NaiveDate,
    pub uv: i64,
    pub conversion_rate: Rate,
    pub aov: Money,
}

pub async fn targets(tx: &mut TenantTx, plans: &[PlanId]) -> Result<Vec<TargetRow>, sqlx::Error> {
    let tenant = tx.tenant();
    let ids = PlanId::uuids(plans);
    sqlx::query_as!(
        TargetRow,
        r#"SELECT t.plan_id AS "plan_id: PlanId", t.month, t.uv, t.conversion_rate AS "conversion_rate: Rate",
                  t.aov AS "aov: Money"
           FROM unnest($2::uuid[]) AS k (id)
           JOIN monthly_target t ON t.tenant_id = $1 AND t.plan_id = k.id"#,
        tenant as TenantId,
        &ids
    )
    .fetch_all(tx.conn())
    .await
}

/// A month's actuals up to the as-of date.
#[derive(Clone, Debug)]
pub struct ActualMonth {
    pub shop_id: ShopId,
    pub month: NaiveDate,
    pub uv: i64,
    pub buyers: i64,
    pub orders: i64,
    pub sales: Money,
    pub refunds: Money,
    pub days: i64,
}

/// Shops' actuals per month from `first` (a month's first day) up to `as_of`.
pub async fn actuals(
    tx: &mut TenantTx,
    shops: &[ShopId],
    first: NaiveDate,
    as_of: NaiveDate,
) -> Result<Vec<ActualMonth>, sqlx::Error> {
    let tenant = tx.tenant();
    let ids = ShopId::uuids(shops);
    sqlx::query_as!(
        ActualMonth,
        r#"SELECT k.id AS "shop_id!: ShopId", m.month AS "month!", m.uv AS "uv!", m.buyers AS "buyers!",
                  m.orders AS "orders!", m.sales AS "sales!: Money", m.refunds AS "refunds!: Money",
                  m.days AS "days!"
           FROM unnest($2::uuid[]) AS k (id)
           CROSS JOIN LATERAL (
               SELECT month, uv, buyers, orders, sales, refunds, days::bigint AS days
               FROM actual_month
               WHERE tenant_id = $1 AND shop_id = k.id AND month >= $3 AND last_date <= $4
               UNION ALL
               SELECT date_trunc('month', $4::date)::date, sum(uv)::bigint, sum(buyers)::bigint,
                      COALESCE(sum(orders), 0)::bigint, sum(sales), COALESCE(sum(refunds), 0), count(*)
               FROM daily_actual
               WHERE tenant_id = $1 AND shop_id = k.id
                 AND date >= GREATEST($3, date_trunc('month', $4::date)::date) AND date <= $4
                 AND EXISTS (SELECT FROM actual_month
                             WHERE tenant_id = $1 AND shop_id = k.id
                               AND month = date_trunc('month', $4::date)::date AND last_date > $4)
               HAVING count(*) > 0
           ) m
           ORDER BY k.id, m.month"#,
        tenant as TenantId,
        &ids,
        first,
        as_of
    )
    .fetch_all(tx.conn())
    .await
}

/// A month's spend in one category, with the sales the channel attributes to itself.
#[derive(Clone, Debug)]
pub struct SpendMonth {
    pub shop_id: ShopId,
    pub month: NaiveDate,
    pub category_code: String,
    pub kind: String,
    pub amount: Money,
    pub attributed_sales: Money,
}

/// Shops' spend per month and category from `first` up to `as_of`.
pub async fn spend(
    tx: &mut TenantTx,
    shops: &[ShopId],
    first: NaiveDate,
    as_of: NaiveDate,
) -> Result<Vec<SpendMonth>, sqlx::Error> {
    let tenant = tx.tenant();
    let ids = ShopId::uuids(shops);
    sqlx::query_as!(
        SpendMonth,
        r#"WITH kinds AS MATERIALIZED (SELECT code, kind, sort FROM category WHERE tenant_id = $1)
           SELECT k.id AS "shop_id!: ShopId", s.month AS "month!", s.category_code AS "category_code!",
                  c.kind AS "kind!", s.amount AS "amount!: Money", s.attributed AS "attributed_sales!: Money"
           FROM unnest($2::uuid[]) AS k (id)
           CROSS JOIN LATERAL (
               SELECT month, category_code, amount, attributed_sales AS attributed
               FROM spend_month
               WHERE tenant_id = $1 AND shop_id = k.id AND month >= $3 AND last_date <= $4
               UNION ALL
               SELECT date_trunc('month', $4::date)::date, category_code, sum(amount),
                      COALESCE(sum(attributed_sales), 0)
               FROM spend_entry
               WHERE tenant_id = $1 AND shop_id = k.id
                 AND date >= GREATEST($3, date_trunc('month', $4::date)::date) AND date <= $4
                 AND category_code IN (SELECT category_code FROM spend_month
                                       WHERE tenant_id = $1 AND shop_id = k.id
                                         AND month = date_trunc('month', $4::date)::date AND last_date > $4)
               GROUP BY category_code
           ) s
           JOIN kinds c ON c.code = s.category_code
           ORDER BY k.id, s.month, c.sort"#,
        tenant as TenantId,
        &ids,
        first,
        as_of
    )
    .fetch_all(tx.conn())
    .await
}

/// Has PostgreSQL plan the rest of this transaction's statements once for any parameters (a
/// generic plan) rather than again at every execution. The dashboards' statements read every
/// shop and plan through its key (see above), so their generic plans are the ones a fresh plan
/// would choose; re-planning them each time was PostgreSQL's largest cost on the shop
/// dashboard (about 1.3 ms a request for actuals and spend).
pub async fn plan_once(tx: &mut TenantTx) -> Result<(), sqlx::Error> {
    tx.conn().execute(PLAN_ONCE).await?;
    Ok(())
}

const PLAN_ONCE: &str = "SET LOCAL plan_cache_mode = force_generic_plan";

/// The organization's status thresholds.
pub async fn thresholds(tx: &mut TenantTx) -> Result<(Decimal, Decimal), sqlx::Error> {
    let tenant = tx.tenant();
    let row = sqlx::query!(
        "SELECT status_on_track, status_at_risk FROM tenant WHERE id = $1",
        tenant as TenantId
    )
    .fetch_one(tx.conn())
    .await?;
    Ok((row.status_on_track, row.status_at_risk))
}

/// The plan each active shop is measured against on `as_of`: one covering that date, an
/// approved revision before a draft, the newest before older ones.
pub async fn baseline_plans(
    tx: &mut TenantTx,
    as_of: NaiveDate,
) -> Result<Vec<PlanId>, sqlx::Error> {
    let tenant = tx.tenant();
    // Prefer a plan whose months contain the as-of date, then an approved one, then the newest.
    sqlx::query_scalar!(
        r#"SELECT DISTINCT ON (p.shop_id) p.id AS "id: PlanId"
           FROM plan p JOIN shop s ON s.tenant_id = p.tenant_id AND s.id = p.shop_id
           WHERE p.tenant_id = $1 AND s.archived_at IS NULL AND p.status <> 'archived'
           ORDER BY p.shop_id,
                    ($2 >= p.start_month AND $2 < p.end_month + interval '1 month') DESC,
                    p.status = 'approved' DESC, p.start_month DESC, p.revision DESC"#,
        tenant as TenantId,
        as_of
    )
    .fetch_all(tx.conn())
    .await
}

/// A phase of one of several plans.
#[derive(Clone, Debug)]
pub struct PhaseSpan {
    pub plan_id: PlanId,
    pub kind: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub gate_status: String,
}

pub async fn phases(tx: &mut TenantTx, plans: &[PlanId]) -> Result<Vec<PhaseSpan>, sqlx::Error> {
    let tenant = tx.tenant();
    let ids = PlanId::uuids(plans);
    sqlx::query_as!(
        PhaseSpan,
        r#"SELECT f.plan_id AS "plan_id: PlanId", f.kind, f.start_date, f.end_date, f.gate_status
           FROM unnest($2::uuid[]) AS k (id)
           JOIN phase f ON f.tenant_id = $1 AND f.plan_id = k.id
           ORDER BY f.start_date"#,
        tenant as TenantId,
        &ids
    )
    .fetch_all(tx.conn())
    .await
}

/// A milestone not done yet, with where it belongs and who owns it.
#[derive(Clone, Debug)]
pub struct OpenMilestone {
    pub plan_id: PlanId,
    pub id: uuid::Uuid,
    pub phase_kind: String,
    pub title: String,
    pub owner: Option<String>,
    pub due_on: NaiveDate,
    pub status: String,
}

/// Milestones of the plans due on or before `until` and not done (overdue ones included).
pub async fn milestones_due(
    tx: &mut TenantTx,
    plans: &[PlanId],
    until: NaiveDate,
) -> Result<Vec<OpenMilestone>, sqlx::Error> {
    let tenant = tx.tenant();
    let ids = PlanId::uuids(plans);
    sqlx::query_as!(
        OpenMilestone,
        r#"SELECT m.plan_id AS "plan_id: PlanId", m.id, m.phase_kind, m.title, u.name AS "owner?",
                  m.due_on AS "due_on!", m.status
           FROM unnest($2::uuid[]) AS k (id)
           JOIN milestone m ON m.tenant_id = $1 AND m.plan_id = k.id
           LEFT JOIN app_user u ON u.id = m.owner_id
           WHERE m.due_on <= $3 AND m.status NOT IN ('done', 'missed')
           ORDER BY m.due_on, m.title"#,
        tenant as TenantId,
        &ids,
        until
    )
    .fetch_all(tx.conn())
    .await
}

/// An exit criterion of one of several plans.
#[derive(Clone, Debug)]
pub struct CriterionRow {
    pub plan_id: PlanId,
    pub phase_kind: String,
    pub text: String,
    pub metric: Option<String>,
    pub comparator: Option<String>,
    pub threshold: Option<Decimal>,
    pub done: bool,
}

pub async fn criteria(
    tx: &mut TenantTx,
    plans: &[PlanId],
) -> Result<Vec<CriterionRow>, sqlx::Error> {
    let tenant = tx.tenant();
    let ids = PlanId::uuids(plans);
    sqlx::query_as!(
        CriterionRow,
        r#"SELECT c.plan_id AS "plan_id: PlanId", c.phase_kind, c.text, c.metric, c.comparator, c.threshold, c.done
           FROM unnest($2::uuid[]) AS k (id)
           JOIN exit_criterion c ON c.tenant_id = $1 AND c.plan_id = k.id
           ORDER BY c.phase_kind, c.position"#,
        tenant as TenantId,
        &ids
    )
    .fetch_all(tx.conn())
    .await
}

/// The plan a shop's month is measured against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthPlan {
    pub shop_id: ShopId,
    pub month: NaiveDate,
    pub plan_id: PlanId,
}

/// For every active shop and each of its months in `first..=last` (first days) that a plan
/// covers, the plan the month is measured against, chosen as the dashboards choose their
/// baseline: an approved revision before a draft, then the latest plan and revision. So a
/// year with a spring quarter plan and an autumn half-year plan counts both.
pub async fn month_plans(
    tx: &mut TenantTx,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Vec<MonthPlan>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_as!(
        MonthPlan,
        r#"SELECT DISTINCT ON (p.shop_id, m.month)
                  p.shop_id AS "shop_id!: ShopId", m.month AS "month!", p.id AS "plan_id!: PlanId"
           FROM plan p
           JOIN shop s ON s.tenant_id = p.tenant_id AND s.id = p.shop_id
           CROSS JOIN LATERAL (
               SELECT generate_series(GREATEST(p.start_month, $2), LEAST(p.end_month, $3),
                                      interval '1 month')::date AS month
           ) m
           WHERE p.tenant_id = $1 AND p.status <> 'archived' AND s.archived_at IS NULL
           ORDER BY p.shop_id, m.month, p.status = 'approved' DESC, p.start_month DESC,
                    p.revision DESC"#,
        tenant as TenantId,
        first,
        last
    )
    .fetch_all(tx.conn())
    .await
}
