//! The SLA scheduler's work: which tickets need a look, and recording the
//! warnings, breaches and escalations it finds, each exactly once.

use super::StoreError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use firstline_app::domain::sla::{Crossing, SlaSnapshot};
use firstline_app::domain::{DeskId, TicketId};

/// The right to run the SLA sweep, held by one process at a time. It is
/// let go when dropped, or when the process dies (the database notices the
/// connection gone), so another process takes over on its next pass.
#[async_trait]
pub trait SweepLease: Send {
    /// Whether the lease still holds (its connection is alive).
    async fn held(&mut self) -> bool;
}

/// The scheduler's persistence.
#[async_trait]
pub trait SlaStore: Send + Sync + 'static {
    /// Takes the sweep lease if no other process holds it; `None` when one
    /// does. Where only one process can use the database (SQLite), the lease
    /// is always there to take.
    async fn take_sweep_lease(&self) -> Result<Option<Box<dyn SweepLease>>, StoreError>;

    /// Tickets of any desk whose SLA needs a look (`sla_check_at` passed),
    /// the most overdue first.
    async fn due_for_sla(
        &self,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<(DeskId, TicketId)>, StoreError>;

    /// Records clock crossings in the ticket's log, each at most once however
    /// often it is seen, and stores the new SLA snapshot. Returns how many
    /// entries were added.
    /// Nothing is written if the ticket is no longer at `version` (a change
    /// came in between; the scheduler looks again).
    async fn record_crossings(
        &self,
        desk: DeskId,
        ticket: TicketId,
        version: i64,
        crossings: &[Crossing],
        at: DateTime<Utc>,
        snapshot: &SlaSnapshot,
    ) -> Result<usize, StoreError>;
}
