//! Access to Neo4j: a pooled `neo4rs::Graph` whose every call is bounded by the configured
//! timeout — and, within a request, by what is left of the request's share of it (`budget`) —
//! so a slow or dead database turns into a 503 rather than a hung request.

pub mod budget;
pub mod schema;

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use neo4rs::{query, BoltType, ConfigBuilder, Graph, Query, Row, Txn};
use secrecy::ExposeSecret;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::metrics;
use crate::settings::Neo4jSettings;

#[derive(Debug, Clone, thiserror::Error)]
pub enum DbError {
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("database call exceeded {0:?}")]
    Timeout(Duration),
    /// Neo4j says retrying may succeed (deadlock detected, lock timeout…).
    #[error("transient database failure: {0}")]
    Transient(String),
    #[error("constraint violated: {0}")]
    Constraint(String),
    /// The data changed under the request (e.g. an end of a new relationship was deleted
    /// between the check and the write).
    #[error("conflicting change: {0}")]
    Conflict(String),
    /// An index or constraint equivalent to the one being created exists, typically because
    /// another instance of the service created it a moment earlier.
    #[error("schema rule already exists: {0}")]
    SchemaRuleExists(String),
    #[error("query failed: {0}")]
    Query(String),
    #[error("unexpected result shape: {0}")]
    Decode(String),
}

impl From<neo4rs::Error> for DbError {
    fn from(e: neo4rs::Error) -> Self {
        match e {
            neo4rs::Error::Neo4j(e) if e.code().contains("ConstraintValidationFailed") => {
                DbError::Constraint(e.message().to_owned())
            }
            neo4rs::Error::Neo4j(e)
                if e.code().starts_with("Neo.ClientError.Schema")
                    && e.code().ends_with("AlreadyExists") =>
            {
                DbError::SchemaRuleExists(e.message().to_owned())
            }
            neo4rs::Error::Neo4j(e) if e.code().starts_with("Neo.TransientError") => {
                DbError::Transient(format!("{}: {}", e.code(), e.message()))
            }
            neo4rs::Error::Neo4j(e) if e.code().starts_with("Neo.ClientError.Statement") => {
                DbError::Query(format!("{}: {}", e.code(), e.message()))
            }
            other => DbError::Unavailable(other.to_string()),
        }
    }
}

impl From<neo4rs::DeError> for DbError {
    fn from(e: neo4rs::DeError) -> Self {
        DbError::Decode(e.to_string())
    }
}

/// A typed row (or list of rows, or any serialisable value) as a Bolt parameter: the one place
/// where Rust types become Cypher values, through their serde form.
pub fn to_bolt<T: Serialize + ?Sized>(value: &T) -> Result<BoltType, DbError> {
    let json = serde_json::to_value(value).map_err(|e| DbError::Decode(e.to_string()))?;
    BoltType::try_from(json).map_err(|e| DbError::Decode(e.to_string()))
}

#[derive(Clone)]
pub struct Db {
    graph: Graph,
    timeout: Duration,
    usage: Arc<Usage>,
}

/// How many pooled connections the service is using, for the metrics: neo4rs does not expose
/// its pool, so the count is of database calls in flight (each holds one connection).
#[derive(Debug)]
struct Usage {
    in_flight: AtomicUsize,
    max: usize,
}

/// Counts one call in flight while it lives.
struct InFlight(Arc<Usage>);

impl InFlight {
    fn start(usage: &Arc<Usage>) -> Self {
        let now = usage.in_flight.fetch_add(1, Ordering::Relaxed) + 1;
        metrics::connections(now, usage.max);
        InFlight(usage.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let now = self.0.in_flight.fetch_sub(1, Ordering::Relaxed) - 1;
        metrics::connections(now, self.0.max);
    }
}

impl Db {
    /// Builds the pool; no connection is made until the first query, so the service can start
    /// (and report not-ready) while the database is still down.
    pub fn connect(settings: &Neo4jSettings) -> Result<Self, DbError> {
        let longest = Duration::from_millis(settings.query_timeout_ms);
        // neo4rs 0.9 uses its connection timeout for connecting and for every answer after:
        // a query still running when it passes fails as "connection timed out". So it may not
        // be shorter than the query timeout; a dead database is still noticed at once (refused
        // connections) or by our own bound on each call.
        let wait = Duration::from_millis(settings.connect_timeout_ms).max(longest);
        let config = ConfigBuilder::default()
            .uri(settings.uri.as_str())
            .user(settings.user.as_str())
            .password(settings.password.expose_secret())
            .db(settings.database.as_str())
            .max_connections(settings.max_connections)
            .connection_timeout(wait)
            // neo4rs 0.9 passes `max_lifetime` to the pool as its wait timeout: the bound on
            // waiting for a free connection.
            .max_lifetime(Duration::from_millis(settings.acquire_timeout_ms))
            .build()
            .map_err(|e| DbError::Unavailable(e.to_string()))?;
        let graph = Graph::connect(config).map_err(|e| DbError::Unavailable(e.to_string()))?;
        Ok(Db {
            graph,
            timeout: longest,
            usage: Arc::new(Usage {
                in_flight: AtomicUsize::new(0),
                max: settings.max_connections,
            }),
        })
    }

