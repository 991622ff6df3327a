//! Resolves the [`Actor`] of every request, once, and stores it in the
//! request's extensions, where handlers and server functions find it.
//!
//! A bearer token (an API token, or a wall display's token) names the actor
//! directly; otherwise the session does. A request with neither has no actor,
//! and the desk service refuses it.

use crate::accounts::SessionAuth;
use crate::startup::AppState;
use axum::{
    extract::{Request, State},
    http::{StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use tower_sessions::Session;

/// Where a session keeps who signed in.
pub const SESSION_KEY: &str = "auth";

pub async fn resolve(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let bearer = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|token| token.trim().to_owned());
    let actor = match bearer {
        Some(token) => match state.accounts.actor_for_token(&token).await {
            Ok(Some(actor)) => Some(actor),
            // A token that names nobody is refused outright, never downgraded
            // to an anonymous request.
            Ok(None) => {
                return (StatusCode::UNAUTHORIZED, "unknown or revoked token").into_response();
            }
            Err(error) => return unavailable(error),
        },
        None => match request.extensions().get::<Session>().cloned() {
            Some(session) => match from_session(&state, &session).await {
                Ok(actor) => actor,
                Err(error) => return unavailable(error),
            },
            None => None,
        },
    };
    if let Some(actor) = actor {
        request.extensions_mut().insert(actor);
    }
    next.run(request).await
}

/// The session's actor; a session whose account was switched off, or whose
/// sessions were ended, is emptied.
async fn from_session(
    state: &AppState,
    session: &Session,
) -> anyhow::Result<Option<firstline_app::domain::Actor>> {
    let Some(auth) = session.get::<SessionAuth>(SESSION_KEY).await? else {
        return Ok(None);
    };
    let actor = state.accounts.actor_for_session(auth).await?;
    if actor.is_none() {
        session.flush().await?;
    }
    Ok(actor)
}

fn unavailable(error: impl std::fmt::Display) -> Response {
    tracing::error!(%error, "Failed to resolve the caller");
    (StatusCode::SERVICE_UNAVAILABLE, "the desk is unavailable").into_response()
}
