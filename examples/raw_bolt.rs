//! The baseline for the API-overhead benchmark (`make bench`): the Cypher behind
//! `GET /api/v1/enterprises/{id}` run straight through neo4rs, with the service's pool size, at a
//! fixed concurrency for a fixed time, over the same ids the HTTP load generator uses. The ratio
//! of the two throughputs is what our layer (HTTP, auth, validation, JSON) costs.
//!
//!     APP_ENV=bench cargo run --release --example raw_bolt -- IDS_FILE CONCURRENCY SECONDS
//!
//! Prints one JSON object: requests, errors, seconds, rps, p50_ms, p99_ms.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chain_atlas::settings::Settings;
use neo4rs::{query, BoltType, ConfigBuilder, Graph};
use secrecy::ExposeSecret;

const GET: &str = include_str!("../cypher/organisations/get.cypher");

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, ids_file, concurrency, seconds] = args.as_slice() else {
        anyhow::bail!("usage: raw_bolt IDS_FILE CONCURRENCY SECONDS");
    };
    let ids: Arc<Vec<String>> = Arc::new(
        std::fs::read_to_string(ids_file)?
            .lines()
            .map(str::to_owned)
            .filter(|l| !l.is_empty())
            .collect(),
    );
    anyhow::ensure!(!ids.is_empty(), "no ids in {ids_file}");
    let concurrency: usize = concurrency.parse()?;
    let duration = Duration::from_secs(seconds.parse()?);
    let settings = Settings::load()?;
    let neo = &settings.neo4j;
    let config = ConfigBuilder::default()
        .uri(neo.uri.as_str())
        .user(neo.user.as_str())
        .password(neo.password.expose_secret())
        .db(neo.database.as_str())
        .max_connections(neo.max_connections)
        .connection_timeout(Duration::from_millis(neo.query_timeout_ms))
        .build()?;
    let graph = Graph::connect(config)?;
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let deadline = start + duration;
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (graph, ids, next) = (graph.clone(), ids.clone(), next.clone());
            tokio::spawn(async move {
                let (mut latencies, mut errors) = (Vec::new(), 0usize);
                while Instant::now() < deadline {
                    let id = &ids[next.fetch_add(1, Ordering::Relaxed) % ids.len()];
                    let began = Instant::now();
                    if fetch(&graph, id).await.is_err() {
                        errors += 1;
                    }
                    latencies.push(began.elapsed());
                }
                (latencies, errors)
            })
        })
        .collect();
    let (mut latencies, mut errors) = (Vec::new(), 0);
    for worker in workers {
        let (l, e) = worker.await?;
        latencies.extend(l);
        errors += e;
    }
    let elapsed = start.elapsed().as_secs_f64();
    latencies.sort();
    let ms = |p: f64| {
        let i = ((latencies.len() as f64 * p) as usize).min(latencies.len() - 1);
        latencies[i].as_secs_f64() * 1000.0
    };
    let report = serde_json::json!({
        "requests": latencies.len(),
        "errors": errors,
        "seconds": elapsed,
        "rps": latencies.len() as f64 / elapsed,
        "p50_ms": ms(0.50),
        "p99_ms": ms(0.99),
    });
    println!("{report}");
    Ok(())
}

/// One enterprise, every row decoded, as the service decodes it.
async fn fetch(graph: &Graph, id: &str) -> anyhow::Result<()> {
    let q = query(GET)
        .param("ids", vec![id.to_owned()])
        .param("kind", "enterprise");
    let mut rows = graph.execute_read(q).await?;
    let mut found = 0;
    while let Some(row) = rows.next().await? {
        let _: BoltType = row.get("organisation")?;
        found += 1;
    }
    anyhow::ensure!(found == 1, "{id}: {found} rows");
    Ok(())
}
