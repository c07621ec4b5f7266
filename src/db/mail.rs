//! The mail outbox and the sign-ups waiting for their confirmation link, both reached through
//! the functions of their migration.

use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::domain::ids::TenantId;

/// A message to be sent.
pub struct QueuedMail<'a> {
    pub tenant: Option<TenantId>,
    /// What the message is for (`signup.confirm`, `signup.exists`, …), for admins and tests.
    pub kind: &'a str,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
}

/// A message a worker has claimed.
#[derive(Debug)]
pub struct ClaimedMail {
    pub id: Uuid,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// Attempts so far, this one included.
    pub attempts: i32,
}

/// Queues a message in the caller's transaction: it is sent only if that commits.
pub async fn queue(conn: &mut PgConnection, mail: &QueuedMail<'_>) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "SELECT app_queue_mail($1, $2, $3, $4, $5, $6)",
        Uuid::now_v7(),
        mail.tenant as Option<TenantId>,
        mail.kind,
        mail.recipient,
        mail.subject,
        mail.body
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Claims the next due message, if any, for `lease_secs` seconds.
pub async fn claim_next(
    pool: &PgPool,
    lease_secs: i64,
) -> Result<Option<ClaimedMail>, sqlx::Error> {
    sqlx::query_as!(
        ClaimedMail,
        r#"SELECT id AS "id!", recipient AS "recipient!", subject AS "subject!", body AS "body!",
                  attempts AS "attempts!"
           FROM app_claim_mail(1, $1)"#,
        lease_secs
    )
    .fetch_optional(pool)
    .await
}

pub async fn mark_sent(pool: &PgPool, id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query!("SELECT app_mail_sent($1)", id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Records a failed attempt; the message is due again after `retry_after_secs`.
pub async fn mark_failed(
    pool: &PgPool,
    id: Uuid,
    error: &str,
    retry_after_secs: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "SELECT app_mail_failed($1, $2, $3)",
        id,
        error,
        retry_after_secs
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// A sign-up waiting for its address to be confirmed.
pub struct PendingSignup<'a> {
    pub token_hash: &'a [u8],
    pub email: &'a str,
    pub name: &'a str,
    pub organization: &'a str,
    pub password_hash: &'a str,
    pub language: &'a str,
    pub valid_for_secs: i64,
}

pub async fn begin_signup(
    conn: &mut PgConnection,
    s: &PendingSignup<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "SELECT app_begin_signup($1, $2, $3, $4, $5, $6, $7)",
        s.token_hash,
        s.email,
        s.name,
        s.organization,
        s.password_hash,
        s.language,
        s.valid_for_secs
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// What a confirmation link stands for.
#[derive(Clone)]
pub struct ConfirmedSignup {
    pub email: String,
    pub name: String,
    pub organization: String,
    pub password_hash: String,
    pub language: String,
}

impl std::fmt::Debug for ConfirmedSignup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConfirmedSignup")
            .field("email", &self.email)
            .field("password_hash", &"[redacted]")
            .finish_non_exhaustive()
    }
}

/// What a pending sign-up would create, as its confirmation page shows it.
#[derive(Clone, Debug)]
pub struct SignupSummary {
    pub email: String,
    pub name: String,
    pub organization: String,
}

/// The sign-up a link stands for, leaving it in place; `None` when the link is unknown or old.
pub async fn peek_signup(
    conn: &mut PgConnection,
    token_hash: &[u8],
) -> Result<Option<SignupSummary>, sqlx::Error> {
    sqlx::query_as!(
        SignupSummary,
        r#"SELECT email AS "email!", name AS "name!", organization AS "organization!"
           FROM app_peek_signup($1)"#,
        token_hash
    )
    .fetch_optional(conn)
    .await
}

/// Uses a link up, in the caller's transaction.
pub async fn take_signup(
    conn: &mut PgConnection,
    token_hash: &[u8],
) -> Result<Option<ConfirmedSignup>, sqlx::Error> {
    sqlx::query_as!(
        ConfirmedSignup,
        r#"SELECT email AS "email!", name AS "name!", organization AS "organization!",
                  password_hash AS "password_hash!", language AS "language!"
           FROM app_take_signup($1)"#,
        token_hash
    )
    .fetch_optional(conn)
    .await
}
