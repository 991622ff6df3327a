//! Persistence. The [`Store`] trait is all the desk service knows of the
//! database; `sqlite` implements it today, and every implementation passes the
//! same conformance suite (`tests/store.rs`).
//!
//! Every method takes the desk, so no query can forget to filter by it.

mod sqlite;

pub use sqlite::SqliteStore;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use firstline_app::domain::{
    Change, DeskId, DeskKind, Intake, PolicyVersion, Priority, Ticket, TicketEvent, TicketId,
    TicketNumber,
};

/// A ticket about to be registered, already validated and judged.
#[derive(Clone, Debug)]
pub struct NewTicket {
    pub intake: Intake,
    pub priority: Priority,
    pub policy_version: PolicyVersion,
    pub response_due_at: DateTime<Utc>,
    /// The server's time of registration; also the time of the first event.
    pub registered_at: DateTime<Utc>,
    pub registered_by: String,
    /// The first entry of the operation log.
    pub event: Change,
}

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such row on this desk.
    #[error("not found")]
    NotFound,
    /// The update named a stale version.
    #[error("version conflict: the row is at version {current}")]
    Conflict { current: i64 },
    /// A constraint refused the write; `constraint` names it.
    #[error("constraint violated: {constraint}")]
    Constraint { constraint: String },
    /// A stored value could not be read back.
    #[error("corrupt row: {0}")]
    Corrupt(String),
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// The desk's persistence.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Creates a desk and returns its id.
    async fn create_desk(
        &self,
        kind: DeskKind,
        name: &str,
        at: DateTime<Utc>,
    ) -> Result<DeskId, StoreError>;

    /// Gives the ticket the desk's next number and writes it with its first
    /// event, in one transaction.
    async fn register(&self, desk: DeskId, ticket: NewTicket) -> Result<Ticket, StoreError>;

    /// The desk's open tickets, nearest response deadline first.
    async fn open_tickets(&self, desk: DeskId) -> Result<Vec<Ticket>, StoreError>;

    /// One ticket of the desk by number.
    async fn ticket(
        &self,
        desk: DeskId,
        number: TicketNumber,
    ) -> Result<Option<Ticket>, StoreError>;

    /// A ticket's operation log, oldest first.
    async fn events(&self, desk: DeskId, ticket: TicketId) -> Result<Vec<TicketEvent>, StoreError>;

    /// Checks that the database answers.
    async fn ping(&self) -> Result<(), StoreError>;

    /// Closes the connections, waiting for running statements to finish.
    async fn close(&self);
}
