//! The reporter's status links: which ticket a link opens. Only a hash of
//! each link's token is kept, beside the nonce the token is derived from
//! with a key the database never holds.

use super::StoreError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use firstline_app::domain::{DeskId, TicketNumber};

/// A ticket's working status link, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusLink {
    /// Random, hex: the link's token is derived from it.
    pub nonce: String,
    /// SHA-256 of the token, hex.
    pub token_hash: String,
    pub created_at: DateTime<Utc>,
}

/// A link to record.
#[derive(Clone, Copy, Debug)]
pub struct NewStatusLink<'a> {
    pub nonce: &'a str,
    /// SHA-256 of the token, hex: how a presented token is found.
    pub token_hash: &'a str,
    pub at: DateTime<Utc>,
}

/// Status links, at most one working per ticket.
#[async_trait]
pub trait StatusLinkStore: Send + Sync + 'static {
    /// The ticket's working link, if it has one.
    async fn status_link(
        &self,
        desk: DeskId,
        number: TicketNumber,
    ) -> Result<Option<StatusLink>, StoreError>;

    /// Gives the ticket `link` unless it has a working one, and returns the
    /// working one (the earlier link when two requests race). With `renew`,
    /// the working link is revoked first, in the same transaction.
    async fn issue_status_link(
        &self,
        desk: DeskId,
        number: TicketNumber,
        link: NewStatusLink<'_>,
        renew: bool,
    ) -> Result<StatusLink, StoreError>;

    /// The ticket a working link's token hash opens.
    async fn ticket_of_link(
        &self,
        token_hash: &str,
    ) -> Result<Option<(DeskId, TicketNumber)>, StoreError>;
}
