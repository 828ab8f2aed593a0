//! Answers that cost a pass over a whole chain or region (the chain map, the three lists, the
//! flows between regions) are cached, keyed by the graph's data version: every write moves the
//! version on in its own transaction (`changelog::record`), so a cached answer is served only
//! while it is still the answer.
//! Reading the version is one indexed lookup. Concurrent requests for the same missing answer
//! wait for the one computing it instead of all computing it.

use std::future::Future;
use std::sync::Arc;

use neo4rs::query;
use quick_cache::sync::Cache;

use super::chain_map::ChainMap;
use super::flows::Flows;
use super::lists::ChainLists;
use crate::db::{Db, DbError};
use crate::error::Error;

const VERSION: &str = include_str!("../../cypher/queries/data_version.cypher");

/// Answers kept per kind: old versions' entries age out as new ones come in.
const CAPACITY: usize = 512;

/// Answers of one kind, keyed by the data version and the request's parameters.
pub struct Cached<V>(Cache<String, Arc<V>>);

impl<V> Default for Cached<V> {
    fn default() -> Self {
        Cached(Cache::new(CAPACITY))
    }
}

impl<V> Cached<V> {
    /// The answer for `key` at the current data version, computed once if missing. A failed
    /// computation is not kept.
    pub async fn get(
        &self,
        db: &Db,
        key: String,
        compute: impl Future<Output = Result<V, Error>>,
    ) -> Result<Arc<V>, Error> {
        let key = format!("{}|{key}", data_version(db).await?);
        self.0
            .get_or_insert_async(&key, async { compute.await.map(Arc::new) })
            .await
    }
}

/// The cached answers of one service instance.
#[derive(Default)]
pub struct Answers {
    pub maps: Cached<ChainMap>,
    pub lists: Cached<ChainLists>,
    pub flows: Cached<Flows>,
}

/// The graph's current data version (`epoch:n`).
pub async fn data_version(db: &Db) -> Result<String, DbError> {
    let v: Vec<String> = db.column(query(VERSION), "version").await?;
    Ok(v.into_iter().next().unwrap_or_default())
}
