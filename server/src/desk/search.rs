//! Search over the desk's tickets, and the solved cases like a new one
//! (R19): the store finds the candidates by
//! their terms and ranks them; here the results that hold the query exactly
//! as typed are put first, and each is cut to an excerpt with the query's
//! words marked.

use super::{Desk, DeskError, require};
use crate::store::{SearchHit, SearchScope, Subject};
use firstline_app::api::{Found, QueueRow, SearchResult, SearchView, SimilarCase};
use firstline_app::domain::knowledge::{
    MAX_SIMILAR, RANKED_MATCHES, SearchQuery, excerpt, holds_phrase, shared_words, similar_terms,
};
use firstline_app::domain::{Action, Actor, TicketNumber, intake::summarise};
use tracing::instrument;

/// How many candidates the store ranks for the exact phrase to be sought
/// among, per result wanted.
const CANDIDATES_PER_RESULT: u32 = 5;

/// The width of a result's excerpt, in characters.
pub const EXCERPT_CHARS: usize = 160;

impl Desk {
    /// The actor's desk's tickets holding every word of the query: those
    /// that hold it exactly as typed first, then by the store's ranking.
    #[instrument(skip(self, query), fields(actor = %actor.name, desk = actor.desk.0))]
    pub async fn search(
        &self,
        actor: &Actor,
        query: &SearchQuery,
        limit: u32,
    ) -> Result<SearchView, DeskError> {
        require(actor, Action::ViewTicket)?;
        let scope = SearchScope {
            every_term: true,
            solved_only: false,
            ranked: RANKED_MATCHES,
        };
        let hits = self
            .store
            .search(
                actor.desk,
                query.terms(),
                scope,
                limit.saturating_mul(CANDIDATES_PER_RESULT),
            )
            .await?;
        let mut results: Vec<SearchResult> =
            hits.into_iter().map(|hit| result(hit, query)).collect();
        // Stable: within each group the store's ranking holds.
        results.sort_by_key(|r| !r.exact);
        results.truncate(limit as usize);
        Ok(SearchView {
            query: query.text().to_owned(),
            results,
        })
    }
}

impl Desk {
    /// The solved cases of the actor's desk most like a text, each with the
    /// words it shares with it; `except` (the ticket the text is from) is
    /// left out. A case that shares no whole word is not shown.
    #[instrument(skip(self, text), fields(actor = %actor.name, desk = actor.desk.0))]
    pub async fn similar_cases(
        &self,
        actor: &Actor,
        text: &str,
        except: Option<TicketNumber>,
    ) -> Result<Vec<SimilarCase>, DeskError> {
        require(actor, Action::ViewTicket)?;
        let terms = similar_terms(text).map_err(|e| DeskError::Invalid(e.into()))?;
        let scope = SearchScope {
            every_term: false,
            solved_only: true,
            ranked: RANKED_MATCHES,
        };
        // One more than shown, for the ticket itself.
        let hits = self
            .store
            .search(actor.desk, &terms, scope, MAX_SIMILAR as u32 * 2 + 1)
            .await?;
        Ok(hits
            .into_iter()
            .filter_map(|hit| {
                let shared = shared_words(text, &hit.body);
                let itself = matches!(
                    hit.subject,
                    Subject::Ticket { number, .. } if Some(number) == except
                );
                let (found, title) = found_of(hit.subject);
                (!itself && !shared.is_empty()).then_some(SimilarCase {
                    found,
                    title,
                    shared,
                })
            })
            .take(MAX_SIMILAR)
            .collect())
    }
}

/// How many unindexed tickets are indexed per transaction batch.
const INDEX_BATCH: u32 = 200;

impl Desk {
    /// Indexes the tickets that have no search entry yet (written before
    /// the index existed, or restored from an export), a batch at a time,
    /// until none is left or the store fails. New tickets are indexed as
    /// they are written, so this runs once, in the background, at start.
    pub async fn index_unindexed(&self) {
        let mut total = 0;
        loop {
            match self.store.index_unindexed(INDEX_BATCH).await {
                Ok(0) => break,
                Ok(n) => total += n,
                Err(error) => {
                    tracing::warn!(%error, "indexing tickets for search stopped");
                    return;
                }
            }
        }
        if total > 0 {
            tracing::info!(tickets = total, "indexed tickets for search");
        }
    }
}

/// A hit as the page and the API show it.
fn result(hit: SearchHit, query: &SearchQuery) -> SearchResult {
    let exact = holds_phrase(&hit.body, query);
    let excerpt = excerpt(&hit.body, query.terms(), EXCERPT_CHARS);
    let (found, title) = found_of(hit.subject);
    SearchResult {
        found,
        title,
        excerpt,
        exact,
    }
}

/// What a hit is, as the pages link it, and its title.
fn found_of(subject: Subject) -> (Found, String) {
    match subject {
        Subject::Ticket {
            number,
            stage,
            priority,
            symptom,
        } => (
            Found::Ticket {
                number,
                stage,
                priority,
            },
            summarise(&symptom, QueueRow::SUMMARY_CHARS),
        ),
        Subject::Article {
            number,
            state,
            title,
        } => (Found::Article { number, state }, title),
    }
}
