//! [`PresenceStore`] in SQL: one row per person on a ticket's page.

use super::rows::{Columns, Value};
use super::{Dialect, SqlStore, query, sql};
use crate::store::{PresenceStore, StoreError, Viewer};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use firstline_app::domain::{DeskId, TicketNumber, UserId};
use sqlx::{Database, Executor, IntoArguments};

#[async_trait]
impl<D: Dialect> PresenceStore for SqlStore<D>
where
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
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
        let before = sql!(
            D,
            "SELECT editing FROM presence WHERE desk_id = ? AND ticket_seq = ? AND user_id = ?"
        );
        let before = query::<D>(before, key)
            .fetch_optional(&self.pool)
            .await?
            .map(|row| row.flag("editing"))
            .transpose()?;
        match editing {
            Some(editing) => {
                let sql = sql!(
                    D,
                    "INSERT INTO presence (desk_id, ticket_seq, user_id, name, editing, seen_at) \
                     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (desk_id, ticket_seq, user_id) \
                     DO UPDATE SET name = excluded.name, editing = excluded.editing, \
                     seen_at = excluded.seen_at"
                );
                let values = [
                    Value::Int(desk.0),
                    Value::Int(seq),
                    Value::Int(user.0),
                    Value::Text(name),
                    Value::Flag(editing),
                    Value::Time(now),
                ];
                query::<D>(sql, values).execute(&self.pool).await?;
                Ok(before != Some(editing))
            }
            None => {
                let sql = sql!(
                    D,
                    "DELETE FROM presence WHERE desk_id = ? AND ticket_seq = ? AND user_id = ?"
                );
                query::<D>(sql, key).execute(&self.pool).await?;
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
        let sql = sql!(
            D,
            "SELECT name, editing FROM presence \
             WHERE desk_id = ? AND ticket_seq = ? AND seen_at >= ? AND user_id <> ? ORDER BY name"
        );
        let values = [
            Value::Int(desk.0),
            Value::Int(i64::from(number.sequence())),
            Value::Time(since),
            Value::Int(except.0),
        ];
        query::<D>(sql, values)
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
}
