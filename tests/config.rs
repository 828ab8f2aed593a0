//! Configuration layering. A test binary of its own, and every test holds `ENV_LOCK`: the
//! process environment is global, and one test's CHAIN_ATLAS__* variables would leak into
//! another's settings.

use std::path::Path;
use std::sync::Mutex;

use chain_atlas::settings::Settings;
use secrecy::ExposeSecret;

static ENV_LOCK: Mutex<()> = Mutex::new(());

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn temp_config_dir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("chain-atlas-config-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy("config/default.toml", dir.join("default.toml")).unwrap();
    dir
}

#[test]
fn layers_files_then_environment_and_rejects_unknown_keys() {
    let _env = ENV_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let dir = temp_config_dir("layers");
    write(
        &dir,
        "staging.toml",
        "[application]\nport = 9000\nhost = \"0.0.0.0\"\n",
    );

    let base = Settings::load_from(&dir, "nowhere").unwrap();
    assert_eq!(base.application.port, 8080);
    let staged = Settings::load_from(&dir, "staging").unwrap();
    assert_eq!(
        (staged.application.port, staged.application.host.as_str()),
        (9000, "0.0.0.0")
    );

    std::env::set_var("CHAIN_ATLAS__APPLICATION__PORT", "9100");
    std::env::set_var("CHAIN_ATLAS__NEO4J__PASSWORD", "from-the-environment");
    let env = Settings::load_from(&dir, "staging");
    std::env::remove_var("CHAIN_ATLAS__APPLICATION__PORT");
    std::env::remove_var("CHAIN_ATLAS__NEO4J__PASSWORD");
    let env = env.unwrap();
    assert_eq!(env.application.port, 9100);
    assert_eq!(env.application.host, "0.0.0.0");
    assert_eq!(env.neo4j.password.expose_secret(), "from-the-environment");
    assert!(
        !format!("{env:?}").contains("from-the-environment"),
        "password leaks via Debug"
    );

    std::env::set_var("CHAIN_ATLAS__APPLICATION__PROT", "1");
    let typo = Settings::load_from(&dir, "staging");
    std::env::remove_var("CHAIN_ATLAS__APPLICATION__PROT");
    assert!(typo.unwrap_err().to_string().contains("prot"));

    write(&dir, "typo.toml", "[neo4j]\nurl = \"bolt://x:1\"\n");
    assert!(Settings::load_from(&dir, "typo")
        .unwrap_err()
        .to_string()
        .contains("url"));
}

#[test]
fn production_refuses_the_development_password() {
    let _env = ENV_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let dir = temp_config_dir("production");
    std::fs::copy("config/production.toml", dir.join("production.toml")).unwrap();
    let err = Settings::load_from(&dir, "production").unwrap_err();
    assert!(err.to_string().contains("CHAIN_ATLAS__NEO4J__PASSWORD"));
}

#[test]
fn production_refuses_known_defaults_short_passwords_and_demo_data() {
    let _env = ENV_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let dir = temp_config_dir("production-defaults");
    std::fs::copy("config/production.toml", dir.join("production.toml")).unwrap();
    let with = |password: &str, demo: bool| {
        std::env::set_var("CHAIN_ATLAS__NEO4J__PASSWORD", password);
        std::env::set_var("CHAIN_ATLAS__APPLICATION__SEED_DEMO", demo.to_string());
        let loaded = Settings::load_from(&dir, "production").map(|_| ());
        std::env::remove_var("CHAIN_ATLAS__NEO4J__PASSWORD");
        std::env::remove_var("CHAIN_ATLAS__APPLICATION__SEED_DEMO");
        loaded.map_err(|e| e.to_string())
    };
    // The compose file's old default, and the test instance's password.
    for known in ["change-me-please", "chainatlas-test", "PASSWORD"] {
        assert!(
            with(known, false).unwrap_err().contains("known default"),
            "{known}"
        );
    }
    assert!(with("short-pw", false).unwrap_err().contains("at least 12"));
    let strong = "kY7#vQ2-mLp9-Ws4";
    assert!(with(strong, true).unwrap_err().contains("seed_demo"));
    assert!(with(strong, false).is_ok());
}

#[test]
fn test_environment_uses_its_own_neo4j_instance() {
    let _env = ENV_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let dev = Settings::load_from(Path::new("config"), "dev").unwrap();
    let test = Settings::load_from(Path::new("config"), "test").unwrap();
    assert_ne!(dev.bolt_port().unwrap(), test.bolt_port().unwrap());
    assert_ne!(dev.local_db.instance, test.local_db.instance);
}

#[test]
fn only_the_bench_may_record_changes_outside_the_feed() {
    let _env = ENV_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    std::env::set_var("CHAIN_ATLAS__FEED__NUMBERED", "false");
    let dev = Settings::load_from(Path::new("config"), "dev").map(|_| ());
    let bench = Settings::load_from(Path::new("config"), "bench").map(|_| ());
    std::env::remove_var("CHAIN_ATLAS__FEED__NUMBERED");
    assert!(dev.unwrap_err().to_string().contains("feed.numbered"));
    assert!(bench.is_ok());
}
