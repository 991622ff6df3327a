//! Post-incident reviews (R19) through the JSON API, the server functions
//! and the pages: a closed P0 or P1 gets a review drafted from its log; the
//! team writes the rest, a lead signs it off, and only then is the ticket
//! archived. Open action items are listed for the lead and the overdue ones
//! counted on the wall, on the production desk alone.

use crate::helpers::{TestApp, draft_with};
use chrono::TimeDelta;
use firstline_app::domain::{Role, Stage};
use http::StatusCode;
use serde_json::{Value, json};

/// A review as the team writes it, in `state`, with action items due on
/// the given days (the tests start on 2026-11-26 at the desk).
fn review(state: &str, owner: &str, due: &[&str]) -> Value {
    let items: Vec<Value> = due
        .iter()
        .enumerate()
        .map(|(i, day)| {
            json!({"text": format!("Follow-up {}", i + 1), "owner": owner, "due": day, "done": false})
        })
        .collect();
    json!({
        "action": "save_review",
        "review": {
            "state": state,
            "summary": "支付网关证书过期，全部门店无法支付 40 分钟",
            "real_impact": "All 120 shops, 40 minutes without card payments",
            "factors": ["The certificate was renewed by hand", "No alert before expiry"],
            "went_well": "The swarm formed within ten minutes",
            "items": items,
        }
    })
}

async fn board(app: &TestApp) -> Value {
    let reply = app.get("/api/v1/reviews").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()
}

