//! The test application and typed request helpers.

use crate::databases::{self, TestDb};
use axum::{Router, body::Body};
use chrono::{DateTime, TimeZone, Utc};
use firstline_app::api::NewUserDraft;
use firstline_app::domain::{
    Actor, Caller, ItemKind, Language, Login, Role, Stage, default_runbook,
};
use firstline_app::ui::bundle::Bundle;
use firstline_server::{
    accounts::{Accounts, Throttle},
    config::{DatabaseArgs, ServeConfig, parse_offset},
    desk::{Desk, ManualClock},
    http::{Edge, Sessions, TrustedProxies},
    startup::{Services, leptos_options, router},
};
use http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt as _;
use serde_json::{Value, json};
use std::{
    path::PathBuf,
    sync::{Arc, Mutex},
};
use tower::ServiceExt as _;

/// The instant every test starts at: 2026-11-26 14:30 at the desk (UTC+8).
pub fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 6, 30, 0).unwrap()
}

/// The password of every account the tests create.
pub const PASSWORD: &str = "correct horse battery staple";

/// The host the tests pretend to serve; same-origin posts name it.
pub const ORIGIN: &str = "http://localhost";

/// A running Firstline on a fresh database, with a cookie jar of one.
pub struct TestApp {
    router: Router,
    pub clock: Arc<ManualClock>,
    pub accounts: Arc<Accounts>,
    /// The desk service, for running the SLA scheduler's passes by hand.
    pub desk: Arc<Desk>,
    /// The session cookie of whoever signed in last.
    cookie: Mutex<Option<String>>,
    /// A bearer token sent instead of the cookie, when set.
    bearer: Mutex<Option<String>>,
    /// The address requests come from, when set (as a listener would say).
    peer: Mutex<Option<std::net::SocketAddr>>,
    /// Holds the database until the test ends.
    pub db: TestDb,
}

/// A response with its body read.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// A header as text.
    pub fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

impl TestApp {
    /// Firstline on a fresh SQLite database, signed in as an agent.
    pub async fn spawn() -> Self {
        let app = Self::anonymous_on(databases::sqlite().await).await;
        app.sign_in_as("agent", Role::Agent).await;
        app
    }

    /// Firstline on the given database, signed in as an agent.
    pub async fn on(db: TestDb) -> Self {
        let app = Self::anonymous_on(db).await;
        app.sign_in_as("agent", Role::Agent).await;
        app
    }

    /// Firstline on a fresh SQLite database with nobody signed in.
    pub async fn anonymous() -> Self {
        Self::anonymous_on(databases::sqlite().await).await
    }

    /// Firstline configured for HTTPS (Secure cookies), nobody signed in.
    pub async fn with_secure_cookies() -> Self {
        let edge = Edge {
            secure_cookies: true,
            ..Edge::default()
        };
        Self::build(databases::sqlite().await, edge).await
    }

    /// Firstline behind reverse proxies of these blocks, nobody signed in.
    pub async fn behind_proxies(blocks: &[&str]) -> Self {
        let edge = Edge {
            secure_cookies: true,
            trusted_proxies: TrustedProxies::new(
                blocks.iter().map(|b| b.parse().unwrap()).collect(),
            ),
        };
        Self::build(databases::sqlite().await, edge).await
    }

    pub async fn anonymous_on(db: TestDb) -> Self {
        Self::build(db, Edge::default()).await
    }

    /// Requests come from this address from now on.
    pub fn set_peer(&self, peer: &str) {
        *self.peer.lock().unwrap() = Some(peer.parse().unwrap());
    }

    /// Firstline on the given database whose desk queues messages to
    /// reporters for a mail sender (which the test starts), signed in as
    /// an agent.
    pub async fn mailing(db: TestDb) -> Self {
        let app = Self::build_with(db, Edge::default(), true).await;
        app.sign_in_as("agent", Role::Agent).await;
        app
    }

    async fn build(db: TestDb, edge: Edge) -> Self {
        Self::build_with(db, edge, false).await
    }

