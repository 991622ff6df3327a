//! Extractors that turn a bad request into a [`Problem`], so that every JSON
//! route answers the same way.

use super::Problem;
use axum::{
    Json,
    extract::{FromRequest, FromRequestParts, Path, Request},
};
use firstline_app::api::AppError;
use firstline_app::domain::{Actor, TicketNumber};
use http::request::Parts;
use serde::de::DeserializeOwned;

/// The actor of an API request; a request without one gets 401.
pub struct Caller(pub Actor);

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Actor>()
            .cloned()
            .map(Caller)
            .ok_or_else(|| AppError::Unauthorized.into())
    }
}

/// The address the request came from, for the audit log.
pub struct ClientAddress(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddress(super::client_address(parts)))
    }
}

/// The number in the path (`{number}`): a ticket's unless named
/// (`Number<ArticleNumber>`). A malformed number cannot name anything, so
/// it is answered as an unknown one: 404.
pub struct Number<T = TicketNumber>(pub T);

impl<S: Send + Sync, T: std::str::FromStr> FromRequestParts<S> for Number<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let not_found = || Problem::from(AppError::NotFound);
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| not_found())?;
        raw.parse().map(Number).map_err(|_| not_found())
    }
}

/// A JSON body; one that does not parse is a 400 or 415 naming the problem.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = Problem;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        Json::<T>::from_request(request, state)
            .await
            .map(|Json(value)| Body(value))
            .map_err(|e| Problem::bad_request(e.status(), e.body_text()))
    }
}
