//! SIGTERM: the service stops taking connections, lets in-flight requests finish, and exits 0.

use std::process::Stdio;
use std::time::Duration;

use chain_atlas::db::Db;
use tokio::process::Command;

use crate::helpers::{
    closed_port, spawn_app, test_settings, unique_prefix, wait_for_blocked_transaction, HeldLock,
};

#[tokio::test]
async fn sigterm_finishes_in_flight_requests_and_exits_cleanly() {
    let app = spawn_app().await; // seeds the test database and gives us a key
    let admin = app.admin_key().await;
    let port = closed_port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_chain-atlas"))
        .arg("serve")
        .env("APP_ENV", "test")
        .env("CHAIN_ATLAS__APPLICATION__PORT", port.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the binary starts");
    let url = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let mut ready = false;
    for _ in 0..300 {
        if let Ok(r) = client.get(format!("{url}/ready")).send().await {
            if r.status() == 200 {
                ready = true;
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(ready, "the server never became ready");

    // An edit that waits on a lock the test holds: in flight when SIGTERM arrives.
    let db = Db::connect(&test_settings().neo4j).unwrap();
    let id = app
        .register_enterprise(&admin, &unique_prefix("关停中企业"), "130684")
        .await;
    let lock = HeldLock::take(&db, &id).await;
    let in_flight = {
        let request = client
            .patch(format!("{url}/api/v1/enterprises/{id}"))
            .bearer_auth(&admin)
            .json(&serde_json::json!({"scale": "large"}));
        tokio::spawn(async move { request.send().await.map(|r| r.status().as_u16()) })
    };
    wait_for_blocked_transaction(&db, &id).await;
    let pid = server.id().expect("running") as i32;
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    // No new connections are taken…
    let mut refused = false;
    for _ in 0..100 {
        if client.get(format!("{url}/health")).send().await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(refused, "the server kept taking requests after SIGTERM");
    // …but the one in flight finishes once its lock is free, and the process exits 0.
    lock.release().await;
    assert_eq!(in_flight.await.unwrap().unwrap(), 200);
    let exit = tokio::time::timeout(Duration::from_secs(30), server.wait())
        .await
        .expect("the server exits")
        .unwrap();
    assert!(exit.success(), "{exit:?}");
}
