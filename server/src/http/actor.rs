//! Resolves the [`Actor`] of every request, once, and stores it in the
//! request's extensions, where handlers and server functions find it.
//!
//! A bearer token (an API token, or a wall display's token) names the actor
//! directly; otherwise the session does. A wall display, a browser on a TV
//! that cannot send headers, opens `/wall?token=…` with its display token:
//! the token is kept in a cookie of its own, which names the display on the
//! wall's further requests for as long as the token is not revoked. A
//! request with none of these has no actor, and the desk service refuses it.

use super::AppState;
use crate::accounts::SessionAuth;
use axum::{
    extract::{Request, State},
    http::{HeaderValue, Method, StatusCode, header},
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
    // A display's token from the wall's address, or from its cookie.
    let mut keep_display = None;
    let actor = match actor {
        Some(actor) => Some(actor),
        None => {
            let offered = wall_token(&request);
            let token = offered.clone().or_else(|| display_cookie(&request));
            match token {
                Some(token) => match state.accounts.actor_for_token(&token).await {
                    Ok(Some(actor)) if actor.role().is_none() => {
                        keep_display = offered;
                        Some(actor)
                    }
                    Ok(_) => None,
                    Err(error) => return unavailable(error),
                },
                None => None,
            }
        }
    };
    if let Some(actor) = actor {
        request.extensions_mut().insert(actor);
    }
    let mut response = next.run(request).await;
    if let Some(token) = keep_display {
        let secure = if state.secure_cookies { "; Secure" } else { "" };
        let cookie = format!(
            "{DISPLAY_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=31536000{secure}"
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// The cookie that keeps a wall display's token.
pub const DISPLAY_COOKIE: &str = "firstline_display";

/// The token of `GET /wall?token=…`.
fn wall_token(request: &Request) -> Option<String> {
    if request.method() != Method::GET || request.uri().path() != "/wall" {
        return None;
    }
    request
        .uri()
        .query()?
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))
        .filter(|token| !token.is_empty())
        .map(str::to_owned)
}

/// The display token kept in the display's cookie.
fn display_cookie(request: &Request) -> Option<String> {
    request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(DISPLAY_COOKIE)?.strip_prefix('='))
        .filter(|token| !token.is_empty())
        .map(str::to_owned)
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
