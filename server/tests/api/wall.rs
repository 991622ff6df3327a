//! The wall display: lanes by priority with breaches first, escalations and
//! swarms, today's figures, and access for leads and display tokens.

use crate::helpers::{TestApp, draft_with, p0_phone_report};
use chrono::TimeDelta;
use firstline_app::domain::{Role, Stage};
use http::StatusCode;
use serde_json::{Value, json};

async fn wall_of(app: &TestApp) -> Value {
    let reply = app.call("/api/wall", &[]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()
}

fn lane<'a>(wall: &'a Value, priority: &str) -> &'a Value {
    wall["lanes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|lane| lane["priority"] == priority)
        .expect("a lane for every priority")
}

fn numbers(rows: &Value) -> Vec<&str> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|row| row["number"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn r03_the_wall_puts_breached_tickets_first_in_their_lane_and_counts_the_day() {
    lanes_and_figures(TestApp::spawn().await).await;
}

#[tokio::test]
async fn r03_the_wall_counts_the_same_on_postgres() {
    let Some(db) = crate::databases::postgres().await else {
        return;
    };
    lanes_and_figures(TestApp::on(db).await).await;
}

async fn lanes_and_figures(app: TestApp) {
    let late = app.register(p0_phone_report()).await;
    let minor = app
        .register(draft_with(
            json!({"impact": "negligible", "urgency": "low"}),
        ))
        .await;
    // The P0 response target is 30 minutes: `late` breaches it, and a P0
    // reported after it is not due yet.
    app.clock.advance(TimeDelta::minutes(31));
    app.desk.sla_sweep().await.unwrap();
    let fresh = app.register(p0_phone_report()).await;

    app.sign_in_as("lead", Role::Lead).await;
    let wall = wall_of(&app).await;
    let p0 = lane(&wall, "P0");
    assert_eq!(numbers(&p0["rows"]), [late.as_str(), fresh.as_str()]);
    assert_eq!(p0["hidden"], 0);
    assert_eq!(numbers(&lane(&wall, "P3")["rows"]), [minor.as_str()]);
    assert!(lane(&wall, "P1")["rows"].as_array().unwrap().is_empty());
    let figures = &wall["figures"];
    assert_eq!(figures["new"], 3);
    assert_eq!(figures["open"], 3);
    assert_eq!(figures["breached"], 1);
    assert_eq!(figures["resolved"], 0);
    assert_eq!(figures["met_sla_percent"], Value::Null);
    assert_eq!(figures["mttr_minutes"], Value::Null);
    assert!(wall["attention"].as_array().unwrap().is_empty());

    // Resolved today: one ticket that breached, one that did not.
    app.sign_in_as("agent", Role::Agent).await;
    for number in [&late, &minor] {
        app.walk_to(number, Stage::Verification).await;
    }
    app.sign_in_as("lead", Role::Lead).await;
    let figures = wall_of(&app).await["figures"].clone();
    assert_eq!(figures["resolved"], 2, "{figures}");
    assert_eq!(figures["met_sla_percent"], 50);
    assert!(figures["mttr_minutes"].as_i64().unwrap() >= 31);
}

#[tokio::test]
async fn r11_the_wall_lists_swarmed_tickets_with_their_experts() {
    let app = TestApp::spawn().await;
    let number = app.register(p0_phone_report()).await;
    app.account("expert", Role::Agent).await;
    app.walk_to(&number, Stage::DeepTroubleshooting).await;
    app.sign_in_as("lead", Role::Lead).await;
    app.act_ok(
        &number,
        json!({"action": "add_expert", "login": "expert", "role": "database"}),
    )
    .await;
    let wall = wall_of(&app).await;
    assert_eq!(numbers(&wall["attention"]), [number.as_str()]);
    assert_eq!(wall["attention"][0]["swarm"], json!(["expert"]));
    assert_eq!(wall["attention_hidden"], 0);
}

#[tokio::test]
async fn a_display_opens_the_wall_with_its_token_and_keeps_it_until_revoked() {
    let app = TestApp::spawn().await;
    app.register(p0_phone_report()).await;
    assert_eq!(
        app.call("/api/wall", &[]).await.status,
        StatusCode::FORBIDDEN,
        "agents work the queue; the wall is for leads"
    );
    app.sign_in_as("lead", Role::Lead).await;
    let issued = app
        .call("/api/displays/create", &[("name", "Wall by the window")])
        .await
        .json();
    let secret = issued["secret"].as_str().unwrap().to_owned();
    let id = issued["info"]["id"].as_i64().unwrap().to_string();

    // The TV has no session: it opens the wall's address with the token.
    app.forget_session();
    let page = app.get(&format!("/wall?token={secret}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("FL-00001"), "the board is rendered");
    let cookie = page
        .headers
        .get_all(http::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("firstline_display="))
        .expect("the token is kept in a cookie")
        .to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let cookie = cookie.split(';').next().unwrap().to_owned();

    // The wall's own requests then carry only the cookie.
    app.set_session_cookie(Some(cookie.clone()));
    assert_eq!(app.call("/api/wall", &[]).await.status, StatusCode::OK);
    assert_eq!(
        app.get("/api/v1/events?follow=false").await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/api/v1/tickets/FL-00001").await.status,
        StatusCode::FORBIDDEN,
        "a display reads the wall, not the tickets"
    );
    // A token is honoured on the wall's address only.
    app.forget_session();
    assert_eq!(
        app.call(&format!("/api/wall?token={secret}"), &[])
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    app.sign_in_as("lead", Role::Lead).await;
    app.call("/api/displays/revoke", &[("id", &id)]).await;
    app.set_session_cookie(Some(cookie));
    assert_eq!(
        app.call("/api/wall", &[]).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn r18_the_wall_counts_todays_satisfaction_and_response_rate() {
    survey_figures(TestApp::spawn().await).await;
}

#[tokio::test]
async fn r18_the_wall_counts_the_survey_the_same_on_postgres() {
    let Some(db) = crate::databases::postgres().await else {
        return;
    };
    survey_figures(TestApp::on(db).await).await;
}

/// Closes a ticket whose reporter gave an address (the survey goes out),
/// and returns its status link's token.
async fn closed_with_survey(app: &TestApp) -> String {
    let number = app
        .register(draft_with(json!({"reporter_email": "li.wei@example.com"})))
        .await;
    app.walk_to(&number, Stage::Closed).await;
    let link = app
        .call(
            "/api/ticket/status-link",
            &[("number", number.as_str()), ("renew", "false")],
        )
        .await;
    link.json()["path"].as_str().unwrap()[3..].to_owned()
}

async fn rate(app: &TestApp, token: &str, rating: &str) {
    let reply = app
        .call(
            "/api/status/survey",
            &[("token", token), ("rating", rating), ("comment", "")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
}

async fn survey_figures(app: TestApp) {
    app.sign_in_as("lead", Role::Lead).await;
    let figures = wall_of(&app).await["figures"].clone();
    assert_eq!(figures["survey_answers"], 0);
    assert_eq!(figures["satisfied_percent"], Value::Null);
    assert_eq!(figures["response_rate_percent"], Value::Null);

    let happy = closed_with_survey(&app).await;
    let unhappy = closed_with_survey(&app).await;
    closed_with_survey(&app).await;
    rate(&app, &happy, "neutral").await;
    rate(&app, &happy, "very_satisfied").await;
    rate(&app, &unhappy, "dissatisfied").await;
    // A trainee's practice answers count nowhere.
    app.sign_in_as("trainee", Role::Trainee).await;
    let practice = closed_with_survey(&app).await;
    rate(&app, &practice, "satisfied").await;

    app.sign_in_as("lead", Role::Lead).await;
    let figures = wall_of(&app).await["figures"].clone();
    assert_eq!(figures["survey_answers"], 2, "one per closure: {figures}");
    assert_eq!(figures["satisfied_percent"], 50, "{figures}");
    assert_eq!(figures["response_rate_percent"], 67, "2 of 3: {figures}");
    let page = app.get("/wall").await;
    assert!(page.body.contains("50% (2)"), "{}", page.body);
    assert!(page.body.contains("67%"), "{}", page.body);
}
