//! The PostgreSQL dialect, for teams that outgrow one machine: several
//! Firstline processes can share one database.

use super::sql::rows::{Columns, Value};
use super::sql::{DbQuery, Dialect, SqlStore};
use super::{Announcements, StoreError};
use anyhow::Context as _;
use chrono::{DateTime, Utc};
use firstline_app::domain::{DeskId, TicketNumber};
use sqlx::postgres::{PgListener, PgPool, PgPoolOptions, PgQueryResult, PgRow};
use sqlx::{Postgres, Row};
use std::time::Duration;
use tokio::sync::watch;

/// PostgreSQL's way with SQL.
#[derive(Debug)]
pub struct PostgresDialect;

/// The store on one PostgreSQL database.
pub type PostgresStore = SqlStore<PostgresDialect>;

impl Dialect for PostgresDialect {
    type Db = Postgres;
    const ID: usize = 1;
    const NUMBERED: bool = true;
    // READ COMMITTED: a concurrent update of the same ticket row waits, then
    // re-checks the version, so exactly one writer wins.
    const BEGIN_WRITE: &'static str = "BEGIN";
    const JSON_PARAMETER: &'static str = "{}::jsonb";
    const JSON_COLUMN: &'static str = "body::text";
    const OVERRIDING: &'static str = "OVERRIDING SYSTEM VALUE";
    const FOR_UPDATE: &'static str = " FOR UPDATE";
    const WRITES_IN_WITH: bool = true;
    // The tsvector and tsquery are written literally, so no text search
    // configuration (or the server's locale) changes a term.
    const SEARCH_TERMS: &'static str = "CAST(? AS tsvector)";
    // The newest matches are chosen first, and only they are scored.
    const SEARCH_WINDOW: &'static str = "SELECT w.rowid AS doc, \
         CAST(ts_rank(w.terms, CAST(?1 AS tsquery)) AS DOUBLE PRECISION) AS score \
         FROM (SELECT rowid, terms FROM search_index WHERE terms @@ CAST(?1 AS tsquery) \
         ORDER BY rowid DESC LIMIT ?5) AS w";

    fn search_terms(terms: &[String]) -> String {
        tsvector_literal(terms)
    }

    fn search_query(terms: &[String], all: bool, required: &[String]) -> String {
        // A term holds no quote or backslash, so quoting it is enough.
        let quoted =
            |terms: &[String]| -> Vec<String> { terms.iter().map(|t| format!("'{t}'")).collect() };
        let wanted = quoted(terms).join(if all { " & " } else { " | " });
        std::iter::once(format!("({wanted})"))
            .chain(quoted(required))
            .collect::<Vec<_>>()
            .join(" & ")
    }

    // Restored rows came with their ids: move each identity past the largest.
    const AFTER_RESTORE: &'static [&'static str] = &[
        "SELECT setval(pg_get_serial_sequence('desks', 'id'), GREATEST((SELECT MAX(id) FROM desks), 1))",
        "SELECT setval(pg_get_serial_sequence('tickets', 'id'), GREATEST((SELECT MAX(id) FROM tickets), 1))",
        "SELECT setval(pg_get_serial_sequence('ticket_events', 'id'), GREATEST((SELECT MAX(id) FROM ticket_events), 1))",
        "SELECT setval(pg_get_serial_sequence('users', 'id'), GREATEST((SELECT MAX(id) FROM users), 1))",
        "SELECT setval(pg_get_serial_sequence('api_tokens', 'id'), GREATEST((SELECT MAX(id) FROM api_tokens), 1))",
        "SELECT setval(pg_get_serial_sequence('display_tokens', 'id'), GREATEST((SELECT MAX(id) FROM display_tokens), 1))",
        "SELECT setval(pg_get_serial_sequence('audit_log', 'id'), GREATEST((SELECT MAX(id) FROM audit_log), 1))",
        "SELECT setval(pg_get_serial_sequence('status_links', 'id'), GREATEST((SELECT MAX(id) FROM status_links), 1))",
        "SELECT setval(pg_get_serial_sequence('outbox', 'id'), GREATEST((SELECT MAX(id) FROM outbox), 1))",
        "SELECT setval(pg_get_serial_sequence('articles', 'id'), GREATEST((SELECT MAX(id) FROM articles), 1))",
    ];

    fn bind<'q>(query: DbQuery<'q, Postgres>, value: Value<'q>) -> DbQuery<'q, Postgres> {
        match value {
            Value::Int(v) => query.bind(v),
            Value::Text(v) => query.bind(v),
            Value::Flag(v) => query.bind(v),
            Value::Time(v) => query.bind(v),
            Value::MaybeTime(v) => query.bind(v),
            Value::MaybeInt(v) => query.bind(v),
            Value::MaybeText(v) => query.bind(v),
        }
    }

    fn rows_affected(result: &PgQueryResult) -> u64 {
        result.rows_affected()
    }

    const ANNOUNCE_PRESENCE: Option<&'static str> =
        Some("SELECT pg_notify('firstline_presence', $1)");

    // READ COMMITTED lets two transactions count the same rows at once; a
    // transaction-scoped advisory lock on the key's hash orders them.
    const LOCK_KEY: Option<&'static str> =
        Some("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))");

    // A session-level advisory lock: PostgreSQL lets it go the moment the
    // holding connection ends, however its process ended.
    const TRY_LEASE: Option<&'static str> =
        Some("SELECT pg_try_advisory_lock(hashtextextended('firstline_sla_sweep', 0)) AS held");

    fn follow_announcements(
        pool: &PgPool,
        announcements: Announcements,
        mut closing: watch::Receiver<bool>,
    ) -> bool {
        let pool = pool.clone();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    () = listen(&pool, &announcements) => {}
                    _ = closing.wait_for(|closing| *closing) => return,
                }
                // The connection failed: what was missed meanwhile is found
                // by the feed's poll; listen again shortly.
                tokio::select! {
                    () = tokio::time::sleep(Duration::from_secs(1)) => {}
                    _ = closing.wait_for(|closing| *closing) => return,
                }
            }
        });
        true
    }
}

