//! [`TrainingStore`] in SQL: a row per version of each scenario.

use super::audit::{audit_values, insert_audit};
use super::rows::{Columns, Value, constraint};
use super::{Dialect, SqlStore, query, sql};
use crate::store::{
    NewAuditEntry, NewScenarioVersion, StoreError, StoredScenario, TrainingStore, VersionRecord,
};
use async_trait::async_trait;
use firstline_app::domain::{AuditAction, AuditSubject};
use sqlx::{Database, Executor, IntoArguments};
use tracing::instrument;

/// A stored version number, checked.
fn version_number(version: i64) -> Result<u32, StoreError> {
    u32::try_from(version)
        .map_err(|_| StoreError::Corrupt(format!("training_scenarios version {version}")))
}

fn stored(row: &impl Columns) -> Result<StoredScenario, StoreError> {
    Ok(StoredScenario {
        id: row.text("scenario_id")?,
        version: version_number(row.int("version")?)?,
        body: row.text("body")?,
    })
}

#[async_trait]
impl<D: Dialect> TrainingStore for SqlStore<D>
where
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    #[instrument(skip(self, new), fields(scenario = new.id, version = new.version))]
    async fn save_scenario(&self, new: NewScenarioVersion<'_>) -> Result<(), StoreError> {
        let mut tx = self.pool.begin_with(D::BEGIN_WRITE).await?;
        let insert = sql!(
            D,
            "INSERT INTO training_scenarios (scenario_id, version, body, created_by, created_at, note) \
             VALUES (?, ?, ?, ?, ?, ?)"
        );
        let values = [
            Value::Text(new.id),
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
            action: AuditAction::ScenarioSaved,
            subject: AuditSubject::Scenario {
                id: new.id.to_owned(),
                version: new.version,
            }
            .stored(),
            address: new.address.to_owned(),
            detail: new.note.to_owned(),
        };
        query::<D>(insert_audit::<D>(), audit_values(&entry))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn latest_scenarios(&self) -> Result<Vec<StoredScenario>, StoreError> {
        let sql = sql!(
            D,
            "SELECT s.scenario_id, s.version, s.body FROM training_scenarios s \
             WHERE s.version = (SELECT MAX(version) FROM training_scenarios \
             WHERE scenario_id = s.scenario_id) ORDER BY s.scenario_id"
        );
        let found = query::<D>(sql, []).fetch_all(&self.pool).await?;
        found.iter().map(stored).collect()
    }

    async fn scenario(&self, id: &str) -> Result<Option<StoredScenario>, StoreError> {
        let sql = sql!(
            D,
            "SELECT scenario_id, version, body FROM training_scenarios WHERE scenario_id = ? \
             ORDER BY version DESC LIMIT 1"
        );
        let row = query::<D>(sql, [Value::Text(id)])
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(stored).transpose()
    }

    async fn scenario_history(&self, id: &str) -> Result<Vec<VersionRecord<u32>>, StoreError> {
        let sql = sql!(
            D,
            "SELECT version, created_by, created_at, note FROM training_scenarios \
             WHERE scenario_id = ? ORDER BY version DESC"
        );
        let found = query::<D>(sql, [Value::Text(id)])
            .fetch_all(&self.pool)
            .await?;
        found
            .iter()
            .map(|row| {
                Ok(VersionRecord {
                    version: version_number(row.int("version")?)?,
                    created_by: row.text("created_by")?,
                    created_at: row.time("created_at")?,
                    note: row.text("note")?,
                    review: None,
                })
            })
            .collect()
    }
}
