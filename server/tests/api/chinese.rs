//! Every page in Simplified Chinese, scanned for English: a Chinese-speaking
//! agent works a P0 without meeting an English sentence or an internal id.
//!
//! The pages are rendered as each role sees them, over tickets in every
//! stage (a breached P0 first of all) whose own texts are Chinese, so that
//! any English left on the page is Firstline's. The words allowed are
//! product and tool names and codes (P0, R04, HTTP), as the manual writes
//! them too, and the logins of the accounts.

use crate::helpers::TestApp;
use chrono::TimeDelta;
use firstline_app::domain::Role;
use http::StatusCode;
use serde_json::{Value, json};

/// Words that are the same in both languages.
const ALLOWED: &[&str] = &[
    // Names of Firstline and of the tools the manual names.
    "Firstline",
    "Prometheus",
    "Zabbix",
    "Postman",
    "Apifox",
    "DevTools",
    "Cookie",
    "EXPLAIN",
    // Codes and abbreviations used as they are in Chinese too.
    "SLA",
    "API",
    "HTTP",
    "VPN",
    "CPU",
    "IO",
    "DOM",
    "UTC",
    "FL",
    "KB",
    "Tab",
    "Bearer",
    // A language's own name, as the language switch shows it.
    "English",
    // The command that makes the first administrator, as it is typed.
    "firstline",
    "create",
    // Header names and formats a person types into other tools.
    "Authorization",
    "JSON",
    // Names the people of the test desk gave themselves.
    "agent",
    "lead",
    "admin",
    "expert",
    "Ada",
    "Admin",
    // The address the test harness gives its requests.
    "test",
];

/// Whether a word is a code: P0–P3, R01–R19, a version (v2), a time zone.
fn is_code(word: &str) -> bool {
    let rest_digits = |prefix: char| {
        word.strip_prefix(prefix)
            .is_some_and(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_digit()))
    };
    rest_digits('P') || rest_digits('R') || rest_digits('v')
}

/// The text a person reads: the page without its scripts, styles and tags,
/// plus the attributes that are read aloud or shown (labels, placeholders,
/// titles). Entities are decoded enough for the scan.
fn readable(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        text.push(' ');
        let after = &rest[start..];
        // Scripts and styles are not read. Nor is the operator's notice
        // that the server has no browser bundle, which these tests run
        // without: it is written in both languages on purpose, since it
        // is shown outside the app and its language.
        let skip_to = [
            "script",
            "style",
            "p role=\"alert\" class=\"bundle-missing\"",
        ]
        .iter()
        .find_map(|tag| {
            after[1..].to_ascii_lowercase().starts_with(tag).then(|| {
                let name = tag.split(' ').next().unwrap_or(tag);
                format!("</{name}>")
            })
        });
        if let Some(close) = skip_to {
            let end = after.find(&close).map_or(after.len(), |i| i + close.len());
            rest = &after[end..];
            continue;
        }
        let end = after.find('>').map_or(after.len(), |i| i + 1);
        let tag = &after[..end];
        for attribute in ["aria-label=\"", "placeholder=\"", "title=\"", "alt=\""] {
            if let Some(i) = tag.find(attribute) {
                let value = &tag[i + attribute.len()..];
                text.push_str(&value[..value.find('"').unwrap_or(value.len())]);
                text.push(' ');
            }
        }
        rest = &after[end..];
    }
    text.push_str(rest);
    text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
}

/// The English words on a page that are not allowed.
fn english_words(html: &str) -> Vec<String> {
    let text = readable(html);
    let mut found: Vec<String> = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '/' || c == '_'))
        .filter(|chunk| chunk.bytes().filter(u8::is_ascii_alphabetic).count() >= 2)
        // An IANA time zone (Asia/Shanghai) is a code.
        .filter(|chunk| !chunk.contains('/'))
        .filter(|word| !ALLOWED.contains(word) && !is_code(word))
        .filter(|word| word.bytes().any(|b| b.is_ascii_alphabetic()))
        .map(str::to_owned)
        .collect();
    found.sort();
    found.dedup();
    found
}

/// A P0 reported in Chinese.
fn chinese_p0() -> Value {
    json!({
        "reported_at": "",
        "channel": "phone",
        "department": "财务部",
        "contact": "李伟，分机 602155",
        "symptom_steps": "打开支付页面，点击提交",
        "error_text": "网关错误 502",
        "impact_scope": "所有用户都无法支付",
        "impact": "widespread",
        "urgency": "critical",
        "urgent": ""
    })
}

/// A P2 reported in Chinese.
fn chinese_p2() -> Value {
    let mut draft = chinese_p0();
    draft["impact"] = json!("individual");
    draft["urgency"] = json!("medium");
    draft["channel"] = json!("web");
    draft
}

/// Ticks the stage's required items with Chinese answers.
async fn tick_all(app: &TestApp, number: &str) {
    let body = app.ticket(number).await;
    let stage = body["ticket"]["stage"].as_str().unwrap();
    let stage = firstline_app::domain::Stage::parse(stage).unwrap();
    let runbook = firstline_app::domain::default_runbook();
    for item in runbook.items(stage).filter(|i| i.required) {
        let answer = (item.kind == firstline_app::domain::ItemKind::Question)
            .then_some("今天上午九点起，谷歌浏览器");
        app.act_ok(
            number,
            json!({"action": "check_item", "item": item.id, "answer": answer}),
        )
        .await;
    }
}

async fn move_to(app: &TestApp, number: &str, stage: &str) {
    app.act_ok(number, json!({"action": "move_to", "stage": stage}))
        .await;
}

