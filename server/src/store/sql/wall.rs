//! [`WallStore`] in SQL: the day's counts in three statements.

use super::rows::{Columns, Value};
use super::{Dialect, SqlStore, query, sql};
use crate::store::{DayCounts, Resolution, StoreError, WallStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use firstline_app::domain::{DeskId, Priority};
use sqlx::{Database, Executor, IntoArguments};

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
        Ok(DayCounts {
            new,
            open,
            breached,
            resolutions,
        })
    }
}