    async fn build_with(db: TestDb, edge: Edge, mail: bool) -> Self {
        let clock = Arc::new(ManualClock::new(start()));
        let desk = Desk::new(
            db.store.clone(),
            clock.clone(),
            parse_offset("+08:00").unwrap(),
        )
        .speaking(Language::ZhCn)
        .sending_mail(mail);
        let services = Services::with_desk(desk, db.store.clone(), clock.clone());
        // Short limits, so the throttle test need not fail twenty times.
        let accounts = Arc::new(
            Accounts::new(db.store.clone(), clock.clone()).with_throttle(Throttle {
                per_account: 3,
                per_address: 5,
                ..Throttle::default()
            }),
        );
        let services = Services {
            desk: services.desk,
            accounts,
        };
        let accounts = services.accounts.clone();
        let desk = services.desk.clone();
        let config = ServeConfig {
            addr: "127.0.0.1:0".parse().unwrap(),
            database: DatabaseArgs {
                database_url: None,
                data_dir: PathBuf::from("data"),
            },
            site_root: PathBuf::from("target/site"),
            secure_cookies: edge.secure_cookies,
            trusted_proxies: Vec::new(),
            admin_login: None,
            admin_password: None,
            utc_offset: Some("+08:00".into()),
            desk_language: Language::ZhCn,
            link_key: None,
            status_link_days: 30,
            sla_interval: 5,
            smtp_url: None,
            mail_from: "Firstline <firstline@localhost>".into(),
            public_url: None,
            mail_lease: 120,
        };
        let sessions: Sessions = db.sessions();
        sessions.migrate().await.expect("session table");
        Self {
            router: router(
                services,
                sessions,
                leptos_options(&config),
                edge,
                Bundle::default(),
            ),
            clock,
            accounts,
            desk,
            cookie: Mutex::new(None),
            bearer: Mutex::new(None),
            peer: Mutex::new(None),
            db,
        }
    }

    /// Creates an account (the first one is made an admin from the command
    /// line; the rest by that admin) and returns its login.
    pub async fn account(&self, login: &str, role: Role) -> String {
        if !self.accounts.has_users().await.unwrap() {
            self.accounts
                .create_admin("admin", "Ada Admin", PASSWORD)
                .await
                .expect("first admin");
        }
        let existing = self
            .db
            .store
            .user_by_login(&Login::parse(login).unwrap())
            .await
            .unwrap();
        if login == "admin" || existing.is_some() {
            return login.to_owned();
        }
        let admin = Actor {
            caller: Caller::User {
                id: firstline_app::domain::UserId(1),
                role: Role::Admin,
            },
            name: "Ada Admin".into(),
            desk: firstline_app::domain::DeskId::PRODUCTION,
        };
        let draft = NewUserDraft {
            login: login.into(),
            display_name: login.into(),
            role: role.as_str().into(),
            password: PASSWORD.into(),
        };
        self.accounts
            .create_user(&admin, &draft, "test")
            .await
            .expect("account created");
        login.to_owned()
    }

    /// When the ticket's current response clock falls due, as its clocks
    /// endpoint says.
    pub async fn response_due(&self, number: &str) -> DateTime<Utc> {
        let reply = self.get(&format!("/api/v1/tickets/{number}/clocks")).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let clocks = reply.json()["clocks"].clone();
        let response = clocks
            .as_array()
            .unwrap()
            .iter()
            .rfind(|c| c["name"] == "response")
            .unwrap_or_else(|| panic!("no response clock in {clocks}"));
        response["due_at"].as_str().unwrap().parse().unwrap()
    }

    /// Creates the account if needed and signs in as it.
    pub async fn sign_in_as(&self, login: &str, role: Role) {
        self.account(login, role).await;
        let reply = self.sign_in(login, PASSWORD).await;
        assert!(
            reply.status.is_redirection(),
            "sign-in as {login}: {} {}",
            reply.status,
            reply.body
        );
    }

    /// Posts the sign-in form; on success the session cookie is kept.
    pub async fn sign_in(&self, login: &str, password: &str) -> Reply {
        self.forget_session();
        let reply = self
            .post_form(
                "/api/session/login",
                &[("login", login), ("password", password), ("next", "/")],
                "http://localhost/login",
            )
            .await;
        if reply.status.is_redirection() {
            self.keep_cookie(&reply);
        }
        reply
    }

    /// Drops the session cookie and bearer token (as a new browser would).
    pub fn forget_session(&self) {
        *self.cookie.lock().unwrap() = None;
        *self.bearer.lock().unwrap() = None;
    }

