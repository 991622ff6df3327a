//! Fresh databases for tests: SQLite in a temporary directory, or a new
//! database on the PostgreSQL server `FIRSTLINE_TEST_POSTGRES` names. Each is
//! removed when the test ends, passing or not. Shared by the test binaries
//! through `#[path]`.

// Each test binary uses part of this module; what one leaves unused is not dead.
#![allow(dead_code)]

use firstline_server::store::{Database, PostgresStore, SqliteStore};
use sqlx::{Connection as _, Executor as _, PgConnection};
use std::sync::Arc;
use tempfile::TempDir;

/// A store on a database of its own, and raw access to that database.
pub struct TestDb {
    pub store: Arc<dyn Database>,
    raw: Raw,
    /// Where the database is, to open more connections to it.
    url: String,
    /// Removes the database when the test ends, passing or not.
    _cleanup: Cleanup,
}

enum Raw {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

enum Cleanup {
    Sqlite { _dir: TempDir },
    Postgres { admin_url: String, name: String },
}

impl TestDb {
    /// The SQLite store, when this is a SQLite database.
    pub fn sqlite_store(&self) -> Option<SqliteStore> {
        match &self.raw {
            Raw::Sqlite(store) => Some(store.clone()),
            Raw::Postgres(_) => None,
        }
    }

    /// The PostgreSQL store, when this is a PostgreSQL database.
    pub fn postgres_store(&self) -> Option<PostgresStore> {
        match &self.raw {
            Raw::Postgres(store) => Some(store.clone()),
            Raw::Sqlite(_) => None,
        }
    }

    /// Where the database is.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A second store on the same database, with a pool of its own: what
    /// another server process would have.
    pub async fn second_process(&self) -> Arc<dyn Database> {
        match &self.raw {
            Raw::Sqlite(_) => {
                Arc::new(SqliteStore::connect(&self.url).await.expect("SQLite opens"))
            }
            Raw::Postgres(_) => Arc::new(
                PostgresStore::connect(&self.url)
                    .await
                    .expect("PostgreSQL store opens"),
            ),
        }
    }

    /// Another fresh database on the same backend.
    pub async fn sibling(&self) -> TestDb {
        match &self.raw {
            Raw::Sqlite(_) => sqlite().await,
            Raw::Postgres(_) => postgres().await.expect("PostgreSQL is configured"),
        }
    }

    /// The session store on this database.
    pub fn sessions(&self) -> firstline_server::http::Sessions {
        use firstline_server::http::Sessions;
        match &self.raw {
            Raw::Sqlite(store) => Sessions::Sqlite(tower_sessions_sqlx_store::SqliteStore::new(
                store.pool().clone(),
            )),
            Raw::Postgres(store) => Sessions::Postgres(
                tower_sessions_sqlx_store::PostgresStore::new(store.pool().clone()),
            ),
        }
    }

    /// Runs SQL that the store never would (to prove what the schema forbids).
    pub async fn raw_execute(&self, sql: &str) -> Result<u64, sqlx::Error> {
        match &self.raw {
            Raw::Sqlite(store) => Ok(sqlx::query(sql)
                .execute(store.pool())
                .await?
                .rows_affected()),
            Raw::Postgres(store) => Ok(sqlx::query(sql)
                .execute(store.pool())
                .await?
                .rows_affected()),
        }
    }
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        if let Cleanup::Postgres { admin_url, name } = self {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            // Drop cannot await, and may run while a test unwinds: a thread of
            // its own with its own runtime removes the database.
            let dropped = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()?;
                runtime.block_on(async {
                    let mut admin = PgConnection::connect(&admin_url).await?;
                    admin.execute(sql.as_str()).await?;
                    anyhow::Ok(())
                })
            })
            .join();
            if !matches!(dropped, Ok(Ok(()))) {
                eprintln!("could not drop the test database {name}: {dropped:?}");
            }
        }
    }
}

/// A fresh SQLite database in a temporary directory.
pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("store.db").display());
    let store = SqliteStore::connect(&url).await.expect("SQLite opens");
    TestDb {
        store: Arc::new(store.clone()),
        raw: Raw::Sqlite(store),
        url,
        _cleanup: Cleanup::Sqlite { _dir: dir },
    }
}

/// A fresh PostgreSQL database on the server `FIRSTLINE_TEST_POSTGRES`
/// names, or `None` (with a note) when it is unset outside CI.
pub async fn postgres() -> Option<TestDb> {
    let Ok(admin_url) = std::env::var("FIRSTLINE_TEST_POSTGRES") else {
        if std::env::var("CI").is_ok_and(|ci| ci == "true") {
            panic!(
                "CI=true: set FIRSTLINE_TEST_POSTGRES to a PostgreSQL URL; the suite is never skipped in CI"
            );
        }
        eprintln!("FIRSTLINE_TEST_POSTGRES is not set: skipping the PostgreSQL run of this case");
        return None;
    };
    let name = format!("firstline_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = PgConnection::connect(&admin_url).await.unwrap_or_else(|e| {
        panic!("FIRSTLINE_TEST_POSTGRES is set but PostgreSQL is unreachable: {e}")
    });
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("create the test database");
    let cleanup = Cleanup::Postgres {
        admin_url: admin_url.clone(),
        name: name.clone(),
    };
    let url = database_url(&admin_url, &name);
    let store = PostgresStore::connect(&url)
        .await
        .expect("PostgreSQL store opens");
    Some(TestDb {
        store: Arc::new(store.clone()),
        raw: Raw::Postgres(store),
        url,
        _cleanup: cleanup,
    })
}

/// An empty PostgreSQL database (no tables), removed afterwards.
pub struct EmptyDb {
    url: String,
    _cleanup: Cleanup,
}

impl EmptyDb {
    /// Where it is.
    pub fn url(&self) -> &str {
        &self.url
    }
}

/// A fresh, empty PostgreSQL database (nothing migrated into it), or `None`
/// as for [`postgres`].
pub async fn empty_postgres() -> Option<EmptyDb> {
    let admin_url = std::env::var("FIRSTLINE_TEST_POSTGRES").ok()?;
    let name = format!("firstline_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = PgConnection::connect(&admin_url)
        .await
        .expect("PostgreSQL is reachable");
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("create the test database");
    Some(EmptyDb {
        url: database_url(&admin_url, &name),
        _cleanup: Cleanup::Postgres { admin_url, name },
    })
}

/// The server URL with its database name replaced.
fn database_url(server: &str, name: &str) -> String {
    let (base, query) = server
        .split_once('?')
        .map_or((server, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{base}/{name}?{query}"),
        None => format!("{base}/{name}"),
    }
}

#[test]
fn database_urls_swap_only_the_name() {
    assert_eq!(
        database_url("postgres://u@h:5432/test", "x"),
        "postgres://u@h:5432/x"
    );
    assert_eq!(
        database_url("postgres://u@h/test?sslmode=disable", "x"),
        "postgres://u@h/x?sslmode=disable"
    );
    assert_eq!(database_url("postgres://h", "x"), "postgres://h/x");
}
