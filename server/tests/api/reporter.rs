//! The reporter's status link (R12): issued by agents, renewed by leads,
//! opened with no sign-in, showing only what the reporter may read, and one
//! neutral page for every link that opens nothing.

use crate::helpers::{TestApp, draft_with};
use chrono::TimeDelta;
use firstline_app::domain::{Role, Stage};
use http::StatusCode;
use serde_json::{Value, json};

/// Issues (or renews) the ticket's status link the way the ticket page
/// does, and returns its path.
async fn issue(app: &TestApp, number: &str, renew: bool) -> Reply {
    app.call(
        "/api/ticket/status-link",
        &[
            ("number", number),
            ("renew", if renew { "true" } else { "false" }),
        ],
    )
    .await
}

type Reply = crate::helpers::Reply;

fn path_of(reply: &Reply) -> String {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()["path"].as_str().expect("path").to_owned()
}

/// What the status server function answers for a token, with no session.
async fn status(app: &TestApp, token: &str) -> Reply {
    app.forget_session();
    app.call("/api/status", &[("token", token)]).await
}

/// A ticket with a public entry of each kind and internal entries between,
/// whose reporter reads `language` (empty for the desk's).
pub async fn ticket_with_public_and_internal_entries(app: &TestApp, language: &str) -> String {
    let number = app
        .register(draft_with(json!({
            "reporter_email": "li.wei@example.com",
            "reporter_language": language,
        })))
        .await;
    app.act_ok(
        &number,
        json!({"action": "first_response", "message": "We are on it"}),
    )
    .await;
    app.act_ok(
        &number,
        json!({"action": "note", "text": "INTERNAL db01 is suspect"}),
    )
    .await;
    app.act_ok(
        &number,
        json!({"action": "wait_on_reporter", "note": "Which browser do you use?"}),
    )
    .await;
    app.act_ok(
        &number,
        json!({"action": "reporter_replied", "note": "INTERNAL caller sounded annoyed"}),
    )
    .await;
    app.act_ok(
        &number,
        json!({"action": "progress_update", "message": "A fix is being tested", "eta": "2026-11-26T18:00:00+08:00"}),
    )
    .await;
    number
}

#[tokio::test]
async fn r12_the_status_link_opens_the_reporters_view_without_signing_in() {
    let app = TestApp::spawn().await;
    let number = ticket_with_public_and_internal_entries(&app, "").await;
    let path = path_of(&issue(&app, &number, false).await);
    assert!(path.starts_with("/r/") && path.len() == 3 + 40, "{path}");
    assert_eq!(
        path_of(&issue(&app, &number, false).await),
        path,
        "asking again gives the same link"
    );
    let shown = app.get(&format!("/tickets/{number}")).await;
    assert!(shown.body.contains(&path), "the ticket page shows the link");

    let token = &path[3..];
    let reply = status(&app, token).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let view = reply.json();
    assert_eq!(view["number"], number.as_str());
    assert_eq!(view["stage"], "received");
    assert_eq!(view["waiting_on_reporter"], false);
    assert_eq!(
        view["eta"], "2026-11-26T10:00:00Z",
        "the latest target, in UTC"
    );
    let messages: Vec<&str> = view["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "We are on it",
            "Which browser do you use?",
            "A fix is being tested"
        ]
    );
    assert!(!reply.body.contains("INTERNAL"), "{}", reply.body);
    assert!(
        !reply.body.contains("agent"),
        "who wrote it is not shown: {}",
        reply.body
    );

    // The page itself, with no session: no redirect to the sign-in page.
    let page = app.get(&path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("A fix is being tested"), "{}", page.body);
    assert!(page.body.contains(&number), "{}", page.body);
    assert!(!page.body.contains("INTERNAL"), "{}", page.body);
}

#[tokio::test]
async fn r12_unknown_malformed_and_revoked_links_all_get_the_same_neutral_answer() {
    let app = TestApp::spawn().await;
    let number = app.register(draft_with(json!({}))).await;
    let old = path_of(&issue(&app, &number, false).await);

    // Agents may not renew a link; leads may, and the old one stops working.
    assert_eq!(
        issue(&app, &number, true).await.status,
        StatusCode::FORBIDDEN
    );
    app.sign_in_as("lead", Role::Lead).await;
    let new = path_of(&issue(&app, &number, true).await);
    assert_ne!(new, old);

    let neutral = |reply: &Reply| {
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(reply.json(), Value::Null, "{}", reply.body);
    };
    neutral(&status(&app, &old[3..]).await);
    neutral(&status(&app, &"0".repeat(40)).await);
    neutral(&status(&app, "not-a-token").await);
    neutral(&status(&app, &old[3..].to_uppercase()).await);
    assert_eq!(
        status(&app, &new[3..]).await.json()["number"],
        number.as_str()
    );

    // The pages read the same, whatever the reason.
    let unknown = app.get(&format!("/r/{}", "0".repeat(40))).await;
    let revoked = app.get(&old).await;
    assert_eq!(unknown.status, StatusCode::OK);
    for page in [&unknown, &revoked] {
        assert!(
            page.body.contains("This link opens no report"),
            "{}",
            page.body
        );
        assert!(!page.body.contains(&number), "{}", page.body);
    }
    assert_eq!(
        page_text(&unknown.body),
        page_text(&revoked.body),
        "nothing tells a revoked link from an unknown one"
    );
}

