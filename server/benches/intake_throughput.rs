//! Ticket registration throughput: through the desk service (validation,
//! judgement, the ticket row, the "registered" event, one transaction)
//! against a raw single-row INSERT of the same data, on the same database
//! with the same durability settings. Both backends in one run.
//!
//! Run: `cargo bench -p firstline-server --bench intake_throughput`
//! (PostgreSQL too when `FIRSTLINE_TEST_POSTGRES` names a server).
//! Knobs: `BENCH_ROUNDS` (default 7), `BENCH_OPS` per round and side (300).

mod common;
#[path = "../tests/common/databases.rs"]
mod databases;

use chrono::{DateTime, TimeDelta, Utc};
use common::{desk_and_agent, env_or, median};
use databases::TestDb;
use firstline_app::domain::IntakeDraft;
use firstline_server::store::{PostgresStore, SqliteStore};
use std::time::Instant;

/// The raw side: one INSERT of the same row, in autocommit.
#[derive(Clone, Copy)]
enum Raw<'a> {
    Sqlite(&'a SqliteStore),
    Postgres(&'a PostgresStore),
}

const COLUMNS: &str = "desk_id, seq, version, reported_at, channel, department, contact, symptom_steps, \
    error_text, impact_scope, impact, urgency, priority, urgent, policy_version, stage, next_clock, \
    next_due_at, next_warning_at, next_remaining, sla_check_at, registered_at, registered_by, updated_at, \
    reporter_email, reporter_language";

impl Raw<'_> {
    async fn insert(self, seq: i64, now: DateTime<Utc>) {
        // The response clock as the service records it: due in 30 min,
        // warning at 80 %, when the scheduler looks again.
        let due = now + TimeDelta::minutes(30);
        let warn = now + TimeDelta::minutes(24);
        let d = draft();
        match self {
            Raw::Sqlite(store) => {
                let sql = format!(
                    "INSERT INTO tickets ({COLUMNS}) VALUES (1, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'P0', 1, 1, 'intake', 'response', ?, ?, 1800, ?, ?, 'bench', ?, ?, ?)"
                );
                sqlx::query(&sql)
                    .bind(seq)
                    .bind(now.timestamp_millis())
                    .bind(&d.channel)
                    .bind(&d.department)
                    .bind(&d.contact)
                    .bind(&d.symptom_steps)
                    .bind(&d.error_text)
                    .bind(&d.impact_scope)
                    .bind(&d.impact)
                    .bind(&d.urgency)
                    .bind(due.timestamp_millis())
                    .bind(warn.timestamp_millis())
                    .bind(warn.timestamp_millis())
                    .bind(now.timestamp_millis())
                    .bind(now.timestamp_millis())
                    .bind(&d.reporter_email)
                    .bind(&d.reporter_language)
                    .execute(store.pool())
                    .await
                    .expect("raw insert");
            }
            Raw::Postgres(store) => {
                let sql = format!(
                    "INSERT INTO tickets ({COLUMNS}) VALUES (1, $1, 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'P0', true, 1, 'intake', 'response', $11, $12, 1800, $13, $14, 'bench', $15, $16, $17)"
                );
                sqlx::query(&sql)
                    .bind(seq)
                    .bind(now)
                    .bind(&d.channel)
                    .bind(&d.department)
                    .bind(&d.contact)
                    .bind(&d.symptom_steps)
                    .bind(&d.error_text)
                    .bind(&d.impact_scope)
                    .bind(&d.impact)
                    .bind(&d.urgency)
                    .bind(due)
                    .bind(warn)
                    .bind(warn)
                    .bind(now)
                    .bind(now)
                    .bind(&d.reporter_email)
                    .bind(&d.reporter_language)
                    .execute(store.pool())
                    .await
                    .expect("raw insert");
            }
        }
    }
}

fn draft() -> IntakeDraft {
    IntakeDraft {
        reported_at: String::new(),
        channel: "phone".into(),
        department: "Finance".into(),
        contact: "Li Wei, ext. 602155".into(),
        symptom_steps: "Open the payment page and press Submit".into(),
        error_text: "HTTP 502 Bad Gateway".into(),
        impact_scope: "No user can pay".into(),
        impact: "widespread".into(),
        urgency: "critical".into(),
        urgent: String::new(),
        reporter_email: "li.wei@example.com".into(),
        reporter_language: "zh-CN".into(),
    }
}

/// Runs the rounds on one backend and prints its row.
async fn measure(name: &str, db: &TestDb, raw: Raw<'_>) {
    let (rounds, ops) = (env_or("BENCH_ROUNDS", 7), env_or("BENCH_OPS", 300));
    let (desk, actor) = desk_and_agent(db.store.clone());
    let d = draft();
    // Raw rows take sequence numbers far above the service's.
    let mut raw_seq = 1_000_000_i64;
    // One warm-up round each, not counted.
    for _ in 0..ops / 10 {
        desk.register(&actor, &d).await.expect("register");
        raw_seq += 1;
        raw.insert(raw_seq, Utc::now()).await;
    }
    let (mut service, mut direct, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        let start = Instant::now();
        for _ in 0..ops {
            desk.register(&actor, &d).await.expect("register");
        }
        let service_rate = ops as f64 / start.elapsed().as_secs_f64();
        let start = Instant::now();
        for _ in 0..ops {
            raw_seq += 1;
            raw.insert(raw_seq, Utc::now()).await;
        }
        let raw_rate = ops as f64 / start.elapsed().as_secs_f64();
        service.push(service_rate);
        direct.push(raw_rate);
        ratios.push(service_rate / raw_rate);
    }
    println!(
        "| {name} | {:.0} | {:.0} | {:.2} | {rounds} × {ops} |",
        median(&mut service),
        median(&mut direct),
        median(&mut ratios)
    );
}

#[tokio::main]
async fn main() {
    println!(
        "| backend | service registrations/s (median) | raw inserts/s (median) | ratio (median of rounds) | rounds × ops |"
    );
    println!("|---|---|---|---|---|");
    let sqlite = databases::sqlite().await;
    let sqlite_store = sqlite.sqlite_store().expect("a SQLite database");
    measure(
        "SQLite (WAL, synchronous=FULL)",
        &sqlite,
        Raw::Sqlite(&sqlite_store),
    )
    .await;
    match databases::postgres().await {
        Some(pg) => {
            let pg_store = pg.postgres_store().expect("a PostgreSQL database");
            measure(
                "PostgreSQL (synchronous_commit=on)",
                &pg,
                Raw::Postgres(&pg_store),
            )
            .await;
        }
        None => println!("| PostgreSQL | not run: set FIRSTLINE_TEST_POSTGRES | | | |"),
    }
}
