//! Messages to reporters (R12, R16): queued with the change that causes
//! them, delivered by the sender to a real SMTP server on loopback, with
//! retries, and shown on the ticket page with their delivery state.

use crate::helpers::{TestApp, draft_with};
use crate::smtp::SmtpSink;
use chrono::TimeDelta;
use firstline_app::domain::{Role, Stage};
use firstline_server::desk::Desk;
use firstline_server::mail::{MailSender, Mailer, SenderSettings};
use http::StatusCode;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

/// Starts a sender for the app's desk, delivering to `sink`.
pub fn send_to(app: &TestApp, sink: &SmtpSink) -> MailSender {
    sending(
        &app.desk,
        sink,
        SenderSettings {
            poll: Duration::from_millis(50),
            ..SenderSettings::default()
        },
    )
}

/// Starts a sender for `desk`, delivering to `sink`, with links under
/// `https://desk.example`.
fn sending(desk: &Arc<Desk>, sink: &SmtpSink, settings: SenderSettings) -> MailSender {
    let mailer = Mailer::new(
        &sink.url(),
        "Support desk <support@desk.example>",
        "https://desk.example/",
    )
    .unwrap();
    MailSender::start(desk.clone(), Arc::new(mailer), desk.outbox_wake(), settings)
}

/// The deliveries the ticket page lists.
async fn deliveries(app: &TestApp, number: &str) -> Vec<Value> {
    app.ticket(number).await["deliveries"]
        .as_array()
        .expect("deliveries")
        .clone()
}

