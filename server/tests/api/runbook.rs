//! Runbooks as data: a lead's edit is a new version, new tickets follow it,
//! and a ticket keeps the version it started with.

use crate::helpers::{TestApp, p0_phone_report};
use firstline_app::domain::AuditAction;
use firstline_app::domain::{Role, Stage};
use http::StatusCode;
use serde_json::{Value, json};

/// The runbook as the API serves it, with a required check added to the
/// first diagnosis.
fn with_screenshot_check(mut runbook: Value) -> Value {
    let stages = runbook["stages"].as_array_mut().unwrap();
    let diagnosis = stages
        .iter_mut()
        .find(|s| s["stage"] == "first_diagnosis")
        .unwrap();
    diagnosis["sections"][0]["items"]
        .as_array_mut()
        .unwrap()
        .push(json!({
            "id": "r04.screenshot",
            "kind": "check",
            "text": "Screenshot of the error attached",
            "required": true
        }));
    runbook
}

fn registered_runbook(ticket: &Value) -> Value {
    ticket["events"][0]["change"]["runbook"].clone()
}

#[tokio::test]
async fn a_saved_runbook_is_a_new_version_that_only_new_tickets_follow() {
    let app = TestApp::spawn().await;
    app.sign_in_as("lead", Role::Lead).await;
    let before = app.register(p0_phone_report()).await;

    let view = app.get("/api/v1/runbook").await.json();
    assert_eq!(view["current"]["version"], 1);
    assert_eq!(view["history"], json!([]));
    let edited = with_screenshot_check(view["current"].clone());
    let saved = app
        .post_json(
            "/api/v1/runbook",
            &json!({"based_on": 1, "runbook": edited, "note": "Screenshots help the swarm"}),
            &[],
        )
        .await;
    assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.body);
    assert_eq!(saved.json()["version"], 2);
    let view = app.get("/api/v1/runbook").await.json();
    assert_eq!(view["current"]["version"], 2);
    assert_eq!(view["history"][0]["version"], 2);
    assert_eq!(view["history"][0]["created_by"], "lead");
    assert_eq!(view["history"][0]["note"], "Screenshots help the swarm");
    assert!(
        app.audit_log()
            .await
            .iter()
            .any(|e| e.action == AuditAction::RunbookSaved && e.subject == "Runbook v2")
    );
    app.sign_in_as("lead", Role::Lead).await;

    let after = app.register(p0_phone_report()).await;
    assert_eq!(registered_runbook(&app.ticket(&before).await), 1);
    assert_eq!(registered_runbook(&app.ticket(&after).await), 2);

    // The ticket registered before keeps the default checklist...
    app.walk_to(&before, Stage::DeepTroubleshooting).await;
    // ...and the new one needs the new item.
    app.walk_to(&after, Stage::FirstDiagnosis).await;
    app.complete_checklist(&after).await;
    let reply = app
        .act(
            &after,
            json!({"action": "move_to", "stage": "deep_troubleshooting"}),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    assert_eq!(
        reply.json()["refusal"]["needs"][0]["items"],
        json!(["r04.screenshot"])
    );
    app.act_ok(
        &after,
        json!({"action": "check_item", "item": "r04.screenshot"}),
    )
    .await;
    app.act_ok(
        &after,
        json!({"action": "move_to", "stage": "deep_troubleshooting"}),
    )
    .await;
    let page = app.get(&format!("/tickets/{after}")).await;
    let version = page
        .body
        .split("class=\"runbook-version\">")
        .nth(1)
        .unwrap();
    assert!(
        version[..40].contains("v2"),
        "the stepper names its version: {version}"
    );
}

