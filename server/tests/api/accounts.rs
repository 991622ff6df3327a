//! Signing in and out, sessions, throttling, tokens, sandboxes and the
//! request guards.

use crate::helpers::{PASSWORD, TestApp, p0_phone_report};
use firstline_app::api::AppError;
use firstline_app::domain::AuditAction;
use firstline_app::domain::Role;
use http::{StatusCode, header};
use serde_json::json;

fn error(reply: &crate::helpers::Reply) -> AppError {
    serde_json::from_str(&reply.body)
        .unwrap_or_else(|e| panic!("not an error ({e}): {}", reply.body))
}

#[tokio::test]
async fn a_wrong_password_gets_a_clear_error_and_is_audited() {
    let app = TestApp::anonymous().await;
    app.account("agent", Role::Agent).await;
    let reply = app
        .call(
            "/api/session/login",
            &[
                ("login", "agent"),
                ("password", "not the password"),
                ("next", "/"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(error(&reply), AppError::LoginFailed);
    // An unknown login fails the same way: which part was wrong is not told.
    let reply = app
        .call(
            "/api/session/login",
            &[("login", "nobody"), ("password", PASSWORD), ("next", "/")],
        )
        .await;
    assert_eq!(error(&reply), AppError::LoginFailed);

    // Without JavaScript the form comes back to the sign-in page with the message.
    let reply = app.sign_in("agent", "still not the password").await;
    assert!(reply.status.is_redirection());
    let back = reply
        .header(header::LOCATION)
        .trim_start_matches("http://localhost")
        .to_owned();
    assert!(back.starts_with("/login?"), "{back}");
    let page = app.get(&back).await;
    assert!(
        page.body.contains("Wrong login or password."),
        "{}",
        page.body
    );

    let audit = app.audit_log().await;
    let failed: Vec<_> = audit
        .iter()
        .filter(|e| e.action == AuditAction::LoginFailed)
        .map(|e| e.detail.as_str())
        .collect();
    assert_eq!(
        failed,
        ["wrong password", "unknown login", "wrong password"]
    );
    assert!(
        audit
            .iter()
            .any(|e| e.action == AuditAction::Login && e.subject == "admin")
    );
}

#[tokio::test]
async fn sign_in_is_throttled_per_account() {
    let app = TestApp::anonymous().await;
    app.account("agent", Role::Agent).await;
    for _ in 0..3 {
        let reply = app
            .call(
                "/api/session/login",
                &[
                    ("login", "agent"),
                    ("password", "wrong password!"),
                    ("next", "/"),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
    // Blocked now, even with the right password.
    let reply = app
        .call(
            "/api/session/login",
            &[("login", "agent"), ("password", PASSWORD), ("next", "/")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(error(&reply), AppError::Throttled { retry_after: 900 });
    // The window moves on.
    app.clock.advance(chrono::TimeDelta::minutes(16));
    let reply = app
        .call(
            "/api/session/login",
            &[("login", "agent"), ("password", PASSWORD), ("next", "/")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let audit = app.audit_log().await;
    assert!(
        audit
            .iter()
            .any(|e| e.action == AuditAction::LoginBlocked && e.subject == "agent")
    );
}

#[tokio::test]
async fn sign_in_is_throttled_per_address() {
    let app = TestApp::anonymous().await;
    app.account("agent", Role::Agent).await;
    // Five failures from one address, each for a different login.
    for n in 0..5 {
        let login = format!("guess{n}");
        app.call(
            "/api/session/login",
            &[
                ("login", &login),
                ("password", "wrong password!"),
                ("next", "/"),
            ],
        )
        .await;
    }
    let reply = app
        .call(
            "/api/session/login",
            &[("login", "agent"), ("password", PASSWORD), ("next", "/")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn signing_out_ends_the_session_for_good() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/").await.status, StatusCode::OK);
    let cookie = app.session_cookie();
    let reply = app
        .post_form("/api/session/logout", &[], "http://localhost/")
        .await;
    assert_eq!(reply.header(header::LOCATION), "/login");
    assert_eq!(app.get("/").await.status, StatusCode::SEE_OTHER);
    // The old cookie does not come back to life.
    app.set_session_cookie(cookie);
    assert_eq!(app.get("/").await.header(header::LOCATION), "/login?next=/");
}

#[tokio::test]
async fn a_lead_can_end_all_of_a_users_sessions() {
    let app = TestApp::spawn().await;
    let agent_cookie = app.session_cookie();
    app.sign_in_as("lead", Role::Lead).await;
    let reply = app
        .call("/api/team/end-sessions", &[("login", "agent")])
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    app.set_session_cookie(agent_cookie);
    assert_eq!(
        app.get("/api/v1/tickets").await.status,
        StatusCode::UNAUTHORIZED
    );
    // Signing in again works.
    app.sign_in_as("agent", Role::Agent).await;
    assert_eq!(app.get("/api/v1/tickets").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_switched_off_account_can_neither_sign_in_nor_keep_its_session() {
    let app = TestApp::spawn().await;
    let agent_cookie = app.session_cookie();
    app.sign_in_as("admin", Role::Admin).await;
    let change = [("change[login]", "agent"), ("change[role]", "agent")];
    let reply = app.call("/api/team/change", &change).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    app.set_session_cookie(agent_cookie);
    assert_eq!(
        app.get("/api/v1/tickets").await.status,
        StatusCode::UNAUTHORIZED
    );
    let reply = app
        .call(
            "/api/session/login",
            &[("login", "agent"), ("password", PASSWORD), ("next", "/")],
        )
        .await;
    assert_eq!(error(&reply), AppError::LoginFailed);
    let audit = app.audit_log().await;
    assert!(
        audit
            .iter()
            .any(|e| e.action == AuditAction::UserDeactivated && e.subject == "agent")
    );
    assert!(
        audit
            .iter()
            .any(|e| e.action == AuditAction::LoginFailed && e.detail == "inactive account")
    );
}

#[tokio::test]
async fn a_role_change_is_audited_and_takes_effect_at_once() {
    let app = TestApp::spawn().await;
    app.sign_in_as("admin", Role::Admin).await;
    let change = [
        ("change[login]", "agent"),
        ("change[role]", "lead"),
        ("change[active]", "true"),
    ];
    assert_eq!(
        app.call("/api/team/change", &change).await.status,
        StatusCode::OK
    );
    let audit = app.audit_log().await;
    let entry = audit
        .iter()
        .find(|e| e.action == AuditAction::RoleChanged)
        .expect("audited");
    assert_eq!(
        (
            entry.subject.as_str(),
            entry.detail.as_str(),
            entry.actor.as_str()
        ),
        ("agent", "agent → lead", "Ada Admin")
    );
    // The old session ended; signed in again, the account is a lead.
    app.sign_in("agent", PASSWORD).await;
    assert_eq!(
        app.call("/api/displays/list", &[]).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn leads_manage_trainees_only_and_nobody_changes_their_own_role() {
    let app = TestApp::spawn().await;
    app.sign_in_as("lead", Role::Lead).await;
    let agent = [
        ("draft[login]", "li.na"),
        ("draft[display_name]", "Li Na"),
        ("draft[role]", "agent"),
        ("draft[password]", PASSWORD),
    ];
    assert_eq!(
        app.call("/api/team/create", &agent).await.status,
        StatusCode::FORBIDDEN
    );
    let trainee = [
        ("draft[login]", "li.na"),
        ("draft[display_name]", "Li Na"),
        ("draft[role]", "trainee"),
        ("draft[password]", PASSWORD),
    ];
    assert_eq!(
        app.call("/api/team/create", &trainee).await.status,
        StatusCode::OK
    );
    let promote = [
        ("change[login]", "li.na"),
        ("change[role]", "agent"),
        ("change[active]", "true"),
    ];
    assert_eq!(
        app.call("/api/team/change", &promote).await.status,
        StatusCode::FORBIDDEN
    );
    let demote_agent = [("change[login]", "agent"), ("change[role]", "agent")];
    assert_eq!(
        app.call("/api/team/change", &demote_agent).await.status,
        StatusCode::FORBIDDEN
    );

    app.sign_in_as("admin", Role::Admin).await;
    let own = [
        ("change[login]", "admin"),
        ("change[role]", "lead"),
        ("change[active]", "true"),
    ];
    assert_eq!(
        app.call("/api/team/change", &own).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_new_account_names_each_bad_field() {
    let app = TestApp::spawn().await;
    app.sign_in_as("admin", Role::Admin).await;
    let bad = [
        ("draft[login]", "Li Na"),
        ("draft[display_name]", ""),
        ("draft[role]", "agent"),
        ("draft[password]", "short"),
    ];
    let reply = app.call("/api/team/create", &bad).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let AppError::Invalid { errors, .. } = error(&reply) else {
        panic!("{}", reply.body)
    };
    let fields: Vec<_> = errors.iter().map(|e| e.field.name()).collect();
    assert_eq!(fields, ["login", "display_name", "password"]);
    let taken = [
        ("draft[login]", "agent"),
        ("draft[display_name]", "Another"),
        ("draft[role]", "agent"),
        ("draft[password]", PASSWORD),
    ];
    let reply = app.call("/api/team/create", &taken).await;
    let AppError::Invalid { errors, .. } = error(&reply) else {
        panic!("{}", reply.body)
    };
    assert_eq!(
        errors.iter().next().unwrap().reason,
        firstline_app::domain::Reason::LoginTaken
    );
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site() {
    let app = TestApp::anonymous().await;
    app.account("agent", Role::Agent).await;
    let reply = app.sign_in("agent", PASSWORD).await;
    let cookie = reply
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("firstline_session="))
        .expect("a session cookie")
        .to_owned();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    assert!(
        cookie.contains("Max-Age=28800") || cookie.contains("Expires="),
        "sessions expire: {cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "not configured for HTTPS: {cookie}"
    );

    let secure = TestApp::with_secure_cookies().await;
    secure.account("agent", Role::Agent).await;
    let reply = secure.sign_in("agent", PASSWORD).await;
    assert!(
        reply.header(header::SET_COOKIE).contains("Secure"),
        "{}",
        reply.header(header::SET_COOKIE)
    );
}

#[tokio::test]
async fn an_api_token_acts_with_its_owners_role_until_revoked() {
    let app = TestApp::spawn().await;
    let reply = app
        .call("/api/tokens/create", &[("name", "nightly import")])
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let issued: serde_json::Value = reply.json();
    let secret = issued["secret"].as_str().unwrap().to_owned();
    let id = issued["info"]["id"].as_i64().unwrap().to_string();
    assert!(secret.starts_with("flt_"));
    assert_eq!(issued["info"]["prefix"], &secret[..12]);

    app.use_bearer(&secret);
    assert_eq!(
        app.post_json("/api/v1/tickets", &p0_phone_report(), &[])
            .await
            .status,
        StatusCode::CREATED
    );
    // An agent's token cannot do what an agent cannot.
    assert_eq!(
        app.call("/api/team/list", &[]).await.status,
        StatusCode::FORBIDDEN
    );
    // Nor can it make, list or revoke tokens: a token never mints another
    // that would outlive its revocation.
    assert_eq!(
        app.call("/api/tokens/create", &[("name", "child")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call("/api/tokens/revoke", &[("id", &id)]).await.status,
        StatusCode::FORBIDDEN
    );

    app.sign_in_as("agent", Role::Agent).await;
    let list: serde_json::Value = app.call("/api/tokens/list", &[]).await.json();
    assert!(list[0]["last_used_at"].is_string(), "use is noted: {list}");
    assert!(
        !list.to_string().contains(&secret[12..]),
        "the secret is never listed"
    );
    assert_eq!(
        app.call("/api/tokens/revoke", &[("id", &id)]).await.status,
        StatusCode::OK
    );
    app.use_bearer(&secret);
    assert_eq!(
        app.get("/api/v1/tickets").await.status,
        StatusCode::UNAUTHORIZED
    );
    app.use_bearer("flt_made_up");
    assert_eq!(
        app.get("/api/v1/tickets").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_display_token_reads_the_queue_and_nothing_else_until_revoked() {
    let app = TestApp::spawn().await;
    app.register(p0_phone_report()).await;
    app.sign_in_as("lead", Role::Lead).await;
    let issued: serde_json::Value = app
        .call("/api/displays/create", &[("name", "Wall by the window")])
        .await
        .json();
    let secret = issued["secret"].as_str().unwrap().to_owned();
    let id = issued["info"]["id"].as_i64().unwrap().to_string();

    app.use_bearer(&secret);
    let queue = app.get("/api/v1/tickets").await;
    assert_eq!(queue.status, StatusCode::OK);
    assert_eq!(queue.json()["tickets"][0]["number"], "FL-00001");
    assert_eq!(
        app.get("/api/v1/tickets/FL-00001").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post_json("/api/v1/tickets", &p0_phone_report(), &[])
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    app.sign_in_as("lead", Role::Lead).await;
    assert_eq!(
        app.call("/api/displays/revoke", &[("id", &id)])
            .await
            .status,
        StatusCode::OK
    );
    app.use_bearer(&secret);
    assert_eq!(
        app.get("/api/v1/tickets").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_trainee_never_sees_or_changes_a_production_ticket() {
    let app = TestApp::spawn().await;
    let production = app.register(p0_phone_report()).await;
    app.sign_in_as("trainee", Role::Trainee).await;

    assert_eq!(
        app.get("/api/v1/tickets").await.json()["tickets"],
        json!([])
    );
    assert_eq!(
        app.get(&format!("/api/v1/tickets/{production}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let change =
        json!({"version": 1, "impact": "group", "urgency": "high", "note": "trainee tries"});
    let path = format!("/api/v1/tickets/{production}/reclassify");
    assert_eq!(
        app.post_json(&path, &change, &[]).await.status,
        StatusCode::NOT_FOUND
    );
    let page = app.get(&format!("/tickets/{production}")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(!page.body.contains("No user can pay"));

    // The trainee's own sandbox numbers from FL-00001 too, and holds only their drill.
    let drill = app
        .register(json!({"channel": "web", "department": "Drill", "contact": "drill@example.com",
            "symptom_steps": "Simulated outage for practice", "impact_scope": "Nobody", "impact": "group", "urgency": "high"}))
        .await;
    assert_eq!(drill, production, "each desk numbers its own tickets");
    let mine = app.get(&format!("/api/v1/tickets/{drill}")).await.json();
    assert_eq!(mine["ticket"]["intake"]["department"], "Drill");

    // The production ticket is untouched.
    app.sign_in_as("agent", Role::Agent).await;
    let real = app
        .get(&format!("/api/v1/tickets/{production}"))
        .await
        .json();
    assert_eq!(real["ticket"]["intake"]["department"], "Finance");
    assert_eq!(real["ticket"]["version"], 1);
}

#[tokio::test]
async fn a_cross_site_post_is_refused() {
    let app = TestApp::spawn().await;
    let form = [("draft[department]", "Finance")];
    let request = http::Request::post("/api/intake/register")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ORIGIN, "https://evil.example")
        .body(axum::body::Body::from(crate::helpers::form_body(&form)))
        .unwrap();
    assert_eq!(app.send(request).await.status, StatusCode::FORBIDDEN);
    // A cookie-carrying post that names no origin at all is refused too.
    let request = http::Request::post("/api/v1/tickets")
        .header(header::CONTENT_TYPE, "application/json")
        .body(axum::body::Body::from(p0_phone_report().to_string()))
        .unwrap();
    assert_eq!(app.send(request).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("/api/v1/tickets").await.json()["tickets"],
        json!([]),
        "nothing was registered"
    );
}

#[tokio::test]
async fn pages_carry_a_content_security_policy_with_their_scripts_nonce() {
    let app = TestApp::spawn().await;
    let page = app.get("/").await;
    let csp = page.header(header::CONTENT_SECURITY_POLICY).to_owned();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce");
    assert!(
        page.body.contains(&format!("nonce=\"{nonce}\"")),
        "the inline scripts carry it"
    );
    for part in [
        "'wasm-unsafe-eval'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "form-action 'self'",
    ] {
        assert!(csp.contains(part), "{part} in {csp}");
    }
    assert_ne!(
        app.get("/").await.header(header::CONTENT_SECURITY_POLICY),
        csp,
        "a fresh nonce per page"
    );
    let api = app.get("/api/v1/tickets").await;
    assert!(
        api.header(header::CONTENT_SECURITY_POLICY)
            .contains("default-src 'none'")
    );
}

#[tokio::test]
async fn an_anonymous_visitor_is_sent_to_sign_in_and_back() {
    let app = TestApp::anonymous().await;
    app.account("agent", Role::Agent).await;
    let reply = app.get("/intake?mode=phone").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(
        reply.header(header::LOCATION),
        "/login?next=/intake%3Fmode%3Dphone"
    );
    assert_eq!(
        app.get("/api/v1/tickets").await.status,
        StatusCode::UNAUTHORIZED
    );

    let login = app.get("/login?next=/intake%3Fmode%3Dphone").await;
    assert_eq!(login.status, StatusCode::OK);
    assert!(
        login
            .body
            .contains(r#"name="next" value="/intake?mode=phone""#),
        "{}",
        login.body
    );
    let reply = app
        .post_form(
            "/api/session/login",
            &[
                ("login", "agent"),
                ("password", PASSWORD),
                ("next", "/intake?mode=phone"),
            ],
            "http://localhost/login",
        )
        .await;
    assert_eq!(reply.header(header::LOCATION), "/intake?mode=phone");
    // Never to another site.
    let reply = app
        .post_form(
            "/api/session/login",
            &[
                ("login", "agent"),
                ("password", PASSWORD),
                ("next", "//evil.example"),
            ],
            "http://localhost/login",
        )
        .await;
    assert_eq!(reply.header(header::LOCATION), "/");
}

/// Thirty wrong sign-ins for one account at once: the throttle admits no
/// more than its limit (3 in the tests) to the password check, however
/// they interleave. (A right password among them would be right to reset
/// the account's count when it is checked, so the burst holds none.)
async fn simultaneous_sign_ins_are_checked_no_more_than_the_limit(app: TestApp) {
    app.account("agent", Role::Agent).await;
    let accounts = app.accounts.clone();
    let attempts: Vec<_> = (0..30)
        .map(|_| {
            let accounts = accounts.clone();
            tokio::spawn(async move {
                accounts
                    .login("agent", "wrong password!", "192.0.2.9")
                    .await
            })
        })
        .collect();
    let mut blocked = 0;
    let mut others = Vec::new();
    for attempt in attempts {
        match attempt.await.unwrap() {
            Err(firstline_server::accounts::LoginError::Throttled { .. }) => blocked += 1,
            other => others.push(format!("{:?}", other.map(|_| "signed in"))),
        }
    }
    assert_eq!(
        blocked, 27,
        "three attempts were checked, the rest refused; the others: {others:?}"
    );
    let audit = app.audit_log().await;
    let checked = audit
        .iter()
        .filter(|e| matches!(e.action, AuditAction::LoginFailed | AuditAction::Login))
        .filter(|e| e.subject == "agent")
        .count();
    assert_eq!(checked, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn on_sqlite_simultaneous_sign_ins_cannot_race_past_the_throttle() {
    simultaneous_sign_ins_are_checked_no_more_than_the_limit(TestApp::anonymous().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn on_postgres_simultaneous_sign_ins_cannot_race_past_the_throttle() {
    let Some(db) = crate::databases::postgres().await else {
        return;
    };
    simultaneous_sign_ins_are_checked_no_more_than_the_limit(TestApp::anonymous_on(db).await).await;
}

#[tokio::test]
async fn a_way_back_with_control_characters_or_tabs_goes_home_and_never_off_site() {
    let app = TestApp::anonymous().await;
    app.account("agent", Role::Agent).await;
    for next in [
        "/\t/evil.example",
        "/\u{1}x",
        "/\r\nSet-Cookie: x=1",
        " //evil.example",
    ] {
        app.forget_session();
        let reply = app
            .post_form(
                "/api/session/login",
                &[("login", "agent"), ("password", PASSWORD), ("next", next)],
                "http://localhost/login",
            )
            .await;
        assert!(reply.status.is_redirection(), "{next:?}: {}", reply.status);
        assert_eq!(reply.header(header::LOCATION), "/", "{next:?}");
    }
}

#[tokio::test]
async fn administrators_hold_no_api_tokens() {
    let app = TestApp::anonymous().await;
    app.sign_in_as("admin", Role::Admin).await;
    let reply = app.call("/api/tokens/create", &[("name", "script")]).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
}
