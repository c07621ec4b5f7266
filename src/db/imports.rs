//! The import history: one row per import of actuals or spend, the shops it wrote to, and
//! undoing it from the rows it replaced.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use uuid::Uuid;

use crate::db::TenantTx;
use crate::db::actuals::Months;
use crate::db::audit::Actor;
use crate::domain::ids::{ImportId, ShopId, TenantId, UserId};

/// An import as the history shows it.
#[derive(Clone, Debug)]
pub struct ImportRecord {
    pub id: ImportId,
    /// `actuals` or `spend`.
    pub kind: String,
    /// The shop of a per-shop import; `None` for an organization-wide one.
    pub shop_id: Option<ShopId>,
    pub file_name: Option<String>,
    pub rows: i32,
    pub inserted: i32,
    pub updated: i32,
    pub first_date: NaiveDate,
    pub last_date: NaiveDate,
    pub imported_by_name: String,
    pub imported_at: DateTime<Utc>,
    /// `imported_at` on the organization's wall clock.
    pub imported_local: NaiveDateTime,
    pub undone_at: Option<DateTime<Utc>>,
    pub undone_by_name: Option<String>,
}

/// What is recorded about a new import.
#[derive(Clone, Debug)]
pub struct NewImport<'a> {
    pub id: ImportId,
    pub kind: &'a str,
    pub shop_id: Option<ShopId>,
    pub file_name: Option<&'a str>,
    pub rows: i32,
    pub inserted: i32,
    pub updated: i32,
    pub first_date: NaiveDate,
    pub last_date: NaiveDate,
}

/// The part of an import that went to one shop.
#[derive(Clone, Debug)]
pub struct Span {
    pub shop_id: ShopId,
    pub rows: i32,
    pub first_date: NaiveDate,
    pub last_date: NaiveDate,
}

pub async fn insert_import(
    tx: &mut TenantTx,
    import: &NewImport<'_>,
    actor: &Actor,
) -> Result<(), sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query!(
        "INSERT INTO data_import (tenant_id, id, kind, shop_id, file_name, rows, inserted, updated,
                first_date, last_date, imported_by, imported_by_name)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        tenant as TenantId,
        import.id as ImportId,
        import.kind,
        import.shop_id as Option<ShopId>,
        import.file_name,
        import.rows,
        import.inserted,
        import.updated,
        import.first_date,
        import.last_date,
        actor.id as Option<UserId>,
        actor.name
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Records the shops an import wrote to, in one statement.
pub async fn insert_spans(
    tx: &mut TenantTx,
    import: ImportId,
    spans: &[Span],
) -> Result<(), sqlx::Error> {
    let tenant = tx.tenant();
    let shops: Vec<Uuid> = spans.iter().map(|s| s.shop_id.0).collect();
    let rows: Vec<i32> = spans.iter().map(|s| s.rows).collect();
    let firsts: Vec<NaiveDate> = spans.iter().map(|s| s.first_date).collect();
    let lasts: Vec<NaiveDate> = spans.iter().map(|s| s.last_date).collect();
    sqlx::query!(
        "INSERT INTO data_import_shop (tenant_id, import_id, shop_id, rows, first_date, last_date)
         SELECT $1, $2, * FROM unnest($3::uuid[], $4::int[], $5::date[], $6::date[])",
        tenant as TenantId,
        import as ImportId,
        &shops,
        &rows,
        &firsts,
        &lasts
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// The imports that wrote to a shop, newest first.
pub async fn list_for_shop(
    tx: &mut TenantTx,
    shop: ShopId,
    limit: i64,
) -> Result<Vec<ImportRecord>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_as!(
        ImportRecord,
        r#"SELECT i.id AS "id: ImportId", i.kind, i.shop_id AS "shop_id: ShopId", i.file_name,
                  s.rows, i.inserted, i.updated, s.first_date, s.last_date, i.imported_by_name,
                  i.imported_at, (i.imported_at AT TIME ZONE t.time_zone) AS "imported_local!",
                  i.undone_at, i.undone_by_name
           FROM data_import_shop s JOIN data_import i ON i.tenant_id = s.tenant_id AND i.id = s.import_id
           JOIN tenant t ON t.id = s.tenant_id
           WHERE s.tenant_id = $1 AND s.shop_id = $2
           ORDER BY i.imported_at DESC, i.id DESC LIMIT $3"#,
        tenant as TenantId,
        shop as ShopId,
        limit
    )
    .fetch_all(tx.conn())
    .await
}

/// Of `ids`, the imports some of whose rows a later import or a hand edit has replaced since
/// (undoing them would be refused).
pub async fn replaced_since(
    tx: &mut TenantTx,
    ids: &[ImportId],
) -> Result<Vec<ImportId>, sqlx::Error> {
    let tenant = tx.tenant();
    let ids = ImportId::uuids(ids);
    sqlx::query_scalar!(
        r#"SELECT i.id AS "id: ImportId"
           FROM data_import i
           WHERE i.tenant_id = $1 AND i.id = ANY($2)
             AND i.rows <> CASE WHEN i.kind = 'spend' THEN
                     (SELECT count(*) FROM data_import_shop s
                      JOIN spend_entry e ON e.tenant_id = s.tenant_id AND e.shop_id = s.shop_id
                           AND e.date BETWEEN s.first_date AND s.last_date
                      WHERE s.tenant_id = $1 AND s.import_id = i.id AND e.import_id = i.id)
                 ELSE
                     (SELECT count(*) FROM data_import_shop s
                      JOIN daily_actual d ON d.tenant_id = s.tenant_id AND d.shop_id = s.shop_id
                           AND d.date BETWEEN s.first_date AND s.last_date
                      WHERE s.tenant_id = $1 AND s.import_id = i.id AND d.import_id = i.id)
                 END"#,
        tenant as TenantId,
        &ids
    )
    .fetch_all(tx.conn())
    .await
}

/// One import, locked against a concurrent undo.
pub async fn get_for_update(
    tx: &mut TenantTx,
    id: ImportId,
) -> Result<Option<ImportRecord>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_as!(
        ImportRecord,
        r#"SELECT id AS "id: ImportId", kind, shop_id AS "shop_id: ShopId", file_name, rows,
                  inserted, updated, first_date, last_date, imported_by_name, imported_at,
                  (imported_at AT TIME ZONE (SELECT time_zone FROM tenant WHERE id = $1)) AS "imported_local!",
                  undone_at, undone_by_name
           FROM data_import WHERE tenant_id = $1 AND id = $2 FOR UPDATE"#,
        tenant as TenantId,
        id as ImportId
    )
    .fetch_optional(tx.conn())
    .await
}