/// Tickets in every stage, worked in Chinese: a breached P0 in first
/// diagnosis, a P0 in deep troubleshooting with a plan, a swarm and an
/// escalation, a P2 in self-help, and a P2 closed after verification.
async fn desk_in_chinese(app: &TestApp) -> Vec<String> {
    let breached = app.register(chinese_p0()).await;
    move_to(app, &breached, "first_diagnosis").await;
    let deep = app.register(chinese_p0()).await;
    app.act_ok(
        &deep,
        json!({"action": "first_response", "message": "已收到，正在处理"}),
    )
    .await;
    move_to(app, &deep, "first_diagnosis").await;
    tick_all(app, &deep).await;
    move_to(app, &deep, "deep_troubleshooting").await;
    app.act_ok(
        &deep,
        json!({
            "action": "plan_action",
            "description": "回滚网关配置",
            "owner": "agent",
            "planned_at": "2026-11-26T08:00:00Z",
            "risk_plan": "回滚前先备份当前配置"
        }),
    )
    .await;
    app.act_ok(
        &deep,
        json!({"action": "escalate", "reason": "核心支付中断"}),
    )
    .await;
    app.act_ok(
        &deep,
        json!({"action": "note", "text": "已知：仅银行卡支付失败"}),
    )
    .await;

    let self_help = app.register(chinese_p2()).await;
    move_to(app, &self_help, "first_diagnosis").await;
    tick_all(app, &self_help).await;
    move_to(app, &self_help, "self_help").await;

    let closed = app.register(chinese_p2()).await;
    app.act_ok(
        &closed,
        json!({"action": "first_response", "message": "已收到"}),
    )
    .await;
    move_to(app, &closed, "first_diagnosis").await;
    tick_all(app, &closed).await;
    move_to(app, &closed, "self_help").await;
    app.act_ok(
        &closed,
        json!({"action": "resolve", "summary": "清除缓存后恢复正常"}),
    )
    .await;
    move_to(app, &closed, "verification").await;
    for gate in ["test", "production", "reporter"] {
        app.act_ok(
            &closed,
            json!({"action": "pass_gate", "gate": gate, "note": "已验证"}),
        )
        .await;
    }
    move_to(app, &closed, "closed").await;
    // Forty minutes on: the first P0's response clock has run out.
    app.clock.advance(TimeDelta::minutes(40));
    vec![breached, deep, self_help, closed]
}

async fn scan(app: &TestApp, path: &str, found: &mut Vec<String>) {
    let page = app
        .get_with(path, &[("cookie", "i18n_pref_locale=zh-CN")])
        .await;
    assert!(
        page.status == StatusCode::OK || page.status == StatusCode::NOT_FOUND,
        "{path}: {}",
        page.status
    );
    assert!(
        page.body.contains("lang=\"zh-CN\""),
        "{path} is not Chinese"
    );
    for word in english_words(&page.body) {
        found.push(format!("{path}: {word}"));
    }
}

#[tokio::test]
async fn every_page_in_chinese_shows_no_english_beyond_names_and_codes() {
    let app = TestApp::anonymous().await;
    let mut found = Vec::new();
    scan(&app, "/login", &mut found).await;
    app.sign_in_as("agent", Role::Agent).await;
    // A refused sign-in, for the audit log.
    app.sign_in("agent", "not the password").await;
    app.sign_in_as("agent", Role::Agent).await;
    let tickets = desk_in_chinese(&app).await;
    app.account("expert", Role::Agent).await;
    app.sign_in_as("lead", Role::Lead).await;
    app.act_ok(
        &tickets[1],
        json!({"action": "add_expert", "login": "expert", "role": "数据库"}),
    )
    .await;
    // A saved runbook, for the audit log.
    let runbook = app.get("/api/v1/runbook").await.json()["current"].clone();
    let saved = app
        .post_json(
            "/api/v1/runbook",
            &json!({"based_on": 1, "runbook": runbook, "note": "重新保存"}),
            &[],
        )
        .await;
    assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.body);
    for path in ["/", "/intake", "/intake?mode=phone", "/policy", "/runbook"] {
        scan(&app, path, &mut found).await;
    }
    for number in &tickets {
        scan(&app, &format!("/tickets/{number}"), &mut found).await;
    }
    app.sign_in_as("agent", Role::Agent).await;
    for number in &tickets {
        scan(&app, &format!("/tickets/{number}"), &mut found).await;
    }
    scan(&app, "/account", &mut found).await;
    scan(&app, "/no/such/page", &mut found).await;
    app.sign_in_as("admin", Role::Admin).await;
    for path in ["/team", "/audit", "/account"] {
        scan(&app, path, &mut found).await;
    }
    app.sign_in_as("lead", Role::Lead).await;
    for path in ["/displays", "/wall"] {
        scan(&app, path, &mut found).await;
    }
    assert!(
        found.is_empty(),
        "English on Chinese pages:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_default_runbook_in_chinese_has_no_english_beyond_names_and_codes() {
    let runbook = firstline_app::domain::default_runbook();
    let mut found = Vec::new();
    for section in runbook.stages.iter().flat_map(|c| &c.sections) {
        let texts = std::iter::once(("title", &section.title))
            .chain(section.items.iter().map(|i| (i.id.as_str(), &i.text)));
        for (at, wording) in texts {
            assert!(!wording.zh_cn.is_empty(), "{at} has no Chinese");
            for word in english_words(&wording.zh_cn) {
                found.push(format!("{at}: {word}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "English in the Chinese runbook:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_scan_finds_english_in_text_and_read_attributes_but_not_in_scripts_or_codes() {
    let html = r#"<p>工单 FL-00001 P0 R04 <b>Move to</b> HTTP</p>
        <input placeholder="Answer" value="English value"><script>var English = 1;</script>
        <option>Asia/Shanghai</option>"#;
    assert_eq!(english_words(html), ["Answer", "Move", "to"]);
}
