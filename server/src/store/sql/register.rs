//! A registration in one round trip to the database: the ticket's number,
//! its row, its "registered" log entry and its search entry, atomically.
//!
//! A registration is the hottest write of a desk, and on both backends most
//! of its cost beyond the commit itself was the round trips between the
//! server and the database, one per statement. So its statements travel
//! together, sharing one list of numbered parameters (`?1` is the desk):
//! - **PostgreSQL** takes them as one statement, writes inside a `WITH`
//!   clause ([`Dialect::WRITES_IN_WITH`]), in autocommit;
//! - **SQLite** cannot write inside `WITH`, so it takes them as one batch of
//!   statements inside a write transaction: three round trips (begin, the
//!   batch, commit) instead of seven.
//!
//! In both, the desk row hands out the number and, locked until the commit,
//! orders concurrent registrations; an unknown desk writes nothing and is
//! [`StoreError::NotFound`].

use super::rows::{self, Columns, Value, constraint};
use super::{Dialect, SqlStore, query, sql};
use crate::store::{NewTicket, StoreError};
use firstline_app::domain::knowledge::intake_text;
use firstline_app::domain::{DeskId, Ticket, TicketId};
use sqlx::{Database, Executor, IntoArguments};

/// The registration's statements for dialect `D`, with their parameters
/// as [`parameters`] lists them.
fn statements<D: Dialect>() -> &'static str {
    sql!(D, {
        let columns = rows::registration_columns();
        let body = D::JSON_PARAMETER.replace("{}", "?");
        let terms = D::SEARCH_TERMS;
        if D::WRITES_IN_WITH {
            // Numbered: ?1 is the desk; the ticket's other columns follow
            // in their order, then the entry's version, time, actor, kind
            // and body, then the search entry's text and terms.
            let mut next = 1;
            let ticket: Vec<String> = columns
                .iter()
                .map(|&column| match column {
                    "desk_id" => "?1".to_owned(),
                    "seq" => "s.seq".to_owned(),
                    _ => {
                        next += 1;
                        format!("?{next}")
                    }
                })
                .collect();
            let p: Vec<String> = (next + 1..=next + 7).map(|i| format!("?{i}")).collect();
            format!(
                "WITH s AS (UPDATE desks SET next_ticket_seq = next_ticket_seq + 1 WHERE id = ?1 \
                 RETURNING next_ticket_seq - 1 AS seq), \
                 t AS (INSERT INTO tickets ({}) SELECT {} FROM s RETURNING id, seq), \
                 e AS (INSERT INTO ticket_events (desk_id, ticket_id, version, at, actor, kind, body) \
                 SELECT ?1, t.id, {}, {}, {}, {}, {} FROM t), \
                 d AS (INSERT INTO search_docs (desk_id, kind, ref_id, body) \
                 SELECT ?1, 'ticket', t.id, {} FROM t RETURNING id), \
                 x AS (INSERT INTO search_index (rowid, terms) SELECT d.id, {} FROM d) \
                 SELECT id, seq FROM t",
                columns.join(", "),
                ticket.join(", "),
                p[0],
                p[1],
                p[2],
                p[3],
                body.replace('?', &p[4]),
                p[5],
                terms.replace('?', &p[6]),
            )
        } else {
            // In turn: each statement takes the next of the parameters.
            // Each later statement finds the new ticket by the number the
            // desk row has just handed out, so that none of them writes
            // anything when the desk is unknown.
            let new = "(SELECT t.id FROM tickets t JOIN desks d ON t.desk_id = d.id \
                       WHERE d.id = ? AND t.seq = d.next_ticket_seq - 1)";
            let ticket: Vec<&str> = columns
                .iter()
                .map(|&column| if column == "seq" { "s.seq" } else { "?" })
                .collect();
            format!(
                "UPDATE desks SET next_ticket_seq = next_ticket_seq + 1 WHERE id = ?; \
                 INSERT INTO tickets ({}) SELECT {} \
                 FROM (SELECT next_ticket_seq - 1 AS seq FROM desks WHERE id = ?) AS s \
                 RETURNING id, seq; \
                 INSERT INTO ticket_events (desk_id, ticket_id, version, at, actor, kind, body) \
                 SELECT ?, id, ?, ?, ?, ?, {body} FROM {new} AS t; \
                 INSERT INTO search_docs (desk_id, kind, ref_id, body) \
                 SELECT ?, 'ticket', id, ? FROM {new} AS t; \
                 INSERT INTO search_index (rowid, terms) SELECT id, {terms} FROM search_docs \
                 WHERE kind = 'ticket' AND ref_id = {new}",
                columns.join(", "),
                ticket.join(", "),
            )
        }
    })
}