/// Waits until the ticket's deliveries are all in `state`.
async fn settled(app: &TestApp, number: &str, count: usize, state: &str) -> Vec<Value> {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let now = deliveries(app, number).await;
        if now.len() == count && now.iter().all(|d| d["state"] == state) {
            return now;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{count} deliveries {state} within {WAIT:?}: {now:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A reporter with an address, and a first response to them.
async fn answered(app: &TestApp, language: &str) -> String {
    let number = app
        .register(draft_with(json!({
            "reporter_email": "li.wei@example.com",
            "reporter_language": language,
        })))
        .await;
    app.act_ok(
        &number,
        json!({"action": "note", "text": "INTERNAL db01 is suspect"}),
    )
    .await;
    app.act_ok(
        &number,
        json!({"action": "first_response", "message": "We are on it: the gateway is being checked"}),
    )
    .await;
    number
}

#[tokio::test]
async fn r12_the_first_response_is_mailed_in_the_reporters_language_with_their_status_link() {
    let sink = SmtpSink::start().await;
    let app = TestApp::mailing(crate::databases::sqlite().await).await;
    let _sender = send_to(&app, &sink);
    let number = answered(&app, "zh-CN").await;

    let received = sink.wait_for(1, WAIT).await;
    let message = &received[0];
    assert_eq!(message.to, ["li.wei@example.com"]);
    assert_eq!(message.from, "support@desk.example");
    assert!(
        message
            .header("Content-Type")
            .unwrap()
            .starts_with("multipart/alternative"),
        "{}",
        message.data
    );
    let text = message.part("text/plain");
    assert!(text.contains("服务台已答复您的报障 FL-00001"), "{text}");
    assert!(
        text.contains("> We are on it: the gateway is being checked"),
        "{text}"
    );
    assert!(!text.contains("INTERNAL"), "{text}");
    let html = message.part("text/html");
    assert!(html.contains("lang=\"zh-CN\""), "{html}");

    // The link opens the reporter's status page.
    let start = text.find("https://desk.example/r/").expect("the link");
    let link = &text[start..start + "https://desk.example/r/".len() + 40];
    app.forget_session();
    let status = app
        .call("/api/status", &[("token", &link[link.len() - 40..])])
        .await
        .json();
    assert_eq!(status["number"], number.as_str());

    app.sign_in_as("agent", Role::Agent).await;
    let shown = settled(&app, &number, 1, "sent").await;
    assert_eq!(shown[0]["kind"], "first_response");
    assert_eq!(shown[0]["to"], "li.wei@example.com");
    assert!(shown[0]["sent_at"].is_string());
}

#[tokio::test]
async fn r12_one_tickets_messages_share_a_thread_and_internal_entries_send_nothing() {
    let sink = SmtpSink::start().await;
    let app = TestApp::mailing(crate::databases::sqlite().await).await;
    let _sender = send_to(&app, &sink);
    let number = crate::reporter::ticket_with_public_and_internal_entries(&app, "en").await;
    let received = sink.wait_for(3, WAIT).await;
    let subjects: Vec<String> = received
        .iter()
        .map(|m| m.header("Subject").unwrap())
        .collect();
    assert_eq!(
        subjects,
        [
            "[FL-00001] We have answered your report",
            "[FL-00001] A question about your report",
            "[FL-00001] News on your report",
        ]
    );
    let ids: Vec<String> = received
        .iter()
        .map(|m| m.header("Message-ID").unwrap())
        .collect();
    assert_eq!(
        ids.iter().collect::<std::collections::BTreeSet<_>>().len(),
        3,
        "each message has its own id: {ids:?}"
    );
    for message in &received {
        assert_eq!(
            message.header("References").as_deref(),
            Some("<fl-1-1@desk.example>")
        );
        assert_eq!(
            message.header("In-Reply-To").as_deref(),
            Some("<fl-1-1@desk.example>")
        );
        assert!(!message.data.contains("INTERNAL"), "{}", message.data);
    }
    let progress = received[2].part("text/plain");
    assert!(
        progress.contains("Expected fix: 2026-11-26 18:00 (UTC+08:00) (a target, not a promise)"),
        "{progress}"
    );

    // The fix through test and production: the reporter is asked (R16).
    app.walk_to(&number, Stage::Verification).await;
    for gate in ["test", "production"] {
        app.act_ok(
            &number,
            json!({"action": "pass_gate", "gate": gate, "note": "INTERNAL checked on db01"}),
        )
        .await;
    }
    let received = sink.wait_for(4, WAIT).await;
    assert_eq!(received.len(), 4, "only the production gate sends one");
    let request = &received[3];
    assert_eq!(
        request.header("Subject").unwrap(),
        "[FL-00001] Please check: does it work now?"
    );
    assert!(!request.data.contains("INTERNAL"), "{}", request.data);
    let shown = settled(&app, &number, 4, "sent").await;
    let kinds: Vec<&str> = shown.iter().map(|d| d["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "first_response",
            "question",
            "progress",
            "verification_request"
        ]
    );
}

#[tokio::test]
async fn r12_a_refused_message_is_retried_later_and_sent_once() {
    let sink = SmtpSink::start().await;
    sink.refuse(1, "451 4.3.0 Mailbox busy, try again later");
    let app = TestApp::mailing(crate::databases::sqlite().await).await;
    let _sender = send_to(&app, &sink);
    let number = answered(&app, "en").await;

    let shown = settled(&app, &number, 1, "retrying").await;
    assert_eq!(shown[0]["attempts"], 1);
    assert!(
        shown[0]["last_error"]
            .as_str()
            .unwrap()
            .contains("Mailbox busy"),
        "{shown:?}"
    );
    let page = app.get(&format!("/tickets/{number}")).await;
    assert!(
        page.body.contains("Mailbox busy"),
        "the agent sees the server's answer"
    );
    assert!(sink.received().is_empty());

    // Nothing goes out before the back-off has passed; then once.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(sink.received().is_empty());
    app.clock.advance(TimeDelta::seconds(31));
    sink.wait_for(1, WAIT).await;
    let shown = settled(&app, &number, 1, "sent").await;
    assert_eq!(shown[0]["attempts"], 2);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sink.received().len(), 1, "sent once");
}

#[tokio::test]
async fn r12_a_permanently_refused_message_fails_with_the_servers_answer() {
    let sink = SmtpSink::start().await;
    sink.refuse(1, "550 5.1.1 No such user here");
    let app = TestApp::mailing(crate::databases::sqlite().await).await;
    let _sender = send_to(&app, &sink);
    let number = answered(&app, "en").await;
    let shown = settled(&app, &number, 1, "failed").await;
    assert!(
        shown[0]["last_error"]
            .as_str()
            .unwrap()
            .contains("No such user here"),
        "{shown:?}"
    );
    app.clock.advance(TimeDelta::hours(2));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        sink.received().is_empty(),
        "a failed message is not tried again"
    );
}

#[tokio::test]
async fn r12_without_a_mail_server_each_message_shows_as_not_sent_and_the_link_is_offered() {
    let app = TestApp::spawn().await;
    let number = answered(&app, "en").await;
    let shown = deliveries(&app, &number).await;
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0]["state"], "no_mail_server");
    let page = app.get(&format!("/tickets/{number}")).await;
    assert!(
        page.body.contains("not sent: no mail server configured"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Create the status link"),
        "{}",
        page.body
    );

    // A reporter without an address gets no message at all.
    let other = app.register(draft_with(json!({}))).await;
    app.act_ok(
        &other,
        json!({"action": "first_response", "message": "On it"}),
    )
    .await;
    assert!(deliveries(&app, &other).await.is_empty());
}

