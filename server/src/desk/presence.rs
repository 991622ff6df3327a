//! Who has a ticket's page open, and who is editing it: noted on every beat
//! of a page, and told to the desk's streams when it changes.

use super::{Desk, DeskError, require};
use firstline_app::api::{PRESENCE_BEAT_SECONDS, Presence, Viewer};
use firstline_app::domain::{Action, Actor, TicketNumber};

impl Desk {
    /// Notes where the actor stands with a ticket's page (viewing, editing,
    /// or gone) and returns who else has it open. People not heard from for
    /// three beats have left. Arrivals, departures and edits are told to
    /// the desk's streams at once (every process's, on PostgreSQL).
    pub async fn presence(
        &self,
        actor: &Actor,
        number: TicketNumber,
        presence: Presence,
    ) -> Result<Vec<Viewer>, DeskError> {
        require(actor, Action::ViewTicket)?;
        let user = actor.user().ok_or(DeskError::Forbidden)?;
        if self.store.ticket(actor.desk, number).await?.is_none() {
            return Err(DeskError::NotFound);
        }
        let now = self.clock.now();
        let editing = match presence {
            Presence::Viewing => Some(false),
            Presence::Editing => Some(true),
            Presence::Left => None,
        };
        let news = self
            .store
            .note_presence(actor.desk, number, user, &actor.name, editing, now)
            .await?;
        // Where the database announces it, every process hears it, this
        // one included; otherwise only this process's streams are told.
        if news && !self.store.announce_presence(actor.desk, number).await? {
            self.feed.presence_changed(actor.desk, number);
        }
        let since = now - chrono::TimeDelta::seconds(3 * i64::from(PRESENCE_BEAT_SECONDS));
        Ok(self.store.presence(actor.desk, number, since, user).await?)
    }
}
