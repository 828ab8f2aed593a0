//! Webhooks (issue 22): endpoints receive the changes their filters keep, signed per Standard
//! Webhooks (checked with the recipe docs/WEBHOOKS.md gives), in feed order, once each; a
//! receiver that refuses for a while, or a deliverer killed mid-delivery, loses nothing; an
//! endpoint that keeps failing pauses and resumes where it stopped; addresses inside the
//! service's network are refused.

use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use chain_atlas::auth::Role;
use reqwest::Method;
use serde_json::{json, Value};
use tokio::io::AsyncWriteExt;

use crate::helpers::{
    problem, spawn_app, spawn_ready_app_with, test_settings, unique_prefix, TestApp,
};

/// How a test receiver answers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Mode {
    Accept,
    /// 500 to the next `n` requests, then accept.
    Refuse(u32),
    /// Hold every request without answering (then 503 once the mode changes).
    Hold,
}

#[derive(Clone, Debug)]
pub(crate) struct Received {
    pub(crate) id: String,
    timestamp: String,
    signature: String,
    pub(crate) body: Vec<u8>,
    pub(crate) accepted: bool,
}

#[derive(Default)]
struct Log {
    mode: Option<Mode>,
    received: Vec<Received>,
}

/// A receiver on loopback that records every request and answers as its mode says.
pub(crate) struct Receiver {
    pub(crate) url: String,
    log: Arc<Mutex<Log>>,
    _server: actix_web::dev::ServerHandle,
}