/// The channel the `ticket_events` trigger notifies (migration 7).
const LOG_CHANNEL: &str = "firstline_log";

/// The channel presence changes are announced on, as `desk:seq`.
const PRESENCE_CHANNEL: &str = "firstline_presence";

/// Passes on each announcement, until the connection fails.
async fn listen(pool: &PgPool, announcements: &Announcements) {
    let listener = async {
        let mut listener = PgListener::connect_with(pool).await?;
        listener.listen_all([LOG_CHANNEL, PRESENCE_CHANNEL]).await?;
        // Entries committed while the listener connected are read now.
        announcements.log.notify_one();
        loop {
            let notification = listener.recv().await?;
            if notification.channel() == PRESENCE_CHANNEL {
                if let Some((desk, number)) = presence_payload(notification.payload()) {
                    (announcements.presence)(desk, number);
                }
            } else {
                announcements.log.notify_one();
            }
        }
    };
    let result: Result<(), sqlx::Error> = listener.await;
    if let Err(error) = result {
        tracing::warn!(%error, "lost the PostgreSQL announcements; listening again");
    }
}

/// Reads a presence announcement: `desk:seq`.
fn presence_payload(payload: &str) -> Option<(DeskId, TicketNumber)> {
    let (desk, seq) = payload.split_once(':')?;
    Some((
        DeskId(desk.parse().ok()?),
        TicketNumber::new(seq.parse().ok()?)?,
    ))
}

impl PostgresStore {
    /// Connects to the database at `url` and runs the migrations (several
    /// processes starting at once take turns, under sqlx's advisory lock).
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await
            .with_context(|| format!("Failed to connect to PostgreSQL at {}", redact(url)))?;
        sqlx::migrate!("migrations/postgres")
            .run(&pool)
            .await
            .context("Failed to migrate the PostgreSQL database")?;
        Ok(Self::new(pool))
    }
}

/// The URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            let user = credentials.split(':').next().unwrap_or_default();
            format!("{}{user}@{}", &url[..scheme + 3], &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

impl Columns for PgRow {
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
        Ok(self.try_get(column)?)
    }
    fn opt_time(&self, column: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
        Ok(self.try_get(column)?)
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

/// The most positions PostgreSQL keeps for one lexeme, and the highest
/// position it records.
const MAX_POSITIONS: usize = 256;
const MAX_POSITION: usize = 16383;

/// Terms as a tsvector literal: each distinct term once, quoted, with the
/// positions where it stands (`'nginx':1,4 '报错':3`), so that `ts_rank`
/// counts how often it occurs. Terms hold letters and digits only.
fn tsvector_literal(terms: &[String]) -> String {
    let mut positions: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for (i, term) in terms.iter().enumerate() {
        let at = (i + 1).min(MAX_POSITION);
        let list = positions.entry(term).or_default();
        if list.len() < MAX_POSITIONS && list.last() != Some(&at) {
            list.push(at);
        }
    }
    let mut out = String::new();
    for (term, at) in positions {
        if !out.is_empty() {
            out.push(' ');
        }
        let at: Vec<String> = at.iter().map(usize::to_string).collect();
        out.push_str(&format!("'{term}':{}", at.join(",")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{MAX_POSITION, MAX_POSITIONS, presence_payload, redact, tsvector_literal};
    use firstline_app::domain::{DeskId, TicketNumber};

    #[test]
    fn a_presence_announcement_names_the_desk_and_the_ticket() {
        assert_eq!(
            presence_payload("3:42"),
            Some((DeskId(3), TicketNumber::new(42).unwrap()))
        );
        for bad in ["", "3", "x:42", "3:0", "3:-1"] {
            assert_eq!(presence_payload(bad), None, "{bad}");
        }
    }

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("postgres://desk:s3cret@db:5432/firstline"),
            "postgres://desk@db:5432/firstline"
        );
        assert_eq!(redact("postgres://db/firstline"), "postgres://db/firstline");
    }

    #[test]
    fn a_tsvector_literal_lists_each_term_with_its_positions() {
        let terms: Vec<String> = ["nginx", "502", "nginx"].map(String::from).into();
        assert_eq!(tsvector_literal(&terms), "'502':2 'nginx':1,3");
    }

    #[test]
    fn a_tsvector_literal_stays_within_postgresql_limits() {
        let terms = vec!["a".to_owned(); 20_000];
        let literal = tsvector_literal(&terms);
        assert_eq!(literal.matches(',').count(), MAX_POSITIONS - 1);
        let many: Vec<String> = (0..20_000).map(|i| format!("w{i}")).collect();
        let literal = tsvector_literal(&many);
        let highest = literal
            .split(' ')
            .filter_map(|lexeme| lexeme.rsplit(':').next()?.parse::<usize>().ok())
            .max();
        assert_eq!(highest, Some(MAX_POSITION));
    }
}
