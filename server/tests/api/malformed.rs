//! Unreadable input to every server function and every JSON route, generated
//! from the routes themselves: a field missing or twice, a wrong type, an
//! unknown choice, bytes that are not UTF-8, a body cut short. Each is the
//! caller's error: a 4xx, never a 5xx.

use crate::helpers::TestApp;
use axum::body::Body;
use firstline_app::domain::Role;
use firstline_server::http::endpoints;
use http::{Method, Request, header};
use leptos::server_fn::axum::server_fn_paths;

/// Bodies no route can read, with their content types.
fn garbage() -> Vec<(&'static str, Vec<u8>)> {
    let form = "application/x-www-form-urlencoded";
    let json = "application/json";
    vec![
        (form, b"".to_vec()),
        (form, b"a=1&a=1&b".to_vec()),
        (
            form,
            b"draft[impact]=everyone&draft[impact]=all&number=FL-x".to_vec(),
        ),
        (
            form,
            b"request[version]=one&request[action]=fly&number=%FF".to_vec(),
        ),
        (form, vec![0xff, 0xfe, b'=', 0xc3, 0x28]),
        (json, b"{\"draft\": ".to_vec()),
        (
            json,
            b"{\"draft\": 7, \"request\": [], \"number\": {}}".to_vec(),
        ),
        (json, b"[1, 2, 3]".to_vec()),
        (json, vec![b'{', 0xff, b'}']),
        ("text/plain", b"hello".to_vec()),
    ]
}

/// Every path a body can be posted to: the server functions and the JSON
/// API's POST routes (with a ticket number filled in).
fn posted_paths() -> Vec<String> {
    let functions = server_fn_paths()
        .filter(|(_, method)| *method == Method::POST)
        .map(|(path, _)| path.to_owned());
    let routes = endpoints()
        .into_iter()
        .filter(|e| e.method == "POST")
        .map(|e| e.path.replace("{number}", "FL-00001"));
    functions.chain(routes).collect()
}

#[tokio::test]
async fn unreadable_input_to_any_route_is_answered_4xx_never_5xx() {
    let app = TestApp::spawn().await;
    app.sign_in_as("lead", Role::Lead).await;
    let mut failures = Vec::new();
    for path in posted_paths() {
        for (content_type, body) in garbage() {
            for accept in ["application/json", "*/*"] {
                let request = Request::post(path.as_str())
                    .header(header::CONTENT_TYPE, content_type)
                    .header(header::ACCEPT, accept)
                    .header(header::ORIGIN, crate::helpers::ORIGIN)
                    .body(Body::from(body.clone()))
                    .unwrap();
                let reply = app.send(request).await;
                if reply.status.is_server_error() {
                    failures.push(format!(
                        "{path} ({content_type}, {:?}): {} {}",
                        String::from_utf8_lossy(&body),
                        reply.status,
                        reply.body
                    ));
                }
            }
        }
    }
    assert!(posted_paths().len() > 20, "every route is tried");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
