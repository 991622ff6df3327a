//! The ticket as the desk holds it: the registration plus its current state.

use super::ids::{DeskId, PolicyVersion, TicketId};
use super::intake::{Intake, TicketKind};
use super::priority::Priority;
use super::sla::SlaSnapshot;
use super::stage::Stage;
use super::ticket_number::TicketNumber;
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

/// A ticket's current state. Its history is the event log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: TicketId,
    pub desk: DeskId,
    pub number: TicketNumber,
    /// Incremented by every change; an update naming an older version is refused.
    pub version: i64,
    /// Everything recorded at registration (R01, R02).
    pub intake: Intake,
    /// Derived from impact × urgency under `policy_version` (R03).
    pub priority: Priority,
    pub policy_version: PolicyVersion,
    pub stage: Stage,
    /// The desk waits for the reporter (workaround and update clocks pause).
    pub waiting_on_reporter: bool,
    /// The clocks as of the last change: the one due soonest, the next
    /// warning or breach, the escalation.
    pub sla: SlaSnapshot,
    /// When the desk registered the ticket (the report may be older).
    pub registered_at: DateTime<Utc>,
    /// Who registered it.
    pub registered_by: String,
    /// The experts a lead called in (R11); they see the ticket as theirs.
    #[serde(default)]
    pub swarm: Swarm,
}

/// The logins of a ticket's swarm, kept as one comma-separated text (logins
/// hold no commas), as the store keeps it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Swarm(String);

impl Swarm {
    /// As stored.
    pub fn from_stored(text: String) -> Self {
        Self(text)
    }

    /// As stored: `"db.wang,ops.li"`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The members' logins, in the order they joined.
    pub fn members(&self) -> impl Iterator<Item = &str> {
        self.0.split(',').filter(|m| !m.is_empty())
    }

    /// Whether the login is a member.
    pub fn contains(&self, login: &str) -> bool {
        self.members().any(|m| m == login)
    }

    /// The swarm with one more member.
    pub fn with(&self, login: &str) -> Self {
        let mut members: Vec<&str> = self.members().collect();
        members.push(login);
        Self(members.join(","))
    }

    /// The swarm without a member.
    pub fn without(&self, login: &str) -> Self {
        Self(
            self.members()
                .filter(|m| *m != login)
                .collect::<Vec<_>>()
                .join(","),
        )
    }
}

impl Ticket {
    /// Phone report or standard ticket (R02).
    pub fn kind(&self) -> TicketKind {
        self.intake.kind()
    }

    /// How long ago the fault was reported.
    pub fn age(&self, now: DateTime<Utc>) -> TimeDelta {
        now - self.intake.reported_at.at()
    }
}
