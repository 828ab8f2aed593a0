//! Layered configuration: `config/default.toml`, then `config/{APP_ENV}.toml`, then environment
//! variables `CHAIN_ATLAS__SECTION__KEY`. Every section denies unknown keys so typos fail loudly.

use std::path::Path;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

const ENV_PREFIX: &str = "CHAIN_ATLAS";
/// Passwords that ship in this repository or in common defaults: production refuses them.
const KNOWN_DEFAULT_PASSWORDS: &[&str] = &[
    "chainatlas-dev",
    "chainatlas-test",
    "chainatlas-bench",
    "change-me-please",
    "neo4j",
    "password",
    "changeme",
    "secret",
];
/// The shortest Neo4j password production accepts.
const PRODUCTION_PASSWORD_MIN: usize = 12;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub application: ApplicationSettings,
    pub neo4j: Neo4jSettings,
    pub log: LogSettings,
    pub local_db: LocalDbSettings,
    pub auth: AuthSettings,
    pub queries: QuerySettings,
    pub answers: AnswerSettings,
    pub limits: LimitSettings,
    pub metrics: MetricsSettings,
    pub feed: FeedSettings,
    pub webhooks: WebhookSettings,
    pub alerts: AlertSettings,
    /// Name of the environment file layered over the defaults (`APP_ENV`).
    #[serde(skip)]
    pub environment: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicationSettings {
    pub host: String,
    pub port: u16,
    pub body_limit_bytes: usize,
    /// Largest CSV file `POST /api/v1/imports` accepts.
    pub import_limit_bytes: usize,
    /// Files of more rows are imported as background jobs (202).
    pub import_sync_rows: usize,
    pub shutdown_timeout_secs: u64,
    /// HTTP worker threads; 0 means one per CPU core (actix-web's default).
    pub workers: usize,
    /// Load the reference data (regions, chains, clusters, parks) at start-up when the database
    /// holds no chains yet.
    pub seed_if_empty: bool,
    /// With `seed_if_empty`, load the synthetic demo organisations too (never in production).
    pub seed_demo: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Neo4jSettings {
    pub uri: String,
    pub user: String,
    pub password: SecretString,
    pub database: String,
    pub max_connections: usize,
    pub connect_timeout_ms: u64,
    /// How long a request waits for a free pooled connection before it answers 503.
    pub acquire_timeout_ms: u64,
    pub query_timeout_ms: u64,
}

/// Thresholds of the chain queries.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuerySettings {
    /// A link present in the target region with a location quotient below this is `weak`.
    pub weak_below_lq: f64,
    /// A link with a location quotient of at least this is `strong`.
    pub strong_from_lq: f64,
    /// Impact analysis lists at most this many affected firms.
    pub impact_max_affected: usize,
    /// A firm is disrupted when stopped or disrupted suppliers are at least this share of the
    /// suppliers of one of its products (0 < share <= 1; 1 = all of them).
    pub impact_disruption_share: f64,
    /// Entries per link in the three lists (candidates, holders, dependent firms) when the
    /// request does not say; the counts are always of all of them.
    pub lists_top: usize,
}

/// The cached answers of the chain map, the three lists and the flows (`queries::cache`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedSettings {
    /// Every recorded change takes its place in the change feed. `false` records changes
    /// without one — the feed then misses them — to measure what the place costs a write;
    /// refused outside the `bench` environment.
    pub numbered: bool,
}

/// Alerts for watchers (`alerts::alerter`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertSettings {
    /// This instance raises alerts (one instance at a time does: it holds a lease).
    pub raise: bool,
    /// How often new changes are looked for, in milliseconds.
    pub poll_ms: u64,
    /// How long an instance holds the alerter before another may take it over, in ms.
    pub lease_ms: u64,
}

