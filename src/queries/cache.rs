//! Answers that cost a pass over a whole chain or region (the chain map, the three lists, the
//! flows between regions) are cached, keyed by the graph's data version: every write moves the
//! version on in its own transaction (`changelog::record`), so a cached answer is served only
//! while it is still the answer.
//! Reading the version is one indexed lookup. Concurrent requests for the same missing answer
//! wait for the one computing it instead of all computing it.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use neo4rs::query;
use quick_cache::sync::Cache;
use tokio::sync::Semaphore;

use super::chain_map::ChainMap;
use super::flows::Flows;
use super::lists::ChainLists;
use crate::db::{budget, Db, DbError};
use crate::error::Error;

const VERSION: &str = include_str!("../../cypher/queries/data_version.cypher");

/// Answers kept per kind: old versions' entries age out as new ones come in.
const CAPACITY: usize = 512;

/// At most this many answers are computed at once: each is a pass over a chain or a region,
/// and after a restart or an import every chain's answers are missing at the same moment;
/// computed all at once they would share the cores and the memory between them.
const COMPUTING: usize = 2;

/// Answers of one kind, keyed by the data version and the request's parameters.
pub struct Cached<V> {
    answers: Cache<String, Arc<V>>,
    computing: Arc<Semaphore>,
}

impl<V> Cached<V> {
    fn new(computing: Arc<Semaphore>) -> Self {
        Cached {
            answers: Cache::new(CAPACITY),
            computing,
        }
    }

    /// The answer for `key` at the current data version, computed once if missing. A failed
    /// computation is not kept. `compute` comes boxed: a whole chain's computation is a large
    /// future, and held inline by every future that awaits it, it overflowed an actix worker's
    /// stack in debug builds.
    pub async fn get(
        &self,
        db: &Db,
        key: String,
        compute: Pin<Box<dyn Future<Output = Result<V, Error>> + '_>>,
    ) -> Result<Arc<V>, Error> {
        let key = format!("{}|{key}", data_version(db).await?);
        let compute = async {
            // The semaphore is never closed, so acquiring only waits.
            let _turn = self.computing.acquire().await;
            // Every request waiting for this answer shares it: it is not held to the budget of
            // the one that happened to start it (`db::budget::apart`).
            budget::apart(compute).await.map(Arc::new)
        };
        self.answers.get_or_insert_async(&key, compute).await
    }
}

/// The cached answers of one service instance.
pub struct Answers {
    pub maps: Cached<ChainMap>,
    pub lists: Cached<ChainLists>,
    pub flows: Cached<Flows>,
}

impl Default for Answers {
    fn default() -> Self {
        let computing = Arc::new(Semaphore::new(COMPUTING));
        Answers {
            maps: Cached::new(computing.clone()),
            lists: Cached::new(computing.clone()),
            flows: Cached::new(computing),
        }
    }
}

/// The graph's current data version (`epoch:n`).
pub async fn data_version(db: &Db) -> Result<String, DbError> {
    let v: Vec<String> = db.column(query(VERSION), "version").await?;
    Ok(v.into_iter().next().unwrap_or_default())
}
