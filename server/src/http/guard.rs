//! Request guards that do not depend on who the caller is: the CSRF origin
//! check, the sign-in redirect for pages, and the security headers.

use super::client::ClientInfo;
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
/// origin (or, failing that, referer) is not this site, scheme, host and
/// port alike, is refused. Together with the SameSite=Lax session cookie
/// this stops cross-site form posts. API clients authenticate with a bearer
/// token and send no cookie, so they are not affected.
pub async fn same_origin(request: Request, next: Next) -> Response {
    let site = request
        .extensions()
        .get::<ClientInfo>()
        .and_then(ClientInfo::origin);
    if is_safe(request.method()) || same_site(request.headers(), site.as_deref()) {
        next.run(request).await
    } else {
        tracing::warn!(uri = %request.uri(), "refused a cross-site request");
        (StatusCode::FORBIDDEN, "cross-site request refused").into_response()
    }
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether an unsafe request may proceed, given this site's origin
/// (`scheme://host[:port]`, as the browser addressed it).
fn same_site(headers: &HeaderMap, site: Option<&str>) -> bool {
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    match (source, site) {
        (Some(source), Some(site)) => {
            origin_of(source).is_some_and(|o| o.eq_ignore_ascii_case(site))
        }
        (Some(_), None) => false,
        // Without Origin or Referer only a cookie-less client (the API, with
        // a bearer token) is let through.
        (None, _) => !headers.contains_key(header::COOKIE),
    }
}

/// The `scheme://host[:port]` of an absolute URL.
fn origin_of(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    Some(&url[..scheme.len() + 3 + authority.len()])
}

/// Paths anyone may reach without signing in.
fn is_public(path: &str) -> bool {
    path == "/login"
        || path == "/health"
        || path == "/favicon.svg"
        || ["/pkg/", "/api/", "/lang/", firstline_app::api::STATUS_PATH]
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

    const SITE: Option<&str> = Some("http://desk.example:3000");

    #[test]
    fn a_post_from_this_site_passes_and_one_from_elsewhere_does_not() {
        assert!(same_site(
            &headers(&[(header::ORIGIN, "http://desk.example:3000")]),
            SITE
        ));
        for other in [
            "https://evil.example",
            "http://desk.example:3000.evil.example",
            "http://desk.example:3001",
            "http://desk.example",
        ] {
            assert!(
                !same_site(&headers(&[(header::ORIGIN, other)]), SITE),
                "{other}"
            );
        }
        assert!(same_site(
            &headers(&[(
                header::REFERER,
                "http://desk.example:3000/intake?mode=phone"
            )]),
            SITE
        ));
        assert!(!same_site(
            &headers(&[(header::REFERER, "http://evil.example/desk.example:3000")]),
            SITE
        ));
    }

    #[test]
    fn the_same_host_over_another_scheme_is_another_site() {
        assert!(!same_site(
            &headers(&[(header::ORIGIN, "https://desk.example:3000")]),
            SITE
        ));
        assert!(same_site(
            &headers(&[(header::ORIGIN, "https://desk.example")]),
            Some("https://desk.example")
        ));
    }

    #[test]
    fn a_cookie_without_origin_is_refused_but_a_token_client_passes() {
        assert!(!same_site(
            &headers(&[(header::COOKIE, "firstline_session=x")]),
            SITE
        ));
        assert!(same_site(
            &headers(&[(header::AUTHORIZATION, "Bearer flt_x")]),
            SITE
        ));
    }

    #[test]
    fn the_way_back_survives_the_sign_in() {
        let uri: Uri = "/tickets/FL-00001?tab=log".parse().unwrap();
        assert_eq!(login_url(&uri), "/login?next=/tickets/FL-00001%3Ftab%3Dlog");
    }
}
