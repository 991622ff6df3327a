//! One ticket with its operation log.

use super::AppError;
use crate::domain::{Ticket, TicketEvent};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A ticket, its operation log in order, and the server's clock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketView {
    pub server_now: DateTime<Utc>,
    /// The desk's offset from UTC in seconds, for showing times.
    pub utc_offset: i32,
    pub ticket: Ticket,
    pub events: Vec<TicketEvent>,
}

/// Loads a ticket by its number (`FL-00042`).
#[server(prefix = "/api", endpoint = "ticket")]
pub async fn load_ticket(number: String) -> Result<TicketView, AppError> {
    let (desk, actor) = super::ssr::desk()?;
    // A malformed number cannot name a ticket: answer as for an unknown one.
    let number = number
        .parse()
        .map_err(|_| super::ssr::fail(AppError::NotFound))?;
    super::ssr::respond(desk.ticket(&actor, number).await)
}
