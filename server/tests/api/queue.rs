//! The queue: open tickets, nearest response deadline first.

use crate::helpers::{TestApp, draft_with};
use chrono::TimeDelta;
use http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn r03_the_queue_puts_the_nearest_response_deadline_first() {
    let app = TestApp::spawn().await;
    // A P3 reported long ago is due before a P1 reported now.
    let p3 = app
        .register(draft_with(
            json!({"impact": "negligible", "urgency": "low", "reported_at": "2026-11-25T16:00"}),
        ))
        .await;
    let p1 = app
        .register(draft_with(json!({"impact": "group", "urgency": "high"})))
        .await;
    let p0 = app
        .register(draft_with(
            json!({"impact": "widespread", "urgency": "critical"}),
        ))
        .await;
    let p2 = app
        .register(draft_with(
            json!({"impact": "individual", "urgency": "medium"}),
        ))
        .await;

    let order = app.queue_order().await;
    // P0 due 15:00, P3 due 16:00 (+1 day from yesterday 16:00), P1 due 16:30, P2 due 22:30.
    assert_eq!(order, [p0.as_str(), p3.as_str(), p1.as_str(), p2.as_str()]);
}

#[tokio::test]
async fn r03_the_queue_page_shows_number_priority_summary_department_age_and_countdown() {
    let app = TestApp::spawn().await;
    let number = app
        .register(draft_with(json!({
            "symptom_steps": "Login page spins forever\nthen times out",
            "department": "Customer Service",
            "reported_at": "2026-11-26T14:20",
        })))
        .await;
    app.clock.advance(TimeDelta::minutes(5));
    let page = app.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    let row = page
        .body
        .split("class=\"queue-row\"")
        .nth(1)
        .expect("a queue row");
    assert!(row.contains(&number), "{row}");
    assert!(row.contains("P0 Critical"), "{row}");
    assert!(
        row.contains("Login page spins forever") && !row.contains("then times out"),
        "summary is the first line"
    );
    assert!(row.contains("Customer Service"));
    assert!(row.contains(">15m<"), "age since 14:20 at 14:35: {row}");
    assert!(row.contains("due in 15m 00s"), "due at 14:50: {row}");
}

#[tokio::test]
async fn r03_an_overdue_ticket_counts_up_in_red() {
    let app = TestApp::spawn().await;
    app.register(draft_with(json!({"reported_at": "2026-11-26T13:50"})))
        .await;
    let page = app.get("/").await;
    assert!(page.body.contains("overdue by 10m 00s"), "{}", page.body);
    assert!(page.body.contains("countdown breached"));
}

#[tokio::test]
async fn an_empty_desk_says_so() {
    let app = TestApp::spawn().await;
    let page = app.get("/").await;
    assert!(page.body.contains("No open tickets"), "{}", page.body);
}

#[tokio::test]
async fn r03_the_queue_api_returns_the_most_urgent_page_and_says_when_more_wait() {
    let app = TestApp::spawn().await;
    let p2 = app
        .register(draft_with(
            json!({"impact": "individual", "urgency": "medium"}),
        ))
        .await;
    let p0 = app.register(draft_with(json!({}))).await;
    app.register(draft_with(
        json!({"impact": "negligible", "urgency": "low"}),
    ))
    .await;

    let reply = app.get("/api/v1/tickets?limit=2").await;
    assert_eq!(reply.status, StatusCode::OK);
    let body = reply.json();
    let numbers: Vec<_> = body["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["number"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(numbers, [p0, p2]);
    assert_eq!(
        (body["more"].clone(), body["limit"].clone()),
        (json!(true), json!(2))
    );
    // Without a limit: the first 200.
    let all = app.get("/api/v1/tickets").await.json();
    assert_eq!(all["tickets"].as_array().unwrap().len(), 3);
    assert_eq!(
        (all["more"].clone(), all["limit"].clone()),
        (json!(false), json!(200))
    );

    for bad in ["0", "1001", "ten", "-1"] {
        let reply = app.get(&format!("/api/v1/tickets?limit={bad}")).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        let body = reply.json();
        assert_eq!(body["error"], "invalid_input");
        assert_eq!(body["fields"][0]["field"], "limit", "{body}");
        assert_eq!(
            body["fields"][0]["message"],
            "Enter a whole number from 1 to 1000."
        );
    }
}

#[tokio::test]
async fn a_queue_longer_than_a_page_says_more_are_waiting() {
    let app = TestApp::spawn().await;
    for _ in 0..201 {
        app.register(draft_with(json!({}))).await;
    }
    let page = app.get("/").await;
    assert_eq!(page.body.matches("class=\"queue-row").count(), 200);
    assert!(
        page.body
            .contains("The 200 most urgent open; more are waiting"),
        "{}",
        page.body
            .split("class=\"count\"")
            .nth(1)
            .unwrap_or_default()
    );
}
