//! The SLA clocks through the whole router: actions that meet, pause and
//! restart clocks; the scheduler recording warnings, breaches and the R11
//! escalation exactly once; the policy and the evaluation interface.

use crate::databases;
use crate::helpers::{Reply, TestApp, draft_with, p0_phone_report};
use chrono::{DateTime, TimeDelta, Utc};
use firstline_app::domain::AuditAction;
use firstline_app::domain::{Role, Stage};
use firstline_server::desk::{Desk, ManualClock};
use http::StatusCode;
use serde_json::{Value, json};
use std::sync::Arc;

/// The ticket's version now.
async fn version(app: &TestApp, number: &str) -> i64 {
    let reply = app.get(&format!("/api/v1/tickets/{number}")).await;
    reply.json()["ticket"]["version"].as_i64().expect("version")
}

/// Sends an action against the ticket's current version.
async fn act(app: &TestApp, number: &str, action: Value) -> Reply {
    app.act(number, action).await
}

/// Sends an action that must succeed.
async fn act_ok(app: &TestApp, number: &str, action: Value) {
    app.act_ok(number, action).await;
}

/// The ticket's clocks now, as its clocks endpoint reports them.
async fn clocks(app: &TestApp, number: &str) -> Value {
    let reply = app.get(&format!("/api/v1/tickets/{number}/clocks")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()
}

/// The newest clock of that name.
fn clock<'a>(clocks: &'a Value, name: &str) -> &'a Value {
    clocks["clocks"]
        .as_array()
        .expect("clocks")
        .iter()
        .rfind(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no {name} clock in {clocks}"))
}

