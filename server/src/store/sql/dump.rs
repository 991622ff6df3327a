//! [`DumpStore`] in SQL: desks, tickets and logs as typed records, and the
//! other tables copied row by row with their columns' kinds.

use super::rows::{self, Columns, TICKET_COLUMNS, Value, constraint};
use super::tickets::event_columns;
use super::{Dialect, SqlStore, query, sql};
use crate::store::dump::{Cell, TableDump};
use crate::store::{Dump, DumpStore, StoreError};
use async_trait::async_trait;
use sqlx::{Database, Executor, IntoArguments, Transaction};
use tracing::instrument;

/// The type of a column copied by a dump.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Int,
    Text,
    Flag,
    Time,
    MaybeTime,
    /// A text that may be absent. The dump writes an absent cell as JSON
    /// null, which reads back as `Cell::Time(None)` whatever the column.
    MaybeText,
    /// A number that may be absent, written as JSON null like a text.
    MaybeInt,
}

/// A table a dump copies row by row, with its columns (the key first).
pub type CopiedTable = (&'static str, &'static [(&'static str, Kind)]);

/// The columns of a versioned document's table.
const DOCUMENT_COLUMNS: &[(&str, Kind)] = &[
    ("version", Kind::Int),
    ("body", Kind::Text),
    ("created_by", Kind::Text),
    ("created_at", Kind::Time),
    ("note", Kind::Text),
];

/// The tables a dump copies row by row that tickets do not depend on...
pub const COPIED_TABLES: &[CopiedTable] = &[
    ("sla_policies", DOCUMENT_COLUMNS),
    ("runbooks", DOCUMENT_COLUMNS),
    (
        "training_scenarios",
        &[
            ("scenario_id", Kind::Text),
            ("version", Kind::Int),
            ("body", Kind::Text),
            ("created_by", Kind::Text),
            ("created_at", Kind::Time),
            ("note", Kind::Text),
        ],
    ),
    (
        "users",
        &[
            ("id", Kind::Int),
            ("login", Kind::Text),
            ("display_name", Kind::Text),
            ("role", Kind::Text),
            ("desk_id", Kind::Int),
            ("password_hash", Kind::Text),
            ("active", Kind::Flag),
            ("session_epoch", Kind::Int),
            ("created_at", Kind::Time),
            ("updated_at", Kind::Time),
        ],
    ),
    (
        "api_tokens",
        &[
            ("id", Kind::Int),
            ("user_id", Kind::Int),
            ("name", Kind::Text),
            ("token_hash", Kind::Text),
            ("prefix", Kind::Text),
            ("created_at", Kind::Time),
            ("last_used_at", Kind::MaybeTime),
            ("revoked_at", Kind::MaybeTime),
        ],
    ),
    (
        "display_tokens",
        &[
            ("id", Kind::Int),
            ("desk_id", Kind::Int),
            ("name", Kind::Text),
            ("token_hash", Kind::Text),
            ("prefix", Kind::Text),
            ("created_by", Kind::Int),
            ("created_at", Kind::Time),
            ("revoked_at", Kind::MaybeTime),
        ],
    ),
    (
        "audit_log",
        &[
            ("id", Kind::Int),
            ("at", Kind::Time),
            ("actor", Kind::Text),
            ("action", Kind::Text),
            ("subject", Kind::Text),
            ("address", Kind::Text),
            ("detail", Kind::Text),
        ],
    ),
];

/// ...and those copied after the tickets they name.
pub const COPIED_AFTER_TICKETS: &[CopiedTable] = &[
    (
        "sla_marks",
        &[
            ("ticket_id", Kind::Int),
            ("clock", Kind::Text),
            ("cycle", Kind::Int),
            ("started_at", Kind::Time),
            ("crossing", Kind::Text),
        ],
    ),
    (
        "status_links",
        &[
            ("id", Kind::Int),
            ("desk_id", Kind::Int),
            ("ticket_seq", Kind::Int),
            ("nonce", Kind::Text),
            ("token_hash", Kind::Text),
            ("created_at", Kind::Time),
            ("revoked_at", Kind::MaybeTime),
        ],
    ),
    (
        "outbox",
        &[
            ("id", Kind::Int),
            ("desk_id", Kind::Int),
            ("ticket_seq", Kind::Int),
            ("version", Kind::Int),
            ("kind", Kind::Text),
            ("recipient", Kind::Text),
            ("language", Kind::Text),
            ("state", Kind::Text),
            ("attempts", Kind::Int),
            ("queued_at", Kind::Time),
            ("next_attempt_at", Kind::Time),
            ("claimed_by", Kind::MaybeText),
            ("claimed_until", Kind::MaybeTime),
            ("sent_at", Kind::MaybeTime),
            ("last_error", Kind::MaybeText),
        ],
    ),
    (
        "articles",
        &[
            ("id", Kind::Int),
            ("desk_id", Kind::Int),
            ("seq", Kind::Int),
            ("state", Kind::Text),
            ("version", Kind::Int),
            ("body", Kind::Text),
            ("uses", Kind::Int),
            ("created_at", Kind::Time),
            ("created_by", Kind::Text),
            ("updated_at", Kind::Time),
            ("updated_by", Kind::Text),
        ],
    ),
    (
        "article_versions",
        &[
            ("article_id", Kind::Int),
            ("version", Kind::Int),
            ("state", Kind::Text),
            ("body", Kind::Text),
            ("at", Kind::Time),
            ("author", Kind::Text),
        ],
    ),
    (
        "article_tickets",
        &[
            ("article_id", Kind::Int),
            ("ticket_id", Kind::Int),
            ("drafted", Kind::Flag),
            ("linked_at", Kind::Time),
        ],
    ),
    (
        "reviews",
        &[
            ("ticket_id", Kind::Int),
            ("desk_id", Kind::Int),
            ("state", Kind::Text),
            ("updated_at", Kind::Time),
        ],
    ),
    (
        "review_items",
        &[
            ("ticket_id", Kind::Int),
            ("item_no", Kind::Int),
            ("desk_id", Kind::Int),
            ("text", Kind::Text),
            ("owner", Kind::Text),
            ("due", Kind::Text),
            ("done", Kind::Flag),
        ],
    ),
    (
        "review_proposals",
        &[
            ("ticket_id", Kind::Int),
            ("desk_id", Kind::Int),
            ("proposal", Kind::Text),
            ("applied_version", Kind::MaybeInt),
        ],
    ),
];

/// A copied row's cells, read column by column.
pub fn cells(row: &impl Columns, columns: &[(&str, Kind)]) -> Result<Vec<Cell>, StoreError> {
    columns
        .iter()
        .map(|&(column, kind)| {
            Ok(match kind {
                Kind::Int => Cell::Int(row.int(column)?),
                Kind::Text => Cell::Text(row.text(column)?),
                Kind::Flag => Cell::Flag(row.flag(column)?),
                Kind::Time => Cell::Time(Some(row.time(column)?)),
                Kind::MaybeTime => Cell::Time(row.opt_time(column)?),
                Kind::MaybeText => match row.opt_text(column)? {
                    Some(text) => Cell::Text(text),
                    None => Cell::Time(None),
                },
                Kind::MaybeInt => match row.opt_int(column)? {
                    Some(number) => Cell::Int(number),
                    None => Cell::Time(None),
                },
            })
        })
        .collect()
}

/// A cell as a value to bind, checked against its column's kind.
pub fn cell_value(cell: &Cell, kind: Kind) -> Result<Value<'_>, StoreError> {
    match (cell, kind) {
        (Cell::Int(v), Kind::Int) => Ok(Value::Int(*v)),
        (Cell::Text(v), Kind::Text) => Ok(Value::Text(v)),
        (Cell::Flag(v), Kind::Flag) => Ok(Value::Flag(*v)),
        (Cell::Time(Some(v)), Kind::Time) => Ok(Value::Time(*v)),
        (Cell::Time(v), Kind::MaybeTime) => Ok(Value::MaybeTime(*v)),
        (Cell::Text(v), Kind::MaybeText) => Ok(Value::MaybeText(Some(v))),
        (Cell::Time(None), Kind::MaybeText) => Ok(Value::MaybeText(None)),
        (Cell::Int(v), Kind::MaybeInt) => Ok(Value::MaybeInt(Some(*v))),
        (Cell::Time(None), Kind::MaybeInt) => Ok(Value::MaybeInt(None)),
        (cell, kind) => Err(StoreError::Corrupt(format!(
            "a {kind:?} column holds {cell:?}"
        ))),
    }
}

/// Every table copied row by row, before the tickets and then after them.
fn copied_tables() -> impl Iterator<Item = (usize, CopiedTable)> {
    COPIED_TABLES
        .iter()
        .chain(COPIED_AFTER_TICKETS)
        .copied()
        .enumerate()
}

/// How many tables are copied row by row.
const COPIED_COUNT: usize = COPIED_TABLES.len() + COPIED_AFTER_TICKETS.len();

#[async_trait]
impl<D: Dialect> DumpStore for SqlStore<D>
where
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    #[instrument(skip(self))]
    async fn dump(&self) -> Result<Dump, StoreError> {
        let desks = sql!(
            D,
            "SELECT id, kind, name, next_ticket_seq, created_at FROM desks ORDER BY id"
        );
        let desks = query::<D>(desks, []).fetch_all(&self.pool).await?;
        let tickets = sql!(
            D,
            format!("SELECT {TICKET_COLUMNS} FROM tickets ORDER BY id")
        );
        let tickets = query::<D>(tickets, []).fetch_all(&self.pool).await?;
        let events = sql!(
            D,
            format!(
                "SELECT {} FROM ticket_events ORDER BY id",
                event_columns::<D>()
            )
        );
        let events = query::<D>(events, []).fetch_all(&self.pool).await?;
        let mut tables = Vec::new();
        for (slot, (table, columns)) in copied_tables() {
            let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
            let sql = sql!(D, slot, COPIED_COUNT; format!(
                "SELECT {} FROM {table} ORDER BY {}",
                names.join(", "),
                names.join(", ")
            ));
            let found = query::<D>(sql, []).fetch_all(&self.pool).await?;
            tables.push(TableDump {
                table: table.to_owned(),
                columns: names.iter().map(|name| (*name).to_owned()).collect(),
                rows: found
                    .iter()
                    .map(|row| cells(row, columns))
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
        let count = sql!(D, "SELECT COUNT(*) AS n FROM tickets");
        if query::<D>(count, []).fetch_one(&mut *tx).await?.int("n")? > 0 {
            return Err(StoreError::NotEmpty);
        }
        let upsert_desk = sql!(
            D,
            "INSERT INTO desks (id, kind, name, next_ticket_seq, created_at) VALUES (?, ?, ?, ?, ?) \
             ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, \
             next_ticket_seq = excluded.next_ticket_seq, created_at = excluded.created_at"
        );
        for desk in &dump.desks {
            let values = [
                Value::Int(desk.id.0),
                Value::Text(desk.kind.as_str()),
                Value::Text(&desk.name),
                Value::Int(desk.next_ticket_seq),
                Value::Time(desk.created_at),
            ];
            query::<D>(upsert_desk, values)
                .execute(&mut *tx)
                .await
                .map_err(constraint)?;
        }
        // Accounts and policies go in before the tickets and logs that may
        // name them; the SLA marks after.
        let (before, after): (Vec<&TableDump>, Vec<&TableDump>) =
            dump.tables.iter().partition(|t| {
                !COPIED_AFTER_TICKETS
                    .iter()
                    .any(|(name, _)| *name == t.table)
            });
        for copied in before {
            restore_table::<D>(&mut tx, copied).await?;
        }
        let restore_ticket = sql!(
            D,
            format!(
                "INSERT INTO tickets (id, {}) {} VALUES ({})",
                rows::registration_columns().join(", "),
                D::OVERRIDING,
                rows::placeholders(rows::registration_columns().len() + 1)
            )
        );
        for ticket in &dump.tickets {
            let updated_at = dump.updated_at(ticket.id).unwrap_or(ticket.registered_at);
            let values = std::iter::once(Value::Int(ticket.id.0))
                .chain(rows::ticket_values(ticket, updated_at));
            query::<D>(restore_ticket, values)
                .execute(&mut *tx)
                .await
                .map_err(constraint)?;
        }
        let restore_event = sql!(
            D,
            format!(
                "INSERT INTO ticket_events (id, desk_id, ticket_id, version, at, actor, kind, body) \
                 {} VALUES (?, ?, ?, ?, ?, ?, ?, {})",
                D::OVERRIDING,
                D::JSON_PARAMETER.replace("{}", "?")
            )
        );
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
            query::<D>(restore_event, values)
                .execute(&mut *tx)
                .await
                .map_err(constraint)?;
        }
        for copied in after {
            restore_table::<D>(&mut tx, copied).await?;
        }
        for statement in D::AFTER_RESTORE {
            query::<D>(statement, []).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Copies a table's rows back with their ids; only the tables a dump is
/// known to copy, with their known columns, are accepted.
async fn restore_table<D>(
    tx: &mut Transaction<'static, D::Db>,
    copied: &TableDump,
) -> Result<(), StoreError>
where
    D: Dialect,
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    let Some((slot, (table, columns))) =
        copied_tables().find(|(_, (name, _))| *name == copied.table)
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
    let sql = sql!(D, slot, COPIED_COUNT; format!(
        "INSERT INTO {table} ({}) {} VALUES ({})",
        names.join(", "),
        D::OVERRIDING,
        rows::placeholders(names.len())
    ));
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
            .map(|(cell, &(_, kind))| cell_value(cell, kind))
            .collect::<Result<Vec<_>, _>>()?;
        query::<D>(sql, values)
            .execute(&mut **tx)
            .await
            .map_err(constraint)?;
    }
    Ok(())
}