    /// Sends this bearer token instead of the session cookie.
    pub fn use_bearer(&self, token: &str) {
        *self.cookie.lock().unwrap() = None;
        *self.bearer.lock().unwrap() = Some(token.to_owned());
    }

    /// The session cookie currently held, for replaying it.
    pub fn session_cookie(&self) -> Option<String> {
        self.cookie.lock().unwrap().clone()
    }

    /// Uses this session cookie from now on.
    pub fn set_session_cookie(&self, cookie: Option<String>) {
        *self.cookie.lock().unwrap() = cookie;
    }

    fn keep_cookie(&self, reply: &Reply) {
        let cookie = reply
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("firstline_session="))
            .and_then(|v| v.split(';').next())
            .map(str::to_owned);
        if cookie.is_some() {
            *self.cookie.lock().unwrap() = cookie;
        }
    }

    /// Sends a request through the whole router, with this host, the held
    /// cookie or token, and (for state changes) this site as the origin.
    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.respond(request).await;
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        let reply = Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        };
        // The session layer may rotate or clear the cookie.
        if reply.headers.get_all(header::SET_COOKIE).iter().any(|v| {
            v.to_str()
                .is_ok_and(|v| v.starts_with("firstline_session="))
        }) {
            self.keep_cookie(&reply);
        }
        reply
    }

    /// Sends a GET as whoever is signed in and hands back the response as
    /// it starts, its body still streaming.
    pub async fn open(&self, path: &str, headers: &[(&str, &str)]) -> http::Response<Body> {
        let mut request = Request::get(path);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.respond(request.body(Body::empty()).unwrap()).await
    }

    /// The router's response to a request carrying the session or token.
    async fn respond(&self, request: Request<Body>) -> http::Response<Body> {
        let (mut parts, body) = request.into_parts();
        parts
            .headers
            .insert(header::HOST, "localhost".parse().unwrap());
        if let Some(peer) = *self.peer.lock().unwrap() {
            parts.extensions.insert(axum::extract::ConnectInfo(peer));
        }
        if let Some(cookie) = self.cookie.lock().unwrap().clone() {
            let cookies = match parts
                .headers
                .get(header::COOKIE)
                .and_then(|v| v.to_str().ok())
            {
                Some(given) => format!("{given}; {cookie}"),
                None => cookie,
            };
            parts
                .headers
                .insert(header::COOKIE, cookies.parse().unwrap());
        }
        if let Some(token) = self.bearer.lock().unwrap().clone() {
            parts.headers.insert(
                header::AUTHORIZATION,
                format!("Bearer {token}").parse().unwrap(),
            );
        }
        self.router
            .clone()
            .oneshot(Request::from_parts(parts, body))
            .await
            .expect("router answers")
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.get_with(path, &[]).await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        let mut request = Request::get(path);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    pub async fn post_json(&self, path: &str, body: &Value, headers: &[(&str, &str)]) -> Reply {
        let mut request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ORIGIN, ORIGIN);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::from(body.to_string())).unwrap())
            .await
    }

    /// Posts a form the way a browser without JavaScript does.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)], referer: &str) -> Reply {
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html,application/xhtml+xml,*/*;q=0.8")
            .header(header::REFERER, referer)
            .header(header::ORIGIN, ORIGIN)
            .body(Body::from(form_body(fields)))
            .unwrap();
        self.send(request).await
    }

    /// Calls a server function the way the hydrated page does (JSON answers).
    pub async fn call(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .header(header::ORIGIN, ORIGIN)
            .body(Body::from(form_body(fields)))
            .unwrap();
        self.send(request).await
    }

    /// The numbers of the open tickets, in the queue's order.
    /// The audit log, newest first, as an administrator reads it (the
    /// session signs in as one).
    pub async fn audit_log(&self) -> Vec<firstline_app::api::AuditEntry> {
        self.sign_in_as("admin", Role::Admin).await;
        let reply = self.call("/api/audit/list", &[]).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        serde_json::from_str(&reply.body).unwrap()
    }

    pub async fn queue_order(&self) -> Vec<String> {
        let queue = self.get("/api/v1/tickets").await.json();
        queue["tickets"]
            .as_array()
            .expect("tickets")
            .iter()
            .map(|t| t["number"].as_str().expect("number").to_owned())
            .collect()
    }

    /// Registers a ticket through the JSON API and returns its number.
    pub async fn register(&self, draft: Value) -> String {
        let reply = self.post_json("/api/v1/tickets", &draft, &[]).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        reply.json()["number"].as_str().expect("number").to_owned()
    }

    /// The ticket as the JSON API returns it, with its log.
    pub async fn ticket(&self, number: &str) -> Value {
        let reply = self.get(&format!("/api/v1/tickets/{number}")).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply.json()
    }

    /// Sends an action against the ticket's current version.
    pub async fn act(&self, number: &str, action: Value) -> Reply {
        let mut body = action;
        body["version"] = self.ticket(number).await["ticket"]["version"].clone();
        self.post_json(&format!("/api/v1/tickets/{number}/actions"), &body, &[])
            .await
    }

    /// Sends an action that must succeed.
    pub async fn act_ok(&self, number: &str, action: Value) {
        let reply = self.act(number, action.clone()).await;
        assert_eq!(reply.status, StatusCode::OK, "{action}: {}", reply.body);
    }

    /// Ticks every required item of the ticket's current stage in the
    /// default runbook, answering its questions.
    pub async fn complete_checklist(&self, number: &str) {
        let stage = self.ticket(number).await["ticket"]["stage"]
            .as_str()
            .and_then(Stage::parse)
            .expect("stage");
        let runbook = default_runbook();
        for item in runbook.items(stage).filter(|i| i.required) {
            let answer = (item.kind == ItemKind::Question).then_some("Since 09:00, Chrome 131");
            self.act_ok(
                number,
                json!({"action": "check_item", "item": item.id, "answer": answer}),
            )
            .await;
        }
    }

    /// Takes the ticket the shortest legal way from intake to `to`: the
    /// checklists done, the fix recorded, the gates passed.
    pub async fn walk_to(&self, number: &str, to: Stage) {
        loop {
            let body = self.ticket(number).await;
            let stage = Stage::parse(body["ticket"]["stage"].as_str().unwrap()).unwrap();
            if stage >= to {
                return;
            }
            let major = matches!(body["ticket"]["priority"].as_str(), Some("P0" | "P1"));
            self.complete_checklist(number).await;
            let next = match stage {
                Stage::FirstDiagnosis if major => Stage::DeepTroubleshooting,
                Stage::Handling => {
                    self.act_ok(
                        number,
                        json!({"action": "resolve", "summary": "Renewed the certificate"}),
                    )
                    .await;
                    Stage::Verification
                }
                Stage::Verification => {
                    for gate in ["test", "production", "reporter"] {
                        self.act_ok(
                            number,
                            json!({"action": "pass_gate", "gate": gate, "note": "Checked"}),
                        )
                        .await;
                    }
                    Stage::Closed
                }
                _ => Stage::ALL[Stage::ALL.iter().position(|s| *s == stage).unwrap() + 1],
            };
            self.act_ok(number, json!({"action": "move_to", "stage": next}))
                .await;
        }
    }
}

/// `a=b&c=d`, percent-encoded.
pub fn form_body(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A complete, valid intake draft: a P0 phone report.
pub fn p0_phone_report() -> Value {
    serde_json::json!({
        "reported_at": "",
        "channel": "phone",
        "department": "Finance",
        "contact": "Li Wei, ext. 602155",
        "symptom_steps": "Open the payment page and press Submit",
        "error_text": "HTTP 502 Bad Gateway",
        "impact_scope": "No user can pay",
        "impact": "widespread",
        "urgency": "critical",
        "urgent": ""
    })
}

/// A draft with some fields replaced.
pub fn draft_with(changes: Value) -> Value {
    let mut draft = p0_phone_report();
    for (key, value) in changes.as_object().expect("object") {
        draft[key] = value.clone();
    }
    draft
}

/// Percent-encodes a form value.
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// An agent of the production desk, for calling the desk service directly
/// (as another server process would on behalf of its own clients).
pub fn agent() -> Actor {
    Actor {
        caller: Caller::User {
            id: firstline_app::domain::UserId(2),
            role: Role::Agent,
        },
        name: "agent".into(),
        desk: firstline_app::domain::DeskId::PRODUCTION,
    }
}
