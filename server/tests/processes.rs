//! Two `firstline` processes on one PostgreSQL database: what one writes
//! reaches the live clients of the other at once (the log's LISTEN/NOTIFY),
//! and a client that reconnects to the other process misses nothing.

#[path = "common/databases.rs"]
mod databases;
#[path = "common/process.rs"]
mod process;

use http_body_util::BodyExt as _;
use hyper::StatusCode;
use hyper::body::Incoming;
use process::{ServerProcess, agent_token, json, p0_report, send};
use serde_json::Value;
use std::time::{Duration, Instant};

const BINARY: &str = env!("CARGO_BIN_EXE_firstline");

/// Reads a stream until `count` entries have arrived; their data as JSON.
async fn entries(body: &mut Incoming, count: usize, within: Duration) -> Vec<Value> {
    let mut text = String::new();
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let seen: Vec<Value> = text
            .split("\n\n")
            .filter(|block| !block.contains("event: ready"))
            .filter_map(|block| block.lines().find_map(|l| l.strip_prefix("data: ")))
            .filter_map(|data| serde_json::from_str(data).ok())
            .collect();
        if seen.len() >= count {
            return seen;
        }
        let frame = tokio::time::timeout_at(deadline, body.frame())
            .await
            .unwrap_or_else(|_| panic!("{count} entries within {within:?}; so far: {text}"))
            .expect("the stream stays open")
            .expect("a frame");
        if let Ok(data) = frame.into_data() {
            text.push_str(&String::from_utf8_lossy(&data));
        }
    }
}

#[tokio::test]
async fn two_processes_on_postgres_see_each_others_changes_live() {
    let Some(db) = databases::postgres().await else {
        return;
    };
    let url = db.url().to_owned();
    let token = agent_token(&url).await;
    let a = ServerProcess::start(BINARY, &url).await;
    let b = ServerProcess::start(BINARY, &url).await;

    // A client of B follows the desk and reads all along.
    let follow = send(b.addr, "GET", "/api/v1/events", &token, None).await;
    assert_eq!(follow.status(), StatusCode::OK);
    let mut body = follow.into_body();
    let reader = tokio::spawn(async move {
        let seen = entries(&mut body, 3, Duration::from_secs(20)).await;
        (seen, Instant::now(), body)
    });
    // Let B's feed settle into waiting for announcements.
    tokio::time::sleep(Duration::from_millis(500)).await;

    // Three changes through A.
    let started = Instant::now();
    let draft = p0_report();
    let mut numbers = Vec::new();
    for _ in 0..3 {
        let (status, ticket) = json(
            a.addr,
            "POST",
            "/api/v1/tickets",
            &token,
            Some(draft.clone()),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{ticket}");
        numbers.push(ticket["number"].as_str().unwrap().to_owned());
    }
    let (seen, arrived, body) = reader.await.unwrap();
    let got: Vec<&str> = seen.iter().map(|e| e["number"].as_str().unwrap()).collect();
    assert_eq!(got, numbers);
    // B polls its log only every 5 s when PostgreSQL announces writes.
    assert!(
        arrived - started < Duration::from_secs(3),
        "announced, not polled: {:?}",
        arrived - started
    );

    // The client drops its connection, A writes meanwhile, and the client
    // reconnects to A from the last entry it saw: nothing is missed.
    let last = seen.last().unwrap()["id"].as_i64().unwrap().to_string();
    drop(body);
    let (status, _) = json(a.addr, "POST", "/api/v1/tickets", &token, Some(draft)).await;
    assert_eq!(status, StatusCode::CREATED);
    let resumed = send(
        a.addr,
        "GET",
        &format!("/api/v1/events?after={last}&follow=false"),
        &token,
        None,
    )
    .await;
    let bytes = resumed.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes);
    assert_eq!(text.matches("event: registered").count(), 1, "{text}");
    assert!(text.contains("FL-00004"));
}
