//! How responses travel: compressed when the client accepts it, and with a
//! cache lifetime that matches what they are.
//!
//! The bundle's content-named files ([`crate::site`]) never change, so a
//! browser keeps them for a year without asking again. Everything else
//! (pages, the API, the unnamed bundle files, the icon) is `no-cache`: a
//! browser may keep it but asks first, so nobody works from yesterday's page.
//! Compression covers pages and JSON too; the live event stream is left
//! alone, so no event waits in a compressor's buffer.

use axum::{extract::Request, middleware::Next, response::Response};
use http::{HeaderValue, header};
use tower_http::compression::{
    CompressionLayer, CompressionLevel, Predicate,
    predicate::{DefaultPredicate, SizeAbove},
};

/// For the bundle's content-named files.
pub const FOREVER: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
/// For everything else.
pub const REVALIDATE: HeaderValue = HeaderValue::from_static("no-cache");

/// Sets `Cache-Control` on responses that do not set their own. The
/// bundle's files come in several encodings, so a cache is told that the
/// answer depends on `Accept-Encoding` even when it is sent as it is.
pub async fn cache_policy(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let published = crate::site::is_published(path);
    let bundle = crate::site::in_pkg(path).is_some();
    let mut response = next.run(request).await;
    let value = if published && response.status().is_success() {
        FOREVER
    } else {
        REVALIDATE
    };
    let headers = response.headers_mut();
    headers.entry(header::CACHE_CONTROL).or_insert(value);
    let varies = headers
        .get_all(header::VARY)
        .iter()
        .any(|v| v.as_bytes().eq_ignore_ascii_case(b"accept-encoding"));
    if bundle && !varies {
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// Brotli or gzip, as the client asks, for responses that are worth it and
/// not compressed already (the bundle's precompressed copies). Event
/// streams, images and tiny bodies are sent as they are.
pub fn compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .quality(CompressionLevel::Default)
        .compress_when(DefaultPredicate::new().and(SizeAbove::new(256)))
}
