//! The one SQL implementation of [`Store`], over a [`Dialect`]: SQLite and
//! PostgreSQL run the same statements in the same transactions, and differ
//! only in placeholders, time and JSON types, and how a write transaction
//! begins.

use super::Announcements;
use super::accounts::NewAuditEntry;
use super::dump::TableDump;
use super::rows::{self, Columns, STATE_COLUMNS, TICKET_COLUMNS, Value, constraint};
use super::sql_accounts::{INSERT_AUDIT, audit_values};
use super::{
    DayCounts, Document, Dump, LogEntry, LogScope, NewTicket, Resolution, Store, StoreError,
    TicketUpdate, VersionRecord, Viewer,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use firstline_app::domain::sla::{Crossing, SlaSnapshot};
use firstline_app::domain::{
    Change, DeskId, DeskKind, Priority, Ticket, TicketEvent, TicketId, TicketNumber, UserId,
};
use sqlx::query::Query;
use sqlx::{Database, Executor, IntoArguments, Pool, Transaction};
use std::marker::PhantomData;
use tokio::sync::watch;
use tracing::instrument;

/// The name the desk writes into the log for what it records by itself.
pub const SYSTEM_ACTOR: &str = "Firstline";

/// A query of database `DB` with its arguments.
pub type DbQuery<'q, DB> = Query<'q, DB, <DB as Database>::Arguments<'q>>;

/// What differs between the SQL backends.
pub trait Dialect: Send + Sync + 'static {
    /// The sqlx database.
    type Db: Database;
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

    /// Binds one value the backend's way.
    fn bind<'q>(query: DbQuery<'q, Self::Db>, value: Value<'q>) -> DbQuery<'q, Self::Db>;

    /// How many rows a statement changed.
    fn rows_affected(result: &<Self::Db as Database>::QueryResult) -> u64;

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

    /// A statement written with `?` placeholders, in this dialect.
    fn sql(template: &str) -> String {
        if !Self::NUMBERED {
            return template.to_owned();
        }
        let mut out = String::with_capacity(template.len() + 8);
        let mut n = 0;
        for c in template.chars() {
            if c == '?' {
                n += 1;
                out.push_str(&format!("${n}"));
            } else {
                out.push(c);
            }
        }
        out
    }
}

/// The statements of one dialect, written once at start-up.
struct Statements {
    create_desk: String,
    next_seq: String,
    insert_ticket: String,
    register_at_once: Option<String>,
    update_ticket: String,
    current_version: String,
    insert_event: String,
    open_tickets: String,
    ticket_by_number: String,
    events: String,
    events_after: String,
    log_after: String,
    dump_desks: String,
    dump_tickets: String,
    dump_events: String,
    count_tickets: String,
    upsert_desk: String,
    restore_ticket: String,
    restore_event: String,
}