/// The page without its per-response nonces and hydration data.
fn page_text(body: &str) -> String {
    let start = body.find("<main").unwrap_or(0);
    let end = body.find("</main>").unwrap_or(body.len());
    body[start..end].to_owned()
}

#[tokio::test]
async fn r12_a_link_stops_working_thirty_days_after_closing() {
    let app = TestApp::spawn().await;
    let number = app.register(draft_with(json!({}))).await;
    let token = path_of(&issue(&app, &number, false).await)[3..].to_owned();
    app.walk_to(&number, Stage::Closed).await;
    let closed = status(&app, &token).await.json();
    assert_eq!(closed["stage"], "closed");
    app.clock
        .advance(TimeDelta::days(30) - TimeDelta::minutes(1));
    assert_eq!(status(&app, &token).await.json()["number"], number.as_str());
    app.clock.advance(TimeDelta::minutes(2));
    assert_eq!(status(&app, &token).await.json(), Value::Null);
}

#[tokio::test]
async fn r12_tries_with_bad_tokens_are_limited_per_address() {
    let app = TestApp::spawn().await;
    let number = app.register(draft_with(json!({}))).await;
    let token = path_of(&issue(&app, &number, false).await)[3..].to_owned();
    app.set_peer("192.0.2.10:40000");
    for i in 0..20 {
        let reply = status(&app, &format!("{i:040}")).await;
        assert_eq!(reply.status, StatusCode::OK, "try {i}: {}", reply.body);
    }
    let blocked = status(&app, &"1".repeat(40)).await;
    assert_eq!(
        blocked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        blocked.body
    );
    assert_eq!(
        status(&app, &token).await.status,
        StatusCode::TOO_MANY_REQUESTS,
        "a blocked address waits, whatever it asks"
    );
    app.set_peer("192.0.2.11:40000");
    assert_eq!(status(&app, &token).await.json()["number"], number.as_str());
}

#[tokio::test]
async fn a_sandbox_link_opens_the_sandbox_ticket_and_never_the_production_one() {
    let app = TestApp::spawn().await;
    let production = app
        .register(draft_with(json!({"department": "Finance"})))
        .await;
    let real = path_of(&issue(&app, &production, false).await);

    app.sign_in_as("trainee", Role::Trainee).await;
    let drill = app
        .register(draft_with(
            json!({"department": "Drill", "symptom_steps": "Simulated outage for practice"}),
        ))
        .await;
    assert_eq!(drill, production, "each desk numbers its own tickets");
    let practice = path_of(&issue(&app, &drill, false).await);
    assert_ne!(
        practice, real,
        "the sandbox's ticket gets a link of its own"
    );

    let view = status(&app, &practice[3..]).await.json();
    assert_eq!(view["symptom"], "Simulated outage for practice");
    let view = status(&app, &real[3..]).await.json();
    assert_eq!(view["symptom"], "Open the payment page and press Submit");
}

