//! The `firstline` binary's data commands, run as a user would run them.

use chrono::FixedOffset;
use firstline_app::domain::{Actor, Caller, DeskId, IntakeDraft, Role, UserId};
use firstline_server::desk::{Desk, SystemClock};
use firstline_server::startup::open_store;
use std::{process::Command, sync::Arc};

fn firstline(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_firstline"))
        .args(args)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .output()
        .expect("the binary runs")
}

/// Registers one ticket in the database at `url`, through the desk service.
async fn seed(url: &str) {
    let store = open_store(url).await.unwrap();
    let desk = Desk::new(
        store.clone(),
        Arc::new(SystemClock),
        FixedOffset::east_opt(0).unwrap(),
    );
    let actor = Actor {
        caller: Caller::User {
            id: UserId(1),
            role: Role::Agent,
        },
        name: "seed".into(),
        desk: DeskId::PRODUCTION,
    };
    let draft = IntakeDraft {
        channel: "email".into(),
        department: "Finance".into(),
        contact: "finance@example.com".into(),
        symptom_steps: "Month-end report times out".into(),
        impact_scope: "Finance only".into(),
        impact: "group".into(),
        urgency: "high".into(),
        ..IntakeDraft::default()
    };
    desk.register(&actor, &draft).await.unwrap();
    store.close().await;
}

#[tokio::test]
async fn export_then_import_moves_a_desk_to_a_new_database() {
    let dir = tempfile::tempdir().unwrap();
    let source = format!("sqlite://{}", dir.path().join("source.db").display());
    seed(&source).await;
    let target = format!("sqlite://{}", dir.path().join("target.db").display());
    let file = dir.path().join("desk.json");
    let file = file.to_str().unwrap();

    let out = firstline(&["export", "--database-url", &source, "--output", file]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let exported: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    assert_eq!(exported["format"], "firstline-dump/1");
    assert_eq!(exported["desks"][0]["name"], "Production");
    assert_eq!(exported["tickets"][0]["number"], "FL-00001");
    assert_eq!(
        exported["events"][0]["event"]["change"]["kind"],
        "registered"
    );

    let out = firstline(&["import", "--database-url", &target, "--input", file]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Exported again, the target holds exactly what the source held.
    let out = firstline(&["export", "--database-url", &target]);
    assert!(out.status.success());
    let again: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("the export goes to stdout, logs elsewhere");
    assert_eq!(again["tickets"], exported["tickets"]);
    assert_eq!(again["events"], exported["events"]);
    assert_eq!(
        again["desks"][0]["next_ticket_seq"],
        exported["desks"][0]["next_ticket_seq"]
    );
}

#[test]
fn import_refuses_input_that_is_not_an_export() {
    let dir = tempfile::tempdir().unwrap();
    let target = format!("sqlite://{}", dir.path().join("t.db").display());
    let file = dir.path().join("other.json");
    std::fs::write(
        &file,
        r#"{"format": "something-else", "desks": [], "tickets": [], "events": []}"#,
    )
    .unwrap();
    let out = firstline(&[
        "import",
        "--database-url",
        &target,
        "--input",
        file.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("firstline-dump/1"));
}

#[test]
fn admin_create_makes_an_administrator_once_and_checks_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("desk.db").display());
    let create = |login: &str, password: &str| {
        Command::new(env!("CARGO_BIN_EXE_firstline"))
            .args(["admin", "create", "--database-url", &url, "--login", login])
            .env("FIRSTLINE_ADMIN_PASSWORD", password)
            .env("RUST_LOG", "warn")
            .output()
            .expect("the binary runs")
    };
    let out = create("boss", "a long enough password");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("Created administrator boss"));

    let again = create("boss", "a long enough password");
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("login"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );

    let short = create("other", "short");
    assert!(!short.status.success());
    assert!(
        String::from_utf8_lossy(&short.stderr).contains("password"),
        "{}",
        String::from_utf8_lossy(&short.stderr)
    );
}

#[test]
fn admin_create_reads_the_password_from_standard_input() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("desk.db").display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_firstline"))
        .args(["admin", "create", "--database-url", &url])
        .env_remove("FIRSTLINE_ADMIN_PASSWORD")
        .env("RUST_LOG", "warn")
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"typed at the prompt\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
