//! [`ReviewStore`] in SQL, and the rows a saved review writes in its log
//! entry's transaction.

use super::rows::{self, Columns, Value, constraint};
use super::{Dialect, SqlStore, query, sql};
use crate::store::{ReviewStore, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use firstline_app::api::{OpenActionItem, PendingReview, RunbookProposal};
use firstline_app::domain::review::ReviewState;
use firstline_app::domain::{Change, DeskId, Priority, RunbookVersion, TicketId, TicketNumber};
use sqlx::{Database, Executor, IntoArguments, Transaction};
use tracing::instrument;

/// Writes what a saved review says to the rows the lists read (its state,
/// its action items as they now stand, its runbook proposal), and marks a
/// proposal applied when a runbook version applies it.
pub(super) async fn review_change<D>(
    tx: &mut Transaction<'static, D::Db>,
    desk: DeskId,
    ticket: TicketId,
    change: &Change,
    at: DateTime<Utc>,
) -> Result<(), StoreError>
where
    D: Dialect,
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    let review = match change {
        Change::ReviewSaved { review } => review,
        Change::ProposalApplied { runbook } => {
            let applied = sql!(
                D,
                "UPDATE review_proposals SET applied_version = ? WHERE ticket_id = ?"
            );
            let values = [Value::Int(i64::from(runbook.0)), Value::Int(ticket.0)];
            query::<D>(applied, values).execute(&mut **tx).await?;
            return Ok(());
        }
        _ => return Ok(()),
    };
    let upsert = sql!(
        D,
        "INSERT INTO reviews (ticket_id, desk_id, state, updated_at) VALUES (?, ?, ?, ?) \
         ON CONFLICT (ticket_id) DO UPDATE SET state = excluded.state, \
         updated_at = excluded.updated_at"
    );
    let values = [
        Value::Int(ticket.0),
        Value::Int(desk.0),
        Value::Text(review.state.as_str()),
        Value::Time(at),
    ];
    query::<D>(upsert, values)
        .execute(&mut **tx)
        .await
        .map_err(constraint)?;
    let clear = sql!(D, "DELETE FROM review_items WHERE ticket_id = ?");
    query::<D>(clear, [Value::Int(ticket.0)])
        .execute(&mut **tx)
        .await?;
    let insert = sql!(
        D,
        "INSERT INTO review_items (ticket_id, item_no, desk_id, text, owner, due, done) \
         VALUES (?, ?, ?, ?, ?, ?, ?)"
    );
    for (no, item) in (1..).zip(&review.items) {
        let due = item.due.to_string();
        let values = [
            Value::Int(ticket.0),
            Value::Int(no),
            Value::Int(desk.0),
            Value::Text(&item.text),
            Value::Text(&item.owner),
            Value::Text(&due),
            Value::Flag(item.done),
        ];
        query::<D>(insert, values)
            .execute(&mut **tx)
            .await
            .map_err(constraint)?;
    }
    // The proposal as it now reads; one already applied keeps its version.
    if review.proposal.is_empty() {
        let clear = sql!(
            D,
            "DELETE FROM review_proposals WHERE ticket_id = ? AND applied_version IS NULL"
        );
        query::<D>(clear, [Value::Int(ticket.0)])
            .execute(&mut **tx)
            .await?;
    } else {
        let upsert = sql!(
            D,
            "INSERT INTO review_proposals (ticket_id, desk_id, proposal) VALUES (?, ?, ?) \
             ON CONFLICT (ticket_id) DO UPDATE SET proposal = excluded.proposal"
        );
        let values = [
            Value::Int(ticket.0),
            Value::Int(desk.0),
            Value::Text(&review.proposal),
        ];
        query::<D>(upsert, values)
            .execute(&mut **tx)
            .await
            .map_err(constraint)?;
    }
    Ok(())
}

fn day(text: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| StoreError::Corrupt(format!("review item due = {text:?}")))
}

