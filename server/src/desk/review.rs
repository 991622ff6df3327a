//! Post-incident reviews (R19) for the lead: what is left to do. A review
//! is written on its ticket as a ticket action (`desk/tickets.rs` checks
//! its owners and who signs it off).

use super::{Desk, DeskError, require};
use chrono::NaiveDate;
use firstline_app::api::{REVIEWS_PAGE, ReviewBoard};
use firstline_app::domain::{Action, Actor};
use tracing::instrument;

impl Desk {
    /// The closed P0 and P1 tickets whose review is not done, and the open
    /// action items, the overdue ones marked.
    #[instrument(skip(self), fields(actor = %actor.name, desk = actor.desk.0))]
    pub async fn reviews(&self, actor: &Actor) -> Result<ReviewBoard, DeskError> {
        require(actor, Action::LeadReviews)?;
        let today = self.today();
        Ok(ReviewBoard {
            today,
            pending: self.store.pending_reviews(actor.desk, REVIEWS_PAGE).await?,
            items: self
                .store
                .open_action_items(actor.desk, today, REVIEWS_PAGE)
                .await?,
            utc_offset: self.offset_seconds(),
        })
    }

    /// Today's date in the desk's time zone.
    pub(super) fn today(&self) -> NaiveDate {
        self.clock
            .now()
            .with_timezone(&self.utc_offset)
            .date_naive()
    }
}
