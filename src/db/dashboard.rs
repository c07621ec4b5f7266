//! The dashboards' read model: a plan's targets and budgets by month, and a shop's actuals
//! and spend by month up to an as-of date. Whole months come from the monthly rollup; only
//! the month containing the as-of date is summed from its daily rows. A fixed number of
//! queries whatever the number of months.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::db::TenantTx;
use crate::domain::ids::{PlanId, ShopId, TenantId};
use crate::domain::{Money, Rate};

/// A month's budget by category kind.
pub struct BudgetByKind {
    pub month: NaiveDate,
    pub kind: String,
    pub amount: Money,
}

pub async fn budgets_by_kind(
    tx: &mut TenantTx,
    plan: PlanId,
) -> Result<Vec<BudgetByKind>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_as!(
        BudgetByKind,
        r#"SELECT b.month, c.kind, sum(b.amount) AS "amount!: Money"
           FROM budget_line b JOIN category c ON c.tenant_id = b.tenant_id AND c.code = b.category_code
           WHERE b.tenant_id = $1 AND b.plan_id = $2
           GROUP BY b.month, c.kind"#,
        tenant as TenantId,
        plan as PlanId
    )
    .fetch_all(tx.conn())
    .await
}

/// A month's targets.
pub struct TargetRow {
    pub month: NaiveDate,
    pub uv: i64,
    pub conversion_rate: Rate,
    pub aov: Money,
}

pub async fn targets(tx: &mut TenantTx, plan: PlanId) -> Result<Vec<TargetRow>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_as!(
        TargetRow,
        r#"SELECT month, uv, conversion_rate AS "conversion_rate: Rate", aov AS "aov: Money"
           FROM monthly_target WHERE tenant_id = $1 AND plan_id = $2"#,
        tenant as TenantId,
        plan as PlanId
    )
    .fetch_all(tx.conn())
    .await
}

/// A month's actuals up to the as-of date.
#[derive(Clone, Debug)]
pub struct ActualMonth {
    pub month: NaiveDate,
    pub uv: i64,
    pub buyers: i64,
    pub orders: i64,
    pub sales: Money,
    pub refunds: Money,
    pub days: i64,
}

/// A shop's actuals per month from `first` (a month's first day) up to `as_of`.
pub async fn actuals(
    tx: &mut TenantTx,
    shop: ShopId,
    first: NaiveDate,
    as_of: NaiveDate,
) -> Result<Vec<ActualMonth>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_as!(
        ActualMonth,
        r#"SELECT month AS "month!", uv AS "uv!", buyers AS "buyers!", orders AS "orders!",
                  sales AS "sales!: Money", refunds AS "refunds!: Money", days AS "days!"
           FROM (
               SELECT month, uv, buyers, orders, sales, refunds, days::bigint AS days
               FROM actual_month
               WHERE tenant_id = $1 AND shop_id = $2 AND month >= $3
                 AND month < date_trunc('month', $4::date)::date
               UNION ALL
               SELECT date_trunc('month', $4::date)::date, sum(uv)::bigint, sum(buyers)::bigint,
                      COALESCE(sum(orders), 0)::bigint, sum(sales), COALESCE(sum(refunds), 0), count(*)
               FROM daily_actual
               WHERE tenant_id = $1 AND shop_id = $2 AND date >= GREATEST($3, date_trunc('month', $4::date)::date)
                 AND date <= $4
               HAVING count(*) > 0
           ) m
           ORDER BY month"#,
        tenant as TenantId,
        shop as ShopId,
        first,
        as_of
    )
    .fetch_all(tx.conn())
    .await
}

/// A month's spend in one category, with the sales the channel attributes to itself.
#[derive(Clone, Debug)]
pub struct SpendMonth {
    pub month: NaiveDate,
    pub category_code: String,
    pub kind: String,
    pub amount: Money,
    pub attributed_sales: Money,
}

/// A shop's spend per month and category from `first` up to `as_of`.
pub async fn spend(
    tx: &mut TenantTx,
    shop: ShopId,
    first: NaiveDate,
    as_of: NaiveDate,
) -> Result<Vec<SpendMonth>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_as!(
        SpendMonth,
        r#"SELECT s.month AS "month!", s.category_code AS "category_code!", c.kind,
                  s.amount AS "amount!: Money", s.attributed AS "attributed_sales!: Money"
           FROM (
               SELECT month, category_code, amount, attributed_sales AS attributed
               FROM spend_month
               WHERE tenant_id = $1 AND shop_id = $2 AND month >= $3
                 AND month < date_trunc('month', $4::date)::date
               UNION ALL
               SELECT date_trunc('month', $4::date)::date, category_code, sum(amount),
                      COALESCE(sum(attributed_sales), 0)
               FROM spend_entry
               WHERE tenant_id = $1 AND shop_id = $2 AND date >= GREATEST($3, date_trunc('month', $4::date)::date)
                 AND date <= $4
               GROUP BY category_code
           ) s
           JOIN category c ON c.tenant_id = $1 AND c.code = s.category_code
           ORDER BY s.month, c.sort"#,
        tenant as TenantId,
        shop as ShopId,
        first,
        as_of
    )
    .fetch_all(tx.conn())
    .await
}

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
