//! The queue of open tickets, the nearest due clock first (so breached
//! tickets lead).

use super::AppError;
use crate::domain::sla::NextClock;
use crate::domain::{Priority, Stage, Ticket, TicketKind, TicketNumber};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One line of the queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    pub number: TicketNumber,
    pub priority: Priority,
    pub kind: TicketKind,
    pub urgent: bool,
    pub stage: Stage,
    /// The first line of the symptom's steps.
    pub summary: String,
    pub department: String,
    pub reported_at: DateTime<Utc>,
    /// The clock due soonest; none when every clock is met.
    pub next: Option<NextClock>,
    /// Escalated to a lead (R11).
    pub escalated: bool,
}

impl QueueRow {
    /// Longest symptom summary shown in a row, in characters.
    pub const SUMMARY_CHARS: usize = 80;
}

impl From<&Ticket> for QueueRow {
    fn from(ticket: &Ticket) -> Self {
        Self {
            number: ticket.number,
            priority: ticket.priority,
            kind: ticket.kind(),
            urgent: ticket.intake.urgent,
            stage: ticket.stage,
            summary: ticket.intake.symptom.summary(Self::SUMMARY_CHARS),
            department: ticket.intake.department.to_string(),
            reported_at: ticket.intake.reported_at.at(),
            next: ticket.sla.next,
            escalated: ticket.sla.escalated_at.is_some(),
        }
    }
}

/// The open tickets of the actor's desk, with the server's clock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueView {
    pub server_now: DateTime<Utc>,
    pub rows: Vec<QueueRow>,
}

/// Loads the queue.
#[server(prefix = "/api", endpoint = "queue")]
pub async fn load_queue() -> Result<QueueView, AppError> {
    let (desk, actor) = super::ssr::desk()?;
    super::ssr::respond(desk.queue(&actor).await)
}
