//! The JSON API for tickets: register, list the queue, read one ticket.

use super::{Endpoint, Problem, request_locale};
use crate::startup::AppState;
use axum::{
    Json,
    extract::{FromRequestParts, Path, State, rejection::JsonRejection},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use firstline_app::api::{AppError, QueueRow};
use firstline_app::domain::{Actor, IntakeDraft, ReclassifyDraft, TicketNumber};
use serde_json::json;

/// The actor of an API request; a request without one gets 401.
pub struct Caller(pub Actor);

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(
        parts: &mut http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Actor>()
            .cloned()
            .map(Caller)
            .ok_or_else(|| {
                Problem::from_app(AppError::Unauthorized, request_locale(&parts.headers))
            })
    }
}

pub fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::new("GET", "/api/v1/tickets", get(queue)),
        Endpoint::new("POST", "/api/v1/tickets", post(register)),
        Endpoint::new("GET", "/api/v1/tickets/{number}", get(ticket)),
        Endpoint::new(
            "POST",
            "/api/v1/tickets/{number}/reclassify",
            post(reclassify),
        ),
    ]
}

/// `POST /api/v1/tickets`: 201 with the ticket, or 422 naming each bad field.
async fn register(
    State(state): State<AppState>,
    Caller(actor): Caller,
    headers: HeaderMap,
    body: Result<Json<IntakeDraft>, JsonRejection>,
) -> Result<Response, Problem> {
    let locale = request_locale(&headers);
    let Json(draft) = body.map_err(|e| Problem::bad_request(e.status(), e.body_text(), locale))?;
    let ticket = state
        .desk
        .register(&actor, &draft)
        .await
        .map_err(|e| Problem::from_desk(e, locale))?;
    let location = format!("/api/v1/tickets/{}", ticket.number);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(ticket),
    )
        .into_response())
}

/// `GET /api/v1/tickets`: the open tickets, nearest response deadline first.
async fn queue(
    State(state): State<AppState>,
    Caller(actor): Caller,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let tickets = state
        .desk
        .queue(&actor)
        .await
        .map_err(|e| Problem::from_desk(e, request_locale(&headers)))?;
    let rows: Vec<QueueRow> = tickets.iter().map(QueueRow::from).collect();
    Ok(Json(json!({"server_now": state.desk.now(), "tickets": rows})).into_response())
}

/// `GET /api/v1/tickets/{number}`: the ticket and its operation log.
async fn ticket(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(number): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let locale = request_locale(&headers);
    let number: TicketNumber = number
        .parse()
        .map_err(|_| Problem::from_app(AppError::NotFound, locale))?;
    let (ticket, events) = state
        .desk
        .ticket(&actor, number)
        .await
        .map_err(|e| Problem::from_desk(e, locale))?;
    Ok(Json(json!({"ticket": ticket, "events": events})).into_response())
}

/// `POST /api/v1/tickets/{number}/reclassify`: new impact and urgency with a
/// reason, against the version the caller saw. 200 with the ticket, 409 when
/// the version is stale, 422 naming each bad field.
async fn reclassify(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(number): Path<String>,
    headers: HeaderMap,
    body: Result<Json<ReclassifyDraft>, JsonRejection>,
) -> Result<Response, Problem> {
    let locale = request_locale(&headers);
    let number: TicketNumber = number
        .parse()
        .map_err(|_| Problem::from_app(AppError::NotFound, locale))?;
    let Json(draft) = body.map_err(|e| Problem::bad_request(e.status(), e.body_text(), locale))?;
    let ticket = state
        .desk
        .reclassify(&actor, number, &draft)
        .await
        .map_err(|e| Problem::from_desk(e, locale))?;
    Ok(Json(ticket).into_response())
}
