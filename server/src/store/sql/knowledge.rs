//! [`ArticleStore`] in SQL, and the links a ticket change writes to an
//! article in its own transaction.

use super::rows::{self, Columns, Value, constraint};
use super::search::{DocKind, article_number, index_new, reindex};
use super::tickets::apply_in;
use super::{Dialect, SqlStore, query, sql};
use crate::store::{ArticleEdit, ArticleStore, NewArticle, StoreError, TicketUpdate};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use firstline_app::domain::knowledge::{
    Article, ArticleBody, ArticleNumber, ArticleState, ArticleVersion,
};
use firstline_app::domain::{Change, DeskId, TicketId};
use sqlx::{Database, Executor, IntoArguments, Transaction};
use tracing::instrument;

/// The columns [`article_from_row`] reads.
const ARTICLE_COLUMNS: &str =
    "id, seq, state, version, body, uses, created_at, created_by, updated_at, updated_by";

fn body_json(body: &ArticleBody) -> Result<String, StoreError> {
    serde_json::to_string(body).map_err(|e| StoreError::Corrupt(format!("article body: {e}")))
}

fn body_from(text: &str) -> Result<ArticleBody, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("article body: {e}")))
}

/// An article from a row of [`ARTICLE_COLUMNS`], without its tickets.
fn article_from_row(row: &impl Columns) -> Result<(i64, Article), StoreError> {
    Ok((
        row.int("id")?,
        Article {
            number: article_number(row.int("seq")?)?,
            state: row.named("state", ArticleState::parse)?,
            body: body_from(&row.text("body")?)?,
            version: row.int("version")?,
            tickets: Vec::new(),
            uses: row.int("uses")?,
            created_at: row.time("created_at")?,
            created_by: row.text("created_by")?,
            updated_at: row.time("updated_at")?,
            updated_by: row.text("updated_by")?,
        },
    ))
}

/// Records that a ticket came to an article, inside the caller's
/// transaction; a link to an existing article counts as one more use.
async fn link<D>(
    tx: &mut Transaction<'static, D::Db>,
    article: i64,
    ticket: TicketId,
    drafted: bool,
    at: DateTime<Utc>,
) -> Result<(), StoreError>
where
    D: Dialect,
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    let insert = sql!(
        D,
        "INSERT INTO article_tickets (article_id, ticket_id, drafted, linked_at) VALUES (?, ?, ?, ?)"
    );
    let values = [
        Value::Int(article),
        Value::Int(ticket.0),
        Value::Flag(drafted),
        Value::Time(at),
    ];
    query::<D>(insert, values)
        .execute(&mut **tx)
        .await
        .map_err(constraint)?;
    if !drafted {
        let used = sql!(D, "UPDATE articles SET uses = uses + 1 WHERE id = ?");
        query::<D>(used, [Value::Int(article)])
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Writes the link that a ticket's `article_linked` entry records, inside
/// the change's transaction. An article the desk does not have is
/// [`StoreError::NotFound`], and the change is not written.
pub(super) async fn link_change<D>(
    tx: &mut Transaction<'static, D::Db>,
    desk: DeskId,
    ticket: TicketId,
    change: &Change,
    at: DateTime<Utc>,
) -> Result<(), StoreError>
where
    D: Dialect,
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    // A drafted link is written with its article (see create_article).
    let Change::ArticleLinked {
        article,
        drafted: false,
    } = change
    else {
        return Ok(());
    };
    let find = sql!(D, "SELECT id FROM articles WHERE desk_id = ? AND seq = ?");
    let values = [
        Value::Int(desk.0),
        Value::Int(i64::from(article.sequence())),
    ];
    let row = query::<D>(find, values)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    link::<D>(tx, row.int("id")?, ticket, false, at).await
}