/// The shops an import wrote to.
pub async fn spans(tx: &mut TenantTx, import: ImportId) -> Result<Vec<Span>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_as!(
        Span,
        r#"SELECT shop_id AS "shop_id: ShopId", rows, first_date, last_date FROM data_import_shop
           WHERE tenant_id = $1 AND import_id = $2 ORDER BY shop_id"#,
        tenant as TenantId,
        import as ImportId
    )
    .fetch_all(tx.conn())
    .await
}

pub async fn mark_undone(
    tx: &mut TenantTx,
    import: ImportId,
    actor: &Actor,
) -> Result<(), sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query!(
        "UPDATE data_import SET undone_at = now(), undone_by = $3, undone_by_name = $4
         WHERE tenant_id = $1 AND id = $2",
        tenant as TenantId,
        import as ImportId,
        actor.id as Option<UserId>,
        actor.name
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Locks shops against concurrent imports, edits and undos (in id order, so two writers
/// cannot deadlock); returns how many exist. Other writers referencing the shops are not
/// blocked (`NO KEY UPDATE`).
pub async fn lock_shops(tx: &mut TenantTx, shops: &[ShopId]) -> Result<usize, sqlx::Error> {
    let tenant = tx.tenant();
    let ids = ShopId::uuids(shops);
    let locked = sqlx::query_scalar!(
        "SELECT id FROM shop WHERE tenant_id = $1 AND id = ANY($2) ORDER BY id FOR NO KEY UPDATE",
        tenant as TenantId,
        &ids
    )
    .fetch_all(tx.conn())
    .await?;
    Ok(locked.len())
}

/// How many daily rows still carry the import, and the months they are in.
pub async fn actual_rows_of(
    tx: &mut TenantTx,
    import: ImportId,
) -> Result<(i64, Months), sqlx::Error> {
    let tenant = tx.tenant();
    let rows = sqlx::query!(
        r#"SELECT d.shop_id AS "shop_id: ShopId", date_trunc('month', d.date)::date AS "month!",
                  count(*) AS "rows!"
           FROM data_import_shop s
           JOIN daily_actual d ON d.tenant_id = s.tenant_id AND d.shop_id = s.shop_id
                AND d.date BETWEEN s.first_date AND s.last_date
           WHERE s.tenant_id = $1 AND s.import_id = $2 AND d.import_id = $2
           GROUP BY 1, 2"#,
        tenant as TenantId,
        import as ImportId
    )
    .fetch_all(tx.conn())
    .await?;
    let mut months = Months::default();
    let mut total = 0;
    for r in rows {
        months.push(r.shop_id, r.month);
        total += r.rows;
    }
    Ok((total, months))
}

/// Removes the import's daily rows and puts back what it replaced, exactly.
pub async fn restore_actuals(tx: &mut TenantTx, import: ImportId) -> Result<(), sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query!(
        "DELETE FROM daily_actual d USING data_import_shop s
         WHERE s.tenant_id = $1 AND s.import_id = $2 AND d.tenant_id = s.tenant_id
           AND d.shop_id = s.shop_id AND d.date BETWEEN s.first_date AND s.last_date
           AND d.import_id = $2",
        tenant as TenantId,
        import as ImportId
    )
    .execute(tx.conn())
    .await?;
    sqlx::query!(
        "INSERT INTO daily_actual (tenant_id, shop_id, date, uv, buyers, orders, sales, refunds, pv,
                import_id, updated_at)
         SELECT tenant_id, shop_id, date, uv, buyers, orders, sales, refunds, pv,
                previous_import_id, previous_updated_at
         FROM import_replaced_actual WHERE tenant_id = $1 AND import_id = $2",
        tenant as TenantId,
        import as ImportId
    )
    .execute(tx.conn())
    .await?;
    sqlx::query!(
        "DELETE FROM import_replaced_actual WHERE tenant_id = $1 AND import_id = $2",
        tenant as TenantId,
        import as ImportId
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// How many spend entries still carry the import, and the months they are in.
pub async fn spend_rows_of(
    tx: &mut TenantTx,
    import: ImportId,
) -> Result<(i64, Months), sqlx::Error> {
    let tenant = tx.tenant();
    let rows = sqlx::query!(
        r#"SELECT e.shop_id AS "shop_id: ShopId", date_trunc('month', e.date)::date AS "month!",
                  count(*) AS "rows!"
           FROM data_import_shop s
           JOIN spend_entry e ON e.tenant_id = s.tenant_id AND e.shop_id = s.shop_id
                AND e.date BETWEEN s.first_date AND s.last_date
           WHERE s.tenant_id = $1 AND s.import_id = $2 AND e.import_id = $2
           GROUP BY 1, 2"#,
        tenant as TenantId,
        import as ImportId
    )
    .fetch_all(tx.conn())
    .await?;
    let mut months = Months::default();
    let mut total = 0;
    for r in rows {
        months.push(r.shop_id, r.month);
        total += r.rows;
    }
    Ok((total, months))
}

/// Removes the import's spend entries and puts back what it replaced, exactly.
pub async fn restore_spend(tx: &mut TenantTx, import: ImportId) -> Result<(), sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query!(
        "DELETE FROM spend_entry e USING data_import_shop s
         WHERE s.tenant_id = $1 AND s.import_id = $2 AND e.tenant_id = s.tenant_id
           AND e.shop_id = s.shop_id AND e.date BETWEEN s.first_date AND s.last_date
           AND e.import_id = $2",
        tenant as TenantId,
        import as ImportId
    )
    .execute(tx.conn())
    .await?;
    sqlx::query!(
        "INSERT INTO spend_entry (tenant_id, shop_id, date, category_code, amount, attributed_sales,
                import_id, updated_at)
         SELECT tenant_id, shop_id, date, category_code, amount, attributed_sales,
                previous_import_id, previous_updated_at
         FROM import_replaced_spend WHERE tenant_id = $1 AND import_id = $2",
        tenant as TenantId,
        import as ImportId
    )
    .execute(tx.conn())
    .await?;
    sqlx::query!(
        "DELETE FROM import_replaced_spend WHERE tenant_id = $1 AND import_id = $2",
        tenant as TenantId,
        import as ImportId
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}
