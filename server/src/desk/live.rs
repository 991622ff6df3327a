//! What a live stream reads of its desk's log: where it starts, what it
//! missed, and the process's feed it follows after that.

use super::{Desk, DeskError, Subscription, require};
use crate::store::LogScope;
use firstline_app::api::LiveEvent;
use firstline_app::domain::{Action, Actor};

impl Desk {
    /// Follows every desk's new log entries, for a live stream of the
    /// actor's desk (anyone who may see the queue may follow it). Entries
    /// of other desks are the stream's to drop.
    pub async fn follow(&self, actor: &Actor) -> Result<Subscription, DeskError> {
        require(actor, Action::ViewQueue)?;
        Ok(self.feed.subscribe().await?)
    }

    /// Entries up to this id are not published by the feed any more.
    pub fn feed_watermark(&self) -> i64 {
        self.feed.watermark()
    }

    /// Up to `limit` entries of the actor's desk's log after `after`, as a
    /// live stream sends them (anyone who may see the queue may follow it).
    pub async fn live_after(
        &self,
        actor: &Actor,
        after: i64,
        limit: i64,
    ) -> Result<Vec<LiveEvent>, DeskError> {
        require(actor, Action::ViewQueue)?;
        let now = self.clock.now();
        let entries = self
            .store
            .events_after(LogScope::Desk(actor.desk), after, limit)
            .await?;
        Ok(entries
            .iter()
            .map(|entry| LiveEvent::new(entry.number, &entry.event, now))
            .collect())
    }

    /// Where a live stream of the actor's desk starts when the client has
    /// seen nothing: after the newest entry.
    pub async fn live_start(&self, actor: &Actor) -> Result<i64, DeskError> {
        require(actor, Action::ViewQueue)?;
        Ok(self.store.last_event_id(LogScope::Desk(actor.desk)).await?)
    }
}
