//! API tokens: a hash, a name, the member they act for, and optional expiry and revocation.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use crate::db::TenantTx;
use crate::db::sessions::Principal;
use crate::domain::ids::{TenantId, TokenId, UserId};

/// A token as its owner sees it in the list (never the secret).
#[derive(Clone, Debug)]
pub struct TokenInfo {
    pub id: TokenId,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
}

pub struct NewToken<'a> {
    pub id: TokenId,
    pub hash: &'a [u8],
    pub tenant: TenantId,
    pub user: UserId,
    pub name: &'a str,
    pub valid_days: Option<i64>,
}

pub async fn create_token(conn: &mut PgConnection, t: NewToken<'_>) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"INSERT INTO api_token (id, token_hash, tenant_id, user_id, role, name, expires_at)
           SELECT $1, $2, m.tenant_id, m.user_id, m.role, $5,
                  now() + $6::bigint * interval '1 day'
           FROM membership m WHERE m.tenant_id = $3 AND m.user_id = $4"#,
        t.id as TokenId,
        t.hash,
        t.tenant as TenantId,
        t.user as UserId,
        t.name,
        t.valid_days
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The member a live token acts for, with the token's id.
pub async fn find_token(
    pool: &PgPool,
    hash: &[u8],
) -> Result<Option<(TokenId, Principal)>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT k.id AS "id: TokenId", k.user_id AS "user_id: UserId",
                  k.tenant_id AS "tenant_id: TenantId", k.role,
                  u.name, u.email, u.language, t.name AS tenant_name,
                  (k.last_used_at IS NULL OR k.last_used_at < now() - interval '5 minutes') AS "touch_due!"
           FROM api_token k
           JOIN app_user u ON u.id = k.user_id
           JOIN tenant t ON t.id = k.tenant_id
           WHERE k.token_hash = $1 AND k.revoked_at IS NULL
             AND (k.expires_at IS NULL OR k.expires_at > now())"#,
        hash
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| {
        (
            r.id,
            Principal {
                user_id: r.user_id,
                tenant_id: r.tenant_id,
                role: r.role,
                name: r.name,
                email: r.email,
                language: r.language,
                tenant_name: r.tenant_name,
                touch_due: r.touch_due,
            },
        )
    }))
}

pub async fn touch_token(pool: &PgPool, id: TokenId) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE api_token SET last_used_at = now() WHERE id = $1",
        id as TokenId
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// The live tokens of the current member.
pub async fn list_tokens(tx: &mut TenantTx, user: UserId) -> Result<Vec<TokenInfo>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_as!(
        TokenInfo,
        r#"SELECT id AS "id: TokenId", name, created_at, last_used_at, expires_at
           FROM api_token
           WHERE tenant_id = $1 AND user_id = $2 AND revoked_at IS NULL
             AND (expires_at IS NULL OR expires_at > now())
           ORDER BY created_at DESC"#,
        tenant as TenantId,
        user as UserId
    )
    .fetch_all(tx.conn())
    .await
}

/// Revokes one of the member's own tokens. Returns its name, or `None` when the member has
/// no such live token.
pub async fn revoke_token(
    tx: &mut TenantTx,
    user: UserId,
    id: TokenId,
) -> Result<Option<String>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_scalar!(
        "UPDATE api_token SET revoked_at = now()
         WHERE tenant_id = $1 AND user_id = $2 AND id = $3 AND revoked_at IS NULL
         RETURNING name",
        tenant as TenantId,
        user as UserId,
        id as TokenId
    )
    .fetch_optional(tx.conn())
    .await
}

/// Revokes every live token of the person, in every organization, but `keep` (the token the
/// request itself uses, when it uses one). Returns how many were revoked.
pub async fn revoke_user_tokens(
    conn: &mut PgConnection,
    user: UserId,
    keep: Option<TokenId>,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!(
        "UPDATE api_token SET revoked_at = now()
         WHERE user_id = $1 AND revoked_at IS NULL AND id IS DISTINCT FROM $2",
        user as UserId,
        keep as Option<TokenId>
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
