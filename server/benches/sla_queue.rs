//! The SLA at scale: evaluating every clock of 100k open tickets with the
//! engine the browser and the scheduler share, and the queue query (the
//! most urgent page, nearest due time first) over 100k open tickets on both
//! backends.
//!
//! Run: `cargo bench -p firstline-server --bench sla_queue`
//! (PostgreSQL too when `FIRSTLINE_TEST_POSTGRES` names a server).
//! Knobs: `BENCH_TICKETS` (default 100000), `BENCH_ROUNDS` (7) for the
//! engine, `BENCH_QUERIES` (1000) per queue measurement.

mod common;
#[path = "../tests/common/databases.rs"]
mod databases;

use chrono::{DateTime, NaiveTime, TimeDelta, Utc};
use common::{desk_and_agent, env_or, median, quantile};
use databases::TestDb;
use firstline_app::api::QueueLimit;
use firstline_app::domain::sla::{
    BusinessCalendar, Policies, SlaEvent, SlaEventKind, Week, evaluate,
};
use firstline_app::domain::{DeskId, Priority, SlaPolicy, Stage};
use std::time::Instant;

/// The event log of open ticket `i`: a mix of the stages an open desk holds.
fn ticket_events(i: usize, now: DateTime<Utc>) -> Vec<SlaEvent> {
    let priority = Priority::ALL[i % 4];
    let registered = now - TimeDelta::minutes((i % 600) as i64);
    let at = |minutes: i64| registered + TimeDelta::minutes(minutes);
    let mut events = vec![SlaEvent {
        at: registered,
        kind: SlaEventKind::Registered { priority },
    }];
    let mut push = |minutes, kind| {
        events.push(SlaEvent {
            at: at(minutes),
            kind,
        })
    };
    match i % 5 {
        // Just registered: only the response clock (and workaround) run.
        0 => {}
        // Answered, with progress updates.
        1 => {
            push(5, SlaEventKind::FirstResponse);
            push(30, SlaEventKind::ProgressUpdate);
        }
        // Waiting on the reporter: clocks paused.
        2 => {
            push(5, SlaEventKind::FirstResponse);
            push(10, SlaEventKind::WaitingOnReporter);
        }
        // Deep troubleshooting: the escalation clock runs.
        3 => {
            push(5, SlaEventKind::FirstResponse);
            push(
                8,
                SlaEventKind::StageChanged {
                    stage: Stage::DeepTroubleshooting,
                },
            );
            push(20, SlaEventKind::WaitingOnReporter);
            push(25, SlaEventKind::ReporterReplied);
        }
        // Reclassified and worked around.
        _ => {
            push(
                3,
                SlaEventKind::PriorityChanged {
                    priority: Priority::ALL[(i / 5) % 4],
                },
            );
            push(6, SlaEventKind::FirstResponse);
            push(40, SlaEventKind::WorkaroundApplied);
        }
    }
    events.retain(|e| e.at <= now);
    events
}

/// Evaluates every ticket's clocks once per round; prints the median.
fn engine(name: &str, policy: &SlaPolicy, logs: &[Vec<SlaEvent>], now: DateTime<Utc>) {
    let rounds = env_or("BENCH_ROUNDS", 7);
    let policies = Policies::single(policy);
    let mut totals = Vec::new();
    let mut clocks = 0;
    for _ in 0..rounds {
        let start = Instant::now();
        clocks = 0;
        for log in logs {
            clocks += std::hint::black_box(evaluate(&policies, log, now))
                .clocks
                .len();
        }
        totals.push(start.elapsed().as_secs_f64() * 1e3);
    }
    let median = median(&mut totals);
    println!(
        "| {name} | {} | {clocks} | {median:.0} ms | {:.2} µs | {rounds} |",
        logs.len(),
        median * 1e3 / logs.len() as f64
    );
}