/// Appends a version of an article.
async fn add_version<D>(
    tx: &mut Transaction<'static, D::Db>,
    article: i64,
    version: i64,
    state: ArticleState,
    body: &str,
    at: DateTime<Utc>,
    author: &str,
) -> Result<(), StoreError>
where
    D: Dialect,
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    let insert = sql!(
        D,
        "INSERT INTO article_versions (article_id, version, state, body, at, author) \
         VALUES (?, ?, ?, ?, ?, ?)"
    );
    let values = [
        Value::Int(article),
        Value::Int(version),
        Value::Text(state.as_str()),
        Value::Text(body),
        Value::Time(at),
        Value::Text(author),
    ];
    query::<D>(insert, values)
        .execute(&mut **tx)
        .await
        .map_err(constraint)?;
    Ok(())
}

impl<D: Dialect> SqlStore<D>
where
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    /// The numbers of the tickets an article came from or was linked to.
    async fn article_tickets<'e, E>(
        executor: E,
        article: i64,
    ) -> Result<Vec<firstline_app::domain::TicketNumber>, StoreError>
    where
        E: Executor<'e, Database = D::Db>,
    {
        let sql = sql!(
            D,
            "SELECT t.seq FROM article_tickets l JOIN tickets t ON t.id = l.ticket_id \
             WHERE l.article_id = ? ORDER BY l.linked_at, t.seq"
        );
        query::<D>(sql, [Value::Int(article)])
            .fetch_all(executor)
            .await?
            .iter()
            .map(|row| rows::number(row.int("seq")?))
            .collect()
    }

    /// One article by number, inside a transaction.
    async fn article_in(
        tx: &mut Transaction<'static, D::Db>,
        desk: DeskId,
        number: ArticleNumber,
    ) -> Result<Option<Article>, StoreError> {
        let sql = sql!(
            D,
            format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE desk_id = ? AND seq = ?")
        );
        let values = [Value::Int(desk.0), Value::Int(i64::from(number.sequence()))];
        let Some(row) = query::<D>(sql, values).fetch_optional(&mut **tx).await? else {
            return Ok(None);
        };
        let (id, mut article) = article_from_row(&row)?;
        article.tickets = Self::article_tickets(&mut **tx, id).await?;
        Ok(Some(article))
    }
}

