//! The HTTP edges: the server functions' port (`server_fns`), the JSON API
//! (`tickets`, `documents`, `sla`, `live`, `reporter`, `search`,
//! `knowledge`, `review`, `training`), health and the language switch,
//! plus the state they share (`state`) and the layers every request passes
//! through (`actor`, `session`, `guard`, `problem`, `delivery`).

mod actor;
mod client;
mod delivery;
mod documents;
mod extract;
mod guard;
mod health;
mod knowledge;
mod language;
mod live;
mod problem;
mod rate;
mod reporter;
mod review;
mod search;
mod server_fns;
mod session;
mod sla;
mod state;
mod tickets;
mod training;

pub use actor::SESSION_KEY;
pub use client::{Cidr, ClientInfo, TrustedProxies};
pub use language::request_locale;
pub use problem::Problem;
pub use rate::RateLimit;
pub use server_fns::Port;
pub use session::Sessions;
pub use state::{AppState, Edge};

use axum::extract::ConnectInfo;
use axum::{Router, middleware, routing::MethodRouter};
use firstline_app::domain::audit::UNKNOWN_ADDRESS;
use http::{HeaderValue, header, request::Parts};
use std::net::SocketAddr;
use tower_http::{
    limit::RequestBodyLimitLayer, set_header::SetResponseHeaderLayer, trace::TraceLayer,
};

/// Largest request body accepted; larger ones get 413. The intake form at its
/// limits, URL-encoded, stays well below it.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// One route of the HTTP edges.
pub struct Endpoint {
    pub method: &'static str,
    pub path: &'static str,
    handler: MethodRouter<AppState>,
}

impl Endpoint {
    fn new(method: &'static str, path: &'static str, handler: MethodRouter<AppState>) -> Self {
        Self {
            method,
            path,
            handler,
        }
    }
}

/// Every route of the JSON API and the other HTTP edges. The router is
/// built from this list, and the role × endpoint test walks it, so no route
/// escapes the test.
pub fn endpoints() -> Vec<Endpoint> {
    [
        health::endpoints(),
        language::endpoints(),
        tickets::endpoints(),
        sla::endpoints(),
        documents::endpoints(),
        live::endpoints(),
        reporter::endpoints(),
        search::endpoints(),
        knowledge::endpoints(),
        review::endpoints(),
        training::endpoints(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The routes of this module, merged by the root router.
pub fn router() -> Router<AppState> {
    endpoints()
        .into_iter()
        .fold(Router::new(), |router, e| router.route(e.path, e.handler))
}

/// Wraps the whole application in the layers every request passes through,
/// innermost first: the rendering of API errors in the caller's language,
/// the sign-in redirect for pages, the actor, the session, the CSRF check,
/// who the client is (behind trusted proxies), the body limit, security
/// headers, the cache lifetime, compression and tracing.
pub fn layered(
    router: Router<AppState>,
    state: &AppState,
    sessions: Sessions,
    trusted_proxies: TrustedProxies,
) -> Router<AppState> {
    let secure_cookies = state.secure_cookies;
    router
        .layer(middleware::from_fn(problem::render))
        .layer(middleware::from_fn(problem::unreadable_server_fn_input))
        .layer(middleware::from_fn(guard::sign_in_first))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            actor::resolve,
        ))
        .layer(sessions.layer(secure_cookies))
        .layer(middleware::from_fn(guard::same_origin))
        .layer(middleware::from_fn_with_state(
            std::sync::Arc::new(trusted_proxies),
            client::resolve,
        ))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            guard::DEFAULT_CSP,
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(middleware::from_fn(delivery::cache_policy))
        .layer(delivery::compression())
        .layer(TraceLayer::new_for_http())
}

/// The caller's network address, for the audit log and the sign-in
/// throttle: the client behind a trusted proxy, else the peer ("unknown"
/// when the server was not told it).
pub fn client_address(parts: &Parts) -> String {
    match parts.extensions.get::<ClientInfo>() {
        Some(client) => client.address_text(),
        None => parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or_else(
                || UNKNOWN_ADDRESS.to_owned(),
                |ConnectInfo(addr)| addr.ip().to_string(),
            ),
    }
}