    /// The same pool with a different bound, e.g. a short one for readiness probes.
    pub fn with_timeout(&self, timeout: Duration) -> Self {
        Db {
            graph: self.graph.clone(),
            timeout,
            usage: self.usage.clone(),
        }
    }

    async fn bounded<T>(
        &self,
        work: impl Future<Output = Result<T, DbError>>,
    ) -> Result<T, DbError> {
        let (limit, started) = self.allowance();
        settle(limit, started, tokio::time::timeout(limit, work).await)
    }

    /// What a call may take: this pool's bound or what the request's budget has left, whichever
    /// is less; and when it started. (Not an `async fn` wrapping the call: each such layer holds
    /// the whole call's future, and in debug builds they add up to an overflowing stack.)
    fn allowance(&self) -> (Duration, Instant) {
        (budget::remaining(self.timeout), Instant::now())
    }

    /// Waits for `work` (something the request needs that is computed elsewhere, e.g. an answer
    /// shared by every request waiting for it) within the request's share of the query timeout,
    /// charged to it as database time.
    pub async fn wait<T>(&self, work: impl Future<Output = T>) -> Result<T, DbError> {
        let (limit, started) = self.allowance();
        let outcome = tokio::time::timeout(limit, work).await.map(Ok);
        settle(limit, started, outcome)
    }

    /// Runs a read query and returns all rows.
    pub async fn rows(&self, query: Query) -> Result<Vec<Row>, DbError> {
        self.each(query, Ok).await
    }

    /// Runs a read query and decodes each row with `decode` as it arrives, so a large answer
    /// is never held twice (as Bolt values and as `T`).
    pub async fn each<T>(
        &self,
        query: Query,
        mut decode: impl FnMut(Row) -> Result<T, DbError>,
    ) -> Result<Vec<T>, DbError> {
        let _in_flight = InFlight::start(&self.usage);
        let name = metrics::query_name(query.query());
        let started = Instant::now();
        let result = self
            .bounded(async {
                let mut stream = self.graph.execute_read(query).await?;
                let mut out = Vec::new();
                while let Some(row) = stream.next().await? {
                    out.push(decode(row)?);
                }
                Ok(out)
            })
            .await;
        metrics::query(name, started.elapsed(), result.is_ok());
        result
    }

    /// Runs a read query and decodes column `column` of every row.
    pub async fn column<T: DeserializeOwned>(
        &self,
        query: Query,
        column: &str,
    ) -> Result<Vec<T>, DbError> {
        self.each(query, |r| r.get::<T>(column).map_err(DbError::from))
            .await
    }

    /// Runs `work` in one write transaction, committed when it returns `Ok` and rolled back
    /// otherwise, all within the configured timeout. Transient failures (Neo4j's deadlock
    /// detection aborts one of two writers that lock the same nodes, e.g. two firms joining one
    /// region at once) roll back and run `work` again, up to `TRANSIENT_ATTEMPTS` times; that is
    /// why `work` must be `Clone` (it is when everything it captures is). `work` may fail with
    /// any error a `DbError` converts into, so a service can refuse inside the transaction.
    pub async fn in_transaction<T, E, F>(&self, work: F) -> Result<T, E>
    where
        E: From<DbError> + Transient,
        F: for<'t> FnOnce(&'t mut WriteTx) -> BoxFuture<'t, Result<T, E>> + Clone,
    {
        let _in_flight = InFlight::start(&self.usage);
        let retrying = async {
            let mut attempt = 1;
            loop {
                match self.attempt(work.clone()).await {
                    Err(e) if e.is_transient() && attempt < TRANSIENT_ATTEMPTS => {
                        tracing::debug!(attempt, "transient failure; retrying the transaction");
                        tokio::time::sleep(Duration::from_millis(20 * attempt as u64)).await;
                        attempt += 1;
                    }
                    other => return other,
                }
            }
        };
        let (limit, started) = self.allowance();
        settle(limit, started, tokio::time::timeout(limit, retrying).await)
    }

