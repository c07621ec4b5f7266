//! Spend per shop, day and category: staging an import and writing it, the monthly rollup,
//! reading a shop's entries and recording one by hand.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use crate::db::TenantTx;
use crate::db::actuals::Months;
use crate::domain::ids::{ImportId, ShopId, TenantId};

/// The COPY statement that feeds [`create_staging`]'s table: the shop, then
/// `import::SPEND_COLUMNS`.
pub const STAGING_COPY: &str =
    "COPY spend_staging (shop_id, date, category_code, amount, attributed_sales) FROM STDIN";

/// One stored spend entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpendRow {
    pub date: NaiveDate,
    pub category: String,
    pub amount: Decimal,
    pub attributed_sales: Option<Decimal>,
    pub import_id: Option<ImportId>,
    pub updated_at: DateTime<Utc>,
}

/// A month of the spend rollup, per category.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpendMonthRow {
    pub month: NaiveDate,
    pub category: String,
    pub amount: Decimal,
    pub attributed_sales: Decimal,
}

/// Creates the transaction's staging table (dropped at commit).
pub async fn create_staging(tx: &mut TenantTx) -> Result<(), sqlx::Error> {
    sqlx::query!("CREATE TEMP TABLE spend_staging (LIKE public.spend_staging) ON COMMIT DROP")
        .execute(tx.conn())
        .await?;
    Ok(())
}

/// Keeps the stored entries the staged rows will overwrite, for undo; returns how many.
pub async fn save_replaced(tx: &mut TenantTx, import: ImportId) -> Result<u64, sqlx::Error> {
    let tenant = tx.tenant();
    let done = sqlx::query!(
        "INSERT INTO import_replaced_spend (tenant_id, import_id, shop_id, date, category_code,
                amount, attributed_sales, previous_import_id, previous_updated_at)
         SELECT e.tenant_id, $2, e.shop_id, e.date, e.category_code, e.amount, e.attributed_sales,
                e.import_id, e.updated_at
         FROM spend_staging s
         JOIN spend_entry e ON e.tenant_id = $1 AND e.shop_id = s.shop_id AND e.date = s.date
              AND e.category_code = s.category_code",
        tenant as TenantId,
        import as ImportId
    )
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected())
}

/// Writes the staged entries over the stored ones in one statement; returns the rows written.
pub async fn upsert_staged(tx: &mut TenantTx, import: ImportId) -> Result<u64, sqlx::Error> {
    let tenant = tx.tenant();
    let done = sqlx::query!(
        "INSERT INTO spend_entry (tenant_id, shop_id, date, category_code, amount, attributed_sales,
                import_id, updated_at)
         SELECT $1, shop_id, date, category_code, amount, attributed_sales, $2, now()
         FROM spend_staging
         ON CONFLICT (tenant_id, shop_id, date, category_code) DO UPDATE SET
             amount = EXCLUDED.amount, attributed_sales = EXCLUDED.attributed_sales,
             import_id = EXCLUDED.import_id, updated_at = EXCLUDED.updated_at",
        tenant as TenantId,
        import as ImportId
    )
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected())
}

