//! Live fan-out: many clients follow one `firstline` process's event stream
//! while tickets are registered through its JSON API. For each registration
//! the time from sending the request to the entry's arrival is taken at
//! every client; the report gives the median and the 99th percentile over
//! all deliveries, and the server's resident memory with every client
//! connected and at its peak. Everything stays on loopback, and the server
//! is stopped at the end.
//!
//! Run: `cargo bench -p firstline-server --bench live_fanout`
//! (PostgreSQL too when `FIRSTLINE_TEST_POSTGRES` names a server).
//! Knobs: `BENCH_CLIENTS` (default 1000), `BENCH_CHANGES` (20).

mod common;
#[path = "../tests/common/databases.rs"]
mod databases;
#[path = "../tests/common/process.rs"]
mod process;
#[path = "../tests/common/sse.rs"]
mod sse;

use common::{env_or, quantile};
use firstline_app::api::{EVENTS_PATH, Topic};
use process::{ServerProcess, agent_token, register, send};
use sse::EventReader;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Barrier;

const BINARY: &str = env!("CARGO_BIN_EXE_firstline");

#[tokio::main]
async fn main() {
    let clients = env_or("BENCH_CLIENTS", 1000);
    let changes = env_or("BENCH_CHANGES", 20);
    println!("live fan-out: {clients} clients, {changes} changes");
    let sqlite = databases::sqlite().await;
    run("SQLite", sqlite.url(), clients, changes).await;
    if let Some(postgres) = databases::postgres().await {
        run("PostgreSQL", postgres.url(), clients, changes).await;
    }
}

async fn run(backend: &str, url: &str, clients: usize, changes: usize) {
    let token = agent_token(url).await;
    let server = ServerProcess::start(BINARY, url).await;
    let (idle_rss, _) = server.memory_kib();

    // Every client connects and reads its stream until it has seen every
    // change, noting when each ticket's entry arrived.
    let connected = Arc::new(Barrier::new(clients + 1));
    let mut readers = Vec::with_capacity(clients);
    for _ in 0..clients {
        let (token, connected) = (token.clone(), connected.clone());
        let addr = server.addr;
        readers.push(tokio::spawn(async move {
            follow(addr, &token, changes, &connected).await
        }));
    }
    connected.wait().await;
    let (connected_rss, _) = server.memory_kib();

    let mut sent_at = HashMap::new();
    for _ in 0..changes {
        let started = Instant::now();
        sent_at.insert(register(server.addr, &token).await, started);
        tokio::time::sleep(Duration::from_millis(250)).await;
    }

    let mut latencies = Vec::with_capacity(clients * changes);
    for reader in readers {
        for (number, arrived) in reader.await.expect("a client") {
            let started = sent_at[&number];
            latencies.push((arrived - started).as_secs_f64() * 1000.0);
        }
    }
    let (_, peak_rss) = server.memory_kib();
    drop(server);
    assert_eq!(
        latencies.len(),
        clients * changes,
        "every client got every change"
    );
    latencies.sort_by(f64::total_cmp);
    println!(
        "{backend}: {} deliveries; change to delivery p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; \
         server RSS idle {:.1} MiB, {clients} clients connected {:.1} MiB, peak {:.1} MiB",
        latencies.len(),
        quantile(&latencies, 0.5),
        quantile(&latencies, 0.99),
        latencies.last().copied().unwrap_or_default(),
        idle_rss as f64 / 1024.0,
        connected_rss as f64 / 1024.0,
        peak_rss as f64 / 1024.0,
    );
}

/// One client: follows the stream until `changes` entries have arrived,
/// and returns each entry's ticket number with when it arrived.
async fn follow(
    addr: SocketAddr,
    token: &str,
    changes: usize,
    connected: &Barrier,
) -> Vec<(String, Instant)> {
    let response = send(addr, "GET", EVENTS_PATH, token, None).await;
    assert!(response.status().is_success());
    let mut stream = EventReader::new(response.into_body());
    // Subscribed to the feed once its first event has come.
    stream.ready(Duration::from_secs(60)).await;
    connected.wait().await;
    let mut arrivals = Vec::with_capacity(changes);
    while arrivals.len() < changes {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
        let events = stream.read(deadline).await;
        let arrived = Instant::now();
        arrivals.extend(
            events
                .iter()
                .filter(|event| event.name == Topic::Registered.as_str())
                .map(|event| (event.json()["number"].as_str().unwrap().to_owned(), arrived)),
        );
    }
    arrivals
}