/// The kinds of the ticket's log entries, oldest first.
async fn log(app: &TestApp, number: &str) -> Vec<(String, String)> {
    let body = app.get(&format!("/api/v1/tickets/{number}")).await.json();
    body["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| {
            (
                e["change"]["kind"].as_str().unwrap().to_owned(),
                e["actor"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn count(log: &[(String, String)], kind: &str) -> usize {
    log.iter().filter(|(k, _)| k == kind).count()
}

fn time(value: &Value) -> DateTime<Utc> {
    value
        .as_str()
        .unwrap_or_else(|| panic!("not a time: {value}"))
        .parse()
        .unwrap()
}

#[tokio::test]
async fn r03_a_first_response_meets_the_response_clock_and_starts_updates() {
    let app = TestApp::spawn().await;
    let number = app.register(p0_phone_report()).await;
    app.clock.advance(TimeDelta::minutes(10));
    act_ok(
        &app,
        &number,
        json!({"action": "first_response", "message": "We are looking at the gateway"}),
    )
    .await;
    let now = clocks(&app, &number).await;
    let response = clock(&now, "response");
    assert_eq!(response["state"], "met");
    assert_eq!(response["met_at"], "2026-11-26T06:40:00Z");
    let update = clock(&now, "update");
    assert_eq!(update["state"], "running");
    assert_eq!(
        time(&update["due_at"]),
        time(&response["met_at"]) + TimeDelta::minutes(30),
        "R17: the next P0 update is due 30 minutes after the first response"
    );
    // Nothing the agent has done has breached: the scheduler finds nothing.
    app.clock.advance(TimeDelta::minutes(5));
    assert_eq!(app.desk.sla_sweep().await.unwrap().recorded, 0);
}

#[tokio::test]
async fn r12_waiting_on_the_reporter_pauses_workaround_and_update_but_not_response() {
    let app = TestApp::spawn().await;
    let number = app.register(p0_phone_report()).await;
    let before = clocks(&app, &number).await;
    let workaround_due = time(&clock(&before, "workaround")["due_at"]);
    act_ok(
        &app,
        &number,
        json!({"action": "wait_on_reporter", "note": "Asked for a screenshot"}),
    )
    .await;
    app.clock.advance(TimeDelta::minutes(20));
    let waiting = clocks(&app, &number).await;
    assert_eq!(clock(&waiting, "workaround")["state"], "paused");
    assert_eq!(clock(&waiting, "response")["state"], "running");
    act_ok(
        &app,
        &number,
        json!({"action": "reporter_replied", "note": "Screenshot received"}),
    )
    .await;
    let after = clocks(&app, &number).await;
    assert_eq!(clock(&after, "workaround")["state"], "running");
    assert_eq!(
        time(&clock(&after, "workaround")["due_at"]) - workaround_due,
        TimeDelta::minutes(20),
        "the due time moves later by exactly the paused time"
    );
    // The queue shows the paused ticket's clock as paused while it waits.
    let reply = act(
        &app,
        &number,
        json!({"action": "reporter_replied", "note": "again"}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["refusal"]["refusal"], "not_waiting");
}

#[tokio::test]
async fn r03_the_scheduler_records_a_p0_warning_and_breach_exactly_once() {
    let app = TestApp::spawn().await;
    let number = app.register(p0_phone_report()).await;
    assert_eq!(app.desk.sla_sweep().await.unwrap().recorded, 0);

    // 80 % of 30 minutes: the warning.
    app.clock.advance(TimeDelta::minutes(24));
    assert_eq!(app.desk.sla_sweep().await.unwrap().recorded, 1);
    assert_eq!(app.desk.sla_sweep().await.unwrap().recorded, 0);
    let row = &app.get("/api/v1/tickets").await.json()["tickets"][0];
    assert_eq!(row["next"]["name"], "response");

    // The deadline: the breach, recorded at the moment it happened.
    app.clock.advance(TimeDelta::minutes(7));
    assert_eq!(app.desk.sla_sweep().await.unwrap().recorded, 1);
    assert_eq!(app.desk.sla_sweep().await.unwrap().recorded, 0);
    let body = app.get(&format!("/api/v1/tickets/{number}")).await.json();
    let events = body["events"].as_array().unwrap();
    let warned: Vec<&Value> = events
        .iter()
        .filter(|e| e["change"]["kind"] == "clock_warned")
        .collect();
    let breached: Vec<&Value> = events
        .iter()
        .filter(|e| e["change"]["kind"] == "clock_breached")
        .collect();
    assert_eq!((warned.len(), breached.len()), (1, 1), "{events:?}");
    assert_eq!(warned[0]["at"], "2026-11-26T06:54:00Z");
    assert_eq!(breached[0]["at"], "2026-11-26T07:00:00Z");
    assert_eq!(breached[0]["actor"], "Firstline");
    assert_eq!(breached[0]["change"]["clock"], "response");

    // The ticket page tells the story in words.
    let page = app.get(&format!("/tickets/{number}")).await;
    assert!(page.body.contains("countdown breached"), "{}", page.body);
}

#[tokio::test]
async fn r03_breached_tickets_rise_to_the_top_of_the_queue() {
    let app = TestApp::spawn().await;
    let p2 = app
        .register(draft_with(
            json!({"impact": "individual", "urgency": "medium"}),
        ))
        .await;
    // Reported 40 minutes ago: a P0 already past its 30 minutes.
    let p0 = app
        .register(draft_with(json!({"reported_at": "2026-11-26T13:50"})))
        .await;
    let p1 = app
        .register(draft_with(json!({"impact": "group", "urgency": "high"})))
        .await;
    let order = app.queue_order().await;
    assert_eq!(order, [p0.as_str(), p1.as_str(), p2.as_str()]);
    // The registration saw the breach; the next pass records it.
    assert_eq!(app.desk.sla_sweep().await.unwrap().recorded, 2);
    let page = app.get("/").await;
    let first = page.body.split("class=\"queue-row").nth(1).unwrap();
    assert!(first.contains(&p0) && first.contains("countdown breached"));
}

#[tokio::test]
async fn r11_an_hour_of_deep_troubleshooting_without_a_root_cause_escalates_once() {
    let app = TestApp::spawn().await;
    let number = app
        .register(draft_with(json!({"impact": "group", "urgency": "high"})))
        .await;
    act_ok(
        &app,
        &number,
        json!({"action": "first_response", "message": "Looking into it"}),
    )
    .await;
    app.walk_to(&number, Stage::DeepTroubleshooting).await;
    let row = |queue: Value| queue["tickets"][0].clone();
    assert_eq!(
        row(app.get("/api/v1/tickets").await.json())["escalated"],
        false
    );
    app.clock.advance(TimeDelta::minutes(59));
    app.desk.sla_sweep().await.unwrap();
    assert_eq!(count(&log(&app, &number).await, "escalated"), 0);

    app.clock.advance(TimeDelta::minutes(2));
    app.desk.sla_sweep().await.unwrap();
    app.desk.sla_sweep().await.unwrap();
    let entries = log(&app, &number).await;
    assert_eq!(count(&entries, "escalated"), 1, "{entries:?}");
    assert_eq!(
        clocks(&app, &number).await["escalated_at"],
        "2026-11-26T07:30:00Z"
    );
    assert_eq!(
        row(app.get("/api/v1/tickets").await.json())["escalated"],
        true
    );
    let page = app.get("/").await;
    assert!(page.body.contains("tag escalated"), "{}", page.body);
}

#[tokio::test]
async fn r11_a_root_cause_within_the_hour_means_no_escalation() {
    let app = TestApp::spawn().await;
    let number = app.register(p0_phone_report()).await;
    app.walk_to(&number, Stage::DeepTroubleshooting).await;
    app.clock.advance(TimeDelta::minutes(50));
    act_ok(
        &app,
        &number,
        json!({"action": "root_cause_found", "summary": "Expired TLS certificate on the gateway"}),
    )
    .await;
    app.clock.advance(TimeDelta::hours(2));
    app.desk.sla_sweep().await.unwrap();
    let now = clocks(&app, &number).await;
    assert_eq!(clock(&now, "escalation")["state"], "met");
    assert_eq!(now["escalated_at"], Value::Null);
    assert_eq!(count(&log(&app, &number).await, "escalated"), 0);
}

/// Two server processes, each with its own connections and its own clock
/// standing at the same time, run passes at once and again after a
/// restart: every crossing is in the log once.
async fn each_crossing_is_recorded_once_by_racing_processes(app: TestApp) {
    let number = app.register(p0_phone_report()).await;
    let other = Desk::new(
        app.db.second_process().await,
        app.clock.clone(),
        firstline_server::config::parse_offset("+08:00").unwrap(),
    );
    app.clock.advance(TimeDelta::minutes(31));
    for _ in 0..3 {
        let (a, b) = tokio::join!(app.desk.sla_sweep(), other.sla_sweep());
        a.unwrap();
        b.unwrap();
    }
    // A restart: a third desk with a cold policy cache, a little later.
    app.clock.advance(TimeDelta::minutes(1));
    let restarted = Desk::new(
        app.db.second_process().await,
        Arc::new(ManualClock::new(app.desk.now())),
        firstline_server::config::parse_offset("+08:00").unwrap(),
    );
    assert_eq!(restarted.sla_sweep().await.unwrap().recorded, 0);
    let entries = log(&app, &number).await;
    assert_eq!(count(&entries, "clock_warned"), 1, "{entries:?}");
    assert_eq!(count(&entries, "clock_breached"), 1, "{entries:?}");
    // The versions stay a gapless sequence.
    let body = app.get(&format!("/api/v1/tickets/{number}")).await.json();
    let versions: Vec<i64> = body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["version"].as_i64().unwrap())
        .collect();
    assert_eq!(versions, (1..=versions.len() as i64).collect::<Vec<_>>());
}

#[tokio::test]
async fn r03_each_crossing_is_recorded_once_across_processes_and_restarts_on_sqlite() {
    each_crossing_is_recorded_once_by_racing_processes(TestApp::spawn().await).await;
}

#[tokio::test]
async fn r03_each_crossing_is_recorded_once_across_processes_and_restarts_on_postgres() {
    let Some(db) = databases::postgres().await else {
        return;
    };
    each_crossing_is_recorded_once_by_racing_processes(TestApp::on(db).await).await;
}

#[tokio::test]
async fn r03_a_ticket_changed_by_an_agent_during_a_pass_is_looked_at_again() {
    let app = TestApp::spawn().await;
    let number = app.register(p0_phone_report()).await;
    app.clock.advance(TimeDelta::minutes(25));
    // The agent answers before the scheduler's pass: the warning that came
    // at minute 24 is still recorded, and the response is met.
    act_ok(
        &app,
        &number,
        json!({"action": "first_response", "message": "On it"}),
    )
    .await;
    assert_eq!(app.desk.sla_sweep().await.unwrap().recorded, 1);
    app.clock.advance(TimeDelta::minutes(10));
    assert_eq!(app.desk.sla_sweep().await.unwrap().recorded, 0);
    let entries = log(&app, &number).await;
    assert_eq!(count(&entries, "clock_warned"), 1, "{entries:?}");
    assert_eq!(
        count(&entries, "clock_breached"),
        0,
        "a met clock never breaches"
    );
}

#[tokio::test]
async fn r17_reopening_starts_a_new_response_clock_and_keeps_the_old_one() {
    let app = TestApp::spawn().await;
    let number = app.register(p0_phone_report()).await;
    act_ok(
        &app,
        &number,
        json!({"action": "first_response", "message": "On it"}),
    )
    .await;
    app.walk_to(&number, Stage::Handling).await;
    act_ok(
        &app,
        &number,
        json!({"action": "workaround_applied", "description": "Switched to the standby gateway"}),
    )
    .await;
    app.walk_to(&number, Stage::Verification).await;
    app.clock.advance(TimeDelta::hours(1));
    act_ok(
        &app,
        &number,
        json!({"action": "reopen", "reason": "Payments fail again"}),
    )
    .await;
    let now = clocks(&app, &number).await;
    let responses: Vec<&Value> = now["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["name"] == "response")
        .collect();
    assert_eq!(responses.len(), 2, "{now}");
    assert_eq!(responses[0]["state"], "met");
    assert_eq!(responses[1]["state"], "running");
    assert_eq!(responses[1]["started_at"], "2026-11-26T07:30:00Z");
    assert_eq!(responses[1]["due_at"], "2026-11-26T08:00:00Z");
}

#[tokio::test]
async fn actions_name_the_bad_field_and_refuse_what_the_state_forbids() {
    let app = TestApp::spawn().await;
    let number = app.register(p0_phone_report()).await;
    let reply = act(
        &app,
        &number,
        json!({"action": "first_response", "message": " "}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["fields"][0]["field"], "note");
    assert_eq!(reply.json()["fields"][0]["reason"], "required");

    let reply = act(
        &app,
        &number,
        json!({"action": "move_to", "stage": "closed"}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = reply.json();
    assert_eq!(body["error"], "refused");
    assert_eq!(body["refusal"]["refusal"], "wrong_stage");
    assert!(
        body["message"].as_str().unwrap().contains("Intake"),
        "{body}"
    );

    let stale = app
        .post_json(
            &format!("/api/v1/tickets/{number}/actions"),
            &json!({"version": 99, "action": "first_response", "message": "On it"}),
            &[],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(stale.json()["current_version"], 1);

    let unknown = app
        .post_json(
            &format!("/api/v1/tickets/{number}/actions"),
            &json!({"version": 1, "action": "dance"}),
            &[],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown.json()["error"], "bad_request");
    assert_eq!(version(&app, &number).await, 1, "nothing was written");
}

#[tokio::test]
async fn r03_a_lead_edits_the_policy_and_applies_it_to_an_open_ticket() {
    let app = TestApp::spawn().await;
    let old = app.register(p0_phone_report()).await;
    app.sign_in_as("lead", Role::Lead).await;
    let policy = app.get("/api/v1/sla/policy").await.json();
    assert_eq!(policy["current"]["version"], 1);
    assert_eq!(policy["history"], json!([]));
    let mut edited = policy["current"].clone();
    edited["response_minutes"] = json!([15, 60, 240, 720]);
    let saved = app
        .post_json(
            "/api/v1/sla/policy",
            &json!({"based_on": 1, "policy": edited, "note": "Contract renewal: faster P0"}),
            &[],
        )
        .await;
    assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.body);
    assert_eq!(saved.json()["version"], 2);
    let history = app.get("/api/v1/sla/policy").await.json()["history"].clone();
    assert_eq!(history[0]["version"], 2);
    assert_eq!(history[0]["created_by"], "lead");
    assert_eq!(history[0]["note"], "Contract renewal: faster P0");

    // A new ticket is judged under version 2; the old one keeps version 1.
    let new = app.register(p0_phone_report()).await;
    assert_eq!(
        app.response_due(&new).await - app.response_due(&old).await,
        TimeDelta::minutes(-15)
    );
    // Applying version 2 to the old ticket is an event, and moves its clock.
    act_ok(
        &app,
        &old,
        json!({"action": "apply_policy", "policy_version": 2}),
    )
    .await;
    assert_eq!(app.response_due(&old).await, app.response_due(&new).await);
    let entries = log(&app, &old).await;
    assert_eq!(entries.last().unwrap().0, "policy_applied");

    // Another lead's edit from version 1 is refused: version 2 came first.
    let stale = app
        .post_json(
            "/api/v1/sla/policy",
            &json!({"based_on": 1, "policy": {}, "note": "Back to the manual"}),
            &[],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(stale.json()["current_version"], 2);
    // An unknown version cannot be applied.
    let reply = act(
        &app,
        &old,
        json!({"action": "apply_policy", "policy_version": 9}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    // The saved version is in the audit log; the refused one is not.
    let saved: Vec<_> = app
        .audit_log()
        .await
        .into_iter()
        .filter(|e| e.action == AuditAction::PolicySaved)
        .map(|e| (e.actor, e.subject, e.detail))
        .collect();
    assert_eq!(
        saved,
        [(
            "lead".to_owned(),
            "SLA policy v2".to_owned(),
            "Contract renewal: faster P0".to_owned()
        )]
    );
}

#[tokio::test]
async fn a_policy_that_does_not_hold_together_is_refused_with_its_reason() {
    let app = TestApp::spawn().await;
    app.sign_in_as("lead", Role::Lead).await;
    let cases = [
        (
            json!({"response_minutes": [0, 120, 480, 1440]}),
            "response_minutes.P0",
        ),
        (json!({"warn_percent": 100}), "warning threshold"),
        (
            json!({"calendars": [null, null, {"time_zone": "Mars/Olympus", "week": {"mon": {"start": "09:00", "end": "17:00"}}, "holidays": []}, null]}),
            "Mars/Olympus",
        ),
    ];
    for (policy, named) in cases {
        let reply = app
            .post_json(
                "/api/v1/sla/policy",
                &json!({"based_on": 1, "policy": policy, "note": "Try this"}),
                &[],
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{policy}");
        let body = reply.json();
        assert_eq!(body["error"], "policy_rejected");
        assert!(
            body["message"].as_str().unwrap().contains(named),
            "{named}: {body}"
        );
    }
    let reply = app
        .post_json(
            "/api/v1/sla/policy",
            &json!({"based_on": 1, "policy": {}, "note": ""}),
            &[],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["fields"][0]["field"], "note");
    assert_eq!(
        app.get("/api/v1/sla/policy").await.json()["history"],
        json!([]),
        "nothing was saved"
    );
}

#[tokio::test]
async fn agents_may_not_apply_a_policy_version() {
    let app = TestApp::spawn().await;
    let number = app.register(p0_phone_report()).await;
    let reply = act(
        &app,
        &number,
        json!({"action": "apply_policy", "policy_version": 1}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_evaluation_endpoint_runs_the_engine_on_the_callers_events() {
    let app = TestApp::spawn().await;
    let request = json!({
        "policy": null,
        "events": [
            {"at": "2026-11-26T06:00:00Z", "kind": "registered", "priority": "P1"},
            {"at": "2026-11-26T06:30:00Z", "kind": "first_response"},
            {"at": "2026-11-26T06:40:00Z", "kind": "waiting_on_reporter"},
        ],
        "now": "2026-11-26T07:00:00Z",
    });
    let reply = app.post_json("/api/sla/evaluate", &request, &[]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let body = reply.json();
    assert_eq!(clock(&body, "response")["state"], "met");
    assert_eq!(clock(&body, "response")["met_at"], "2026-11-26T06:30:00Z");
    let workaround = clock(&body, "workaround");
    assert_eq!(workaround["state"], "paused");
    // 120 minutes from 06:00, 40 of them used before the pause.
    assert_eq!(workaround["remaining_seconds"], 80 * 60);
    assert_eq!(body["escalated_at"], Value::Null);

    let bad = app
        .post_json(
            "/api/sla/evaluate",
            &json!({"policy": {"warn_percent": 0}, "events": [], "now": "2026-11-26T07:00:00Z"}),
            &[],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let malformed = app
        .post_json(
            "/api/sla/evaluate",
            &json!({"events": [{"at": "yesterday", "kind": "registered"}], "now": "2026-11-26T07:00:00Z"}),
            &[],
        )
        .await;
    assert_eq!(malformed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        malformed.json()["message"]
            .as_str()
            .unwrap()
            .contains("events"),
        "{}",
        malformed.body
    );
}

#[tokio::test]
async fn every_oracle_scenario_gives_the_same_answer_over_http() {
    #[derive(serde::Deserialize)]
    struct Scenario {
        name: String,
        input: Value,
    }
    let all: Vec<Scenario> =
        serde_json::from_str(include_str!("../../../app/tests/sla/scenarios.json")).unwrap();
    let app = TestApp::spawn().await;
    for scenario in all {
        let request: firstline_app::domain::sla::EvaluationRequest =
            serde_json::from_value(scenario.input.clone()).unwrap();
        let expected = serde_json::to_value(request.evaluate().unwrap()).unwrap();
        let reply = app
            .post_json("/api/sla/evaluate", &scenario.input, &[])
            .await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "{}: {}",
            scenario.name,
            reply.body
        );
        assert_eq!(reply.json(), expected, "{}", scenario.name);
    }
}

#[tokio::test]
async fn the_ticket_page_offers_only_the_actions_the_rules_allow() {
    let app = TestApp::spawn().await;
    let number = app.register(p0_phone_report()).await;
    let page = app.get(&format!("/tickets/{number}")).await;
    let form = page
        .body
        .split("class=\"action-form\"")
        .nth(1)
        .expect("an action form");
    assert!(form.contains("value=\"first_response\""), "{form}");
    assert!(form.contains("value=\"wait_on_reporter\""));
    assert!(
        !form.contains("value=\"reporter_replied\""),
        "nobody is waited on yet"
    );
    assert!(
        !form.contains("value=\"resolve\""),
        "R13: not before handling"
    );
    assert!(!form.contains("value=\"reopen\""));

    app.walk_to(&number, Stage::Verification).await;
    let page = app.get(&format!("/tickets/{number}")).await;
    let form = page.body.split("class=\"action-form\"").nth(1).unwrap();
    assert!(form.contains("value=\"reopen\""));
    assert!(!form.contains("value=\"resolve\""));
}

#[tokio::test]
async fn the_policy_page_shows_the_version_in_force_its_targets_and_a_preview() {
    let app = TestApp::spawn().await;
    app.sign_in_as("lead", Role::Lead).await;
    let page = app.get("/policy").await;
    assert_eq!(page.status, StatusCode::OK);
    let at = page.body.find("class=\"lede in-force\"").unwrap();
    let tag_start = page.body[..at].rfind("<p").unwrap();
    let (tag, text) = page.body[tag_start..].split_once('>').unwrap();
    assert!(tag.contains("data-version=\"1\""), "{tag}");
    assert!(text.contains("is in force for new tickets"), "{text}");
    assert!(page.body.contains("id=\"response-p0\""));
    assert!(page.body.contains("value=\"30\""));
    // The preview: a P0 registered at 14:30 desk time is due at 15:00.
    let preview = page.body.split("class=\"preview\"").nth(1).unwrap();
    assert!(preview.contains("2026-11-26 15:00"), "{preview}");
    // The lead's navigation leads here.
    assert!(page.body.contains("href=\"/policy\""));
}

/// A request of `events` progress updates on a registered, answered P0.
fn many_updates(events: usize) -> Value {
    let mut list = vec![
        json!({"at": "2026-11-26T06:00:00Z", "kind": "registered", "priority": "P0"}),
        json!({"at": "2026-11-26T06:01:00Z", "kind": "first_response"}),
    ];
    for i in 0..events.saturating_sub(2) {
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-26T06:02:00Z").unwrap()
            + chrono::TimeDelta::seconds(i as i64);
        list.push(json!({"at": at.to_rfc3339(), "kind": "progress_update"}));
    }
    json!({"policy": null, "events": list, "now": "2026-11-26T08:00:00Z"})
}

#[tokio::test]
async fn an_evaluation_of_more_events_than_a_ticket_holds_is_refused_naming_events() {
    let app = TestApp::spawn().await;
    let max = firstline_app::domain::sla::MAX_EVENTS;
    let fits = app
        .post_json("/api/sla/evaluate", &many_updates(max), &[])
        .await;
    assert_eq!(fits.status, StatusCode::OK);
    let reply = app
        .post_json("/api/sla/evaluate", &many_updates(max + 1), &[])
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    let field = &reply.json()["fields"][0];
    assert_eq!(field["field"], "events");
    assert_eq!(field["reason"], "too_many");
    assert_eq!(field["max"], max);
}

#[tokio::test]
async fn an_evaluation_under_a_calendar_with_hardly_any_working_time_is_refused() {
    let app = TestApp::spawn().await;
    // One minute a week, with month-long targets: every clock would look
    // years ahead for its time.
    let minute = json!({"start": "09:00", "end": "09:01"});
    let calendar = json!({"time_zone": "Asia/Shanghai", "week": {"mon": minute}});
    let month = 30 * 24 * 60;
    let request = json!({
        "policy": {
            "response_minutes": [month, month, month, month],
            "calendars": [calendar, calendar, calendar, calendar],
        },
        "events": [{"at": "2026-11-26T06:00:00Z", "kind": "registered", "priority": "P0"}],
        "now": "2026-11-26T08:00:00Z",
    });
    let reply = app.post_json("/api/sla/evaluate", &request, &[]).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    let body = reply.json();
    assert_eq!(body["error"], "policy_rejected");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("working minutes"),
        "{}",
        reply.body
    );
}

#[tokio::test]
async fn a_caller_that_evaluates_too_often_is_told_when_to_come_back_and_others_are_not() {
    let app = TestApp::spawn().await;
    let request = many_updates(3);
    for _ in 0..60 {
        let reply = app.post_json("/api/sla/evaluate", &request, &[]).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }
    let refused = app.post_json("/api/sla/evaluate", &request, &[]).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.json()["error"], "too_many_requests");
    let wait: u64 = refused.header(http::header::RETRY_AFTER).parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    // Another caller has its own allowance.
    app.sign_in_as("lead", Role::Lead).await;
    let other = app.post_json("/api/sla/evaluate", &request, &[]).await;
    assert_eq!(other.status, StatusCode::OK);
}

/// R03: the ticket page carries the offsets of its calendars' time zones
/// (the browser has no zone database), and the browser's evaluation from
/// them is the server's from the zone rules.
#[tokio::test]
async fn r03_the_ticket_page_carries_its_calendars_zone_offsets() {
    use firstline_app::api::TicketView;
    use firstline_app::domain::sla::{OffsetChange, Policies, Timelines, evaluate, evaluate_in};

    let app = TestApp::spawn().await;
    app.sign_in_as("lead", Role::Lead).await;
    let mut policy = app.get("/api/v1/sla/policy").await.json()["current"].clone();
    let day = json!({"start": "09:00", "end": "17:00"});
    policy["calendars"][0] = json!({
        "time_zone": "Australia/Lord_Howe",
        "week": {"mon": day, "tue": day, "wed": day, "thu": day, "fri": day},
        "holidays": [],
    });
    let saved = app
        .post_json(
            "/api/v1/sla/policy",
            &json!({"based_on": 1, "policy": policy, "note": "P0 on Lord Howe Island hours"}),
            &[],
        )
        .await;
    assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.body);
    let number = app.register(p0_phone_report()).await;

    let page = app.call("/api/ticket", &[("number", &number)]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let view: TicketView = serde_json::from_str(&page.body).unwrap();
    let table = view
        .zones
        .get("Australia/Lord_Howe")
        .expect("the zone's table");
    // Summer time (+11) now; +10:30 from 02:00 local on 4 April 2027.
    assert_eq!(table.offset_at(view.server_now), 11 * 3600);
    assert!(
        table.changes.contains(&OffsetChange {
            at: "2027-04-03T15:00:00Z".parse().unwrap(),
            offset: 10 * 3600 + 1800,
        }),
        "{table:?}"
    );
    assert!(
        view.zones.get("Asia/Shanghai").is_none(),
        "only the zones the calendars name"
    );

    let policies = Policies {
        initial: &view.policies[0],
        versions: view.policies.iter().map(|p| (p.version, p)).collect(),
    };
    let by_rules = evaluate(&policies, &view.sla_events, view.server_now);
    let by_table = evaluate_in(
        &mut Timelines::with_tables(&view.zones),
        &policies,
        &view.sla_events,
        view.server_now,
    );
    assert_eq!(by_table, by_rules);
    let response = by_table
        .clocks
        .iter()
        .find(|c| c.name.as_str() == "response")
        .unwrap();
    // Registered Thursday 17:30 on the island: due Friday 09:30 (+11).
    assert_eq!(
        response.due_at,
        Some("2026-11-26T22:30:00Z".parse().unwrap())
    );
}

/// The policy form's zone tables: the known names, at most a handful at
/// once, for leads.
#[tokio::test]
async fn the_policy_form_gets_zone_tables_for_known_names_only() {
    let app = TestApp::spawn().await;
    app.sign_in_as("lead", Role::Lead).await;
    let reply = app
        .post_json(
            "/api/policy/zones",
            &json!({"names": ["Europe/Berlin", "Mars/Olympus_Mons"]}),
            &[],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let zones = reply.json();
    assert_eq!(zones["Europe/Berlin"]["before"], 3600);
    assert!(zones.get("Mars/Olympus_Mons").is_none(), "{zones}");

    let many: Vec<String> = (0..9).map(|i| format!("Etc/GMT+{i}")).collect();
    let reply = app
        .post_json("/api/policy/zones", &json!({ "names": many }), &[])
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    assert!(reply.body.contains("names"), "{}", reply.body);
}
