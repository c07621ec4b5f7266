//! Memberships: who belongs to an organization, with which role.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use crate::auth::Role;
use crate::db::TenantTx;
use crate::domain::ids::{TenantId, UserId};
use crate::error::AppError;
use crate::i18n::Msg;

/// A member as the members page and API show them.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Member {
    #[schema(value_type = String, format = Uuid)]
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub joined_at: DateTime<Utc>,
}

/// One organization a person belongs to.
#[derive(Clone, Debug)]
pub struct Membership {
    pub tenant_id: TenantId,
    pub tenant_name: String,
    pub role: Role,
}

fn role_of(text: &str) -> Role {
    // The column's check constraint admits only known roles.
    Role::parse(text).unwrap_or(Role::Viewer)
}

pub async fn add_member(tx: &mut TenantTx, user: UserId, role: Role) -> Result<(), sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query!(
        "INSERT INTO membership (tenant_id, user_id, role) VALUES ($1, $2, $3)",
        tenant as TenantId,
        user as UserId,
        role.as_str()
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

pub async fn list_members(tx: &mut TenantTx) -> Result<Vec<Member>, sqlx::Error> {
    let tenant = tx.tenant();
    let rows = sqlx::query!(
        r#"SELECT m.user_id AS "user_id: UserId", u.name, u.email, m.role, m.created_at
           FROM membership m JOIN app_user u ON u.id = m.user_id
           WHERE m.tenant_id = $1
           ORDER BY u.name, u.email"#,
        tenant as TenantId
    )
    .fetch_all(tx.conn())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Member {
            user_id: r.user_id,
            name: r.name,
            email: r.email,
            role: role_of(&r.role),
            joined_at: r.created_at,
        })
        .collect())
}

pub async fn find_member(tx: &mut TenantTx, user: UserId) -> Result<Option<Member>, sqlx::Error> {
    let tenant = tx.tenant();
    let row = sqlx::query!(
        r#"SELECT m.user_id AS "user_id: UserId", u.name, u.email, m.role, m.created_at
           FROM membership m JOIN app_user u ON u.id = m.user_id
           WHERE m.tenant_id = $1 AND m.user_id = $2"#,
        tenant as TenantId,
        user as UserId
    )
    .fetch_optional(tx.conn())
    .await?;
    Ok(row.map(|r| Member {
        user_id: r.user_id,
        name: r.name,
        email: r.email,
        role: role_of(&r.role),
        joined_at: r.created_at,
    }))
}

/// Whether an e-mail address already belongs to a member of this organization.
pub async fn is_member_email(tx: &mut TenantTx, email: &str) -> Result<bool, sqlx::Error> {
    let tenant = tx.tenant();
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM membership m JOIN app_user u ON u.id = m.user_id
                          WHERE m.tenant_id = $1 AND u.email = $2) AS "exists!""#,
        tenant as TenantId,
        email
    )
    .fetch_one(tx.conn())
    .await
}

/// Fails when the change would leave the organization without an admin. The admins' rows
/// are locked first, so two admins demoting each other at once cannot both succeed.
async fn guard_last_admin(tx: &mut TenantTx, user: UserId) -> Result<(), AppError> {
    let tenant = tx.tenant();
    let admins = sqlx::query_scalar!(
        r#"SELECT user_id AS "user_id: UserId" FROM membership
           WHERE tenant_id = $1 AND role = 'admin' FOR UPDATE"#,
        tenant as TenantId
    )
    .fetch_all(tx.conn())
    .await?;
    if admins == [user] {
        return Err(AppError::Conflict {
            code: "last_admin",
            msg: Msg::new("member-last-admin"),
        });
    }
    Ok(())
}

/// Changes a member's role. Sessions and tokens follow (a trigger copies the role).
pub async fn change_role(tx: &mut TenantTx, user: UserId, role: Role) -> Result<(), AppError> {
    if role != Role::Admin {
        guard_last_admin(tx, user).await?;
    }
    let tenant = tx.tenant();
    let done = sqlx::query!(
        "UPDATE membership SET role = $3 WHERE tenant_id = $1 AND user_id = $2",
        tenant as TenantId,
        user as UserId,
        role.as_str()
    )
    .execute(tx.conn())
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Removes a member; their sessions and tokens in this organization go with the membership.
pub async fn remove_member(tx: &mut TenantTx, user: UserId) -> Result<(), AppError> {
    guard_last_admin(tx, user).await?;
    let tenant = tx.tenant();
    let done = sqlx::query!(
        "DELETE FROM membership WHERE tenant_id = $1 AND user_id = $2",
        tenant as TenantId,
        user as UserId
    )
    .execute(tx.conn())
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Every organization a person belongs to. Runs in a transaction scoped to that user
/// (`db::begin_scoped` with the user): membership rows are visible to their own user.
pub async fn memberships_of(
    conn: &mut PgConnection,
    user: UserId,
) -> Result<Vec<Membership>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT m.tenant_id AS "tenant_id: TenantId", t.name, m.role
           FROM membership m JOIN tenant t ON t.id = m.tenant_id
           WHERE m.user_id = $1
           ORDER BY t.name"#,
        user as UserId
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Membership {
            tenant_id: r.tenant_id,
            tenant_name: r.name,
            role: role_of(&r.role),
        })
        .collect())
}