#[tokio::test]
async fn r12_processes_with_the_same_key_show_the_same_link_and_another_key_replaces_it() {
    let app = TestApp::spawn().await;
    let number = app.register(draft_with(json!({}))).await;
    let key = || firstline_server::desk::LinkKey::from_hex(&"5a".repeat(32)).unwrap();
    let desk = |key| {
        firstline_server::desk::Desk::new(
            app.db.store.clone(),
            app.clock.clone(),
            firstline_server::config::parse_offset("+08:00").unwrap(),
        )
        .with_links(key, TimeDelta::days(30))
    };
    let (one, two) = (desk(key()), desk(key()));
    let agent = crate::helpers::agent();
    let parsed = number.parse().unwrap();
    let first = one.issue_status_link(&agent, parsed, false).await.unwrap();
    let second = two.issue_status_link(&agent, parsed, false).await.unwrap();
    assert_eq!(first, second, "the same key shows the same link");

    // A process with another key cannot show that link: it makes a new one,
    // and the old one stops working.
    let other = desk(firstline_server::desk::LinkKey::random());
    let replaced = other
        .issue_status_link(&agent, parsed, false)
        .await
        .unwrap();
    assert_ne!(replaced.path, first.path);
    assert!(
        other
            .status(&replaced.path[3..], None)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        other
            .status(&first.path[3..], None)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn r12_the_status_stream_says_changed_for_what_the_reporter_sees_and_nothing_else() {
    use crate::sse::EventReader;
    use std::time::Duration;
    let app = TestApp::spawn().await;
    let number = app.register(draft_with(json!({}))).await;
    let other = app.register(draft_with(json!({}))).await;
    let token = path_of(&issue(&app, &number, false).await)[3..].to_owned();
    let path = firstline_app::api::status_events_path(&token);

    let mut stream = EventReader::new(app.open(&path, &[]).await.into_body());
    stream.ready(Duration::from_secs(5)).await;
    // Internal work, and another ticket's news, say nothing.
    app.act_ok(
        &number,
        json!({"action": "note", "text": "INTERNAL db01 is suspect"}),
    )
    .await;
    app.act_ok(
        &other,
        json!({"action": "first_response", "message": "OTHER ticket"}),
    )
    .await;
    app.act_ok(
        &number,
        json!({"action": "first_response", "message": "We are on it"}),
    )
    .await;
    let changed = stream.events("changed", 1, Duration::from_secs(5)).await;
    assert_eq!(changed[0].json(), json!({}), "the event carries nothing");
    let text = stream.text().to_owned();
    assert_eq!(text.matches("event: changed").count(), 1, "{text}");
    for secret in ["INTERNAL", "OTHER", "agent", "We are on it"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }

    // A link that opens nothing gets no stream, and says nothing more.
    app.forget_session();
    let unknown = app
        .get(&firstline_app::api::status_events_path(&"0".repeat(40)))
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{}", unknown.body);
}

/// Takes the ticket into verification with the test and production gates
/// passed: the point at which the reporter is asked (R16).
async fn fix_checked(app: &TestApp, number: &str) {
    app.walk_to(number, Stage::Verification).await;
    for gate in ["test", "production"] {
        app.act_ok(
            number,
            json!({"action": "pass_gate", "gate": gate, "note": "Checked"}),
        )
        .await;
    }
}

/// The reporter's answer, as the hydrated status page sends it.
async fn answer(app: &TestApp, token: &str, answer: &str, reason: &str) -> Reply {
    app.forget_session();
    app.call(
        "/api/status/answer",
        &[("token", token), ("answer", answer), ("reason", reason)],
    )
    .await
}

/// Posts a form of the status page at `page` the way a browser without
/// JavaScript does, checks that it is sent back to the page's `anchor`,
/// and returns the page as it reads then.
pub async fn post_from_status_page(
    app: &TestApp,
    action: &str,
    fields: &[(&str, &str)],
    page: &str,
    anchor: &str,
) -> Reply {
    let reply = app.post_form(action, fields, page).await;
    assert!(
        reply.status.is_redirection(),
        "{}: {}",
        reply.status,
        reply.body
    );
    assert_eq!(
        reply.header(http::header::LOCATION),
        format!("{page}#{anchor}")
    );
    app.get(page).await
}

/// The ticket's log, as the desk reads it.
async fn log_kinds(app: &TestApp, number: &str) -> Vec<String> {
    app.sign_in_as("agent", Role::Agent).await;
    app.ticket(number).await["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["change"]["kind"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn r16_it_works_now_passes_the_reporter_gate_as_the_reporters_own_entry() {
    let app = TestApp::spawn().await;
    let number = app.register(draft_with(json!({}))).await;
    let token = path_of(&issue(&app, &number, false).await)[3..].to_owned();
    app.walk_to(&number, Stage::Verification).await;
    let view = status(&app, &token).await.json();
    assert_eq!(
        view["asks_confirmation"], false,
        "not asked before the fix passed production"
    );

    app.sign_in_as("agent", Role::Agent).await;
    fix_checked(&app, &number).await;
    let view = status(&app, &token).await.json();
    assert_eq!(view["asks_confirmation"], true);
    assert_eq!(view["confirmed_at"], Value::Null);
    // Opening the page, or its data, records nothing.
    let before = log_kinds(&app, &number).await;
    app.forget_session();
    assert_eq!(app.get(&format!("/r/{token}")).await.status, StatusCode::OK);
    assert_eq!(log_kinds(&app, &number).await, before);

    let reply = answer(&app, &token, "works", "").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let view = status(&app, &token).await.json();
    assert!(view["confirmed_at"].is_string(), "{view}");
    assert_eq!(
        view["entries"].as_array().unwrap().last().unwrap()["kind"],
        "confirmed"
    );

    app.sign_in_as("agent", Role::Agent).await;
    let body = app.ticket(&number).await;
    let last = body["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["change"]["kind"], "reporter_confirmed");
    assert_eq!(last["actor"], firstline_app::domain::REPORTER_AUTHOR);
    let page = app.get(&format!("/tickets/{number}")).await;
    assert!(
        page.body
            .contains(r#"data-gate="reporter" data-passed="true" data-by-reporter="true""#),
        "{}",
        page.body
    );
    // The agent may close now: every gate is passed.
    app.act_ok(&number, json!({"action": "move_to", "stage": "closed"}))
        .await;

    // A second "It works now" is refused; the ticket is closed now.
    let again = answer(&app, &token, "works", "").await;
    assert_eq!(
        again.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        again.body
    );
}

#[tokio::test]
async fn r17_still_not_working_reopens_the_ticket_and_restarts_its_clocks() {
    let app = TestApp::spawn().await;
    let number = app.register(draft_with(json!({}))).await;
    let token = path_of(&issue(&app, &number, false).await)[3..].to_owned();
    fix_checked(&app, &number).await;
    app.clock.advance(TimeDelta::minutes(5));
    let reopened_at = firstline_server::desk::Clock::now(app.clock.as_ref());

    let empty = answer(&app, &token, "not_fixed", "  ").await;
    assert_eq!(
        empty.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        empty.body
    );
    assert_eq!(
        empty.json()["Invalid"]["errors"][0]["field"],
        "reason",
        "{}",
        empty.body
    );

    let reply = answer(&app, &token, "not_fixed", "The login page still hangs").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let view = status(&app, &token).await.json();
    assert_eq!(view["stage"], "fixing");
    assert_eq!(view["asks_confirmation"], false);
    let last = view["entries"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["kind"].as_str(), last["message"].as_str()),
        (Some("not_fixed"), Some("The login page still hangs"))
    );

    app.sign_in_as("agent", Role::Agent).await;
    let body = app.ticket(&number).await;
    assert_eq!(body["ticket"]["stage"], "handling");
    assert_eq!(
        body["events"].as_array().unwrap().last().unwrap()["change"],
        json!({"kind": "reporter_not_fixed", "reason": "The login page still hangs"})
    );
    // R17: the clocks start again from the reopening; a P0 answers within
    // 30 minutes and updates every 30 minutes from then on.
    let due: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(body["ticket"]["sla"]["next"]["due_at"].clone()).unwrap();
    assert_eq!(
        due,
        reopened_at + TimeDelta::minutes(30),
        "{}",
        body["ticket"]["sla"]
    );
}

#[tokio::test]
async fn r16_answers_outside_verification_or_unknown_are_refused_and_record_nothing() {
    let app = TestApp::spawn().await;
    let number = app.register(draft_with(json!({}))).await;
    let token = path_of(&issue(&app, &number, false).await)[3..].to_owned();
    let before = log_kinds(&app, &number).await;

    let early = answer(&app, &token, "works", "").await;
    assert_eq!(
        early.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        early.body
    );
    assert_eq!(
        early.json()["Refused"]["refusal"],
        "wrong_stage",
        "{}",
        early.body
    );
    let early = answer(&app, &token, "not_fixed", "It is broken").await;
    assert_eq!(
        early.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        early.body
    );

    let odd = answer(&app, &token, "maybe", "").await;
    assert_eq!(odd.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", odd.body);
    assert_eq!(
        odd.json()["Invalid"]["errors"][0]["field"],
        "answer",
        "{}",
        odd.body
    );

    let unknown = answer(&app, &"0".repeat(40), "works", "").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{}", unknown.body);
    assert_eq!(log_kinds(&app, &number).await, before, "nothing recorded");
}

#[tokio::test]
async fn r16_the_answer_forms_work_without_javascript() {
    let app = TestApp::spawn().await;
    let number = app.register(draft_with(json!({}))).await;
    let path = path_of(&issue(&app, &number, false).await);
    fix_checked(&app, &number).await;
    app.forget_session();
    let page = app.get(&path).await;
    assert!(
        page.body.contains(r#"action="/api/status/answer""#),
        "{}",
        page.body
    );
    assert!(page.body.contains("It works now"), "{}", page.body);

    let page = post_from_status_page(
        &app,
        "/api/status/answer",
        &[("token", &path[3..]), ("answer", "works"), ("reason", "")],
        &path,
        "answer",
    )
    .await;
    assert!(
        page.body.contains(r#"data-testid="confirmed""#),
        "{}",
        page.body
    );
}