async fn overdue_on_wall(app: &TestApp) -> u64 {
    let reply = app.call("/api/wall", &[]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()["overdue_items"].as_u64().unwrap()
}

/// A P0 taken to closed, with a reason why no article is needed, so that
/// the review alone stands between it and the archive.
async fn closed_p0(app: &TestApp) -> String {
    let number = app.register(draft_with(json!({}))).await;
    app.walk_to(&number, Stage::Closed).await;
    app.act_ok(
        &number,
        json!({"action": "no_article_needed", "reason": "A one-off certificate lapse"}),
    )
    .await;
    number
}

#[tokio::test]
async fn r19_a_p0_is_reviewed_signed_off_by_a_lead_and_then_archived() {
    reviewed_and_archived(TestApp::spawn().await).await;
}

#[tokio::test]
async fn r19_reviews_work_the_same_on_postgres() {
    let Some(db) = crate::databases::postgres().await else {
        return;
    };
    reviewed_and_archived(TestApp::on(db).await).await;
}

async fn reviewed_and_archived(app: TestApp) {
    app.sign_in_as("lead", Role::Lead).await;
    app.sign_in_as("agent", Role::Agent).await;
    let number = closed_p0(&app).await;

    // The archive waits for the review, and says so.
    let refused = app
        .act(&number, json!({"action": "move_to", "stage": "archived"}))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.json()["refusal"]["needs"],
        json!([{"needs": "review"}])
    );

    // The page drafts the review from the log.
    let page = app.get(&format!("/tickets/{number}")).await;
    assert!(
        page.body.contains("class=\"review-panel\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("Registered as P0"));
    assert!(page.body.contains("Time in each stage"));
    assert!(
        page.body
            .contains("needs its post-incident review marked done"),
        "the stepper names what the archive waits for"
    );

    // An agent cannot sign it off; an unknown owner and a bad day are named.
    let forbidden = app
        .act(&number, review("done", "agent", &["2026-12-01"]))
        .await;
    assert_eq!(
        forbidden.status,
        StatusCode::FORBIDDEN,
        "{}",
        forbidden.body
    );
    let unknown = app
        .act(&number, review("in_review", "nobody", &["2026-12-01"]))
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown.json()["fields"][0]["field"], "owner");
    let bad_day = app
        .act(&number, review("in_review", "agent", &["next week"]))
        .await;
    assert_eq!(bad_day.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad_day.json()["fields"][0]["field"], "due");
    assert_eq!(bad_day.json()["fields"][0]["reason"], "bad_date");
    let unstated = app
        .act(
            &number,
            json!({"action": "save_review", "review": {"summary": "x"}}),
        )
        .await;
    assert_eq!(unstated.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unstated.json()["fields"][0]["field"], "review_state");

    // Written and sent for review, with one item due yesterday at the desk
    // and one due today.
    app.act_ok(
        &number,
        review("in_review", "agent", &["2026-11-25", "2026-11-26"]),
    )
    .await;
    let log = app.ticket(&number).await["events"].clone();
    let last = log.as_array().unwrap().last().unwrap();
    assert_eq!(last["change"]["kind"], "review_saved");
    assert_eq!(last["change"]["review"]["state"], "in_review");

    app.sign_in_as("lead", Role::Lead).await;
    let seen = board(&app).await;
    assert_eq!(seen["pending"][0]["number"], number.as_str());
    assert_eq!(seen["pending"][0]["state"], "in_review");
    let items = seen["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["due"], "2026-11-25");
    assert_eq!(items[0]["overdue"], true);
    assert_eq!(items[1]["overdue"], false, "due today is not overdue");
    assert_eq!(overdue_on_wall(&app).await, 1);
    let page = app.get("/reviews").await;
    assert!(page.body.contains("Follow-up 1"), "{}", page.body);

    // The lead signs it off; the ticket is archived and leaves the pending
    // list, while its follow-ups stay open.
    app.act_ok(
        &number,
        review("done", "agent", &["2026-11-25", "2026-11-26"]),
    )
    .await;
    app.act_ok(&number, json!({"action": "move_to", "stage": "archived"}))
        .await;
    let seen = board(&app).await;
    assert_eq!(seen["pending"], json!([]));
    assert_eq!(seen["items"].as_array().unwrap().len(), 2);

    // A day later both are overdue; once one is done, one is left.
    app.clock.advance(TimeDelta::days(1));
    assert_eq!(overdue_on_wall(&app).await, 2);
    let mut ticked = review("done", "agent", &["2026-11-25", "2026-11-26"]);
    ticked["review"]["items"][0]["done"] = json!(true);
    app.sign_in_as("agent", Role::Agent).await;
    app.act_ok(&number, ticked).await;
    app.sign_in_as("lead", Role::Lead).await;
    assert_eq!(overdue_on_wall(&app).await, 1);
    let seen = board(&app).await;
    assert_eq!(seen["items"][0]["text"], "Follow-up 2");

    // An archived ticket's review stays done.
    let reopened = app.act(&number, review("draft", "agent", &[])).await;
    assert_eq!(reopened.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reopened.json()["fields"][0]["field"], "review_state");
}

#[tokio::test]
async fn r19_only_p0_and_p1_get_a_review() {
    let app = TestApp::spawn().await;
    let minor = app
        .register(draft_with(
            json!({"impact": "individual", "urgency": "medium"}),
        ))
        .await;
    app.walk_to(&minor, Stage::Closed).await;
    let refused = app.act(&minor, review("draft", "agent", &[])).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json()["refusal"]["refusal"], "no_review");
    let page = app.get(&format!("/tickets/{minor}")).await;
    assert!(!page.body.contains("class=\"review-panel\""));
}

#[tokio::test]
async fn r19_a_sandbox_review_never_reaches_the_production_lead_or_wall() {
    let app = TestApp::spawn().await;
    app.sign_in_as("trainee", Role::Trainee).await;
    let number = closed_p0(&app).await;
    app.act_ok(&number, review("in_review", "trainee", &["2026-11-20"]))
        .await;
    // The trainee follows no board of their own: that is a lead's.
    assert_eq!(
        app.get("/api/v1/reviews").await.status,
        StatusCode::FORBIDDEN
    );
    app.sign_in_as("lead", Role::Lead).await;
    let seen = board(&app).await;
    assert_eq!(seen["pending"], json!([]));
    assert_eq!(seen["items"], json!([]));
    assert_eq!(overdue_on_wall(&app).await, 0);
}

#[tokio::test]
async fn r19_a_review_proposal_becomes_a_runbook_version_that_names_it() {
    proposal_applied(TestApp::spawn().await).await;
}

#[tokio::test]
async fn r19_review_proposals_work_the_same_on_postgres() {
    let Some(db) = crate::databases::postgres().await else {
        return;
    };
    proposal_applied(TestApp::on(db).await).await;
}

async fn proposal_applied(app: TestApp) {
    app.sign_in_as("agent", Role::Agent).await;
    app.sign_in_as("lead", Role::Lead).await;
    let number = closed_p0(&app).await;
    let apply = async |review: &str| {
        let current = app.get("/api/v1/runbook").await.json();
        app.post_json(
            "/api/v1/runbook",
            &json!({
                "based_on": current["current"]["version"],
                "runbook": current["current"],
                "note": "Check the certificate's expiry in deep troubleshooting",
                "review": review,
            }),
            &[],
        )
        .await
    };
    let field = |reply: &crate::helpers::Reply| {
        let first = reply.json()["fields"][0].clone();
        json!({"field": first["field"], "reason": first["reason"]})
    };

    // A review that proposes nothing yet, or is not signed off, is refused.
    let mut proposing = review("in_review", "agent", &["2026-12-01"]);
    proposing["review"]["proposal"] = json!("Add a certificate-expiry check to R08");
    app.act_ok(&number, proposing.clone()).await;
    let early = apply(&number).await;
    assert_eq!(
        early.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        early.body
    );
    assert_eq!(
        field(&early),
        json!({"field": "review", "reason": "no_proposal"})
    );
    assert_eq!(board(&app).await["proposals"], json!([]), "not signed off");
    let unknown = apply("FL-09999").await;
    assert_eq!(
        field(&unknown),
        json!({"field": "review", "reason": "unknown"})
    );

    // Signed off, it waits on the lead's board until a version applies it.
    proposing["review"]["state"] = json!("done");
    app.act_ok(&number, proposing).await;
    let seen = board(&app).await;
    assert_eq!(seen["proposals"][0]["number"], number.as_str());
    assert_eq!(
        seen["proposals"][0]["proposal"],
        "Add a certificate-expiry check to R08"
    );
    let page = app.get("/reviews").await;
    assert!(
        page.body.contains(&format!("/runbook?review={number}")),
        "{}",
        page.body
    );
    let saved = apply(&number).await;
    assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.body);
    let version = saved.json()["version"].clone();

    // The version names the review; the review's log says which version.
    let view = app.get("/api/v1/runbook").await.json();
    assert_eq!(view["history"][0]["version"], version);
    assert_eq!(view["history"][0]["review"], number.as_str());
    let log = app.ticket(&number).await["events"].clone();
    let last = log.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["actor"], "lead");
    assert_eq!(
        last["change"],
        json!({"kind": "proposal_applied", "runbook": version})
    );
    assert_eq!(board(&app).await["proposals"], json!([]));

    // Once applied it is not applied again, and nothing is written.
    let again = apply(&number).await;
    assert_eq!(
        field(&again),
        json!({"field": "review", "reason": "already_applied"})
    );
    let current = app.get("/api/v1/runbook").await.json();
    assert_eq!(current["current"]["version"], version);

    // Only a lead applies one.
    let other = closed_p0(&app).await;
    let mut proposing = review("done", "agent", &["2026-12-01"]);
    proposing["review"]["proposal"] = json!("Page the lead on duty");
    app.act_ok(&other, proposing).await;
    let current = app.get("/api/v1/runbook").await.json()["current"].clone();
    app.sign_in_as("agent", Role::Agent).await;
    let by_agent = app
        .post_json(
            "/api/v1/runbook",
            &json!({"based_on": version, "runbook": current, "note": "Page", "review": other}),
            &[],
        )
        .await;
    assert_eq!(by_agent.status, StatusCode::FORBIDDEN, "{}", by_agent.body);
}
