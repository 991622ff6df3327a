//! Registering a fault (R01–R03).

use super::AppError;
use crate::domain::{IntakeDraft, Language, SlaPolicy, TicketNumber};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the intake form needs from the desk: the policy to preview
/// priorities with, and the desk's clock and time zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeSetup {
    pub policy: SlaPolicy,
    /// The desk's offset from UTC, in seconds; form times are entered in it.
    pub utc_offset: i32,
    /// The language a reporter gets when the form names none.
    pub desk_language: Language,
    pub server_now: DateTime<Utc>,
    /// What this person typed into a submission the desk refused, when the
    /// page comes back to show the errors without JavaScript: kept on the
    /// server across the redirect, and handed back once.
    pub refused: Option<IntakeDraft>,
}

/// Loads what the intake form needs.
#[server(prefix = "/api", endpoint = "intake/context")]
pub async fn load_intake() -> Result<IntakeSetup, AppError> {
    let (desk, actor) = super::ssr::desk()?;
    let parts = super::ssr::parts()?;
    super::ssr::respond(desk.load_intake(&parts, &actor).await)
}

/// Registers a fault and sends the agent to the new ticket.
#[server(prefix = "/api", endpoint = "intake/register")]
pub async fn register_ticket(draft: IntakeDraft) -> Result<TicketNumber, AppError> {
    let (desk, actor) = super::ssr::desk()?;
    let result = desk.register(&actor, draft.clone()).await;
    if let Err(AppError::Invalid { .. }) = &result
        && super::ssr::form_post()
    {
        // The page goes back to the form through the browser's address, which
        // anyone can write: what was typed stays on this side of it.
        let parts = super::ssr::parts()?;
        desk.keep_refused_intake(&parts, draft).await?;
    }
    let number = super::ssr::respond(result.map(|ticket| ticket.number))?;
    leptos_axum::redirect(&format!("/tickets/{number}"));
    Ok(number)
}