/// Deliveries of the change feed to registered endpoints (`webhooks::dispatch`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookSettings {
    /// This instance delivers (any number of instances may: each endpoint is leased to one).
    pub deliver: bool,
    /// How often endpoints with something to deliver are looked for, in milliseconds.
    pub poll_ms: u64,
    /// How long a receiver has to answer one delivery, in milliseconds.
    pub timeout_ms: u64,
    /// The wait before the first retry of a failed delivery, doubled for each further one up
    /// to `max_retry_ms`.
    pub first_retry_ms: u64,
    pub max_retry_ms: u64,
    /// A delivery still failing this long after its first attempt pauses its endpoint (which
    /// resumes from it when an admin says so); at least a day outside tests.
    pub give_up_after_secs: u64,
    /// How long an instance holds an endpoint it delivers to before another may take it over
    /// (after a crash), in milliseconds.
    pub lease_ms: u64,
    /// Entries of the delivery log kept per endpoint.
    pub deliveries_kept: usize,
    /// Endpoints may be on loopback, private, link-local or other internal addresses (dev and
    /// test only: in production a webhook could otherwise reach internal services).
    pub allow_private: bool,
    /// When not empty, endpoints must be on one of these hosts (`hooks.example.com`, or
    /// `*.example.com` for any name under it).
    pub allowed_hosts: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerSettings {
    /// How far behind the newest write that could change it an answer may be served while a
    /// fresher one is computed, in milliseconds; 0 serves only answers of the current data.
    pub max_staleness_ms: u64,
    /// How often the versions of the data are read, in milliseconds (when `max_staleness_ms`
    /// is not 0).
    pub poll_ms: u64,
    /// Memory for chain graphs and computed answers, in bytes.
    pub max_bytes: usize,
    /// Chain graphs (or flows) read from the database at once.
    pub refreshes: usize,
    /// Answers asked for within this many seconds are recomputed as soon as their data
    /// changes, before anyone asks again.
    pub hot_secs: u64,
    /// A write moves only the versions of what it can change; `false` moves them all (for
    /// comparison in `make bench`).
    pub scoped_versions: bool,
    /// Computed answers are kept in the database too, for instances that start later.
    pub persist: bool,
}

/// Where `GET /metrics` is served.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsSettings {
    /// Empty: on the service's port, for admin keys. An address (`127.0.0.1:9187`): also on a
    /// listener of its own there, without a key, for a scraper on an internal network.
    pub listen: String,
}