impl Statements {
    fn new<D: Dialect>() -> Self {
        let n = D::NUMBERED;
        let p = |count: usize, first: usize| rows::placeholders(count, first, n);
        // The i-th placeholder (from 1) on its own.
        let at = |i: usize| p(1, i);
        let events_columns = format!(
            "id, desk_id, ticket_id, version, at, actor, {} AS body",
            D::JSON_COLUMN
        );
        // Log entries with their desk and ticket number, oldest first.
        let log_after = |condition: &str, limit: &str| {
            format!(
                "SELECT e.id, e.desk_id, e.version, e.at, e.actor, {json} AS body, t.seq \
                 FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id \
                 WHERE {condition} ORDER BY e.id LIMIT {limit}",
                json = D::JSON_COLUMN.replace("body", "e.body"),
            )
        };
        let event_values = format!("{}, {}", p(6, 1), D::JSON_PARAMETER.replace("{}", &at(7)));
        Self {
            create_desk: format!(
                "INSERT INTO desks (kind, name, created_at) VALUES ({}) RETURNING id",
                p(3, 1)
            ),
            next_seq: format!(
                "UPDATE desks SET next_ticket_seq = next_ticket_seq + 1 WHERE id = {} \
                 RETURNING next_ticket_seq - 1 AS seq",
                at(1)
            ),
            insert_ticket: format!(
                "INSERT INTO tickets ({}) VALUES ({}) RETURNING id",
                rows::registration_columns().join(", "),
                p(rows::registration_columns().len(), 1)
            ),
            register_at_once: D::WRITES_IN_WITH.then(|| {
                // The desk row hands out the number and, locked until the
                // statement commits, orders concurrent registrations.
                // $1 is the desk; every other value is the ticket's, in
                // column order, then the event's.
                let mut next = 1;
                let mut param = || {
                    next += 1;
                    format!("${next}")
                };
                let columns = rows::registration_columns();
                let ticket: Vec<String> = columns
                    .iter()
                    .map(|&column| match column {
                        "desk_id" => "$1".to_owned(),
                        "seq" => "s.seq".to_owned(),
                        _ => param(),
                    })
                    .collect();
                let (version, at, actor, kind) = (param(), param(), param(), param());
                let body = D::JSON_PARAMETER.replace("{}", &param());
                format!(
                    "WITH s AS (UPDATE desks SET next_ticket_seq = next_ticket_seq + 1 WHERE id = $1 \
                     RETURNING next_ticket_seq - 1 AS seq), \
                     t AS (INSERT INTO tickets ({}) SELECT {} FROM s RETURNING id, seq), \
                     e AS (INSERT INTO ticket_events (desk_id, ticket_id, version, at, actor, kind, body) \
                     SELECT $1, t.id, {version}, {at}, {actor}, {kind}, {body} FROM t) \
                     SELECT id, seq FROM t",
                    columns.join(", "),
                    ticket.join(", ")
                )
            }),
            update_ticket: {
                let k = STATE_COLUMNS.len();
                format!(
                    "UPDATE tickets SET {} WHERE desk_id = {} AND id = {} AND version = {}",
                    rows::assignments(&STATE_COLUMNS, 1, n),
                    at(k + 1),
                    at(k + 2),
                    at(k + 3)
                )
            },
            current_version: format!(
                "SELECT version FROM tickets WHERE desk_id = {} AND id = {}",
                at(1),
                at(2)
            ),
            insert_event: format!(
                "INSERT INTO ticket_events (desk_id, ticket_id, version, at, actor, kind, body) VALUES ({event_values})"
            ),
            // One statement, so that a page is read from one snapshot. Each
            // branch walks an index in its own order and stops at the limit
            // (the dialects disagree on where NULLs sort, so the tickets
            // with nothing due are a branch of their own); only the at most
            // twice `limit` rows they yield are sorted.
            open_tickets: format!(
                "SELECT * FROM ( \
                   SELECT * FROM (SELECT {TICKET_COLUMNS} FROM tickets WHERE desk_id = {desk} \
                     AND stage NOT IN ('closed', 'archived') AND next_due_at IS NOT NULL \
                     ORDER BY next_due_at, seq LIMIT {limit}) AS due \
                   UNION ALL \
                   SELECT * FROM (SELECT {TICKET_COLUMNS} FROM tickets WHERE desk_id = {desk} \
                     AND stage NOT IN ('closed', 'archived') AND next_due_at IS NULL \
                     ORDER BY seq LIMIT {limit}) AS undated \
                 ) AS page ORDER BY (next_due_at IS NULL), next_due_at, seq LIMIT {limit}",
                // Each parameter appears twice: numbered in both dialects.
                desk = if n { "$1" } else { "?1" },
                limit = if n { "$2" } else { "?2" },
            ),
            ticket_by_number: format!(
                "SELECT {TICKET_COLUMNS} FROM tickets WHERE desk_id = {} AND seq = {}",
                at(1),
                at(2)
            ),
            events: format!(
                "SELECT {events_columns} FROM ticket_events WHERE desk_id = {} AND ticket_id = {} ORDER BY version",
                at(1),
                at(2)
            ),
            events_after: log_after(&format!("e.desk_id = {} AND e.id > {}", at(1), at(2)), &at(3)),
            log_after: log_after(&format!("e.id > {}", at(1)), &at(2)),
            dump_desks: "SELECT id, kind, name, next_ticket_seq, created_at FROM desks ORDER BY id"
                .to_owned(),
            dump_tickets: format!("SELECT {TICKET_COLUMNS} FROM tickets ORDER BY id"),
            dump_events: format!("SELECT {events_columns} FROM ticket_events ORDER BY id"),
            count_tickets: "SELECT COUNT(*) AS n FROM tickets".to_owned(),
            upsert_desk: format!(
                "INSERT INTO desks (id, kind, name, next_ticket_seq, created_at) VALUES ({}) \
                 ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, \
                 next_ticket_seq = excluded.next_ticket_seq, created_at = excluded.created_at",
                p(5, 1)
            ),
            restore_ticket: format!(
                "INSERT INTO tickets (id, {}) {} VALUES ({})",
                rows::registration_columns().join(", "),
                D::OVERRIDING,
                p(rows::registration_columns().len() + 1, 1)
            ),
            restore_event: format!(
                "INSERT INTO ticket_events (id, desk_id, ticket_id, version, at, actor, kind, body) {} VALUES ({}, {})",
                D::OVERRIDING,
                p(7, 1),
                D::JSON_PARAMETER.replace("{}", &at(8))
            ),
        }
    }
}

