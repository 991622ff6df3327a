//! One ticket with its operation log.

use super::AppError;
use crate::domain::sla::{SlaEvent, SlaPolicy, Zones};
use crate::domain::{ActionRequest, Runbook, Ticket, TicketEvent};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// A ticket, its operation log in order, and the server's clock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketView {
    pub server_now: DateTime<Utc>,
    /// The desk's offset from UTC in seconds, for showing times.
    pub utc_offset: i32,
    pub ticket: Ticket,
    pub events: Vec<TicketEvent>,
    /// What the browser evaluates the clocks from, once a second: the
    /// ticket's SLA events and its policies (registered, then applied).
    pub sla_events: Vec<SlaEvent>,
    pub policies: Vec<SlaPolicy>,
    /// The offsets of the time zones the policies' calendars name, over the
    /// span the clocks can reach: the browser has no zone rules.
    pub zones: Zones,
    /// The runbook version the ticket follows, for the stepper.
    pub runbook: Runbook,
    /// Whether the viewer may form the ticket's swarm (leads).
    pub may_form_swarm: bool,
    /// The reporter's status link, once issued.
    pub status_link: Option<super::StatusLinkInfo>,
    /// Whether the viewer may revoke the link and issue a fresh one (leads).
    pub may_renew_link: bool,
    /// Whether the viewer may sign a post-incident review off (leads).
    #[serde(default)]
    pub may_sign_off_review: bool,
    /// The messages to the reporter, oldest first, and where each stands.
    pub deliveries: Vec<crate::domain::Delivery>,
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

/// Does something to a ticket: any [`TicketAction`](crate::domain::TicketAction).
#[server(prefix = "/api", endpoint = "ticket/act", input = Json)]
pub async fn act_on_ticket(number: String, request: ActionRequest) -> Result<Ticket, AppError> {
    let (desk, actor) = super::ssr::desk()?;
    let number = number
        .parse()
        .map_err(|_| super::ssr::fail(AppError::NotFound))?;
    super::ssr::respond(desk.act(&actor, number, request).await)
}

/// Someone else with a ticket open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub name: String,
    /// In the middle of a change (typing in one of the page's forms).
    pub editing: bool,
}

/// Where the person stands with a ticket's page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    Viewing,
    Editing,
    /// The page was closed.
    Left,
}

/// Says that the person has the ticket open (and whether they are editing
/// it), and returns who else has it open. Pages say so every
/// [`PRESENCE_BEAT_SECONDS`]; a person not heard from for three beats has
/// left.
#[server(prefix = "/api", endpoint = "ticket/presence")]
pub async fn ticket_presence(number: String, presence: Presence) -> Result<Vec<Viewer>, AppError> {
    let (desk, actor) = super::ssr::desk()?;
    let number = number
        .parse()
        .map_err(|_| super::ssr::fail(AppError::NotFound))?;
    super::ssr::respond(desk.presence(&actor, number, presence).await)
}

/// How often an open ticket page says it is still open.
pub const PRESENCE_BEAT_SECONDS: u32 = 15;