    async fn attempt<T, E, F>(&self, work: F) -> Result<T, E>
    where
        E: From<DbError>,
        F: for<'t> FnOnce(&'t mut WriteTx) -> BoxFuture<'t, Result<T, E>>,
    {
        let mut tx = WriteTx {
            txn: self.graph.start_txn().await.map_err(DbError::from)?,
        };
        match work(&mut tx).await {
            Ok(value) => {
                tx.txn.commit().await.map_err(DbError::from)?;
                Ok(value)
            }
            Err(e) => {
                let _ = tx.txn.rollback().await;
                Err(e)
            }
        }
    }

    /// Runs one write query in its own transaction and decodes column `column` of every row.
    pub async fn write_column<T: DeserializeOwned + Send + 'static>(
        &self,
        query: Query,
        column: &'static str,
    ) -> Result<Vec<T>, DbError> {
        self.in_transaction(move |tx| Box::pin(async move { tx.column(query, column).await }))
            .await
    }

    /// Runs several write statements in one transaction: all of them apply, or none.
    pub async fn write_all(&self, queries: Vec<Query>) -> Result<(), DbError> {
        self.in_transaction(move |tx| {
            Box::pin(async move {
                for query in queries {
                    tx.run(query).await?;
                }
                Ok(())
            })
        })
        .await
    }

    /// Runs one statement outside an explicit transaction (schema DDL must run this way).
    pub async fn run(&self, query: Query) -> Result<(), DbError> {
        let _in_flight = InFlight::start(&self.usage);
        self.bounded(async {
            self.graph.run(query).await?;
            Ok(())
        })
        .await
    }
}

/// A bounded call's outcome, its time charged to the request's budget.
fn settle<T, E: From<DbError>>(
    limit: Duration,
    started: Instant,
    outcome: Result<Result<T, E>, tokio::time::error::Elapsed>,
) -> Result<T, E> {
    budget::charge(started.elapsed());
    outcome.map_err(|_| E::from(DbError::Timeout(limit)))?
}

const RESET_RELATIONSHIPS: &str = include_str!("../../cypher/reset_relationships.cypher");
const RESET_NODES: &str = include_str!("../../cypher/reset_nodes.cypher");

/// Deletes every relationship and node, a batch per transaction (each short enough for the
/// server's transaction timeout), until none is left. Schema rules stay. For disposable
/// databases only: the CLI refuses it elsewhere.
pub async fn reset(db: &Db) -> Result<(), DbError> {
    for statement in [RESET_RELATIONSHIPS, RESET_NODES] {
        loop {
            let deleted: Vec<i64> = db.write_column(query(statement), "deleted").await?;
            if deleted.first().copied().unwrap_or(0) == 0 {
                break;
            }
        }
    }
    Ok(())
}

/// Whether an error means "try the transaction again" (Neo4j's transient errors).
pub trait Transient {
    fn is_transient(&self) -> bool;
}

impl Transient for DbError {
    fn is_transient(&self) -> bool {
        matches!(self, DbError::Transient(_))
    }
}

/// How often a transaction that failed transiently is tried in all.
const TRANSIENT_ATTEMPTS: u32 = 6;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// An open write transaction, handed to the closure of [`Db::in_transaction`].
pub struct WriteTx {
    txn: Txn,
}

impl WriteTx {
    pub async fn rows(&mut self, query: Query) -> Result<Vec<Row>, DbError> {
        let (started, name) = (Instant::now(), metrics::query_name(query.query()));
        let result = self.fetch(query).await;
        metrics::query(name, started.elapsed(), result.is_ok());
        result
    }

    async fn fetch(&mut self, query: Query) -> Result<Vec<Row>, DbError> {
        let mut stream = self.txn.execute(query).await?;
        let mut rows = Vec::new();
        while let Some(row) = stream.next(self.txn.handle()).await? {
            rows.push(row);
        }
        Ok(rows)
    }

    pub async fn column<T: DeserializeOwned>(
        &mut self,
        query: Query,
        column: &str,
    ) -> Result<Vec<T>, DbError> {
        let rows = self.rows(query).await?;
        rows.iter()
            .map(|r| r.get::<T>(column).map_err(DbError::from))
            .collect()
    }

    pub async fn run(&mut self, query: Query) -> Result<(), DbError> {
        let (started, name) = (Instant::now(), metrics::query_name(query.query()));
        let result = self.txn.run(query).await.map(|_| ()).map_err(DbError::from);
        metrics::query(name, started.elapsed(), result.is_ok());
        result
    }
}
