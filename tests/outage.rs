//! The service against a Neo4j that it shares with nobody else, so the test can empty it and
//! kill it: start-up answers 503 until the data is in, and a database crash under load loses no
//! acknowledged write and half-applies none (issue 8). Its own instance (`neo4j/run/outage`,
//! a free port) keeps the other tests' database untouched; it is stopped at the end.

#[allow(dead_code)]
#[path = "api/helpers.rs"]
mod helpers;

use std::collections::{HashMap, HashSet};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chain_atlas::db::{self, Db};
use chain_atlas::settings::Settings;
use secrecy::SecretString;
use serde_json::{json, Value};

use helpers::{closed_port, spawn_app_with, test_settings, TestApp};

const PASSWORD: &str = "chainatlas-outage";

/// `neo4j/neo4j.sh <action>` for the outage instance.
fn neo4j(action: &str, port: u16) {
    let status = Command::new("bash")
        .args(["neo4j/neo4j.sh", action])
        .env("NEO4J_INSTANCE", "outage")
        .env("NEO4J_BOLT_PORT", port.to_string())
        .env("NEO4J_PASSWORD", PASSWORD)
        .env("NEO4J_HEAP", "256m")
        .env("NEO4J_PAGECACHE", "64m")
        .env("NEO4J_TX_TIMEOUT", "3000ms")
        .status()
        .expect("neo4j.sh runs");
    assert!(status.success(), "neo4j.sh {action} failed");
}

/// Stops the instance however the test ends.
struct Instance(u16);

impl Drop for Instance {
    fn drop(&mut self) {
        neo4j("stop", self.0);
    }
}

fn settings(port: u16) -> Settings {
    let mut s = test_settings();
    s.neo4j.uri = format!("bolt://127.0.0.1:{port}");
    s.neo4j.password = SecretString::from(PASSWORD);
    s.neo4j.query_timeout_ms = 3000;
    s.neo4j.acquire_timeout_ms = 500;
    s.application.seed_if_empty = true;
    s.application.seed_demo = true;
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn start_up_and_a_database_crash_under_load() {
    let port = closed_port();
    neo4j("start", port);
    let _instance = Instance(port);
    let settings = settings(port);
    db::reset(&Db::connect(&settings.neo4j).unwrap())
        .await
        .unwrap();

    let app = spawn_app_with(settings).await;
    nothing_answers_until_start_up_has_finished(&app).await;
    a_crash_under_load_loses_nothing(&app, port).await;
}

/// Issue 8.4: while the empty database is being set up and seeded, the API answers 503 and
/// never an empty list; once `/ready` says so, the chains are there.
async fn nothing_answers_until_start_up_has_finished(app: &TestApp) {
    let mut early = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let chains = app.get("/api/v1/chains").await;
        let ready = app.get("/ready").await.status() == 200;
        early.push(chains.status().as_u16());
        if chains.status() == 200 {
            let body: Vec<Value> = chains.json().await.unwrap();
            assert_eq!(body.len(), 6, "a read during start-up saw {body:?}");
        }
        if ready {
            break;
        }
        assert!(Instant::now() < deadline, "never ready: {early:?}");
    }
    assert!(
        early.contains(&503),
        "start-up was never observed: {early:?}"
    );
    let chains: Vec<Value> = app
        .get_json("/api/v1/chains")
        .await
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(chains.len(), 6);
}

/// What the load saw: each write attempt's name and outcome, and every answer's status.
#[derive(Default)]
struct Seen {
    writes: Vec<(String, u16)>,
    during_outage: Vec<(u16, bool, bool)>,
}

