//! Browser sessions: created at sign-in (a new id every time), looked up by the hash of the
//! cookie, ended one by one or all at once.

use std::time::Duration;

use sqlx::{PgConnection, PgPool};

use crate::domain::ids::{TenantId, UserId};

/// How long a session lasts without use, and at most.
pub const IDLE: Duration = Duration::from_secs(24 * 3600);
pub const ABSOLUTE: Duration = Duration::from_secs(14 * 24 * 3600);
/// The idle expiry is pushed forward at most this often, to avoid a write per request.
const TOUCH_EVERY: Duration = Duration::from_secs(300);

/// Who a credential (session or token) stands for, with what the layout needs.
#[derive(Clone, Debug)]
pub struct Principal {
    pub user_id: UserId,
    pub tenant_id: TenantId,
    pub role: String,
    pub name: String,
    pub email: String,
    pub language: Option<String>,
    pub tenant_name: String,
    /// The organization's IANA time zone, such as `Asia/Shanghai`.
    pub time_zone: String,
    /// Whether the credential's last-use mark is due for a refresh.
    pub touch_due: bool,
}

fn secs(d: Duration) -> i64 {
    d.as_secs() as i64
}

pub async fn create_session(
    conn: &mut PgConnection,
    id_hash: &[u8],
    tenant: TenantId,
    user: UserId,
    user_agent: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"INSERT INTO session (id_hash, tenant_id, user_id, role, idle_expires_at, expires_at, user_agent)
           SELECT $1, m.tenant_id, m.user_id, m.role,
                  now() + $4::bigint * interval '1 second',
                  now() + $5::bigint * interval '1 second', $6
           FROM membership m WHERE m.tenant_id = $2 AND m.user_id = $3"#,
        id_hash,
        tenant as TenantId,
        user as UserId,
        secs(IDLE),
        secs(ABSOLUTE),
        user_agent
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The live session with this hash, if any (through the one function that may look
/// sessions up by their hash).
pub async fn find_session(pool: &PgPool, id_hash: &[u8]) -> Result<Option<Principal>, sqlx::Error> {
    sqlx::query_as!(
        Principal,
        r#"SELECT user_id AS "user_id!: UserId", tenant_id AS "tenant_id!: TenantId",
                  role AS "role!", name AS "name!", email AS "email!", language,
                  tenant_name AS "tenant_name!", time_zone AS "time_zone!",
                  touch_due AS "touch_due!"
           FROM app_session_principal($1, $2)"#,
        id_hash,
        secs(IDLE) - secs(TOUCH_EVERY)
    )
    .fetch_optional(pool)
    .await
}

/// Pushes the idle expiry forward (never past the absolute expiry).
pub async fn touch_session(pool: &PgPool, id_hash: &[u8]) -> Result<(), sqlx::Error> {
    sqlx::query!("SELECT app_touch_session($1, $2)", id_hash, secs(IDLE))
        .fetch_one(pool)
        .await?;
    Ok(())
}

/// Ends the session with this hash (its holder knows its secret).
pub async fn delete_session(conn: &mut PgConnection, id_hash: &[u8]) -> Result<(), sqlx::Error> {
    sqlx::query!("SELECT app_end_session($1)", id_hash)
        .fetch_one(conn)
        .await?;
    Ok(())
}

/// Ends every session of a person, in every organization, except `keep` when given; the
/// transaction acts as that person. Returns how many were ended.
pub async fn delete_user_sessions(
    conn: &mut PgConnection,
    user: UserId,
    keep: Option<&[u8]>,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!(
        "DELETE FROM session WHERE user_id = $1 AND ($2::bytea IS NULL OR id_hash <> $2)",
        user as UserId,
        keep
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Removes sessions that can no longer be used.
pub async fn delete_expired(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let ended = sqlx::query_scalar!(r#"SELECT app_end_expired_sessions() AS "ended!""#)
        .fetch_one(pool)
        .await?;
    Ok(ended as u64)
}
