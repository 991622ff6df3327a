//! The one SQL implementation of every store trait, over a [`Dialect`]:
//! SQLite and PostgreSQL run the same statements in the same transactions,
//! and differ only in placeholders, time and JSON types, how a write
//! transaction begins, and whether the database announces commits.
//!
//! Each store job is implemented in a file of its own (`tickets.rs`,
//! `log.rs`, `presence.rs`, `wall.rs`, `sla.rs`, `documents.rs`, `dump.rs`,
//! `accounts.rs`, `audit.rs`). Statements are written once, beside the code
//! that runs them, with `?` placeholders; [`sql!`] turns each into its
//! dialect the first time it runs and keeps it for the life of the process.

mod accounts;
mod audit;
mod documents;
mod dump;
mod knowledge;
mod listing;
mod log;
mod outbox;
mod presence;
mod register;
mod reporter;
mod review;
pub(super) mod rows;
mod search;
mod sla;
mod tickets;
mod training;
mod wall;

use super::{Announcements, Database, StoreError};
use async_trait::async_trait;
use rows::{Columns, Value};
use sqlx::query::Query;
use sqlx::{Executor, IntoArguments, Pool};
use std::marker::PhantomData;
use tokio::sync::watch;

/// A query of database `DB` with its arguments.
pub type DbQuery<'q, DB> = Query<'q, DB, <DB as sqlx::Database>::Arguments<'q>>;

/// What differs between the SQL backends.
pub trait Dialect: Send + Sync + 'static {
    /// The sqlx database, whose rows read as [`Columns`].
    type Db: sqlx::Database<Row: Columns> + sqlx::database::HasStatementCache;
    /// Which of the dialects this is: the slot [`sql!`] keeps its
    /// statements in.
    const ID: usize;
    /// Placeholders are numbered (`$1`) rather than plain (`?`).
    const NUMBERED: bool;
    /// The statement that starts a write transaction.
    const BEGIN_WRITE: &'static str;
    /// How a JSON parameter is written (PostgreSQL casts text to jsonb).
    const JSON_PARAMETER: &'static str;
    /// How the `body` column is read back as text.
    const JSON_COLUMN: &'static str;
    /// Inserting rows with their own ids needs this on PostgreSQL.
    const OVERRIDING: &'static str;
    /// Statements run after a restore, inside its transaction.
    const AFTER_RESTORE: &'static [&'static str];
    /// What locks a row read inside a write transaction (SQLite's
    /// `BEGIN IMMEDIATE` already holds the whole database).
    const FOR_UPDATE: &'static str;
    /// A `WITH` clause may hold writes (PostgreSQL): a registration is then
    /// one statement, one round trip, instead of a transaction of four.
    const WRITES_IN_WITH: bool;
    /// How the search index's terms are written as a parameter.
    const SEARCH_TERMS: &'static str;
    /// The newest `?5` documents of `search_index` that answer the query
    /// `?1`, as `doc` (the row id) and `score` (a double, higher being
    /// better: BM25 on SQLite, `ts_rank` on PostgreSQL). Only these rows
    /// are scored.
    const SEARCH_WINDOW: &'static str;

    /// The index's terms (each letters and digits, or a marker) as
    /// [`Self::SEARCH_TERMS`] takes them.
    fn search_terms(terms: &[String]) -> String;

    /// A query for documents holding every term (`all`) or any of them, and
    /// each of the `required` marker terms, as [`Self::SEARCH_WINDOW`] takes
    /// it; `terms` is not empty.
    fn search_query(terms: &[String], all: bool, required: &[String]) -> String;

    /// Binds one value the backend's way.
    fn bind<'q>(query: DbQuery<'q, Self::Db>, value: Value<'q>) -> DbQuery<'q, Self::Db>;

    /// How many rows a statement changed.
    fn rows_affected(result: &<Self::Db as sqlx::Database>::QueryResult) -> u64;

    /// Follows the database's announcements, where it makes them; says
    /// whether it will.
    fn follow_announcements(
        _pool: &Pool<Self::Db>,
        _announcements: Announcements,
        _closing: watch::Receiver<bool>,
    ) -> bool {
        false
    }

    /// The statement that announces a presence change, given `desk:seq`,
    /// where the database carries announcements.
    const ANNOUNCE_PRESENCE: Option<&'static str> = None;

    /// The statement that locks a key (a text) until the transaction ends,
    /// where writers do not already exclude each other.
    const LOCK_KEY: Option<&'static str> = None;

    /// The statement that tries to take the SLA sweep's lease for the
    /// connection's life, answering `held`, where several processes can
    /// share the database.
    const TRY_LEASE: Option<&'static str> = None;

    /// A statement written with `?` placeholders, in this dialect. A
    /// placeholder that names its parameter (`?2`, for a value used twice)
    /// keeps its number.
    fn sql(template: &str) -> String {
        if !Self::NUMBERED {
            return template.to_owned();
        }
        let mut out = String::with_capacity(template.len() + 8);
        let mut n = 0;
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '?' {
                out.push(c);
                continue;
            }
            out.push('$');
            if chars.peek().is_some_and(char::is_ascii_digit) {
                while let Some(digit) = chars.next_if(char::is_ascii_digit) {
                    out.push(digit);
                }
            } else {
                n += 1;
                out.push_str(&n.to_string());
            }
        }
        out
    }
}