#[tokio::test]
async fn a_sandbox_ticket_never_mails_its_reporter() {
    let sink = SmtpSink::start().await;
    let app = TestApp::mailing(crate::databases::sqlite().await).await;
    let _sender = send_to(&app, &sink);
    app.sign_in_as("trainee", Role::Trainee).await;
    let number = answered(&app, "en").await;
    assert!(deliveries(&app, &number).await.is_empty());
    // A production message afterwards arrives alone.
    app.sign_in_as("agent", Role::Agent).await;
    answered(&app, "en").await;
    let received = sink.wait_for(1, WAIT).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sink.received().len(), 1, "{received:?}");
}

#[tokio::test]
async fn on_postgres_two_processes_send_each_message_once() {
    let Some(db) = crate::databases::postgres().await else {
        return;
    };
    let sink = SmtpSink::start().await;
    let second = db.second_process().await;
    let app = TestApp::mailing(db).await;
    let other = Arc::new(
        Desk::new(
            second,
            app.clock.clone(),
            firstline_server::config::parse_offset("+08:00").unwrap(),
        )
        .sending_mail(true),
    );
    let _one = send_to(&app, &sink);
    let _two = sending(
        &other,
        &sink,
        SenderSettings {
            poll: Duration::from_millis(20),
            batch: 2,
            ..SenderSettings::default()
        },
    );
    let mut numbers = Vec::new();
    for _ in 0..6 {
        numbers.push(answered(&app, "en").await);
    }
    for number in &numbers {
        for i in 0..2 {
            app.act_ok(
                number,
                json!({"action": "progress_update", "message": format!("Update {i}")}),
            )
            .await;
        }
    }
    let received = sink.wait_for(18, WAIT).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let received_now = sink.received();
    assert_eq!(
        received_now.len(),
        18,
        "each message once: {}",
        received.len()
    );
    let ids: std::collections::BTreeSet<String> = received_now
        .iter()
        .map(|m| m.header("Message-ID").unwrap())
        .collect();
    assert_eq!(ids.len(), 18);
    for number in &numbers {
        settled(&app, number, 3, "sent").await;
    }
    assert_eq!(
        app.get("/api/v1/tickets/FL-00001").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn header_injection_through_the_reporters_name_is_refused_and_a_name_never_reaches_a_header()
{
    let sink = SmtpSink::start().await;
    let app = TestApp::mailing(crate::databases::sqlite().await).await;
    let _sender = send_to(&app, &sink);
    let injected = app
        .post_json(
            "/api/v1/tickets",
            &draft_with(json!({
                "contact": "Li Wei\r\nBcc: all@example.com, ext. 602155",
                "reporter_email": "li.wei@example.com",
            })),
            &[],
        )
        .await;
    assert_eq!(
        injected.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        injected.body
    );
    assert!(injected.body.contains("contact"), "{}", injected.body);

    // A name with the look of a header stays in the ticket, out of the mail.
    let number = app
        .register(draft_with(json!({
            "contact": "Bcc: all@example.com (Li Wei, ext. 602155)",
            "reporter_email": "li.wei@example.com",
        })))
        .await;
    app.act_ok(
        &number,
        json!({"action": "first_response", "message": "On it"}),
    )
    .await;
    let received = sink.wait_for(1, WAIT).await;
    assert_eq!(received[0].to, ["li.wei@example.com"]);
    assert_eq!(received[0].header("Bcc"), None);
    assert!(
        !received[0].data.contains("all@example.com"),
        "{}",
        received[0].data
    );
}
