//! All SQL lives under this module: connecting, creating the database, migrations, and one
//! file per entity. Functions that touch tenant data take a [`TenantTx`] first: a transaction
//! that knows its tenant, filters by it, and has row-level security set to it.

pub mod actuals;
pub mod audit;
pub mod dashboard;
pub mod imports;
pub mod invitations;
pub mod mail;
pub mod members;
pub mod plan_parts;
pub mod plans;
pub mod reference;
pub mod request_login;
pub mod reviews;
pub mod sessions;
pub mod shops;
pub mod spend;
pub mod tenants;
pub mod throttle;
pub mod tokens;
pub mod uploads;
pub mod users;

use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{
    AssertSqlSafe, ConnectOptions, Connection, Executor, PgConnection, PgPool, Postgres,
    Transaction,
};

use crate::config::Config;
use crate::domain::ids::{TenantId, UserId};

/// The migrations in `migrations/`, embedded in the binary.
pub static MIGRATOR: Migrator = sqlx::migrate!();

/// The role requests run as: not a superuser, no `BYPASSRLS`, so row-level security holds.
/// Created by the first migration.
pub const APP_ROLE: &str = "shopplan_app";
const SET_APP_ROLE: &str = "SET ROLE shopplan_app";
/// How long a pooled connection may rest before it is checked again on its next use.
const RESTED: Duration = Duration::from_secs(1);

/// Why the process could not reach a usable database at start-up, phrased for the operator.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(
        "No PostgreSQL answered at {at}.\n\
         Start one (on Debian/Ubuntu: `sudo pg_ctlcluster 15 main start`, or `scripts/postgres.sh`), \
         or set DATABASE_URL to a PostgreSQL that runs, e.g. postgres://user@db-host:5432/shopplan.\n\
         ({cause})"
    )]
    NoServer { at: String, cause: String },
    #[error(
        "PostgreSQL at {at} refused the login as `{user}`.\n\
         Create that role (`sudo -u postgres createuser --superuser {user}`) \
         or set DATABASE_URL with a user that may connect.\n({cause})"
    )]
    LoginRefused {
        at: String,
        user: String,
        cause: String,
    },
    #[error("Could not prepare the database at {at}: {cause}")]
    Other { at: String, cause: String },
    #[error(
        "Could not make the login requests use at {at}: {cause}\n\
         The owner connection needs the CREATEROLE privilege for that; otherwise set \
         APP_DATABASE_URL to a login that is a member of shopplan_app and nothing more."
    )]
    RequestLogin { at: String, cause: String },
    #[error(
        "APP_DATABASE_URL logs in as `{role}`, which is a superuser, may bypass row-level \
         security or owns the tables: requests must run as a login that is only a member of \
         shopplan_app."
    )]
    UnsafeRequestLogin { role: String },
    #[error("Applying the migrations failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("Configuration: {0}")]
    Config(#[from] crate::config::ConfigError),
}

/// Where a connection goes, for messages; never includes a password.
pub fn describe(options: &PgConnectOptions) -> String {
    let db = options.get_database().unwrap_or("(default)");
    match options.get_socket() {
        Some(socket) => format!("socket {} database {db}", socket.display()),
        None if options.get_host().starts_with('/') => {
            format!("socket {} database {db}", options.get_host())
        }
        None => format!(
            "{}:{} database {db}",
            options.get_host(),
            options.get_port()
        ),
    }
}

fn classify(options: &PgConnectOptions, e: sqlx::Error) -> StartupError {
    let at = describe(options);
    let cause = e.to_string();
    match &e {
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::Tls(_) => {
            StartupError::NoServer { at, cause }
        }
        // 28000 invalid_authorization_specification, 28P01 invalid_password.
        sqlx::Error::Database(db) if matches!(db.code().as_deref(), Some("28000" | "28P01")) => {
            StartupError::LoginRefused {
                at,
                user: options.get_username().to_string(),
                cause,
            }
        }
        _ => StartupError::Other { at, cause },
    }
}

