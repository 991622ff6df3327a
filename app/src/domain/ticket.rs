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
