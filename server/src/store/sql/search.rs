//! [`SearchStore`] in SQL, and the index writes that the ticket writes make
//! in their own transactions. The terms are built here, from the text, by
//! the domain's rules; the [`Dialect`] says how its backend keeps and
//! matches them (FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL).

use super::rows::{self, Columns, TICKET_COLUMNS, Value};
use super::tickets::event_columns;
use super::{Dialect, SqlStore, query, sql};
use crate::store::{SearchHit, SearchScope, SearchStore, StoreError, Subject};
use async_trait::async_trait;
use firstline_app::domain::knowledge::marker_terms;
use firstline_app::domain::knowledge::{ArticleBody, ArticleNumber, ArticleState};
use firstline_app::domain::knowledge::{added_text, index_terms, intake_text, with_added};
use firstline_app::domain::{Change, DeskId, Priority, Stage, Ticket};
use sqlx::{Database, Executor, IntoArguments, Transaction};
use tracing::instrument;

/// The index's form of the terms of a text of `desk`: its words, and the
/// markers of its desk and of whether it is known to help.
pub(super) fn terms_of<D: Dialect>(text: &str, desk: DeskId, known: bool) -> String {
    let mut terms = index_terms(text);
    terms.extend(marker_terms(desk, known));
    D::search_terms(&terms)
}

/// What a search document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum DocKind {
    Ticket,
    Article,
}

impl DocKind {
    pub(super) const fn as_str(self) -> &'static str {
        match self {
            DocKind::Ticket => "ticket",
            DocKind::Article => "article",
        }
    }
}

/// Adds a document and the terms of its text to the index: a ticket inside
/// its registration (or when a ticket from before the index is indexed), an
/// article inside its creation. `known` says whether it is known to help (a
/// solved ticket, a published article). A second writer of the same
/// document (a restore racing the start-up indexing) finds it there and
/// leaves it.
pub(super) async fn index_new<D>(
    tx: &mut Transaction<'static, D::Db>,
    desk: DeskId,
    kind: DocKind,
    (id, known): (i64, bool),
    body: &str,
) -> Result<(), StoreError>
where
    D: Dialect,
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    let insert = sql!(
        D,
        "INSERT INTO search_docs (desk_id, kind, ref_id, body, known) VALUES (?, ?, ?, ?, ?) \
         ON CONFLICT (kind, ref_id) DO NOTHING RETURNING id"
    );
    let values = [
        Value::Int(desk.0),
        Value::Text(kind.as_str()),
        Value::Int(id),
        Value::Text(body),
        Value::Flag(known),
    ];
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
    let terms = terms_of::<D>(body, desk, known);
    query::<D>(index, [Value::Int(row.int("id")?), Value::Text(&terms)])
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Replaces a document's text (with `body`, given the text it had) and
/// whether it is known to help, and its terms with them; a document not yet
/// indexed is left to [`SearchStore::index_unindexed`].
pub(super) async fn reindex<D>(
    tx: &mut Transaction<'static, D::Db>,
    kind: DocKind,
    (id, known): (i64, bool),
    body: impl FnOnce(&str) -> String + Send,
) -> Result<(), StoreError>
where
    D: Dialect,
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    let find = sql!(
        D,
        "SELECT id, desk_id, body FROM search_docs WHERE kind = ? AND ref_id = ?"
    );
    let Some(row) = query::<D>(find, [Value::Text(kind.as_str()), Value::Int(id)])
        .fetch_optional(&mut **tx)
        .await?
    else {
        return Ok(());
    };
    let (doc, desk, body) = (
        row.int("id")?,
        DeskId(row.int("desk_id")?),
        body(&row.text("body")?),
    );
    let update_body = sql!(D, "UPDATE search_docs SET body = ?, known = ? WHERE id = ?");
    let values = [Value::Text(&body), Value::Flag(known), Value::Int(doc)];
    query::<D>(update_body, values).execute(&mut **tx).await?;
    write_terms::<D>(tx, doc, &terms_of::<D>(&body, desk, known)).await
}

/// Marks a document known to help or not, and its terms with it, when it
/// changed: one statement when it did not.
async fn mark_known<D>(
    tx: &mut Transaction<'static, D::Db>,
    kind: DocKind,
    (id, known): (i64, bool),
) -> Result<(), StoreError>
where
    D: Dialect,
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    let mark = sql!(
        D,
        "UPDATE search_docs SET known = ?1 WHERE kind = ?2 AND ref_id = ?3 AND known <> ?1 \
         RETURNING id, desk_id, body"
    );
    let values = [
        Value::Flag(known),
        Value::Text(kind.as_str()),
        Value::Int(id),
    ];
    let Some(row) = query::<D>(mark, values).fetch_optional(&mut **tx).await? else {
        return Ok(());
    };
    let terms = terms_of::<D>(&row.text("body")?, DeskId(row.int("desk_id")?), known);
    write_terms::<D>(tx, row.int("id")?, &terms).await
}

