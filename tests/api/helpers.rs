//! Starts the real application on port 0 against the test instance of Neo4j.
//!
//! Isolation: tests share one database (Neo4j Community has a single user database), so every
//! test that writes gives its records ids under its own prefix (`unique_prefix`) and reads back
//! only those; the seed data is loaded once per test process and never modified by tests.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chain_atlas::auth::audit::Actor;
use chain_atlas::auth::{store, Role};
use chain_atlas::db::{Db, DbError};
use chain_atlas::domain::uscc::check_character;
use chain_atlas::seed;
use chain_atlas::settings::Settings;
use chain_atlas::startup::Application;
use reqwest::Method;
use serde_json::{json, Value};
use tokio::sync::OnceCell;

static SEEDED: OnceCell<()> = OnceCell::const_new();

/// A running app: what stops it, and the task it runs in.
type Running = (
    actix_web::dev::ServerHandle,
    tokio::task::JoinHandle<std::io::Result<()>>,
);

#[derive(Clone)]
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: Db,
    /// Stops the app as SIGTERM would, and ends when it has (tests/answers.rs).
    #[allow(dead_code)]
    stopping: Arc<tokio::sync::Mutex<Option<Running>>>,
}

impl TestApp {
    /// Stops the app gracefully (as SIGTERM does) and waits until it has (tests/answers.rs).
    #[allow(dead_code)]
    pub async fn stop(&self) {
        if let Some((handle, running)) = self.stopping.lock().await.take() {
            handle.stop(true).await;
            running.await.unwrap().unwrap();
        }
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{}", self.address, path))
            .send()
            .await
            .expect("request sent")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// A request with the given key (if any) as a bearer token.
    pub fn with_key(
        &self,
        method: reqwest::Method,
        path: &str,
        key: Option<&str>,
    ) -> reqwest::RequestBuilder {
        let request = self.client.request(method, self.url(path));
        match key {
            Some(k) => request.bearer_auth(k),
            None => request,
        }
    }

    pub async fn post_json(
        &self,
        path: &str,
        key: &str,
        body: &serde_json::Value,
    ) -> reqwest::Response {
        self.with_key(reqwest::Method::POST, path, Some(key))
            .json(body)
            .send()
            .await
            .expect("sent")
    }

    pub async fn patch_json(
        &self,
        path: &str,
        key: &str,
        body: &serde_json::Value,
    ) -> reqwest::Response {
        self.with_key(reqwest::Method::PATCH, path, Some(key))
            .json(body)
            .send()
            .await
            .expect("sent")
    }

    pub async fn delete(&self, path: &str, key: &str) -> reqwest::Response {
        self.with_key(reqwest::Method::DELETE, path, Some(key))
            .send()
            .await
            .expect("sent")
    }

    /// A fresh key of the given role, written straight to the database.
    pub async fn key(&self, role: Role, member_org: Option<&str>) -> String {
        let actor = Actor {
            key: "test".into(),
            address: "local".into(),
        };
        let (_, secret) = store::create(&self.db, &actor, "test key", role, member_org)
            .await
            .expect("key");
        secret
    }

    pub async fn admin_key(&self) -> String {
        self.key(Role::Admin, None).await
    }

    pub async fn member_key(&self, org: &str) -> String {
        self.key(Role::Member, Some(org)).await
    }
}

/// A valid USCC no other test uses: a Tangshan registration with random digits.
pub fn fresh_uscc() -> String {
    let digits: String = uuid::Uuid::new_v4()
        .as_u128()
        .to_string()
        .chars()
        .take(9)
        .collect();
    let body = format!("91130200{digits}");
    let check = check_character(body.as_bytes()).expect("digits are in the alphabet");
    format!("{body}{check}")
}

pub fn test_settings() -> Settings {
    let mut settings = Settings::load_from(Path::new("config"), "test").expect("test settings");
    settings.application.port = 0;
    settings.application.seed_if_empty = false;
    settings
}

/// The app against the test Neo4j, ready and seeded.
pub async fn spawn_app() -> TestApp {
    let app = spawn_app_with(test_settings()).await;
    wait_until_ready(&app).await;
    SEEDED
        .get_or_init(|| async {
            let data = seed::SeedData::embedded().expect("seed data");
            seed::load(&app.db, &data, seed::SeedSet::ReferenceAndDemo)
                .await
                .expect("seeding the test database");
        })
        .await;
    app
}

/// The app with the given settings, once it is ready (its database answers and is set up).
pub async fn spawn_ready_app_with(settings: Settings) -> TestApp {
    let app = spawn_app_with(settings).await;
    wait_until_ready(&app).await;
    app
}

/// The app with the given settings, not waiting for anything.
pub async fn spawn_app_with(settings: Settings) -> TestApp {
    chain_atlas::telemetry::init(&settings.log);
    let db = Db::connect(&settings.neo4j).expect("pool");
    let app = Application::build(settings)
        .await
        .expect("application builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let handle = app.handle();
    let running = tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    TestApp {
        address,
        client,
        db,
        stopping: Arc::new(tokio::sync::Mutex::new(Some((handle, running)))),
    }
}

pub async fn wait_until_ready(app: &TestApp) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let status = app.get("/ready").await.status();
        if status == 200 {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "/ready still {status} after 60s: is the test Neo4j running (make test starts it)?"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// A port nothing listens on: bound, then released.
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// A fresh id prefix for the records one test creates.
pub fn unique_prefix(test: &str) -> String {
    format!(
        "t-{test}-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    )
}

pub async fn problem(response: reqwest::Response) -> serde_json::Value {
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(content_type, "application/problem+json");
    response.json().await.unwrap()
}

impl TestApp {
    /// How many reverse twins (`HAS_BRANCH`) the branch relationship `id` has in the database.
    pub async fn branch_twins(&self, id: &str) -> i64 {
        let q = neo4rs::query("MATCH ()-[t:HAS_BRANCH {id: $id}]->() RETURN count(t) AS n");
        self.db.column::<i64>(q.param("id", id), "n").await.unwrap()[0]
    }

    /// GETs `path` (asserting 200) and returns the JSON body.
    pub async fn get_json(&self, path: &str) -> Value {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        response.json().await.unwrap()
    }

    /// `GET path` with `key`, asserting 200.
    pub async fn get_json_as(&self, path: &str, key: &str) -> Value {
        let response = self
            .with_key(Method::GET, path, Some(key))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        response.json().await.unwrap()
    }

    /// Registers an enterprise with `key` and returns its id.
    pub async fn register_enterprise(&self, key: &str, name: &str, region: &str) -> String {
        let response = self
            .post_json("/api/v1/enterprises", key, &enterprise_body(name, region))
            .await;
        assert_eq!(response.status(), 201, "registering {name}");
        let created: Value = response.json().await.unwrap();
        created["id"].as_str().expect("an id").to_owned()
    }

    /// Registers a key lab with `key` and returns its id.
    pub async fn register_lab(&self, key: &str, name: &str, region: &str) -> String {
        let body = json!({"rd_kind": "key_lab", "name_zh": name, "region": region});
        let response = self.post_json("/api/v1/rd-sources", key, &body).await;
        assert_eq!(response.status(), 201, "registering {name}");
        let created: Value = response.json().await.unwrap();
        created["id"].as_str().expect("an id").to_owned()
    }

    /// Declares that enterprise `id` operates in `segment` as a core firm.
    pub async fn join_link(&self, key: &str, id: &str, segment: &str) {
        let path = format!("/api/v1/enterprises/{id}/segments/{segment}");
        let put = self
            .with_key(Method::PUT, &path, Some(key))
            .json(&json!({"role": "core"}))
            .send()
            .await
            .unwrap();
        assert_eq!(put.status(), 200, "{path}");
    }

    /// An enterprise registered by `key`, optionally operating in `segment`.
    pub async fn firm(&self, key: &str, name: &str, region: &str, segment: Option<&str>) -> String {
        let id = self.register_enterprise(key, name, region).await;
        if let Some(segment) = segment {
            self.join_link(key, &id, segment).await;
        }
        id
    }

    /// Records a relationship (asserting 201) and returns its id; `extra` holds the
    /// kind-specific fields.
    pub async fn relate(
        &self,
        key: &str,
        kind: &str,
        from: &str,
        to: &str,
        extra: Value,
    ) -> String {
        let mut body =
            json!({"kind": kind, "source_id": from, "target_id": to, "source": "test graph"});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        let response = self.post_json("/api/v1/relationships", key, &body).await;
        assert_eq!(response.status(), 201, "{body}");
        let created: Value = response.json().await.unwrap();
        created["id"].as_str().unwrap().to_owned()
    }

    /// POSTs a CSV file to the import endpoint with the given query.
    pub async fn import_csv(&self, key: &str, query: &str, csv: &str) -> reqwest::Response {
        self.with_key(Method::POST, &format!("/api/v1/imports?{query}"), Some(key))
            .header("content-type", "text/csv")
            .body(csv.to_owned())
            .send()
            .await
            .unwrap()
    }
}

/// A registration body for an enterprise with a fresh USCC.
pub fn enterprise_body(name: &str, region: &str) -> Value {
    json!({"uscc": fresh_uscc(), "name_zh": name, "region": region, "scale": "small",
           "source": "https://example.org/test"})
}

/// The (field, rule) pairs of a problem's errors.
pub fn fields(problem: &Value) -> Vec<(String, String)> {
    problem["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| {
                    (
                        e["field"].as_str().unwrap().to_owned(),
                        e["rule"].as_str().unwrap().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The status of every row of an import report.
pub fn statuses(report: &Value) -> Vec<&str> {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect()
}

/// An exclusive lock on one organisation, held in a transaction of the test's own until
/// released: an edit of that organisation waits for it meanwhile, holding its connection.
pub struct HeldLock {
    release: std::sync::Arc<tokio::sync::Notify>,
    holder: tokio::task::JoinHandle<()>,
}

impl HeldLock {
    pub async fn take(db: &Db, org_id: &str) -> HeldLock {
        use std::sync::Arc;
        use tokio::sync::Notify;
        let (locked, release) = (Arc::new(Notify::new()), Arc::new(Notify::new()));
        let holder = {
            let (db, locked, release) = (db.clone(), locked.clone(), release.clone());
            let id = org_id.to_owned();
            tokio::spawn(async move {
                let lock = "MATCH (o:Organisation {id: $id}) SET o.held_by_test = timestamp()";
                let held = db
                    .in_transaction(move |tx| {
                        let (locked, release, id) = (locked.clone(), release.clone(), id.clone());
                        Box::pin(async move {
                            tx.run(neo4rs::query(lock).param("id", id)).await?;
                            locked.notify_one();
                            release.notified().await;
                            Err::<(), DbError>(DbError::Conflict("rolled back by the test".into()))
                        })
                    })
                    .await;
                assert!(held.is_err(), "the lock was not held");
            })
        };
        locked.notified().await;
        HeldLock { release, holder }
    }

    /// Rolls the holding transaction back.
    pub async fn release(self) {
        self.release.notify_one();
        self.holder.await.unwrap();
    }
}

/// Until Neo4j reports a transaction waiting for a lock with `id` among its parameters.
pub async fn wait_for_blocked_transaction(db: &Db, id: &str) {
    let show = "SHOW TRANSACTIONS YIELD status, parameters
                WHERE status STARTS WITH 'Blocked' AND parameters.id = $id RETURN count(*) AS n";
    for _ in 0..200 {
        let q = neo4rs::query(show).param("id", id);
        let n: Vec<i64> = db.column(q, "n").await.unwrap();
        if n.first().copied().unwrap_or(0) > 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("nothing waited for the test's lock on {id}");
}

/// `text` as a query-string value.
pub fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

impl TestApp {
    /// The actions of an enterprise's history, oldest first.
    pub async fn history_actions(&self, id: &str) -> Vec<String> {
        let history = self
            .get_json(&format!("/api/v1/enterprises/{id}/history"))
            .await;
        history
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["action"].as_str().unwrap().to_owned())
            .collect()
    }
}
