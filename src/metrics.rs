//! Prometheus metrics (`metrics` facade, `metrics-exporter-prometheus` exposition): requests by
//! route and status with latency histograms, rate-limit rejections, Neo4j connections in use,
//! query latency by Cypher file, and import rows by outcome. `GET /metrics` renders them.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{LazyLock, OnceLock};
use std::time::Duration;

use metrics::{counter, gauge, histogram};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

include!(concat!(env!("OUT_DIR"), "/cypher_files.rs"));

/// Latency buckets, in seconds, from 1 ms to the 15 s query timeout.
const BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 15.0,
];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the process-wide recorder once (tests start many apps in one process).
pub fn install() -> PrometheusHandle {
    HANDLE
        .get_or_init(|| {
            PrometheusBuilder::new()
                .set_buckets(BUCKETS)
                .expect("buckets are not empty")
                .install_recorder()
                .expect("no other metrics recorder is installed")
        })
        .clone()
}

fn text_hash(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

static NAMES: LazyLock<HashMap<u64, &'static str>> = LazyLock::new(|| {
    CYPHER_FILES
        .iter()
        .map(|(name, text)| (text_hash(text), *name))
        .collect()
});

/// The Cypher file a statement's text comes from. Text assembled at run time (a hop bound
/// written into a quantifier, a list's start clause) is named by the file it was assembled
/// from: the one whose text it begins with, up to the first placeholder.
pub fn query_name(text: &str) -> &'static str {
    if let Some(name) = NAMES.get(&text_hash(text)) {
        return name;
    }
    CYPHER_FILES
        .iter()
        .filter_map(|(name, template)| {
            let fixed = &template[..template.find("__").unwrap_or(template.len())];
            (fixed.len() >= 40 && text.starts_with(fixed)).then_some((fixed.len(), *name))
        })
        .max()
        .map_or("generated", |(_, name)| name)
}

pub fn http_request(method: &str, route: &str, status: u16, elapsed: Duration) {
    let labels = [
        ("method", method.to_owned()),
        ("route", route.to_owned()),
        ("status", status.to_string()),
    ];
    counter!("chain_atlas_http_requests_total", &labels).increment(1);
    histogram!("chain_atlas_http_request_duration_seconds", &labels[..2])
        .record(elapsed.as_secs_f64());
    if status == 429 {
        counter!("chain_atlas_rate_limited_total", "route" => route.to_owned()).increment(1);
    }
}

pub fn query(name: &'static str, elapsed: Duration, ok: bool) {
    let outcome = if ok { "ok" } else { "error" };
    histogram!("chain_atlas_neo4j_query_duration_seconds", "query" => name, "outcome" => outcome)
        .record(elapsed.as_secs_f64());
}

/// Connections the service holds from its pool right now, of at most `max`.
pub fn connections(in_use: usize, max: usize) {
    gauge!("chain_atlas_neo4j_connections", "state" => "in_use").set(in_use as f64);
    let idle = max.saturating_sub(in_use);
    gauge!("chain_atlas_neo4j_connections", "state" => "available").set(idle as f64);
}

pub fn import_rows(kind: &'static str, outcome: &'static str, rows: usize) {
    counter!("chain_atlas_import_rows_total", "kind" => kind, "outcome" => outcome)
        .increment(rows as u64);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_are_named_by_their_file() {
        let text = include_str!("../cypher/organisations/get.cypher");
        assert_eq!(query_name(text), "organisations/get.cypher");
        assert_eq!(query_name("RETURN 1"), "generated");
        assert!(CYPHER_FILES.len() > 40);
        let paths = include_str!("../cypher/queries/paths.cypher").replace("__MAX_HOPS__", "4");
        assert_eq!(query_name(&paths), "queries/paths.cypher");
    }
}
