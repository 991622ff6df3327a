//! Search over the desk's tickets, in Chinese and English (R19): the page,
//! the header's box and `GET /api/v1/search` read the same view.

use super::AppError;
use crate::domain::knowledge::{ArticleNumber, ArticleState, Piece};
use crate::domain::{FieldError, Priority, Stage, TicketNumber};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The search page's path; its query is `q`.
pub const SEARCH_PATH: &str = "/search";

/// How many results a search returns unless asked.
pub const SEARCH_RESULTS: u32 = 20;

/// The most results one request may ask for.
pub const MAX_SEARCH_RESULTS: u32 = 100;

/// Reads the `limit` of a search request: a whole number from 1 to
/// [`MAX_SEARCH_RESULTS`].
pub fn search_limit(raw: &str) -> Result<u32, FieldError> {
    super::queue::parse_limit(raw, MAX_SEARCH_RESULTS)
}

/// What a result is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Found {
    /// A ticket of the desk, open or solved.
    Ticket {
        number: TicketNumber,
        stage: Stage,
        priority: Priority,
    },
    /// A knowledge article of the desk.
    Article {
        number: ArticleNumber,
        state: ArticleState,
    },
}

impl Found {
    /// Where the result's page is.
    pub fn href(&self) -> String {
        match self {
            Found::Ticket { number, .. } => format!("/tickets/{number}"),
            Found::Article { number, .. } => format!("{}/{number}", super::KB_PATH),
        }
    }

    /// Its number as people quote it: `FL-00012`.
    pub fn label(&self) -> String {
        match self {
            Found::Ticket { number, .. } => number.to_string(),
            Found::Article { number, .. } => number.to_string(),
        }
    }
}

/// One result, the best first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResult {
    #[serde(flatten)]
    pub found: Found,
    /// Its title: a ticket's first line of symptom.
    pub title: String,
    /// The stretch of its text around the first match, the query's words
    /// marked.
    pub excerpt: Vec<Piece>,
    /// It holds the query exactly as typed; such results come first.
    pub exact: bool,
}

/// The results of one search.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchView {
    /// The query as searched, trimmed.
    pub query: String,
    pub results: Vec<SearchResult>,
}

/// A solved case like the one at hand (R19), and why: the words they share.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimilarCase {
    #[serde(flatten)]
    pub found: Found,
    pub title: String,
    /// The words of the case at hand that this one shares, for "why".
    pub shared: Vec<String>,
}

/// The solved cases most like a text: the symptom and error text being
/// typed, or a ticket's own, leaving the ticket `except` out.
#[server(prefix = "/api", endpoint = "similar")]
pub async fn similar_cases(
    text: String,
    #[server(default)] except: Option<TicketNumber>,
) -> Result<Vec<SimilarCase>, AppError> {
    let (desk, actor) = super::ssr::desk()?;
    super::ssr::respond(desk.similar_cases(&actor, text, except).await)
}

/// Searches the desk's tickets.
#[server(prefix = "/api", endpoint = "search")]
pub async fn search(q: String) -> Result<SearchView, AppError> {
    use crate::domain::{FieldErrors, knowledge::SearchQuery};
    let (desk, actor) = super::ssr::desk()?;
    let query = SearchQuery::parse(&q)
        .map_err(|e| super::ssr::fail(AppError::invalid(FieldErrors::from(e))))?;
    super::ssr::respond(desk.search(&actor, query, SEARCH_RESULTS).await)
}
