//! The live event stream: every entry of the desk's log once, in order,
//! resumable from `Last-Event-ID`, and delivered as it is written.

use crate::helpers::{TestApp, p0_phone_report};
use firstline_app::domain::Role;
use http::StatusCode;
use http_body_util::BodyExt as _;
use serde_json::{Value, json};
use std::time::Duration;

/// The entries of a finished stream's body: (id, data as JSON).
fn entries(body: &str) -> Vec<(i64, Value)> {
    body.split("\n\n")
        .filter_map(|block| {
            let id = block.lines().find_map(|l| l.strip_prefix("id: "))?;
            let data = block.lines().find_map(|l| l.strip_prefix("data: "))?;
            Some((id.parse().ok()?, serde_json::from_str(data).ok()?))
        })
        .collect()
}

#[tokio::test]
async fn a_client_that_reconnects_gets_every_entry_it_missed_in_order() {
    let app = TestApp::spawn().await;
    let first = app.register(p0_phone_report()).await;
    let second = app.register(p0_phone_report()).await;
    app.act_ok(
        &first,
        json!({"action": "first_response", "message": "On it"}),
    )
    .await;

    let all = app.get("/api/v1/events?follow=false&after=0").await;
    assert_eq!(all.status, StatusCode::OK);
    assert!(
        all.header(http::header::CONTENT_TYPE)
            .starts_with("text/event-stream")
    );
    let seen = entries(&all.body);
    let summary: Vec<(&str, &str)> = seen
        .iter()
        .map(|(_, e)| (e["number"].as_str().unwrap(), e["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(
        summary,
        [
            (first.as_str(), "registered"),
            (second.as_str(), "registered"),
            (first.as_str(), "first_response")
        ]
    );
    assert!(seen.windows(2).all(|w| w[0].0 < w[1].0), "ids ascend");
    assert!(
        seen.iter()
            .all(|(id, e)| e["id"] == *id && e["server_now"].is_string())
    );

    // Reconnecting after the first entry replays the other two.
    let after_first = seen[0].0.to_string();
    let resumed = app
        .get_with(
            "/api/v1/events?follow=false",
            &[("Last-Event-ID", after_first.as_str())],
        )
        .await;
    let resumed: Vec<i64> = entries(&resumed.body).iter().map(|(id, _)| *id).collect();
    assert_eq!(resumed, [seen[1].0, seen[2].0]);

    let bad = app.get("/api/v1/events?follow=false&after=-3").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["fields"][0]["field"], "after");
}

#[tokio::test]
async fn a_following_client_gets_a_change_as_it_is_written() {
    let app = TestApp::spawn().await;
    let number = app.register(p0_phone_report()).await;
    // A client that has seen nothing starts after the newest entry.
    let response = app.open("/api/v1/events", &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let mut body = response.into_body();
    app.act_ok(
        &number,
        json!({"action": "first_response", "message": "On it"}),
    )
    .await;
    let mut text = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while !text.contains("first_response") {
        let frame = tokio::time::timeout_at(deadline, body.frame())
            .await
            .expect("the change arrives within 5 s")
            .expect("the stream stays open")
            .expect("a frame");
        if let Ok(data) = frame.into_data() {
            text.push_str(&String::from_utf8_lossy(&data));
        }
    }
    let seen = entries(&text);
    assert_eq!(
        seen.len(),
        1,
        "the registration before it is not replayed: {text}"
    );
    assert_eq!(seen[0].1["number"], number.as_str());
}

#[tokio::test]
async fn a_desk_streams_only_its_own_log() {
    let app = TestApp::spawn().await;
    app.register(p0_phone_report()).await;
    // A trainee works in a sandbox desk of their own.
    app.sign_in_as("trainee", Role::Trainee).await;
    let own = app.register(p0_phone_report()).await;
    let seen = entries(&app.get("/api/v1/events?follow=false&after=0").await.body);
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].1["number"], own.as_str());
}

#[tokio::test]
async fn following_streams_end_when_the_server_stops() {
    let app = TestApp::spawn().await;
    let mut body = app.open("/api/v1/events", &[]).await.into_body();
    app.desk.end_streams();
    let end = tokio::time::timeout(Duration::from_secs(3), async {
        while let Some(frame) = body.frame().await {
            frame.expect("a frame");
        }
    })
    .await;
    assert!(end.is_ok(), "the stream ended");
}
