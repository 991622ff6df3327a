//! [`WallStore`] in SQL: the day's counts in five statements.

use super::rows::{Columns, Value};
use super::{Dialect, SqlStore, query, sql};
use crate::store::{DayCounts, Resolution, StoreError, WallStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use firstline_app::domain::{Change, DeskId, Priority, Rating};
use sqlx::{Database, Executor, IntoArguments};
use std::collections::BTreeMap;

#[async_trait]
impl<D: Dialect> WallStore for SqlStore<D>
where
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    async fn day_counts(
        &self,
        desk: DeskId,
        since: DateTime<Utc>,
    ) -> Result<DayCounts, StoreError> {
        let counts = sql!(
            D,
            "SELECT (SELECT COUNT(*) FROM tickets WHERE desk_id = ?1 AND registered_at >= ?2) AS new_today, \
             (SELECT COUNT(DISTINCT ticket_id) FROM ticket_events \
              WHERE desk_id = ?1 AND kind = 'clock_breached' AND at >= ?2) AS breached_today"
        );
        let day = [Value::Int(desk.0), Value::Time(since)];
        let row = query::<D>(counts, day).fetch_one(&self.pool).await?;
        let (new, breached) = (row.int("new_today")?, row.int("breached_today")?);
        let open = sql!(
            D,
            "SELECT priority, COUNT(*) AS n FROM tickets \
             WHERE desk_id = ? AND stage NOT IN ('closed', 'archived') GROUP BY priority"
        );
        let open = query::<D>(open, [Value::Int(desk.0)])
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| Ok((row.named("priority", Priority::parse)?, row.int("n")?)))
            .collect::<Result<_, StoreError>>()?;
        let resolved = sql!(
            D,
            "SELECT t.reported_at, MAX(e.at) AS resolved_at, \
             (SELECT COUNT(*) FROM ticket_events b \
              WHERE b.ticket_id = t.id AND b.kind = 'clock_breached') AS breaches \
             FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id \
             WHERE e.desk_id = ? AND e.kind = 'resolved' AND e.at >= ? \
             GROUP BY t.id, t.reported_at"
        );
        let resolutions = query::<D>(resolved, day)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| {
                Ok(Resolution {
                    reported_at: row.time("reported_at")?,
                    resolved_at: row.time("resolved_at")?,
                    breached: row.int("breaches")? > 0,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        let answers = sql!(
            D,
            format!(
                "SELECT ticket_id, {} AS body FROM ticket_events \
                 WHERE desk_id = ? AND kind = 'survey_answered' AND at >= ? ORDER BY id",
                D::JSON_COLUMN
            )
        );
        // The latest answer of each closure answered today.
        let mut latest: BTreeMap<(i64, u32), Rating> = BTreeMap::new();
        for row in query::<D>(answers, day).fetch_all(&self.pool).await? {
            let body = row.text("body")?;
            let change: Change = serde_json::from_str(&body)
                .map_err(|e| StoreError::Corrupt(format!("event body: {e}")))?;
            if let Change::SurveyAnswered { round, rating, .. } = change {
                latest.insert((row.int("ticket_id")?, round), rating);
            }
        }
        let surveys = sql!(
            D,
            "SELECT COUNT(*) AS sent, COALESCE(SUM(CASE WHEN EXISTS ( \
               SELECT 1 FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id \
               WHERE t.desk_id = o.desk_id AND t.seq = o.ticket_seq \
               AND e.kind = 'survey_answered' AND e.at >= o.queued_at) \
             THEN 1 ELSE 0 END), 0) AS answered \
             FROM outbox o WHERE o.desk_id = ? AND o.kind = 'survey' AND o.queued_at >= ?"
        );
        let row = query::<D>(surveys, day).fetch_one(&self.pool).await?;
        Ok(DayCounts {
            new,
            open,
            breached,
            resolutions,
            survey_ratings: latest.into_values().collect(),
            surveys_sent: row.int("sent")?,
            surveys_answered: row.int("answered")?,
        })
    }
}
