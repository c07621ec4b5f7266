//! Organizations.

use sqlx::PgConnection;

use crate::domain::ids::TenantId;

/// Creates an organization. Its first admin is added with `members::add_member`.
pub async fn create_tenant(
    conn: &mut PgConnection,
    id: TenantId,
    name: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO tenant (id, name) VALUES ($1, $2)",
        id as TenantId,
        name
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The organization's name and time zone.
pub async fn get_tenant(
    conn: &mut PgConnection,
    id: TenantId,
) -> Result<(String, String), sqlx::Error> {
    let row = sqlx::query!(
        "SELECT name, time_zone FROM tenant WHERE id = $1",
        id as TenantId
    )
    .fetch_one(conn)
    .await?;
    Ok((row.name, row.time_zone))
}

/// Today's date in the organization's time zone, as PostgreSQL's time-zone database knows it.
pub async fn today(
    conn: &mut PgConnection,
    id: TenantId,
) -> Result<chrono::NaiveDate, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT (now() AT TIME ZONE time_zone)::date AS "today!" FROM tenant WHERE id = $1"#,
        id as TenantId
    )
    .fetch_one(conn)
    .await
}

/// An organization's settings.
#[derive(Clone, Debug)]
pub struct Settings {
    pub name: String,
    pub time_zone: String,
    pub status_on_track: rust_decimal::Decimal,
    pub status_at_risk: rust_decimal::Decimal,
}

pub async fn settings(conn: &mut PgConnection, id: TenantId) -> Result<Settings, sqlx::Error> {
    sqlx::query_as!(
        Settings,
        "SELECT name, time_zone, status_on_track, status_at_risk FROM tenant WHERE id = $1",
        id as TenantId
    )
    .fetch_one(conn)
    .await
}

pub async fn update_settings(
    conn: &mut PgConnection,
    id: TenantId,
    s: &Settings,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE tenant SET name = $2, time_zone = $3, status_on_track = $4, status_at_risk = $5 WHERE id = $1",
        id as TenantId,
        s.name,
        s.time_zone,
        s.status_on_track,
        s.status_at_risk
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether PostgreSQL knows a time-zone name (`Asia/Shanghai`).
pub async fn is_time_zone(conn: &mut PgConnection, name: &str) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = $1) AS "exists!""#,
        name
    )
    .fetch_one(conn)
    .await
}
