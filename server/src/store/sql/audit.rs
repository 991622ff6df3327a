//! [`AuditStore`] in SQL, and the audit insert other jobs share inside
//! their own transactions (a document saved with its audit entry).

use super::rows::{Columns, Value};
use super::{Dialect, SqlStore, query, sql};
use crate::store::{AuditAction, AuditStore, NewAuditEntry, StoreError};
use async_trait::async_trait;
use firstline_app::api::AuditEntry;
use sqlx::{Database, Executor, IntoArguments};
use tracing::instrument;

/// Appends an entry to the audit log; bind [`audit_values`].
pub(super) fn insert_audit<D: Dialect>() -> &'static str {
    sql!(
        D,
        "INSERT INTO audit_log (at, actor, action, subject, address, detail) \
         VALUES (?, ?, ?, ?, ?, ?)"
    )
}

/// The values of [`insert_audit`], in its order.
pub(super) fn audit_values(entry: &NewAuditEntry) -> [Value<'_>; 6] {
    [
        Value::Time(entry.at),
        Value::Text(&entry.actor),
        Value::Text(entry.action.as_str()),
        Value::Text(&entry.subject),
        Value::Text(&entry.address),
        Value::Text(&entry.detail),
    ]
}

fn audit_entry(row: &impl Columns) -> Result<AuditEntry, StoreError> {
    Ok(AuditEntry {
        id: row.int("id")?,
        at: row.time("at")?,
        actor: row.text("actor")?,
        action: row.named("action", AuditAction::parse)?,
        subject: row.text("subject")?,
        address: row.text("address")?,
        detail: row.text("detail")?,
    })
}

#[async_trait]
impl<D: Dialect> AuditStore for SqlStore<D>
where
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    #[instrument(skip(self, entry), fields(action = %entry.action))]
    async fn record_audit(&self, entry: NewAuditEntry) -> Result<(), StoreError> {
        query::<D>(insert_audit::<D>(), audit_values(&entry))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn audit_log(&self, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let sql = sql!(
            D,
            "SELECT id, at, actor, action, subject, address, detail FROM audit_log \
             ORDER BY id DESC LIMIT ?"
        );
        let rows = query::<D>(sql, [Value::Int(limit)])
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(audit_entry).collect()
    }
}
