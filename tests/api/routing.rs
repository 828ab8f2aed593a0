//! `neo4j://` URIs: client-side routing (neo4rs' routed connections), as against a cluster.
//! A single Neo4j 5 instance answers routing requests too, so the test runs against the test
//! instance: reads are routed as reads, writes to the leader — here the same server.

use serde_json::json;

use crate::helpers::{spawn_app, spawn_ready_app_with, test_settings, unique_prefix};

#[tokio::test]
async fn the_service_works_through_a_routing_uri() {
    let seeded = spawn_app().await; // the test data, through the usual bolt:// URI
    let admin = seeded.admin_key().await;
    let mut settings = test_settings();
    settings.neo4j.uri = settings.neo4j.uri.replace("bolt://", "neo4j://");
    let app = spawn_ready_app_with(settings).await;
    let chains = app.get_json("/api/v1/chains").await;
    assert_eq!(chains.as_array().unwrap().len(), 6);
    let tag = unique_prefix("routed");
    let id = app
        .register_enterprise(&admin, &format!("{tag}企业"), "130200")
        .await;
    let read = app.get_json(&format!("/api/v1/enterprises/{id}")).await;
    assert_eq!(read["name_zh"], json!(format!("{tag}企业")));
}
