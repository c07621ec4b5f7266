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
