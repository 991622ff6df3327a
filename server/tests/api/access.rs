//! The role × endpoint matrix: every server function, every HTTP route and
//! every page, called by each kind of caller, is allowed or refused exactly
//! as the access rules say. A new endpoint without a row here fails the
//! test.

use crate::helpers::{PASSWORD, Reply, TestApp, p0_phone_report};
use firstline_app::domain::{Actor, Caller, DeskId, Login, Role};
use firstline_server::{http::endpoints, startup::page_paths};
use http::StatusCode;
use leptos::server_fn::axum::server_fn_paths;
use std::collections::{BTreeMap, BTreeSet};

/// Who calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    Anonymous,
    Agent,
    Lead,
    Trainee,
    Admin,
    Display,
}

const EVERYONE: [Who; 6] = [
    Who::Anonymous,
    Who::Agent,
    Who::Lead,
    Who::Trainee,
    Who::Admin,
    Who::Display,
];

use Who::*;

/// The callers an endpoint lets in.
fn allowed(list: &[Who]) -> BTreeSet<Who> {
    list.iter().copied().collect()
}

const PEOPLE: &[Who] = &[Agent, Lead, Trainee, Admin];
const HANDLERS: &[Who] = &[Agent, Lead, Trainee];
const PUBLIC: &[Who] = &[Anonymous, Agent, Lead, Trainee, Admin, Display];

