//! Post-incident reviews (R19) for the lead: what is left to do, and the
//! runbook changes reviews propose. A review is written on its ticket as a
//! ticket action (`desk/tickets.rs` checks its owners and who signs it
//! off); a proposal is applied by saving a runbook version that names the
//! review (`desk/book.rs` writes both in one transaction).

use super::{Desk, DeskError, require};
use crate::store::TicketUpdate;
use chrono::NaiveDate;
use firstline_app::api::{REVIEWS_PAGE, ReviewBoard};
use firstline_app::domain::review::Review;
use firstline_app::domain::validation::{Field, FieldError, Reason};
use firstline_app::domain::{
    Action, Actor, Change, Progress, RunbookVersion, Ticket, TicketEvent, TicketNumber,
};
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
            proposals: self
                .store
                .runbook_proposals(actor.desk, REVIEWS_PAGE)
                .await?,
            utc_offset: self.offset_seconds(),
        })
    }

    /// The log entry of the review of ticket `number` when runbook version
    /// `runbook` applies its proposal: the review must be signed off,
    /// propose a change, and not be applied yet. Any other ticket is an
    /// invalid `review`.
    pub(super) async fn applying_proposal(
        &self,
        actor: &Actor,
        number: TicketNumber,
        runbook: RunbookVersion,
    ) -> Result<TicketUpdate, DeskError> {
        let refuse = |reason| DeskError::Invalid(FieldError::new(Field::Review, reason).into());
        let Some(current) = self.store.ticket(actor.desk, number).await? else {
            return Err(refuse(Reason::Unknown));
        };
        let make = async |ticket: &Ticket, log: &[TicketEvent]| {
            let progress = Progress::from_log(log);
            if progress.proposal_applied.is_some() {
                return Err(refuse(Reason::AlreadyApplied));
            }
            if !progress.review.as_ref().is_some_and(Review::proposes) {
                return Err(refuse(Reason::NoProposal));
            }
            let mut next = ticket.clone();
            next.version += 1;
            Ok((Change::ProposalApplied { runbook }, next))
        };
        self.prepare_change(actor.into(), number, current.version, make)
            .await
    }

    /// Today's date in the desk's time zone.
    pub(super) fn today(&self) -> NaiveDate {
        self.clock
            .now()
            .with_timezone(&self.utc_offset)
            .date_naive()
    }
}
