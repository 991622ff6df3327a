//! The outbox: messages to reporters, written in the same transaction as
//! the log entry that causes them (see [`TicketUpdate::message`]), and
//! claimed by the sender of any server process. A claim holds for a
//! while; a claim that runs out, because its process died, is taken over.
//!
//! [`TicketUpdate::message`]: super::TicketUpdate::message

use super::StoreError;
use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use firstline_app::domain::{Delivery, DeliveryState, DeskId, Language, MessageKind, TicketNumber};

/// A message to queue with a change of a ticket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewMessage {
    pub kind: MessageKind,
    /// The reporter's address.
    pub to: String,
    pub language: Language,
    /// [`DeliveryState::Queued`], or [`DeliveryState::NoMailServer`] when
    /// the server sends no mail.
    pub state: DeliveryState,
}

/// A message a sender has claimed: what it needs to write and send it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimedMessage {
    pub id: i64,
    pub desk: DeskId,
    pub number: TicketNumber,
    /// The ticket's version the causing entry made: the entry is found by it.
    pub version: i64,
    pub kind: MessageKind,
    pub to: String,
    pub language: Language,
    /// Tries before this one.
    pub attempts: u32,
}

/// How a try to send a message ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendOutcome {
    /// The mail server took it.
    Sent,
    /// It failed for a reason that may pass: try again at `retry_at`.
    Retry {
        error: String,
        retry_at: DateTime<Utc>,
    },
    /// It failed for good.
    Failed { error: String },
}

/// The outbox.
#[async_trait]
pub trait OutboxStore: Send + Sync + 'static {
    /// Claims up to `limit` messages due at `now` for `worker`, until
    /// `now + lease`: queued or retrying ones whose next try has come and
    /// that no live claim holds. Each claim counts as a try. Two workers
    /// never hold the same message at once.
    async fn claim_messages(
        &self,
        worker: &str,
        now: DateTime<Utc>,
        lease: TimeDelta,
        limit: u32,
    ) -> Result<Vec<ClaimedMessage>, StoreError>;

    /// Records how `worker`'s try of a message ended, and ends its claim.
    /// Returns false when the claim had run out and another worker holds
    /// the message now: nothing is recorded.
    async fn finish_message(
        &self,
        id: i64,
        worker: &str,
        at: DateTime<Utc>,
        outcome: &SendOutcome,
    ) -> Result<bool, StoreError>;

    /// The messages to a ticket's reporter, oldest first.
    async fn deliveries(
        &self,
        desk: DeskId,
        number: TicketNumber,
    ) -> Result<Vec<Delivery>, StoreError>;
}