/// What a server function is called with: form fields, or a JSON body for
/// the functions that take nested input.
enum Args {
    Form(Vec<(&'static str, String)>),
    Json(serde_json::Value),
}

/// A server function's arguments and who may call it.
type FunctionRow = (Args, BTreeSet<Who>);

/// A route's concrete path, JSON body and who may call it.
type RouteRow = (&'static str, Option<serde_json::Value>, BTreeSet<Who>);

/// Server functions: path → (form fields, who may call).
fn server_functions() -> BTreeMap<&'static str, FunctionRow> {
    let draft: Vec<(&str, String)> = p0_phone_report()
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (leak(format!("draft[{k}]")), v.as_str().unwrap().to_owned()))
        .collect();
    let f = |pairs: &[(&'static str, &str)]| {
        pairs
            .iter()
            .map(|(k, v)| (*k, (*v).to_owned()))
            .collect::<Vec<_>>()
    };
    BTreeMap::from([
        (
            "/api/intake/context",
            (Args::Form(vec![]), allowed(HANDLERS)),
        ),
        (
            "/api/intake/register",
            (Args::Form(draft), allowed(HANDLERS)),
        ),
        (
            "/api/queue",
            (
                Args::Form(vec![]),
                allowed(&[Agent, Lead, Trainee, Display]),
            ),
        ),
        (
            "/api/ticket",
            (Args::Form(f(&[("number", "FL-00001")])), allowed(HANDLERS)),
        ),
        (
            "/api/tickets/list",
            (
                Args::Form(f(&[("params[stage]", "intake")])),
                allowed(HANDLERS),
            ),
        ),
        ("/api/kb/list", (Args::Form(vec![]), allowed(HANDLERS))),
        (
            "/api/kb/article",
            (Args::Form(f(&[("number", "KB-1")])), allowed(HANDLERS)),
        ),
        (
            "/api/kb/draft",
            (Args::Form(f(&[("ticket", "FL-00001")])), allowed(HANDLERS)),
        ),
        (
            "/api/kb/save",
            (
                Args::Form(f(&[
                    ("number", "KB-1"),
                    ("version", "1"),
                    ("draft[title]", "Gateway certificate expired"),
                    ("draft[symptom]", "502 on payment"),
                    ("draft[fault_type]", "network"),
                ])),
                allowed(HANDLERS),
            ),
        ),
        (
            "/api/similar",
            (Args::Form(f(&[("text", "无法登录")])), allowed(HANDLERS)),
        ),
        (
            "/api/search",
            (Args::Form(f(&[("q", "登录")])), allowed(HANDLERS)),
        ),
        ("/api/session/me", (Args::Form(vec![]), allowed(PUBLIC))),
        ("/api/clock", (Args::Form(vec![]), allowed(PUBLIC))),
        (
            "/api/session/login",
            (
                Args::Form(f(&[
                    ("login", "agent"),
                    ("password", PASSWORD),
                    ("next", "/"),
                ])),
                allowed(PUBLIC),
            ),
        ),
        ("/api/session/logout", (Args::Form(vec![]), allowed(PEOPLE))),
        (
            "/api/team/list",
            (Args::Form(vec![]), allowed(&[Lead, Admin])),
        ),
        (
            "/api/team/create",
            (
                Args::Form(f(&[
                    ("draft[login]", "newcomer"),
                    ("draft[display_name]", "Newcomer"),
                    ("draft[role]", "trainee"),
                    ("draft[password]", PASSWORD),
                ])),
                allowed(&[Lead, Admin]),
            ),
        ),
        (
            "/api/team/change",
            (
                Args::Form(f(&[
                    ("change[login]", "trainee2"),
                    ("change[role]", "trainee"),
                    ("change[active]", "true"),
                ])),
                allowed(&[Lead, Admin]),
            ),
        ),
        (
            "/api/team/end-sessions",
            (
                Args::Form(f(&[("login", "agent2")])),
                allowed(&[Lead, Admin]),
            ),
        ),
        ("/api/tokens/list", (Args::Form(vec![]), allowed(HANDLERS))),
        (
            "/api/tokens/create",
            (Args::Form(f(&[("name", "script")])), allowed(HANDLERS)),
        ),
        (
            "/api/tokens/revoke",
            (Args::Form(f(&[("id", "999")])), allowed(HANDLERS)),
        ),
        ("/api/displays/list", (Args::Form(vec![]), allowed(&[Lead]))),
        ("/api/wall", (Args::Form(vec![]), allowed(&[Lead, Display]))),
        ("/api/reviews", (Args::Form(vec![]), allowed(&[Lead]))),
        (
            "/api/ticket/presence",
            (
                Args::Form(f(&[("number", "FL-00001"), ("presence", "viewing")])),
                allowed(HANDLERS),
            ),
        ),
        (
            "/api/displays/create",
            (Args::Form(f(&[("name", "Wall 2")])), allowed(&[Lead])),
        ),
        (
            "/api/displays/revoke",
            (Args::Form(f(&[("id", "999")])), allowed(&[Lead])),
        ),
        ("/api/audit/list", (Args::Form(vec![]), allowed(&[Admin]))),
        (
            "/api/ticket/act",
            (
                Args::Json(serde_json::json!({
                    "number": "FL-00001",
                    "request": {"version": 1, "action": "first_response", "message": "We are on it"},
                })),
                allowed(HANDLERS),
            ),
        ),
        ("/api/policy/load", (Args::Form(vec![]), allowed(&[Lead]))),
        (
            "/api/policy/save",
            (
                Args::Json(serde_json::json!({
                    "draft": {"based_on": 1, "policy": {}, "note": "access check"},
                })),
                allowed(&[Lead]),
            ),
        ),
        (
            "/api/policy/zones",
            (
                Args::Json(serde_json::json!({"names": ["Asia/Shanghai"]})),
                allowed(&[Lead]),
            ),
        ),
        ("/api/runbook/load", (Args::Form(vec![]), allowed(&[Lead]))),
        // The token is the key: anyone may ask; a bad one opens nothing.
        (
            "/api/status",
            (
                Args::Form(f(&[("token", &"0".repeat(40))])),
                allowed(PUBLIC),
            ),
        ),
        (
            "/api/status/answer",
            (
                Args::Form(f(&[("token", &"0".repeat(40)), ("answer", "works")])),
                allowed(PUBLIC),
            ),
        ),
        (
            "/api/status/survey",
            (
                Args::Form(f(&[("token", &"0".repeat(40)), ("rating", "satisfied")])),
                allowed(PUBLIC),
            ),
        ),
        (
            "/api/ticket/status-link",
            (
                Args::Form(f(&[("number", "FL-00001"), ("renew", "false")])),
                allowed(HANDLERS),
            ),
        ),
        (
            "/api/runbook/save",
            (
                Args::Json(serde_json::json!({
                    "draft": {"based_on": 1, "runbook": {}, "note": "access check"},
                })),
                allowed(&[Lead]),
            ),
        ),
    ])
}

/// HTTP routes: (method, path pattern) → (a concrete path, JSON body, who may call).
fn routes() -> BTreeMap<(&'static str, &'static str), RouteRow> {
    let reclassify = serde_json::json!({"version": 1, "impact": "group", "urgency": "high", "note": "access check"});
    BTreeMap::from([
        (("GET", "/health"), ("/health", None, allowed(PUBLIC))),
        (
            ("GET", "/api/v1/status/{token}/events"),
            (
                "/api/v1/status/0000000000000000000000000000000000000000/events",
                None,
                allowed(PUBLIC),
            ),
        ),
        (
            ("GET", "/lang/{locale}"),
            ("/lang/zh-CN?back=/", None, allowed(PUBLIC)),
        ),
        (
            ("GET", "/api/v1/tickets"),
            (
                "/api/v1/tickets",
                None,
                allowed(&[Agent, Lead, Trainee, Display]),
            ),
        ),
        (
            ("GET", "/api/v1/tickets/all"),
            ("/api/v1/tickets/all?stage=intake", None, allowed(HANDLERS)),
        ),
        (
            ("GET", "/api/v1/kb"),
            ("/api/v1/kb", None, allowed(HANDLERS)),
        ),
        (
            ("GET", "/api/v1/reviews"),
            ("/api/v1/reviews", None, allowed(&[Lead])),
        ),
        (
            ("GET", "/api/v1/tickets/{number}/scenario"),
            ("/api/v1/tickets/FL-00001/scenario", None, allowed(&[Lead])),
        ),
        (
            ("GET", "/api/v1/training/scenarios"),
            ("/api/v1/training/scenarios", None, allowed(HANDLERS)),
        ),
        (
            ("GET", "/api/v1/training/scenarios/{id}"),
            (
                "/api/v1/training/scenarios/export-blocked",
                None,
                allowed(&[Lead]),
            ),
        ),
        (
            ("POST", "/api/v1/training/scenarios/{id}"),
            (
                "/api/v1/training/scenarios/export-blocked",
                Some(serde_json::json!({
                    "based_on": 1,
                    "scenario": firstline_app::domain::training::shipped_scenario("export-blocked"),
                    "note": "Checked",
                })),
                allowed(&[Lead]),
            ),
        ),
        (
            ("GET", "/api/v1/kb/{article}"),
            ("/api/v1/kb/KB-1", None, allowed(HANDLERS)),
        ),
        (
            ("POST", "/api/v1/kb/{article}"),
            (
                "/api/v1/kb/KB-1",
                Some(
                    serde_json::json!({"version": 1, "title": "Certificate", "symptom": "502", "fault_type": "network"}),
                ),
                allowed(HANDLERS),
            ),
        ),
        (
            ("POST", "/api/v1/tickets/{number}/article"),
            (
                "/api/v1/tickets/FL-00001/article",
                Some(serde_json::json!({})),
                allowed(HANDLERS),
            ),
        ),
        (
            ("GET", "/api/v1/search"),
            (
                "/api/v1/search?q=%E7%99%BB%E5%BD%95",
                None,
                allowed(HANDLERS),
            ),
        ),
        (
            ("POST", "/api/v1/tickets"),
            (
                "/api/v1/tickets",
                Some(p0_phone_report()),
                allowed(HANDLERS),
            ),
        ),
        (
            ("GET", "/api/v1/tickets/{number}"),
            ("/api/v1/tickets/FL-00001", None, allowed(HANDLERS)),
        ),
        (
            ("GET", "/api/v1/tickets/{number}/clocks"),
            ("/api/v1/tickets/FL-00001/clocks", None, allowed(HANDLERS)),
        ),
        (
            ("POST", "/api/v1/tickets/{number}/actions"),
            (
                "/api/v1/tickets/FL-00001/actions",
                Some(
                    serde_json::json!({"version": 1, "action": "first_response", "message": "On it"}),
                ),
                allowed(HANDLERS),
            ),
        ),
        (
            ("POST", "/api/sla/evaluate"),
            (
                "/api/sla/evaluate",
                Some(serde_json::json!({
                    "policy": null,
                    "events": [{"at": "2026-11-26T06:00:00Z", "kind": "registered", "priority": "P0"}],
                    "now": "2026-11-26T06:10:00Z",
                })),
                allowed(PEOPLE),
            ),
        ),
        (
            ("GET", "/api/v1/sla/policy"),
            ("/api/v1/sla/policy", None, allowed(&[Lead])),
        ),
        (
            ("POST", "/api/v1/sla/policy"),
            (
                "/api/v1/sla/policy",
                Some(serde_json::json!({"based_on": 1, "policy": {}, "note": "access check"})),
                allowed(&[Lead]),
            ),
        ),
        (
            ("GET", "/api/v1/events"),
            (
                "/api/v1/events?follow=false",
                None,
                allowed(&[Agent, Lead, Trainee, Display]),
            ),
        ),
        (
            ("GET", "/api/v1/runbook"),
            ("/api/v1/runbook", None, allowed(&[Lead])),
        ),
        (
            ("POST", "/api/v1/runbook"),
            (
                "/api/v1/runbook",
                Some(serde_json::json!({"based_on": 1, "runbook": {}, "note": "access check"})),
                allowed(&[Lead]),
            ),
        ),
        (
            ("POST", "/api/v1/tickets/{number}/reclassify"),
            (
                "/api/v1/tickets/FL-00001/reclassify",
                Some(reclassify),
                allowed(HANDLERS),
            ),
        ),
    ])
}

/// Pages: route → (a concrete path, who may see it).
fn pages() -> BTreeMap<&'static str, (&'static str, BTreeSet<Who>)> {
    BTreeMap::from([
        ("/", ("/", allowed(&[Agent, Lead, Trainee, Display]))),
        ("/intake", ("/intake", allowed(HANDLERS))),
        (
            "/tickets/{number}",
            ("/tickets/FL-00001", allowed(HANDLERS)),
        ),
        ("/login", ("/login", allowed(PUBLIC))),
        ("/tickets", ("/tickets", allowed(HANDLERS))),
        ("/kb", ("/kb", allowed(HANDLERS))),
        ("/kb/{number}", ("/kb/KB-1", allowed(HANDLERS))),
        (
            "/search",
            ("/search?q=%E7%99%BB%E5%BD%95", allowed(HANDLERS)),
        ),
        (
            "/r/{token}",
            (
                "/r/0000000000000000000000000000000000000000",
                allowed(PUBLIC),
            ),
        ),
        ("/team", ("/team", allowed(&[Lead, Admin]))),
        ("/account", ("/account", allowed(PEOPLE))),
        ("/displays", ("/displays", allowed(&[Lead]))),
        ("/audit", ("/audit", allowed(&[Admin]))),
        ("/policy", ("/policy", allowed(&[Lead]))),
        ("/runbook", ("/runbook", allowed(&[Lead]))),
        ("/wall", ("/wall", allowed(&[Lead, Display]))),
        ("/reviews", ("/reviews", allowed(&[Lead]))),
    ])
}

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

/// The accounts and the production ticket the calls act on, and a way to
/// become each caller.
struct Callers {
    app: TestApp,
    display_token: String,
}

impl Callers {
    async fn new() -> Self {
        let app = TestApp::anonymous().await;
        for (login, role) in [
            ("agent", Role::Agent),
            ("agent2", Role::Agent),
            ("lead", Role::Lead),
            ("trainee", Role::Trainee),
            ("trainee2", Role::Trainee),
        ] {
            app.account(login, role).await;
        }
        app.sign_in_as("agent", Role::Agent).await;
        app.register(p0_phone_report()).await;
        let lead_id = app
            .db
            .store
            .user_by_login(&Login::parse("lead").unwrap())
            .await
            .unwrap()
            .unwrap()
            .user
            .id;
        let lead = Actor {
            caller: Caller::User {
                id: lead_id,
                role: Role::Lead,
            },
            name: "lead".into(),
            desk: DeskId::PRODUCTION,
        };
        let display = app
            .accounts
            .create_display_token(&lead, "Wall", "test")
            .await
            .expect("display token");
        Self {
            app,
            display_token: display.secret,
        }
    }

