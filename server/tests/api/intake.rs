//! Registering faults through the JSON API and through the intake server
//! function, with and without JavaScript.

use crate::helpers::{TestApp, draft_with, p0_phone_report, start};
use chrono::{DateTime, TimeDelta, Utc};
use firstline_app::api::AppError;
use http::{StatusCode, header};
use serde_json::json;

#[tokio::test]
async fn r01_a_registered_ticket_keeps_every_field_and_starts_its_log_with_registered() {
    let app = TestApp::spawn().await;
    let number = app
        .register(draft_with(
            json!({"reported_at": "2026-11-26T14:05", "channel": "email"}),
        ))
        .await;
    assert_eq!(number, "FL-00001");

    let reply = app.get(&format!("/api/v1/tickets/{number}")).await;
    assert_eq!(reply.status, StatusCode::OK);
    let body = reply.json();
    let ticket = &body["ticket"];
    let intake = &ticket["intake"];
    assert_eq!(intake["reported_at"], "2026-11-26T06:05:00Z");
    assert_eq!(intake["channel"], "email");
    assert_eq!(intake["department"], "Finance");
    assert_eq!(intake["contact"], "Li Wei, ext. 602155");
    assert_eq!(
        intake["symptom"]["steps"],
        "Open the payment page and press Submit"
    );
    assert_eq!(intake["symptom"]["error_text"], "HTTP 502 Bad Gateway");
    assert_eq!(intake["impact_scope"], "No user can pay");
    assert_eq!(ticket["stage"], "intake");
    assert_eq!(ticket["version"], 1);
    assert_eq!(ticket["registered_by"], "agent");

    let events = body["events"].as_array().unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["change"]["kind"], "registered");
    assert_eq!(events[0]["change"]["priority"], "P0");
    assert_eq!(events[0]["version"], 1);
    assert_eq!(
        events[0]["at"], "2026-11-26T06:30:00Z",
        "the log uses the server's clock"
    );
}

#[tokio::test]
async fn r03_p0_response_is_due_30_minutes_after_the_report() {
    let app = TestApp::spawn().await;
    let number = app
        .register(draft_with(json!({"reported_at": "2026-11-26T14:10"})))
        .await;
    let ticket = app.get(&format!("/api/v1/tickets/{number}")).await.json()["ticket"].clone();
    assert_eq!(ticket["priority"], "P0");
    assert_eq!(ticket["policy_version"], 1);
    let due = app.response_due(&number).await;
    assert_eq!(
        due,
        "2026-11-26T06:40:00Z".parse::<DateTime<Utc>>().unwrap()
    );
}

#[tokio::test]
async fn r03_each_priority_gets_its_response_target() {
    let app = TestApp::spawn().await;
    let cases = [
        ("widespread", "critical", "P0", 30),
        ("group", "high", "P1", 120),
        ("individual", "medium", "P2", 480),
        ("negligible", "low", "P3", 1440),
    ];
    for (impact, urgency, priority, minutes) in cases {
        let number = app
            .register(draft_with(json!({"impact": impact, "urgency": urgency})))
            .await;
        let ticket = app.get(&format!("/api/v1/tickets/{number}")).await.json()["ticket"].clone();
        assert_eq!(ticket["priority"], priority);
        let due = app.response_due(&number).await;
        assert_eq!(due - start(), TimeDelta::minutes(minutes), "{priority}");
    }
}

#[tokio::test]
async fn r02_a_phone_report_with_widespread_impact_is_tagged_urgent_and_typed_phone_report() {
    let app = TestApp::spawn().await;
    app.register(p0_phone_report()).await;
    let queue = app.get("/api/v1/tickets").await.json();
    let row = &queue["tickets"][0];
    assert_eq!(row["kind"], "phone_report");
    assert_eq!(row["urgent"], true);
}

#[tokio::test]
async fn r01_invalid_fields_get_422_naming_each_field_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let reply = app
        .post_json(
            "/api/v1/tickets",
            &draft_with(
                json!({"department": "x".repeat(121), "contact": "Mr Wang", "impact": "everyone"}),
            ),
            &[],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = reply.json();
    assert_eq!(body["error"], "invalid_input");
    let fields: Vec<(&str, &str)> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap(), f["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fields,
        [
            ("department", "too_long"),
            ("contact", "no_contact_method"),
            ("impact", "not_a_choice")
        ]
    );
    assert_eq!(body["fields"][0]["max"], 120);
    assert_eq!(
        body["fields"][0]["message"],
        "Enter at most 120 characters."
    );
    assert_eq!(
        app.get("/api/v1/tickets").await.json()["tickets"],
        json!([])
    );
}

