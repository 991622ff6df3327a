//! The documents leads edit in versions, over HTTP: one pair of routes per
//! document (`/api/v1/sla/policy`, `/api/v1/runbook`), served by the same
//! two handlers over the desk's book of it.

use super::extract::{Body, Caller, ClientAddress};
use super::{AppState, Endpoint, Problem};
use crate::desk::Edition;
use axum::{
    Json,
    extract::{OriginalUri, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use firstline_app::domain::{Runbook, SlaPolicy};

pub fn endpoints() -> Vec<Endpoint> {
    [
        document::<SlaPolicy>("/api/v1/sla/policy"),
        document::<Runbook>("/api/v1/runbook"),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The routes of one document at `path`.
fn document<T: Edition>(path: &'static str) -> [Endpoint; 2] {
    [
        Endpoint::new("GET", path, get(read::<T>)),
        Endpoint::new("POST", path, post(save::<T>)),
    ]
}

/// `GET`: the version in force and the stored versions' history (leads).
async fn read<T: Edition>(
    State(state): State<AppState>,
    Caller(actor): Caller,
) -> Result<Response, Problem> {
    Ok(Json(state.desk.document::<T>(&actor).await?).into_response())
}

/// `POST`: saves a lead's edit as the next version (`{"based_on": 1,
/// "policy": {…}, "note": "why"}`, or `"runbook"` for the runbook). 201 with
/// the new version, 409 when another version was saved since `based_on`,
/// 422 naming what does not hold together.
async fn save<T: Edition>(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ClientAddress(address): ClientAddress,
    OriginalUri(uri): OriginalUri,
    Body(draft): Body<T::Draft>,
) -> Result<Response, Problem> {
    let saved = state
        .desk
        .save_document::<T>(&actor, &draft, &address)
        .await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, uri.path().to_owned())],
        Json(saved),
    )
        .into_response())
}