    /// Makes the app's next requests come from `who`.
    async fn become_(&self, who: Who) {
        self.app.forget_session();
        let login = match who {
            Anonymous => return,
            Display => return self.app.use_bearer(&self.display_token),
            Agent => "agent",
            Lead => "lead",
            Trainee => "trainee",
            Admin => "admin",
        };
        let reply = self.app.sign_in(login, PASSWORD).await;
        assert!(
            reply.status.is_redirection(),
            "{login} signs in: {}",
            reply.status
        );
    }
}

/// Whether a reply let the caller in.
fn let_in(reply: &Reply) -> bool {
    let to_login = reply.status.is_redirection()
        && reply
            .headers
            .get("location")
            .is_some_and(|l| l.to_str().unwrap_or("").starts_with("/login"));
    !matches!(
        reply.status,
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
    ) && !to_login
}

/// How a refusal must look: anonymous callers are asked to sign in (401, or
/// a redirect to the sign-in page for pages); others are forbidden (403).
fn refused_properly(reply: &Reply, who: Who, page: bool) -> bool {
    match (who, page) {
        (Anonymous, true) => {
            reply.status == StatusCode::SEE_OTHER
                && reply
                    .header(http::header::LOCATION)
                    .starts_with("/login?next=")
        }
        (Anonymous, false) => reply.status == StatusCode::UNAUTHORIZED,
        (_, _) => reply.status == StatusCode::FORBIDDEN,
    }
}

#[tokio::test]
async fn every_endpoint_lets_in_exactly_the_callers_the_rules_allow() {
    let callers = Callers::new().await;
    let functions = server_functions();
    let routes = routes();
    let pages = pages();

    // Every endpoint that exists has a row, and every row names an endpoint.
    let existing: BTreeSet<&str> = server_fn_paths().map(|(path, _)| path).collect();
    let missing: Vec<_> = existing
        .iter()
        .filter(|p| !functions.contains_key(*p))
        .collect();
    assert!(
        missing.is_empty(),
        "server functions without a row in the matrix: {missing:?}"
    );
    assert_eq!(
        existing.len(),
        functions.len(),
        "the matrix names server functions that do not exist"
    );
    let existing: BTreeSet<(&str, &str)> = endpoints().iter().map(|e| (e.method, e.path)).collect();
    let missing: Vec<_> = existing
        .iter()
        .filter(|k| !routes.contains_key(*k))
        .collect();
    assert!(
        missing.is_empty(),
        "routes without a row in the matrix: {missing:?}"
    );
    assert_eq!(
        existing.len(),
        routes.len(),
        "the matrix names routes that do not exist"
    );
    let existing: BTreeSet<String> = page_paths().into_iter().collect();
    let missing: Vec<_> = existing
        .iter()
        .filter(|p| !pages.contains_key(p.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "pages without a row in the matrix: {missing:?}"
    );
    assert_eq!(
        existing.len(),
        pages.len(),
        "the matrix names pages that do not exist"
    );

    let mut wrong = Vec::new();
    for who in EVERYONE {
        for (path, (fields, allowed)) in &functions {
            callers.become_(who).await;
            let reply = match fields {
                Args::Form(fields) => {
                    let pairs: Vec<(&str, &str)> =
                        fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    callers.app.call(path, &pairs).await
                }
                Args::Json(body) => callers.app.post_json(path, body, &[]).await,
            };
            check(&mut wrong, who, path, &reply, allowed.contains(&who), false);
        }
        for ((method, _), (path, body, allowed)) in &routes {
            callers.become_(who).await;
            let reply = match (*method, body) {
                ("POST", Some(body)) => callers.app.post_json(path, body, &[]).await,
                _ => callers.app.get(path).await,
            };
            check(&mut wrong, who, path, &reply, allowed.contains(&who), false);
        }
        for (path, allowed) in pages.values() {
            callers.become_(who).await;
            let reply = callers.app.get_with(path, &[("accept", "text/html")]).await;
            check(&mut wrong, who, path, &reply, allowed.contains(&who), true);
        }
    }
    assert!(
        wrong.is_empty(),
        "{} calls broke the rules:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

fn check(wrong: &mut Vec<String>, who: Who, path: &str, reply: &Reply, allowed: bool, page: bool) {
    let ok = if allowed {
        let_in(reply)
    } else {
        refused_properly(reply, who, page)
    };
    if !ok {
        let verdict = if allowed {
            "should be let in"
        } else {
            "should be refused"
        };
        wrong.push(format!("{who:?} {path}: {} ({verdict})", reply.status));
    }
}
