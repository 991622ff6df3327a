//! [`TicketListStore`] in SQL: one statement per order, every filter a
//! parameter that is either NULL (any) or the value to match, so that each
//! statement is written once.

use super::rows::{self, TICKET_COLUMNS, Value};
use super::{Dialect, SqlStore, query, sql};
use crate::store::{StoreError, TicketListStore};
use async_trait::async_trait;
use firstline_app::domain::listing::{Cursor, ListOrder, TicketFilter};
use firstline_app::domain::{DeskId, Ticket};
use sqlx::{Database, Executor, IntoArguments};
use tracing::instrument;

/// The filters shared by both orders: ?1 the desk, ?2 the stage, ?3 the
/// priority, ?4 the channel, ?5 the department, ?6 and ?7 the reported-at
/// range, ?8 breached (1) or not (0), ?9 a swarm member as a LIKE pattern.
const FILTERS: &str = "desk_id = ?1 \
     AND (?2 IS NULL OR stage = ?2) \
     AND (?3 IS NULL OR priority = ?3) \
     AND (?4 IS NULL OR channel = ?4) \
     AND (?5 IS NULL OR department = ?5) \
     AND (?6 IS NULL OR reported_at >= ?6) \
     AND (?7 IS NULL OR reported_at < ?7) \
     AND (?8 IS NULL OR ?8 = CASE WHEN EXISTS (SELECT 1 FROM ticket_events e \
          WHERE e.ticket_id = tickets.id AND e.kind = 'clock_breached') THEN 1 ELSE 0 END) \
     AND (?9 IS NULL OR (',' || swarm || ',') LIKE ?9 ESCAPE '\\')";

/// A login as a LIKE pattern that finds it among a swarm's comma-separated
/// members (`_` is a wildcard, so it is escaped).
fn member_pattern(login: &str) -> String {
    format!(
        "%,{},%",
        login
            .replace('\\', "\\\\")
            .replace('_', "\\_")
            .replace('%', "\\%")
    )
}

#[async_trait]
impl<D: Dialect> TicketListStore for SqlStore<D>
where
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    #[instrument(skip(self, filter), fields(desk = desk.0, limit))]
    async fn list_tickets(
        &self,
        desk: DeskId,
        filter: &TicketFilter,
        limit: u32,
    ) -> Result<Vec<Ticket>, StoreError> {
        // ?10 is the limit; the cursor follows: ?11 a number, and in the due
        // order ?12 a due time (NULL among the tickets with nothing due).
        let sql = match filter.order {
            ListOrder::Newest => sql!(
                D,
                format!(
                    "SELECT {TICKET_COLUMNS} FROM tickets WHERE {FILTERS} \
                     AND (?11 IS NULL OR seq < ?11) ORDER BY seq DESC LIMIT ?10"
                )
            ),
            ListOrder::Due => sql!(
                D,
                format!(
                    "SELECT {TICKET_COLUMNS} FROM tickets WHERE {FILTERS} \
                     AND (?11 IS NULL \
                       OR (?12 IS NOT NULL AND (next_due_at IS NULL OR next_due_at > ?12 \
                           OR (next_due_at = ?12 AND seq > ?11))) \
                       OR (?12 IS NULL AND next_due_at IS NULL AND seq > ?11)) \
                     ORDER BY (next_due_at IS NULL), next_due_at, seq LIMIT ?10"
                )
            ),
        };
        let (seq, due) = match filter.after {
            None => (None, None),
            Some(Cursor::Below(seq) | Cursor::UndatedAfter(seq)) => (Some(seq), None),
            Some(Cursor::DueAfter { due_at, seq }) => (Some(seq), Some(due_at)),
        };
        let swarm = filter.swarm.as_deref().map(member_pattern);
        let mut values = vec![
            Value::Int(desk.0),
            Value::MaybeText(filter.stage.map(|s| s.as_str())),
            Value::MaybeText(filter.priority.map(|p| p.as_str())),
            Value::MaybeText(filter.channel.map(|c| c.as_str())),
            Value::MaybeText(filter.department.as_deref()),
            Value::MaybeTime(filter.reported_from),
            Value::MaybeTime(filter.reported_before),
            Value::MaybeInt(filter.breached.map(i64::from)),
            Value::MaybeText(swarm.as_deref()),
            Value::Int(i64::from(limit)),
            Value::MaybeInt(seq.map(i64::from)),
        ];
        if filter.order == ListOrder::Due {
            values.push(Value::MaybeTime(due));
        }
        let found = query::<D>(sql, values).fetch_all(&self.pool).await?;
        found.iter().map(rows::ticket_from_row).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::member_pattern;

    #[test]
    fn a_swarm_member_is_matched_whole_and_literally() {
        assert_eq!(member_pattern("db.wang"), "%,db.wang,%");
        assert_eq!(member_pattern("db_wang"), "%,db\\_wang,%");
    }
}
