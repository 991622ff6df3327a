//! The test application and typed request helpers.

use crate::databases::{self, TestDb};
use axum::{Router, body::Body};
use chrono::{DateTime, TimeZone, Utc};
use firstline_server::{
    config::{DatabaseArgs, ServeConfig, parse_offset},
    desk::{Desk, ManualClock},
    startup::{leptos_options, router},
};
use http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt as _;
use serde_json::Value;
use std::{path::PathBuf, sync::Arc};
use tower::ServiceExt as _;

/// The instant every test starts at: 2026-11-26 14:30 at the desk (UTC+8).
pub fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 6, 30, 0).unwrap()
}

/// A running Firstline on a fresh database.
pub struct TestApp {
    router: Router,
    pub clock: Arc<ManualClock>,
    /// Holds the database until the test ends.
    _db: TestDb,
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
    /// Firstline on a fresh SQLite database.
    pub async fn spawn() -> Self {
        Self::on(databases::sqlite().await)
    }

    /// Firstline on the given database.
    pub fn on(db: TestDb) -> Self {
        let clock = Arc::new(ManualClock::new(start()));
        let desk = Arc::new(Desk::new(
            db.store.clone(),
            clock.clone(),
            parse_offset("+08:00").unwrap(),
        ));
        let config = ServeConfig {
            addr: "127.0.0.1:0".parse().unwrap(),
            database: DatabaseArgs {
                database_url: None,
                data_dir: PathBuf::from("data"),
            },
            site_root: PathBuf::from("target/site"),
            utc_offset: Some("+08:00".into()),
        };
        Self {
            router: router(desk, leptos_options(&config)),
            clock,
            _db: db,
        }
    }

    /// Sends a request through the whole router.
    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
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
        let mut request = Request::post(path).header(header::CONTENT_TYPE, "application/json");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::from(body.to_string())).unwrap())
            .await
    }

    /// Posts a form the way a browser without JavaScript does.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)], referer: &str) -> Reply {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html,application/xhtml+xml,*/*;q=0.8")
            .header(header::REFERER, referer)
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    /// Registers a ticket through the JSON API and returns its number.
    pub async fn register(&self, draft: Value) -> String {
        let reply = self.post_json("/api/v1/tickets", &draft, &[]).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        reply.json()["number"].as_str().expect("number").to_owned()
    }
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
