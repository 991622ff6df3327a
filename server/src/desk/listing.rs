//! The ticket list (R19: every ticket can be found): every ticket of the
//! actor's desk, filtered as its address says, a page at a time.

use super::{Desk, DeskError, require};
use firstline_app::api::{LIST_PAGE, QueueRow, TicketListView};
use firstline_app::domain::listing::{Cursor, ListParams, TicketFilter};
use firstline_app::domain::{Action, Actor};
use tracing::instrument;

impl Desk {
    /// A page of the desk's tickets that pass the filters, and where the
    /// next page starts.
    #[instrument(skip(self, params), fields(actor = %actor.name, desk = actor.desk.0))]
    pub async fn ticket_list(
        &self,
        actor: &Actor,
        params: &ListParams,
    ) -> Result<TicketListView, DeskError> {
        require(actor, Action::ViewTicket)?;
        let filter = TicketFilter::parse(params, self.utc_offset).map_err(DeskError::Invalid)?;
        // One past the page tells whether another follows.
        let mut tickets = self
            .store
            .list_tickets(actor.desk, &filter, LIST_PAGE + 1)
            .await?;
        let more = tickets.len() > LIST_PAGE as usize;
        tickets.truncate(LIST_PAGE as usize);
        let next = more
            .then(|| tickets.last().map(|last| Cursor::past(last, filter.order)))
            .flatten();
        Ok(TicketListView {
            server_now: self.now(),
            utc_offset: self.offset_seconds(),
            rows: tickets.iter().map(QueueRow::from).collect(),
            next: next.map(|cursor| cursor.to_string()),
        })
    }
}
