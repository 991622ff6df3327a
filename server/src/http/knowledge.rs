//! The JSON API of the knowledge base (R19): list and read articles, draft
//! one from a closed ticket, save and publish.

use super::extract::{Body, Caller, Number};
use super::{AppState, Endpoint, Problem};
use axum::{
    Json,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use firstline_app::api::KB_PATH;
use firstline_app::domain::knowledge::{ArticleDraft, ArticleNumber};
use serde::Deserialize;

pub fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::new("GET", "/api/v1/kb", get(list)),
        Endpoint::new("GET", "/api/v1/kb/{article}", get(read)),
        Endpoint::new("POST", "/api/v1/kb/{article}", post(save)),
        Endpoint::new("POST", "/api/v1/tickets/{number}/article", post(draft)),
    ]
}

/// `GET /api/v1/kb`: the desk's articles, the latest saved first.
async fn list(State(state): State<AppState>, Caller(actor): Caller) -> Result<Response, Problem> {
    Ok(Json(state.desk.articles(&actor).await?).into_response())
}

/// `GET /api/v1/kb/KB-12`: the article, its versions, and what the caller
/// may do with it.
async fn read(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Number(number): Number<ArticleNumber>,
) -> Result<Response, Problem> {
    Ok(Json(state.desk.article(&actor, number).await?).into_response())
}

/// The body of a save.
#[derive(Deserialize)]
struct Save {
    /// The version the edit was made against.
    version: i64,
    #[serde(flatten)]
    draft: ArticleDraft,
    #[serde(default)]
    publish: bool,
}

/// `POST /api/v1/kb/KB-12` with `version`, the fields and optionally
/// `"publish": true` (leads): 200 with the article; 409 when `version` is
/// stale; 422 naming each bad field.
async fn save(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Number(number): Number<ArticleNumber>,
    Body(save): Body<Save>,
) -> Result<Response, Problem> {
    let article = state
        .desk
        .save_article(&actor, number, save.version, &save.draft, save.publish)
        .await?;
    Ok(Json(article).into_response())
}

/// `POST /api/v1/tickets/FL-00042/article`: drafts an article from the
/// closed ticket, linked to it: 201 with the article and its `Location`;
/// 422 when the ticket is not closed or drafted one already.
async fn draft(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Number(number): Number,
) -> Result<Response, Problem> {
    let article = state.desk.draft_article(&actor, number).await?;
    let location = format!("/api/v1{KB_PATH}/{}", article.number);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(article),
    )
        .into_response())
}
