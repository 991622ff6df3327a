//! Two `firstline` processes on one PostgreSQL database: what one writes
//! reaches the live clients of the other at once (the log's LISTEN/NOTIFY),
//! and a client that reconnects to the other process misses nothing.

use crate::process::{ServerProcess, agent_token, json, p0_report, register, send};
use crate::sse::EventReader;
use firstline_app::api::EVENTS_PATH;
use http_body_util::BodyExt as _;
use hyper::StatusCode;
use std::time::{Duration, Instant};

use crate::BINARY;

#[tokio::test]
async fn two_processes_on_postgres_see_each_others_changes_live() {
    let Some(db) = crate::databases::postgres().await else {
        return;
    };
    let url = db.url().to_owned();
    let token = agent_token(&url).await;
    let a = ServerProcess::start(BINARY, &url).await;
    let b = ServerProcess::start(BINARY, &url).await;

    // A client of B follows the desk and reads all along, once its stream
    // is subscribed to B's feed.
    let follow = send(b.addr, "GET", EVENTS_PATH, &token, None).await;
    assert_eq!(follow.status(), StatusCode::OK);
    let mut stream = EventReader::new(follow.into_body());
    stream.ready(Duration::from_secs(20)).await;
    let reader = tokio::spawn(async move {
        let seen = stream
            .events("registered", 3, Duration::from_secs(20))
            .await;
        (seen, Instant::now(), stream.into_body())
    });

    // Three changes through A.
    let started = Instant::now();
    let mut numbers = Vec::new();
    for _ in 0..3 {
        numbers.push(register(a.addr, &token).await);
    }
    let (seen, arrived, body) = reader.await.unwrap();
    let seen: Vec<_> = seen.iter().map(|e| e.json()).collect();
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
    register(a.addr, &token).await;
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

#[tokio::test]
async fn one_process_sweeps_and_another_takes_over_within_seconds_when_it_is_killed() {
    let Some(db) = crate::databases::postgres().await else {
        return;
    };
    let url = db.url().to_owned();
    let token = agent_token(&url).await;
    let site = std::env::temp_dir();
    let env = [("FIRSTLINE_SLA_INTERVAL", "1"), ("RUST_LOG", "info")];
    let mut a = ServerProcess::start_with(BINARY, &url, &site, &env).await;
    a.logged("took the SLA sweep lease", Duration::from_secs(10))
        .await;
    let b = ServerProcess::start_with(BINARY, &url, &site, &env).await;
    b.logged("held by another process", Duration::from_secs(10))
        .await;
    assert!(!b.log().contains("took the SLA sweep lease"), "{}", b.log());

    a.kill();
    let killed = Instant::now();
    b.logged("took the SLA sweep lease", Duration::from_secs(10))
        .await;
    assert!(
        killed.elapsed() < Duration::from_secs(5),
        "{:?}",
        killed.elapsed()
    );

    // B now records crossings: a P0 reported 30 minutes ago breaches at once.
    let mut report = p0_report();
    let reported = chrono::Utc::now() - chrono::TimeDelta::minutes(31);
    report["reported_at"] = reported.to_rfc3339().into();
    let (status, ticket) = json(b.addr, "POST", "/api/v1/tickets", &token, Some(report)).await;
    assert_eq!(status, StatusCode::CREATED, "{ticket}");
    let number = ticket["number"].as_str().unwrap().to_owned();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let path = format!("/api/v1/tickets/{number}");
        let (_, view) = json(b.addr, "GET", &path, &token, None).await;
        let breached = view["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["change"]["kind"] == "clock_breached");
        if breached {
            break;
        }
        assert!(Instant::now() < deadline, "a breach recorded: {view}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