/// A pool of connections and the statements of its dialect.
pub struct SqlStore<D: Dialect> {
    pub(super) pool: Pool<D::Db>,
    sql: Statements,
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
            sql: Statements::new::<D>(),
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
impl<D> Store for SqlStore<D>
where
    D: Dialect,
    <D::Db as Database>::Row: Columns,
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'c> &'c Pool<D::Db>: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    #[instrument(skip(self))]
    async fn create_desk(
        &self,
        kind: DeskKind,
        name: &str,
        at: DateTime<Utc>,
    ) -> Result<DeskId, StoreError> {
        let row = query::<D>(
            &self.sql.create_desk,
            [
                Value::Text(kind.as_str()),
                Value::Text(name),
                Value::Time(at),
            ],
        )
        .fetch_one(&self.pool)
        .await
        .map_err(constraint)?;
        Ok(DeskId(row.int("id")?))
    }

    #[instrument(skip(self, ticket), fields(desk = desk.0))]
    async fn register(&self, desk: DeskId, ticket: NewTicket) -> Result<Ticket, StoreError> {
        if let Some(sql) = &self.sql.register_at_once {
            return self.register_at_once(sql, desk, ticket).await;
        }
        let mut tx = self.pool.begin_with(D::BEGIN_WRITE).await?;
        // The desk row's lock orders concurrent registrations.
        let seq = query::<D>(&self.sql.next_seq, [Value::Int(desk.0)])
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?
            .int("seq")?;
        let (mut stored, event) = rows::registered(desk, rows::number(seq)?, ticket);
        let row = query::<D>(
            &self.sql.insert_ticket,
            rows::ticket_values(&stored, stored.registered_at),
        )
        .fetch_one(&mut *tx)
        .await
        .map_err(constraint)?;
        stored.id = TicketId(row.int("id")?);
        self.append_event(
            &mut tx,
            desk,
            &stored,
            stored.registered_at,
            &stored.registered_by,
            &event,
        )
        .await?;
        tx.commit().await?;
        Ok(stored)
    }

    #[instrument(skip(self, update), fields(desk = desk.0, ticket = update.ticket.id.0))]
    async fn apply(&self, desk: DeskId, update: TicketUpdate) -> Result<Ticket, StoreError> {
        let mut tx = self.pool.begin_with(D::BEGIN_WRITE).await?;
        let ticket = &update.ticket;
        let guard = [
            Value::Int(desk.0),
            Value::Int(ticket.id.0),
            Value::Int(update.expected_version()),
        ];
        // The version check and the write are one statement: a concurrent
        // writer of the same row waits, then finds the version moved on.
        let state = rows::state_values(ticket, update.at)
            .into_iter()
            .chain(guard);
        let written = query::<D>(&self.sql.update_ticket, state)
            .execute(&mut *tx)
            .await
            .map_err(constraint)?;
        if D::rows_affected(&written) == 0 {
            let current = query::<D>(
                &self.sql.current_version,
                [Value::Int(desk.0), Value::Int(ticket.id.0)],
            )
            .fetch_optional(&mut *tx)
            .await?;
            return Err(match current {
                Some(row) => StoreError::Conflict {
                    current: row.int("version")?,
                },
                None => StoreError::NotFound,
            });
        }
        self.append_event(
            &mut tx,
            desk,
            ticket,
            update.at,
            &update.actor,
            &update.change,
        )
        .await?;
        tx.commit().await?;
        Ok(update.ticket)
    }

    #[instrument(skip(self), fields(desk = desk.0, limit))]
    async fn open_tickets(&self, desk: DeskId, limit: u32) -> Result<Vec<Ticket>, StoreError> {
        let values = [Value::Int(desk.0), Value::Int(i64::from(limit))];
        let found = query::<D>(&self.sql.open_tickets, values)
            .fetch_all(&self.pool)
            .await?;
        found.iter().map(rows::ticket_from_row).collect()
    }