/// Writes a document's terms.
async fn write_terms<D>(
    tx: &mut Transaction<'static, D::Db>,
    doc: i64,
    terms: &str,
) -> Result<(), StoreError>
where
    D: Dialect,
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    let update_terms = sql!(
        D,
        format!(
            "UPDATE search_index SET terms = {} WHERE rowid = ?",
            D::SEARCH_TERMS
        )
    );
    query::<D>(update_terms, [Value::Text(terms), Value::Int(doc)])
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Brings a ticket's entry up to date with a change, inside the change's
/// transaction: adds the change's words (a note, the root cause, the
/// workaround, the fix), and marks the ticket known to help while it is
/// solved (closed or archived). A ticket not yet indexed is left to
/// [`SearchStore::index_unindexed`], which reads its whole log.
pub(super) async fn index_change<D>(
    tx: &mut Transaction<'static, D::Db>,
    ticket: &Ticket,
    change: &Change,
) -> Result<(), StoreError>
where
    D: Dialect,
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    let doc = (ticket.id.0, !ticket.stage.is_open());
    match added_text(change) {
        Some(added) => reindex::<D>(tx, DocKind::Ticket, doc, |text| with_added(text, added)).await,
        None => mark_known::<D>(tx, DocKind::Ticket, doc).await,
    }
}

/// An article number from its stored sequence value.
pub(super) fn article_number(seq: i64) -> Result<ArticleNumber, StoreError> {
    u32::try_from(seq)
        .ok()
        .and_then(ArticleNumber::new)
        .ok_or_else(|| StoreError::Corrupt(format!("article seq = {seq}")))
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
        // The index answers the query, within the desk (and among the
        // documents known to help, when asked) by its marker terms, and
        // scores its newest matches only; the best of those are joined to
        // their documents and tickets. ?1 is the query, ?2 the desk, ?3
        // whether only solved tickets count, ?4 the limit, ?5 how many
        // matches are ranked. The desk and the state are checked again on
        // the rows themselves.
        let sql = sql!(
            D,
            format!(
                "SELECT d.id, d.kind, d.body, m.score, t.seq, t.stage, t.priority, t.symptom_steps, \
                   a.seq AS article_seq, a.state AS article_state \
                 FROM (SELECT doc, score FROM ({window}) AS w ORDER BY score DESC, doc DESC LIMIT ?4) AS m \
                 JOIN search_docs d ON d.id = m.doc \
                 LEFT JOIN tickets t ON d.kind = 'ticket' AND t.id = d.ref_id \
                 LEFT JOIN articles a ON d.kind = 'article' AND a.id = d.ref_id \
                 WHERE d.desk_id = ?2 AND (?3 = 0 OR t.stage IN ('closed', 'archived') \
                   OR a.state = 'published') \
                 ORDER BY m.score DESC, d.id DESC",
                window = D::SEARCH_WINDOW,
            )
        );
        let required = marker_terms(desk, scope.solved_only);
        let wanted = D::search_query(terms, scope.every_term, &required);
        let values = [
            Value::Text(&wanted),
            Value::Int(desk.0),
            Value::Int(i64::from(scope.solved_only)),
            Value::Int(i64::from(limit)),
            Value::Int(i64::from(scope.ranked)),
        ];
        // Planned afresh for each query, never from a cached statement: the
        // best plan depends on how many documents the query matches (a
        // common word reads the newest rows until the window is full; a
        // rare combination goes through the index), and a plan cached for
        // any query (PostgreSQL's generic plan) scans the whole table for
        // the other kind.
        let found = query::<D>(sql, values)
            .persistent(false)
            .fetch_all(&self.pool)
            .await?;
        found
            .iter()
            .map(|row| {
                let body = row.text("body")?;
                let subject = if row.text("kind")? == DocKind::Article.as_str() {
                    Subject::Article {
                        number: article_number(row.int("article_seq")?)?,
                        state: row.named("article_state", ArticleState::parse)?,
                        // An article's searched text starts with its title.
                        title: body.lines().next().unwrap_or_default().to_owned(),
                    }
                } else {
                    Subject::Ticket {
                        number: rows::number(row.int("seq")?)?,
                        stage: row.named("stage", Stage::parse)?,
                        priority: row.named("priority", Priority::parse)?,
                        symptom: row.text("symptom_steps")?,
                    }
                };
                Ok(SearchHit {
                    subject,
                    body,
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
            let doc = (ticket.id.0, !ticket.stage.is_open());
            index_new::<D>(&mut tx, ticket.desk, DocKind::Ticket, doc, &body).await?;
            tx.commit().await?;
        }
        if !ids.is_empty() {
            return Ok(ids.len());
        }
        // The articles, once every ticket is indexed. An article's text is
        // in its row, so one transaction takes the batch.
        let missing = sql!(
            D,
            "SELECT id, desk_id, state, body FROM articles a WHERE NOT EXISTS \
             (SELECT 1 FROM search_docs d WHERE d.kind = 'article' AND d.ref_id = a.id) \
             ORDER BY id LIMIT ?"
        );
        let mut tx = self.pool.begin_with(D::BEGIN_WRITE).await?;
        let found = query::<D>(missing, [Value::Int(i64::from(limit))])
            .fetch_all(&mut *tx)
            .await?;
        for row in &found {
            let body: ArticleBody = serde_json::from_str(&row.text("body")?)
                .map_err(|e| StoreError::Corrupt(format!("article body: {e}")))?;
            let desk = DeskId(row.int("desk_id")?);
            let published = row.named("state", ArticleState::parse)? == ArticleState::Published;
            index_new::<D>(
                &mut tx,
                desk,
                DocKind::Article,
                (row.int("id")?, published),
                &body.searched_text(),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(found.len())
    }
}
