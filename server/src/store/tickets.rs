//! Desks and their tickets: registering, changing, and reading them.

use super::StoreError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use firstline_app::domain::sla::SlaSnapshot;
use firstline_app::domain::{
    Change, DeskId, DeskKind, Intake, PolicyVersion, Priority, Ticket, TicketEvent, TicketId,
    TicketNumber,
};

/// The name the desk writes into the log for what it records by itself.
pub const SYSTEM_ACTOR: &str = "Firstline";

/// A ticket about to be registered, already validated and judged.
#[derive(Clone, Debug)]
pub struct NewTicket {
    pub intake: Intake,
    pub priority: Priority,
    pub policy_version: PolicyVersion,
    /// The clocks as judged at registration.
    pub sla: SlaSnapshot,
    /// The server's time of registration; also the time of the first event.
    pub registered_at: DateTime<Utc>,
    pub registered_by: String,
    /// The first entry of the operation log.
    pub event: Change,
}

/// A change to an existing ticket: its state afterwards and the event that
/// records it. The store writes both in one transaction, or neither.
#[derive(Clone, Debug)]
pub struct TicketUpdate {
    /// The ticket as it stands after the change; its `version` is one more
    /// than the version the change was made against.
    pub ticket: Ticket,
    /// When the change was made (server time).
    pub at: DateTime<Utc>,
    pub actor: String,
    pub change: Change,
    /// The message to the reporter the change causes, queued in the same
    /// transaction, so that it is sent if and only if the change is kept.
    pub message: Option<super::NewMessage>,
}

impl TicketUpdate {
    /// The version the change was made against.
    pub fn expected_version(&self) -> i64 {
        self.ticket.version - 1
    }
}

/// Desks and their tickets.
#[async_trait]
pub trait TicketStore: Send + Sync + 'static {
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

    /// Writes a change if the ticket is still at the version it was made
    /// against; otherwise refuses it with [`StoreError::Conflict`] and writes
    /// nothing. Returns the ticket as stored.
    async fn apply(&self, desk: DeskId, update: TicketUpdate) -> Result<Ticket, StoreError>;

    /// Up to `limit` of the desk's open tickets: those with a clock running,
    /// the nearest due time first (breached ones are the most overdue), then
    /// those with none, oldest first.
    async fn open_tickets(&self, desk: DeskId, limit: u32) -> Result<Vec<Ticket>, StoreError>;

    /// One ticket of the desk by number.
    async fn ticket(
        &self,
        desk: DeskId,
        number: TicketNumber,
    ) -> Result<Option<Ticket>, StoreError>;

    /// One ticket of the desk by id.
    async fn ticket_by_id(&self, desk: DeskId, id: TicketId) -> Result<Option<Ticket>, StoreError>;

    /// A ticket's operation log, oldest first.
    async fn events(&self, desk: DeskId, ticket: TicketId) -> Result<Vec<TicketEvent>, StoreError>;
}
