//! The workflow through the JSON API: the server refuses every move the
//! shared guard refuses, with the same reason, and writes nothing; owners,
//! experts and the swarm are checked against the desk's accounts.

use crate::helpers::{TestApp, draft_with, p0_phone_report};
use firstline_app::domain::{Role, Stage};
use http::StatusCode;
use serde_json::{Value, json};

async fn version(app: &TestApp, number: &str) -> i64 {
    app.ticket(number).await["ticket"]["version"]
        .as_i64()
        .unwrap()
}

/// Sends an action that must be refused as a breach of the procedure;
/// returns the refusal and checks nothing was written.
async fn refused(app: &TestApp, number: &str, action: Value) -> Value {
    let before = version(app, number).await;
    let reply = app.act(number, action.clone()).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{action}: {}",
        reply.body
    );
    assert_eq!(
        version(app, number).await,
        before,
        "{action} wrote something"
    );
    reply.json()
}

fn p3_report() -> Value {
    draft_with(json!({"impact": "individual", "urgency": "low"}))
}

#[tokio::test]
async fn r07_the_server_refuses_self_help_for_a_p0_with_the_guards_reason() {
    let app = TestApp::spawn().await;
    let number = app.register(p0_phone_report()).await;
    app.walk_to(&number, Stage::FirstDiagnosis).await;
    let body = refused(
        &app,
        &number,
        json!({"action": "move_to", "stage": "self_help"}),
    )
    .await;
    assert_eq!(body["refusal"]["refusal"], "blocked");
    let needs: Vec<&str> = body["refusal"]["needs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["needs"].as_str().unwrap())
        .collect();
    assert_eq!(needs, ["items", "major_skips_self_help"]);
    assert!(body["message"].as_str().unwrap().contains("R07"), "{body}");
    // R04: the questions first, then straight to deep troubleshooting.
    app.complete_checklist(&number).await;
    app.act_ok(
        &number,
        json!({"action": "move_to", "stage": "deep_troubleshooting"}),
    )
    .await;
}

#[tokio::test]
async fn r06_r07_a_p3_tries_self_help_before_deep_troubleshooting() {
    let app = TestApp::spawn().await;
    let number = app.register(p3_report()).await;
    app.walk_to(&number, Stage::FirstDiagnosis).await;
    app.complete_checklist(&number).await;
    let body = refused(
        &app,
        &number,
        json!({"action": "move_to", "stage": "deep_troubleshooting"}),
    )
    .await;
    assert_eq!(body["refusal"]["needs"][0]["needs"], "self_help_first");
    app.act_ok(&number, json!({"action": "move_to", "stage": "self_help"}))
        .await;
    app.act_ok(
        &number,
        json!({"action": "check_item", "item": "r06.browser"}),
    )
    .await;
    app.act_ok(
        &number,
        json!({"action": "resolve", "summary": "A private window works: cache cleared"}),
    )
    .await;
    app.act_ok(
        &number,
        json!({"action": "move_to", "stage": "verification"}),
    )
    .await;
}

#[tokio::test]
async fn r16_the_server_refuses_to_close_before_the_three_gates() {
    let app = TestApp::spawn().await;
    let number = app.register(p0_phone_report()).await;
    app.walk_to(&number, Stage::Verification).await;
    let body = refused(
        &app,
        &number,
        json!({"action": "move_to", "stage": "closed"}),
    )
    .await;
    let gates: Vec<&str> = body["refusal"]["needs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["gate"].as_str().unwrap())
        .collect();
    assert_eq!(gates, ["test", "production", "reporter"]);
    let body = refused(
        &app,
        &number,
        json!({"action": "pass_gate", "gate": "reporter", "note": "Confirmed on the phone"}),
    )
    .await;
    assert_eq!(body["refusal"]["refusal"], "gate_order");
    assert_eq!(body["refusal"]["before"], "production");

    app.walk_to(&number, Stage::Closed).await;
    let log = app.ticket(&number).await["events"].clone();
    let kinds: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["change"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "gate_passed").count(),
        3,
        "{kinds:?}"
    );
    assert_eq!(kinds.last(), Some(&"closed"));
    let gate = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["change"]["kind"] == "gate_passed")
        .unwrap();
    assert_eq!(gate["actor"], "agent", "each gate names who passed it");
}

