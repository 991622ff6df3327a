//! The server side of the server functions: the port the desk service
//! implements, and how a function finds it and the actor.

use super::{AppError, IntakeSetup, QueueView, TicketView};
use crate::domain::{Actor, IntakeDraft, Ticket, TicketNumber};
use http::{StatusCode, header::ACCEPT, request::Parts};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use std::sync::Arc;

/// What the server functions need from the desk. The server's desk service
/// implements it; authorisation and transactions happen behind it.
#[async_trait::async_trait]
pub trait DeskApi: Send + Sync + 'static {
    /// The policy and clock the intake form works with.
    async fn load_intake(&self, actor: &Actor) -> Result<IntakeSetup, AppError>;
    /// Validates and registers a fault.
    async fn register(&self, actor: &Actor, draft: IntakeDraft) -> Result<Ticket, AppError>;
    /// The open tickets of the actor's desk.
    async fn queue(&self, actor: &Actor) -> Result<QueueView, AppError>;
    /// One ticket of the actor's desk with its log.
    async fn ticket(&self, actor: &Actor, number: TicketNumber) -> Result<TicketView, AppError>;
}

/// The desk service and the actor of the current request.
pub(crate) fn desk() -> Result<(Arc<dyn DeskApi>, Actor), AppError> {
    let desk = use_context::<Arc<dyn DeskApi>>().ok_or_else(|| {
        tracing::error!("the desk service was not provided to the server function");
        AppError::Internal {
            id: "no-desk".into(),
        }
    })?;
    let actor = use_context::<Parts>()
        .and_then(|parts| parts.extensions.get::<Actor>().cloned())
        .ok_or_else(|| fail(AppError::Unauthorized))?;
    Ok((desk, actor))
}

/// Passes a result through, giving an error its HTTP status.
pub(crate) fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    result.map_err(fail)
}

/// Sets the error's HTTP status on the response, except for plain HTML form
/// posts: those are redirected back to their page with the error attached.
pub(crate) fn fail(error: AppError) -> AppError {
    let form_post = use_context::<Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get(ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false);
    if let (false, Some(response), Ok(status)) = (
        form_post,
        use_context::<ResponseOptions>(),
        StatusCode::from_u16(error.status()),
    ) {
        response.set_status(status);
    }
    error
}