/// What a registration writes, as the statements bind it.
struct Registration<'a> {
    desk: Value<'a>,
    /// The ticket row's columns and values, as `rows::registration_columns`
    /// lists them.
    row: Vec<(&'static str, Value<'a>)>,
    /// The entry's version, time, actor, kind and body.
    entry: [Value<'a>; 5],
    text: Value<'a>,
    terms: Value<'a>,
}

impl<'a> Registration<'a> {
    /// The parameters of [`statements`], in the order dialect `D` binds
    /// them.
    fn parameters<D: Dialect>(self) -> Vec<Value<'a>> {
        let Registration {
            desk,
            row,
            entry,
            text,
            terms,
        } = self;
        // The desk hands out the number.
        let ticket = row.into_iter().filter(|(column, _)| *column != "seq");
        if D::WRITES_IN_WITH {
            let ticket = ticket.filter(|(column, _)| *column != "desk_id");
            [desk]
                .into_iter()
                .chain(ticket.map(|(_, value)| value))
                .chain(entry)
                .chain([text, terms])
                .collect()
        } else {
            // Each `?` in the order it is written; `new` asks for the desk.
            [desk]
                .into_iter()
                .chain(ticket.map(|(_, value)| value))
                .chain([desk, desk])
                .chain(entry)
                .chain([desk, desk, text, desk, terms, desk])
                .collect()
        }
    }
}

impl<D: Dialect> SqlStore<D>
where
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    /// Registers `ticket` on `desk` (see the module's documentation).
    pub(super) async fn register_ticket(
        &self,
        desk: DeskId,
        ticket: NewTicket,
    ) -> Result<Ticket, StoreError> {
        // The number is known once the desk row hands it out.
        let (mut stored, event) = rows::registered(desk, rows::number(1)?, ticket);
        let body = rows::event_body(&event)?;
        let text = intake_text(&stored.intake);
        let terms = super::search::terms_of::<D>(&text, desk, false);
        let columns = rows::registration_columns();
        let registration = Registration {
            desk: Value::Int(desk.0),
            row: columns
                .into_iter()
                .zip(rows::ticket_values(&stored, stored.registered_at))
                .collect(),
            entry: [
                Value::Int(stored.version),
                Value::Time(stored.registered_at),
                Value::Text(&stored.registered_by),
                Value::Text(event.kind()),
                Value::Text(&body),
            ],
            text: Value::Text(&text),
            terms: Value::Text(&terms),
        };
        let statement = query::<D>(statements::<D>(), registration.parameters::<D>());
        // A batch runs each of its statements only as its rows are read.
        let found = if D::WRITES_IN_WITH {
            statement.fetch_all(&self.pool).await
        } else {
            let mut tx = self.pool.begin_with(D::BEGIN_WRITE).await?;
            let found = statement.fetch_all(&mut *tx).await;
            if found.is_ok() {
                tx.commit().await?;
            }
            found
        };
        let found = found.map_err(constraint)?;
        let row = found.first().ok_or(StoreError::NotFound)?;
        stored.id = TicketId(row.int("id")?);
        stored.number = rows::number(row.int("seq")?)?;
        Ok(stored)
    }
}
