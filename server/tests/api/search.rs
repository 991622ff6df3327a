//! Search through the JSON API, the server function and the page (R19).

use crate::helpers::{TestApp, draft_with, encode};
use firstline_app::domain::Role;
use http::StatusCode;
use serde_json::{Value, json};

/// Registers a report with these words and no others from the default draft.
async fn report(app: &TestApp, steps: &str, error: &str) -> String {
    app.register(draft_with(json!({
        "symptom_steps": steps,
        "error_text": error,
        "impact_scope": "客服部三人",
    })))
    .await
}

async fn search(app: &TestApp, query: &str) -> Value {
    let reply = app
        .get(&format!("/api/v1/search?q={}", encode(query)))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{query}: {}", reply.body);
    reply.json()
}

/// The ids of the results, the best first.
fn ids(found: &Value) -> Vec<String> {
    found["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["number"].as_str().expect("number").to_owned())
        .collect()
}

/// The marked words of a result's excerpt.
fn marked(result: &Value) -> Vec<String> {
    result["excerpt"]
        .as_array()
        .expect("excerpt")
        .iter()
        .filter(|p| p["hit"] == true)
        .map(|p| p["text"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn r19_search_finds_chinese_and_english_reports_with_the_words_marked() {
    let app = TestApp::spawn().await;
    let login = report(&app, "用户无法登录系统", "").await;
    report(&app, "登出后页面空白", "").await;
    let payment = report(&app, "支付失败，门店无法收款", "").await;
    let nginx = report(&app, "打开报表页面", "nginx 返回 502 Bad Gateway").await;

    let found = search(&app, "登录").await;
    assert_eq!(ids(&found), [login.as_str()], "登录 is not 登出");
    let first = &found["results"][0];
    assert_eq!(first["kind"], "ticket");
    assert_eq!(first["title"], "用户无法登录系统");
    assert_eq!(first["stage"], "intake");
    assert_eq!(marked(first), ["登录"]);
    assert_eq!(found["query"], "登录");

    assert_eq!(ids(&search(&app, "支付").await), [payment.as_str()]);
    assert_eq!(ids(&search(&app, "502").await), [nginx.as_str()]);
    let mixed = search(&app, "NGINX 502 返回").await;
    assert_eq!(ids(&mixed), [nginx.as_str()]);
    assert_eq!(marked(&mixed["results"][0]), ["nginx", "返回", "502"]);
    assert_eq!(
        ids(&search(&app, "从未出现的 words").await),
        Vec::<String>::new()
    );
}

#[tokio::test]
async fn r19_the_exact_phrase_ranks_first() {
    let app = TestApp::spawn().await;
    let scattered = report(
        &app,
        "timeout, then the database; a timeout of the database again",
        "timeout",
    )
    .await;
    let exact = report(&app, "Saving a form fails", "Database timeout").await;
    let found = search(&app, "database timeout").await;
    assert_eq!(ids(&found), [exact.as_str(), scattered.as_str()]);
    assert_eq!(found["results"][0]["exact"], true);
    assert_eq!(found["results"][1]["exact"], false);
}

#[tokio::test]
async fn r19_a_note_and_the_fix_are_found_once_written() {
    let app = TestApp::spawn().await;
    let number = report(&app, "报表导出很慢", "").await;
    assert_eq!(ids(&search(&app, "索引缺失").await), Vec::<String>::new());
    app.act_ok(
        &number,
        json!({"action": "note", "text": "慢查询：索引缺失"}),
    )
    .await;
    assert_eq!(ids(&search(&app, "索引缺失").await), [number.as_str()]);
}

#[tokio::test]
async fn r19_bad_queries_get_a_clear_answer_never_a_server_error() {
    let app = TestApp::spawn().await;
    report(&app, "用户无法登录系统", "").await;
    for (query, reason) in [
        ("".to_owned(), "Required"),
        ("   ".to_owned(), "Required"),
        // Ten kilobytes of UTF-8.
        ("登录".repeat(1700), "200"),
    ] {
        let reply = app
            .get(&format!("/api/v1/search?q={}", encode(&query)))
            .await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query:.20}"
        );
        let body = reply.json();
        assert_eq!(body["fields"][0]["field"], "q", "{body}");
        let message = body["fields"][0]["message"].as_str().unwrap();
        assert!(
            message.contains(reason) || reason == "Required" && message.contains("required"),
            "{message}"
        );
    }
    let reply = app.get("/api/v1/search").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    for odd in [
        "\"",
        "*",
        "NEAR",
        "NEAR(登录 系统)",
        ":",
        "-",
        "登录*",
        "\"登录",
        "a:b",
        "-登录",
        "'; DROP TABLE tickets; --",
        "' OR '1'='1",
        "\\",
        "%",
        "_",
        "&|!",
        "()",
        "^",
        "{}",
    ] {
        let found = search(&app, odd).await;
        assert!(found["results"].is_array(), "{odd}: {found}");
    }
    assert_eq!(ids(&search(&app, "NEAR(登录 系统)").await).len(), 0);
    assert_eq!(ids(&search(&app, "登录*").await).len(), 1);
    for bad in ["0", "101", "x"] {
        let reply = app.get(&format!("/api/v1/search?q=a&limit={bad}")).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!(reply.json()["fields"][0]["field"], "limit");
    }
}

#[tokio::test]
async fn r19_search_never_crosses_from_a_sandbox_to_production() {
    let app = TestApp::spawn().await;
    let real = report(&app, "生产环境无法登录", "").await;
    app.sign_in_as("trainee", Role::Trainee).await;
    let drill = report(&app, "练习：无法登录", "").await;
    let found = search(&app, "登录").await;
    assert_eq!(ids(&found), [drill.as_str()]);
    assert!(
        found["results"][0]["title"]
            .as_str()
            .unwrap()
            .starts_with("练习")
    );
    app.sign_in_as("agent", Role::Agent).await;
    let found = search(&app, "登录").await;
    assert_eq!(ids(&found), [real.as_str()]);
    assert_eq!(found["results"][0]["title"], "生产环境无法登录");
}

#[tokio::test]
async fn r19_the_search_page_lists_results_and_works_without_javascript() {
    let app = TestApp::spawn().await;
    let number = report(&app, "用户无法登录系统", "").await;
    let page = app.get(&format!("/search?q={}", encode("登录"))).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(&format!("href=\"/tickets/{number}\"")),
        "{}",
        page.body
    );
    assert!(page.body.contains("<mark>登录</mark>"));
    let queue = app.get("/").await;
    assert!(queue.body.contains("role=\"search\""), "the header's box");
    let empty = app.get("/search").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(!empty.body.contains("search-result"));
}

/// The solved cases like a text, as the intake form asks for them.
async fn similar(app: &TestApp, text: &str, except: Option<&str>) -> Vec<Value> {
    let mut fields = vec![("text", text)];
    fields.extend(except.map(|number| ("except", number)));
    let reply = app.call("/api/similar", &fields).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json().as_array().expect("cases").clone()
}

#[tokio::test]
async fn r19_solved_cases_like_a_new_report_are_shown_with_the_words_they_share() {
    let app = TestApp::spawn().await;
    let solved = report(&app, "用户无法登录系统", "nginx 502 Bad Gateway").await;
    app.act_ok(&solved, json!({"action": "note", "text": "证书过期"}))
        .await;
    app.walk_to(&solved, firstline_app::domain::Stage::Closed)
        .await;
    let open = report(&app, "无法登录，页面报错", "nginx 502").await;

    let cases = similar(&app, "今天又无法登录了，nginx 报 502", None).await;
    assert_eq!(cases.len(), 1, "only solved cases: {cases:?}");
    assert_eq!(cases[0]["number"], solved.as_str());
    assert_eq!(cases[0]["title"], "用户无法登录系统");
    assert_eq!(cases[0]["shared"], json!(["无法登录", "nginx", "502"]));
    assert!(similar(&app, "打印机卡纸", None).await.is_empty());
    assert!(similar(&app, "", None).await.is_empty());
    assert!(
        similar(&app, "用户无法登录系统", Some(&solved))
            .await
            .is_empty(),
        "a ticket is not like itself"
    );

    // The open ticket's page shows the solved one.
    let page = app.get(&format!("/tickets/{open}")).await;
    let panel = page
        .body
        .split("class=\"similar\"")
        .nth(1)
        .expect("the similar panel");
    assert!(
        panel.contains(&format!("href=\"/tickets/{solved}\"")),
        "{panel}"
    );

    let too_long = app
        .call("/api/similar", &[("text", &"登".repeat(12_001))])
        .await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(too_long.json()["Invalid"]["errors"][0]["field"], "text");
}

#[tokio::test]
async fn r19_similar_cases_never_cross_from_production_to_a_sandbox() {
    let app = TestApp::spawn().await;
    let solved = report(&app, "用户无法登录系统", "").await;
    app.walk_to(&solved, firstline_app::domain::Stage::Closed)
        .await;
    assert_eq!(similar(&app, "无法登录", None).await.len(), 1);
    app.sign_in_as("trainee", Role::Trainee).await;
    assert!(similar(&app, "无法登录", None).await.is_empty());
}
