//! R03 after intake: correcting impact and urgency through the JSON API.

use crate::helpers::{TestApp, draft_with, p0_phone_report};
use http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn r03_an_upgrade_is_judged_again_and_logged_with_its_reason() {
    let app = TestApp::spawn().await;
    let number = app
        .register(draft_with(
            json!({"impact": "individual", "urgency": "medium", "reported_at": "2026-11-26T13:50"}),
        ))
        .await;
    let reply = app
        .post_json(
            &format!("/api/v1/tickets/{number}/reclassify"),
            &json!({"version": 1, "impact": "widespread", "urgency": "critical", "note": "The whole finance floor is down"}),
            &[],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let ticket = reply.json();
    assert_eq!(
        (ticket["priority"].as_str(), ticket["version"].as_i64()),
        (Some("P0"), Some(2))
    );
    // Reported 13:50 desk time, so a P0 was due at 14:20: already overdue.
    assert_eq!(
        app.response_due(&number).await.to_rfc3339(),
        "2026-11-26T06:20:00+00:00"
    );

    let body = app.get(&format!("/api/v1/tickets/{number}")).await.json();
    let last = &body["events"][1];
    assert_eq!(last["change"]["kind"], "reclassified");
    assert_eq!(last["change"]["note"], "The whole finance floor is down");
    let page = app.get(&format!("/tickets/{number}")).await;
    assert!(
        page.body
            .contains("Reason: The whole finance floor is down"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn a_change_against_a_stale_version_is_a_conflict_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let number = app.register(p0_phone_report()).await;
    let path = format!("/api/v1/tickets/{number}/reclassify");
    let change = |version: i64, note: &str| json!({"version": version, "impact": "group", "urgency": "high", "note": note});
    assert_eq!(
        app.post_json(&path, &change(1, "first agent"), &[])
            .await
            .status,
        StatusCode::OK
    );

    let stale = app
        .post_json(&path, &change(1, "second agent, who saw version 1"), &[])
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(stale.json()["current_version"], 2);
    let events = app.get(&format!("/api/v1/tickets/{number}")).await.json()["events"].clone();
    assert_eq!(events.as_array().unwrap().len(), 2);
    assert_eq!(events[1]["change"]["note"], "first agent");
}

#[tokio::test]
async fn a_reclassification_without_reason_or_choices_gets_422() {
    let app = TestApp::spawn().await;
    let number = app.register(p0_phone_report()).await;
    let reply = app
        .post_json(
            &format!("/api/v1/tickets/{number}/reclassify"),
            &json!({"version": 1, "impact": "everyone"}),
            &[],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = reply.json();
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["impact", "urgency", "note"]);
}

#[tokio::test]
async fn reclassifying_an_unknown_ticket_is_404() {
    let app = TestApp::spawn().await;
    let reply = app
        .post_json(
            "/api/v1/tickets/FL-00099/reclassify",
            &json!({"version": 1, "impact": "group", "urgency": "high", "note": "why not"}),
            &[],
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}
