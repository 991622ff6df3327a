//! The JSON API's search: `GET /api/v1/search?q=…&limit=…`.

use super::extract::Caller;
use super::{AppState, Endpoint, Problem};
use axum::{
    Json,
    extract::{Query, State, rejection::QueryRejection},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use firstline_app::api::{AppError, SEARCH_RESULTS, search_limit};
use firstline_app::domain::FieldErrors;
use firstline_app::domain::knowledge::SearchQuery;
use serde::Deserialize;

pub fn endpoints() -> Vec<Endpoint> {
    vec![Endpoint::new("GET", "/api/v1/search", get(search))]
}

/// The query of `GET /api/v1/search`.
#[derive(Deserialize)]
struct SearchParams {
    #[serde(default)]
    q: String,
    limit: Option<String>,
}

/// `GET /api/v1/search?q=登录`: the desk's tickets holding every word of
/// `q`, the best first (20 unless `limit` asks for up to 100), each with its
/// kind, number, title and an excerpt with the matching words marked. 422
/// names `q` when it is empty or longer than 200 characters.
async fn search(
    State(state): State<AppState>,
    Caller(actor): Caller,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Response, Problem> {
    let Query(params) =
        params.map_err(|e| Problem::bad_request(StatusCode::BAD_REQUEST, e.body_text()))?;
    let mut errors = FieldErrors::default();
    let query = errors.take(SearchQuery::parse(&params.q));
    let limit = match params.limit.as_deref() {
        None => Some(SEARCH_RESULTS),
        Some(raw) => errors.take(search_limit(raw)),
    };
    let (Some(query), Some(limit)) = (query, limit) else {
        return Err(AppError::invalid(errors).into());
    };
    Ok(Json(state.desk.search(&actor, &query, limit).await?).into_response())
}
