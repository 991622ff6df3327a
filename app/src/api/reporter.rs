//! The reporter's side (R12, R16, R17): the status page a link opens, with
//! no sign-in, and the link as agents see and issue it.

use super::AppError;
use crate::domain::{Language, PublicEntry, ReporterStage, SurveyAnswer, TicketNumber};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Where a status link starts: `/r/<token>`.
pub const STATUS_PATH: &str = "/r/";

/// The live stream of a status page (Server-Sent Events), by token.
pub const STATUS_EVENTS_PATH: &str = "/api/v1/status/{token}/events";

/// The stream of a status page for a token.
pub fn status_events_path(token: &str) -> String {
    STATUS_EVENTS_PATH.replace("{token}", token)
}

/// What a status page's stream sends: nothing but the fact that the page
/// should ask for its view again (`changed`), and `ready` when it opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChanged {}

impl StatusChanged {
    pub const EVENT: &'static str = "changed";
    pub const READY: &'static str = "ready";
}

/// What the reporter's status page shows: only what the reporter may read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusView {
    pub number: TicketNumber,
    /// The symptom as reported.
    pub symptom: String,
    pub stage: ReporterStage,
    /// Whether the desk waits for the reporter's answer.
    pub waiting_on_reporter: bool,
    /// What the desk told the reporter, oldest first.
    pub entries: Vec<PublicEntry>,
    /// The expected time of the fix: a target, not a promise.
    pub eta: Option<DateTime<Utc>>,
    /// Whether the page asks the reporter whether the fix works (R16, R17).
    pub asks_confirmation: bool,
    /// When the reporter gate was passed in this round, by the reporter or
    /// by an agent who heard it from them.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// The satisfaction survey, open while the ticket is closed (R18),
    /// with the reporter's answer to this closure's survey if they gave one.
    pub survey: Option<OpenSurvey>,
    /// The reporter's language, which the page speaks unless they chose
    /// another.
    pub language: Language,
    /// The desk's offset from UTC in seconds, for showing times.
    pub utc_offset: i32,
    pub server_now: DateTime<Utc>,
}

/// The satisfaction survey of a closed ticket's current closure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenSurvey {
    /// The reporter's answer so far, the latest if they changed it.
    pub answer: Option<SurveyAnswer>,
}

/// A ticket's working status link, as agents see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusLinkInfo {
    /// `/r/<token>`, on this site.
    pub path: String,
    pub created_at: DateTime<Utc>,
}

/// What a status link opens; `None` for a link that opens nothing, whatever
/// the reason (the page says the same for each).
#[server(prefix = "/api", endpoint = "status")]
pub async fn load_status(token: String) -> Result<Option<StatusView>, AppError> {
    let port = super::ssr::port()?;
    let parts = super::ssr::parts()?;
    super::ssr::respond(port.status(&parts, token).await)
}

/// The reporter's answer on their status page: "It works now" or "Still
/// not working" with a reason. Back to the status page.
#[server(prefix = "/api", endpoint = "status/answer")]
pub async fn answer_status(
    token: String,
    answer: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::domain::{Field, FieldError, Reason, ReporterAnswer};
    // Read here rather than by the form decoder, so that an answer outside
    // the two is refused naming the field, as every other field is.
    let answer = ReporterAnswer::parse(&answer).ok_or_else(|| {
        super::ssr::fail(AppError::invalid(
            FieldError::new(Field::Answer, Reason::NotAChoice).into(),
        ))
    })?;
    let port = super::ssr::port()?;
    let parts = super::ssr::parts()?;
    super::ssr::respond(
        port.answer_status(&parts, token.clone(), answer, reason)
            .await,
    )?;
    if super::ssr::form_post() {
        leptos_axum::redirect(&format!("{STATUS_PATH}{token}#answer"));
    }
    Ok(())
}

/// The reporter's answer to the satisfaction survey: one of the four
/// ratings and an optional comment (R18). Back to the status page.
#[server(prefix = "/api", endpoint = "status/survey")]
pub async fn answer_survey(
    token: String,
    rating: String,
    #[server(default)] comment: String,
) -> Result<(), AppError> {
    use crate::domain::{Field, FieldError, Rating, Reason};
    // Read here, so that a rating outside the four is refused naming it.
    let rating = Rating::parse(&rating).ok_or_else(|| {
        super::ssr::fail(AppError::invalid(
            FieldError::new(Field::Rating, Reason::NotAChoice).into(),
        ))
    })?;
    let port = super::ssr::port()?;
    let parts = super::ssr::parts()?;
    super::ssr::respond(
        port.answer_survey(&parts, token.clone(), rating, comment)
            .await,
    )?;
    if super::ssr::form_post() {
        leptos_axum::redirect(&format!("{STATUS_PATH}{token}#survey"));
    }
    Ok(())
}

/// Issues the ticket's status link if it has none (agents), or revokes it
/// and issues a fresh one with `renew` (leads). Back to the ticket's page.
#[server(prefix = "/api", endpoint = "ticket/status-link")]
pub async fn issue_status_link(number: String, renew: bool) -> Result<StatusLinkInfo, AppError> {
    let (desk, actor) = super::ssr::desk()?;
    let number: TicketNumber = number
        .parse()
        .map_err(|_| super::ssr::fail(AppError::NotFound))?;
    let link = super::ssr::respond(desk.issue_status_link(&actor, number, renew).await)?;
    if super::ssr::form_post() {
        leptos_axum::redirect(&format!("/tickets/{number}#status-link"));
    }
    Ok(link)
}
