//! [`SearchStore`] in SQL, and the index writes that the ticket writes make
//! in their own transactions. The terms are built here, from the text, by
//! the domain's rules; the [`Dialect`] says how its backend keeps and
//! matches them (FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL).

use super::rows::{self, Columns, TICKET_COLUMNS, Value};
use super::tickets::event_columns;
use super::{Dialect, SqlStore, query, sql};
use crate::store::{SearchHit, SearchScope, SearchStore, StoreError, Subject};
use async_trait::async_trait;
use firstline_app::domain::knowledge::{added_text, index_terms, intake_text, with_added};
use firstline_app::domain::{Change, DeskId, Priority, Stage, TicketId};
use sqlx::{Database, Executor, IntoArguments, Transaction};
use tracing::instrument;

/// The index's form of a text's terms.
pub(super) fn terms_of<D: Dialect>(text: &str) -> String {
    D::search_terms(&index_terms(text))
}

/// Adds a ticket and the terms of its text to the index: inside its
/// registration, or when a ticket from before the index is indexed.
pub(super) async fn index_registered<D>(
    tx: &mut Transaction<'static, D::Db>,
    desk: DeskId,
    ticket: TicketId,
    body: &str,
) -> Result<(), StoreError>
where
    D: Dialect,
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    // A second writer of the same ticket's first entry (a restore racing
    // the start-up indexing) finds it there and leaves it.
    let insert = sql!(
        D,
        "INSERT INTO search_docs (desk_id, kind, ref_id, body) VALUES (?, 'ticket', ?, ?) \
         ON CONFLICT (kind, ref_id) DO NOTHING RETURNING id"
    );
    let values = [Value::Int(desk.0), Value::Int(ticket.0), Value::Text(body)];
    let Some(row) = query::<D>(insert, values).fetch_optional(&mut **tx).await? else {
        return Ok(());
    };
    let index = sql!(
        D,
        format!(
            "INSERT INTO search_index (rowid, terms) VALUES (?, {})",
            D::SEARCH_TERMS
        )
    );
    let terms = terms_of::<D>(body);
    query::<D>(index, [Value::Int(row.int("id")?), Value::Text(&terms)])
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Adds the words of a change (a note, the root cause, the workaround, the
/// fix) to its ticket's entry, inside the change's transaction. A ticket
/// not yet indexed is left to [`SearchStore::index_unindexed`], which reads
/// its whole log.
pub(super) async fn index_change<D>(
    tx: &mut Transaction<'static, D::Db>,
    ticket: TicketId,
    change: &Change,
) -> Result<(), StoreError>
where
    D: Dialect,
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    let Some(added) = added_text(change) else {
        return Ok(());
    };
    let find = sql!(
        D,
        "SELECT id, body FROM search_docs WHERE kind = 'ticket' AND ref_id = ?"
    );
    let Some(row) = query::<D>(find, [Value::Int(ticket.0)])
        .fetch_optional(&mut **tx)
        .await?
    else {
        return Ok(());
    };
    let (id, body) = (row.int("id")?, with_added(&row.text("body")?, added));
    let update_body = sql!(D, "UPDATE search_docs SET body = ? WHERE id = ?");
    query::<D>(update_body, [Value::Text(&body), Value::Int(id)])
        .execute(&mut **tx)
        .await?;
    let update_terms = sql!(
        D,
        format!(
            "UPDATE search_index SET terms = {} WHERE rowid = ?",
            D::SEARCH_TERMS
        )
    );
    let terms = terms_of::<D>(&body);
    query::<D>(update_terms, [Value::Text(&terms), Value::Int(id)])
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[async_trait]
impl<D: Dialect> SearchStore for SqlStore<D>
where
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    #[instrument(skip(self, terms), fields(desk = desk.0, terms = terms.len()))]
    async fn search(
        &self,
        desk: DeskId,
        terms: &[String],
        scope: SearchScope,
        limit: u32,
    ) -> Result<Vec<SearchHit>, StoreError> {
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        // The index answers the terms first; only its matches are joined to
        // their documents and tickets. ?1 is the query, ?2 the desk, ?3
        // whether only solved tickets count, ?4 the limit.
        let sql = sql!(
            D,
            format!(
                "SELECT d.id, d.body, m.score, t.seq, t.stage, t.priority, t.symptom_steps \
                 FROM (SELECT rowid AS doc, {score} AS score FROM search_index WHERE {matches}) AS m \
                 JOIN search_docs d ON d.id = m.doc \
                 JOIN tickets t ON d.kind = 'ticket' AND t.id = d.ref_id \
                 WHERE d.desk_id = ?2 AND (?3 = 0 OR t.stage IN ('closed', 'archived')) \
                 ORDER BY m.score DESC, d.id DESC LIMIT ?4",
                score = D::SEARCH_SCORE,
                matches = D::SEARCH_MATCH,
            )
        );
        let wanted = D::search_query(terms, scope.every_term);
        let values = [
            Value::Text(&wanted),
            Value::Int(desk.0),
            Value::Int(i64::from(scope.solved_only)),
            Value::Int(i64::from(limit)),
        ];
        let found = query::<D>(sql, values).fetch_all(&self.pool).await?;
        found
            .iter()
            .map(|row| {
                Ok(SearchHit {
                    subject: Subject::Ticket {
                        number: rows::number(row.int("seq")?)?,
                        stage: row.named("stage", Stage::parse)?,
                        priority: row.named("priority", Priority::parse)?,
                        symptom: row.text("symptom_steps")?,
                    },
                    body: row.text("body")?,
                    score: row.real("score")?,
                })
            })
            .collect()
    }

    #[instrument(skip(self))]
    async fn index_unindexed(&self, limit: u32) -> Result<usize, StoreError> {
        let missing = sql!(
            D,
            "SELECT id FROM tickets t WHERE NOT EXISTS \
             (SELECT 1 FROM search_docs d WHERE d.kind = 'ticket' AND d.ref_id = t.id) \
             ORDER BY id LIMIT ?"
        );
        let ids = query::<D>(missing, [Value::Int(i64::from(limit))])
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| row.int("id"))
            .collect::<Result<Vec<_>, _>>()?;
        for &id in &ids {
            // The ticket and its log are read under the write lock, so that
            // a change committed meanwhile is either in the log read here or
            // adds its words to the entry written here.
            let mut tx = self.pool.begin_with(D::BEGIN_WRITE).await?;
            let ticket = sql!(
                D,
                format!(
                    "SELECT {TICKET_COLUMNS} FROM tickets WHERE id = ?{}",
                    D::FOR_UPDATE
                )
            );
            let Some(row) = query::<D>(ticket, [Value::Int(id)])
                .fetch_optional(&mut *tx)
                .await?
            else {
                continue;
            };
            let ticket = rows::ticket_from_row(&row)?;
            let log = sql!(
                D,
                format!(
                    "SELECT {} FROM ticket_events WHERE ticket_id = ? ORDER BY version",
                    event_columns::<D>()
                )
            );
            let events = query::<D>(log, [Value::Int(id)])
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(rows::event_from_row)
                .collect::<Result<Vec<_>, _>>()?;
            let body = events
                .iter()
                .filter_map(|event| added_text(&event.change))
                .fold(intake_text(&ticket.intake), |text, added| {
                    with_added(&text, added)
                });
            index_registered::<D>(&mut tx, ticket.desk, ticket.id, &body).await?;
            tx.commit().await?;
        }
        Ok(ids.len())
    }
}