/// Connects as the owner, creating the configured database first if it does not exist.
pub async fn connect_owner(options: &PgConnectOptions) -> Result<PgConnection, StartupError> {
    let options = options.clone().disable_statement_logging();
    match options.connect().await {
        Ok(conn) => Ok(conn),
        // 3D000 invalid_catalog_name: the server runs but the database is missing.
        Err(sqlx::Error::Database(db)) if db.code().as_deref() == Some("3D000") => {
            create_database(&options).await?;
            options.connect().await.map_err(|e| classify(&options, e))
        }
        Err(e) => Err(classify(&options, e)),
    }
}

async fn create_database(options: &PgConnectOptions) -> Result<(), StartupError> {
    let name = options
        .get_database()
        .unwrap_or(crate::config::DEFAULT_DATABASE);
    let maintenance = options.clone().database("postgres");
    let mut conn = maintenance
        .connect()
        .await
        .map_err(|e| classify(&maintenance, e))?;
    // The name comes from configuration and is quoted; CREATE DATABASE takes no parameters.
    let sql = format!("CREATE DATABASE {}", quote_ident(name));
    match conn.execute(AssertSqlSafe(sql)).await {
        Ok(_) => {
            tracing::info!(database = name, "created the database");
            Ok(())
        }
        // Another instance created it at the same moment: 42P04 duplicate_database, or
        // 23505 when both inserted into pg_database concurrently.
        Err(sqlx::Error::Database(db))
            if matches!(db.code().as_deref(), Some("42P04" | "23505")) =>
        {
            Ok(())
        }
        Err(e) => Err(classify(&maintenance, e)),
    }
}

/// Quotes an SQL identifier (for the few statements that cannot take a parameter).
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Applies the embedded migrations. sqlx holds an advisory lock while it does, so
/// instances starting together apply each migration once.
pub async fn migrate(conn: &mut PgConnection) -> Result<(), StartupError> {
    MIGRATOR.run(conn).await?;
    Ok(())
}

/// The pool that serves requests. With a separate login (`APP_DATABASE_URL`) it connects as
/// that, once it is known to be no superuser and no owner; otherwise as the request login the
/// owner makes for it ([`request_login`]). Either way every connection then switches to
/// [`APP_ROLE`], and none can become the owner.
pub async fn app_pool(config: &Config, owner: &mut PgConnection) -> Result<PgPool, StartupError> {
    let options = match config.app_options()? {
        Some(app) => {
            let at = describe(&app);
            let mut conn = app.connect().await.map_err(|e| classify(&app, e))?;
            request_login::check(&mut conn, &at).await?;
            app
        }
        None => {
            let owner_options = config.owner_options()?;
            let login = request_login::ensure(owner, &describe(&owner_options)).await?;
            owner_options
                .username(&login.role)
                .password(&login.password)
        }
    };
    Ok(app_pool_with(
        options,
        true,
        config.db_pool_size,
        config.db_acquire_timeout,
    ))
}

/// Builds the request pool from explicit options (used by `app_pool` and by the tests).
pub fn app_pool_with(
    options: PgConnectOptions,
    switch_role: bool,
    size: u32,
    acquire_timeout: Duration,
) -> PgPool {
    let options = options
        .application_name("shopplan")
        .log_slow_statements(tracing::log::LevelFilter::Warn, Duration::from_millis(500))
        .log_statements(tracing::log::LevelFilter::Trace);
    PgPoolOptions::new()
        .max_connections(size)
        .min_connections(0)
        .acquire_timeout(acquire_timeout)
        .idle_timeout(Duration::from_secs(300))
        // A connection in steady use is known to work: checking each one before handing it
        // out costs a round trip per request. One that has rested is checked, so that after
        // PostgreSQL restarts a request gets a fresh connection instead of a dead one.
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for >= RESTED {
                    conn.ping().await?;
                }
                Ok(true)
            })
        })
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                if switch_role {
                    conn.execute(SET_APP_ROLE).await?;
                }
                Ok(())
            })
        })
        // Connections are made on first use, so a server started while PostgreSQL is briefly
        // away still starts, and recovers by itself when it returns.
        .connect_lazy_with(options)
}

/// A transaction scoped to one organization: `app.tenant_id` (and the acting user, when
/// known) is set for its duration only, so row-level security applies to every statement
/// and nothing leaks to the next user of the pooled connection.
pub struct TenantTx {
    tenant: TenantId,
    tx: Transaction<'static, Postgres>,
}

