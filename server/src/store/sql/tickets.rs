//! [`TicketStore`] in SQL: desks, registrations, changes, and the reads of
//! tickets and the queue.

use super::rows::{self, Columns, STATE_COLUMNS, TICKET_COLUMNS, Value, constraint};
use super::{Dialect, SqlStore, query, sql};
use crate::store::{NewTicket, StoreError, TicketStore, TicketUpdate};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use firstline_app::domain::{
    Change, DeskId, DeskKind, Ticket, TicketEvent, TicketId, TicketNumber,
};
use sqlx::{Database, Executor, IntoArguments, Transaction};
use tracing::instrument;

/// The columns of a log entry as [`rows::event_from_row`] reads them.
pub(super) fn event_columns<D: Dialect>() -> String {
    format!(
        "id, desk_id, ticket_id, version, at, actor, {} AS body",
        D::JSON_COLUMN
    )
}

/// Appends a log entry; bind [`event_values`].
fn insert_event<D: Dialect>() -> &'static str {
    sql!(
        D,
        format!(
            "INSERT INTO ticket_events (desk_id, ticket_id, version, at, actor, kind, body) \
             VALUES (?, ?, ?, ?, ?, ?, {})",
            D::JSON_PARAMETER.replace("{}", "?")
        )
    )
}

/// The values of [`insert_event`], in its order.
pub(super) fn event_values<'a>(
    desk: DeskId,
    ticket: TicketId,
    version: i64,
    at: DateTime<Utc>,
    actor: &'a str,
    change: &'a Change,
    body: &'a str,
) -> [Value<'a>; 7] {
    [
        Value::Int(desk.0),
        Value::Int(ticket.0),
        Value::Int(version),
        Value::Time(at),
        Value::Text(actor),
        Value::Text(change.kind()),
        Value::Text(body),
    ]
}

#[async_trait]
impl<D: Dialect> TicketStore for SqlStore<D>
where
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    #[instrument(skip(self))]
    async fn create_desk(
        &self,
        kind: DeskKind,
        name: &str,
        at: DateTime<Utc>,
    ) -> Result<DeskId, StoreError> {
        let sql = sql!(
            D,
            "INSERT INTO desks (kind, name, created_at) VALUES (?, ?, ?) RETURNING id"
        );
        let values = [
            Value::Text(kind.as_str()),
            Value::Text(name),
            Value::Time(at),
        ];
        let row = query::<D>(sql, values)
            .fetch_one(&self.pool)
            .await
            .map_err(constraint)?;
        Ok(DeskId(row.int("id")?))
    }

    #[instrument(skip(self, ticket), fields(desk = desk.0))]
    async fn register(&self, desk: DeskId, ticket: NewTicket) -> Result<Ticket, StoreError> {
        self.register_ticket(desk, ticket).await
    }

    #[instrument(skip(self, update), fields(desk = desk.0, ticket = update.ticket.id.0))]
    async fn apply(&self, desk: DeskId, update: TicketUpdate) -> Result<Ticket, StoreError> {
        let mut tx = self.pool.begin_with(D::BEGIN_WRITE).await?;
        apply_in::<D>(&mut tx, desk, &update).await?;
        tx.commit().await?;
        Ok(update.ticket)
    }

    #[instrument(skip(self), fields(desk = desk.0, limit))]
    async fn open_tickets(&self, desk: DeskId, limit: u32) -> Result<Vec<Ticket>, StoreError> {
        // One statement, so that a page is read from one snapshot. Each
        // branch walks an index in its own order and stops at the limit
        // (the dialects disagree on where NULLs sort, so the tickets with
        // nothing due are a branch of their own); only the at most twice
        // `limit` rows they yield are sorted. ?1 is the desk, ?2 the limit.
        let sql = sql!(
            D,
            format!(
                "SELECT * FROM ( \
                   SELECT * FROM (SELECT {TICKET_COLUMNS} FROM tickets WHERE desk_id = ?1 \
                     AND stage NOT IN ('closed', 'archived') AND next_due_at IS NOT NULL \
                     ORDER BY next_due_at, seq LIMIT ?2) AS due \
                   UNION ALL \
                   SELECT * FROM (SELECT {TICKET_COLUMNS} FROM tickets WHERE desk_id = ?1 \
                     AND stage NOT IN ('closed', 'archived') AND next_due_at IS NULL \
                     ORDER BY seq LIMIT ?2) AS undated \
                 ) AS page ORDER BY (next_due_at IS NULL), next_due_at, seq LIMIT ?2"
            )
        );
        let values = [Value::Int(desk.0), Value::Int(i64::from(limit))];
        let found = query::<D>(sql, values).fetch_all(&self.pool).await?;
        found.iter().map(rows::ticket_from_row).collect()
    }

    #[instrument(skip(self), fields(desk = desk.0, number = %number))]
    async fn ticket(
        &self,
        desk: DeskId,
        number: TicketNumber,
    ) -> Result<Option<Ticket>, StoreError> {
        let sql = sql!(
            D,
            format!("SELECT {TICKET_COLUMNS} FROM tickets WHERE desk_id = ? AND seq = ?")
        );
        let values = [Value::Int(desk.0), Value::Int(i64::from(number.sequence()))];
        let row = query::<D>(sql, values).fetch_optional(&self.pool).await?;
        row.as_ref().map(rows::ticket_from_row).transpose()
    }

    async fn ticket_by_id(&self, desk: DeskId, id: TicketId) -> Result<Option<Ticket>, StoreError> {
        let sql = sql!(
            D,
            format!("SELECT {TICKET_COLUMNS} FROM tickets WHERE desk_id = ? AND id = ?")
        );
        let row = query::<D>(sql, [Value::Int(desk.0), Value::Int(id.0)])
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(rows::ticket_from_row).transpose()
    }

    #[instrument(skip(self), fields(desk = desk.0, ticket = ticket.0))]
    async fn events(&self, desk: DeskId, ticket: TicketId) -> Result<Vec<TicketEvent>, StoreError> {
        let sql = sql!(
            D,
            format!(
                "SELECT {} FROM ticket_events WHERE desk_id = ? AND ticket_id = ? ORDER BY version",
                event_columns::<D>()
            )
        );
        let found = query::<D>(sql, [Value::Int(desk.0), Value::Int(ticket.0)])
            .fetch_all(&self.pool)
            .await?;
        found.iter().map(rows::event_from_row).collect()
    }
}