/// Recomputes the spend rollup of the given months from the entries, in one statement: one
/// aggregate per affected month (LATERAL), so the cost follows the months touched.
pub async fn refresh_months(tx: &mut TenantTx, months: &Months) -> Result<(), sqlx::Error> {
    let tenant = tx.tenant();
    let (shops, firsts) = months.arrays();
    sqlx::query!(
        r#"WITH affected AS (
               SELECT DISTINCT shop_id, month FROM unnest($2::uuid[], $3::date[]) AS a (shop_id, month)
           ), sums AS (
               SELECT a.shop_id, a.month, s.category_code, s.amount, s.attributed_sales, s.last_date
               FROM affected a CROSS JOIN LATERAL (
                   SELECT e.category_code, sum(e.amount) AS amount,
                          COALESCE(sum(e.attributed_sales), 0) AS attributed_sales, max(e.date) AS last_date
                   FROM spend_entry e
                   WHERE e.tenant_id = $1 AND e.shop_id = a.shop_id AND e.date >= a.month
                     AND e.date < (a.month + interval '1 month')::date
                   GROUP BY e.category_code
               ) s
           ), gone AS (
               DELETE FROM spend_month m USING affected a
               WHERE m.tenant_id = $1 AND m.shop_id = a.shop_id AND m.month = a.month
                 AND NOT EXISTS (SELECT 1 FROM sums s WHERE s.shop_id = m.shop_id
                                 AND s.month = m.month AND s.category_code = m.category_code)
           )
           INSERT INTO spend_month (tenant_id, shop_id, month, category_code, amount, attributed_sales, last_date)
           SELECT $1, shop_id, month, category_code, amount, attributed_sales, last_date FROM sums
           ON CONFLICT (tenant_id, shop_id, month, category_code) DO UPDATE SET
               amount = EXCLUDED.amount, attributed_sales = EXCLUDED.attributed_sales,
               last_date = EXCLUDED.last_date"#,
        tenant as TenantId,
        shops,
        firsts
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// A shop's entries between two dates, by day and category.
pub async fn list_entries(
    tx: &mut TenantTx,
    shop: ShopId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<SpendRow>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_as!(
        SpendRow,
        r#"SELECT date, category_code AS category, amount, attributed_sales,
                  import_id AS "import_id: ImportId", updated_at
           FROM spend_entry WHERE tenant_id = $1 AND shop_id = $2 AND date BETWEEN $3 AND $4
           ORDER BY date, category_code"#,
        tenant as TenantId,
        shop as ShopId,
        from,
        to
    )
    .fetch_all(tx.conn())
    .await
}

/// The stored (day, category) pairs among an upload's days: the entries it may replace.
pub async fn existing_dates(
    tx: &mut TenantTx,
    shop: ShopId,
    dates: &[NaiveDate],
    categories: &[String],
) -> Result<Vec<NaiveDate>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_scalar!(
        "SELECT DISTINCT date FROM spend_entry
         WHERE tenant_id = $1 AND shop_id = $2 AND date = ANY($3) AND category_code = ANY($4)
         ORDER BY date",
        tenant as TenantId,
        shop as ShopId,
        dates,
        categories
    )
    .fetch_all(tx.conn())
    .await
}

/// Records one entry by hand (no import), replacing the day's amount for the category;
/// returns the entry as it was.
pub async fn put_entry(
    tx: &mut TenantTx,
    shop: ShopId,
    date: NaiveDate,
    category: &str,
    amount: Decimal,
    attributed_sales: Option<Decimal>,
) -> Result<Option<SpendRow>, sqlx::Error> {
    let tenant = tx.tenant();
    let before = list_entries(tx, shop, date, date)
        .await?
        .into_iter()
        .find(|e| e.category == category);
    sqlx::query!(
        "INSERT INTO spend_entry (tenant_id, shop_id, date, category_code, amount, attributed_sales,
                import_id, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, NULL, now())
         ON CONFLICT (tenant_id, shop_id, date, category_code) DO UPDATE SET
             amount = EXCLUDED.amount, attributed_sales = EXCLUDED.attributed_sales,
             import_id = NULL, updated_at = now()",
        tenant as TenantId,
        shop as ShopId,
        date,
        category,
        amount,
        attributed_sales
    )
    .execute(tx.conn())
    .await?;
    Ok(before)
}

/// A shop's spend rollup between two months (first days).
pub async fn list_months(
    tx: &mut TenantTx,
    shop: ShopId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<SpendMonthRow>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_as!(
        SpendMonthRow,
        "SELECT month, category_code AS category, amount, attributed_sales FROM spend_month
         WHERE tenant_id = $1 AND shop_id = $2 AND month BETWEEN $3 AND $4
         ORDER BY month, category_code",
        tenant as TenantId,
        shop as ShopId,
        from,
        to
    )
    .fetch_all(tx.conn())
    .await
}
