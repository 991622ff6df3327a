//! The HTTP edges besides the pages: health, the language switch and the JSON
//! API, plus the layers every request passes through.

mod actor;
mod health;
mod language;
mod problem;
mod tickets;

pub use language::request_locale;
pub use problem::Problem;

use crate::startup::AppState;
use axum::{Router, middleware};
use http::{HeaderValue, header};
use tower_http::{
    limit::RequestBodyLimitLayer, set_header::SetResponseHeaderLayer, trace::TraceLayer,
};

/// Largest request body accepted; larger ones get 413. The intake form at its
/// limits, URL-encoded, stays well below it.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// The routes of this module, merged by the root router.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(health::router())
        .merge(language::router())
        .merge(tickets::router())
}

/// Wraps the whole application in the layers every request passes through.
pub fn layered(router: Router<AppState>) -> Router<AppState> {
    router
        .layer(middleware::from_fn(actor::resolve))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
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
        .layer(TraceLayer::new_for_http())
}
