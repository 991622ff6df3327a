//! Server-rendered pages, languages and small routes.

use crate::helpers::{TestApp, p0_phone_report};
use http::{StatusCode, header};

#[tokio::test]
async fn r15_the_ticket_page_shows_every_field_and_the_registered_event() {
    let app = TestApp::spawn().await;
    let number = app.register(p0_phone_report()).await;
    let page = app.get(&format!("/tickets/{number}")).await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "FL-00001",
        "2026-11-26 14:30",
        "Phone",
        "Finance",
        "Li Wei, ext. 602155",
        "Open the payment page and press Submit",
        "HTTP 502 Bad Gateway",
        "No user can pay",
        "All or most users",
        "Core business completely down",
        "P0 Critical",
        "Phone report",
        "Urgent",
        "data-kind=\"registered\"",
        "Registered as P0 Critical under SLA policy v1; response due 2026-11-26 15:00.",
    ] {
        assert!(
            page.body.contains(text),
            "missing {text:?} in {}",
            page.body
        );
    }
}

#[tokio::test]
async fn an_unknown_or_malformed_ticket_number_is_404() {
    let app = TestApp::spawn().await;
    assert_eq!(
        app.get("/tickets/FL-00042").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/tickets/nonsense").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/api/v1/tickets/FL-00042").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get("/no/such/page").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn pages_follow_the_browsers_language() {
    let app = TestApp::spawn().await;
    let page = app
        .get_with("/intake", &[("accept-language", "zh-CN,zh;q=0.9,en;q=0.5")])
        .await;
    assert!(page.body.contains("故障信息登记"), "{}", page.body);
    assert!(page.body.contains("lang=\"zh-CN\""));
    let page = app
        .get_with("/intake", &[("accept-language", "en-US")])
        .await;
    assert!(page.body.contains("Register a fault"));
}

#[tokio::test]
async fn the_language_cookie_overrides_the_browser() {
    let app = TestApp::spawn().await;
    let page = app
        .get_with(
            "/intake?mode=phone",
            &[
                ("accept-language", "en"),
                ("cookie", "i18n_pref_locale=zh-CN"),
            ],
        )
        .await;
    assert!(
        page.body.contains("请在来电用户仍在线时立即登记。"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn the_language_switch_remembers_the_choice_and_goes_back() {
    let app = TestApp::spawn().await;
    let reply = app.get("/lang/zh-CN?back=%2Fintake%3Fmode%3Dphone").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.header(header::LOCATION), "/intake?mode=phone");
    assert!(
        reply
            .header(header::SET_COOKIE)
            .starts_with("i18n_pref_locale=zh-CN; Path=/")
    );
}

#[tokio::test]
async fn the_language_switch_never_leaves_the_site() {
    let app = TestApp::spawn().await;
    for back in [
        "https%3A%2F%2Fevil.example",
        "%2F%2Fevil.example",
        "%2F%5Cevil.example",
        // A browser drops tabs and newlines: "/\t/evil.example" is "//evil.example".
        "%2F%09%2Fevil.example",
        "%2F%0A%2Fevil.example",
        "%09%2F%2Fevil.example",
        "%2F%E2%80%A8%2Fevil.example",
    ] {
        let reply = app.get(&format!("/lang/en?back={back}")).await;
        assert_eq!(reply.header(header::LOCATION), "/", "{back}");
    }
    assert_eq!(app.get("/lang/fr").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn r02_the_phone_report_form_fixes_the_channel_and_offers_the_urgent_tag() {
    let app = TestApp::spawn().await;
    let page = app.get("/intake?mode=phone").await;
    assert!(
        page.body
            .contains(r#"type="hidden" name="draft[channel]" value="phone""#),
        "{}",
        page.body
    );
    assert!(page.body.contains(r#"name="draft[urgent]""#));
    let standard = app.get("/intake").await;
    assert!(
        standard
            .body
            .contains(r#"<select id="channel" name="draft[channel]""#),
        "{}",
        standard.body
    );
}

#[tokio::test]
async fn responses_carry_security_headers() {
    let app = TestApp::spawn().await;
    let reply = app.get("/").await;
    assert_eq!(reply.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert_eq!(reply.header(header::X_FRAME_OPTIONS), "DENY");
}

#[tokio::test]
async fn health_reports_the_database() {
    let app = TestApp::spawn().await;
    let reply = app.get("/health").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["status"], "ok");
}

/// Leptos works out the page routes by running the app with resource loading
/// switched off process-wide; a router built while another renders would
/// leave that render waiting forever. Routers built side by side with pages
/// rendering must all answer.
#[test]
fn pages_render_while_other_routers_start() {
    let threads: Vec<_> = (0..3)
        .map(|_| {
            std::thread::spawn(|| {
                for _ in 0..4 {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .unwrap();
                    runtime.block_on(async {
                        let app = TestApp::spawn().await;
                        for path in ["/", "/intake?mode=phone", "/login"] {
                            let reply = tokio::time::timeout(
                                std::time::Duration::from_secs(10),
                                app.get(path),
                            )
                            .await;
                            assert_eq!(
                                reply.expect("the page answers").status,
                                StatusCode::OK,
                                "{path}"
                            );
                        }
                    });
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("no page hung");
    }
}

/// Panics on any thread of this test binary whose message says a reactive
/// value was read after its page was gone.
static LATE_READS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pages_rendered_at_once_never_read_a_value_after_its_page_is_gone() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info.to_string();
        if message.contains("already been disposed") || message.contains("no Arena is active") {
            LATE_READS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
        previous(info);
    }));
    let app = std::sync::Arc::new(TestApp::spawn().await);
    let pages: Vec<_> = (0..120)
        .map(|i| {
            let app = app.clone();
            let path = [
                "/login",
                "/",
                "/intake",
                "/intake?mode=phone",
                "/account",
                "/nowhere",
            ][i % 6];
            tokio::spawn(async move { app.get(path).await.status })
        })
        .collect();
    for page in pages {
        assert!(!page.await.unwrap().is_server_error());
    }
    // The pages' last tasks (the title, written after the body) have run.
    tokio::task::yield_now().await;
    assert_eq!(
        LATE_READS.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "a page read a reactive value after it was disposed"
    );
}