#[tokio::test]
async fn r01_field_errors_speak_the_callers_language() {
    let app = TestApp::spawn().await;
    let reply = app
        .post_json(
            "/api/v1/tickets",
            &draft_with(json!({"department": ""})),
            &[("accept-language", "zh-CN,zh;q=0.9")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["fields"][0]["message"], "此项为必填项。");
}

#[tokio::test]
async fn a_body_over_the_limit_gets_413_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let reply = app
        .post_json(
            "/api/v1/tickets",
            &draft_with(json!({"error_text": "x".repeat(300 * 1024)})),
            &[],
        )
        .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        app.get("/api/v1/tickets").await.json()["tickets"],
        json!([])
    );
}

#[tokio::test]
async fn malformed_json_gets_a_typed_error_not_a_crash() {
    let app = TestApp::spawn().await;
    let request = http::Request::post("/api/v1/tickets")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ORIGIN, crate::helpers::ORIGIN)
        .body(axum::body::Body::from("{\"department\": "))
        .unwrap();
    let reply = app.send(request).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json()["error"], "bad_request");
}

/// The intake form's fields as a browser without JavaScript posts them.
fn form(draft: &serde_json::Value) -> Vec<(String, String)> {
    draft
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (format!("draft[{k}]"), v.as_str().unwrap().to_owned()))
        .collect()
}

async fn post_intake_form(
    app: &TestApp,
    draft: &serde_json::Value,
    referer: &str,
) -> crate::helpers::Reply {
    let fields = form(draft);
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    app.post_form("/api/intake/register", &pairs, referer).await
}

#[tokio::test]
async fn r01_the_intake_form_registers_without_javascript_and_shows_the_new_ticket() {
    let app = TestApp::spawn().await;
    let reply = post_intake_form(
        &app,
        &p0_phone_report(),
        "http://localhost/intake?mode=phone",
    )
    .await;
    assert!(
        reply.status.is_redirection(),
        "{} {}",
        reply.status,
        reply.body
    );
    assert_eq!(reply.header(header::LOCATION), "/tickets/FL-00001");
    let page = app.get("/tickets/FL-00001").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Open the payment page and press Submit"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn r01_a_rejected_form_without_javascript_goes_back_with_the_errors_and_the_draft() {
    let app = TestApp::spawn().await;
    let draft = draft_with(json!({"contact": "nobody"}));
    let reply = post_intake_form(&app, &draft, "http://localhost/intake?mode=phone").await;
    assert!(reply.status.is_redirection(), "{}", reply.status);
    let location = reply.header(header::LOCATION).to_owned();
    assert!(
        location.starts_with("http://localhost/intake?mode=phone&__path="),
        "{location}"
    );

    // The page it goes back to shows the error beside the field and keeps what was typed.
    let back = location.trim_start_matches("http://localhost");
    let page = app.get(back).await;
    assert!(
        page.body
            .contains("Give a phone number, an email address or an @IM handle."),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("value=\"nobody\""),
        "the contact is refilled"
    );
    assert!(
        page.body.contains("Open the payment page and press Submit"),
        "the steps are refilled"
    );
    assert_eq!(
        app.get("/api/v1/tickets").await.json()["tickets"],
        json!([])
    );
}

#[tokio::test]
async fn r01_the_intake_server_function_answers_422_with_typed_errors_to_javascript() {
    let app = TestApp::spawn().await;
    let fields = form(&draft_with(json!({"symptom_steps": "bad"})));
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let reply = app.call("/api/intake/register", &pairs).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let error: AppError = serde_json::from_str(&reply.body).expect("a typed error");
    match error {
        AppError::Invalid { errors } => {
            assert_eq!(errors.len(), 1);
            assert_eq!(errors.iter().next().unwrap().field.name(), "symptom_steps");
        }
        other => panic!("expected field errors, got {other:?}"),
    }
}

/// The query a refused form post without JavaScript is sent back with:
/// the server function's path and its error, encoded as the framework does.
fn error_query(error: &serde_json::Value) -> String {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::URL_SAFE.encode(error.to_string());
    format!("__path=%2Fapi%2Fintake%2Fregister&__err={encoded}")
}

