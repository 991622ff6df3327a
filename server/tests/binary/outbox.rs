//! The outbox survives a kill -9 (R12): a message committed with its
//! change, whose process died while sending it, goes out once after
//! another process starts.

use crate::BINARY;
use crate::process::{ServerProcess, agent_token, json, p0_report};
use crate::smtp::SmtpSink;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r12_a_message_caught_by_a_kill_9_mid_send_goes_out_once_after_restart() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("firstline.db").display());
    let token = agent_token(&url).await;
    let site = std::env::temp_dir();

    // The first process's mail server greets and then says nothing: the
    // process is killed in the middle of sending.
    let hanging = SmtpSink::start().await;
    hanging.hang();
    let hanging_url = hanging.url();
    let mail = |smtp: &str| {
        vec![
            ("FIRSTLINE_SMTP_URL", smtp.to_owned()),
            ("FIRSTLINE_MAIL_LEASE", "2".to_owned()),
            ("FIRSTLINE_PUBLIC_URL", "https://desk.example".to_owned()),
        ]
    };
    let env = mail(&hanging_url);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut first = ServerProcess::start_with(BINARY, &url, &site, &env).await;
    let mut report = p0_report();
    report["reporter_email"] = "li.wei@example.com".into();
    let (status, ticket) = json(first.addr, "POST", "/api/v1/tickets", &token, Some(report)).await;
    assert_eq!(status, hyper::StatusCode::CREATED, "{ticket}");
    let number = ticket["number"].as_str().unwrap().to_owned();
    let action =
        serde_json::json!({"version": 1, "action": "first_response", "message": "We are on it"});
    let path = format!("/api/v1/tickets/{number}/actions");
    let (status, body) = json(first.addr, "POST", &path, &token, Some(action)).await;
    assert_eq!(status, hyper::StatusCode::OK, "{body}");

    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while hanging.connections() == 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the sender connects"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    first.kill();

    let sink = SmtpSink::start().await;
    let sink_url = sink.url();
    let env = mail(&sink_url);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let second = ServerProcess::start_with(BINARY, &url, &site, &env).await;
    let received = sink.wait_for(1, Duration::from_secs(20)).await;
    assert!(
        received[0].data.contains("https://desk.example/r/"),
        "{}",
        received[0].data
    );
    // Longer than a lease and a few polls: still once.
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(sink.received().len(), 1, "sent once");
    assert!(hanging.received().is_empty());

    let (_, view) = json(
        second.addr,
        "GET",
        &format!("/api/v1/tickets/{number}"),
        &token,
        None,
    )
    .await;
    let deliveries = view["deliveries"].as_array().unwrap();
    assert_eq!(deliveries.len(), 1, "{view}");
    assert_eq!(deliveries[0]["state"], "sent");
    assert_eq!(
        deliveries[0]["attempts"], 2,
        "the dead process's try counts"
    );
}
