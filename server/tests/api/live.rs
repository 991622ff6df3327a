//! The live event stream: every entry of the desk's log once, in order,
//! resumable from `Last-Event-ID`, and delivered as it is written.

use crate::helpers::{TestApp, p0_phone_report};
use crate::sse::EventReader;
use axum::body::Body;
use firstline_app::api::EVENTS_PATH;
use firstline_app::domain::Role;
use http::StatusCode;
use http_body_util::BodyExt as _;
use serde_json::{Value, json};
use std::time::Duration;

/// The entries of a finished stream's body: (id, data as JSON).
fn entries(body: &str) -> Vec<(i64, Value)> {
    named_entries(body)
        .into_iter()
        .map(|(id, _, data)| (id, data))
        .collect()
}

/// The entries of a stream's body with their event names.
fn named_entries(body: &str) -> Vec<(i64, String, Value)> {
    body.split("\n\n")
        .filter_map(|block| {
            let id = block.lines().find_map(|l| l.strip_prefix("id: "))?;
            let name = block
                .lines()
                .find_map(|l| l.strip_prefix("event: "))
                .filter(|name| *name != "ready")?;
            let data = block.lines().find_map(|l| l.strip_prefix("data: "))?;
            Some((
                id.parse().ok()?,
                name.to_owned(),
                serde_json::from_str(data).ok()?,
            ))
        })
        .collect()
}

/// Reads a following stream until `done` holds for what arrived, or fails
/// after five seconds.
async fn read_until(body: &mut Body, done: impl Fn(&str) -> bool) -> String {
    EventReader::new(body)
        .until(Duration::from_secs(5), done)
        .await
        .to_owned()
}

/// A stream that follows the desk from now, subscribed once its `ready`
/// event has arrived.
async fn follow(app: &TestApp) -> EventReader<Body> {
    let mut stream = EventReader::new(app.open(EVENTS_PATH, &[]).await.into_body());
    stream.ready(Duration::from_secs(5)).await;
    stream
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
async fn a_stream_says_first_where_it_starts_so_that_an_early_drop_misses_nothing() {
    let app = TestApp::spawn().await;
    app.register(p0_phone_report()).await;
    let stream = app.get("/api/v1/events?follow=false").await;
    let first = stream.body.split("\n\n").next().unwrap();
    let newest = entries(&app.get("/api/v1/events?follow=false&after=0").await.body)[0].0;
    assert_eq!(
        first,
        format!("id: {newest}\nevent: ready\ndata: {{\"after\":{newest}}}"),
        "it starts after the newest entry, and says so"
    );
    // A ticket registered while the client was away is replayed from there.
    let later = app.register(p0_phone_report()).await;
    let resumed = app
        .get_with(
            "/api/v1/events?follow=false",
            &[("Last-Event-ID", newest.to_string().as_str())],
        )
        .await;
    let seen = entries(&resumed.body);
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].1["number"], later.as_str());
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
    let text = read_until(&mut body, |text| text.contains("first_response")).await;
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

