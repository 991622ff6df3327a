//! The JSON API of post-incident reviews (R19): what is left for the lead.
//! A review is saved as a ticket action (`save_review`).

use super::extract::Caller;
use super::{AppState, Endpoint, Problem};
use axum::{
    Json,
    extract::State,
    response::{IntoResponse, Response},
    routing::get,
};

pub fn endpoints() -> Vec<Endpoint> {
    vec![Endpoint::new("GET", "/api/v1/reviews", get(board))]
}

/// `GET /api/v1/reviews`: the closed P0 and P1 tickets whose review is not
/// done, and the open action items, the overdue ones marked (leads).
async fn board(State(state): State<AppState>, Caller(actor): Caller) -> Result<Response, Problem> {
    Ok(Json(state.desk.reviews(&actor).await?).into_response())
}
