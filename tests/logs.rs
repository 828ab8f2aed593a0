//! No secret reaches the logs: a run that creates keys, uses them, revokes one and fails to
//! authenticate with it logs at the most verbose level, and no key, secret or hash appears.

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chain_atlas::settings::Settings;
use chain_atlas::startup::Application;
use secrecy::ExposeSecret;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use tracing_subscriber::fmt::MakeWriter;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

#[tokio::test]
async fn no_secret_reaches_the_logs() {
    let captured = Captured::default();
    tracing_subscriber::fmt()
        .with_env_filter("trace,h2=info,hyper=info,reqwest=info,rustls=info")
        .with_writer(captured.clone())
        .init();
    let mut settings = Settings::load_from(Path::new("config"), "test").unwrap();
    settings.application.port = 0;
    settings.application.seed_if_empty = false;
    let password = settings.neo4j.password.expose_secret().to_owned();
    let app = Application::build(settings).await.unwrap();
    let url = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::new();
    for _ in 0..300 {
        if client
            .get(format!("{url}/ready"))
            .send()
            .await
            .map(|r| r.status() == 200)
            .unwrap_or(false)
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let bootstrap = std::process::Command::new(env!("CARGO_BIN_EXE_chain-atlas"))
        .args(["keys", "create", "--role", "admin", "--name", "log test"])
        .env("APP_ENV", "test")
        .output()
        .unwrap();
    let admin = String::from_utf8(bootstrap.stdout)
        .unwrap()
        .trim()
        .to_owned();
    assert!(admin.starts_with("ca_"), "no key from the CLI");
    let created: Value = client
        .post(format!("{url}/api/v1/keys"))
        .bearer_auth(&admin)
        .json(&json!({"name": "logged", "role": "reader"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let reader = created["secret"].as_str().unwrap().to_owned();
    let id = created["key"]["id"].as_str().unwrap();
    let used = client
        .get(format!("{url}/api/v1/chains"))
        .bearer_auth(&reader)
        .send()
        .await
        .unwrap();
    assert_eq!(used.status(), 200);
    let revoked = client
        .delete(format!("{url}/api/v1/keys/{id}"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 200);
    let refused = client
        .get(format!("{url}/api/v1/chains"))
        .bearer_auth(&reader)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    let wrong = format!("{}{}", &admin[..20], "0".repeat(admin.len() - 20));
    let refused = client
        .get(format!("{url}/api/v1/chains"))
        .bearer_auth(&wrong)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("/api/v1/keys"),
        "the run was not logged at all"
    );
    for (what, secret) in [
        ("admin key", admin.as_str()),
        ("reader key", reader.as_str()),
        ("wrong key", wrong.as_str()),
    ] {
        let tail = &secret[16..];
        assert!(!logs.contains(tail), "the {what}'s secret is in the logs");
        let hash = hex::encode(Sha256::digest(secret.as_bytes()));
        assert!(!logs.contains(&hash), "the {what}'s hash is in the logs");
    }
    assert!(
        !logs.contains(&password),
        "the Neo4j password is in the logs"
    );
}