/// A statement in dialect `D`, from a template with `?` placeholders (any
/// expression that yields one). It is made the first time this line runs
/// for the dialect and kept, so a statement costs nothing to find again.
/// A line whose statement differs by some key (the table of a
/// [`Document`](crate::store::Document)) names the key's slot and how many
/// there are: `sql!(D, slot, count; template)`.
macro_rules! sql {
    ($dialect:ty, $slot:expr, $count:expr; $template:expr $(,)?) => {{
        static MADE: [[::std::sync::OnceLock<String>; $count]; 2] =
            [const { [const { ::std::sync::OnceLock::new() }; $count] }; 2];
        MADE[<$dialect as $crate::store::sql::Dialect>::ID][$slot]
            .get_or_init(|| <$dialect as $crate::store::sql::Dialect>::sql(&$template))
            .as_str()
    }};
    ($dialect:ty, $template:expr $(,)?) => {
        $crate::store::sql::sql!($dialect, 0, 1; $template)
    };
}
pub(crate) use sql;

/// A pool of connections of one dialect.
pub struct SqlStore<D: Dialect> {
    pub(super) pool: Pool<D::Db>,
    dialect: PhantomData<D>,
}

impl<D: Dialect> Clone for SqlStore<D> {
    fn clone(&self) -> Self {
        Self::new(self.pool.clone())
    }
}

impl<D: Dialect> std::fmt::Debug for SqlStore<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqlStore")
            .field("pool", &self.pool)
            .finish_non_exhaustive()
    }
}

impl<D: Dialect> SqlStore<D> {
    /// A store over an open, migrated pool.
    pub(super) fn new(pool: Pool<D::Db>) -> Self {
        Self {
            pool,
            dialect: PhantomData,
        }
    }

    /// The underlying pool, for benchmarks and tests that need raw SQL.
    pub fn pool(&self) -> &Pool<D::Db> {
        &self.pool
    }
}

/// A statement with its values bound the dialect's way.
pub(super) fn query<'q, D: Dialect>(
    sql: &'q str,
    values: impl IntoIterator<Item = Value<'q>>,
) -> DbQuery<'q, D::Db> {
    values.into_iter().fold(sqlx::query(sql), D::bind)
}

#[async_trait]
impl<D: Dialect> Database for SqlStore<D>
where
    for<'c> &'c mut <D::Db as sqlx::Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as sqlx::Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn close(&self) {
        self.pool.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::Dialect;
    use crate::store::{PostgresDialect, SqliteDialect};

    #[test]
    fn statements_are_written_once_with_question_marks() {
        let template = "UPDATE t SET a = ? WHERE b = ? AND c = ?";
        assert_eq!(SqliteDialect::sql(template), template);
        assert_eq!(
            PostgresDialect::sql(template),
            "UPDATE t SET a = $1 WHERE b = $2 AND c = $3"
        );
    }

    #[test]
    fn a_placeholder_that_names_its_parameter_keeps_its_number() {
        let template = "SELECT x FROM t WHERE a = ?1 OR b = ?1 LIMIT ?2";
        assert_eq!(SqliteDialect::sql(template), template);
        assert_eq!(
            PostgresDialect::sql(template),
            "SELECT x FROM t WHERE a = $1 OR b = $1 LIMIT $2"
        );
    }

    #[test]
    fn each_dialect_keeps_its_own_statements() {
        fn made<D: Dialect>() -> &'static str {
            sql!(D, "SELECT ? AS a, ? AS b")
        }
        assert_eq!(made::<PostgresDialect>(), "SELECT $1 AS a, $2 AS b");
        assert_eq!(made::<SqliteDialect>(), "SELECT ? AS a, ? AS b");
        assert_eq!(made::<PostgresDialect>(), "SELECT $1 AS a, $2 AS b");
    }
}
