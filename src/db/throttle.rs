//! Attempts counted per scope and key (an account and address pair, an address, an account,
//! sign-ups from an address, invitations of an organization) in fixed windows, kept in
//! PostgreSQL so that every application server sees the same counts. One statement raises a
//! counter and returns it, so concurrent attempts are counted one after another.

use std::time::Duration;

use sqlx::PgPool;

/// A counter after an attempt was counted in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Count {
    /// Attempts in the current window, this one included.
    pub count: i64,
    /// Seconds until the window ends (at least 1).
    pub retry_after_secs: u64,
}

/// Counts one attempt against each `(scope, key)` in windows of `window`, returning the
/// counters in the order asked.
pub async fn count(
    pool: &PgPool,
    keys: &[(&str, &str)],
    window: Duration,
) -> Result<Vec<Count>, sqlx::Error> {
    let scopes: Vec<String> = keys.iter().map(|(s, _)| s.to_string()).collect();
    let values: Vec<String> = keys.iter().map(|(_, k)| k.to_string()).collect();
    let rows = sqlx::query!(
        r#"INSERT INTO auth_counter AS c (scope, key, window_start, count)
           SELECT scope, key, now(), 1 FROM unnest($1::text[], $2::text[]) AS t (scope, key)
           ON CONFLICT (scope, key) DO UPDATE SET
               count = CASE WHEN c.window_start <= now() - $3::bigint * interval '1 second'
                            THEN 1 ELSE c.count + 1 END,
               window_start = CASE WHEN c.window_start <= now() - $3::bigint * interval '1 second'
                                   THEN now() ELSE c.window_start END
           RETURNING scope AS "scope!", key AS "key!", count::bigint AS "count!",
                     EXTRACT(EPOCH FROM (window_start + $3::bigint * interval '1 second' - now()))::bigint
                         AS "wait!""#,
        &scopes,
        &values,
        window.as_secs() as i64
    )
    .fetch_all(pool)
    .await?;
    Ok(keys
        .iter()
        .map(|(scope, key)| {
            rows.iter()
                .find(|r| r.scope == *scope && r.key == *key)
                .map_or(
                    Count {
                        count: 0,
                        retry_after_secs: 1,
                    },
                    |r| Count {
                        count: r.count,
                        retry_after_secs: r.wait.max(1) as u64,
                    },
                )
        })
        .collect())
}

/// A sign-in was right, in one statement: the attempt is taken back out of the address and
/// account counters, the pair's failures are forgotten, the address is remembered for the
/// account, and counters and addresses long out of date are dropped (rows this sign-in
/// touches are left to the parts that touch them).
pub async fn signed_in(
    pool: &PgPool,
    pair: &str,
    email: &str,
    ip: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "WITH cleared AS (
             DELETE FROM auth_counter WHERE scope = 'pair' AND key = $1),
         uncounted AS (
             UPDATE auth_counter SET count = greatest(count - 1, 0)
             WHERE (scope = 'ip' AND key = $3) OR (scope = 'account' AND key = $2)),
         remembered AS (
             INSERT INTO known_sign_in (email, ip) VALUES ($2, $3)
             ON CONFLICT (email, ip) DO UPDATE SET last_at = now()),
         old_counters AS (
             DELETE FROM auth_counter
             WHERE window_start < now() - interval '1 day'
               AND NOT ((scope = 'pair' AND key = $1) OR (scope = 'ip' AND key = $3)
                        OR (scope = 'account' AND key = $2))),
         old_addresses AS (
             DELETE FROM known_sign_in
             WHERE last_at < now() - interval '180 days' AND NOT (email = $2 AND ip = $3))
         SELECT 1 AS done",
        pair,
        email,
        ip
    )
    .fetch_one(pool)
    .await?;
    Ok(())
}

/// Whether the account has signed in from this address in the last 180 days.
pub async fn is_known(pool: &PgPool, email: &str, ip: &str) -> Result<bool, sqlx::Error> {
    let known = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM known_sign_in
                          WHERE email = $1 AND ip = $2 AND last_at > now() - interval '180 days')
           AS "known!""#,
        email,
        ip
    )
    .fetch_one(pool)
    .await?;
    Ok(known)
}
