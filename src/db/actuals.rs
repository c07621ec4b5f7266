//! Daily actuals: staging an import and writing it, the monthly rollup, reading a shop's days
//! and editing one. Every write here is followed, in the same transaction, by
//! [`refresh_months`] over the months it touched.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::db::TenantTx;
use crate::domain::ids::{ImportId, ShopId, TenantId};

/// The COPY statement that feeds [`create_staging`]'s table: the shop, then
/// `import::ACTUAL_COLUMNS`.
pub const STAGING_COPY: &str =
    "COPY actual_staging (shop_id, date, uv, buyers, orders, sales, refunds, pv) FROM STDIN";

/// One stored day of a shop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayRow {
    pub date: NaiveDate,
    pub uv: i32,
    pub buyers: i32,
    pub orders: Option<i32>,
    pub sales: Decimal,
    pub refunds: Option<Decimal>,
    pub pv: Option<i32>,
    /// The import that wrote it; `None` after an edit by hand.
    pub import_id: Option<ImportId>,
    pub updated_at: DateTime<Utc>,
}

/// A day's figures to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayFigures {
    pub uv: i32,
    pub buyers: i32,
    pub orders: Option<i32>,
    pub sales: Decimal,
    pub refunds: Option<Decimal>,
    pub pv: Option<i32>,
}

/// A month of the rollup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthRow {
    pub month: NaiveDate,
    pub uv: i64,
    pub buyers: i64,
    pub orders: i64,
    pub sales: Decimal,
    pub refunds: Decimal,
    pub pv: i64,
    pub days: i32,
}

/// Months touched by a write, as parallel arrays for `unnest`.
#[derive(Clone, Debug, Default)]
pub struct Months {
    shops: Vec<Uuid>,
    months: Vec<NaiveDate>,
}

impl Months {
    /// Adds a shop's month (any day of it).
    pub fn push(&mut self, shop: ShopId, day: NaiveDate) {
        self.shops.push(shop.0);
        self.months
            .push(crate::domain::YearMonth::of(day).first_day());
    }

    pub fn is_empty(&self) -> bool {
        self.shops.is_empty()
    }

    /// The shops and first days, for binding.
    pub fn arrays(&self) -> (&[Uuid], &[NaiveDate]) {
        (&self.shops, &self.months)
    }
}

/// Creates the transaction's staging table (dropped at commit).
pub async fn create_staging(tx: &mut TenantTx) -> Result<(), sqlx::Error> {
    sqlx::query!("CREATE TEMP TABLE actual_staging (LIKE public.actual_staging) ON COMMIT DROP")
        .execute(tx.conn())
        .await?;
    Ok(())
}

/// Gives the planner the staging table's size and spread (temporary tables are never analysed
/// by autovacuum), so that joins against a large import hash instead of probing row by row.
pub async fn analyze_staging(tx: &mut TenantTx) -> Result<(), sqlx::Error> {
    sqlx::query!("ANALYZE actual_staging")
        .execute(tx.conn())
        .await?;
    Ok(())
}

/// Keeps the stored days the staged rows will overwrite, for undo; returns how many.
pub async fn save_replaced(tx: &mut TenantTx, import: ImportId) -> Result<u64, sqlx::Error> {
    let tenant = tx.tenant();
    let done = sqlx::query!(
        "INSERT INTO import_replaced_actual (tenant_id, import_id, shop_id, date, uv, buyers, orders,
                sales, refunds, pv, previous_import_id, previous_updated_at)
         SELECT d.tenant_id, $2, d.shop_id, d.date, d.uv, d.buyers, d.orders, d.sales, d.refunds,
                d.pv, d.import_id, d.updated_at
         FROM actual_staging s
         JOIN daily_actual d ON d.tenant_id = $1 AND d.shop_id = s.shop_id AND d.date = s.date",
        tenant as TenantId,
        import as ImportId
    )
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected())
}

/// Writes the staged rows over the stored ones in one statement; returns the rows written.
pub async fn upsert_staged(tx: &mut TenantTx, import: ImportId) -> Result<u64, sqlx::Error> {
    let tenant = tx.tenant();
    let done = sqlx::query!(
        "INSERT INTO daily_actual (tenant_id, shop_id, date, uv, buyers, orders, sales, refunds, pv,
                import_id, updated_at)
         SELECT $1, shop_id, date, uv, buyers, orders, sales, refunds, pv, $2, now()
         FROM actual_staging
         ON CONFLICT (tenant_id, shop_id, date) DO UPDATE SET
             uv = EXCLUDED.uv, buyers = EXCLUDED.buyers, orders = EXCLUDED.orders,
             sales = EXCLUDED.sales, refunds = EXCLUDED.refunds, pv = EXCLUDED.pv,
             import_id = EXCLUDED.import_id, updated_at = EXCLUDED.updated_at",
        tenant as TenantId,
        import as ImportId
    )
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected())
}

