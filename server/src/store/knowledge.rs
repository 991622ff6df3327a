//! Knowledge articles (R19): drafted from a closed ticket (with the
//! ticket's log entry in the same transaction), saved as versions, read
//! back. Linking a ticket to an article is a ticket change
//! ([`TicketStore::apply`](super::TicketStore::apply) writes the link with
//! the entry).

use super::StoreError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use firstline_app::domain::knowledge::{
    Article, ArticleBody, ArticleNumber, ArticleState, ArticleVersion,
};
use firstline_app::domain::{DeskId, Ticket};

/// An article about to be written.
#[derive(Clone, Debug)]
pub struct NewArticle {
    pub body: ArticleBody,
    pub author: String,
    pub at: DateTime<Utc>,
    /// The ticket it is drafted from, as it stands once its log says so
    /// (its version one more than the version the draft was made against).
    pub source: Option<Ticket>,
}

/// A save of an article: its text and state, against the version seen.
#[derive(Clone, Debug)]
pub struct ArticleEdit {
    pub number: ArticleNumber,
    /// The version the edit was made against.
    pub version: i64,
    pub body: ArticleBody,
    pub state: ArticleState,
    pub author: String,
    pub at: DateTime<Utc>,
}

/// Knowledge articles.
#[async_trait]
pub trait ArticleStore: Send + Sync + 'static {
    /// Gives the article the desk's next number and writes it as version 1,
    /// with the source ticket's link and log entry (`article_linked`,
    /// drafted), in one transaction; a source ticket that moved on is
    /// [`StoreError::Conflict`] and nothing is written.
    async fn create_article(&self, desk: DeskId, new: NewArticle) -> Result<Article, StoreError>;

    /// Writes a new version if the article is still at the version the edit
    /// was made against; otherwise [`StoreError::Conflict`].
    async fn save_article(&self, desk: DeskId, edit: ArticleEdit) -> Result<Article, StoreError>;

    /// One article of the desk.
    async fn article(
        &self,
        desk: DeskId,
        number: ArticleNumber,
    ) -> Result<Option<Article>, StoreError>;

    /// Up to `limit` of the desk's articles, the latest saved first.
    async fn articles(&self, desk: DeskId, limit: u32) -> Result<Vec<Article>, StoreError>;

    /// Every version of an article, oldest first.
    async fn article_versions(
        &self,
        desk: DeskId,
        number: ArticleNumber,
    ) -> Result<Vec<ArticleVersion>, StoreError>;
}
