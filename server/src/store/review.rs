//! Post-incident reviews (R19) as the lead's list and the wall read them.
//! A review is saved as an entry of its ticket's log
//! ([`TicketStore::apply`](super::TicketStore::apply) writes these rows
//! with the entry); this trait reads what is still to do.

use super::StoreError;
use async_trait::async_trait;
use chrono::NaiveDate;
use firstline_app::api::{OpenActionItem, PendingReview, RunbookProposal};
use firstline_app::domain::{DeskId, RunbookVersion, TicketNumber};

/// What is left of the desk's reviews.
#[async_trait]
pub trait ReviewStore: Send + Sync + 'static {
    /// Up to `limit` closed P0 and P1 tickets whose review is not done, the
    /// longest closed first.
    async fn pending_reviews(
        &self,
        desk: DeskId,
        limit: u32,
    ) -> Result<Vec<PendingReview>, StoreError>;

    /// Up to `limit` action items not done, the earliest due first; those
    /// due before `today` (the desk's date) are marked overdue.
    async fn open_action_items(
        &self,
        desk: DeskId,
        today: NaiveDate,
        limit: u32,
    ) -> Result<Vec<OpenActionItem>, StoreError>;

    /// How many action items are not done and were due before `today`.
    async fn overdue_action_items(&self, desk: DeskId, today: NaiveDate)
    -> Result<i64, StoreError>;

    /// Up to `limit` runbook changes that done reviews propose and no
    /// runbook version applied yet, the longest waiting first.
    async fn runbook_proposals(
        &self,
        desk: DeskId,
        limit: u32,
    ) -> Result<Vec<RunbookProposal>, StoreError>;

    /// The runbook versions that applied a review proposal of the desk,
    /// each with the review's ticket.
    async fn applied_proposals(
        &self,
        desk: DeskId,
    ) -> Result<Vec<(RunbookVersion, TicketNumber)>, StoreError>;
}