/// Appends a log entry inside the caller's transaction: the entry of a
/// registration, a change, or a clock crossing.
pub(super) async fn append_entry<D>(
    tx: &mut Transaction<'static, D::Db>,
    values: [Value<'_>; 7],
) -> Result<(), StoreError>
where
    D: Dialect,
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    query::<D>(insert_event::<D>(), values)
        .execute(&mut **tx)
        .await
        .map_err(constraint)?;
    Ok(())
}

/// Writes a change inside the caller's transaction, if the ticket is still
/// at the version it was made against (see [`TicketStore::apply`]): the
/// ticket's state, its log entry, what the entry adds to search and to the
/// knowledge articles, and the message it queues.
pub(super) async fn apply_in<D>(
    tx: &mut Transaction<'static, D::Db>,
    desk: DeskId,
    update: &TicketUpdate,
) -> Result<(), StoreError>
where
    D: Dialect,
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    let ticket = &update.ticket;
    let guard = [
        Value::Int(desk.0),
        Value::Int(ticket.id.0),
        Value::Int(update.expected_version()),
    ];
    // The version check and the write are one statement: a concurrent
    // writer of the same row waits, then finds the version moved on.
    let write = sql!(
        D,
        format!(
            "UPDATE tickets SET {} WHERE desk_id = ? AND id = ? AND version = ?",
            rows::assignments(&STATE_COLUMNS)
        )
    );
    let state = rows::state_values(ticket, update.at)
        .into_iter()
        .chain(guard);
    let written = query::<D>(write, state)
        .execute(&mut **tx)
        .await
        .map_err(constraint)?;
    if D::rows_affected(&written) == 0 {
        let current = sql!(
            D,
            "SELECT version FROM tickets WHERE desk_id = ? AND id = ?"
        );
        let found = query::<D>(current, [Value::Int(desk.0), Value::Int(ticket.id.0)])
            .fetch_optional(&mut **tx)
            .await?;
        return Err(match found {
            Some(row) => StoreError::Conflict {
                current: row.int("version")?,
            },
            None => StoreError::NotFound,
        });
    }
    let body = rows::event_body(&update.change)?;
    let entry = event_values(
        desk,
        ticket.id,
        ticket.version,
        update.at,
        &update.actor,
        &update.change,
        &body,
    );
    append_entry::<D>(tx, entry).await?;
    super::search::index_change::<D>(tx, ticket, &update.change).await?;
    super::knowledge::link_change::<D>(tx, desk, ticket.id, &update.change, update.at).await?;
    super::review::review_change::<D>(tx, desk, ticket.id, &update.change, update.at).await?;
    if let Some(message) = &update.message {
        super::outbox::queue_message::<D>(
            tx,
            desk,
            ticket.number,
            ticket.version,
            update.at,
            message,
        )
        .await?;
    }
    Ok(())
}
