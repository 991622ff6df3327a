//! The SLA evaluation interface and the policy, over HTTP.

use super::Endpoint;
use super::extract::{Body, Caller, ClientAddress, Lang};
use super::problem::Problem;
use crate::desk::{DeskError, require};
use crate::startup::AppState;
use axum::{
    Json,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use firstline_app::api::PolicyDraft;
use firstline_app::domain::Action;
use firstline_app::domain::sla::EvaluationRequest;
use serde_json::json;

pub fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::new("POST", "/api/sla/evaluate", post(evaluate)),
        Endpoint::new("GET", "/api/v1/sla/policy", get(policy)),
        Endpoint::new("POST", "/api/v1/sla/policy", post(save_policy)),
    ]
}

/// `POST /api/sla/evaluate`: the SLA engine on the caller's events, the same
/// function and format as `firstline sla evaluate` (see the README). Any
/// signed-in person may call it; an unusable policy is a 422.
async fn evaluate(
    Caller(actor): Caller,
    Lang(locale): Lang,
    Body(request): Body<EvaluationRequest>,
) -> Result<Response, Problem> {
    require(&actor, Action::EvaluateClocks).map_err(|e| Problem::from_desk(e, locale))?;
    let evaluation = request
        .evaluate()
        .map_err(|e| Problem::from_desk(DeskError::PolicyRejected(e.to_string()), locale))?;
    Ok(Json(evaluation).into_response())
}

/// `GET /api/v1/sla/policy`: the current policy and the stored versions'
/// history (leads).
async fn policy(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Lang(locale): Lang,
) -> Result<Response, Problem> {
    let policies = state.desk.policies();
    let history = policies
        .history(&actor)
        .await
        .map_err(|e| Problem::from_desk(e, locale))?;
    let current = policies
        .current()
        .await
        .map_err(|e| Problem::from_desk(e, locale))?;
    Ok(Json(json!({"current": *current, "history": history})).into_response())
}

/// `POST /api/v1/sla/policy`: saves a lead's edit as the next version
/// (`{"based_on": 1, "policy": {…}, "note": "why"}`). 201 with the new
/// version, 409 when another version was saved since `based_on`, 422 when
/// the policy does not hold together.
async fn save_policy(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Lang(locale): Lang,
    ClientAddress(address): ClientAddress,
    Body(draft): Body<PolicyDraft>,
) -> Result<Response, Problem> {
    let saved = state
        .desk
        .policies()
        .save(&actor, &draft, state.desk.now(), &address)
        .await
        .map_err(|e| Problem::from_desk(e, locale))?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, "/api/v1/sla/policy")],
        Json(saved),
    )
        .into_response())
}
