//! The desk's live event stream: one entry per change to a ticket, in the
//! order of the desk's log, for clients that show the desk as it changes.
//! The stream's path, its event names and each event's data are declared
//! here, once, for the server that sends them and the browser that reads
//! them.

use crate::domain::{Change, TicketEvent, TicketNumber};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where the stream is served. `?after=ID` (or `Last-Event-ID`) resumes
/// after an entry; `?follow=false` sends what was missed and ends.
pub const EVENTS_PATH: &str = "/api/v1/events";

/// The stream's first event: the position it starts after, also sent as
/// the event's id, so that a client dropped before its first entry resumes
/// from there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ready {
    pub after: i64,
}

impl Ready {
    /// The event's name.
    pub const EVENT: &'static str = "ready";
}

/// Someone opened, left, or started or stopped editing a ticket: people's
/// pages ask who is there again. Not an entry of the log, so it has no id.
/// Sent to people only, never to wall displays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresenceChanged {
    pub number: TicketNumber,
}

impl PresenceChanged {
    /// The event's name.
    pub const EVENT: &'static str = "presence";
}

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
    /// What sort of change it is; also the stream's event name.
    pub topic: Topic,
    /// What changed exactly: `registered`, `stage_changed`, `clock_breached`, …
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
            topic: Topic::of(&event.change),
            kind: event.change.kind().to_owned(),
            actor: event.actor.clone(),
            at: event.at,
            server_now,
        }
    }
}

/// The sorts of entry the live stream carries, each under its own event
/// name, so that a client listens only for what it shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// A ticket was registered.
    Registered,
    /// A ticket moved to another stage, or was resolved, reopened or closed.
    Stage,
    /// A clock passed its warning point or breached.
    Clock,
    /// A ticket was escalated, or an escalation was asked for (R11).
    Escalated,
    /// An expert joined or left a ticket's swarm.
    Swarm,
    /// Any other change to a ticket.
    Changed,
}

impl Topic {
    /// Every topic of a change to a ticket.
    pub const ALL: [Topic; 6] = [
        Topic::Registered,
        Topic::Stage,
        Topic::Clock,
        Topic::Escalated,
        Topic::Swarm,
        Topic::Changed,
    ];

    /// The topic a change is sent under.
    pub fn of(change: &Change) -> Self {
        match change {
            Change::Registered { .. } => Topic::Registered,
            Change::StageChanged { .. }
            | Change::Resolved { .. }
            | Change::Reopened { .. }
            | Change::ReporterNotFixed { .. }
            | Change::Closed => Topic::Stage,
            Change::ClockWarned { .. } | Change::ClockBreached { .. } => Topic::Clock,
            Change::Escalated { .. } | Change::EscalationRequested { .. } => Topic::Escalated,
            Change::ExpertAdded { .. } | Change::ExpertRemoved { .. } => Topic::Swarm,
            _ => Topic::Changed,
        }
    }

    /// The event name the stream sends it under.
    pub fn as_str(self) -> &'static str {
        match self {
            Topic::Registered => "registered",
            Topic::Stage => "stage",
            Topic::Clock => "clock",
            Topic::Escalated => "escalated",
            Topic::Swarm => "swarm",
            Topic::Changed => "changed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Stage;
    use crate::domain::sla::ClockName;

    #[test]
    fn each_topic_is_sent_under_the_name_it_serialises_to() {
        for topic in Topic::ALL {
            let json = serde_json::to_value(topic).unwrap();
            assert_eq!(json.as_str(), Some(topic.as_str()));
        }
    }

    #[test]
    fn changes_are_sorted_into_the_topics_the_wall_and_queue_follow() {
        let moved = Change::StageChanged {
            from: Stage::FirstDiagnosis,
            to: Stage::DeepTroubleshooting,
        };
        assert_eq!(Topic::of(&moved), Topic::Stage);
        assert_eq!(Topic::of(&Change::Closed), Topic::Stage);
        let breached = Change::ClockBreached {
            clock: ClockName::Response,
            cycle: 1,
            started_at: Utc::now(),
            due_at: Utc::now(),
        };
        assert_eq!(Topic::of(&breached), Topic::Clock);
        let note = Change::Note {
            text: "Called the reporter back".into(),
        };
        assert_eq!(Topic::of(&note), Topic::Changed);
    }
}
