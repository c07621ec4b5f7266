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

/// The live session with this hash, if any.
pub async fn find_session(pool: &PgPool, id_hash: &[u8]) -> Result<Option<Principal>, sqlx::Error> {
    sqlx::query_as!(
        Principal,
        r#"SELECT s.user_id AS "user_id: UserId", s.tenant_id AS "tenant_id: TenantId", s.role,
                  u.name, u.email, u.language, t.name AS tenant_name,
                  (s.idle_expires_at < now() + $2::bigint * interval '1 second') AS "touch_due!"
           FROM session s
           JOIN app_user u ON u.id = s.user_id
           JOIN tenant t ON t.id = s.tenant_id
           WHERE s.id_hash = $1 AND s.expires_at > now() AND s.idle_expires_at > now()"#,
        id_hash,
        secs(IDLE) - secs(TOUCH_EVERY)
    )
    .fetch_optional(pool)
    .await
}

/// Pushes the idle expiry forward (never past the absolute expiry).
pub async fn touch_session(pool: &PgPool, id_hash: &[u8]) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE session SET idle_expires_at = LEAST(expires_at, now() + $2::bigint * interval '1 second')
         WHERE id_hash = $1",
        id_hash,
        secs(IDLE)
    )
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn delete_session(conn: &mut PgConnection, id_hash: &[u8]) -> Result<(), sqlx::Error> {
    sqlx::query!("DELETE FROM session WHERE id_hash = $1", id_hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends every session of a person, in every organization, except `keep` when given.
/// Returns how many were ended.
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
    let done =
        sqlx::query!("DELETE FROM session WHERE expires_at < now() OR idle_expires_at < now()")
            .execute(pool)
            .await?;
    Ok(done.rows_affected())
}
