//! Request guards that do not depend on who the caller is: the CSRF origin
//! check, the sign-in redirect for pages, and the security headers.

use axum::{
    extract::Request,
    http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use firstline_app::domain::Actor;

/// Refuses a state-changing request that comes from another site.
///
/// Browsers send `Origin` with every POST; a cookie-carrying request whose
/// origin (or, failing that, referer) is not this host is refused. Together
/// with the SameSite=Lax session cookie this stops cross-site form posts.
/// API clients authenticate with a bearer token and send no cookie, so they
/// are not affected.
pub async fn same_origin(request: Request, next: Next) -> Response {
    if is_safe(request.method()) || same_site(request.headers()) {
        next.run(request).await
    } else {
        tracing::warn!(uri = %request.uri(), "refused a cross-site request");
        (StatusCode::FORBIDDEN, "cross-site request refused").into_response()
    }
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether an unsafe request may proceed.
fn same_site(headers: &HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    match (source, host) {
        (Some(source), Some(host)) => authority(source) == Some(host),
        (Some(_), None) => false,
        // Without Origin or Referer only a cookie-less client (the API, with
        // a bearer token) is let through.
        (None, _) => !headers.contains_key(header::COOKIE),
    }
}

/// The `host[:port]` of an absolute URL.
fn authority(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    Some(rest.split(['/', '?', '#']).next().unwrap_or(rest))
}

/// Paths anyone may reach without signing in.
fn is_public(path: &str) -> bool {
    path == "/login"
        || path == "/health"
        || path == "/favicon.svg"
        || ["/pkg/", "/api/", "/lang/"]
            .iter()
            .any(|prefix| path.starts_with(prefix))
}

/// Sends an anonymous browser asking for a page to the sign-in page, with
/// the way back. Server functions and the JSON API answer 401 instead (the
/// desk service refuses a request without an actor).
pub async fn sign_in_first(request: Request, next: Next) -> Response {
    let wants_page = request.method() == Method::GET && !is_public(request.uri().path());
    if wants_page && request.extensions().get::<Actor>().is_none() {
        return Redirect::to(&login_url(request.uri())).into_response();
    }
    next.run(request).await
}

/// `/login?next=<the page asked for>`.
pub fn login_url(uri: &Uri) -> String {
    let back = uri.path_and_query().map_or("/", |pq| pq.as_str());
    let encoded: String = back
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("/login?next={encoded}")
}

/// The Content-Security-Policy of responses that are not pages. Pages send
/// their own, with the nonce of their inline scripts.
pub const DEFAULT_CSP: HeaderValue = HeaderValue::from_static(
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
);

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| (k.clone(), HeaderValue::from_str(v).unwrap()))
            .collect()
    }

    #[test]
    fn a_post_from_this_host_passes_and_one_from_elsewhere_does_not() {
        let host = (header::HOST, "desk.example:3000");
        assert!(same_site(&headers(&[
            host.clone(),
            (header::ORIGIN, "http://desk.example:3000")
        ])));
        assert!(!same_site(&headers(&[
            host.clone(),
            (header::ORIGIN, "https://evil.example")
        ])));
        assert!(!same_site(&headers(&[
            host.clone(),
            (header::ORIGIN, "http://desk.example:3000.evil.example")
        ])));
        assert!(same_site(&headers(&[
            host.clone(),
            (
                header::REFERER,
                "http://desk.example:3000/intake?mode=phone"
            )
        ])));
        assert!(!same_site(&headers(&[
            host.clone(),
            (header::REFERER, "http://evil.example/desk.example:3000")
        ])));
    }

    #[test]
    fn a_cookie_without_origin_is_refused_but_a_token_client_passes() {
        let host = (header::HOST, "desk.example");
        assert!(!same_site(&headers(&[
            host.clone(),
            (header::COOKIE, "firstline_session=x")
        ])));
        assert!(same_site(&headers(&[
            host,
            (header::AUTHORIZATION, "Bearer flt_x")
        ])));
    }

    #[test]
    fn the_way_back_survives_the_sign_in() {
        let uri: Uri = "/tickets/FL-00001?tab=log".parse().unwrap();
        assert_eq!(login_url(&uri), "/login?next=/tickets/FL-00001%3Ftab%3Dlog");
    }
}