#[tokio::test]
async fn r17_not_fixed_reopens_to_handling_and_the_fix_must_be_recorded_again() {
    let app = TestApp::spawn().await;
    let number = app.register(p3_report()).await;
    app.walk_to(&number, Stage::Verification).await;
    app.act_ok(
        &number,
        json!({"action": "pass_gate", "gate": "test", "note": "Works in staging"}),
    )
    .await;
    app.act_ok(
        &number,
        json!({"action": "reopen", "reason": "The reporter says the export still fails"}),
    )
    .await;
    assert_eq!(app.ticket(&number).await["ticket"]["stage"], "handling");
    let body = refused(
        &app,
        &number,
        json!({"action": "move_to", "stage": "verification"}),
    )
    .await;
    assert_eq!(body["refusal"]["needs"][0]["needs"], "fix");
}

#[tokio::test]
async fn r14_an_action_needs_an_owner_who_works_on_the_desk() {
    let app = TestApp::spawn().await;
    app.account("ops.li", Role::Agent).await;
    let number = app.register(p0_phone_report()).await;
    app.walk_to(&number, Stage::Handling).await;
    let plan = |owner: &str| {
        json!({
            "action": "plan_action",
            "description": "Restart nginx on web-2",
            "owner": owner,
            "planned_at": "2026-11-26T07:00:00Z",
            "risk_plan": "Back up the current config first"
        })
    };
    let body = refused(&app, &number, plan("nobody")).await;
    assert_eq!(body["fields"][0]["field"], "owner");
    assert_eq!(body["fields"][0]["reason"], "unknown");
    let body = refused(&app, &number, plan("Not A Login")).await;
    assert_eq!(body["fields"][0]["field"], "owner");

    app.act_ok(&number, plan("ops.li")).await;
    app.act_ok(&number, json!({"action": "complete_action", "no": 1}))
        .await;
    let body = refused(&app, &number, json!({"action": "complete_action", "no": 1})).await;
    assert_eq!(body["refusal"]["refusal"], "action_done");
    let events = app.ticket(&number).await["events"].clone();
    let planned = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["change"]["kind"] == "action_planned")
        .unwrap();
    assert_eq!(planned["change"]["owner"], "ops.li");
    assert_eq!(
        planned["change"]["risk_plan"],
        "Back up the current config first"
    );
}

#[tokio::test]
async fn r11_leads_form_the_swarm_from_the_desks_accounts() {
    let app = TestApp::spawn().await;
    app.account("db.wang", Role::Agent).await;
    let number = app.register(p0_phone_report()).await;
    app.walk_to(&number, Stage::DeepTroubleshooting).await;
    let add = |login: &str| json!({"action": "add_expert", "login": login, "role": "database"});
    let reply = app.act(&number, add("db.wang")).await;
    assert_eq!(
        reply.status,
        StatusCode::FORBIDDEN,
        "agents do not form swarms"
    );

    app.sign_in_as("lead", Role::Lead).await;
    let body = refused(&app, &number, add("ghost")).await;
    assert_eq!(body["fields"][0]["field"], "expert");
    assert_eq!(body["fields"][0]["reason"], "unknown");
    app.act_ok(&number, add("db.wang")).await;
    let body = refused(&app, &number, add("db.wang")).await;
    assert_eq!(body["fields"][0]["reason"], "duplicate");
    app.act_ok(
        &number,
        json!({"action": "note", "text": "Known: only card payments fail since 06:10"}),
    )
    .await;
    let page = app.get(&format!("/tickets/{number}")).await;
    let swarm = page.body.split("class=\"swarm\"").nth(1).unwrap();
    assert!(swarm.contains("data-login=\"db.wang\""), "{swarm}");
    assert!(swarm.contains("database"));

    // Swarm members see the ticket marked as theirs in the queue.
    let queue = app.get("/api/v1/tickets").await.json();
    assert_eq!(queue["tickets"][0]["swarm"], json!(["db.wang"]));
    assert_eq!(queue["tickets"][0]["escalated"], false, "not yet an hour");
    app.sign_in_as("db.wang", Role::Agent).await;
    let page = app.get("/").await;
    let row = page.body.split("class=\"queue-row").nth(1).unwrap();
    assert!(row.contains("Your swarm"), "{row}");
    app.sign_in_as("lead", Role::Lead).await;
    app.act_ok(
        &number,
        json!({"action": "remove_expert", "login": "db.wang"}),
    )
    .await;
    let queue = app.get("/api/v1/tickets").await.json();
    assert_eq!(queue["tickets"][0]["swarm"], json!([]));
}

