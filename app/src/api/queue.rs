//! The queue of open tickets, the nearest due clock first (so breached
//! tickets lead).

use super::AppError;
use crate::domain::sla::NextClock;
use crate::domain::{Field, FieldError, Priority, Reason, Stage, Ticket, TicketKind, TicketNumber};
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
    /// The logins of the experts in its swarm (R11).
    pub swarm: Vec<String>,
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
            swarm: ticket.swarm.members().map(str::to_owned).collect(),
        }
    }
}

/// Reads the `limit` of a list request: a whole number from 1 to `max`,
/// or an error naming `limit` with that range.
pub fn parse_limit(raw: &str, max: u32) -> Result<u32, FieldError> {
    raw.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=max).contains(n))
        .ok_or(FieldError::new(
            Field::Limit,
            Reason::OutOfRange { min: 1, max },
        ))
}

/// How many of the most urgent open tickets a queue shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueLimit(u32);

impl QueueLimit {
    /// What the queue page shows, and the API returns unless asked.
    pub const DEFAULT: QueueLimit = QueueLimit(200);
    /// The most one request may ask for.
    pub const MAX: u32 = 1000;

    /// Reads the `limit` of a request: a whole number from 1 to [`Self::MAX`].
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        parse_limit(raw, Self::MAX).map(QueueLimit)
    }

    pub const fn get(self) -> u32 {
        self.0
    }
}

/// The most urgent open tickets of the actor's desk, with the server's clock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueView {
    pub server_now: DateTime<Utc>,
    #[serde(rename = "tickets")]
    pub rows: Vec<QueueRow>,
    /// More tickets are open than the limit let through.
    pub more: bool,
    /// How many the view was asked for.
    pub limit: u32,
}

/// Loads the queue.
#[server(prefix = "/api", endpoint = "queue")]
pub async fn load_queue() -> Result<QueueView, AppError> {
    let (desk, actor) = super::ssr::desk()?;
    super::ssr::respond(desk.queue(&actor, QueueLimit::DEFAULT).await)
}
