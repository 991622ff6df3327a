//! [`SlaStore`] in SQL: the scheduler's index and the exactly-once marks.

use super::rows::{self, Columns, Value};
use super::tickets::{append_entry, event_values};
use super::{Dialect, SqlStore, query, sql};
use crate::store::{SYSTEM_ACTOR, SlaStore, StoreError, SweepLease};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use firstline_app::domain::sla::{Crossing, SlaSnapshot};
use firstline_app::domain::{DeskId, TicketId};
use sqlx::{Database, Executor, IntoArguments};
use tracing::instrument;

/// A lease where no other process can compete for it.
struct Sole;

#[async_trait]
impl SweepLease for Sole {
    async fn held(&mut self) -> bool {
        true
    }
}

/// A lease held by a session-level lock on a connection of its own, taken
/// out of the pool: it lives exactly as long as that connection.
struct Locked<D: Dialect> {
    connection: <D::Db as Database>::Connection,
}

#[async_trait]
impl<D: Dialect> SweepLease for Locked<D>
where
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    async fn held(&mut self) -> bool {
        query::<D>("SELECT 1", [])
            .execute(&mut self.connection)
            .await
            .is_ok()
    }
}

#[async_trait]
impl<D: Dialect> SlaStore for SqlStore<D>
where
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    async fn take_sweep_lease(&self) -> Result<Option<Box<dyn SweepLease>>, StoreError> {
        let Some(lock) = D::TRY_LEASE else {
            return Ok(Some(Box::new(Sole)));
        };
        let mut connection = self.pool.acquire().await?.detach();
        let held = query::<D>(lock, [])
            .fetch_one(&mut connection)
            .await?
            .flag("held")?;
        Ok(held.then(|| Box::new(Locked::<D> { connection }) as Box<dyn SweepLease>))
    }

    async fn due_for_sla(
        &self,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<(DeskId, TicketId)>, StoreError> {
        let sql = sql!(
            D,
            "SELECT desk_id, id FROM tickets WHERE sla_check_at IS NOT NULL AND sla_check_at <= ? \
             ORDER BY sla_check_at LIMIT ?"
        );
        let found = query::<D>(sql, [Value::Time(now), Value::Int(limit)])
            .fetch_all(&self.pool)
            .await?;
        found
            .iter()
            .map(|row| Ok((DeskId(row.int("desk_id")?), TicketId(row.int("id")?))))
            .collect()
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
        let lock = sql!(
            D,
            format!(
                "SELECT version FROM tickets WHERE desk_id = ? AND id = ?{}",
                D::FOR_UPDATE
            )
        );
        let mut version = query::<D>(lock, [Value::Int(desk.0), Value::Int(ticket.0)])
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?
            .int("version")?;
        if version != expected {
            return Ok(0);
        }
        // A crossing is marked once per clock, cycle and start; the mark's
        // key refuses it a second time, whoever sees it.
        let mark = sql!(
            D,
            "INSERT INTO sla_marks (ticket_id, clock, cycle, started_at, crossing) \
             VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
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
            let inserted = query::<D>(mark, values).execute(&mut *tx).await?;
            if D::rows_affected(&inserted) == 1 {
                version += 1;
                let change = crossing.change();
                let body = rows::event_body(&change)?;
                let entry = event_values(
                    desk,
                    ticket,
                    version,
                    crossing.at,
                    SYSTEM_ACTOR,
                    &change,
                    &body,
                );
                append_entry::<D>(&mut tx, entry).await?;
                added += 1;
            }
        }
        let update = sql!(
            D,
            "UPDATE tickets SET version = ?, next_clock = ?, next_due_at = ?, next_warning_at = ?, \
             next_paused = ?, next_remaining = ?, sla_check_at = ?, escalated_at = ?, updated_at = ? \
             WHERE desk_id = ? AND id = ?"
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
        query::<D>(update, values).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(added)
    }
}