/// Request quotas (token buckets): each refills at `*_per_second` and holds at most `*_burst`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitSettings {
    pub enabled: bool,
    /// Per API key, or per client address for requests without a key.
    pub caller_per_second: u64,
    pub caller_burst: u32,
    /// Per client address, across all its keys.
    pub address_per_second: u64,
    pub address_burst: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthSettings {
    /// Reads need no key when true; writes always need one.
    pub public_read: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    pub format: LogFormat,
    pub level: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalDbSettings {
    pub instance: String,
    pub heap: String,
    pub page_cache: String,
    pub start_timeout_secs: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("configuration: {0}")]
    Config(#[from] config::ConfigError),
    #[error("configuration: {0}")]
    Invalid(String),
}

impl Settings {
    /// Loads the layers for the environment named by `APP_ENV` (default `dev`).
    pub fn load() -> Result<Self, SettingsError> {
        let environment = std::env::var("APP_ENV").unwrap_or_else(|_| "dev".to_owned());
        Self::load_from(Path::new("config"), &environment)
    }

    /// Loads `dir/default.toml`, then `dir/{environment}.toml` when it exists, then the
    /// environment variables.
    pub fn load_from(dir: &Path, environment: &str) -> Result<Self, SettingsError> {
        let env_file = dir.join(format!("{environment}.toml"));
        let layered = config::Config::builder()
            .add_source(config::File::from(dir.join("default.toml")))
            .add_source(config::File::from(env_file).required(false))
            .add_source(
                config::Environment::with_prefix(ENV_PREFIX)
                    .prefix_separator("__")
                    .separator("__")
                    .try_parsing(true),
            )
            .build()?;
        let mut settings: Settings = layered.try_deserialize()?;
        settings.environment = environment.to_owned();
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<(), SettingsError> {
        if self.environment == "production" {
            self.validate_production()?;
        }
        let q = &self.queries;
        if !(q.weak_below_lq > 0.0 && q.strong_from_lq > q.weak_below_lq) {
            return Err(SettingsError::Invalid(
                "queries.strong_from_lq must exceed queries.weak_below_lq, which must exceed 0"
                    .into(),
            ));
        }
        if !(q.impact_disruption_share > 0.0 && q.impact_disruption_share <= 1.0) {
            return Err(SettingsError::Invalid(
                "queries.impact_disruption_share must be above 0 and at most 1".into(),
            ));
        }
        if !self.feed.numbered && self.environment != "bench" {
            return Err(SettingsError::Invalid(
                "feed.numbered = false loses changes from the feed: for `make bench` only".into(),
            ));
        }
        let w = &self.webhooks;
        if w.give_up_after_secs < 24 * 3600 && self.environment != "test" {
            return Err(SettingsError::Invalid(
                "webhooks.give_up_after_secs must be at least a day (86400) outside tests".into(),
            ));
        }
        if w.poll_ms == 0 || w.timeout_ms == 0 || w.first_retry_ms == 0 || w.lease_ms == 0 {
            return Err(SettingsError::Invalid(
                "webhooks.poll_ms, timeout_ms, first_retry_ms and lease_ms must be above 0".into(),
            ));
        }
        if self.alerts.poll_ms == 0 || self.alerts.lease_ms == 0 {
            return Err(SettingsError::Invalid(
                "alerts.poll_ms and alerts.lease_ms must be above 0".into(),
            ));
        }
        if w.lease_ms <= w.timeout_ms {
            return Err(SettingsError::Invalid(
                "webhooks.lease_ms must exceed webhooks.timeout_ms: an endpoint is held at least \
                 as long as one delivery may take"
                    .into(),
            ));
        }
        if self.neo4j.max_connections == 0 {
            return Err(SettingsError::Invalid(
                "neo4j.max_connections must be at least 1".into(),
            ));
        }
        Ok(())
    }

    /// What production refuses: a password anyone can look up, and synthetic demo data.
    fn validate_production(&self) -> Result<(), SettingsError> {
        let password = self.neo4j.password.expose_secret();
        if KNOWN_DEFAULT_PASSWORDS
            .iter()
            .any(|known| password.eq_ignore_ascii_case(known))
        {
            return Err(SettingsError::Invalid(
                "neo4j.password is a known default; set CHAIN_ATLAS__NEO4J__PASSWORD".into(),
            ));
        }
        if password.chars().count() < PRODUCTION_PASSWORD_MIN {
            return Err(SettingsError::Invalid(format!(
                "neo4j.password must have at least {PRODUCTION_PASSWORD_MIN} characters in production"
            )));
        }
        if self.application.seed_demo {
            return Err(SettingsError::Invalid(
                "application.seed_demo loads synthetic organisations; production never does".into(),
            ));
        }
        if self.webhooks.allow_private {
            return Err(SettingsError::Invalid(
                "webhooks.allow_private would let a webhook reach internal services; production \
                 never allows it"
                    .into(),
            ));
        }
        Ok(())
    }

    /// The Bolt port named in `neo4j.uri`, which the local launcher must listen on.
    pub fn bolt_port(&self) -> Result<u16, SettingsError> {
        let rest = self.neo4j.uri.rsplit("://").next().unwrap_or_default();
        let port = rest.rsplit_once(':').map(|(_, p)| p.trim_end_matches('/'));
        match port {
            Some(p) => p
                .parse()
                .map_err(|_| SettingsError::Invalid(format!("neo4j.uri has no valid port: {p}"))),
            None => Ok(7687),
        }
    }
}
