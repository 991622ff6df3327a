//! Training scenarios through the JSON API (issue: training mode): the list
//! trainees choose from, and export, import and edit by leads.

use crate::databases;
use crate::helpers::{TestApp, draft_with};
use firstline_app::domain::{AuditAction, Role, Stage};
use http::StatusCode;
use serde_json::{Value, json};

const P0: &str = "/api/v1/training/scenarios/payment-outage";

async fn export(app: &TestApp, path: &str) -> Value {
    let reply = app.get(path).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()
}

#[tokio::test]
async fn trainees_list_the_shipped_scenarios_without_their_answer_keys() {
    let app = TestApp::spawn().await;
    app.sign_in_as("tina", Role::Trainee).await;
    let reply = app.get("/api/v1/training/scenarios").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let list = reply.json();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 7);
    let p0 = list.iter().find(|s| s["id"] == "payment-outage").unwrap();
    assert_eq!(p0["version"], 1);
    assert_eq!(p0["shipped"], true);
    assert_eq!(p0["channel"], "im");
    assert_eq!(p0["title"]["zh-CN"], "所有用户无法支付");
    for answer in [
        "priority",
        "P0",
        "critical",
        "root_cause",
        "idx_orders_order_no",
    ] {
        assert!(
            !reply.body.contains(answer),
            "the list gives no answer away ({answer}): {}",
            reply.body
        );
    }
    // The whole document, answers and all, is for leads.
    assert_eq!(app.get(P0).await.status, StatusCode::FORBIDDEN);
    let scenario = firstline_app::domain::training::shipped_scenario("payment-outage");
    let save = json!({"based_on": 1, "scenario": scenario, "note": "mine now"});
    assert_eq!(
        app.post_json(P0, &save, &[]).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn training_scenarios_export_import_and_version_on_sqlite() {
    scenarios_round_trip(TestApp::spawn().await).await;
}

#[tokio::test]
async fn training_scenarios_export_import_and_version_on_postgres() {
    let Some(db) = databases::postgres().await else {
        return;
    };
    scenarios_round_trip(TestApp::on(db).await).await;
}

async fn scenarios_round_trip(app: TestApp) {
    app.sign_in_as("lead", Role::Lead).await;
    let exported = export(&app, P0).await;
    assert_eq!(exported["version"], 1);
    assert_eq!(exported["history"], json!([]));
    let mut scenario = exported["scenario"].clone();
    assert_eq!(scenario["key"]["urgency"], "critical");

    // An edit is the next version, and the list shows it.
    scenario["title"]["en"] = "P0: payments fail everywhere".into();
    let edit = json!({"based_on": 1, "scenario": scenario, "note": "Clearer title"});
    let reply = app.post_json(P0, &edit, &[]).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(reply.header(http::header::LOCATION), P0);
    assert_eq!(reply.json()["version"], 2);
    let again = export(&app, P0).await;
    assert_eq!(again["scenario"], scenario);
    assert_eq!(again["history"][0]["version"], 2);
    assert_eq!(again["history"][0]["note"], "Clearer title");
    let list = app.get("/api/v1/training/scenarios").await.json();
    let listed = list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "payment-outage")
        .unwrap()
        .clone();
    assert_eq!(listed["version"], 2);
    assert_eq!(listed["shipped"], false);
    assert_eq!(listed["title"]["en"], "P0: payments fail everywhere");

    // An edit made from an older version is refused: nothing is lost.
    let stale = app.post_json(P0, &edit, &[]).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);

    // A lead's own scenario, imported from an export under a new id.
    let mut own = scenario.clone();
    own["id"] = "p0-payments-at-night".into();
    let import = json!({"based_on": 0, "scenario": own, "note": "Imported"});
    let path = "/api/v1/training/scenarios/p0-payments-at-night";
    let reply = app.post_json(path, &import, &[]).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(reply.json()["version"], 1);
    assert_eq!(export(&app, path).await["scenario"], own);
    let list = app.get("/api/v1/training/scenarios").await.json();
    assert_eq!(list.as_array().unwrap().len(), 8);
    assert_eq!(list[7]["id"], "p0-payments-at-night");

    // Each save is in the audit log, by whom and why.
    app.sign_in_as("admin", Role::Admin).await;
    let audit = app.audit_log().await;
    let saved: Vec<_> = audit
        .iter()
        .filter(|e| e.action == AuditAction::ScenarioSaved)
        .map(|e| (e.subject.as_str(), e.detail.as_str(), e.actor.as_str()))
        .collect();
    assert!(
        saved.contains(&("Scenario payment-outage v2", "Clearer title", "lead")),
        "{saved:?}"
    );
    assert!(saved.contains(&("Scenario p0-payments-at-night v1", "Imported", "lead")));
}

