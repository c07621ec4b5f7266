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

/// The member a live token acts for, with the token's id (through the one function that
/// may look tokens up by their hash).
pub async fn find_token(
    pool: &PgPool,
    hash: &[u8],
) -> Result<Option<(TokenId, Principal)>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT id AS "id!: TokenId", user_id AS "user_id!: UserId",
                  tenant_id AS "tenant_id!: TenantId", role AS "role!",
                  name AS "name!", email AS "email!", language, tenant_name AS "tenant_name!",
                  time_zone AS "time_zone!", touch_due AS "touch_due!"
           FROM app_token_principal($1)"#,
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
                time_zone: r.time_zone,
                touch_due: r.touch_due,
            },
        )
    }))
}

/// Marks the token with this hash as used now.
pub async fn touch_token(pool: &PgPool, hash: &[u8]) -> Result<(), sqlx::Error> {
    sqlx::query!("SELECT app_touch_token($1)", hash)
        .fetch_one(pool)
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