#[tokio::test]
async fn r11_an_agent_escalates_before_the_hour_and_leads_see_it_in_the_queue() {
    let app = TestApp::spawn().await;
    let number = app.register(p0_phone_report()).await;
    let early = refused(
        &app,
        &number,
        json!({"action": "escalate", "reason": "Needs the gateway team"}),
    )
    .await;
    assert_eq!(early["refusal"]["refusal"], "wrong_stage");
    app.walk_to(&number, Stage::DeepTroubleshooting).await;
    app.act_ok(
        &number,
        json!({"action": "escalate", "reason": "Needs the gateway team"}),
    )
    .await;
    let again = refused(
        &app,
        &number,
        json!({"action": "escalate", "reason": "Still needs them"}),
    )
    .await;
    assert_eq!(again["refusal"]["refusal"], "already_escalated");
    app.sign_in_as("lead", Role::Lead).await;
    let queue = app.get("/api/v1/tickets").await.json();
    assert_eq!(queue["tickets"][0]["escalated"], true);
}

#[tokio::test]
async fn the_ticket_page_shows_the_stepper_with_what_is_still_required() {
    let app = TestApp::spawn().await;
    let number = app.register(p0_phone_report()).await;
    app.walk_to(&number, Stage::FirstDiagnosis).await;
    let page = app.get(&format!("/tickets/{number}")).await;
    let stepper = page
        .body
        .split("class=\"stepper\"")
        .nth(1)
        .expect("stepper");
    assert!(stepper.contains("data-item=\"r04.when\""), "{stepper}");
    assert!(stepper.contains("Which button did you click"), "R05 prompt");
    assert!(
        stepper.contains("data-stage=\"self_help\" class=\"step skipped\""),
        "R07: a P0 skips self-help: {stepper}"
    );
    assert!(
        stepper.contains(
            "data-stage=\"first_diagnosis\" aria-current=\"step\" class=\"step current\""
        )
    );
    let advance = stepper.split("class=\"advance\"").nth(1).unwrap();
    let to_troubleshooting = advance
        .split("data-to=\"deep_troubleshooting\"")
        .nth(1)
        .unwrap();
    assert!(
        to_troubleshooting.contains("disabled"),
        "{to_troubleshooting}"
    );
    // The missing items by their text, each linked to its place.
    assert!(
        to_troubleshooting.contains(r##"<a href="#at-r04-when">When did it happen?</a>"##),
        "{to_troubleshooting}"
    );
    assert!(stepper.contains(r#"id="at-r04-when""#), "{stepper}");
    // A P0 is never offered self-help; the progress line says why.
    assert!(!advance.contains("data-to=\"self_help\""), "{advance}");
    assert!(stepper.contains("class=\"skipped-why\""), "{stepper}");

    app.complete_checklist(&number).await;
    let page = app.get(&format!("/tickets/{number}")).await;
    let advance = page.body.split("class=\"advance\"").nth(1).unwrap();
    assert!(advance.contains("data-to=\"deep_troubleshooting\" data-ready=\"true\""));
    assert!(!advance.contains("data-to=\"self_help\""));
}
