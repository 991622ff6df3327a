//! The JSON API for tickets: register, list the queue and every ticket,
//! read one ticket and its clocks, reclassify it and act on it.

use super::extract::{Body, Caller, Number};
use super::{AppState, Endpoint, Problem};
use axum::{
    Json,
    extract::{Query, State, rejection::QueryRejection},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use firstline_app::api::{AppError, QueueLimit};
use firstline_app::domain::listing::ListParams;
use firstline_app::domain::{ActionRequest, FieldErrors, IntakeDraft, ReclassifyDraft};
use serde::Deserialize;
use serde_json::json;

pub fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::new("GET", "/api/v1/tickets", get(queue)),
        Endpoint::new("POST", "/api/v1/tickets", post(register)),
        Endpoint::new("GET", "/api/v1/tickets/all", get(list)),
        Endpoint::new("GET", "/api/v1/tickets/{number}", get(ticket)),
        Endpoint::new("GET", "/api/v1/tickets/{number}/clocks", get(clocks)),
        Endpoint::new(
            "POST",
            "/api/v1/tickets/{number}/reclassify",
            post(reclassify),
        ),
        Endpoint::new("POST", "/api/v1/tickets/{number}/actions", post(act)),
    ]
}

/// `POST /api/v1/tickets`: 201 with the ticket, or 422 naming each bad field.
async fn register(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Body(draft): Body<IntakeDraft>,
) -> Result<Response, Problem> {
    let ticket = state.desk.register(&actor, &draft).await?;
    let location = format!("/api/v1/tickets/{}", ticket.number);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(ticket),
    )
        .into_response())
}

/// The query of `GET /api/v1/tickets`.
#[derive(Deserialize)]
struct QueueQuery {
    limit: Option<String>,
}

/// `GET /api/v1/tickets?limit=N`: the N most urgent open tickets (200
/// unless asked, at most 1000), the nearest due clock first, and whether
/// more are open.
async fn queue(
    State(state): State<AppState>,
    Caller(actor): Caller,
    query: Result<Query<QueueQuery>, QueryRejection>,
) -> Result<Response, Problem> {
    let Query(query) =
        query.map_err(|e| Problem::bad_request(StatusCode::BAD_REQUEST, e.body_text()))?;
    let limit = match query.limit.as_deref() {
        None => QueueLimit::DEFAULT,
        Some(raw) => QueueLimit::parse(raw).map_err(|e| AppError::invalid(FieldErrors::from(e)))?,
    };
    Ok(Json(state.desk.queue(&actor, limit).await?).into_response())
}

/// `GET /api/v1/tickets/all?stage=closed&order=newest&after=n51`: a page of
/// every ticket of the desk, open, closed or archived, filtered by stage,
/// priority, channel, department, reported-at days (`from`, `until`, in the
/// desk's time zone), `breached` (`yes`/`no`) and `swarm` member, newest
/// first or by the nearest due clock (`order=due`), with `next`, the
/// `after` of the next page. 422 names each bad parameter.
async fn list(
    State(state): State<AppState>,
    Caller(actor): Caller,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Result<Response, Problem> {
    let Query(params) =
        params.map_err(|e| Problem::bad_request(StatusCode::BAD_REQUEST, e.body_text()))?;
    Ok(Json(state.desk.ticket_list(&actor, &params).await?).into_response())
}

/// `GET /api/v1/tickets/{number}`: the ticket and its operation log, with
/// what its page shows beside them (its SLA events and policies, the
/// runbook it follows).
async fn ticket(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Number(number): Number,
) -> Result<Response, Problem> {
    Ok(Json(state.desk.ticket_view(&actor, number).await?).into_response())
}

/// `GET /api/v1/tickets/{number}/clocks`: every SLA clock of the ticket now,
/// in the evaluation interface's format, with the server's time.
async fn clocks(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Number(number): Number,
) -> Result<Response, Problem> {
    let found = state.desk.ticket_with_clocks(&actor, number).await?;
    Ok(Json(json!({
        "server_now": found.evaluated_at,
        "number": found.ticket.number,
        "version": found.ticket.version,
        "clocks": found.evaluation.clocks,
        "escalated_at": found.evaluation.escalated_at,
    }))
    .into_response())
}

/// `POST /api/v1/tickets/{number}/reclassify`: new impact and urgency with a
/// reason, against the version the caller saw. 200 with the ticket, 409 when
/// the version is stale, 422 naming each bad field.
async fn reclassify(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Number(number): Number,
    Body(draft): Body<ReclassifyDraft>,
) -> Result<Response, Problem> {
    let ticket = state.desk.reclassify(&actor, number, &draft).await?;
    Ok(Json(ticket).into_response())
}

/// `POST /api/v1/tickets/{number}/actions`: one action (`{"version": 3,
/// "action": "first_response", "message": "…"}`). 200 with the ticket, 409
/// when the version is stale, 422 when the ticket's state refuses it (the
/// body's `refusal` says why) or a field is bad.
async fn act(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Number(number): Number,
    Body(request): Body<ActionRequest>,
) -> Result<Response, Problem> {
    let ticket = state.desk.act(&actor, number, &request).await?;
    Ok(Json(ticket).into_response())
}
