//! The operation log as the live feed reads it: every desk's entries in
//! order, and what the database announces of other processes' commits.

use super::StoreError;
use async_trait::async_trait;
use firstline_app::domain::{DeskId, TicketEvent, TicketNumber};
use std::sync::Arc;
use tokio::sync::{Notify, watch};

/// Where a process hears what the database announces.
#[derive(Clone)]
pub struct Announcements {
    /// Rung when any process committed log entries.
    pub log: Arc<Notify>,
    /// Told when someone opened, left or started editing a ticket.
    pub presence: Arc<dyn Fn(DeskId, TicketNumber) + Send + Sync>,
}

/// Which logs a read covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogScope {
    /// One desk's.
    Desk(DeskId),
    /// Every desk's, for the process-wide live feed.
    All,
}

/// One entry of a desk's log, with where it belongs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    pub desk: DeskId,
    pub number: TicketNumber,
    pub event: TicketEvent,
}

/// The log as a whole, in the order it was written.
#[async_trait]
pub trait LogStore: Send + Sync + 'static {
    /// Up to `limit` entries of a desk's whole log (or of every desk's)
    /// after the entry `after`, oldest first, each with its desk and its
    /// ticket's number: what a live client missed, or what the process's
    /// live feed has not published yet.
    async fn events_after(
        &self,
        scope: LogScope,
        after: i64,
        limit: i64,
    ) -> Result<Vec<LogEntry>, StoreError>;

    /// The id of the newest log entry of a desk, or of every desk (0 when
    /// there is none).
    async fn last_event_id(&self, scope: LogScope) -> Result<i64, StoreError>;

    /// Follows what every process announces through the database
    /// (PostgreSQL's LISTEN/NOTIFY): committed log entries ring
    /// `announcements.log`, presence changes call `announcements.presence`,
    /// until `closing` turns true. Says whether it will; where it will not,
    /// the caller polls.
    fn follow_announcements(
        &self,
        announcements: Announcements,
        closing: watch::Receiver<bool>,
    ) -> bool;
}
