//! `POST /api/sla/evaluate`: the SLA evaluation interface over HTTP.

use super::extract::{Body, Caller};
use super::{Endpoint, Problem};
use crate::desk::{DeskError, require};
use axum::{
    Json,
    response::{IntoResponse, Response},
    routing::post,
};
use firstline_app::domain::Action;
use firstline_app::domain::sla::EvaluationRequest;

pub fn endpoints() -> Vec<Endpoint> {
    vec![Endpoint::new("POST", "/api/sla/evaluate", post(evaluate))]
}

/// The SLA engine on the caller's events, the same function and format as
/// `firstline sla evaluate` (see the README). Any signed-in person may call
/// it; an unusable policy is a 422.
async fn evaluate(
    Caller(actor): Caller,
    Body(request): Body<EvaluationRequest>,
) -> Result<Response, Problem> {
    require(&actor, Action::EvaluateClocks)?;
    let evaluation = request
        .evaluate()
        .map_err(|e| DeskError::PolicyRejected(e.to_string()))?;
    Ok(Json(evaluation).into_response())
}
