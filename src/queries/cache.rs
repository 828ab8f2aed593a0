//! Answers that cost a pass over a whole chain (the chain map, the three lists) are cached,
//! keyed by the graph's data version: every write moves the version on in its own transaction
//! (`changelog::record`), so a cached answer is served only while it is still the answer.
//! Reading the version is one indexed lookup. Concurrent requests for the same missing answer
//! wait for the one computing it instead of all computing it.

use std::future::Future;
use std::sync::Arc;

use neo4rs::query;
use quick_cache::sync::Cache;

use super::chain_map::ChainMap;
use super::lists::ChainLists;
use crate::db::{Db, DbError};
use crate::error::Error;

const VERSION: &str = include_str!("../../cypher/queries/data_version.cypher");

/// Answers kept per kind: old versions' entries age out as new ones come in.
const CAPACITY: usize = 512;

/// The cached answers of one service instance.
pub struct Answers {
    maps: Cache<String, Arc<ChainMap>>,
    lists: Cache<String, Arc<ChainLists>>,
}

impl Default for Answers {
    fn default() -> Self {
        Answers {
            maps: Cache::new(CAPACITY),
            lists: Cache::new(CAPACITY),
        }
    }
}

/// The graph's current data version (`epoch:n`).
pub async fn data_version(db: &Db) -> Result<String, DbError> {
    let v: Vec<String> = db.column(query(VERSION), "version").await?;
    Ok(v.into_iter().next().unwrap_or_default())
}

async fn cached<V>(
    cache: &Cache<String, Arc<V>>,
    db: &Db,
    key: String,
    compute: impl Future<Output = Result<V, Error>>,
) -> Result<Arc<V>, Error> {
    let key = format!("{}|{key}", data_version(db).await?);
    cache
        .get_or_insert_async(&key, async { compute.await.map(Arc::new) })
        .await
}

impl Answers {
    pub async fn map(
        &self,
        db: &Db,
        key: String,
        compute: impl Future<Output = Result<ChainMap, Error>>,
    ) -> Result<Arc<ChainMap>, Error> {
        cached(&self.maps, db, key, compute).await
    }

    pub async fn lists(
        &self,
        db: &Db,
        key: String,
        compute: impl Future<Output = Result<ChainLists, Error>>,
    ) -> Result<Arc<ChainLists>, Error> {
        cached(&self.lists, db, key, compute).await
    }
}
