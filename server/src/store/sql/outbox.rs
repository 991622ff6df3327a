//! [`OutboxStore`] in SQL: one row per message, kept after it is sent so
//! that the ticket page can show what went out. Claims are rows' own
//! columns (`claimed_by`, `claimed_until`), taken in a write transaction
//! that locks the rows it reads.

use super::rows::{self, Columns, Value};
use super::{Dialect, SqlStore, query, sql};
use crate::store::{ClaimedMessage, NewMessage, OutboxStore, SendOutcome, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use firstline_app::domain::{Delivery, DeliveryState, DeskId, Language, MessageKind, TicketNumber};
use sqlx::{Database, Executor, IntoArguments, Transaction};

/// Queues a message in the transaction of the change that causes it.
pub(super) async fn queue_message<D>(
    tx: &mut Transaction<'static, D::Db>,
    desk: DeskId,
    number: TicketNumber,
    version: i64,
    at: DateTime<Utc>,
    message: &NewMessage,
) -> Result<(), StoreError>
where
    D: Dialect,
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    let sql = sql!(
        D,
        "INSERT INTO outbox (desk_id, ticket_seq, version, kind, recipient, language, state, \
         queued_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    );
    let values = [
        Value::Int(desk.0),
        Value::Int(i64::from(number.sequence())),
        Value::Int(version),
        Value::Text(message.kind.as_str()),
        Value::Text(&message.to),
        Value::Text(message.language.tag()),
        Value::Text(message.state.as_str()),
        Value::Time(at),
        Value::Time(at),
    ];
    query::<D>(sql, values)
        .execute(&mut **tx)
        .await
        .map_err(rows::constraint)?;
    Ok(())
}

#[async_trait]
impl<D: Dialect> OutboxStore for SqlStore<D>
where
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    async fn claim_messages(
        &self,
        worker: &str,
        now: DateTime<Utc>,
        lease: TimeDelta,
        limit: u32,
    ) -> Result<Vec<ClaimedMessage>, StoreError> {
        let mut tx = self.pool.begin_with(D::BEGIN_WRITE).await?;
        let due = sql!(
            D,
            format!(
                "SELECT id, desk_id, ticket_seq, version, kind, recipient, language, attempts \
                 FROM outbox WHERE state IN ('queued', 'retrying') AND next_attempt_at <= ? \
                 AND (claimed_until IS NULL OR claimed_until <= ?) \
                 ORDER BY next_attempt_at, id LIMIT ?{}",
                D::FOR_UPDATE
            )
        );
        let rows = query::<D>(
            due,
            [
                Value::Time(now),
                Value::Time(now),
                Value::Int(i64::from(limit)),
            ],
        )
        .fetch_all(&mut *tx)
        .await?;
        let claim = sql!(
            D,
            "UPDATE outbox SET claimed_by = ?, claimed_until = ?, attempts = attempts + 1 \
             WHERE id = ?"
        );
        let mut claimed = Vec::with_capacity(rows.len());
        for row in &rows {
            let message = claimed_from_row(row)?;
            let values = [
                Value::Text(worker),
                Value::Time(now + lease),
                Value::Int(message.id),
            ];
            query::<D>(claim, values).execute(&mut *tx).await?;
            claimed.push(message);
        }
        tx.commit().await?;
        Ok(claimed)
    }

    async fn finish_message(
        &self,
        id: i64,
        worker: &str,
        at: DateTime<Utc>,
        outcome: &SendOutcome,
    ) -> Result<bool, StoreError> {
        let (state, sent_at, error, next) = match outcome {
            SendOutcome::Sent => (DeliveryState::Sent, Some(at), None, at),
            SendOutcome::Retry { error, retry_at } => (
                DeliveryState::Retrying,
                None,
                Some(error.as_str()),
                *retry_at,
            ),
            SendOutcome::Failed { error } => {
                (DeliveryState::Failed, None, Some(error.as_str()), at)
            }
        };
        let sql = sql!(
            D,
            "UPDATE outbox SET state = ?, sent_at = ?, last_error = ?, next_attempt_at = ?, \
             claimed_by = NULL, claimed_until = NULL \
             WHERE id = ? AND claimed_by = ? AND claimed_until > ?"
        );
        let values = [
            Value::Text(state.as_str()),
            Value::MaybeTime(sent_at),
            Value::MaybeText(error),
            Value::Time(next),
            Value::Int(id),
            Value::Text(worker),
            Value::Time(at),
        ];
        let done = query::<D>(sql, values).execute(&self.pool).await?;
        Ok(D::rows_affected(&done) == 1)
    }

    async fn deliveries(
        &self,
        desk: DeskId,
        number: TicketNumber,
    ) -> Result<Vec<Delivery>, StoreError> {
        let sql = sql!(
            D,
            "SELECT kind, state, recipient, queued_at, attempts, next_attempt_at, sent_at, \
             last_error FROM outbox WHERE desk_id = ? AND ticket_seq = ? ORDER BY id"
        );
        let key = [Value::Int(desk.0), Value::Int(i64::from(number.sequence()))];
        query::<D>(sql, key)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(delivery_from_row)
            .collect()
    }
}

fn attempts(row: &impl Columns) -> Result<u32, StoreError> {
    let attempts = row.int("attempts")?;
    u32::try_from(attempts).map_err(|_| StoreError::Corrupt(format!("attempts = {attempts}")))
}

fn claimed_from_row(row: &impl Columns) -> Result<ClaimedMessage, StoreError> {
    Ok(ClaimedMessage {
        id: row.int("id")?,
        desk: DeskId(row.int("desk_id")?),
        number: rows::number(row.int("ticket_seq")?)?,
        version: row.int("version")?,
        kind: row.named("kind", MessageKind::parse)?,
        to: row.text("recipient")?,
        language: row.named("language", Language::parse)?,
        attempts: attempts(row)?,
    })
}

fn delivery_from_row(row: &impl Columns) -> Result<Delivery, StoreError> {
    let state = row.named("state", DeliveryState::parse)?;
    Ok(Delivery {
        kind: row.named("kind", MessageKind::parse)?,
        state,
        to: row.text("recipient")?,
        queued_at: row.time("queued_at")?,
        attempts: attempts(row)?,
        next_attempt_at: (state == DeliveryState::Retrying)
            .then(|| row.time("next_attempt_at"))
            .transpose()?,
        sent_at: row.opt_time("sent_at")?,
        last_error: row.opt_text("last_error")?,
    })
}
