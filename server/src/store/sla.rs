//! The SLA scheduler's work: which tickets need a look, and recording the
//! warnings, breaches and escalations it finds, each exactly once.

use super::StoreError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use firstline_app::domain::sla::{Crossing, SlaSnapshot};
use firstline_app::domain::{DeskId, TicketId};

/// The scheduler's persistence.
#[async_trait]
pub trait SlaStore: Send + Sync + 'static {
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
