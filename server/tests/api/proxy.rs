//! Behind a reverse proxy: the client's address, scheme and host come from
//! the proxy's headers only when the proxy is trusted (`--trusted-proxies`),
//! and the cross-site check compares the whole origin.

use crate::helpers::{PASSWORD, TestApp, form_body};
use axum::body::Body;
use firstline_app::domain::{AuditAction, Role};
use http::{Request, StatusCode, header};

/// A sign-in through the server function, with these extra headers.
async fn sign_in_with(app: &TestApp, password: &str, headers: &[(&str, &str)]) -> StatusCode {
    let mut request = Request::post("/api/session/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let body = form_body(&[("login", "agent"), ("password", password), ("next", "/")]);
    app.send(request.body(Body::from(body)).unwrap())
        .await
        .status
}

/// What a TLS-ending proxy in front of `https://desk.example` sends along.
const FORWARDED: [(&str, &str); 4] = [
    ("x-forwarded-for", "203.0.113.7"),
    ("x-forwarded-proto", "https"),
    ("x-forwarded-host", "desk.example"),
    ("origin", "https://desk.example"),
];

#[tokio::test]
async fn behind_a_trusted_proxy_the_client_and_the_site_are_the_proxys_word() {
    let app = TestApp::behind_proxies(&["10.0.0.0/8"]).await;
    app.account("agent", Role::Agent).await;
    app.set_peer("10.0.0.5:40000");
    assert_eq!(
        sign_in_with(&app, "wrong password!", &FORWARDED).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in_with(&app, PASSWORD, &FORWARDED).await,
        StatusCode::OK
    );
    let audit = app.audit_log().await;
    let seen: Vec<(AuditAction, &str)> = audit
        .iter()
        .filter(|e| e.subject == "agent")
        .filter(|e| matches!(e.action, AuditAction::Login | AuditAction::LoginFailed))
        .map(|e| (e.action, e.address.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            (AuditAction::Login, "203.0.113.7"),
            (AuditAction::LoginFailed, "203.0.113.7")
        ]
    );
}

#[tokio::test]
async fn anyone_else_cannot_choose_their_address_or_pass_as_the_https_site() {
    let app = TestApp::behind_proxies(&["10.0.0.0/8"]).await;
    app.account("agent", Role::Agent).await;
    app.set_peer("192.0.2.44:50000");
    // The forged origin matches no site this server answers as.
    let mut forged = FORWARDED.to_vec();
    assert_eq!(
        sign_in_with(&app, PASSWORD, &forged).await,
        StatusCode::FORBIDDEN
    );
    // Its own origin passes, and it is known by its own address.
    forged[3] = ("origin", "http://localhost");
    assert_eq!(
        sign_in_with(&app, "wrong password!", &forged).await,
        StatusCode::UNAUTHORIZED
    );
    let audit = app.audit_log().await;
    let failed = audit
        .iter()
        .find(|e| e.action == AuditAction::LoginFailed)
        .expect("the failure is audited");
    assert_eq!(failed.address, "192.0.2.44");
}

#[tokio::test]
async fn a_post_from_the_same_host_over_https_is_another_site_to_a_plain_http_server() {
    let app = TestApp::spawn().await;
    let reply = app
        .send(
            Request::post("/api/v1/tickets")
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::ORIGIN, "https://localhost")
                .body(Body::from("{}"))
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
}
