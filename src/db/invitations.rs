//! Invitations to join an organization: single use, expiring, stored as a hash.

use chrono::{DateTime, Utc};

use crate::auth::Role;
use crate::db::TenantTx;
use crate::domain::ids::{InvitationId, TenantId, UserId};

/// How long an invitation can be accepted.
pub const VALID_DAYS: i64 = 7;

/// An invitation as admins see it in the list.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Invitation {
    #[schema(value_type = String, format = Uuid)]
    pub id: InvitationId,
    pub email: String,
    pub role: Role,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub invited_by: Option<String>,
}

/// The state of an invitation found by its token.
#[derive(Clone, Debug)]
pub struct Pending {
    pub id: InvitationId,
    pub email: String,
    pub role: Role,
    pub usable: Result<(), Unusable>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unusable {
    Expired,
    Used,
    Revoked,
}

pub async fn create_invitation(
    tx: &mut TenantTx,
    id: InvitationId,
    email: &str,
    role: Role,
    token_hash: &[u8],
    invited_by: UserId,
) -> Result<DateTime<Utc>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_scalar!(
        "INSERT INTO invitation (tenant_id, id, email, role, token_hash, invited_by, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, now() + $7::bigint * interval '1 day')
         RETURNING expires_at",
        tenant as TenantId,
        id as InvitationId,
        email,
        role.as_str(),
        token_hash,
        invited_by as UserId,
        VALID_DAYS
    )
    .fetch_one(tx.conn())
    .await
}

/// Invitations neither accepted, revoked nor expired.
pub async fn list_open(tx: &mut TenantTx) -> Result<Vec<Invitation>, sqlx::Error> {
    let tenant = tx.tenant();
    let rows = sqlx::query!(
        r#"SELECT i.id AS "id: InvitationId", i.email, i.role, i.created_at, i.expires_at,
                  u.name AS "invited_by?"
           FROM invitation i LEFT JOIN app_user u ON u.id = i.invited_by
           WHERE i.tenant_id = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL
             AND i.expires_at > now()
           ORDER BY i.created_at DESC"#,
        tenant as TenantId
    )
    .fetch_all(tx.conn())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Invitation {
            id: r.id,
            email: r.email,
            role: Role::parse(&r.role).unwrap_or(Role::Viewer),
            created_at: r.created_at,
            expires_at: r.expires_at,
            invited_by: r.invited_by,
        })
        .collect())
}

/// Finds an invitation by its token hash and locks it, so it is accepted at most once.
pub async fn find_for_accept(
    tx: &mut TenantTx,
    token_hash: &[u8],
) -> Result<Option<Pending>, sqlx::Error> {
    let tenant = tx.tenant();
    let row = sqlx::query!(
        r#"SELECT id AS "id: InvitationId", email, role,
                  accepted_at IS NOT NULL AS "used!", revoked_at IS NOT NULL AS "revoked!",
                  expires_at <= now() AS "expired!"
           FROM invitation WHERE tenant_id = $1 AND token_hash = $2 FOR UPDATE"#,
        tenant as TenantId,
        token_hash
    )
    .fetch_optional(tx.conn())
    .await?;
    Ok(row.map(|r| Pending {
        id: r.id,
        email: r.email,
        role: Role::parse(&r.role).unwrap_or(Role::Viewer),
        usable: if r.revoked {
            Err(Unusable::Revoked)
        } else if r.used {
            Err(Unusable::Used)
        } else if r.expired {
            Err(Unusable::Expired)
        } else {
            Ok(())
        },
    }))
}

pub async fn mark_accepted(
    tx: &mut TenantTx,
    id: InvitationId,
    user: UserId,
) -> Result<(), sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query!(
        "UPDATE invitation SET accepted_at = now(), accepted_by = $3 WHERE tenant_id = $1 AND id = $2",
        tenant as TenantId,
        id as InvitationId,
        user as UserId
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Revokes an open invitation; returns its e-mail address, or `None` if there is none.
pub async fn revoke(tx: &mut TenantTx, id: InvitationId) -> Result<Option<String>, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_scalar!(
        "UPDATE invitation SET revoked_at = now()
         WHERE tenant_id = $1 AND id = $2 AND accepted_at IS NULL AND revoked_at IS NULL
         RETURNING email",
        tenant as TenantId,
        id as InvitationId
    )
    .fetch_optional(tx.conn())
    .await
}
