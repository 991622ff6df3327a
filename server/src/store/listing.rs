//! The ticket list: every ticket of a desk, open, closed or archived,
//! filtered and paged with a cursor (R19: every ticket can be found).

use super::StoreError;
use async_trait::async_trait;
use firstline_app::domain::listing::TicketFilter;
use firstline_app::domain::{DeskId, Ticket};

/// The ticket list.
#[async_trait]
pub trait TicketListStore: Send + Sync + 'static {
    /// Up to `limit` of the desk's tickets that pass the filter, in its
    /// order, from just past its cursor. "Breached" means a clock of the
    /// ticket breached at some time, as its log records.
    async fn list_tickets(
        &self,
        desk: DeskId,
        filter: &TicketFilter,
        limit: u32,
    ) -> Result<Vec<Ticket>, StoreError>;
}
