//! The JSON API of training mode: the scenarios trainees choose from, and
//! the documents leads export, import and edit (issue: training mode).

use super::extract::{Body, Caller, ClientAddress, Number};
use super::{AppState, Endpoint, Problem};
use axum::{
    Json,
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use firstline_app::api::{SCENARIOS_PATH, ScenarioDraft};

pub fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::new("GET", SCENARIOS_PATH, get(list)),
        Endpoint::new("GET", "/api/v1/training/scenarios/{id}", get(export)),
        Endpoint::new("POST", "/api/v1/training/scenarios/{id}", post(save)),
        Endpoint::new("GET", "/api/v1/tickets/{number}/scenario", get(draft)),
    ]
}

/// `GET /api/v1/training/scenarios`: every scenario at its newest version,
/// without the answer keys.
async fn list(State(state): State<AppState>, Caller(actor): Caller) -> Result<Response, Problem> {
    Ok(Json(state.desk.scenarios(&actor).await?).into_response())
}

/// `GET /api/v1/training/scenarios/payment-outage`: the scenario whole,
/// as JSON that `POST` takes back, with its stored versions (leads).
async fn export(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    Ok(Json(state.desk.scenario(&actor, &id).await?).into_response())
}

/// `POST /api/v1/training/scenarios/{id}` with `{"based_on": 1,
/// "scenario": {…}, "note": "why"}` (leads): saves an edit or an import as
/// the next version, `based_on` 0 for a new scenario. 201 with the saved
/// record; 409 when another version was saved since `based_on`; 422 naming
/// each field that does not hold.
async fn save(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ClientAddress(address): ClientAddress,
    Path(id): Path<String>,
    Body(draft): Body<ScenarioDraft>,
) -> Result<Response, Problem> {
    let saved = state
        .desk
        .save_scenario(&actor, &id, &draft, &address)
        .await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("{SCENARIOS_PATH}/{id}"))],
        Json(saved),
    )
        .into_response())
}

/// `GET /api/v1/tickets/FL-00042/scenario` (leads): a scenario drafted
/// from the solved ticket, masked, in the body `POST` takes once the lead
/// has reviewed it; nothing is saved. 422 when the ticket is not solved.
async fn draft(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Number(number): Number,
) -> Result<Response, Problem> {
    Ok(Json(state.desk.draft_scenario(&actor, number).await?).into_response())
}
