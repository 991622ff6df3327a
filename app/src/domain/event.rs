//! R15: the operation log. Every change to a ticket is an event, appended in
//! the same transaction that updates the ticket; the log is never edited.

use super::ids::PolicyVersion;
use super::intake::Channel;
use super::priority::{Impact, Priority, Urgency};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What changed. Each variant is one kind of entry in the operation log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// The ticket was registered and judged (R01–R03).
    Registered {
        channel: Channel,
        impact: Impact,
        urgency: Urgency,
        priority: Priority,
        urgent: bool,
        policy_version: PolicyVersion,
        response_due_at: DateTime<Utc>,
    },
    /// Impact and urgency were corrected; the priority and the response
    /// deadline follow (R03). The note says why.
    Reclassified {
        impact: Impact,
        urgency: Urgency,
        priority: Priority,
        response_due_at: DateTime<Utc>,
        note: String,
    },
}

impl Change {
    /// The stable name of this kind of change, as stored and sent.
    pub fn kind(&self) -> &'static str {
        match self {
            Change::Registered { .. } => "registered",
            Change::Reclassified { .. } => "reclassified",
        }
    }
}

/// One entry of a ticket's operation log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketEvent {
    /// Position in the desk's whole log; live clients resume from it.
    pub id: i64,
    /// The ticket's version once this change was applied (1 for registration).
    pub version: i64,
    /// When the change was recorded, by the server's clock.
    pub at: DateTime<Utc>,
    /// Who made the change, as they were named at the time.
    pub actor: String,
    pub change: Change,
}