#[tokio::test]
async fn a_runbook_edit_is_checked_and_a_stale_one_is_a_conflict() {
    let app = TestApp::spawn().await;
    app.sign_in_as("lead", Role::Lead).await;
    let current = app.get("/api/v1/runbook").await.json()["current"].clone();

    let mut duplicate = current.clone();
    duplicate["stages"][0]["sections"][0]["items"][1]["id"] = json!("r04.symptom");
    let reply = app
        .post_json(
            "/api/v1/runbook",
            &json!({"based_on": 1, "runbook": duplicate, "note": "Rename"}),
            &[],
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    assert_eq!(reply.json()["fields"][0]["field"], "item_id");
    assert_eq!(reply.json()["fields"][0]["reason"], "duplicate");

    let reply = app
        .post_json(
            "/api/v1/runbook",
            &json!({"based_on": 1, "runbook": current, "note": "x"}),
            &[],
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a note is required"
    );
    assert_eq!(reply.json()["fields"][0]["field"], "note");

    let save = |note: &str| json!({"based_on": 1, "runbook": current, "note": note});
    let first = app
        .post_json("/api/v1/runbook", &save("First edit"), &[])
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    let stale = app
        .post_json("/api/v1/runbook", &save("Second edit"), &[])
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert_eq!(
        app.get("/api/v1/runbook").await.json()["history"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "nothing was written by the refused edits"
    );
}

#[tokio::test]
async fn the_runbook_page_lists_every_stage_and_item_for_leads() {
    let app = TestApp::spawn().await;
    let agent = app.get("/runbook").await;
    assert_eq!(agent.status, StatusCode::FORBIDDEN);
    app.sign_in_as("lead", Role::Lead).await;
    let page = app.get("/runbook").await;
    assert_eq!(page.status, StatusCode::OK);
    for stage in [
        "first_diagnosis",
        "self_help",
        "deep_troubleshooting",
        "handling",
    ] {
        assert!(
            page.body.contains(&format!("data-stage=\"{stage}\"")),
            "{stage}"
        );
    }
    assert!(page.body.contains("data-item=\"r08.stack\""));
    // Stages without a checklist can get one; closed ones cannot.
    let adder = page.body.split("id=\"runbook-new-stage\"").nth(1).unwrap();
    let adder = &adder[..adder.find("</select>").unwrap()];
    assert!(adder.contains("value=\"intake\"") && adder.contains("value=\"verification\""));
    assert!(!adder.contains("value=\"closed\"") && !adder.contains("value=\"handling\""));
    assert!(page.body.contains("href=\"/runbook\""), "leads' navigation");
}

#[tokio::test]
async fn an_item_saved_in_one_language_shows_in_the_other_marked_as_a_fallback() {
    let app = TestApp::spawn().await;
    app.sign_in_as("lead", Role::Lead).await;
    let view = app.get("/api/v1/runbook").await.json();
    // The lead writes a new item in English only, and one in Chinese only.
    let mut edited = with_screenshot_check(view["current"].clone());
    edited["stages"][0]["sections"][0]["items"]
        .as_array_mut()
        .unwrap()
        .push(json!({
            "id": "r04.ticket",
            "kind": "check",
            "text": {"zh-CN": "已记录用户工号"},
            "required": false
        }));
    let saved = app
        .post_json(
            "/api/v1/runbook",
            &json!({"based_on": 1, "runbook": edited, "note": "Screenshots"}),
            &[],
        )
        .await;
    assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.body);
    let number = app.register(p0_phone_report()).await;
    app.walk_to(&number, Stage::FirstDiagnosis).await;

    let chinese = app
        .get_with(
            &format!("/tickets/{number}"),
            &[("cookie", "i18n_pref_locale=zh-CN")],
        )
        .await
        .body;
    // The translated items read in Chinese, unmarked...
    assert!(chinese.contains("故障是什么时间发生的？"), "{chinese}");
    // ...the English-only one in English, tagged and marked.
    assert!(
        chinese.contains(
            r#"<span lang="en" class="fallback">Screenshot of the error attached</span>"#
        ),
        "{chinese}"
    );
    assert!(chinese.contains("仅有英文"), "{chinese}");
    assert!(!chinese.contains("仅有中文"), "{chinese}");

    let english = app.get(&format!("/tickets/{number}")).await.body;
    assert!(english.contains("When did it happen?"), "{english}");
    assert!(
        english.contains(r#"<span lang="zh-CN" class="fallback">已记录用户工号</span>"#),
        "{english}"
    );
    assert!(english.contains("Chinese only"), "{english}");
    assert!(!english.contains("English only"), "{english}");
}
