//! Monthly review notes (复盘) on a shop's months.

use chrono::{DateTime, NaiveDate, Utc};

use crate::db::TenantTx;
use crate::domain::ids::{ShopId, TenantId, UserId};

/// A note as the dashboard shows it.
// Deserialize: `db::dashboard::plan_head` reads notes as JSON.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Note {
    pub id: uuid::Uuid,
    /// `YYYY-MM`.
    #[schema(value_type = String, example = "2027-01")]
    #[serde(serialize_with = "crate::domain::month::serialize_first_day")]
    pub month: NaiveDate,
    pub author: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    /// When it was written, on the organization's clock (for pages).
    #[serde(skip_serializing)]
    pub created_local: chrono::NaiveDateTime,
}

pub async fn add_note(
    tx: &mut TenantTx,
    shop: ShopId,
    month: NaiveDate,
    author: UserId,
    author_name: &str,
    body: &str,
) -> Result<Note, sqlx::Error> {
    let tenant = tx.tenant();
    let id = uuid::Uuid::now_v7();
    sqlx::query_as!(
        Note,
        "INSERT INTO review_note (tenant_id, id, shop_id, month, author_id, author_name, body)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id, month, author_name AS author, body, created_at,
                   (created_at AT TIME ZONE (SELECT time_zone FROM tenant WHERE id = $1)) AS \"created_local!\"",
        tenant as TenantId,
        id,
        shop as ShopId,
        month,
        author as UserId,
        author_name,
        body
    )
    .fetch_one(tx.conn())
    .await
}

/// The notes of a shop's months from `first` to `last` (either end open when `None`), oldest
/// first within each month.
pub async fn list_notes(
    tx: &mut TenantTx,
    shop: ShopId,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
) -> Result<Vec<Note>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_as!(
        Note,
        r#"SELECT n.id, n.month, n.author_name AS author, n.body, n.created_at,
                  (n.created_at AT TIME ZONE t.time_zone) AS "created_local!"
           FROM review_note n JOIN tenant t ON t.id = n.tenant_id
           WHERE n.tenant_id = $1 AND n.shop_id = $2
             AND ($3::date IS NULL OR n.month >= $3) AND ($4::date IS NULL OR n.month <= $4)
           ORDER BY n.month, n.created_at"#,
        tenant as TenantId,
        shop as ShopId,
        first,
        last
    )
    .fetch_all(tx.conn())
    .await
}