async fn take(req: HttpRequest, body: web::Bytes, log: web::Data<Arc<Mutex<Log>>>) -> HttpResponse {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let mut received = Received {
        id: header("webhook-id"),
        timestamp: header("webhook-timestamp"),
        signature: header("webhook-signature"),
        body: body.to_vec(),
        accepted: false,
    };
    let mut held = false;
    loop {
        if let Some(answer) = answer(&log, &mut received, &mut held) {
            return answer;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The answer to a request as the mode now says, or none while it is held.
fn answer(log: &Mutex<Log>, received: &mut Received, held: &mut bool) -> Option<HttpResponse> {
    let mut log = log.lock().unwrap();
    match (log.mode.unwrap_or(Mode::Accept), *held) {
        (Mode::Hold, _) => {
            if !*held {
                // Seen, never answered: the test waits for this, then stops the deliverer.
                log.received.push(received.clone());
                *held = true;
            }
            None
        }
        // A held request is never taken, whatever comes after: its deliverer is gone.
        (_, true) => Some(HttpResponse::ServiceUnavailable().finish()),
        (Mode::Accept, false) => {
            received.accepted = true;
            log.received.push(received.clone());
            Some(HttpResponse::NoContent().finish())
        }
        (Mode::Refuse(n), false) => {
            log.mode = Some(if n <= 1 {
                Mode::Accept
            } else {
                Mode::Refuse(n - 1)
            });
            log.received.push(received.clone());
            Some(HttpResponse::InternalServerError().body("not now"))
        }
    }
}

impl Receiver {
    pub(crate) async fn start(mode: Mode) -> Receiver {
        let log = Arc::new(Mutex::new(Log {
            mode: Some(mode),
            received: Vec::new(),
        }));
        let data = web::Data::new(log.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .default_service(web::to(take))
        })
        .workers(1)
        .bind("127.0.0.1:0")
        .unwrap();
        let port = server.addrs()[0].port();
        let server = server.run();
        let handle = server.handle();
        tokio::spawn(server);
        Receiver {
            url: format!("http://127.0.0.1:{port}/hook"),
            log,
            _server: handle,
        }
    }

    fn set(&self, mode: Mode) {
        self.log.lock().unwrap().mode = Some(mode);
    }

    pub(crate) fn received(&self) -> Vec<Received> {
        self.log.lock().unwrap().received.clone()
    }

    /// The ids taken (answered 2xx), in the order they were taken.
    fn taken(&self) -> Vec<String> {
        self.received()
            .into_iter()
            .filter(|r| r.accepted)
            .map(|r| r.id)
            .collect()
    }

    /// Waits until `done` holds of what arrived (a hang guard, not a speed check).
    pub(crate) async fn wait_for(&self, what: &str, done: impl Fn(&[Received]) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(90);
        while !done(&self.received()) {
            assert!(
                Instant::now() < deadline,
                "waited 90 s for {what}: {:?}",
                self.taken()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// An app that delivers webhooks, with `tune` applied to its settings.
async fn delivering_app(tune: impl FnOnce(&mut chain_atlas::settings::Settings)) -> TestApp {
    // The seed (regions, chains) is loaded once per test process by `spawn_app`.
    spawn_app().await;
    let mut settings = test_settings();
    settings.webhooks.deliver = true;
    tune(&mut settings);
    spawn_ready_app_with(settings).await
}

async fn register(app: &TestApp, key: &str, body: Value) -> Value {
    let response = app.post_json("/api/v1/webhooks", key, &body).await;
    assert_eq!(response.status(), 201, "{body}");
    assert_eq!(response.headers()["cache-control"], "no-store");
    response.json().await.unwrap()
}

/// Records of a member organisation's, changed: two firms registered, one edited, both
/// joined by a supply relationship (four changes). Returns them as (collection, id).
async fn member_changes(app: &TestApp, key: &str, org: &str) -> Vec<(&'static str, String)> {
    let a = app
        .register_enterprise(key, &format!("{org}甲"), "130200")
        .await;
    let b = app
        .register_enterprise(key, &format!("{org}乙"), "110108")
        .await;
    let patched = app
        .patch_json(
            &format!("/api/v1/enterprises/{a}"),
            key,
            &json!({"scale": "large"}),
        )
        .await;
    assert_eq!(patched.status(), 200);
    let rel = app
        .relate(key, "supplies", &a, &b, json!({"product": "膜电极"}))
        .await;
    vec![
        ("enterprises", a),
        ("enterprises", b),
        ("relationships", rel),
    ]
}

/// The cursors of the changes recorded to `records` (from their histories), in feed order.
async fn feed_ids(app: &TestApp, key: &str, records: &[(&str, String)]) -> Vec<String> {
    let mut wanted: Vec<String> = Vec::new();
    for (collection, id) in records {
        let history = app
            .get_json_as(&format!("/api/v1/{collection}/{id}/history"), key)
            .await;
        for change in history.as_array().unwrap() {
            wanted.push(change["id"].as_str().unwrap().to_owned());
        }
    }
    let head = app.get_json("/api/v1/changes?limit=1").await["head"]
        .as_str()
        .unwrap()
        .to_owned();
    // Read back from a little before the head: the changes are among the newest.
    let (epoch, newest) = head.split_once('-').unwrap();
    let newest: i64 = newest.parse().unwrap();
    let mut after = format!("{epoch}-{}", (newest - 5000).max(0));
    let mut placed = Vec::new();
    loop {
        let page = app
            .get_json(&format!("/api/v1/changes?limit=1000&after={after}"))
            .await;
        let changes = page["changes"].as_array().unwrap();
        if changes.is_empty() {
            break;
        }
        for c in changes {
            if wanted.iter().any(|w| w == c["id"].as_str().unwrap()) {
                placed.push(c["cursor"].as_str().unwrap().to_owned());
            }
        }
        after = page["next"].as_str().unwrap().to_owned();
    }
    assert_eq!(placed.len(), wanted.len(), "every change is in the feed");
    placed
}

/// Registers an endpoint for a fresh member organisation; returns its key, name, the
/// endpoint's id and secret.
async fn member_endpoint(app: &TestApp, test: &str, url: &str) -> (String, String, String, String) {
    let org = unique_prefix(test);
    let key = app.member_key(&org).await;
    let created = register(app, &key, json!({"url": url})).await;
    let id = created["webhook"]["id"].as_str().unwrap().to_owned();
    let secret = created["secret"].as_str().unwrap().to_owned();
    (key, org, id, secret)
}

/// The endpoint `hook` once `done` holds of it (a hang guard, not a speed check).
async fn wait_state(app: &TestApp, key: &str, hook: &str, done: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let state = app
            .get_json_as(&format!("/api/v1/webhooks/{hook}"), key)
            .await;
        if done(&state) {
            return state;
        }
        assert!(Instant::now() < deadline, "waited 90 s: {state}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn seq(cursor: &str) -> i64 {
    cursor.rsplit_once('-').unwrap().1.parse().unwrap()
}

fn taken_count(r: &[Received]) -> usize {
    r.iter().filter(|r| r.accepted).count()
}

/// Runs the `verify` function of docs/WEBHOOKS.md on a delivery, as a receiver would.
pub(crate) async fn documented_recipe_accepts(secret: &str, got: &Received) -> bool {
    let doc = std::fs::read_to_string("docs/WEBHOOKS.md").unwrap();
    let recipe = doc
        .split("```python\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("docs/WEBHOOKS.md has a python recipe");
    let script = format!(
        "{recipe}\nimport json, sys\nd = json.load(sys.stdin)\n\
         ok = verify(d['secret'], d['headers'], d['body'].encode('latin-1'))\n\
         print('VALID' if ok else 'INVALID')\n"
    );
    let input = json!({
        "secret": secret,
        "headers": {"webhook-id": got.id, "webhook-timestamp": got.timestamp,
                    "webhook-signature": got.signature},
        // Bytes through JSON untouched.
        "body": got.body.iter().map(|&b| b as char).collect::<String>(),
    });
    let mut child = tokio::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs the documented recipe");
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input.to_string().as_bytes()).await.unwrap();
    drop(stdin);
    let out = child.wait_with_output().await.unwrap();
    assert!(out.status.success(), "the recipe failed: {out:?}");
    match String::from_utf8_lossy(&out.stdout).trim() {
        "VALID" => true,
        "INVALID" => false,
        other => panic!("the recipe printed {other}"),
    }
}

#[tokio::test]
async fn registering_needs_a_manager_and_an_address_the_service_may_reach() {
    let app = spawn_app().await;
    let (admin, reader) = (app.admin_key().await, app.key(Role::Reader, None).await);
    let body = json!({"url": "https://hooks.example.com/x"});
    let anonymous = app
        .with_key(Method::POST, "/api/v1/webhooks", None)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    // Authentication comes before validation: a reader is refused whatever it sends.
    let by_reader = app
        .post_json("/api/v1/webhooks", &reader, &json!({"url": "ftp://x"}))
        .await;
    assert_eq!(by_reader.status(), 403);
    for (url, rule) in [
        ("ftp://hooks.example.com/x", "scheme"),
        ("https://user:pw@hooks.example.com/x", "credentials"),
        ("hooks.example.com/x", "scheme"),
        ("https://hooks.example.com/a\nb", "format"),
    ] {
        let refused = app
            .post_json("/api/v1/webhooks", &admin, &json!({"url": url}))
            .await;
        assert_eq!(refused.status(), 422, "{url}");
        let p = problem(refused).await;
        assert_eq!(p["errors"][0]["field"], "url", "{p}");
        assert_eq!(p["errors"][0]["rule"], rule, "{p}");
    }
    let bad_after = app
        .post_json(
            "/api/v1/webhooks",
            &admin,
            &json!({"url": "http://127.0.0.1:9/x", "after": "00000000-5"}),
        )
        .await;
    assert_eq!(bad_after.status(), 422);
    assert_eq!(problem(bad_after).await["errors"][0]["field"], "after");

    // Outside dev and test, nothing inside the service's network, by address or by name.
    let mut strict = test_settings();
    strict.webhooks.allow_private = false;
    let strict = spawn_ready_app_with(strict).await;
    let admin_strict = strict.admin_key().await;
    for url in [
        "http://127.0.0.1:9/x",
        "http://localhost:9/x",
        "http://169.254.169.254/latest/meta-data",
        "http://[::ffff:10.0.0.1]/x",
    ] {
        let refused = strict
            .post_json("/api/v1/webhooks", &admin_strict, &json!({"url": url}))
            .await;
        assert_eq!(refused.status(), 422, "{url}");
        let p = problem(refused).await;
        assert_eq!(p["errors"][0]["rule"], "internal_address", "{url}: {p}");
    }
}

#[tokio::test]
async fn members_manage_their_own_endpoints_and_admins_all() {
    let app = spawn_app().await;
    let admin = app.admin_key().await;
    let org = unique_prefix("wh-own");
    let member = app.member_key(&org).await;
    let other = app.member_key(&unique_prefix("wh-other")).await;
    let created = register(
        &app,
        &member,
        json!({"url": "http://127.0.0.1:9/m",
        "description": "联盟同步", "kinds": ["enterprise"]}),
    )
    .await;
    let secret = created["secret"].as_str().unwrap();
    assert!(secret.starts_with("whsec_"), "{secret}");
    let hook = &created["webhook"];
    let id = hook["id"].as_str().unwrap();
    assert_eq!(hook["owner"], org.as_str());
    assert_eq!(hook["state"], "active");
    assert_eq!(hook["kinds"], json!(["enterprise"]));
    assert!(
        hook.get("secret").is_none(),
        "the secret is never shown again"
    );

    let path = format!("/api/v1/webhooks/{id}");
    assert_eq!(app.get_json_as(&path, &member).await["id"], id);
    assert_eq!(app.get_json_as(&path, &admin).await["id"], id);
    let by_other = app
        .with_key(Method::GET, &path, Some(&other))
        .send()
        .await
        .unwrap();
    assert_eq!(
        by_other.status(),
        404,
        "another member's endpoint is not found"
    );
    let listed = app.get_json_as("/api/v1/webhooks", &other).await;
    assert!(!listed.as_array().unwrap().iter().any(|w| w["id"] == id));
    let listed = app.get_json_as("/api/v1/webhooks", &admin).await;
    assert!(listed.as_array().unwrap().iter().any(|w| w["id"] == id));
    assert_eq!(app.delete(&path, &other).await.status(), 404);
    assert_eq!(app.delete(&path, &member).await.status(), 204);
    assert_eq!(app.delete(&path, &member).await.status(), 404);
    for action in ["webhook_created", "webhook_deleted"] {
        let audit = app
            .get_json_as(&format!("/api/v1/audit?action={action}&limit=500"), &admin)
            .await;
        let found = audit.as_array().unwrap().iter().any(|e| e["subject"] == id);
        assert!(found, "{action} of {id} is in the audit log");
    }
}

#[tokio::test]
async fn a_member_s_endpoint_gets_the_changes_about_its_organisations_signed_in_order_once() {
    let app = delivering_app(|_| {}).await;
    let receiver = Receiver::start(Mode::Accept).await;
    let (key, org, hook, secret) = member_endpoint(&app, "wh-signed", &receiver.url).await;
    let records = member_changes(&app, &key, &org).await;
    // A change about someone else's firm is not this member's to hear of.
    let admin = app.admin_key().await;
    app.register_enterprise(&admin, &format!("{org}外"), "120116")
        .await;

    let expected = feed_ids(&app, &key, &records).await;
    assert_eq!(expected.len(), 4, "two creates, an update, a relationship");
    receiver
        .wait_for("four deliveries", |r| taken_count(r) >= 4)
        .await;
    // Nothing more comes: the other firm is not about this member's organisations.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        receiver.taken(),
        expected,
        "each change once, in feed order"
    );

    for got in receiver.received() {
        assert!(documented_recipe_accepts(&secret, &got).await, "{}", got.id);
        let payload: Value = serde_json::from_slice(&got.body).unwrap();
        assert_eq!(payload["type"], "change_recorded");
        assert_eq!(payload["data"]["cursor"], got.id.as_str());
        // A body changed on the way, or another secret, fails the check.
        let mut tampered = got.clone();
        tampered.body = got
            .body
            .iter()
            .map(|&b| if b == b'e' { b'f' } else { b })
            .collect();
        assert!(!documented_recipe_accepts(&secret, &tampered).await);
        let other = "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        assert!(!documented_recipe_accepts(other, &got).await);
    }

    let state = wait_state(&app, &key, &hook, |w| w["delivered"] == 4).await;
    // At the last change delivered, or past it when later ones were not for this endpoint.
    assert!(
        seq(state["after"].as_str().unwrap()) >= seq(&expected[3]),
        "{state}"
    );
    assert_eq!(state["attempts"], 0);
    assert_eq!(state["last_status"], 204);
    let log = app
        .get_json_as(&format!("/api/v1/webhooks/{hook}/deliveries?limit=3"), &key)
        .await;
    let mut logged: Vec<String> = event_ids(&log);
    let older = app
        .get_json_as(
            &format!(
                "/api/v1/webhooks/{hook}/deliveries?before={}",
                log["next"].as_str().unwrap()
            ),
            &key,
        )
        .await;
    logged.extend(event_ids(&older));
    let newest_first: Vec<String> = expected.iter().rev().cloned().collect();
    assert_eq!(logged, newest_first, "the log, newest first, paged");
    assert!(log["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["status"] == "delivered" && d["attempts"] == 1));
    app.delete(&format!("/api/v1/webhooks/{hook}"), &key).await;
}

fn event_ids(page: &Value) -> Vec<String> {
    page["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["event_id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_receiver_that_refuses_for_a_while_loses_nothing_and_keeps_the_order() {
    let app = delivering_app(|_| {}).await;
    let receiver = Receiver::start(Mode::Refuse(3)).await;
    let (key, org, hook, _) = member_endpoint(&app, "wh-refuse", &receiver.url).await;
    let records = member_changes(&app, &key, &org).await;
    let expected = feed_ids(&app, &key, &records).await;
    receiver
        .wait_for("every change taken", |r| taken_count(r) >= expected.len())
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(receiver.taken(), expected, "every change, once, in order");
    let refused: Vec<String> = receiver
        .received()
        .into_iter()
        .filter(|r| !r.accepted)
        .map(|r| r.id)
        .collect();
    assert_eq!(
        refused,
        vec![expected[0].clone(); 3],
        "the first was retried; nothing overtook it"
    );
    let log = app
        .get_json_as(&format!("/api/v1/webhooks/{hook}/deliveries"), &key)
        .await;
    let first = log["deliveries"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(first["event_id"], expected[0].as_str());
    assert_eq!(first["attempts"], 4);
    assert_eq!(first["status"], "delivered");
    assert_eq!(first["response_status"], 204);
    app.delete(&format!("/api/v1/webhooks/{hook}"), &key).await;
}

#[tokio::test]
async fn a_deliverer_killed_mid_delivery_loses_nothing_after_a_restart() {
    let first = delivering_app(|_| {}).await;
    let receiver = Receiver::start(Mode::Hold).await;
    let (key, org, hook, _) = member_endpoint(&first, "wh-killed", &receiver.url).await;
    let records = member_changes(&first, &key, &org).await;
    let expected = feed_ids(&first, &key, &records).await;
    receiver
        .wait_for("the first delivery under way", |r| !r.is_empty())
        .await;
    // The instance stops while the receiver holds the delivery: nothing was taken.
    first.stop().await;
    assert!(receiver.taken().is_empty());
    receiver.set(Mode::Accept);
    // Another instance takes the endpoint over once the stopped one's lease lapses.
    let second = delivering_app(|_| {}).await;
    receiver
        .wait_for("every change taken", |r| taken_count(r) >= expected.len())
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        receiver.taken(),
        expected,
        "every change, once taken, in order"
    );
    second
        .delete(&format!("/api/v1/webhooks/{hook}"), &key)
        .await;
}

#[tokio::test]
async fn an_endpoint_that_keeps_failing_pauses_and_goes_on_from_there_when_resumed() {
    let app = delivering_app(|s| s.webhooks.give_up_after_secs = 1).await;
    let receiver = Receiver::start(Mode::Refuse(u32::MAX)).await;
    let (key, org, hook, _) = member_endpoint(&app, "wh-paused", &receiver.url).await;
    let records = member_changes(&app, &key, &org).await;
    let expected = feed_ids(&app, &key, &records).await;
    let path = format!("/api/v1/webhooks/{hook}");
    let paused = wait_state(&app, &key, &hook, |w| w["state"] == "paused").await;
    assert_eq!(paused["paused_reason"], "gave_up");
    assert_eq!(paused["last_failure"], "status");
    assert_eq!(paused["last_status"], 500);
    assert!(paused["attempts"].as_i64().unwrap() >= 2, "{paused}");
    let before_first = paused["after"].as_str().unwrap();
    assert!(
        seq(before_first) < seq(&expected[0]),
        "it waits on the first change"
    );
    let log = app.get_json_as(&format!("{path}/deliveries"), &key).await;
    assert_eq!(event_ids(&log), vec![expected[0].clone()]);
    assert_eq!(log["deliveries"][0]["status"], "failed");

    // Sent again by hand: the receiver takes it, the endpoint stays where it was.
    receiver.set(Mode::Accept);
    let again = app
        .with_key(
            Method::POST,
            &format!("{path}/deliveries/{}/redeliver", expected[0]),
            Some(&key),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 200);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["redeliveries"], 1);
    assert_eq!(again["response_status"], 204);
    assert_eq!(receiver.taken(), vec![expected[0].clone()]);
    assert_eq!(app.get_json_as(&path, &key).await["state"], "paused");

    let resumed = app
        .with_key(Method::POST, &format!("{path}/resume"), Some(&key))
        .send()
        .await
        .unwrap();
    assert_eq!(resumed.status(), 200);
    receiver
        .wait_for("the rest after resuming", |r| {
            taken_count(r) > expected.len()
        })
        .await;
    let mut twice = vec![expected[0].clone()];
    twice.extend(expected.iter().cloned());
    assert_eq!(
        receiver.taken(),
        twice,
        "from the change it stopped at (sent twice: same id)"
    );
    let unknown = app
        .with_key(
            Method::POST,
            &format!("{path}/deliveries/00000000-1/redeliver"),
            Some(&key),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    app.delete(&path, &key).await;
}
