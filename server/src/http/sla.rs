//! `POST /api/sla/evaluate`: the SLA evaluation interface over HTTP.
//!
//! Anyone signed in may call it, so it is bounded three ways: a request
//! holds at most [`MAX_EVENTS`] events and calendars with real working
//! hours (the domain refuses the rest); each caller may make
//! [`Limits::EVALUATIONS_PER_MINUTE`] requests a minute; and the evaluation
//! runs off the async workers, at most [`Limits::EVALUATIONS_AT_ONCE`] at a
//! time, so the queue, the live streams and the SLA scheduler are never
//! starved by one caller.

use super::extract::{Body, Caller};
use super::rate::RateLimit;
use super::{AppState, Endpoint, Problem};
use crate::desk::{DeskError, require};
use axum::{
    Json,
    extract::State,
    response::{IntoResponse, Response},
    routing::post,
};
use firstline_app::api::AppError;
use firstline_app::domain::sla::{EvaluationError, EvaluationRequest, MAX_EVENTS};
use firstline_app::domain::{Action, Actor, Field, FieldError, Reason};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

pub fn endpoints() -> Vec<Endpoint> {
    vec![Endpoint::new("POST", "/api/sla/evaluate", post(evaluate))]
}

/// The bounds on evaluation requests, shared by every request.
#[derive(Debug)]
pub struct Limits {
    /// Requests per caller and minute.
    per_caller: RateLimit,
    /// Evaluations running at once.
    running: Arc<Semaphore>,
}

impl Limits {
    /// How many evaluations one caller may ask for in a minute.
    pub const EVALUATIONS_PER_MINUTE: u32 = 60;
    /// How many evaluations run at once, each on a blocking thread.
    pub const EVALUATIONS_AT_ONCE: usize = 2;
    /// How long one evaluation may take before the caller is told the
    /// server is busy (the bounded work ends well within it).
    const BUDGET: Duration = Duration::from_secs(5);
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            per_caller: RateLimit::new(Self::EVALUATIONS_PER_MINUTE, Duration::from_secs(60)),
            running: Arc::new(Semaphore::new(Self::EVALUATIONS_AT_ONCE)),
        }
    }
}

/// The key a caller is counted under.
fn caller_key(actor: &Actor) -> String {
    match &actor.caller {
        firstline_app::domain::Caller::User { id, .. }
        | firstline_app::domain::Caller::Token { id, .. } => format!("user:{}", id.0),
        firstline_app::domain::Caller::Display { id } => format!("display:{}", id.0),
    }
}

/// The SLA engine on the caller's events, the same function and format as
/// `firstline sla evaluate` (see the README). An unusable policy is a 422,
/// too many requests a 429, a server busy with others' evaluations a 503.
async fn evaluate(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Body(request): Body<EvaluationRequest>,
) -> Result<Response, Problem> {
    require(&actor, Action::EvaluateClocks)?;
    let limits = &state.evaluations;
    limits
        .per_caller
        .take(&caller_key(&actor), Instant::now())
        .map_err(|wait| AppError::TooManyRequests {
            retry_after: wait.as_secs().max(1) as i64,
        })?;
    let busy = || AppError::Busy { retry_after: 1 };
    // The permit travels with the work: a slot stays taken until the
    // evaluation has really ended, even if the caller stopped waiting.
    let permit = limits
        .running
        .clone()
        .try_acquire_owned()
        .map_err(|_| busy())?;
    let work = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        request.evaluate()
    });
    let evaluation = tokio::time::timeout(Limits::BUDGET, work)
        .await
        .map_err(|_| busy())?
        .map_err(|e| DeskError::Internal(anyhow::Error::new(e).context("An evaluation failed")))?;
    match evaluation {
        Ok(evaluation) => Ok(Json(evaluation).into_response()),
        Err(EvaluationError::TooManyEvents(_)) => Err(DeskError::Invalid(
            FieldError::new(
                Field::Events,
                Reason::TooMany {
                    max: MAX_EVENTS as u32,
                },
            )
            .into(),
        )
        .into()),
        Err(EvaluationError::Policy(error)) => {
            Err(DeskError::PolicyRejected(error.to_string()).into())
        }
    }
}
