//! Knowledge articles through the JSON API, the server functions and the
//! pages (R19): a solved case becomes an article that the next agent finds.

use crate::helpers::{TestApp, draft_with, encode};
use firstline_app::domain::{Role, Stage};
use http::StatusCode;
use serde_json::{Value, json};

/// A P0 of a gateway outage, taken to closed with its root cause,
/// workaround and fix recorded.
async fn solved_outage(app: &TestApp) -> String {
    let number = app
        .register(draft_with(json!({
            "symptom_steps": "点击支付后页面报错",
            "error_text": "nginx 502 Bad Gateway",
            "impact_scope": "所有门店",
        })))
        .await;
    app.walk_to(&number, Stage::DeepTroubleshooting).await;
    app.act_ok(
        &number,
        json!({"action": "root_cause_found", "summary": "网关证书过期"}),
    )
    .await;
    app.walk_to(&number, Stage::Handling).await;
    app.act_ok(
        &number,
        json!({"action": "workaround_applied", "description": "切换到备用网关"}),
    )
    .await;
    app.walk_to(&number, Stage::Closed).await;
    number
}

async fn draft(app: &TestApp, number: &str) -> Value {
    let reply = app
        .post_json(
            &format!("/api/v1/tickets/{number}/article"),
            &json!({}),
            &[],
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    reply.json()
}

#[tokio::test]
async fn r19_a_closed_ticket_drafts_an_article_from_what_its_log_recorded() {
    let app = TestApp::spawn().await;
    let number = solved_outage(&app).await;
    let article = draft(&app, &number).await;
    assert_eq!(article["number"], "KB-1");
    assert_eq!(article["state"], "draft");
    assert_eq!(article["tickets"], json!([number]));
    let body = &article["body"];
    assert_eq!(body["title"], "点击支付后页面报错");
    assert_eq!(body["symptom"], "点击支付后页面报错\nnginx 502 Bad Gateway");
    assert_eq!(body["cause"], "网关证书过期");
    assert_eq!(body["workaround"], "切换到备用网关");
    assert_eq!(body["fix"], "Renewed the certificate");
    assert!(
        body["evidence"].as_str().unwrap().contains("Since 09:00"),
        "the checklists' answers: {body}"
    );
    let log = app.ticket(&number).await["events"].clone();
    let last = log.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["change"]["kind"], "article_linked");
    assert_eq!(last["change"]["drafted"], true);

    // One article per ticket; an open ticket drafts none.
    let again = app
        .post_json(
            &format!("/api/v1/tickets/{number}/article"),
            &json!({}),
            &[],
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again.json()["fields"][0]["field"], "article");
    let open = app.register(draft_with(json!({}))).await;
    let early = app
        .post_json(&format!("/api/v1/tickets/{open}/article"), &json!({}), &[])
        .await;
    assert_eq!(
        early.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        early.body
    );
    assert_eq!(early.json()["refusal"]["refusal"], "wrong_stage");
}

