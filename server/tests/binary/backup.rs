//! Backups: a SQLite desk is copied while it serves under write load, the
//! copy is restored into a new directory, and every ticket acknowledged
//! before the backup began is there. A PostgreSQL desk goes through
//! `pg_dump` and `pg_restore` the way the README says.

use crate::process::{ServerProcess, agent_token, register};
use firstline_app::domain::{DeskId, TicketNumber};
use firstline_server::store::{Database, SqliteStore, TicketStore};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::BINARY;

/// Runs `firstline restore` of `input` into a new data directory.
async fn restore(input: &std::path::Path, data_dir: &std::path::Path) -> std::process::Output {
    firstline(vec![
        "restore".into(),
        "--input".into(),
        input.display().to_string(),
        "--data-dir".into(),
        data_dir.display().to_string(),
    ])
    .await
}

/// Runs `firstline` with these arguments to its end.
async fn firstline(args: Vec<String>) -> std::process::Output {
    tokio::task::spawn_blocking(move || {
        std::process::Command::new(BINARY)
            .args(&args)
            .env("RUST_LOG", "warn")
            .output()
            .expect("firstline runs")
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_desk_backed_up_under_load_restores_every_acknowledged_ticket() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("firstline.db").display());
    let token = agent_token(&url).await;
    let server = ServerProcess::start(BINARY, &url).await;

    // A writer registers tickets all along and notes each acknowledged one.
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (acknowledged, stop, token, addr) = (
            acknowledged.clone(),
            stop.clone(),
            token.clone(),
            server.addr,
        );
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let number = register(addr, &token).await;
                acknowledged.lock().unwrap().push(number);
            }
        })
    };
    while acknowledged.lock().unwrap().len() < 30 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    let before = acknowledged.lock().unwrap().clone();
    let copy = dir.path().join("backup.db");
    let backed_up = firstline(vec![
        "backup".into(),
        "--database-url".into(),
        url.clone(),
        "--output".into(),
        copy.display().to_string(),
    ])
    .await;
    assert!(backed_up.status.success(), "{backed_up:?}");
    // Writes went on while the copy was made.
    let during = acknowledged.lock().unwrap().len();
    stop.store(true, Ordering::Relaxed);
    writer.await.unwrap();
    drop(server);

    let restored_dir = dir.path().join("restored");
    let restored = restore(&copy, &restored_dir).await;
    assert!(restored.status.success(), "{restored:?}");
    let store = SqliteStore::connect(&format!(
        "sqlite://{}",
        restored_dir.join("firstline.db").display()
    ))
    .await
    .unwrap();
    for number in &before {
        let number: TicketNumber = number.parse().unwrap();
        assert!(
            store
                .ticket(DeskId::PRODUCTION, number)
                .await
                .unwrap()
                .is_some(),
            "{number} was acknowledged before the backup began"
        );
    }
    assert!(during >= before.len());
    Database::close(&store).await;

    // A restore never overwrites a database.
    let again = restore(&copy, &restored_dir).await;
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
}

#[tokio::test]
async fn a_backup_of_something_that_is_not_a_desk_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let bogus = dir.path().join("bogus.db");
    std::fs::write(&bogus, b"not a database at all").unwrap();
    let restored = restore(&bogus, &dir.path().join("new")).await;
    assert!(!restored.status.success());
    assert!(!dir.path().join("new").join("firstline.db").exists());
}

#[tokio::test]
async fn a_postgres_desk_restores_from_pg_dump_into_an_empty_database() {
    let Some(db) = crate::databases::postgres().await else {
        return;
    };
    let token = agent_token(db.url()).await;
    let server = ServerProcess::start(BINARY, db.url()).await;
    let mut numbers = Vec::new();
    for _ in 0..5 {
        numbers.push(register(server.addr, &token).await);
    }
    drop(server);
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("desk.dump");
    let dumped = std::process::Command::new("pg_dump")
        .args(["--format=custom", "--no-owner", "--file"])
        .arg(&dump)
        .arg(db.url())
        .output()
        .expect("pg_dump runs");
    assert!(dumped.status.success(), "{dumped:?}");

    let empty = crate::databases::empty_postgres()
        .await
        .expect("a second database");
    let restored = std::process::Command::new("pg_restore")
        .args(["--no-owner", "--exit-on-error", "--dbname"])
        .arg(empty.url())
        .arg(&dump)
        .output()
        .expect("pg_restore runs");
    assert!(restored.status.success(), "{restored:?}");
    let store = firstline_server::store::PostgresStore::connect(empty.url())
        .await
        .expect("the restored database opens and migrates");
    for number in &numbers {
        let number: TicketNumber = number.parse().unwrap();
        assert!(
            store
                .ticket(DeskId::PRODUCTION, number)
                .await
                .unwrap()
                .is_some()
        );
    }
    Database::close(&store).await;
}
