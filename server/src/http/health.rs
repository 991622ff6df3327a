//! `GET /health`: whether the server and its database answer.

use super::AppState;
use super::Endpoint;
use axum::{Json, extract::State, http::StatusCode, routing::get};
use serde_json::{Value, json};

pub fn endpoints() -> Vec<Endpoint> {
    vec![Endpoint::new("GET", "/health", get(health))]
}

async fn health(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    match state.desk.store().ping().await {
        Ok(()) => (StatusCode::OK, Json(json!({"status": "ok"}))),
        Err(error) => {
            tracing::error!(%error, "health check: the database does not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "database unavailable"})),
            )
        }
    }
}
