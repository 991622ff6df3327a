//! The SQLite dialect: the embedded default, in WAL mode. Times are stored as
//! milliseconds since the Unix epoch.

use super::StoreError;
use super::sql::rows::{Columns, Value};
use super::sql::{DbQuery, Dialect, SqlStore};
use anyhow::Context as _;
use chrono::{DateTime, Utc};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteQueryResult, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{Row, Sqlite};
use std::{str::FromStr, time::Duration};

/// SQLite's way with SQL.
#[derive(Debug)]
pub struct SqliteDialect;

/// The store on one SQLite database file.
pub type SqliteStore = SqlStore<SqliteDialect>;

impl Dialect for SqliteDialect {
    type Db = Sqlite;
    const ID: usize = 0;
    const NUMBERED: bool = false;
    // Takes the write lock up front, so two writers queue on the busy
    // timeout instead of failing when one upgrades from reading to writing.
    const BEGIN_WRITE: &'static str = "BEGIN IMMEDIATE";
    const JSON_PARAMETER: &'static str = "{}";
    const JSON_COLUMN: &'static str = "body";
    const OVERRIDING: &'static str = "";
    const FOR_UPDATE: &'static str = "";
    const WRITES_IN_WITH: bool = false;
    // AUTOINCREMENT and rowids follow inserted ids by themselves.
    const AFTER_RESTORE: &'static [&'static str] = &[];
    // The FTS5 table keeps the terms as text; its `ascii` tokenizer splits
    // them at the spaces only, since each term is letters and digits or a
    // marker (`§desk1`: it keeps every non-ASCII character in a token).
    const SEARCH_TERMS: &'static str = "?";
    // FTS5 reads its matches newest first and stops at the limit, so only
    // those are scored. bm25() is lower for better matches.
    const SEARCH_WINDOW: &'static str = "SELECT rowid AS doc, -bm25(search_index) AS score \
         FROM search_index WHERE search_index MATCH ?1 ORDER BY rowid DESC LIMIT ?5";

    fn search_terms(terms: &[String]) -> String {
        terms.join(" ")
    }

    fn search_query(terms: &[String], all: bool, required: &[String]) -> String {
        // Each term quoted as an FTS5 string: a term holds no quote, and no
        // word of the query is read as an operator.
        let quoted = |terms: &[String]| -> Vec<String> {
            terms.iter().map(|t| format!("\"{t}\"")).collect()
        };
        let wanted = quoted(terms).join(if all { " AND " } else { " OR " });
        std::iter::once(format!("({wanted})"))
            .chain(quoted(required))
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    fn bind<'q>(query: DbQuery<'q, Sqlite>, value: Value<'q>) -> DbQuery<'q, Sqlite> {
        match value {
            Value::Int(v) => query.bind(v),
            Value::Text(v) => query.bind(v),
            Value::Flag(v) => query.bind(v),
            Value::Time(v) => query.bind(v.timestamp_millis()),
            Value::MaybeTime(v) => query.bind(v.map(|v| v.timestamp_millis())),
            Value::MaybeInt(v) => query.bind(v),
            Value::MaybeText(v) => query.bind(v),
        }
    }

    fn rows_affected(result: &SqliteQueryResult) -> u64 {
        result.rows_affected()
    }
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `url`, runs the
    /// migrations, and starts checkpointing the write-ahead log in the
    /// background.
    ///
    /// WAL lets readers work while a ticket is written; `synchronous = FULL`
    /// makes every committed ticket survive a power cut. SQLite would
    /// checkpoint the log on whichever connection commits once the log holds
    /// 1,000 pages, making that writer wait while the pages are copied into
    /// the database and synced; here a task of the store's own does it every
    /// [`CHECKPOINT_EVERY`], so commits only append to the log and sync it.
    /// SQLite's own checkpoint stays as a backstop, at [`CHECKPOINT_BACKSTOP`]
    /// pages, should the task fall behind.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        let options = SqliteConnectOptions::from_str(url)
            .with_context(|| format!("Failed to parse the SQLite URL {url}"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5))
            .pragma("wal_autocheckpoint", CHECKPOINT_BACKSTOP.to_string());
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .with_context(|| format!("Failed to open the SQLite database {url}"))?;
        sqlx::migrate!("migrations/sqlite")
            .run(&pool)
            .await
            .context("Failed to migrate the SQLite database")?;
        tokio::spawn(checkpoint_forever(pool.clone()));
        Ok(Self::new(pool))
    }
}

/// How often the background task checkpoints the write-ahead log.
pub const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);

/// The log's size, in pages, at which a committing connection checkpoints
/// it after all (SQLite's default is 1,000).
pub const CHECKPOINT_BACKSTOP: u32 = 20_000;

/// Copies the log's committed pages into the database file every
/// [`CHECKPOINT_EVERY`], without waiting for readers or writers (a passive
/// checkpoint takes what it can and leaves the rest for the next round),
/// until the pool is closed.
async fn checkpoint_forever(pool: sqlx::SqlitePool) {
    let mut every = tokio::time::interval(CHECKPOINT_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if pool.is_closed() {
            return;
        }
        if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&pool)
            .await
        {
            if pool.is_closed() {
                return;
            }
            tracing::warn!(%error, "checkpointing the SQLite log failed; retrying");
        }
    }
}

impl Columns for SqliteRow {
    fn int(&self, column: &str) -> Result<i64, StoreError> {
        Ok(self.try_get(column)?)
    }
    fn text(&self, column: &str) -> Result<String, StoreError> {
        Ok(self.try_get(column)?)
    }
    fn flag(&self, column: &str) -> Result<bool, StoreError> {
        Ok(self.try_get(column)?)
    }
    fn time(&self, column: &str) -> Result<DateTime<Utc>, StoreError> {
        let millis: i64 = self.try_get(column)?;
        DateTime::from_timestamp_millis(millis)
            .ok_or_else(|| StoreError::Corrupt(format!("{column} = {millis}")))
    }
    fn opt_time(&self, column: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
        let millis: Option<i64> = self.try_get(column)?;
        millis
            .map(|m| {
                DateTime::from_timestamp_millis(m)
                    .ok_or_else(|| StoreError::Corrupt(format!("{column} = {m}")))
            })
            .transpose()
    }
    fn opt_int(&self, column: &str) -> Result<Option<i64>, StoreError> {
        Ok(self.try_get(column)?)
    }
    fn opt_text(&self, column: &str) -> Result<Option<String>, StoreError> {
        Ok(self.try_get(column)?)
    }

    fn real(&self, column: &str) -> Result<f64, StoreError> {
        Ok(self.try_get(column)?)
    }
}
