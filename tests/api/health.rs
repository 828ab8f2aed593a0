use crate::helpers::{closed_port, problem, spawn_app, spawn_app_with, test_settings};

#[tokio::test]
async fn health_answers_without_the_database() {
    let mut settings = test_settings();
    settings.neo4j.uri = format!("bolt://127.0.0.1:{}", closed_port());
    let app = spawn_app_with(settings).await;
    let response = app.get("/health").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("x-request-id"));
}

#[tokio::test]
async fn ready_when_neo4j_answers_and_schema_is_applied() {
    let app = spawn_app().await;
    let response = app.get("/ready").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ready");
}

#[tokio::test]
async fn not_ready_when_neo4j_is_unreachable() {
    let mut settings = test_settings();
    settings.neo4j.uri = format!("bolt://127.0.0.1:{}", closed_port());
    let app = spawn_app_with(settings).await;
    let response = app.get("/ready").await;
    assert_eq!(response.status(), 503);
    assert!(response.headers().contains_key("retry-after"));
    let body = problem(response).await;
    assert_eq!(body["status"], 503);
}

#[tokio::test]
async fn queries_answer_503_when_neo4j_is_unreachable() {
    let mut settings = test_settings();
    settings.neo4j.uri = format!("bolt://127.0.0.1:{}", closed_port());
    settings.neo4j.query_timeout_ms = 1500;
    let app = spawn_app_with(settings).await;
    let response = app.get("/api/v1/chains").await;
    assert_eq!(response.status(), 503);
    let body = problem(response).await;
    // The cause (connection refused, port) stays in the log.
    assert!(!body["detail"].as_str().unwrap().contains("127.0.0.1"));
}

/// A query that outlives `neo4j.query_timeout_ms` answers 503; 1 ms is less than a fresh pool
/// needs just to connect and authenticate, so the bound is always hit.
#[tokio::test]
async fn a_query_past_the_timeout_is_a_503_not_a_hung_request() {
    let mut settings = test_settings();
    settings.neo4j.query_timeout_ms = 1;
    let app = spawn_app_with(settings).await;
    let response = app.get("/api/v1/chains/robotics/map").await;
    assert_eq!(response.status(), 503);
    assert_eq!(problem(response).await["title"], "Service unavailable");
}
