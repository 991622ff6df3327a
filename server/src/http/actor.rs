//! Resolves the [`Actor`] of every request and stores it in the request's
//! extensions, where server functions and handlers find it.

use axum::{extract::Request, middleware::Next, response::Response};
use firstline_app::domain::{Actor, DeskId, Role};

/// Until Firstline has accounts, everyone who reaches the server works as
/// an agent of the production desk.
pub async fn resolve(mut request: Request, next: Next) -> Response {
    request.extensions_mut().insert(Actor {
        name: "agent".to_owned(),
        role: Role::Agent,
        desk: DeskId::PRODUCTION,
    });
    next.run(request).await
}