#[tokio::test]
async fn a_crafted_link_cannot_put_markup_or_text_into_the_intake_form() {
    let app = TestApp::spawn().await;
    // An error as an old page would have carried it, with a "draft" whose
    // steps close the textarea and draw a fake sign-in form.
    let planted = "</textarea><form action=//evil.example><b>Session expired</b></form>";
    let error = json!({"Invalid": {
        "errors": [{"field": "symptom_steps", "reason": "required"}],
        "draft": {"symptom_steps": planted, "contact": "planted@evil.example"},
    }});
    let page = app.get(&format!("/intake?{}", error_query(&error))).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("<b>Session expired"), "{}", page.body);
    assert!(
        !page.body.contains("planted"),
        "nothing of the link is refilled"
    );
    // The error itself still shows, beside its field.
    assert!(page.body.contains("aria-invalid=\"true\""), "{}", page.body);
}

#[tokio::test]
async fn a_refused_draft_comes_back_from_the_server_as_text_once() {
    let app = TestApp::spawn().await;
    let typed = "Press </textarea><b>Pay</b> & wait";
    let draft = draft_with(json!({"contact": "nobody", "symptom_steps": typed}));
    let reply = post_intake_form(&app, &draft, "http://localhost/intake").await;
    let back = reply
        .header(header::LOCATION)
        .trim_start_matches("http://localhost")
        .to_owned();
    let page = app.get(&back).await;
    assert!(
        page.body
            .contains("Press &lt;/textarea>&lt;b>Pay&lt;/b> &amp; wait"),
        "the steps are refilled as text: {}",
        page.body
    );
    assert!(!page.body.contains("<b>Pay</b>"));
    // Taken once: the same address again shows an empty form.
    let again = app.get(&back).await;
    assert!(!again.body.contains("Pay"), "{}", again.body);
}

#[tokio::test]
async fn ticket_numbers_follow_each_other_on_the_desk() {
    let app = TestApp::spawn().await;
    let numbers = [
        app.register(p0_phone_report()).await,
        app.register(p0_phone_report()).await,
        app.register(p0_phone_report()).await,
    ];
    assert_eq!(numbers, ["FL-00001", "FL-00002", "FL-00003"]);
}

#[tokio::test]
async fn r01_the_reporters_email_and_language_are_kept_and_the_language_defaults_to_the_desks() {
    let app = TestApp::spawn().await;
    let with_both = app
        .register(draft_with(json!({
            "reporter_email": " li.wei@example.com ",
            "reporter_language": "en",
        })))
        .await;
    let without = app.register(draft_with(json!({}))).await;

    let intake = |number: String| {
        let app = &app;
        async move {
            app.get(&format!("/api/v1/tickets/{number}")).await.json()["ticket"]["intake"].clone()
        }
    };
    let first = intake(with_both).await;
    assert_eq!(first["reporter_email"], "li.wei@example.com");
    assert_eq!(first["reporter_language"], "en");
    let second = intake(without).await;
    assert_eq!(second["reporter_email"], serde_json::Value::Null);
    assert_eq!(
        second["reporter_language"], "zh-CN",
        "the test desk writes in Chinese"
    );

    let page = app.get("/tickets/FL-00001").await;
    assert!(page.body.contains("li.wei@example.com"), "{}", page.body);
}

#[tokio::test]
async fn r01_a_bad_reporter_email_or_language_gets_422_naming_the_field_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let cases = [
        (
            json!({"reporter_email": "li.wei at example"}),
            "reporter_email",
            "not_an_email",
        ),
        (
            json!({"reporter_email": "li@example.com\r\nBcc: all@example.com"}),
            "reporter_email",
            "control_characters",
        ),
        (
            json!({"reporter_email": "Li Wei <li@example.com>"}),
            "reporter_email",
            "not_an_email",
        ),
        (
            json!({"reporter_language": "fr"}),
            "reporter_language",
            "not_a_choice",
        ),
    ];
    for (fields, field, reason) in cases {
        let reply = app
            .post_json("/api/v1/tickets", &draft_with(fields.clone()), &[])
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields}");
        let body = reply.json();
        assert_eq!(body["fields"][0]["field"], field, "{fields}");
        assert_eq!(body["fields"][0]["reason"], reason, "{fields}");
        assert_eq!(body["fields"].as_array().unwrap().len(), 1, "{fields}");
    }
    assert_eq!(
        app.get("/api/v1/tickets").await.json()["tickets"],
        json!([])
    );
}