    #[instrument(skip(self), fields(desk = desk.0, number = %number))]
    async fn ticket(
        &self,
        desk: DeskId,
        number: TicketNumber,
    ) -> Result<Option<Ticket>, StoreError> {
        let values = [Value::Int(desk.0), Value::Int(i64::from(number.sequence()))];
        let row = query::<D>(&self.sql.ticket_by_number, values)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(rows::ticket_from_row).transpose()
    }

    #[instrument(skip(self), fields(desk = desk.0, ticket = ticket.0))]
    async fn events(&self, desk: DeskId, ticket: TicketId) -> Result<Vec<TicketEvent>, StoreError> {
        let found = query::<D>(&self.sql.events, [Value::Int(desk.0), Value::Int(ticket.0)])
            .fetch_all(&self.pool)
            .await?;
        found.iter().map(rows::event_from_row).collect()
    }

    async fn events_after(
        &self,
        scope: LogScope,
        after: i64,
        limit: i64,
    ) -> Result<Vec<LogEntry>, StoreError> {
        let read = match scope {
            LogScope::Desk(desk) => query::<D>(
                &self.sql.events_after,
                [Value::Int(desk.0), Value::Int(after), Value::Int(limit)],
            ),
            LogScope::All => {
                query::<D>(&self.sql.log_after, [Value::Int(after), Value::Int(limit)])
            }
        };
        let found = read.fetch_all(&self.pool).await?;
        found
            .iter()
            .map(|row| {
                Ok(LogEntry {
                    desk: DeskId(row.int("desk_id")?),
                    number: rows::number(row.int("seq")?)?,
                    event: rows::event_from_row(row)?,
                })
            })
            .collect()
    }

    async fn note_presence(
        &self,
        desk: DeskId,
        number: TicketNumber,
        user: UserId,
        name: &str,
        editing: Option<bool>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let seq = i64::from(number.sequence());
        let key = [Value::Int(desk.0), Value::Int(seq), Value::Int(user.0)];
        let before = query::<D>(
            &D::sql(
                "SELECT editing FROM presence WHERE desk_id = ? AND ticket_seq = ? AND user_id = ?",
            ),
            key,
        )
        .fetch_optional(&self.pool)
        .await?
        .map(|row| row.flag("editing"))
        .transpose()?;
        match editing {
            Some(editing) => {
                let sql = D::sql(
                    "INSERT INTO presence (desk_id, ticket_seq, user_id, name, editing, seen_at) \
                     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (desk_id, ticket_seq, user_id) \
                     DO UPDATE SET name = excluded.name, editing = excluded.editing, \
                     seen_at = excluded.seen_at",
                );
                let values = [
                    Value::Int(desk.0),
                    Value::Int(seq),
                    Value::Int(user.0),
                    Value::Text(name),
                    Value::Flag(editing),
                    Value::Time(now),
                ];
                query::<D>(&sql, values).execute(&self.pool).await?;
                Ok(before != Some(editing))
            }
            None => {
                let sql = D::sql(
                    "DELETE FROM presence WHERE desk_id = ? AND ticket_seq = ? AND user_id = ?",
                );
                query::<D>(&sql, key).execute(&self.pool).await?;
                Ok(before.is_some())
            }
        }
    }

