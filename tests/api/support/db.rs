//! A fresh database per test, cloned from a template that holds the migrated schema.
//!
//! The template is built once per migration set (its name carries their checksum), so a test
//! costs one `CREATE DATABASE … TEMPLATE`, not a run of every migration. Each test database
//! is dropped when its `TestDb` goes away; leftovers of killed runs are dropped at start.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use sha2::{Digest, Sha256};
use sqlx::postgres::PgConnectOptions;
use sqlx::{AssertSqlSafe, ConnectOptions, Connection, Executor, PgConnection, PgPool};
use tokio::sync::OnceCell;

static TEMPLATE: OnceCell<String> = OnceCell::const_new();
static COUNTER: AtomicU32 = AtomicU32::new(0);

/// Where the tests' PostgreSQL is: `DATABASE_URL` if set, else the local default.
pub fn server_options() -> PgConnectOptions {
    match std::env::var("DATABASE_URL") {
        Ok(url) if !url.is_empty() => url.parse().expect("DATABASE_URL is a PostgreSQL URL"),
        _ => PgConnectOptions::new(),
    }
    .disable_statement_logging()
}

async fn maintenance() -> PgConnection {
    server_options()
        .database("postgres")
        .connect()
        .await
        .expect("the tests need a running PostgreSQL (see README)")
}

fn template_name() -> String {
    let mut hash = Sha256::new();
    for m in shopplan::db::MIGRATOR.iter() {
        hash.update(m.version.to_le_bytes());
        hash.update(&*m.checksum);
    }
    let digest = hash.finalize();
    let hex: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
    format!("shopplan_tpl_{hex}")
}

async fn template() -> &'static str {
    TEMPLATE
        .get_or_init(|| async {
            let name = template_name();
            let mut conn = maintenance().await;
            // Other test processes may be building the same template.
            sqlx::query("SELECT pg_advisory_lock(hashtext('shopplan_test_template'))")
                .execute(&mut conn)
                .await
                .expect("lock");
            drop_leftovers(&mut conn, &name).await;
            let exists: bool =
                sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
                    .bind(&name)
                    .fetch_one(&mut conn)
                    .await
                    .expect("query");
            if !exists {
                let building = format!("{name}_building");
                exec(
                    &mut conn,
                    format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"),
                )
                .await;
                exec(&mut conn, format!("CREATE DATABASE {building}")).await;
                let mut target = server_options()
                    .database(&building)
                    .connect()
                    .await
                    .expect("connect to the template");
                shopplan::db::migrate(&mut target)
                    .await
                    .expect("migrations apply to an empty database");
                target.close().await.expect("close");
                exec(
                    &mut conn,
                    format!("ALTER DATABASE {building} RENAME TO {name}"),
                )
                .await;
            }
            sqlx::query("SELECT pg_advisory_unlock(hashtext('shopplan_test_template'))")
                .execute(&mut conn)
                .await
                .expect("unlock");
            name
        })
        .await
}

/// Drops test databases of processes that are gone, and templates of other migration sets
/// made more than a day ago (another checkout may be testing with its own right now).
async fn drop_leftovers(conn: &mut PgConnection, current_template: &str) {
    let names: Vec<(String, bool)> = sqlx::query_as(
        "SELECT datname,
                (pg_stat_file('base/' || oid || '/PG_VERSION')).modification < now() - interval '1 day'
         FROM pg_database WHERE datname LIKE 'shopplan\\_t%'",
    )
    .fetch_all(&mut *conn)
    .await
    .expect("list databases");
    for (name, old) in names {
        let stale = if let Some(rest) = name.strip_prefix("shopplan_test_") {
            let pid = rest.split('_').next().unwrap_or("");
            !std::path::Path::new(&format!("/proc/{pid}")).exists()
        } else {
            old && name != current_template
        };
        if stale {
            let _ = conn
                .execute(AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                )))
                .await;
        }
    }
}

async fn exec(conn: &mut PgConnection, sql: String) {
    conn.execute(AssertSqlSafe(sql.clone()))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// One test's database.
pub struct TestDb {
    pub name: String,
}

impl TestDb {
    pub async fn create() -> TestDb {
        let template = template().await;
        let name = format!(
            "shopplan_test_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let mut conn = maintenance().await;
        exec(
            &mut conn,
            format!("CREATE DATABASE {name} TEMPLATE {template}"),
        )
        .await;
        TestDb { name }
    }

    /// Connection options for this database as the owner (a superuser: bypasses RLS).
    pub fn owner_options(&self) -> PgConnectOptions {
        server_options().database(&self.name)
    }

    /// A `DATABASE_URL` for this database, for running the binary against it.
    pub fn url(&self) -> String {
        url_of(&self.name)
    }

    /// The pool the application uses: every connection switched to the application role.
    pub fn app_pool(&self) -> PgPool {
        shopplan::db::app_pool_with(self.owner_options(), true, 5, Duration::from_secs(3))
    }

    /// An owner connection, for tests that set up or inspect data behind the application.
    pub async fn owner(&self) -> PgConnection {
        self.owner_options()
            .connect()
            .await
            .expect("owner connection")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let name = self.name.clone();
        // Drop runs inside the test's runtime, which cannot be awaited here: use a thread.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                let mut conn = maintenance().await;
                let _ = conn
                    .execute(AssertSqlSafe(format!(
                        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                    )))
                    .await;
                // The request login the server made for this database, if it ran.
                let role: Option<String> =
                    sqlx::query_scalar("SELECT 'shopplan_request_' || substr(md5($1), 1, 12)")
                        .bind(&name)
                        .fetch_optional(&mut conn)
                        .await
                        .ok()
                        .flatten();
                if let Some(role) = role {
                    let _ = conn
                        .execute(AssertSqlSafe(format!("DROP ROLE IF EXISTS {role}")))
                        .await;
                }
            });
        })
        .join();
    }
}

/// A `postgres://` URL for a database on the test server, as the owner.
pub fn url_of(name: &str) -> String {
    let options = server_options();
    let host = options.get_host();
    if host.starts_with('/') {
        format!(
            "postgres://{}@localhost:{}/{name}?host={host}",
            options.get_username(),
            options.get_port()
        )
    } else {
        format!(
            "postgres://{}@{host}:{}/{name}",
            options.get_username(),
            options.get_port()
        )
    }
}
