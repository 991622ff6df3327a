//! Knowledge articles (R19): the list at `/kb`, one article at
//! `/kb/KB-12` with its versions, and the calls that draft, save and
//! publish them.

use super::AppError;
use crate::domain::knowledge::{Article, ArticleDraft, ArticleVersion};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The list's path; an article is at `/kb/KB-12`.
pub const KB_PATH: &str = "/kb";

/// How many articles the list shows.
pub const KB_PAGE: u32 = 200;

/// An article's page: the article, its versions, and what the viewer may
/// do with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleView {
    pub article: Article,
    /// Oldest first.
    pub versions: Vec<ArticleVersion>,
    pub may_edit: bool,
    pub may_publish: bool,
    /// The desk's offset from UTC in seconds: times are shown in it.
    pub utc_offset: i32,
}

/// The desk's articles, the latest saved first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleList {
    pub articles: Vec<Article>,
    pub may_write: bool,
}

/// Loads the list.
#[server(prefix = "/api", endpoint = "kb/list")]
pub async fn load_articles() -> Result<ArticleList, AppError> {
    let (desk, actor) = super::ssr::desk()?;
    super::ssr::respond(desk.articles(&actor).await)
}

/// Loads one article.
#[server(prefix = "/api", endpoint = "kb/article")]
pub async fn load_article(number: String) -> Result<ArticleView, AppError> {
    let (desk, actor) = super::ssr::desk()?;
    let number = number
        .parse()
        .map_err(|_| super::ssr::fail(AppError::NotFound))?;
    super::ssr::respond(desk.article(&actor, number).await)
}

/// Drafts an article from a closed ticket, linked to it; to the article.
#[server(prefix = "/api", endpoint = "kb/draft")]
pub async fn draft_article(ticket: String) -> Result<Article, AppError> {
    let (desk, actor) = super::ssr::desk()?;
    let ticket = ticket
        .parse()
        .map_err(|_| super::ssr::fail(AppError::NotFound))?;
    let article = super::ssr::respond(desk.draft_article(&actor, ticket).await)?;
    if super::ssr::form_post() {
        leptos_axum::redirect(&format!("{KB_PATH}/{}", article.number));
    }
    Ok(article)
}

/// Saves a new version of an article, against the version seen; with
/// `publish`, publishes it (leads).
#[server(prefix = "/api", endpoint = "kb/save")]
pub async fn save_article(
    number: String,
    version: i64,
    draft: ArticleDraft,
    #[server(default)] publish: bool,
) -> Result<Article, AppError> {
    let (desk, actor) = super::ssr::desk()?;
    let number = number
        .parse()
        .map_err(|_| super::ssr::fail(AppError::NotFound))?;
    let article = super::ssr::respond(
        desk.save_article(&actor, number, version, &draft, publish)
            .await,
    )?;
    if super::ssr::form_post() {
        leptos_axum::redirect(&format!("{KB_PATH}/{}", article.number));
    }
    Ok(article)
}