/// Issue 8, "outage under load": Neo4j is SIGKILLed and restarted while clients read and
/// write. During the outage every answer is a 503 problem with `Retry-After`; after it, the
/// service recovers without a restart; every acknowledged write is there and none is half-done.
async fn a_crash_under_load_loses_nothing(app: &TestApp, port: u16) {
    let admin = app.admin_key().await;
    let seen = Arc::new(Mutex::new(Seen::default()));
    let (stop, down) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicBool::new(false)),
    );
    let client = reqwest::Client::builder()
        // A hang guard, not a speed test: twice the query timeout.
        .timeout(Duration::from_secs(6))
        .build()
        .unwrap();
    let mut load = Vec::new();
    for worker in 0..4 {
        let (client, url, admin) = (client.clone(), app.address.clone(), admin.clone());
        let (seen, stop, down) = (seen.clone(), stop.clone(), down.clone());
        load.push(tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let outage = down.load(Ordering::Relaxed);
                let response = if worker % 2 == 0 {
                    let name = format!(
                        "【演示】断电测试实验室{worker}-{n}-{}",
                        uuid::Uuid::new_v4()
                    );
                    let body = json!({"rd_kind": "key_lab", "name_zh": name, "region": "110108"});
                    let r = client
                        .post(format!("{url}/api/v1/rd-sources"))
                        .bearer_auth(&admin)
                        .json(&body)
                        .send()
                        .await
                        .expect("an answer, not a hang");
                    seen.lock()
                        .unwrap()
                        .writes
                        .push((name, r.status().as_u16()));
                    r
                } else {
                    client
                        .get(format!("{url}/api/v1/chains/robotics/map"))
                        .send()
                        .await
                        .expect("an answer, not a hang")
                };
                if outage && down.load(Ordering::Relaxed) {
                    let status = response.status().as_u16();
                    let retry = response.headers().contains_key("retry-after");
                    let problem = response
                        .headers()
                        .get("content-type")
                        .is_some_and(|v| v == "application/problem+json");
                    seen.lock()
                        .unwrap()
                        .during_outage
                        .push((status, retry, problem));
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }));
    }
    // Load before the crash, counted in writes rather than seconds: a busy machine takes
    // longer to acknowledge the first ones, and the deadline is a hang guard only.
    let acknowledged = |seen: &Mutex<Seen>| {
        let seen = seen.lock().unwrap();
        seen.writes.iter().filter(|(_, s)| *s == 201).count()
    };
    wait_for(
        Duration::from_secs(120),
        "five acknowledged writes before the crash",
        || acknowledged(&seen) >= 5,
    )
    .await;
    // Marked down once the process is gone (kill waits for it): a request sent while the kill
    // was still under way may rightly have been answered.
    neo4j("kill", port);
    down.store(true, Ordering::Relaxed);
    tokio::time::sleep(Duration::from_secs(4)).await;
    down.store(false, Ordering::Relaxed);
    neo4j("start", port);
    // Neo4j answers again (neo4j.sh waited for Bolt): the service recovers by itself.
    let answered = Instant::now();
    let mut recovered = false;
    while answered.elapsed() < Duration::from_secs(5) {
        if app.get("/api/v1/chains").await.status() == 200 {
            recovered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(recovered, "no answer within 5 s of Neo4j answering again");
    // Writes succeed again too: the load goes on until one more is acknowledged.
    let before = acknowledged(&seen);
    wait_for(
        Duration::from_secs(120),
        "a write acknowledged after the restart",
        || acknowledged(&seen) > before,
    )
    .await;
    stop.store(true, Ordering::Relaxed);
    for task in load {
        task.await.unwrap();
    }

    let seen = std::mem::take(&mut *seen.lock().unwrap());
    assert!(!seen.during_outage.is_empty(), "no request met the outage");
    for (status, retry, problem) in &seen.during_outage {
        assert_eq!((*status, *retry, *problem), (503, true, true));
    }
    let statuses: HashSet<u16> = seen.writes.iter().map(|(_, s)| *s).collect();
    assert!(
        statuses.is_subset(&HashSet::from([201, 503])),
        "{statuses:?}"
    );
    let acknowledged = seen.writes.iter().filter(|(_, s)| *s == 201).count();
    eprintln!(
        "outage: {} writes ({acknowledged} acknowledged), {} answers during the outage",
        seen.writes.len(),
        seen.during_outage.len()
    );
    assert!(acknowledged > 5, "too little load: {acknowledged} writes");
    every_acknowledged_write_is_there_and_none_is_half_done(app, &seen.writes).await;
}

/// Waits until `done`, polling; `deadline` is a hang guard with a generous margin.
async fn wait_for(deadline: Duration, what: &str, done: impl Fn() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(
            started.elapsed() < deadline,
            "not within {deadline:?}: {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn every_acknowledged_write_is_there_and_none_is_half_done(
    app: &TestApp,
    writes: &[(String, u16)],
) {
    let q = neo4rs::query(
        "MATCH (o:RdSource) WHERE o.name_zh STARTS WITH '【演示】断电测试实验室'
         OPTIONAL MATCH (c:Change {target_id: o.id, action: 'create'})
         RETURN o.name_zh AS name, count(c) AS creates",
    );
    let rows = app.db.rows(q).await.unwrap();
    let stored: HashMap<String, i64> = rows
        .iter()
        .map(|r| (r.get("name").unwrap(), r.get("creates").unwrap()))
        .collect();
    for (name, status) in writes {
        match (status, stored.get(name)) {
            (201, None) => panic!("{name} was acknowledged and is gone"),
            (_, Some(creates)) => assert_eq!(*creates, 1, "{name} has {creates} create records"),
            _ => {}
        }
    }
    // Nothing in the history without its record either.
    let orphans: Vec<i64> = app
        .db
        .column(
            neo4rs::query(
                "MATCH (c:Change {action: 'create', target_kind: 'rd_source'})
                 WHERE NOT EXISTS { MATCH (:RdSource {id: c.target_id}) }
                   AND NOT EXISTS { MATCH (:Change {target_id: c.target_id, action: 'delete'}) }
                 RETURN count(c) AS n",
            ),
            "n",
        )
        .await
        .unwrap();
    assert_eq!(orphans, vec![0], "history records without their record");
}
