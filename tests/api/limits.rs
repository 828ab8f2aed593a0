//! Quotas and the headers every answer carries.

use reqwest::Method;

use crate::helpers::{problem, spawn_app, spawn_ready_app_with, test_settings};

#[tokio::test]
async fn a_caller_past_its_quota_gets_429_with_retry_after_and_others_do_not() {
    let mut settings = test_settings();
    settings.limits.enabled = true;
    settings.limits.caller_per_second = 1;
    settings.limits.caller_burst = 2;
    let app = spawn_ready_app_with(settings).await;
    let (busy, other) = (app.admin_key().await, app.admin_key().await);
    let mut statuses = Vec::new();
    let mut refused = None;
    for _ in 0..8 {
        let response = app
            .with_key(Method::GET, "/api/v1/chains", Some(&busy))
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
        if response.status() == 429 && refused.is_none() {
            refused = Some(response);
        }
    }
    assert_eq!(&statuses[..2], &[200, 200], "{statuses:?}");
    let refused = refused.expect("the quota ran out");
    let wait: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&wait), "Retry-After {wait}");
    assert_eq!(problem(refused).await["status"], 429);
    // Another key has a quota of its own, and the probes have none.
    let fresh = app
        .with_key(Method::GET, "/api/v1/chains", Some(&other))
        .send()
        .await
        .unwrap();
    assert_eq!(fresh.status(), 200);
    for _ in 0..5 {
        assert_eq!(app.get("/health").await.status(), 200);
    }
}

#[tokio::test]
async fn answers_carry_security_headers_and_pages_a_strict_policy() {
    let app = spawn_app().await;
    for path in ["/api/v1/chains", "/api/v1/nowhere", "/docs/"] {
        let response = app.get(path).await;
        assert_eq!(
            response.headers()["x-content-type-options"],
            "nosniff",
            "{path}"
        );
        assert_eq!(response.headers()["x-frame-options"], "DENY", "{path}");
    }
    let page = app.get("/docs/").await;
    let policy = page.headers()["content-security-policy"].to_str().unwrap();
    assert!(policy.contains("default-src 'self'") && policy.contains("frame-ancestors 'none'"));
    assert!(!policy.contains("script-src 'self' 'unsafe-inline'"));
    let admin = app.admin_key().await;
    let body = serde_json::json!({"name": "cache test", "role": "reader"});
    let created = app.post_json("/api/v1/keys", &admin, &body).await;
    assert_eq!(created.status(), 201);
    assert_eq!(created.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn metrics_count_requests_queries_and_imports_for_admins() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    assert_eq!(app.get("/api/v1/chains/hydrogen").await.status(), 200);
    assert_eq!(app.get("/metrics").await.status(), 401);
    let response = app
        .with_key(Method::GET, "/metrics", Some(&admin))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    for expected in [
        "chain_atlas_http_requests_total{method=\"GET\",route=\"/api/v1/chains/{id}\",status=\"200\"}",
        "chain_atlas_http_request_duration_seconds_bucket",
        "chain_atlas_neo4j_query_duration_seconds_count{query=\"chains/get.cypher\",outcome=\"ok\"}",
        "chain_atlas_neo4j_connections{state=\"in_use\"}",
    ] {
        assert!(text.contains(expected), "{expected} missing from\n{text}");
    }
}
