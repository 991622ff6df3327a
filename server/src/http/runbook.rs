//! The runbook over HTTP (leads): read it with its history, save an edit.

use super::Endpoint;
use super::extract::{Body, Caller, ClientAddress, Lang};
use super::problem::Problem;
use crate::startup::AppState;
use axum::{
    Json,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use firstline_app::api::RunbookDraft;
use serde_json::json;

pub fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::new("GET", "/api/v1/runbook", get(runbook)),
        Endpoint::new("POST", "/api/v1/runbook", post(save_runbook)),
    ]
}

/// `GET /api/v1/runbook`: the runbook new tickets follow and the stored
/// versions' history (leads).
async fn runbook(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Lang(locale): Lang,
) -> Result<Response, Problem> {
    let runbooks = state.desk.runbooks();
    let history = runbooks
        .history(&actor)
        .await
        .map_err(|e| Problem::from_desk(e, locale))?;
    let current = runbooks
        .current()
        .await
        .map_err(|e| Problem::from_desk(e, locale))?;
    Ok(Json(json!({"current": *current, "history": history})).into_response())
}

/// `POST /api/v1/runbook`: saves a lead's edit as the next version
/// (`{"based_on": 1, "runbook": {…}, "note": "why"}`). 201 with the new
/// version, 409 when another version was saved since `based_on`, 422 naming
/// the field and reason when the runbook does not hold together.
async fn save_runbook(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Lang(locale): Lang,
    ClientAddress(address): ClientAddress,
    Body(draft): Body<RunbookDraft>,
) -> Result<Response, Problem> {
    let saved = state
        .desk
        .runbooks()
        .save(&actor, &draft, state.desk.now(), &address)
        .await
        .map_err(|e| Problem::from_desk(e, locale))?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, "/api/v1/runbook")],
        Json(saved),
    )
        .into_response())
}