/// Fills the production desk with `open` open tickets and `open / 5` closed
/// ones, straight in SQL: their due times spread from 4 h overdue to 44 h
/// ahead, and one in ten has no clock running (every clock met).
async fn populate(db: &TestDb, open: usize, now: DateTime<Utc>) {
    let total = open + open / 5;
    let shared = "desk_id, seq, version, reported_at, channel, department, contact, symptom_steps, \
        impact_scope, impact, urgency, priority, urgent, policy_version, stage, next_clock, next_due_at, \
        next_remaining, sla_check_at, registered_at, registered_by, updated_at";
    if let Some(store) = db.sqlite_store() {
        let ms = now.timestamp_millis();
        let sql = format!(
            "INSERT INTO tickets ({shared}) \
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {total}) \
             SELECT 1, i, 1, {ms} - (i % 600) * 60000, 'phone', 'Finance', 'ext. 602155', 'Payment fails', \
               'No user can pay', 'widespread', 'critical', 'P0', 0, 1, \
               CASE WHEN i > {open} THEN 'closed' WHEN i % 10 = 0 THEN 'handling' ELSE 'first_diagnosis' END, \
               CASE WHEN i % 10 = 0 OR i > {open} THEN NULL ELSE 'response' END, \
               CASE WHEN i % 10 = 0 OR i > {open} THEN NULL ELSE {ms} + ((i * 7919) % 2880 - 240) * 60000 END, \
               CASE WHEN i % 10 = 0 OR i > {open} THEN NULL ELSE ((i * 7919) % 2880 - 240) * 60 END, \
               NULL, {ms}, 'bench', {ms} FROM n"
        );
        sqlx::query(&sql)
            .execute(store.pool())
            .await
            .expect("populate");
        sqlx::query("ANALYZE")
            .execute(store.pool())
            .await
            .expect("analyze");
    } else if let Some(store) = db.postgres_store() {
        let sql = format!(
            "INSERT INTO tickets ({shared}) \
             SELECT 1, i, 1, $1 - (i % 600) * interval '1 minute', 'phone', 'Finance', 'ext. 602155', \
               'Payment fails', 'No user can pay', 'widespread', 'critical', 'P0', false, 1, \
               CASE WHEN i > {open} THEN 'closed' WHEN i % 10 = 0 THEN 'handling' ELSE 'first_diagnosis' END, \
               CASE WHEN i % 10 = 0 OR i > {open} THEN NULL ELSE 'response' END, \
               CASE WHEN i % 10 = 0 OR i > {open} THEN NULL \
                 ELSE $1 + ((i::bigint * 7919) % 2880 - 240) * interval '1 minute' END, \
               CASE WHEN i % 10 = 0 OR i > {open} THEN NULL ELSE ((i::bigint * 7919) % 2880 - 240) * 60 END, \
               NULL, $1, 'bench', $1 FROM generate_series(1, {total}) AS i"
        );
        sqlx::query(&sql)
            .bind(now)
            .execute(store.pool())
            .await
            .expect("populate");
        sqlx::query("ANALYZE tickets")
            .execute(store.pool())
            .await
            .expect("analyze");
    }
}

/// Times `queries` calls of one queue read; prints p50 and p99.
async fn time_queue<F, Fut>(name: &str, what: &str, queries: usize, mut read: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = usize>,
{
    for _ in 0..queries / 10 {
        read().await;
    }
    let mut samples = Vec::with_capacity(queries);
    let mut rows = 0;
    for _ in 0..queries {
        let start = Instant::now();
        rows = read().await;
        samples.push(start.elapsed().as_secs_f64() * 1e3);
    }
    samples.sort_by(f64::total_cmp);
    println!(
        "| {name} | {what} | {rows} | {:.2} ms | {:.2} ms | {queries} |",
        quantile(&samples, 0.5),
        quantile(&samples, 0.99)
    );
}

async fn queue(name: &str, db: &TestDb, open: usize, now: DateTime<Utc>) {
    let queries = env_or("BENCH_QUERIES", 1000);
    populate(db, open, now).await;
    let (desk, actor) = desk_and_agent(db.store.clone());
    let store = db.store.clone();
    time_queue(name, "top 50 (store query)", queries, || {
        let store = store.clone();
        async move {
            let page = store
                .open_tickets(DeskId::PRODUCTION, 50)
                .await
                .expect("page");
            page.len()
        }
    })
    .await;
    let limit = QueueLimit::parse("50").expect("a limit");
    time_queue(
        name,
        "top 50 (desk service, as the queue page)",
        queries,
        || {
            let (desk, actor) = (&desk, &actor);
            async move {
                let view = desk.queue(actor, limit).await.expect("queue");
                assert!(view.more, "more than 50 are open");
                view.rows.len()
            }
        },
    )
    .await;
}

#[tokio::main]
async fn main() {
    let tickets = env_or("BENCH_TICKETS", 100_000);
    let now = Utc::now();

    println!("### Evaluating every clock of {tickets} open tickets\n");
    println!("| policy | tickets | clocks | all tickets (median) | per ticket | rounds |");
    println!("|---|---|---|---|---|---|");
    let logs: Vec<_> = (0..tickets).map(|i| ticket_events(i, now)).collect();
    let around_the_clock = SlaPolicy::default();
    engine("24×7 (default)", &around_the_clock, &logs, now);
    let mut office = SlaPolicy::default();
    let calendar = BusinessCalendar {
        time_zone: "Europe/Berlin".into(),
        week: Week::weekdays(
            NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
        ),
        holidays: Vec::new(),
    };
    office.calendars = std::array::from_fn(|_| Some(calendar.clone()));
    engine(
        "Europe/Berlin 9–17 on weekdays, every priority",
        &office,
        &logs,
        now,
    );

    println!("\n### The queue: the most urgent page of {tickets} open tickets\n");
    println!("| backend | read | rows | p50 | p99 | queries |");
    println!("|---|---|---|---|---|---|");
    let sqlite = databases::sqlite().await;
    queue("SQLite", &sqlite, tickets, now).await;
    match databases::postgres().await {
        Some(pg) => queue("PostgreSQL", &pg, tickets, now).await,
        None => println!("| PostgreSQL | not run: set FIRSTLINE_TEST_POSTGRES | | | | |"),
    }
}
