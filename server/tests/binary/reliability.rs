//! The reliability suite: real `firstline` processes under write load,
//! killed with SIGKILL again and again, and pairs of concurrent changes to
//! one ticket. Nothing acknowledged may be lost, no database may be left
//! damaged, and no update may be lost.
//!
//! CI runs the short form with every test run. The long form, whose
//! figures BENCHMARKS.md records, is `scripts/reliability.sh`; its knobs are
//! `RELIABILITY_CYCLES` (kill cycles per backend, default 2) and
//! `RELIABILITY_ROUNDS` (concurrent pairs per backend, default 20).

use crate::process::{ServerProcess, agent_token, json, p0_report, try_json};
use firstline_app::domain::{DeskId, TicketNumber};
use firstline_server::store::{Database, SqliteStore};
use hyper::StatusCode;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::BINARY;

/// A knob of the suite.
fn knob(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Registers tickets from `writers` clients until told to stop; every number
/// the server acknowledged (201) is noted. A request that fails because the
/// server died is not acknowledged, and not noted.
fn write_load(
    addr: SocketAddr,
    token: &str,
    writers: usize,
    acknowledged: &Arc<Mutex<Vec<String>>>,
    stop: &Arc<AtomicBool>,
) -> Vec<tokio::task::JoinHandle<()>> {
    (0..writers)
        .map(|_| {
            let (acknowledged, stop, token) =
                (acknowledged.clone(), stop.clone(), token.to_owned());
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    let Some((status, ticket)) = try_register(addr, &token).await else {
                        return;
                    };
                    if status == StatusCode::CREATED {
                        let number = ticket["number"].as_str().unwrap().to_owned();
                        acknowledged.lock().unwrap().push(number);
                    }
                }
            })
        })
        .collect()
}

/// One registration; `None` when the connection failed (the server died).
async fn try_register(addr: SocketAddr, token: &str) -> Option<(StatusCode, serde_json::Value)> {
    try_json(addr, "POST", "/api/v1/tickets", token, Some(p0_report()))
        .await
        .ok()
}

/// Kill cycles on one database: each cycle starts a server, loads it with
/// writes, kills it with SIGKILL mid-write, and checks that every
/// acknowledged ticket is in the database and the database is sound.
async fn kill_cycles(backend: &str, url: &str, cycles: usize, sqlite_file: Option<&str>) {
    let token = agent_token(url).await;
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    for cycle in 0..cycles {
        let mut server = ServerProcess::start(BINARY, url).await;
        let stop = Arc::new(AtomicBool::new(false));
        let writers = write_load(server.addr, &token, 4, &acknowledged, &stop);
        let target = acknowledged.lock().unwrap().len() + 50 + 37 * (cycle % 3);
        while acknowledged.lock().unwrap().len() < target {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        server.kill();
        stop.store(true, Ordering::Relaxed);
        for writer in writers {
            let _ = writer.await;
        }
    }
    let store = firstline_server::startup::open_store(url).await.unwrap();
    let acknowledged = acknowledged.lock().unwrap().clone();
    let mut lost = Vec::new();
    for number in &acknowledged {
        let parsed: TicketNumber = number.parse().unwrap();
        if store
            .ticket(DeskId::PRODUCTION, parsed)
            .await
            .unwrap()
            .is_none()
        {
            lost.push(number.clone());
        }
    }
    store.close().await;
    if let Some(file) = sqlite_file {
        let checked = SqliteStore::connect(&format!("sqlite://{file}"))
            .await
            .unwrap();
        let verdict: (String,) = sqlx::query_as("PRAGMA integrity_check")
            .fetch_one(checked.pool())
            .await
            .unwrap();
        assert_eq!(
            verdict.0, "ok",
            "the database is sound after {cycles} kills"
        );
        Database::close(&checked).await;
    }
    println!(
        "reliability: {backend}: {cycles} kill -9 cycles under 4 writers, {} acknowledged, {} lost",
        acknowledged.len(),
        lost.len()
    );
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_loses_no_acknowledged_ticket_to_kill_9_under_load() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("firstline.db").display().to_string();
    let url = format!("sqlite://{file}");
    kill_cycles("SQLite", &url, knob("RELIABILITY_CYCLES", 2), Some(&file)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_loses_no_acknowledged_ticket_to_kill_9_under_load() {
    let Some(db) = crate::databases::postgres().await else {
        return;
    };
    kill_cycles("PostgreSQL", db.url(), knob("RELIABILITY_CYCLES", 2), None).await;
}

/// Rounds of two changes to one ticket at once, made against the same
/// version, through `a` and `b` (one process, or two on one database):
/// exactly one wins, the other is refused as a conflict, and the log grows
/// by exactly the winner's entry.
async fn concurrent_pairs(backend: &str, url: &str, two_processes: bool) {
    let rounds = knob("RELIABILITY_ROUNDS", 20);
    let token = agent_token(url).await;
    let a = ServerProcess::start(BINARY, url).await;
    let b = if two_processes {
        Some(ServerProcess::start(BINARY, url).await)
    } else {
        None
    };
    let second = b.as_ref().map_or(a.addr, |b| b.addr);
    let (status, ticket) = json(a.addr, "POST", "/api/v1/tickets", &token, Some(p0_report())).await;
    assert_eq!(status, StatusCode::CREATED);
    let number = ticket["number"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/tickets/{number}/actions");
    let mut version = ticket["version"].as_i64().unwrap();
    let mut lost = 0;
    for round in 0..rounds {
        let change =
            |text: String| serde_json::json!({"version": version, "action": "note", "text": text});
        let (one, other) = tokio::join!(
            json(
                a.addr,
                "POST",
                &path,
                &token,
                Some(change(format!("a {round}")))
            ),
            json(
                second,
                "POST",
                &path,
                &token,
                Some(change(format!("b {round}")))
            ),
        );
        let mut statuses = [one.0.as_u16(), other.0.as_u16()];
        statuses.sort();
        assert_eq!(statuses, [200, 409], "round {round}: {one:?} {other:?}");
        let (_, view) = json(
            a.addr,
            "GET",
            &format!("/api/v1/tickets/{number}"),
            &token,
            None,
        )
        .await;
        let now = view["ticket"]["version"].as_i64().unwrap();
        if now != version + 1 || view["events"].as_array().unwrap().len() as i64 != now {
            lost += 1;
        }
        version = now;
    }
    println!(
        "reliability: {backend}{}: {rounds} rounds of two concurrent changes, {lost} lost updates",
        if two_processes {
            " (two processes)"
        } else {
            ""
        }
    );
    assert_eq!(lost, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn on_sqlite_two_concurrent_changes_give_one_winner_and_one_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("firstline.db").display());
    concurrent_pairs("SQLite", &url, false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn on_postgres_two_processes_changing_one_ticket_lose_no_update() {
    let Some(db) = crate::databases::postgres().await else {
        return;
    };
    concurrent_pairs("PostgreSQL", db.url(), true).await;
}