impl TenantTx {
    /// Begins the transaction and sets its scope in the same round trip.
    pub async fn begin(
        pool: &PgPool,
        tenant: TenantId,
        user: Option<UserId>,
    ) -> Result<TenantTx, sqlx::Error> {
        let tx = begin_with(pool, Some(tenant), user, "").await?;
        Ok(TenantTx { tenant, tx })
    }

    /// Begins a transaction for the dashboards' reads, whose statements PostgreSQL plans
    /// once for any parameters (a generic plan) rather than again at every execution. Their
    /// statements read every shop and plan through its key (see `db::dashboard`), so the
    /// generic plans are the ones a fresh plan would choose; re-planning them was
    /// PostgreSQL's largest cost on a dashboard. Set in the BEGIN batch: no round trip of its
    /// own.
    pub async fn begin_read(
        pool: &PgPool,
        tenant: TenantId,
        user: Option<UserId>,
    ) -> Result<TenantTx, sqlx::Error> {
        let tx = begin_with(
            pool,
            Some(tenant),
            user,
            ", set_config('plan_cache_mode', 'force_generic_plan', true)",
        )
        .await?;
        Ok(TenantTx { tenant, tx })
    }

    /// Makes the rest of the transaction act for `user` (a person joining, whose row is
    /// about to be written).
    pub async fn act_as(&mut self, user: UserId) -> Result<(), sqlx::Error> {
        sqlx::query!(
            "SELECT set_config('app.user_id', $1, true)",
            user.0.to_string()
        )
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// The organization every statement of this transaction belongs to.
    pub fn tenant(&self) -> TenantId {
        self.tenant
    }

    pub fn conn(&mut self) -> &mut PgConnection {
        &mut self.tx
    }

    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }

    /// Ends a transaction that only read, without waiting for the database: its rollback is
    /// sent with the pool's check of the connection as it goes back (or, at the latest, ahead
    /// of the connection's next statement), so a read spends no round trip on ending.
    pub fn end_read(self) {
        drop(self.tx);
    }
}

/// Begins a transaction with the row-level-security scope set. Both ids are UUIDs formatted
/// here, so interpolating them into the BEGIN batch cannot inject anything; doing so saves a
/// round trip per request over a separate parameterised `set_config`.
pub async fn begin_scoped(
    pool: &PgPool,
    tenant: Option<TenantId>,
    user: Option<UserId>,
) -> Result<Transaction<'static, Postgres>, sqlx::Error> {
    begin_with(pool, tenant, user, "").await
}

/// `begin_scoped` with more settings for the transaction (a constant list of `set_config`
/// calls, each starting with a comma).
async fn begin_with(
    pool: &PgPool,
    tenant: Option<TenantId>,
    user: Option<UserId>,
    settings: &'static str,
) -> Result<Transaction<'static, Postgres>, sqlx::Error> {
    let tenant = tenant.map(|t| t.0.to_string()).unwrap_or_default();
    let user = user.map(|u| u.0.to_string()).unwrap_or_default();
    let statement = format!(
        "BEGIN; SELECT set_config('app.tenant_id', '{tenant}', true), \
         set_config('app.user_id', '{user}', true){settings}"
    );
    pool.begin_with(AssertSqlSafe(statement)).await
}

/// Answers whether the database responds, within `limit`.
pub async fn ping(pool: &PgPool, limit: Duration) -> bool {
    let check = async {
        let mut conn = pool.acquire().await?;
        conn.ping().await
    };
    matches!(tokio::time::timeout(limit, check).await, Ok(Ok(())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(quote_ident("shopplan"), "\"shopplan\"");
        assert_eq!(quote_ident("a\"b"), "\"a\"\"b\"");
    }

    #[test]
    fn descriptions_never_show_a_password() {
        let options: PgConnectOptions =
            "postgres://u:secret@db.example:6543/plans".parse().unwrap();
        let text = describe(&options);
        assert_eq!(text, "db.example:6543 database plans");
        assert!(!text.contains("secret"));
    }
}
