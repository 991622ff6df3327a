//! The same desk on PostgreSQL: intake and queue through the whole router.

use crate::databases;
use crate::helpers::{TestApp, draft_with, p0_phone_report};
use http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn the_desk_registers_and_queues_on_postgres_as_on_sqlite() {
    let Some(db) = databases::postgres().await else {
        return;
    };
    let app = TestApp::on(db).await;
    let p2 = app
        .register(draft_with(
            json!({"impact": "individual", "urgency": "medium"}),
        ))
        .await;
    let p0 = app.register(p0_phone_report()).await;
    assert_eq!((p2.as_str(), p0.as_str()), ("FL-00001", "FL-00002"));

    let order = app.queue_order().await;
    assert_eq!(order, [p0.as_str(), p2.as_str()]);

    let page = app.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("FL-00002") && page.body.contains("P0 Critical"));
    let ticket = app.get("/tickets/FL-00002").await;
    assert!(
        ticket
            .body
            .contains("Open the payment page and press Submit")
    );
}

#[tokio::test]
async fn field_errors_on_postgres_store_nothing() {
    let Some(db) = databases::postgres().await else {
        return;
    };
    let app = TestApp::on(db).await;
    let reply = app
        .post_json("/api/v1/tickets", &draft_with(json!({"contact": ""})), &[])
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.get("/api/v1/tickets").await.json()["tickets"],
        json!([])
    );
}
