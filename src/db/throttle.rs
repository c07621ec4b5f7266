//! Failed sign-ins, counted per client address and per account, kept in PostgreSQL so that
//! every application server sees the same counts.

use std::time::Duration;

use sqlx::PgPool;

/// The window over which failures are counted.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

/// How many failures in the window, and seconds until the oldest leaves it.
pub async fn failures(pool: &PgPool, scope: &str, key: &str) -> Result<(i64, u64), sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT count(*) AS "count!",
                  COALESCE(EXTRACT(EPOCH FROM (min(at) + $3::bigint * interval '1 second' - now())), 0)::bigint AS "wait!"
           FROM auth_failure
           WHERE scope = $1 AND key = $2 AND at > now() - $3::bigint * interval '1 second'"#,
        scope,
        key,
        WINDOW.as_secs() as i64
    )
    .fetch_one(pool)
    .await?;
    Ok((row.count, row.wait.max(1) as u64))
}

/// Counts a failed sign-in against the address and the account, and forgets failures that
/// have left the window.
pub async fn record_failure(pool: &PgPool, ip: &str, email: &str) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "WITH old AS (DELETE FROM auth_failure WHERE at < now() - $3::bigint * interval '1 second')
         INSERT INTO auth_failure (scope, key) VALUES ('ip', $1), ('account', $2)",
        ip,
        email,
        WINDOW.as_secs() as i64
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// A successful sign-in clears the account's failures (not the address's).
pub async fn clear_account(pool: &PgPool, email: &str) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "DELETE FROM auth_failure WHERE scope = 'account' AND key = $1",
        email
    )
    .execute(pool)
    .await?;
    Ok(())
}