#[tokio::test]
async fn r19_agents_edit_leads_publish_and_every_save_is_a_version() {
    let app = TestApp::spawn().await;
    let number = solved_outage(&app).await;
    draft(&app, &number).await;
    let save = |version: i64, fix: &str, publish: bool| {
        json!({
            "version": version,
            "title": "支付网关证书过期",
            "symptom": "点击支付后 502",
            "fix": fix,
            "fault_type": "network",
            "publish": publish,
        })
    };
    let reply = app
        .post_json("/api/v1/kb/KB-1", &save(1, "certbot renew", true), &[])
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "agents do not publish");
    let reply = app
        .post_json("/api/v1/kb/KB-1", &save(1, "certbot renew", false), &[])
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["version"], 2);
    let stale = app
        .post_json("/api/v1/kb/KB-1", &save(1, "other", false), &[])
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let mut bad = save(2, "", false);
    bad["title"] = json!("");
    bad["fault_type"] = json!("printer");
    let reply = app.post_json("/api/v1/kb/KB-1", &bad, &[]).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = reply.json();
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["title", "fault_type"]);

    app.sign_in_as("lead", Role::Lead).await;
    let reply = app
        .post_json("/api/v1/kb/KB-1", &save(2, "certbot renew", true), &[])
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["state"], "published");
    let view = app.get("/api/v1/kb/KB-1").await.json();
    let authors: Vec<&str> = view["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["author"].as_str().unwrap())
        .collect();
    assert_eq!(authors.len(), 3);
    assert_eq!(authors[2], "lead");
    assert_eq!(view["may_publish"], true);
    assert_eq!(
        app.get("/api/v1/kb/KB-9").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/api/v1/kb/nonsense").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn r19_a_new_ticket_links_a_known_issue_and_finds_it_while_typed() {
    let app = TestApp::spawn().await;
    let number = solved_outage(&app).await;
    draft(&app, &number).await;
    app.sign_in_as("lead", Role::Lead).await;
    let publish = json!({
        "version": 1, "title": "支付网关证书过期", "symptom": "点击支付后 502",
        "cause": "网关证书过期", "fault_type": "network", "publish": true,
    });
    let reply = app.post_json("/api/v1/kb/KB-1", &publish, &[]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    app.sign_in_as("agent", Role::Agent).await;

    // Typed at intake, the published article comes first among similar cases.
    let reply = app
        .call(
            "/api/similar",
            &[("text", "今天支付又报 502，证书过期了吗")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let cases = reply.json();
    let ids: Vec<&str> = cases
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["number"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"KB-1"), "{cases}");
    let found = app
        .get(&format!("/api/v1/search?q={}", encode("证书过期")))
        .await
        .json();
    assert!(
        found["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["kind"] == "article" && r["number"] == "KB-1"),
        "{found}"
    );

    let new = app.register(draft_with(json!({}))).await;
    let unknown = app
        .act(&new, json!({"action": "link_article", "article": "KB-7"}))
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown.json()["fields"][0]["field"], "article");
    app.act_ok(&new, json!({"action": "link_article", "article": "KB-1"}))
        .await;
    let twice = app
        .act(&new, json!({"action": "link_article", "article": "KB-1"}))
        .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    let article = app.get("/api/v1/kb/KB-1").await.json();
    assert_eq!(article["article"]["uses"], 1);
    assert_eq!(article["article"]["tickets"], json!([number, new]));
    let page = app.get(&format!("/tickets/{new}")).await;
    assert!(
        page.body.contains("href=\"/kb/KB-1\""),
        "the ticket shows its article"
    );
}

#[tokio::test]
async fn r19_the_knowledge_pages_list_and_show_articles_and_a_sandbox_sees_none() {
    let app = TestApp::spawn().await;
    let number = solved_outage(&app).await;
    let list = app.get("/kb").await;
    assert!(list.body.contains("No articles yet"));
    let ticket_page = app.get(&format!("/tickets/{number}")).await;
    assert!(ticket_page.body.contains("Draft a knowledge article"));
    // Without JavaScript the draft button posts and lands on the article.
    let reply = app
        .post_form(
            "/api/kb/draft",
            &[("ticket", &number)],
            &format!("/tickets/{number}"),
        )
        .await;
    assert!(
        reply.status.is_redirection(),
        "{} {}",
        reply.status,
        reply.body
    );
    assert_eq!(reply.header(http::header::LOCATION), "/kb/KB-1");
    let page = app.get("/kb/KB-1").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("网关证书过期"));
    assert!(page.body.contains("name=\"draft[title]\""), "agents edit");
    assert!(
        !page.body.contains("name=\"publish\""),
        "only leads publish"
    );
    let list = app.get("/kb").await;
    assert!(list.body.contains("href=\"/kb/KB-1\""));

    app.sign_in_as("trainee", Role::Trainee).await;
    let theirs = app.get("/api/v1/kb").await.json();
    assert_eq!(theirs["articles"], json!([]));
    assert_eq!(
        app.get("/api/v1/kb/KB-1").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn r19_archiving_is_refused_until_an_article_or_a_reason_is_given() {
    let app = TestApp::spawn().await;
    let number = solved_outage(&app).await;
    let refused = app
        .act(&number, json!({"action": "move_to", "stage": "archived"}))
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    let body = refused.json();
    assert_eq!(body["refusal"]["refusal"], "blocked");
    assert_eq!(
        body["refusal"]["needs"],
        json!([{"needs": "knowledge"}, {"needs": "review"}]),
        "{body}"
    );
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("knowledge article")
    );
    // The ticket's page shows the same need on the move.
    let page = app.get(&format!("/tickets/{number}")).await;
    assert!(
        page.body.contains("A knowledge article, drafted or linked"),
        "the stepper shows it"
    );

    let empty = app
        .act(
            &number,
            json!({"action": "no_article_needed", "reason": " "}),
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    app.act_ok(
        &number,
        json!({"action": "no_article_needed", "reason": "证书续期已自动化，不会再发生"}),
    )
    .await;
    // A P0 is archived once a lead has signed its review off (R19).
    app.sign_in_as("lead", Role::Lead).await;
    app.act_ok(
        &number,
        json!({"action": "save_review", "review": {
            "state": "done",
            "summary": "网关证书过期",
            "real_impact": "所有门店无法支付",
            "factors": ["证书手工续期"],
            "items": [{"text": "证书到期告警", "owner": "lead", "due": "2026-12-10"}],
        }}),
    )
    .await;
    app.act_ok(&number, json!({"action": "move_to", "stage": "archived"}))
        .await;
    let ticket = app.ticket(&number).await;
    assert_eq!(ticket["ticket"]["stage"], "archived");
    // Archived, it is still found, and listed among the archived.
    let listed = app.get("/api/v1/tickets/all?stage=archived").await.json();
    assert_eq!(listed["tickets"][0]["number"], number.as_str());
    let found = app
        .get(&format!("/api/v1/search?q={}", encode("网关证书过期")))
        .await
        .json();
    assert_eq!(found["results"][0]["number"], number.as_str());
}