/// Recomputes the rollup of the given months from the daily rows, in one statement: months
/// with days are written, months left without any are removed.
pub async fn refresh_months(tx: &mut TenantTx, months: &Months) -> Result<(), sqlx::Error> {
    let tenant = tx.tenant();
    let (shops, firsts) = months.arrays();
    sqlx::query!(
        r#"WITH affected AS (
               SELECT DISTINCT shop_id, month FROM unnest($2::uuid[], $3::date[]) AS a (shop_id, month)
           ), sums AS (
               SELECT a.shop_id, a.month, sum(d.uv) AS uv, sum(d.buyers) AS buyers,
                      COALESCE(sum(d.orders), 0) AS orders, sum(d.sales) AS sales,
                      COALESCE(sum(d.refunds), 0) AS refunds, COALESCE(sum(d.pv), 0) AS pv,
                      count(*) AS days
               FROM affected a
               JOIN daily_actual d ON d.tenant_id = $1 AND d.shop_id = a.shop_id
                    AND d.date >= a.month AND d.date < (a.month + interval '1 month')::date
               GROUP BY a.shop_id, a.month
           ), gone AS (
               DELETE FROM actual_month m USING affected a
               WHERE m.tenant_id = $1 AND m.shop_id = a.shop_id AND m.month = a.month
                 AND NOT EXISTS (SELECT 1 FROM sums s WHERE s.shop_id = a.shop_id AND s.month = a.month)
           )
           INSERT INTO actual_month (tenant_id, shop_id, month, uv, buyers, orders, sales, refunds, pv, days)
           SELECT $1, shop_id, month, uv, buyers, orders, sales, refunds, pv, days FROM sums
           ON CONFLICT (tenant_id, shop_id, month) DO UPDATE SET
               uv = EXCLUDED.uv, buyers = EXCLUDED.buyers, orders = EXCLUDED.orders,
               sales = EXCLUDED.sales, refunds = EXCLUDED.refunds, pv = EXCLUDED.pv,
               days = EXCLUDED.days"#,
        tenant as TenantId,
        shops,
        firsts
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// A shop's stored days between two dates, in order.
pub async fn list_days(
    tx: &mut TenantTx,
    shop: ShopId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DayRow>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_as!(
        DayRow,
        r#"SELECT date, uv, buyers, orders, sales, refunds, pv,
                  import_id AS "import_id: ImportId", updated_at
           FROM daily_actual WHERE tenant_id = $1 AND shop_id = $2 AND date BETWEEN $3 AND $4
           ORDER BY date"#,
        tenant as TenantId,
        shop as ShopId,
        from,
        to
    )
    .fetch_all(tx.conn())
    .await
}

/// The stored days among `dates`: the days an upload would replace.
pub async fn existing_dates(
    tx: &mut TenantTx,
    shop: ShopId,
    dates: &[NaiveDate],
) -> Result<Vec<NaiveDate>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_scalar!(
        "SELECT date FROM daily_actual WHERE tenant_id = $1 AND shop_id = $2 AND date = ANY($3)
         ORDER BY date",
        tenant as TenantId,
        shop as ShopId,
        dates
    )
    .fetch_all(tx.conn())
    .await
}

/// Writes one day by hand (no import); returns the day as it was.
pub async fn put_day(
    tx: &mut TenantTx,
    shop: ShopId,
    date: NaiveDate,
    f: &DayFigures,
) -> Result<Option<DayRow>, sqlx::Error> {
    let tenant = tx.tenant();
    let before = list_days(tx, shop, date, date).await?.pop();
    sqlx::query!(
        "INSERT INTO daily_actual (tenant_id, shop_id, date, uv, buyers, orders, sales, refunds, pv,
                import_id, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, now())
         ON CONFLICT (tenant_id, shop_id, date) DO UPDATE SET
             uv = EXCLUDED.uv, buyers = EXCLUDED.buyers, orders = EXCLUDED.orders,
             sales = EXCLUDED.sales, refunds = EXCLUDED.refunds, pv = EXCLUDED.pv,
             import_id = NULL, updated_at = now()",
        tenant as TenantId,
        shop as ShopId,
        date,
        f.uv,
        f.buyers,
        f.orders,
        f.sales,
        f.refunds,
        f.pv
    )
    .execute(tx.conn())
    .await?;
    Ok(before)
}

/// A shop's rollup months between two months (first days), in order.
pub async fn list_months(
    tx: &mut TenantTx,
    shop: ShopId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<MonthRow>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_as!(
        MonthRow,
        "SELECT month, uv, buyers, orders, sales, refunds, pv, days FROM actual_month
         WHERE tenant_id = $1 AND shop_id = $2 AND month BETWEEN $3 AND $4 ORDER BY month",
        tenant as TenantId,
        shop as ShopId,
        from,
        to
    )
    .fetch_all(tx.conn())
    .await
}
