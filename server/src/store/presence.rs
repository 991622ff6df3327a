//! Who has a ticket's page open, and whether they are editing it.

use super::{StoreError, Viewer};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use firstline_app::domain::{DeskId, TicketNumber, UserId};

/// People on tickets' pages.
#[async_trait]
pub trait PresenceStore: Send + Sync + 'static {
    /// Notes that `user` has the ticket open (and whether editing) at
    /// `now`, or, with `None`, that they left it. Says whether that is news:
    /// they arrived, left, or started or stopped editing.
    async fn note_presence(
        &self,
        desk: DeskId,
        number: TicketNumber,
        user: UserId,
        name: &str,
        editing: Option<bool>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError>;

    /// Who has had the ticket open since `since`, apart from `except`.
    async fn presence(
        &self,
        desk: DeskId,
        number: TicketNumber,
        since: DateTime<Utc>,
        except: UserId,
    ) -> Result<Vec<Viewer>, StoreError>;

    /// Announces to every process that someone's presence on a ticket
    /// changed, where the database carries announcements; says whether it
    /// did (then this process hears it too, through
    /// [`LogStore::follow_announcements`](super::LogStore::follow_announcements)).
    async fn announce_presence(
        &self,
        desk: DeskId,
        number: TicketNumber,
    ) -> Result<bool, StoreError>;
}
