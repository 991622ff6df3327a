//! Firstline as a real process: the `firstline` binary started on a free
//! loopback port against a given database, and a plain HTTP/1 client to
//! talk to it. Shared by tests and benchmarks through `#[path]`.

// Each user takes part of this module; what one leaves unused is not dead.
#![allow(dead_code)]

use axum::body::Bytes;
use firstline_app::api::NewUserDraft;
use firstline_app::domain::{Actor, Caller, DeskId, Role};
use firstline_server::accounts::Accounts;
use firstline_server::desk::SystemClock;
use firstline_server::startup::open_store;
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;

/// A running `firstline serve`, stopped when dropped.
pub struct ServerProcess {
    child: Child,
    pub addr: SocketAddr,
    /// What it has logged so far (standard error).
    log: Arc<std::sync::Mutex<String>>,
}

impl ServerProcess {
    /// Starts the binary on the database at `url` and waits until it
    /// answers `/health`.
    pub async fn start(binary: &str, url: &str) -> Self {
        Self::start_with_site(binary, url, &std::env::temp_dir()).await
    }

    /// As [`ServerProcess::start`], serving the site root `site`.
    pub async fn start_with_site(binary: &str, url: &str, site: &std::path::Path) -> Self {
        Self::start_with(binary, url, site, &[]).await
    }

