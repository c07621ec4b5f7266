//! Shops: one organization has many, on many platforms.

use chrono::{DateTime, NaiveDate, Utc};

use crate::db::TenantTx;
use crate::domain::ids::{ShopId, TenantId};

/// A shop as pages and the API show it.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Shop {
    #[schema(value_type = String, format = Uuid)]
    pub id: ShopId,
    pub name: String,
    /// Platform code, e.g. `tmall`.
    pub platform: String,
    /// Store type code, e.g. `franchise`.
    pub store_type: Option<String>,
    /// The merchandise category (类目).
    pub category: Option<String>,
    pub currency: String,
    pub opened_on: Option<NaiveDate>,
    /// `preparing`, `operating` or `closed`.
    pub status: String,
    pub archived: bool,
    pub created_at: DateTime<Utc>,
}

/// The fields of a new or edited shop.
#[derive(Clone, Debug)]
pub struct ShopFields {
    pub name: String,
    pub platform: String,
    pub store_type: Option<String>,
    pub category: Option<String>,
    pub currency: String,
    pub opened_on: Option<NaiveDate>,
    pub status: String,
}

pub async fn create_shop(tx: &mut TenantTx, id: ShopId, f: &ShopFields) -> Result<(), sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query!(
        "INSERT INTO shop (tenant_id, id, name, platform_code, store_type_code, category, currency, opened_on, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        tenant as TenantId,
        id as ShopId,
        f.name,
        f.platform,
        f.store_type,
        f.category,
        f.currency,
        f.opened_on,
        f.status
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Changes a shop's fields; returns whether it exists.
pub async fn update_shop(
    tx: &mut TenantTx,
    id: ShopId,
    f: &ShopFields,
) -> Result<bool, sqlx::Error> {
    let tenant = tx.tenant();
    let done = sqlx::query!(
        "UPDATE shop SET name = $3, platform_code = $4, store_type_code = $5, category = $6,
                currency = $7, opened_on = $8, status = $9, updated_at = now()
         WHERE tenant_id = $1 AND id = $2",
        tenant as TenantId,
        id as ShopId,
        f.name,
        f.platform,
        f.store_type,
        f.category,
        f.currency,
        f.opened_on,
        f.status
    )
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Archives (or restores) a shop; returns whether it exists.
pub async fn set_archived(
    tx: &mut TenantTx,
    id: ShopId,
    archived: bool,
) -> Result<bool, sqlx::Error> {
    let tenant = tx.tenant();
    let done = sqlx::query!(
        "UPDATE shop SET archived_at = CASE WHEN $3 THEN COALESCE(archived_at, now()) END, updated_at = now()
         WHERE tenant_id = $1 AND id = $2",
        tenant as TenantId,
        id as ShopId,
        archived
    )
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn get_shop(tx: &mut TenantTx, id: ShopId) -> Result<Option<Shop>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_as!(
        Shop,
        r#"SELECT id AS "id: ShopId", name, platform_code AS platform, store_type_code AS store_type,
                  category, currency, opened_on, status, archived_at IS NOT NULL AS "archived!", created_at
           FROM shop WHERE tenant_id = $1 AND id = $2"#,
        tenant as TenantId,
        id as ShopId
    )
    .fetch_optional(tx.conn())
    .await
}

/// The organization's shops by name; archived ones only when asked.
pub async fn list_shops(
    tx: &mut TenantTx,
    include_archived: bool,
) -> Result<Vec<Shop>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_as!(
        Shop,
        r#"SELECT id AS "id: ShopId", name, platform_code AS platform, store_type_code AS store_type,
                  category, currency, opened_on, status, archived_at IS NOT NULL AS "archived!", created_at
           FROM shop WHERE tenant_id = $1 AND ($2 OR archived_at IS NULL)
           ORDER BY archived_at IS NOT NULL, name"#,
        tenant as TenantId,
        include_archived
    )
    .fetch_all(tx.conn())
    .await
}
