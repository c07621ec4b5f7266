//! People with a login. A person may belong to several organizations.

use sqlx::PgConnection;

use crate::domain::ids::{TenantId, UserId};

/// What signing in needs to know about an e-mail address.
pub struct LoginUser {
    pub id: UserId,
    pub name: String,
    pub password_hash: String,
    pub last_tenant_id: Option<TenantId>,
}

impl std::fmt::Debug for LoginUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginUser")
            .field("id", &self.id)
            .field("password_hash", &"[redacted]")
            .finish_non_exhaustive()
    }
}

/// A person's profile.
#[derive(Clone, Debug)]
pub struct Profile {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub language: Option<String>,
}

pub async fn find_for_login(
    conn: &mut PgConnection,
    email: &str,
) -> Result<Option<LoginUser>, sqlx::Error> {
    sqlx::query_as!(
        LoginUser,
        r#"SELECT id AS "id!: UserId", name AS "name!", password_hash AS "password_hash!",
                  last_tenant_id AS "last_tenant_id: TenantId"
           FROM app_login_lookup($1)"#,
        email
    )
    .fetch_optional(conn)
    .await
}

/// The stored password hash of the person the transaction acts for (to check the current
/// password before a change); `None` when it acts for nobody.
pub async fn own_password_hash(conn: &mut PgConnection) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!("SELECT app_own_password_hash()")
        .fetch_one(conn)
        .await
}

pub async fn create_user(
    conn: &mut PgConnection,
    id: UserId,
    email: &str,
    name: &str,
    password_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO app_user (id, email, name, password_hash) VALUES ($1, $2, $3, $4)",
        id as UserId,
        email,
        name,
        password_hash
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn get_profile(conn: &mut PgConnection, id: UserId) -> Result<Profile, sqlx::Error> {
    sqlx::query_as!(
        Profile,
        r#"SELECT id AS "id: UserId", email, name, language FROM app_user WHERE id = $1"#,
        id as UserId
    )
    .fetch_one(conn)
    .await
}

pub async fn exists_with_email(conn: &mut PgConnection, email: &str) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM app_user WHERE email = $1) AS "exists!""#,
        email
    )
    .fetch_one(conn)
    .await
}

pub async fn update_profile(
    conn: &mut PgConnection,
    id: UserId,
    name: &str,
    language: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE app_user SET name = $2, language = $3 WHERE id = $1",
        id as UserId,
        name,
        language
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_password(
    conn: &mut PgConnection,
    id: UserId,
    password_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE app_user SET password_hash = $2, password_changed_at = now() WHERE id = $1",
        id as UserId,
        password_hash
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_last_tenant(
    conn: &mut PgConnection,
    id: UserId,
    tenant: TenantId,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE app_user SET last_tenant_id = $2 WHERE id = $1",
        id as UserId,
        tenant as TenantId
    )
    .execute(conn)
    .await?;
    Ok(())
}
