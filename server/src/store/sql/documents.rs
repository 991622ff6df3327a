//! [`DocumentStore`] in SQL: one table per document, a row per version.

use super::audit::{audit_values, insert_audit};
use super::rows::{Columns, Value, constraint};
use super::tickets::apply_in;
use super::{Dialect, SqlStore, query, sql};
use crate::store::{Document, DocumentStore, NewAuditEntry, NewVersion, StoreError, VersionRecord};
use async_trait::async_trait;
use sqlx::{Database, Executor, IntoArguments};
use tracing::instrument;

/// A stored version number, checked.
fn version_number(document: Document, version: i64) -> Result<u32, StoreError> {
    u32::try_from(version)
        .map_err(|_| StoreError::Corrupt(format!("{} version {version}", document.table())))
}

#[async_trait]
impl<D: Dialect> DocumentStore for SqlStore<D>
where
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    #[instrument(skip(self, new), fields(document = ?new.document, version = new.version))]
    async fn save_document(&self, new: NewVersion<'_>) -> Result<(), StoreError> {
        let document = new.document;
        let mut tx = self.pool.begin_with(D::BEGIN_WRITE).await?;
        let insert = sql!(D, document.slot(), Document::ALL.len(); format!(
            "INSERT INTO {} (version, body, created_by, created_at, note) VALUES (?, ?, ?, ?, ?)",
            document.table()
        ));
        let values = [
            Value::Int(i64::from(new.version)),
            Value::Text(new.body),
            Value::Text(new.by),
            Value::Time(new.at),
            Value::Text(new.note),
        ];
        query::<D>(insert, values)
            .execute(&mut *tx)
            .await
            .map_err(constraint)?;
        let entry = NewAuditEntry {
            at: new.at,
            actor: new.by.to_owned(),
            action: document.audit_action(),
            subject: document.subject(new.version),
            address: new.address.to_owned(),
            detail: new.note.to_owned(),
        };
        query::<D>(insert_audit::<D>(), audit_values(&entry))
            .execute(&mut *tx)
            .await?;
        if let Some((desk, update)) = new.applies {
            apply_in::<D>(&mut tx, desk, update).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn document(
        &self,
        document: Document,
        version: u32,
    ) -> Result<Option<String>, StoreError> {
        let sql = sql!(D, document.slot(), Document::ALL.len(); format!(
            "SELECT body FROM {} WHERE version = ?",
            document.table()
        ));
        let row = query::<D>(sql, [Value::Int(i64::from(version))])
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| row.text("body")).transpose()
    }

    async fn latest_versions(&self) -> Result<[Option<u32>; Document::ALL.len()], StoreError> {
        let sql = sql!(D, {
            let columns: Vec<String> = Document::ALL
                .iter()
                .map(|d| format!("(SELECT MAX(version) FROM {}) AS v{}", d.table(), d.slot()))
                .collect();
            format!("SELECT {}", columns.join(", "))
        });
        let row = query::<D>(sql, []).fetch_one(&self.pool).await?;
        let mut latest = [None; Document::ALL.len()];
        for document in Document::ALL {
            latest[document.slot()] = row
                .opt_int(&format!("v{}", document.slot()))?
                .map(|v| version_number(document, v))
                .transpose()?;
        }
        Ok(latest)
    }

    async fn document_history(
        &self,
        document: Document,
    ) -> Result<Vec<VersionRecord<u32>>, StoreError> {
        let sql = sql!(D, document.slot(), Document::ALL.len(); format!(
            "SELECT version, created_by, created_at, note FROM {} ORDER BY version DESC",
            document.table()
        ));
        let found = query::<D>(sql, []).fetch_all(&self.pool).await?;
        found
            .iter()
            .map(|row| {
                Ok(VersionRecord {
                    version: version_number(document, row.int("version")?)?,
                    created_by: row.text("created_by")?,
                    created_at: row.time("created_at")?,
                    note: row.text("note")?,
                    review: None,
                })
            })
            .collect()
    }
}