    async fn presence(
        &self,
        desk: DeskId,
        number: TicketNumber,
        since: DateTime<Utc>,
        except: UserId,
    ) -> Result<Vec<Viewer>, StoreError> {
        let sql = D::sql(
            "SELECT name, editing FROM presence \
             WHERE desk_id = ? AND ticket_seq = ? AND seen_at >= ? AND user_id <> ? ORDER BY name",
        );
        let values = [
            Value::Int(desk.0),
            Value::Int(i64::from(number.sequence())),
            Value::Time(since),
            Value::Int(except.0),
        ];
        query::<D>(&sql, values)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| {
                Ok(Viewer {
                    name: row.text("name")?,
                    editing: row.flag("editing")?,
                })
            })
            .collect()
    }

    async fn day_counts(
        &self,
        desk: DeskId,
        since: DateTime<Utc>,
    ) -> Result<DayCounts, StoreError> {
        let counts = D::sql(
            "SELECT (SELECT COUNT(*) FROM tickets WHERE desk_id = ? AND registered_at >= ?) AS new_today, \
             (SELECT COUNT(DISTINCT ticket_id) FROM ticket_events \
              WHERE desk_id = ? AND kind = 'clock_breached' AND at >= ?) AS breached_today",
        );
        let values = [
            Value::Int(desk.0),
            Value::Time(since),
            Value::Int(desk.0),
            Value::Time(since),
        ];
        let row = query::<D>(&counts, values).fetch_one(&self.pool).await?;
        let (new, breached) = (row.int("new_today")?, row.int("breached_today")?);
        let open = D::sql(
            "SELECT priority, COUNT(*) AS n FROM tickets \
             WHERE desk_id = ? AND stage NOT IN ('closed', 'archived') GROUP BY priority",
        );
        let open = query::<D>(&open, [Value::Int(desk.0)])
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| Ok((row.named("priority", Priority::parse)?, row.int("n")?)))
            .collect::<Result<_, StoreError>>()?;
        let resolved = D::sql(
            "SELECT t.reported_at, MAX(e.at) AS resolved_at, \
             (SELECT COUNT(*) FROM ticket_events b \
              WHERE b.ticket_id = t.id AND b.kind = 'clock_breached') AS breaches \
             FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id \
             WHERE e.desk_id = ? AND e.kind = 'resolved' AND e.at >= ? \
             GROUP BY t.id, t.reported_at",
        );
        let resolutions = query::<D>(&resolved, [Value::Int(desk.0), Value::Time(since)])
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| {
                Ok(Resolution {
                    reported_at: row.time("reported_at")?,
                    resolved_at: row.time("resolved_at")?,
                    breached: row.int("breaches")? > 0,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        Ok(DayCounts {
            new,
            open,
            breached,
            resolutions,
        })
    }

    fn follow_announcements(
        &self,
        announcements: Announcements,
        closing: watch::Receiver<bool>,
    ) -> bool {
        D::follow_announcements(&self.pool, announcements, closing)
    }

    async fn announce_presence(
        &self,
        desk: DeskId,
        number: TicketNumber,
    ) -> Result<bool, StoreError> {
        let Some(sql) = D::ANNOUNCE_PRESENCE else {
            return Ok(false);
        };
        let payload = format!("{}:{}", desk.0, number.sequence());
        query::<D>(sql, [Value::Text(&payload)])
            .execute(&self.pool)
            .await?;
        Ok(true)
    }

    async fn last_event_id(&self, scope: LogScope) -> Result<i64, StoreError> {
        let newest = "SELECT COALESCE(MAX(id), 0) AS last FROM ticket_events";
        let row = match scope {
            LogScope::Desk(desk) => {
                let sql = D::sql(&format!("{newest} WHERE desk_id = ?"));
                query::<D>(&sql, [Value::Int(desk.0)])
                    .fetch_one(&self.pool)
                    .await?
            }
            LogScope::All => query::<D>(newest, []).fetch_one(&self.pool).await?,
        };
        row.int("last")
    }

    async fn due_for_sla(
        &self,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<(DeskId, TicketId)>, StoreError> {
        let sql = D::sql(
            "SELECT desk_id, id FROM tickets WHERE sla_check_at IS NOT NULL AND sla_check_at <= ? \
             ORDER BY sla_check_at LIMIT ?",
        );
        let found = query::<D>(&sql, [Value::Time(now), Value::Int(limit)])
            .fetch_all(&self.pool)
            .await?;
        found
            .iter()
            .map(|row| Ok((DeskId(row.int("desk_id")?), TicketId(row.int("id")?))))
            .collect()
    }

    async fn ticket_by_id(&self, desk: DeskId, id: TicketId) -> Result<Option<Ticket>, StoreError> {
        let sql = D::sql(&format!(
            "SELECT {TICKET_COLUMNS} FROM tickets WHERE desk_id = ? AND id = ?"
        ));
        let row = query::<D>(&sql, [Value::Int(desk.0), Value::Int(id.0)])
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(rows::ticket_from_row).transpose()
    }

    #[instrument(skip(self, crossings, snapshot), fields(desk = desk.0, ticket = ticket.0, crossings = crossings.len()))]
    async fn record_crossings(
        &self,
        desk: DeskId,
        ticket: TicketId,
        expected: i64,
        crossings: &[Crossing],
        at: DateTime<Utc>,
        snapshot: &SlaSnapshot,
    ) -> Result<usize, StoreError> {
        let mut tx = self.pool.begin_with(D::BEGIN_WRITE).await?;
        let lock = D::sql(&format!(
            "SELECT version FROM tickets WHERE desk_id = ? AND id = ?{}",
            D::FOR_UPDATE
        ));
        let mut version = query::<D>(&lock, [Value::Int(desk.0), Value::Int(ticket.0)])
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?
            .int("version")?;
        if version != expected {
            return Ok(0);
        }
        let mark = D::sql(
            "INSERT INTO sla_marks (ticket_id, clock, cycle, started_at, crossing) VALUES (?, ?, ?, ?, ?) \
             ON CONFLICT DO NOTHING",
        );
        let mut added = 0;
        for crossing in crossings {
            let values = [
                Value::Int(ticket.0),
                Value::Text(crossing.clock.as_str()),
                Value::Int(i64::from(crossing.cycle)),
                Value::Time(crossing.started_at),
                Value::Text(crossing.kind.as_str()),
            ];
            let inserted = query::<D>(&mark, values).execute(&mut *tx).await?;
            if D::rows_affected(&inserted) == 1 {
                version += 1;
                let body = rows::event_body(&crossing.change())?;
                let values = [
                    Value::Int(desk.0),
                    Value::Int(ticket.0),
                    Value::Int(version),
                    Value::Time(crossing.at),
                    Value::Text(SYSTEM_ACTOR),
                    Value::Text(crossing.change().kind()),
                    Value::Text(&body),
                ];
                query::<D>(&self.sql.insert_event, values)
                    .execute(&mut *tx)
                    .await
                    .map_err(constraint)?;
                added += 1;
            }
        }
        let update = D::sql(
            "UPDATE tickets SET version = ?, next_clock = ?, next_due_at = ?, next_warning_at = ?, next_paused = ?, \
             next_remaining = ?, sla_check_at = ?, escalated_at = ?, updated_at = ? WHERE desk_id = ? AND id = ?",
        );
        let next = snapshot.next.as_ref();
        let values = [
            Value::Int(version),
            Value::MaybeText(next.map(|n| n.name.as_str())),
            Value::MaybeTime(next.map(|n| n.due_at)),
            Value::MaybeTime(next.and_then(|n| n.warning_at)),
            Value::Flag(next.is_some_and(|n| n.paused)),
            Value::MaybeInt(next.map(|n| n.remaining_seconds)),
            Value::MaybeTime(snapshot.check_at),
            Value::MaybeTime(snapshot.escalated_at),
            Value::Time(at),
            Value::Int(desk.0),
            Value::Int(ticket.0),
        ];
        query::<D>(&update, values).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(added)
    }

    #[instrument(skip(self, body))]
    async fn save_document(
        &self,
        document: Document,
        version: u32,
        body: &str,
        by: &str,
        note: &str,
        at: DateTime<Utc>,
        address: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin_with(D::BEGIN_WRITE).await?;
        let sql = D::sql(&format!(
            "INSERT INTO {} (version, body, created_by, created_at, note) VALUES (?, ?, ?, ?, ?)",
            document.table()
        ));
        let values = [
            Value::Int(i64::from(version)),
            Value::Text(body),
            Value::Text(by),
            Value::Time(at),
            Value::Text(note),
        ];
        query::<D>(&sql, values)
            .execute(&mut *tx)
            .await
            .map_err(constraint)?;
        let entry = NewAuditEntry {
            at,
            actor: by.to_owned(),
            action: document.audit_action(),
            subject: document.subject(version),
            address: address.to_owned(),
            detail: note.to_owned(),
        };
        query::<D>(&D::sql(INSERT_AUDIT), audit_values(&entry))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn document(
        &self,
        document: Document,
        version: u32,
    ) -> Result<Option<String>, StoreError> {
        let sql = D::sql(&format!(
            "SELECT body FROM {} WHERE version = ?",
            document.table()
        ));
        let row = query::<D>(&sql, [Value::Int(i64::from(version))])
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| row.text("body")).transpose()
    }

    async fn latest_versions(
        &self,
        documents: &[Document],
    ) -> Result<Vec<Option<u32>>, StoreError> {
        let columns: Vec<String> = documents
            .iter()
            .enumerate()
            .map(|(i, d)| format!("(SELECT MAX(version) FROM {}) AS v{i}", d.table()))
            .collect();
        let sql = format!("SELECT {}", columns.join(", "));
        let row = query::<D>(&sql, []).fetch_one(&self.pool).await?;
        documents
            .iter()
            .enumerate()
            .map(|(i, d)| {
                row.opt_int(&format!("v{i}"))?
                    .map(|v| {
                        u32::try_from(v)
                            .map_err(|_| StoreError::Corrupt(format!("{} version {v}", d.table())))
                    })
                    .transpose()
            })
            .collect()
    }

    async fn document_history(
        &self,
        document: Document,
    ) -> Result<Vec<VersionRecord<u32>>, StoreError> {
        let sql = format!(
            "SELECT version, created_by, created_at, note FROM {} ORDER BY version DESC",
            document.table()
        );
        let found = query::<D>(&sql, []).fetch_all(&self.pool).await?;
        found
            .iter()
            .map(|row| {
                let version = row.int("version")?;
                Ok(VersionRecord {
                    version: u32::try_from(version).map_err(|_| {
                        StoreError::Corrupt(format!("{} version {version}", document.table()))
                    })?,
                    created_by: row.text("created_by")?,
                    created_at: row.time("created_at")?,
                    note: row.text("note")?,
                })
            })
            .collect()
    }

    #[instrument(skip(self))]
    async fn dump(&self) -> Result<Dump, StoreError> {
        let desks = sqlx::query(&self.sql.dump_desks)
            .fetch_all(&self.pool)
            .await?;
        let tickets = sqlx::query(&self.sql.dump_tickets)
            .fetch_all(&self.pool)
            .await?;
        let events = sqlx::query(&self.sql.dump_events)
            .fetch_all(&self.pool)
            .await?;
        let mut tables = Vec::new();
        for &(table, columns) in rows::COPIED_TABLES.iter().chain(rows::COPIED_AFTER_TICKETS) {
            let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
            let sql = format!(
                "SELECT {} FROM {table} ORDER BY {}",
                names.join(", "),
                names.join(", ")
            );
            let found = sqlx::query(&sql).fetch_all(&self.pool).await?;
            tables.push(TableDump {
                table: table.to_owned(),
                columns: names.iter().map(|name| (*name).to_owned()).collect(),
                rows: found
                    .iter()
                    .map(|row| rows::cells(row, columns))
                    .collect::<Result<_, _>>()?,
            });
        }
        Ok(Dump {
            format: Dump::FORMAT.to_owned(),
            desks: desks
                .iter()
                .map(rows::desk_from_row)
                .collect::<Result<_, _>>()?,
            tickets: tickets
                .iter()
                .map(rows::ticket_from_row)
                .collect::<Result<_, _>>()?,
            events: events
                .iter()
                .map(rows::event_record_from_row)
                .collect::<Result<_, _>>()?,
            tables,
        })
    }

    #[instrument(skip(self, dump), fields(tickets = dump.tickets.len(), events = dump.events.len()))]
    async fn restore(&self, dump: &Dump) -> Result<(), StoreError> {
        let mut tx = self.pool.begin_with(D::BEGIN_WRITE).await?;
        if sqlx::query(&self.sql.count_tickets)
            .fetch_one(&mut *tx)
            .await?
            .int("n")?
            > 0
        {
            return Err(StoreError::NotEmpty);
        }
        for desk in &dump.desks {
            let values = [
                Value::Int(desk.id.0),
                Value::Text(desk.kind.as_str()),
                Value::Text(&desk.name),
                Value::Int(desk.next_ticket_seq),
                Value::Time(desk.created_at),
            ];
            query::<D>(&self.sql.upsert_desk, values)
                .execute(&mut *tx)
                .await
                .map_err(constraint)?;
        }
        // Accounts and policies go in before the tickets and logs that may
        // name them; the SLA marks after.
        let (before, after): (Vec<&TableDump>, Vec<&TableDump>) =
            dump.tables.iter().partition(|t| {
                !rows::COPIED_AFTER_TICKETS
                    .iter()
                    .any(|(name, _)| *name == t.table)
            });
        for copied in before {
            self.restore_table(&mut tx, copied).await?;
        }
        for ticket in &dump.tickets {
            let updated_at = dump.updated_at(ticket.id).unwrap_or(ticket.registered_at);
            let values = std::iter::once(Value::Int(ticket.id.0))
                .chain(rows::ticket_values(ticket, updated_at));
            query::<D>(&self.sql.restore_ticket, values)
                .execute(&mut *tx)
                .await
                .map_err(constraint)?;
        }
        for record in &dump.events {
            let e = &record.event;
            let body = rows::event_body(&e.change)?;
            let values = [
                Value::Int(e.id),
                Value::Int(record.desk.0),
                Value::Int(record.ticket.0),
                Value::Int(e.version),
                Value::Time(e.at),
                Value::Text(&e.actor),
                Value::Text(e.change.kind()),
                Value::Text(&body),
            ];
            query::<D>(&self.sql.restore_event, values)
                .execute(&mut *tx)
                .await
                .map_err(constraint)?;
        }
        for copied in after {
            self.restore_table(&mut tx, copied).await?;
        }
        for statement in D::AFTER_RESTORE {
            sqlx::query(statement).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn close(&self) {
        self.pool.close().await;
    }
}

impl<D: Dialect> SqlStore<D>
where
    <D::Db as Database>::Row: Columns,
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'c> &'c Pool<D::Db>: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    /// Copies a table's rows back with their ids; only the tables a dump is
    /// known to copy, with their known columns, are accepted.
    async fn restore_table(
        &self,
        tx: &mut Transaction<'static, D::Db>,
        copied: &TableDump,
    ) -> Result<(), StoreError> {
        let Some(&(table, columns)) = rows::COPIED_TABLES
            .iter()
            .chain(rows::COPIED_AFTER_TICKETS)
            .find(|(name, _)| *name == copied.table)
        else {
            return Err(StoreError::Corrupt(format!(
                "the dump holds an unknown table {:?}",
                copied.table
            )));
        };
        let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
        if copied.columns != names {
            return Err(StoreError::Corrupt(format!(
                "the dump's {table} has columns {:?}",
                copied.columns
            )));
        }
        let sql = format!(
            "INSERT INTO {table} ({}) {} VALUES ({})",
            names.join(", "),
            D::OVERRIDING,
            rows::placeholders(names.len(), 1, D::NUMBERED)
        );
        for row in &copied.rows {
            if row.len() != columns.len() {
                return Err(StoreError::Corrupt(format!(
                    "a {table} row has {} cells",
                    row.len()
                )));
            }
            let values = row
                .iter()
                .zip(columns)
                .map(|(cell, &(_, kind))| rows::cell_value(cell, kind))
                .collect::<Result<Vec<_>, _>>()?;
            query::<D>(&sql, values)
                .execute(&mut **tx)
                .await
                .map_err(constraint)?;
        }
        Ok(())
    }

    /// Registers in one statement (see [`Dialect::WRITES_IN_WITH`]): the
    /// number, the ticket row and its "registered" event, atomically.
    async fn register_at_once(
        &self,
        sql: &str,
        desk: DeskId,
        ticket: NewTicket,
    ) -> Result<Ticket, StoreError> {
        // The number is known once the desk row hands it out.
        let (mut stored, event) = rows::registered(desk, rows::number(1)?, ticket);
        let body = rows::event_body(&event)?;
        let row = {
            let columns = rows::registration_columns();
            let ticket_values = rows::ticket_values(&stored, stored.registered_at);
            let values = std::iter::once(Value::Int(desk.0))
                .chain(
                    columns
                        .iter()
                        .zip(ticket_values)
                        .filter(|(column, _)| !matches!(**column, "desk_id" | "seq"))
                        .map(|(_, value)| value),
                )
                .chain([
                    Value::Int(stored.version),
                    Value::Time(stored.registered_at),
                    Value::Text(&stored.registered_by),
                    Value::Text(event.kind()),
                    Value::Text(&body),
                ]);
            query::<D>(sql, values)
                .fetch_optional(&self.pool)
                .await
                .map_err(constraint)?
                .ok_or(StoreError::NotFound)?
        };
        stored.id = TicketId(row.int("id")?);
        stored.number = rows::number(row.int("seq")?)?;
        Ok(stored)
    }

    /// Appends the entry that records `change` to `ticket`'s log, inside the
    /// caller's transaction. Its version is the ticket's new version.
    async fn append_event(
        &self,
        tx: &mut Transaction<'static, D::Db>,
        desk: DeskId,
        ticket: &Ticket,
        at: DateTime<Utc>,
        actor: &str,
        change: &Change,
    ) -> Result<(), StoreError> {
        let body = rows::event_body(change)?;
        let values = [
            Value::Int(desk.0),
            Value::Int(ticket.id.0),
            Value::Int(ticket.version),
            Value::Time(at),
            Value::Text(actor),
            Value::Text(change.kind()),
            Value::Text(&body),
        ];
        query::<D>(&self.sql.insert_event, values)
            .execute(&mut **tx)
            .await
            .map_err(constraint)?;
        Ok(())
    }
}
