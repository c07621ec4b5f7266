//! The audit log: who did what, when, to which object. Append-only for the application.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::db::TenantTx;
use crate::domain::ids::{TenantId, UserId};

/// Who did it: a member, or nobody known (a failed sign-in).
#[derive(Clone, Debug)]
pub struct Actor {
    pub id: Option<UserId>,
    pub name: String,
    pub ip: Option<String>,
}

/// One audited change.
pub struct Entry<'a> {
    pub action: &'a str,
    pub object_type: Option<&'a str>,
    pub object_id: Option<String>,
    pub details: serde_json::Value,
}

impl<'a> Entry<'a> {
    pub fn new(action: &'a str) -> Self {
        Self {
            action,
            object_type: None,
            object_id: None,
            details: serde_json::Value::Object(Default::default()),
        }
    }

    pub fn object(mut self, kind: &'a str, id: impl ToString) -> Self {
        self.object_type = Some(kind);
        self.object_id = Some(id.to_string());
        self
    }

    pub fn details(mut self, details: serde_json::Value) -> Self {
        self.details = details;
        self
    }
}

/// A line of the log as the audit page shows it.
#[derive(Clone, Debug)]
pub struct Record {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// `at` on the organization's wall clock.
    pub local_at: NaiveDateTime,
    pub actor_name: Option<String>,
    pub action: String,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub details: serde_json::Value,
    pub ip: Option<String>,
}

/// What the audit page filters by.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub action: Option<String>,
    pub actor: Option<UserId>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Show entries older than this id (the next page).
    pub before: Option<i64>,
}

pub async fn record(tx: &mut TenantTx, actor: &Actor, entry: Entry<'_>) -> Result<(), sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query!(
        "INSERT INTO audit_log (tenant_id, actor_id, actor_name, action, object_type, object_id, details, ip)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        tenant as TenantId,
        actor.id as Option<UserId>,
        actor.name,
        entry.action,
        entry.object_type,
        entry.object_id,
        entry.details,
        actor.ip
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// A page of the log, newest first, in the organization's time zone for the date filters.
pub async fn list(
    tx: &mut TenantTx,
    filter: &Filter,
    limit: i64,
) -> Result<Vec<Record>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_as!(
        Record,
        r#"SELECT a.id, a.at, (a.at AT TIME ZONE t.time_zone) AS "local_at!", a.actor_name, a.action, a.object_type, a.object_id, a.details, a.ip
           FROM audit_log a JOIN tenant t ON t.id = a.tenant_id
           WHERE a.tenant_id = $1
             AND ($2::text IS NULL OR a.action = $2)
             AND ($3::uuid IS NULL OR a.actor_id = $3)
             AND ($4::date IS NULL OR (a.at AT TIME ZONE t.time_zone)::date >= $4)
             AND ($5::date IS NULL OR (a.at AT TIME ZONE t.time_zone)::date <= $5)
             AND ($6::bigint IS NULL OR a.id < $6)
           ORDER BY a.id DESC
           LIMIT $7"#,
        tenant as TenantId,
        filter.action,
        filter.actor as Option<UserId>,
        filter.from,
        filter.to,
        filter.before,
        limit
    )
    .fetch_all(tx.conn())
    .await
}

/// The actions that occur in this organization's log, for the filter.
pub async fn actions(tx: &mut TenantTx) -> Result<Vec<String>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_scalar!(
        "SELECT DISTINCT action FROM audit_log WHERE tenant_id = $1 ORDER BY action",
        tenant as TenantId
    )
    .fetch_all(tx.conn())
    .await
}