#[tokio::test]
async fn each_entry_is_sent_under_its_topic() {
    let app = TestApp::spawn().await;
    let number = app.register(p0_phone_report()).await;
    app.act_ok(
        &number,
        json!({"action": "first_response", "message": "On it"}),
    )
    .await;
    app.clock.advance(chrono::TimeDelta::hours(3));
    app.desk.sla_sweep().await.unwrap();
    let all = app.get("/api/v1/events?follow=false&after=0").await;
    let topics: Vec<(String, String)> = named_entries(&all.body)
        .into_iter()
        .map(|(_, name, data)| (name, data["kind"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        topics[0],
        ("registered".to_owned(), "registered".to_owned())
    );
    assert_eq!(
        topics[1],
        ("changed".to_owned(), "first_response".to_owned())
    );
    assert!(
        topics
            .iter()
            .any(|(name, kind)| name == "clock" && kind == "clock_breached"),
        "the workaround clock breached after three hours: {topics:?}"
    );
    assert!(
        named_entries(&all.body)
            .iter()
            .all(|(_, name, data)| data["topic"] == name.as_str())
    );
}

#[tokio::test]
async fn a_following_client_gets_nothing_of_another_desk() {
    let app = TestApp::spawn().await;
    let mut body = app.open("/api/v1/events", &[]).await.into_body();
    // A trainee's sandbox changes first; then the production desk does.
    app.sign_in_as("trainee", Role::Trainee).await;
    app.register(p0_phone_report()).await;
    app.sign_in_as("agent", Role::Agent).await;
    let own = app.register(p0_phone_report()).await;
    let text = read_until(&mut body, |text| !entries(text).is_empty()).await;
    let seen = entries(&text);
    assert_eq!(seen.len(), 1, "{text}");
    assert_eq!(seen[0].1["number"], own.as_str());
}

#[tokio::test]
async fn a_client_catching_up_while_others_write_gets_each_entry_once() {
    let app = TestApp::spawn().await;
    for _ in 0..5 {
        app.register(p0_phone_report()).await;
    }
    // The client replays from the start while five more are registered.
    let mut body = app
        .open("/api/v1/events", &[("Last-Event-ID", "0")])
        .await
        .into_body();
    for _ in 0..5 {
        app.register(p0_phone_report()).await;
    }
    let text = read_until(&mut body, |text| entries(text).len() >= 10).await;
    let ids: Vec<i64> = entries(&text).iter().map(|(id, _)| *id).collect();
    let log = entries(&app.get("/api/v1/events?follow=false&after=0").await.body);
    let expected: Vec<i64> = log.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, expected, "every entry, once, in order");
}

#[tokio::test]
async fn a_change_made_through_another_process_reaches_this_ones_clients() {
    let app = TestApp::spawn().await;
    let waited = change_through_another_process(&app).await;
    // SQLite does not announce writes: this process polls its log each second.
    assert!(waited < Duration::from_secs(3), "{waited:?}");
}

#[tokio::test]
async fn on_postgres_another_process_announces_its_change_at_once() {
    let Some(db) = crate::databases::postgres().await else {
        return;
    };
    let app = TestApp::on(db).await;
    let waited = change_through_another_process(&app).await;
    // With LISTEN/NOTIFY the feed polls only every 5 s; the notification
    // wakes it at once.
    assert!(waited < Duration::from_secs(2), "{waited:?}");
}

/// A client that follows the desk from now and reads all along, as a
/// browser does, until `text` has arrived (within five seconds).
async fn reader_until(app: &TestApp, text: &'static str) -> tokio::task::JoinHandle<String> {
    let mut stream = follow(app).await;
    tokio::spawn(async move {
        let five = Duration::from_secs(5);
        stream
            .until(five, |read| read.contains(text))
            .await
            .to_owned()
    })
}

/// Another server process on the same database: its own pool and desk.
async fn another_process(app: &TestApp) -> firstline_server::desk::Desk {
    firstline_server::desk::Desk::new(
        app.db.second_process().await,
        app.clock.clone(),
        chrono::FixedOffset::east_opt(8 * 3600).unwrap(),
    )
}

/// Writes a note through a second desk service on the same database (what
/// another server process does) and returns how long this process's
/// following client waited for it.
async fn change_through_another_process(app: &TestApp) -> Duration {
    let number = app.register(p0_phone_report()).await;
    // The client reads all along, as a browser does, once its stream is
    // subscribed to the feed.
    let client = reader_until(app, "\"note\"").await;
    let other = another_process(app).await;
    let (ticket, _) = other
        .ticket(&crate::helpers::agent(), number.parse().unwrap())
        .await
        .unwrap();
    let started = std::time::Instant::now();
    other
        .act(
            &crate::helpers::agent(),
            number.parse().unwrap(),
            &serde_json::from_value(json!({
                "version": ticket.version,
                "action": "note",
                "text": "Written by the other process",
            }))
            .unwrap(),
        )
        .await
        .unwrap();
    let text = client.await.expect("the client reads");
    let waited = started.elapsed();
    assert_eq!(entries(&text)[0].1["number"], number.as_str());
    waited
}

#[tokio::test]
async fn people_on_a_ticket_see_who_else_is_there_and_who_is_editing() {
    let app = TestApp::spawn().await;
    let number = app.register(p0_phone_report()).await;
    let say = |presence: &'static str| {
        let number = number.clone();
        let app = &app;
        async move {
            let reply = app
                .call(
                    "/api/ticket/presence",
                    &[("number", number.as_str()), ("presence", presence)],
                )
                .await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
            reply.json()
        }
    };
    assert_eq!(say("viewing").await, json!([]), "alone on the ticket");

    // A second agent follows the desk, then opens the ticket and types.
    app.sign_in_as("li.na", Role::Agent).await;
    let mut body = app.open("/api/v1/events", &[]).await.into_body();
    assert_eq!(
        say("editing").await,
        json!([{"name": "agent", "editing": false}])
    );
    let text = read_until(&mut body, |text| text.contains("event: presence")).await;
    assert!(text.contains(&format!("\"number\":\"{number}\"")), "{text}");

    app.sign_in_as("agent", Role::Agent).await;
    assert_eq!(
        say("viewing").await,
        json!([{"name": "li.na", "editing": true}])
    );
    // Three missed beats, and a visitor has gone.
    app.clock.advance(chrono::TimeDelta::seconds(46));
    assert_eq!(say("viewing").await, json!([]));
    app.sign_in_as("li.na", Role::Agent).await;
    assert_eq!(
        say("left").await,
        json!([{"name": "agent", "editing": false}])
    );
    app.sign_in_as("agent", Role::Agent).await;
    assert_eq!(say("viewing").await, json!([]));

    let unknown = app
        .call(
            "/api/ticket/presence",
            &[("number", "FL-09999"), ("presence", "viewing")],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn on_postgres_presence_changed_in_another_process_reaches_this_ones_clients() {
    let Some(db) = crate::databases::postgres().await else {
        return;
    };
    let app = TestApp::on(db).await;
    let number = app.register(p0_phone_report()).await;
    let client = reader_until(&app, "event: presence").await;
    let other = another_process(&app).await;
    let started = std::time::Instant::now();
    other
        .presence(
            &crate::helpers::agent(),
            number.parse().unwrap(),
            firstline_app::api::Presence::Editing,
        )
        .await
        .unwrap();
    let text = client.await.expect("the client reads");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(text.contains(&format!("\"number\":\"{number}\"")), "{text}");
}