#[async_trait]
impl<D: Dialect> ArticleStore for SqlStore<D>
where
    for<'c> &'c mut <D::Db as Database>::Connection: Executor<'c, Database = D::Db>,
    for<'q> <D::Db as Database>::Arguments<'q>: IntoArguments<'q, D::Db>,
{
    #[instrument(skip(self, new), fields(desk = desk.0))]
    async fn create_article(&self, desk: DeskId, new: NewArticle) -> Result<Article, StoreError> {
        let mut tx = self.pool.begin_with(D::BEGIN_WRITE).await?;
        // The desk row's lock orders concurrent creations, so that each
        // gets the next number.
        let lock = sql!(
            D,
            format!("SELECT id FROM desks WHERE id = ?{}", D::FOR_UPDATE)
        );
        query::<D>(lock, [Value::Int(desk.0)])
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let next = sql!(
            D,
            "SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM articles WHERE desk_id = ?"
        );
        let seq = query::<D>(next, [Value::Int(desk.0)])
            .fetch_one(&mut *tx)
            .await?
            .int("seq")?;
        let number = article_number(seq)?;
        let body = body_json(&new.body)?;
        let insert = sql!(
            D,
            "INSERT INTO articles (desk_id, seq, state, version, body, uses, created_at, \
             created_by, updated_at, updated_by) VALUES (?, ?, ?, 1, ?, 0, ?, ?, ?, ?) RETURNING id"
        );
        let values = [
            Value::Int(desk.0),
            Value::Int(seq),
            Value::Text(ArticleState::Draft.as_str()),
            Value::Text(&body),
            Value::Time(new.at),
            Value::Text(&new.author),
            Value::Time(new.at),
            Value::Text(&new.author),
        ];
        let id = query::<D>(insert, values)
            .fetch_one(&mut *tx)
            .await
            .map_err(constraint)?
            .int("id")?;
        add_version::<D>(
            &mut tx,
            id,
            1,
            ArticleState::Draft,
            &body,
            new.at,
            &new.author,
        )
        .await?;
        index_new::<D>(
            &mut tx,
            desk,
            DocKind::Article,
            (id, false),
            &new.body.searched_text(),
        )
        .await?;
        if let Some(ticket) = new.source {
            let ticket_id = ticket.id;
            let update = TicketUpdate {
                ticket,
                at: new.at,
                actor: new.author.clone(),
                change: Change::ArticleLinked {
                    article: number,
                    drafted: true,
                },
                message: None,
            };
            apply_in::<D>(&mut tx, desk, &update).await?;
            link::<D>(&mut tx, id, ticket_id, true, new.at).await?;
        }
        let article = Self::article_in(&mut tx, desk, number)
            .await?
            .ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(article)
    }

    #[instrument(skip(self, edit), fields(desk = desk.0, number = %edit.number))]
    async fn save_article(&self, desk: DeskId, edit: ArticleEdit) -> Result<Article, StoreError> {
        let mut tx = self.pool.begin_with(D::BEGIN_WRITE).await?;
        let body = body_json(&edit.body)?;
        let write = sql!(
            D,
            "UPDATE articles SET state = ?, version = version + 1, body = ?, updated_at = ?, \
             updated_by = ? WHERE desk_id = ? AND seq = ? AND version = ? RETURNING id, version"
        );
        let values = [
            Value::Text(edit.state.as_str()),
            Value::Text(&body),
            Value::Time(edit.at),
            Value::Text(&edit.author),
            Value::Int(desk.0),
            Value::Int(i64::from(edit.number.sequence())),
            Value::Int(edit.version),
        ];
        let Some(row) = query::<D>(write, values).fetch_optional(&mut *tx).await? else {
            return Err(match Self::article_in(&mut tx, desk, edit.number).await? {
                Some(current) => StoreError::Conflict {
                    current: current.version,
                },
                None => StoreError::NotFound,
            });
        };
        let (id, version) = (row.int("id")?, row.int("version")?);
        add_version::<D>(
            &mut tx,
            id,
            version,
            edit.state,
            &body,
            edit.at,
            &edit.author,
        )
        .await?;
        let text = edit.body.searched_text();
        let published = edit.state == ArticleState::Published;
        reindex::<D>(&mut tx, DocKind::Article, (id, published), |_| text).await?;
        let article = Self::article_in(&mut tx, desk, edit.number)
            .await?
            .ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(article)
    }

    async fn article(
        &self,
        desk: DeskId,
        number: ArticleNumber,
    ) -> Result<Option<Article>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let article = Self::article_in(&mut tx, desk, number).await?;
        tx.commit().await?;
        Ok(article)
    }

    #[instrument(skip(self), fields(desk = desk.0, limit))]
    async fn articles(&self, desk: DeskId, limit: u32) -> Result<Vec<Article>, StoreError> {
        let sql = sql!(
            D,
            format!(
                "SELECT {ARTICLE_COLUMNS} FROM articles WHERE desk_id = ? \
                 ORDER BY updated_at DESC, seq DESC LIMIT ?"
            )
        );
        let found = query::<D>(sql, [Value::Int(desk.0), Value::Int(i64::from(limit))])
            .fetch_all(&self.pool)
            .await?;
        found
            .iter()
            .map(|row| article_from_row(row).map(|(_, article)| article))
            .collect()
    }

    async fn article_versions(
        &self,
        desk: DeskId,
        number: ArticleNumber,
    ) -> Result<Vec<ArticleVersion>, StoreError> {
        let sql = sql!(
            D,
            "SELECT v.version, v.state, v.body, v.at, v.author FROM article_versions v \
             JOIN articles a ON a.id = v.article_id WHERE a.desk_id = ? AND a.seq = ? \
             ORDER BY v.version"
        );
        let values = [Value::Int(desk.0), Value::Int(i64::from(number.sequence()))];
        let found = query::<D>(sql, values).fetch_all(&self.pool).await?;
        found
            .iter()
            .map(|row| {
                Ok(ArticleVersion {
                    version: row.int("version")?,
                    state: row.named("state", ArticleState::parse)?,
                    body: body_from(&row.text("body")?)?,
                    at: row.time("at")?,
                    author: row.text("author")?,
                })
            })
            .collect()
    }
}