#[async_trait]
impl<D: Dialect> ReviewStore for SqlStore<D>
where
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    #[instrument(skip(self), fields(desk = desk.0))]
    async fn pending_reviews(
        &self,
        desk: DeskId,
        limit: u32,
    ) -> Result<Vec<PendingReview>, StoreError> {
        let sql = sql!(
            D,
            "SELECT t.seq, t.priority, t.updated_at, r.state FROM tickets t \
             LEFT JOIN reviews r ON r.ticket_id = t.id \
             WHERE t.desk_id = ? AND t.stage = 'closed' AND t.priority IN ('P0', 'P1') \
             AND (r.state IS NULL OR r.state <> 'done') \
             ORDER BY t.updated_at, t.seq LIMIT ?"
        );
        let found = query::<D>(sql, [Value::Int(desk.0), Value::Int(i64::from(limit))])
            .fetch_all(&self.pool)
            .await?;
        found
            .iter()
            .map(|row| {
                Ok(PendingReview {
                    number: rows::number(row.int("seq")?)?,
                    priority: row.named("priority", Priority::parse)?,
                    state: match row.opt_text("state")? {
                        Some(state) => Some(ReviewState::parse(&state).ok_or_else(|| {
                            StoreError::Corrupt(format!("review state = {state:?}"))
                        })?),
                        None => None,
                    },
                    updated_at: row.time("updated_at")?,
                })
            })
            .collect()
    }

    #[instrument(skip(self), fields(desk = desk.0))]
    async fn open_action_items(
        &self,
        desk: DeskId,
        today: NaiveDate,
        limit: u32,
    ) -> Result<Vec<OpenActionItem>, StoreError> {
        let sql = sql!(
            D,
            "SELECT t.seq, i.item_no, i.text, i.owner, i.due FROM review_items i \
             JOIN tickets t ON t.id = i.ticket_id \
             WHERE i.desk_id = ? AND i.done = ? \
             ORDER BY i.due, t.seq, i.item_no LIMIT ?"
        );
        let values = [
            Value::Int(desk.0),
            Value::Flag(false),
            Value::Int(i64::from(limit)),
        ];
        let found = query::<D>(sql, values).fetch_all(&self.pool).await?;
        found
            .iter()
            .map(|row| {
                let due = day(&row.text("due")?)?;
                Ok(OpenActionItem {
                    number: rows::number(row.int("seq")?)?,
                    no: u32::try_from(row.int("item_no")?)
                        .map_err(|_| StoreError::Corrupt("review item number".into()))?,
                    text: row.text("text")?,
                    owner: row.text("owner")?,
                    due,
                    overdue: due < today,
                })
            })
            .collect()
    }

    #[instrument(skip(self), fields(desk = desk.0))]
    async fn overdue_action_items(
        &self,
        desk: DeskId,
        today: NaiveDate,
    ) -> Result<i64, StoreError> {
        let sql = sql!(
            D,
            "SELECT COUNT(*) AS n FROM review_items WHERE desk_id = ? AND done = ? AND due < ?"
        );
        let today = today.to_string();
        let values = [Value::Int(desk.0), Value::Flag(false), Value::Text(&today)];
        Ok(query::<D>(sql, values)
            .fetch_one(&self.pool)
            .await?
            .int("n")?)
    }

    #[instrument(skip(self), fields(desk = desk.0))]
    async fn runbook_proposals(
        &self,
        desk: DeskId,
        limit: u32,
    ) -> Result<Vec<RunbookProposal>, StoreError> {
        let sql = sql!(
            D,
            "SELECT t.seq, p.proposal, r.updated_at FROM review_proposals p \
             JOIN reviews r ON r.ticket_id = p.ticket_id \
             JOIN tickets t ON t.id = p.ticket_id \
             WHERE p.desk_id = ? AND p.applied_version IS NULL AND r.state = 'done' \
             ORDER BY r.updated_at, t.seq LIMIT ?"
        );
        let found = query::<D>(sql, [Value::Int(desk.0), Value::Int(i64::from(limit))])
            .fetch_all(&self.pool)
            .await?;
        found
            .iter()
            .map(|row| {
                Ok(RunbookProposal {
                    number: rows::number(row.int("seq")?)?,
                    proposal: row.text("proposal")?,
                    updated_at: row.time("updated_at")?,
                })
            })
            .collect()
    }

    #[instrument(skip(self), fields(desk = desk.0))]
    async fn applied_proposals(
        &self,
        desk: DeskId,
    ) -> Result<Vec<(RunbookVersion, TicketNumber)>, StoreError> {
        let sql = sql!(
            D,
            "SELECT p.applied_version, t.seq FROM review_proposals p \
             JOIN tickets t ON t.id = p.ticket_id \
             WHERE p.desk_id = ? AND p.applied_version IS NOT NULL"
        );
        let found = query::<D>(sql, [Value::Int(desk.0)])
            .fetch_all(&self.pool)
            .await?;
        found
            .iter()
            .map(|row| {
                let version = row.int("applied_version")?;
                let version = u32::try_from(version).map_err(|_| {
                    StoreError::Corrupt(format!("applied runbook version = {version}"))
                })?;
                Ok((RunbookVersion(version), rows::number(row.int("seq")?)?))
            })
            .collect()
    }
}
