//! The satisfaction survey (R18): sent on closing, answered on the status
//! page by a POST only, one answer per closure that the reporter may
//! change while the link works, retired by a reopening.

use crate::helpers::{Reply, TestApp, draft_with};
use crate::smtp::SmtpSink;
use chrono::TimeDelta;
use firstline_app::domain::{Role, Stage};
use http::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;

/// The token of the ticket's status link.
async fn token_of(app: &TestApp, number: &str) -> String {
    let reply = app
        .call(
            "/api/ticket/status-link",
            &[("number", number), ("renew", "false")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()["path"].as_str().unwrap()[3..].to_owned()
}

async fn answer(app: &TestApp, token: &str, rating: &str, comment: &str) -> Reply {
    app.forget_session();
    app.call(
        "/api/status/survey",
        &[("token", token), ("rating", rating), ("comment", comment)],
    )
    .await
}

async fn survey(app: &TestApp, token: &str) -> Value {
    app.forget_session();
    app.call("/api/status", &[("token", token)]).await.json()["survey"].clone()
}

async fn survey_entries(app: &TestApp, number: &str) -> Vec<Value> {
    app.sign_in_as("agent", Role::Agent).await;
    app.ticket(number).await["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["change"]["kind"] == "survey_answered")
        .map(|e| e["change"].clone())
        .collect()
}

#[tokio::test]
async fn r18_closing_mails_the_survey_and_only_a_posted_answer_records_it() {
    let sink = SmtpSink::start().await;
    let app = TestApp::mailing(crate::databases::sqlite().await).await;
    let _sender = crate::outbox::send_to(&app, &sink);
    let number = app
        .register(draft_with(
            json!({"reporter_email": "li.wei@example.com", "reporter_language": "en"}),
        ))
        .await;
    app.walk_to(&number, Stage::Closed).await;
    // The request to confirm the fix, then the survey.
    let received = sink.wait_for(2, Duration::from_secs(10)).await;
    let mail = &received[1];
    let text = mail.part("text/plain");
    assert_eq!(
        mail.header("Subject").unwrap(),
        "[FL-00001] Your report is closed: how satisfied are you?"
    );
    let start = text.find("https://desk.example/r/").expect("a link");
    let token = text[start + 23..start + 63].to_owned();
    let satisfied = format!("Satisfied: https://desk.example/r/{token}?rating=satisfied#survey");
    assert!(text.contains(&satisfied), "{text}");

    // A scanner opening every rating link records nothing; the page only
    // pre-selects the rating.
    app.forget_session();
    for rating in ["very_satisfied", "satisfied", "neutral", "dissatisfied"] {
        let page = app.get(&format!("/r/{token}?rating={rating}")).await;
        assert_eq!(page.status, StatusCode::OK);
        let checked: Vec<&str> = page
            .body
            .split("<input")
            .filter(|input| input.contains(r#"name="rating""#) && input.contains(" checked"))
            .collect();
        assert_eq!(checked.len(), 1, "one rating pre-selected: {checked:?}");
        assert!(
            checked[0].contains(&format!(r#"value="{rating}""#)),
            "{rating}: {checked:?}"
        );
    }
    assert!(survey_entries(&app, &number).await.is_empty());
    assert_eq!(
        survey(&app, &token).await,
        json!({"answer": null}),
        "open, not answered"
    );

    let reply = answer(&app, &token, "satisfied", "很快，谢谢").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let shown = survey(&app, &token).await["answer"].clone();
    assert_eq!(shown["rating"], "satisfied");
    assert_eq!(shown["comment"], "很快，谢谢");

    // The reporter changes their mind: one answer per closure, the latest.
    answer(&app, &token, "very_satisfied", "").await;
    assert_eq!(
        survey(&app, &token).await["answer"]["rating"],
        "very_satisfied"
    );
    let entries = survey_entries(&app, &number).await;
    assert_eq!(entries.len(), 2);
    assert_eq!(
        entries[0],
        json!({"kind": "survey_answered", "round": 1, "rating": "satisfied", "comment": "很快，谢谢"})
    );
    let page = app.get(&format!("/tickets/{number}")).await;
    assert!(
        page.body
            .contains("The reporter answered the survey: Very satisfied"),
        "{}",
        page.body
    );

    // A rating outside the four is refused, naming the field.
    let odd = answer(&app, &token, "ecstatic", "").await;
    assert_eq!(odd.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", odd.body);
    assert_eq!(odd.json()["Invalid"]["errors"][0]["field"], "rating");
    assert_eq!(survey_entries(&app, &number).await.len(), 2);
}

#[tokio::test]
async fn r18_a_reopening_retires_the_survey_and_the_next_closure_asks_again() {
    let app = TestApp::spawn().await;
    let number = app.register(draft_with(json!({}))).await;
    let token = token_of(&app, &number).await;
    let early = answer(&app, &token, "neutral", "").await;
    assert_eq!(
        early.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "not closed yet: {}",
        early.body
    );

    app.sign_in_as("agent", Role::Agent).await;
    app.walk_to(&number, Stage::Closed).await;
    assert_eq!(
        answer(&app, &token, "dissatisfied", "Took long")
            .await
            .status,
        StatusCode::OK
    );

    app.sign_in_as("agent", Role::Agent).await;
    app.act_ok(
        &number,
        json!({"action": "reopen", "reason": "It broke again"}),
    )
    .await;
    let retired = answer(&app, &token, "satisfied", "").await;
    assert_eq!(
        retired.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        retired.body
    );
    assert_eq!(retired.json()["Refused"]["refusal"], "wrong_stage");

    app.sign_in_as("agent", Role::Agent).await;
    app.walk_to(&number, Stage::Closed).await;
    assert_eq!(
        answer(&app, &token, "satisfied", "").await.status,
        StatusCode::OK
    );
    let entries = survey_entries(&app, &number).await;
    let rounds: Vec<(i64, &str)> = entries
        .iter()
        .map(|e| (e["round"].as_i64().unwrap(), e["rating"].as_str().unwrap()))
        .collect();
    assert_eq!(rounds, [(1, "dissatisfied"), (2, "satisfied")]);
}

#[tokio::test]
async fn r18_an_answer_after_the_survey_expires_is_refused_and_records_nothing() {
    let app = TestApp::spawn().await;
    let number = app.register(draft_with(json!({}))).await;
    let token = token_of(&app, &number).await;
    app.walk_to(&number, Stage::Closed).await;
    assert_eq!(
        answer(&app, &token, "neutral", "").await.status,
        StatusCode::OK
    );
    app.clock.advance(TimeDelta::days(31));
    let late = answer(&app, &token, "satisfied", "").await;
    assert_eq!(late.status, StatusCode::NOT_FOUND, "{}", late.body);
    assert_eq!(survey_entries(&app, &number).await.len(), 1);
}

#[tokio::test]
async fn r18_the_survey_form_works_without_javascript() {
    let app = TestApp::spawn().await;
    let number = app.register(draft_with(json!({}))).await;
    let token = token_of(&app, &number).await;
    app.walk_to(&number, Stage::Closed).await;
    app.forget_session();
    let path = format!("/r/{token}");
    let page = app.get(&path).await;
    assert!(
        page.body.contains(r#"action="/api/status/survey""#),
        "{}",
        page.body
    );
    let page = crate::reporter::post_from_status_page(
        &app,
        "/api/status/survey",
        &[
            ("token", &token),
            ("rating", "satisfied"),
            ("comment", "很好"),
        ],
        &path,
        "survey",
    )
    .await;
    assert!(
        page.body.contains(r#"data-rating="satisfied""#),
        "{}",
        page.body
    );
}
