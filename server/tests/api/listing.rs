//! The ticket list through the JSON API and its page (R19: every ticket
//! can be found).

use crate::helpers::{TestApp, draft_with};
use firstline_app::domain::{Role, Stage};
use http::StatusCode;
use serde_json::{Value, json};

fn numbers(page: &Value) -> Vec<String> {
    page["tickets"]
        .as_array()
        .expect("tickets")
        .iter()
        .map(|t| t["number"].as_str().unwrap().to_owned())
        .collect()
}

async fn list(app: &TestApp, query: &str) -> Value {
    let reply = app.get(&format!("/api/v1/tickets/all?{query}")).await;
    assert_eq!(reply.status, StatusCode::OK, "{query}: {}", reply.body);
    reply.json()
}

#[tokio::test]
async fn r19_closed_tickets_are_listed_and_the_filters_combine() {
    let app = TestApp::spawn().await;
    let closed = app
        .register(draft_with(json!({"department": "Finance"})))
        .await;
    app.walk_to(&closed, Stage::Closed).await;
    let open = app
        .register(draft_with(json!({"department": "Sales", "channel": "web"})))
        .await;

    assert_eq!(
        numbers(&list(&app, "").await),
        [open.as_str(), closed.as_str()]
    );
    assert_eq!(
        app.queue_order().await,
        [open.as_str()],
        "the queue keeps to open ones"
    );
    assert_eq!(
        numbers(&list(&app, "stage=closed").await),
        [closed.as_str()]
    );
    assert_eq!(
        numbers(&list(&app, "channel=web&department=Sales").await),
        [open.as_str()]
    );
    assert_eq!(
        numbers(&list(&app, "channel=web&stage=closed").await),
        Vec::<String>::new()
    );
}

#[tokio::test]
async fn r19_the_list_pages_with_a_cursor() {
    let app = TestApp::spawn().await;
    let mut registered = Vec::new();
    for _ in 0..53 {
        registered.push(app.register(draft_with(json!({}))).await);
    }
    registered.reverse();
    let first = list(&app, "").await;
    assert_eq!(numbers(&first).len(), 50);
    let after = first["next"].as_str().expect("a next page");
    let second = list(&app, &format!("after={after}")).await;
    assert_eq!(second["next"], Value::Null);
    let shown: Vec<String> = numbers(&first)
        .into_iter()
        .chain(numbers(&second))
        .collect();
    assert_eq!(shown, registered);
}

#[tokio::test]
async fn r19_bad_filters_get_422_naming_each_parameter() {
    let app = TestApp::spawn().await;
    let reply = app
        .get("/api/v1/tickets/all?stage=done&from=yesterday&order=random&after=%27%3B--")
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    let fields: Vec<String> = reply.json()["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, ["stage", "from", "order"]);
    let reply = app.get("/api/v1/tickets/all?after=zzz").await;
    assert_eq!(reply.json()["fields"][0]["field"], "after");
    let reply = app
        .get("/api/v1/tickets/all?from=2026-11-30&until=2026-11-01")
        .await;
    assert_eq!(reply.json()["fields"][0]["field"], "until");
}

#[tokio::test]
async fn r19_a_sandbox_ticket_never_shows_in_the_production_list() {
    let app = TestApp::spawn().await;
    let real = app
        .register(draft_with(json!({"department": "Finance"})))
        .await;
    app.sign_in_as("trainee", Role::Trainee).await;
    app.register(draft_with(json!({"department": "Drill"})))
        .await;
    let drill = list(&app, "").await;
    assert_eq!(drill["tickets"].as_array().unwrap().len(), 1);
    assert_eq!(drill["tickets"][0]["department"], "Drill");
    app.sign_in_as("agent", Role::Agent).await;
    let production = list(&app, "").await;
    assert_eq!(numbers(&production), [real.as_str()]);
    assert_eq!(production["tickets"][0]["department"], "Finance");
}

#[tokio::test]
async fn r19_the_list_page_keeps_its_filters_in_the_address() {
    let app = TestApp::spawn().await;
    let number = app
        .register(draft_with(json!({"department": "Finance"})))
        .await;
    let page = app.get("/tickets?stage=intake&department=Finance").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(&format!("href=\"/tickets/{number}\"")),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("<option value=\"intake\" selected"),
        "the form shows the filter"
    );
    assert!(page.body.contains("value=\"Finance\""));
    let none = app.get("/tickets?stage=archived").await;
    assert!(!none.body.contains("list-row"));
    let bad = app.get("/tickets?stage=done").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}
