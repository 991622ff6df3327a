//! [`LogStore`] in SQL: the log read in id order, across desks or for one.

use super::rows::{self, Columns, Value};
use super::{Dialect, SqlStore, query, sql};
use crate::store::{Announcements, LogEntry, LogScope, LogStore, StoreError};
use async_trait::async_trait;
use firstline_app::domain::DeskId;
use sqlx::{Database, Executor, IntoArguments};
use tokio::sync::watch;

/// Log entries with their desk and ticket number, oldest first, where
/// `condition` holds; `LIMIT` is the last placeholder.
fn log_after<D: Dialect>(condition: &str) -> String {
    format!(
        "SELECT e.id, e.desk_id, e.version, e.at, e.actor, {json} AS body, t.seq \
         FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id \
         WHERE {condition} ORDER BY e.id LIMIT ?",
        json = D::JSON_COLUMN.replace("body", "e.body"),
    )
}

#[async_trait]
impl<D: Dialect> LogStore for SqlStore<D>
where
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    async fn events_after(
        &self,
        scope: LogScope,
        after: i64,
        limit: i64,
    ) -> Result<Vec<LogEntry>, StoreError> {
        let read = match scope {
            LogScope::Desk(desk) => query::<D>(
                sql!(D, log_after::<D>("e.desk_id = ? AND e.id > ?")),
                [Value::Int(desk.0), Value::Int(after), Value::Int(limit)],
            ),
            LogScope::All => query::<D>(
                sql!(D, log_after::<D>("e.id > ?")),
                [Value::Int(after), Value::Int(limit)],
            ),
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

    async fn last_event_id(&self, scope: LogScope) -> Result<i64, StoreError> {
        let row = match scope {
            LogScope::Desk(desk) => {
                let sql = sql!(
                    D,
                    "SELECT COALESCE(MAX(id), 0) AS last FROM ticket_events WHERE desk_id = ?"
                );
                query::<D>(sql, [Value::Int(desk.0)])
                    .fetch_one(&self.pool)
                    .await?
            }
            LogScope::All => {
                let sql = sql!(D, "SELECT COALESCE(MAX(id), 0) AS last FROM ticket_events");
                query::<D>(sql, []).fetch_one(&self.pool).await?
            }
        };
        row.int("last")
    }

    fn follow_announcements(
        &self,
        announcements: Announcements,
        closing: watch::Receiver<bool>,
    ) -> bool {
        D::follow_announcements(&self.pool, announcements, closing)
    }
}
