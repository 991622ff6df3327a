//! [`StatusLinkStore`] in SQL: one row per link ever issued; revoked links
//! keep their row, so that a revoked token is never issued again.

use super::rows::{self, Columns, Value};
use super::{Dialect, SqlStore, query, sql};
use crate::store::{NewStatusLink, StatusLink, StatusLinkStore, StoreError};
use async_trait::async_trait;
use firstline_app::domain::{DeskId, TicketNumber};
use sqlx::{Database, Executor, IntoArguments};

#[async_trait]
impl<D: Dialect> StatusLinkStore for SqlStore<D>
where
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    async fn status_link(
        &self,
        desk: DeskId,
        number: TicketNumber,
    ) -> Result<Option<StatusLink>, StoreError> {
        let sql = sql!(
            D,
            "SELECT nonce, token_hash, created_at FROM status_links \
             WHERE desk_id = ? AND ticket_seq = ? AND revoked_at IS NULL"
        );
        let key = [Value::Int(desk.0), Value::Int(i64::from(number.sequence()))];
        query::<D>(sql, key)
            .fetch_optional(&self.pool)
            .await?
            .map(|row| link_from_row(&row))
            .transpose()
    }

    async fn issue_status_link(
        &self,
        desk: DeskId,
        number: TicketNumber,
        link: NewStatusLink<'_>,
        renew: bool,
    ) -> Result<StatusLink, StoreError> {
        let seq = i64::from(number.sequence());
        let mut tx = self.pool.begin_with(D::BEGIN_WRITE).await?;
        if renew {
            let sql = sql!(
                D,
                "UPDATE status_links SET revoked_at = ? \
                 WHERE desk_id = ? AND ticket_seq = ? AND revoked_at IS NULL"
            );
            let values = [Value::Time(link.at), Value::Int(desk.0), Value::Int(seq)];
            query::<D>(sql, values).execute(&mut *tx).await?;
        }
        let sql = sql!(
            D,
            "INSERT INTO status_links (desk_id, ticket_seq, nonce, token_hash, created_at) \
             VALUES (?, ?, ?, ?, ?) \
             ON CONFLICT (desk_id, ticket_seq) WHERE revoked_at IS NULL DO NOTHING"
        );
        let values = [
            Value::Int(desk.0),
            Value::Int(seq),
            Value::Text(link.nonce),
            Value::Text(link.token_hash),
            Value::Time(link.at),
        ];
        query::<D>(sql, values).execute(&mut *tx).await?;
        let sql = sql!(
            D,
            "SELECT nonce, token_hash, created_at FROM status_links \
             WHERE desk_id = ? AND ticket_seq = ? AND revoked_at IS NULL"
        );
        let row = query::<D>(sql, [Value::Int(desk.0), Value::Int(seq)])
            .fetch_one(&mut *tx)
            .await?;
        let working = link_from_row(&row)?;
        tx.commit().await?;
        Ok(working)
    }

    async fn ticket_of_link(
        &self,
        token_hash: &str,
    ) -> Result<Option<(DeskId, TicketNumber)>, StoreError> {
        let sql = sql!(
            D,
            "SELECT desk_id, ticket_seq FROM status_links \
             WHERE token_hash = ? AND revoked_at IS NULL"
        );
        let Some(row) = query::<D>(sql, [Value::Text(token_hash)])
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let number = rows::number(row.int("ticket_seq")?)?;
        Ok(Some((DeskId(row.int("desk_id")?), number)))
    }
}

fn link_from_row(row: &impl Columns) -> Result<StatusLink, StoreError> {
    Ok(StatusLink {
        nonce: row.text("nonce")?,
        token_hash: row.text("token_hash")?,
        created_at: row.time("created_at")?,
    })
}
