//! The desk's live event stream: one entry per change to a ticket, in the
//! order of the desk's log, for clients that show the desk as it changes.

use crate::domain::{TicketEvent, TicketNumber};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One change to one ticket, as the stream sends it. It names the change
/// and who made it; what was written is read from the ticket itself, under
/// the reader's permissions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveEvent {
    /// The entry's position in the desk's log: a client that reconnects
    /// with it as `Last-Event-ID` gets every entry after it.
    pub id: i64,
    pub number: TicketNumber,
    /// The ticket's version once the change was applied.
    pub version: i64,
    /// What changed: `registered`, `stage_changed`, `clock_breached`, …
    pub kind: String,
    pub actor: String,
    pub at: DateTime<Utc>,
    /// The server's time when the entry was sent, for honest countdowns.
    pub server_now: DateTime<Utc>,
}

impl LiveEvent {
    /// The stream's entry for a log entry of a ticket.
    pub fn new(number: TicketNumber, event: &TicketEvent, server_now: DateTime<Utc>) -> Self {
        Self {
            id: event.id,
            number,
            version: event.version,
            kind: event.change.kind().to_owned(),
            actor: event.actor.clone(),
            at: event.at,
            server_now,
        }
    }
}
