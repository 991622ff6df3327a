//! Search over a desk's tickets and knowledge articles (R19): the index is written by the ticket
//! writes themselves, in their transactions; this trait reads it, and fills
//! it for tickets written before it existed.

use super::StoreError;
use async_trait::async_trait;
use firstline_app::domain::knowledge::{ArticleNumber, ArticleState};
use firstline_app::domain::{DeskId, Priority, Stage, TicketNumber};

/// Which documents a search may return.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SearchScope {
    /// Every term must occur (a search), rather than any (similar cases).
    pub every_term: bool,
    /// Only what is known to help: solved tickets (closed or archived) and
    /// published articles.
    pub solved_only: bool,
    /// How many of the newest matches are ranked (the domain's
    /// `RANKED_MATCHES`); older matches are not returned.
    pub ranked: u32,
}

/// What a search found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    /// A ticket of the desk.
    Ticket {
        number: TicketNumber,
        stage: Stage,
        priority: Priority,
        /// The symptom's steps, whose first line is its title.
        symptom: String,
    },
    /// A knowledge article of the desk.
    Article {
        number: ArticleNumber,
        state: ArticleState,
        title: String,
    },
}

/// One document that answers a search.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchHit {
    pub subject: Subject,
    /// Its searched text.
    pub body: String,
    /// How well it answers, by the backend's ranking; higher is better.
    pub score: f64,
}

/// The search index.
#[async_trait]
pub trait SearchStore: Send + Sync + 'static {
    /// Up to `limit` documents of the desk holding the terms (as
    /// `firstline_app::domain::knowledge::query_terms` makes them), the
    /// best first. No terms find nothing.
    async fn search(
        &self,
        desk: DeskId,
        terms: &[String],
        scope: SearchScope,
        limit: u32,
    ) -> Result<Vec<SearchHit>, StoreError>;

    /// Indexes up to `limit` tickets that have no entry in the index yet
    /// (those written before the index existed, or restored from an
    /// export), and once every ticket has one, the articles likewise;
    /// returns how many it indexed.
    async fn index_unindexed(&self, limit: u32) -> Result<usize, StoreError>;
}