    /// As [`ServerProcess::start_with_site`], with more environment
    /// variables (they win over the defaults, such as `RUST_LOG=warn`).
    pub async fn start_with(
        binary: &str,
        url: &str,
        site: &std::path::Path,
        env: &[(&str, &str)],
    ) -> Self {
        let addr = {
            let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
            probe.local_addr().unwrap()
        };
        let mut command = Command::new(binary);
        command
            .env("DATABASE_URL", url)
            .env("LEPTOS_SITE_ADDR", addr.to_string())
            .env("LEPTOS_SITE_ROOT", site)
            .env("RUST_LOG", "warn")
            // Every process of a test shares one status-link key, as the
            // processes of one deployment must (and none writes a key file).
            .env("FIRSTLINE_LINK_KEY", "7e".repeat(32))
            .env_remove("FIRSTLINE_ADMIN_PASSWORD")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("the server starts");
        let log = Arc::new(std::sync::Mutex::new(String::new()));
        let stderr = child.stderr.take().expect("standard error is piped");
        let kept = log.clone();
        std::thread::spawn(move || {
            use std::io::BufRead as _;
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
            {
                let mut log = kept.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let server = Self { child, addr, log };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(mut client) = connect(addr).await {
                let request = hyper::Request::get("/health")
                    .header(hyper::header::HOST, addr.to_string())
                    .body(Full::new(Bytes::new()))
                    .unwrap();
                if client
                    .send_request(request)
                    .await
                    .is_ok_and(|r| r.status().is_success())
                {
                    return server;
                }
            }
            assert!(Instant::now() < deadline, "the server answers within 60 s");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// What the process has logged so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Waits until the process has logged a line holding `text`.
    pub async fn logged(&self, text: &str, within: Duration) {
        let deadline = Instant::now() + within;
        while !self.log().contains(text) {
            assert!(
                Instant::now() < deadline,
                "{text:?} logged within {within:?}; the log: {}",
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Kills the process at once (SIGKILL): nothing of it runs after.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// The process's resident memory, and its peak, in KiB (Linux).
    pub fn memory_kib(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
                .unwrap_or(0)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP/1 connection to the server.
pub async fn connect(addr: SocketAddr) -> hyper::Result<SendRequest<Full<Bytes>>> {
    let stream = match TcpStream::connect(addr).await {
        Ok(stream) => stream,
        Err(_) => {
            // Not listening yet: hyper's own error type says so.
            return hyper::client::conn::http1::handshake(TokioIo::new(tokio::io::empty()))
                .await
                .map(|(sender, _)| sender);
        }
    };
    stream.set_nodelay(true).ok();
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(connection);
    Ok(sender)
}

/// Sends a request with the bearer token and returns the response, its
/// body still streaming.
pub async fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: &str,
    body: Option<serde_json::Value>,
) -> hyper::Response<Incoming> {
    try_send(addr, method, path, token, body)
        .await
        .expect("the server answers")
}

/// As [`send`], with the failure of a server that is gone as an error.
pub async fn try_send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: &str,
    body: Option<serde_json::Value>,
) -> hyper::Result<hyper::Response<Incoming>> {
    try_send_with(addr, method, path, token, body, &[]).await
}

/// As [`try_send`], with these request headers besides.
pub async fn try_send_with(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: &str,
    body: Option<serde_json::Value>,
    headers: &[(&str, &str)],
) -> hyper::Result<hyper::Response<Incoming>> {
    let mut client = connect(addr).await?;
    let mut request = hyper::Request::builder()
        .method(method)
        .uri(path)
        .header(hyper::header::HOST, addr.to_string())
        .header(hyper::header::AUTHORIZATION, format!("Bearer {token}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let bytes = match body {
        Some(json) => {
            request = request.header(hyper::header::CONTENT_TYPE, "application/json");
            Bytes::from(json.to_string())
        }
        None => Bytes::new(),
    };
    client
        .send_request(request.body(Full::new(bytes)).unwrap())
        .await
}

/// Sends a request and reads the whole answer as JSON.
pub async fn json(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: &str,
    body: Option<serde_json::Value>,
) -> (hyper::StatusCode, serde_json::Value) {
    try_json(addr, method, path, token, body)
        .await
        .expect("the server answers")
}

/// As [`json`], with the failure of a server that is gone as an error.
pub async fn try_json(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: &str,
    body: Option<serde_json::Value>,
) -> hyper::Result<(hyper::StatusCode, serde_json::Value)> {
    let response = try_send(addr, method, path, token, body).await?;
    let status = response.status();
    let bytes = response.into_body().collect().await?.to_bytes();
    Ok((
        status,
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    ))
}

/// Registers a P0 ([`p0_report`]) through the JSON API and returns its
/// number; anything but `201 Created` fails the caller.
pub async fn register(addr: SocketAddr, token: &str) -> String {
    let (status, ticket) = json(addr, "POST", "/api/v1/tickets", token, Some(p0_report())).await;
    assert_eq!(status, hyper::StatusCode::CREATED, "{ticket}");
    ticket["number"]
        .as_str()
        .expect("a ticket number")
        .to_owned()
}

/// Makes the database ready to serve: migrated, with an administrator and
/// an agent, and returns an API token of the agent.
pub async fn agent_token(url: &str) -> String {
    let store = open_store(url).await.expect("the database opens");
    let accounts = Accounts::new(store.clone(), Arc::new(SystemClock));
    let admin = accounts
        .create_admin("admin", "Administrator", "correct horse battery staple")
        .await
        .expect("the first administrator");
    let admin = Actor {
        caller: Caller::User {
            id: admin.id,
            role: Role::Admin,
        },
        name: admin.display_name.to_string(),
        desk: DeskId::PRODUCTION,
    };
    let agent = accounts
        .create_user(
            &admin,
            &NewUserDraft {
                login: "agent".into(),
                display_name: "Agent".into(),
                role: "agent".into(),
                password: "correct horse battery staple".into(),
            },
            "setup",
        )
        .await
        .expect("the agent");
    let agent = Actor {
        caller: Caller::User {
            id: agent.id,
            role: Role::Agent,
        },
        name: "Agent".into(),
        desk: DeskId::PRODUCTION,
    };
    let token = accounts
        .create_api_token(&agent, "live", "setup")
        .await
        .expect("a token");
    store.close().await;
    token.secret
}

/// A P0 phone report as the JSON API takes it, reported now.
pub fn p0_report() -> serde_json::Value {
    serde_json::json!({
        "channel": "phone",
        "department": "Payments",
        "contact": "Li Wei, ext. 602155",
        "symptom_steps": "Card payments fail at checkout",
        "impact_scope": "All shoppers",
        "impact": "widespread",
        "urgency": "critical",
        "reported_at": "",
    })
}
