//! The login the request pool uses when no `APP_DATABASE_URL` is configured. The owner makes
//! it once per database (`shopplan_request_` and a digest of the database's name, as roles
//! belong to the whole PostgreSQL cluster) with a generated password kept in `request_login`,
//! so every server of the database logs in the same way. It is a member of `shopplan_app`
//! alone: not a superuser, no `BYPASSRLS`, owning nothing, unable to `SET ROLE` to the owner.

use sqlx::{Connection, PgConnection};

use super::StartupError;

/// The role and password requests log in with.
pub struct RequestLogin {
    pub role: String,
    pub password: String,
}

impl std::fmt::Debug for RequestLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestLogin")
            .field("role", &self.role)
            .field("password", &"[redacted]")
            .finish()
    }
}

/// Makes (or finds) the request login, on the owner connection. Servers starting together
/// take turns under an advisory lock.
pub async fn ensure(owner: &mut PgConnection, at: &str) -> Result<RequestLogin, StartupError> {
    let failed = |e: sqlx::Error| StartupError::RequestLogin {
        at: at.to_string(),
        cause: e.to_string(),
    };
    let mut tx = owner.begin().await.map_err(failed)?;
    sqlx::query!("SELECT pg_advisory_xact_lock(hashtext('shopplan_request_login'))")
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
    let kept = sqlx::query_as!(
        RequestLogin,
        r#"SELECT role_name AS role, password FROM request_login"#
    )
    .fetch_optional(&mut *tx)
    .await
    .map_err(failed)?;
    let login = match kept {
        Some(login) => login,
        None => {
            let login = sqlx::query_as!(
                RequestLogin,
                r#"SELECT 'shopplan_request_' || substr(md5(current_database()), 1, 12) AS "role!",
                          encode(gen_random_uuid()::text::bytea || gen_random_uuid()::text::bytea, 'base64')
                              AS "password!""#
            )
            .fetch_one(&mut *tx)
            .await
            .map_err(failed)?;
            sqlx::query!(
                "INSERT INTO request_login (role_name, password) VALUES ($1, $2)",
                login.role,
                login.password
            )
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
            login
        }
    };
    // Made again if it went missing, and its password set to the kept one either way.
    sqlx::query!(
        r#"DO $$
           DECLARE l record;
           BEGIN
               SELECT role_name, password INTO l FROM request_login;
               IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = l.role_name) THEN
                   EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE INHERIT PASSWORD %L',
                                  l.role_name, l.password);
               ELSE
                   EXECUTE format('ALTER ROLE %I LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD %L',
                                  l.role_name, l.password);
               END IF;
               EXECUTE format('GRANT shopplan_app TO %I', l.role_name);
               EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), l.role_name);
           END $$"#
    )
    .execute(&mut *tx)
    .await
    .map_err(failed)?;
    tx.commit().await.map_err(failed)?;
    Ok(login)
}

/// Refuses a configured request login (`APP_DATABASE_URL`) that could step around row-level
/// security: a superuser, a role with `BYPASSRLS`, or the owner of the tables.
pub async fn check(conn: &mut PgConnection, at: &str) -> Result<(), StartupError> {
    let row = sqlx::query!(
        r#"SELECT r.rolname::text AS "role!", r.rolsuper AS "superuser!", r.rolbypassrls AS "bypass!",
                  EXISTS (SELECT 1 FROM pg_tables t
                          WHERE t.schemaname = 'public' AND t.tableowner = session_user) AS "owner!"
           FROM pg_roles r WHERE r.rolname = session_user"#
    )
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| StartupError::RequestLogin {
        at: at.to_string(),
        cause: e.to_string(),
    })?;
    if row.superuser || row.bypass || row.owner {
        return Err(StartupError::UnsafeRequestLogin { role: row.role });
    }
    Ok(())
}