#[tokio::test]
async fn a_bad_scenario_is_refused_naming_each_field_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    app.sign_in_as("lead", Role::Lead).await;
    let mut scenario = export(&app, P0).await["scenario"].clone();
    scenario["report"]["channel"] = "phone".into();
    scenario["reporter"]["answers"]
        .as_object_mut()
        .unwrap()
        .remove("r04.when");
    scenario["key"]["workaround"] = Value::Null;
    scenario["evidence"][0]["item"] = "r99.nowhere".into();
    let reply = app
        .post_json(
            P0,
            &json!({"based_on": 1, "scenario": scenario, "note": ""}),
            &[],
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    let mut fields: Vec<String> = reply.json()["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_owned())
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        ["answer", "caller_says", "item", "note", "workaround"],
        "{}",
        reply.body
    );

    // A document under another scenario's path is not saved there.
    let other = export(&app, P0).await["scenario"].clone();
    let reply = app
        .post_json(
            "/api/v1/training/scenarios/export-blocked",
            &json!({"based_on": 1, "scenario": other, "note": "Wrong place"}),
            &[],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["fields"][0]["field"], "scenario");

    // A document that does not read names where it breaks.
    let mut broken = export(&app, P0).await["scenario"].clone();
    broken["key"]["urgency"] = "whenever".into();
    let reply = app
        .post_json(
            P0,
            &json!({"based_on": 1, "scenario": broken, "note": "Broken"}),
            &[],
        )
        .await;
    assert!(reply.status.is_client_error(), "{}", reply.body);
    assert!(
        reply.body.contains("scenario.key.urgency"),
        "{}",
        reply.body
    );

    assert_eq!(export(&app, P0).await["version"], 1, "nothing was saved");
    let unknown = app.get("/api/v1/training/scenarios/no-such-thing").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_solved_ticket_drafts_a_scenario_with_names_contacts_and_addresses_masked() {
    let app = TestApp::spawn().await;
    let number = app
        .register(draft_with(json!({
            "contact": "Wang Fang, ext. 4410, wang.fang@example.com",
            "symptom_steps": "Wang Fang cannot open the ledger; call 139 0000 1234",
            "error_text": "upstream 10.0.4.21 timed out",
        })))
        .await;
    let path = format!("/api/v1/tickets/{number}/scenario");
    app.sign_in_as("lead", Role::Lead).await;
    let open = app.get(&path).await;
    assert_eq!(
        open.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        open.body
    );
    assert_eq!(open.json()["refusal"]["refusal"], "wrong_stage");
    app.sign_in_as("agent", Role::Agent).await;
    app.walk_to(&number, Stage::DeepTroubleshooting).await;
    app.act_ok(
        &number,
        json!({"action": "root_cause_found", "summary": "Wang Fang's script dropped the ledger index"}),
    )
    .await;
    app.walk_to(&number, Stage::Handling).await;
    app.act_ok(
        &number,
        json!({"action": "workaround_applied", "description": "Read-only ledger from the standby"}),
    )
    .await;
    app.walk_to(&number, Stage::Closed).await;
    assert_eq!(
        app.get(&path).await.status,
        StatusCode::FORBIDDEN,
        "leads only"
    );

    app.sign_in_as("lead", Role::Lead).await;
    let reply = app.get(&path).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    for secret in [
        "Wang Fang",
        "wang.fang",
        "4410",
        "139 0000 1234",
        "10.0.4.21",
    ] {
        assert!(!reply.body.contains(secret), "{secret} in {}", reply.body);
    }
    let draft = reply.json();
    assert_eq!(draft["based_on"], 0);
    let scenario = &draft["scenario"];
    assert_eq!(scenario["id"], "from-fl-00001");
    assert_eq!(
        scenario["report"]["symptom"]["en"],
        "*** cannot open the ledger; call ***"
    );
    assert_eq!(scenario["report"]["error_text"], "upstream *** timed out");
    assert_eq!(
        scenario["report"]["caller_says"]["en"],
        scenario["report"]["symptom"]["en"]
    );
    assert_eq!(scenario["key"]["impact"], "widespread");
    assert_eq!(
        scenario["key"]["root_cause"]["en"],
        "***'s script dropped the ledger index"
    );
    assert_eq!(
        scenario["key"]["workaround"]["en"],
        "Read-only ledger from the standby"
    );
    assert_eq!(scenario["key"]["fix"]["en"], "Renewed the certificate");
    assert_eq!(scenario["key"]["self_help"], false);
    assert_eq!(
        scenario["reporter"]["answers"]["r04.when"]["en"],
        "Since 09:00, Chrome 131"
    );
    let timeline = scenario["key"]["timeline"].as_array().unwrap();
    assert_eq!(timeline[0]["what"]["en"], "Registered as P0");
    assert_eq!(timeline[0]["what"]["zh-CN"], "登记为 P0");
    assert!(
        timeline
            .iter()
            .any(|s| s["what"]["zh-CN"] == "通过用户确认"),
        "{timeline:?}"
    );

    // Reviewed, it saves as the lead's own scenario, which trainees see.
    let saved = app
        .post_json("/api/v1/training/scenarios/from-fl-00001", &draft, &[])
        .await;
    assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.body);
    let again = app.get(&path).await.json();
    assert_eq!(
        again["based_on"], 1,
        "a second draft would be its next version"
    );
    app.sign_in_as("tina", Role::Trainee).await;
    let list = app.get("/api/v1/training/scenarios").await.json();
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == "from-fl-00001" && s["channel"] == "phone")
    );
}

#[tokio::test]
async fn a_scenario_is_never_drafted_from_a_trainees_sandbox_ticket() {
    let app = TestApp::spawn().await;
    app.sign_in_as("tina", Role::Trainee).await;
    let number = app
        .register(draft_with(
            json!({"symptom_steps": "Sandbox only: the till is stuck"}),
        ))
        .await;
    app.walk_to(&number, Stage::DeepTroubleshooting).await;
    app.act_ok(
        &number,
        json!({"action": "root_cause_found", "summary": "A practice fault"}),
    )
    .await;
    app.walk_to(&number, Stage::Handling).await;
    app.act_ok(
        &number,
        json!({"action": "workaround_applied", "description": "A practice workaround"}),
    )
    .await;
    app.walk_to(&number, Stage::Closed).await;
    // The lead's desk is production, where no ticket has that number.
    app.sign_in_as("lead", Role::Lead).await;
    let reply = app.get(&format!("/api/v1/tickets/{number}/scenario")).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
    assert!(!reply.body.contains("practice"));
}
