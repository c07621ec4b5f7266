//! Uploads previewed in the browser and waiting for their uploader to confirm them.

use chrono::{DateTime, Utc};

use crate::db::TenantTx;
use crate::domain::ids::{ShopId, TenantId, UploadId, UserId};

/// A previewed upload, with its file.
#[derive(Clone, Debug)]
pub struct PendingUpload {
    pub id: UploadId,
    pub shop_id: ShopId,
    /// `actuals` or `spend`.
    pub kind: String,
    pub category: Option<String>,
    pub file_name: String,
    pub content: Vec<u8>,
    pub expires_at: DateTime<Utc>,
}

/// Keeps an upload until its `expires_at`; removes the organization's expired ones on the way.
pub async fn insert(
    tx: &mut TenantTx,
    upload: &PendingUpload,
    user: UserId,
) -> Result<(), sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query!(
        "DELETE FROM pending_upload WHERE tenant_id = $1 AND expires_at < now()",
        tenant as TenantId
    )
    .execute(tx.conn())
    .await?;
    sqlx::query!(
        "INSERT INTO pending_upload (tenant_id, id, shop_id, kind, category_code, file_name, content,
                uploaded_by, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        tenant as TenantId,
        upload.id as UploadId,
        upload.shop_id as ShopId,
        upload.kind,
        upload.category,
        upload.file_name,
        upload.content,
        user as UserId,
        upload.expires_at
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// The member's own upload, if it has not expired; taken (removed) in the same statement.
pub async fn take(
    tx: &mut TenantTx,
    id: UploadId,
    user: UserId,
) -> Result<Option<PendingUpload>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_as!(
        PendingUpload,
        r#"DELETE FROM pending_upload
           WHERE tenant_id = $1 AND id = $2 AND uploaded_by = $3 AND expires_at >= now()
           RETURNING id AS "id: UploadId", shop_id AS "shop_id: ShopId", kind,
                     category_code AS category, file_name, content, expires_at"#,
        tenant as TenantId,
        id as UploadId,
        user as UserId
    )
    .fetch_optional(tx.conn())
    .await
}
