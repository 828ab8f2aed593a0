//! Answers that cost a pass over a whole chain or region — the chain map, the three lists, the
//! flows between regions — computed once per version of the data they depend on, and kept.
//!
//! - **Versions by scope.** A write moves on, in its own transaction, only the versions of the
//!   scopes it can change (`changelog::Scope`: a chain, or the flows), so a change to a hydrogen
//!   firm leaves the robotics answers current.
//! - **One read per chain version.** A chain's map and lists, for every target region, level and
//!   year, are computed in memory from one read of its graph (`ChainGraph`).
//! - **Never waiting for what is not needed.** With `answers.max_staleness_ms` above 0, an answer
//!   whose data has moved is served for at most that long after the first write it does not
//!   reflect, while the fresher one is computed in the background; every answer names its data
//!   version and when it was computed. The versions are read every `poll_ms` (one query), and
//!   hot answers whose data moved are recomputed before anyone asks. A request that must see the
//!   current data (`fresh`) reads the versions itself and waits.
//! - **Bounded waits.** A request waits for a computation at most its share of the query
//!   timeout (`Db::wait`), then answers 503; the computation goes on for the others. At most
//!   `answers.refreshes` reads of chains or flows run at once.
//!
//! Concurrent requests for the same missing answer wait for the one computation instead of each
//! computing it. How long an answer has been behind is told from when the versions were seen to
//! move: a move seen between two reads is taken to have happened just after the first, so the
//! age is never underestimated.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::Hash;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use neo4rs::query;
use quick_cache::sync::Cache;
use quick_cache::Weighter;
use serde::Deserialize;
use tokio::sync::{watch, Semaphore};

use super::chain_graph::ChainGraph;
use super::chain_map::{self, ChainMap, MapView};
use super::flows::{self, Flows};
use super::lists::{self, ChainLists, Which};
use crate::changelog::{self, Scope};
use crate::db::{Db, DbError};
use crate::domain::{ChainId, Provenance, RegionCode};
use crate::error::Error;
use crate::settings::{AnswerSettings, QuerySettings};

const VERSIONS: &str = include_str!("../../cypher/queries/data_version.cypher");
const VERSION_LOG: &str = include_str!("../../cypher/queries/version_log.cypher");
const STORE: &str = include_str!("../../cypher/answers/store.cypher");
const STORED: &str = include_str!("../../cypher/answers/stored.cypher");

/// A graph patched this many times is read whole again: patches are exact, but a fresh read
/// also drops what the patches left unused.
const MAX_PATCHES: usize = 500;

/// How long the moves of the versions are kept (a graph further behind is read whole), and how
/// often older ones are pruned.
const MOVES_KEPT: Duration = Duration::from_secs(3600);
const PRUNE_EVERY: Duration = Duration::from_secs(60);

/// The poller brings a chain's answers up to date at most this often (a reader that needs the
/// current data does not wait for it).
const REFRESH_EVERY: Duration = Duration::from_secs(2);

/// Moves touching more organisations than this are caught up by reading the graph whole.
const MAX_PATCHED: usize = 5_000;

/// One scope's version, and what each of its moves after the version a graph was at touched.
struct VersionLog {
    version: Version,
    after: Version,
    touched: Vec<String>,
}

impl VersionLog {
    /// The organisations the moves since `after` touched; none when they cannot be told (a move
    /// pruned, one that touched everything, another epoch, too many).
    fn touched(&self) -> Option<Vec<String>> {
        let (had, now) = (&self.after, &self.version);
        if had.epoch != now.epoch || had.n > now.n || self.touched.len() as i64 != now.n - had.n {
            return None;
        }
        let mut ids: Vec<String> = Vec::new();
        for entry in &self.touched {
            if entry == crate::changelog::EVERYTHING {
                return None;
            }
            ids.extend(entry.split_whitespace().map(str::to_owned));
        }
        ids.sort();
        ids.dedup();
        (ids.len() <= MAX_PATCHED).then_some(ids)
    }
}

/// The scope's version with what its moves after `after` touched.
async fn read_log(db: &Db, scope: Scope, after: &Version) -> Result<VersionLog, DbError> {
    let q = query(VERSION_LOG)
        .param("scope", scope.id())
        .param("after", after.n);
    let rows = db.rows(q).await?;
    let row = rows
        .first()
        .ok_or_else(|| DbError::Decode("no version row".into()))?;
    let epoch: Option<String> = row.get("epoch")?;
    let n: Option<i64> = row.get("n")?;
    Ok(VersionLog {
        version: Version {
            epoch: Arc::from(epoch.unwrap_or_default()),
            n: n.unwrap_or(0),
        },
        after: after.clone(),
        touched: row.get("touched")?,
    })
}

/// The version of one scope's data: its epoch (new whenever its counter is created, e.g. after a
/// reset) and how many writes have moved it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Version {
    epoch: Arc<str>,
    n: i64,
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let epoch: String = self.epoch.chars().filter(|c| *c != '-').take(8).collect();
        if epoch.is_empty() {
            write!(f, "0")
        } else {
            write!(f, "{epoch}-{}", self.n)
        }
    }
}

/// A scope's version as last read, and since when each of its moves may have happened.
#[derive(Debug, Clone)]
struct Observed {
    version: Version,
    read_at: Instant,
    /// Moves from each key on (up to the next key) happened after the instant it holds: the
    /// read before the one that first saw them.
    moved_after: Arc<BTreeMap<i64, Instant>>,
}

impl Observed {
    /// The scope as read at `read_at`, following what was seen of it before (`before`): moves
    /// since are taken to have happened just after that read; what is older than `keep` is
    /// forgotten.
    fn follow(
        before: Option<&Observed>,
        version: Version,
        read_at: Instant,
        keep: Duration,
    ) -> Self {
        let mut moved_after = BTreeMap::new();
        if let Some(before) = before.filter(|b| b.version.epoch == version.epoch) {
            moved_after.extend(
                before
                    .moved_after
                    .iter()
                    .filter(|(_, at)| at.elapsed() <= keep)
                    .map(|(n, at)| (*n, *at)),
            );
            if version.n > before.version.n {
                moved_after.insert(before.version.n + 1, before.read_at);
            }
        }
        Observed {
            version,
            read_at,
            moved_after: Arc::new(moved_after),
        }
    }

    /// The earliest the move after version `n` may have happened, if it was seen at all.
    fn first_missed(&self, n: i64) -> Option<Instant> {
        self.moved_after
            .range(..=n + 1)
            .next_back()
            .map(|(_, at)| *at)
    }
}

/// How an answer stands against the data it was computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Standing {
    Current,
    /// Behind, but for no longer than the staleness bound allows.
    Behind,
    TooOld,
}

/// Where an answer computed at `had` stands, given the scope as `seen` (read recently enough
/// that nothing newer needs to be assumed): current if nothing moved; behind if the first write
/// it does not reflect is at most `bound` old; too old otherwise, or when that cannot be told.
fn standing(had: &Version, seen: &Observed, bound: Duration) -> Standing {
    let now = &seen.version;
    if had.epoch != now.epoch {
        return Standing::TooOld;
    }
    if had.n >= now.n {
        return Standing::Current;
    }
    if bound.is_zero() {
        return Standing::TooOld;
    }
    match seen.first_missed(had.n) {
        Some(at) if at.elapsed() <= bound => Standing::Behind,
        _ => Standing::TooOld,
    }
}

/// An answer (or a chain graph) with the version of the data it was computed from.
pub struct Stamped<V> {
    pub value: V,
    pub version: Version,
    pub computed_at: SystemTime,
    /// An answer as JSON, serialised once when it is computed: an answer is read thousands of
    /// times per version and is 100 KB, so serialising it per request was a quarter of the
    /// service's CPU under load. Empty for a chain graph.
    pub body: Bytes,
    bytes: usize,
}

impl<V> Stamped<V> {
    /// Seconds since it was computed, for the `Age` header.
    pub fn age_secs(&self) -> u64 {
        self.computed_at.elapsed().map_or(0, |d| d.as_secs())
    }
}

/// What an answer says of the data it reflects, written into it when it is computed.
pub trait Fresh {
    fn stamp(&mut self, data_version: String, computed_at: String);
}

fn stamped<V: Fresh + serde::Serialize>(mut value: V, version: Version) -> Stamped<V> {
    let computed_at = SystemTime::now();
    value.stamp(version.to_string(), rfc3339(computed_at));
    let body = Bytes::from(serde_json::to_vec(&value).unwrap_or_default());
    Stamped {
        value,
        version,
        computed_at,
        bytes: body.len(),
        body,
    }
}

pub fn rfc3339(at: SystemTime) -> String {
    let d = at.duration_since(UNIX_EPOCH).unwrap_or_default();
    chrono::DateTime::from_timestamp(d.as_secs() as i64, d.subsec_nanos())
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default()
}

/// Which map: the chain, the target region and what the map shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MapKey {
    pub chain: ChainId,
    pub target: RegionCode,
    pub view: MapView,
}

/// Which lists: the chain, the target region, how many entries and which records.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ListsKey {
    pub chain: ChainId,
    pub target: RegionCode,
    pub top: usize,
    pub which: Which,
}

/// Which flows: from and to which regions, which relationships, in which year.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FlowsKey {
    pub from: RegionCode,
    pub to: RegionCode,
    pub which: Provenance,
    pub as_of: Option<i64>,
}

/// A key as the answers kept in the database are found by, and the scope its answer depends on.
trait Kept {
    fn scope(&self) -> Scope;
    fn kept_as(&self) -> String;
}

fn or_any<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(|| "any".to_owned(), |v| v.to_string())
}

impl Kept for MapKey {
    fn scope(&self) -> Scope {
        Scope::Chain(self.chain)
    }

    fn kept_as(&self) -> String {
        let v = &self.view;
        format!(
            "map/{}/{}/by_city={}/verified={}/synthetic={}/as_of={}/level={}",
            self.chain.as_str(),
            self.target,
            v.by_city,
            or_any(v.which.verified),
            or_any(v.which.synthetic),
            or_any(v.as_of),
            v.level.as_str()
        )
    }
}

impl Kept for ListsKey {
    fn scope(&self) -> Scope {
        Scope::Chain(self.chain)
    }

    fn kept_as(&self) -> String {
        let w = &self.which;
        format!(
            "lists/{}/{}/top={}/synthetic={}/as_of={}/level={}",
            self.chain.as_str(),
            self.target,
            self.top,
            or_any(w.synthetic),
            or_any(w.as_of),
            w.level.as_str()
        )
    }
}

impl Kept for FlowsKey {
    fn scope(&self) -> Scope {
        Scope::Flows
    }

    fn kept_as(&self) -> String {
        format!(
            "flows/{}/{}/verified={}/synthetic={}/as_of={}",
            self.from,
            self.to,
            or_any(self.which.verified),
            or_any(self.which.synthetic),
            or_any(self.as_of)
        )
    }
}

/// An answer is kept in the database at most this often (each instance, each answer): often
/// enough that the one kept is within the staleness bound after a restart.
const KEEP_EVERY: Duration = Duration::from_secs(10);

/// The write that keeps one answer, its body serialised only when it is made.
type KeptWrite = Box<dyn FnOnce() -> Option<neo4rs::Query> + Send>;

struct KeptState {
    at: Option<Instant>,
    pending: Option<KeptWrite>,
}

fn spawn_write(db: &Db, write: KeptWrite) {
    let db = db.clone();
    tokio::spawn(async move {
        let Some(q) = write() else { return };
        if let Err(e) = db.write_all(vec![q]).await {
            tracing::debug!(error = %e, "keeping an answer failed");
        }
    });
}

type Outcome<V> = Option<Result<Arc<Stamped<V>>, Error>>;

/// Values that take a database read to compute (a chain graph, a flows answer), each kept with
/// its version and refreshed by one task at a time per key.
struct Refreshing<K, V> {
    slots: Mutex<HashMap<K, Slot<V>>>,
}

struct Slot<V> {
    current: Option<Arc<Stamped<V>>>,
    running: Option<watch::Receiver<Outcome<V>>>,
    used: Instant,
}

impl<V> Default for Slot<V> {
    fn default() -> Self {
        Slot {
            current: None,
            running: None,
            used: Instant::now(),
        }
    }
}

impl<K: Clone + Eq + Hash, V> Refreshing<K, V> {
    fn new() -> Self {
        Refreshing {
            slots: Mutex::new(HashMap::new()),
        }
    }

    fn current(&self, key: &K) -> Option<Arc<Stamped<V>>> {
        let mut slots = self.slots.lock().expect("not poisoned");
        let slot = slots.get_mut(key)?;
        slot.used = Instant::now();
        slot.current.clone()
    }

    /// The refresh of `key` under way, or a new one that `start` begins.
    fn refresh(
        &self,
        key: &K,
        start: impl FnOnce(watch::Sender<Outcome<V>>),
    ) -> watch::Receiver<Outcome<V>> {
        let mut slots = self.slots.lock().expect("not poisoned");
        let slot = slots.entry(key.clone()).or_default();
        if let Some(running) = &slot.running {
            return running.clone();
        }
        let (tx, rx) = watch::channel(None);
        slot.running = Some(rx.clone());
        drop(slots);
        start(tx);
        rx
    }

    /// Holds `value` (one kept in the database) unless a newer one is held.
    fn put(&self, key: &K, value: Arc<Stamped<V>>) {
        self.finish_with(key, &Ok(value), false);
    }

    fn running(&self, key: &K) -> bool {
        let slots = self.slots.lock().expect("not poisoned");
        slots.get(key).is_some_and(|s| s.running.is_some())
    }

    /// Ends the refresh of `key`: a newer value replaces the current one.
    fn finish(&self, key: &K, outcome: &Result<Arc<Stamped<V>>, Error>) {
        self.finish_with(key, outcome, true);
    }

    fn finish_with(&self, key: &K, outcome: &Result<Arc<Stamped<V>>, Error>, ends: bool) {
        let mut slots = self.slots.lock().expect("not poisoned");
        let slot = slots.entry(key.clone()).or_default();
        if ends {
            slot.running = None;
        }
        if let Ok(new) = outcome {
            let newer = slot.current.as_ref().is_none_or(|old| {
                old.version.epoch != new.version.epoch || old.version.n <= new.version.n
            });
            if newer {
                slot.current = Some(new.clone());
            }
        }
    }

    /// Keys used within `window`, with their current values.
    fn hot(&self, window: Duration) -> Vec<(K, Option<Arc<Stamped<V>>>)> {
        let slots = self.slots.lock().expect("not poisoned");
        slots
            .iter()
            .filter(|(_, s)| s.used.elapsed() <= window)
            .map(|(k, s)| (k.clone(), s.current.clone()))
            .collect()
    }

    /// Drops the least recently used values until those kept weigh at most `budget` bytes
    /// (the one just refreshed, `keep`, stays).
    fn trim(&self, budget: usize, keep: &K) {
        let mut slots = self.slots.lock().expect("not poisoned");
        loop {
            let total: usize = slots
                .values()
                .filter_map(|s| s.current.as_ref())
                .map(|c| c.bytes)
                .sum();
            if total <= budget {
                return;
            }
            let oldest = slots
                .iter()
                .filter(|(k, s)| *k != keep && s.current.is_some())
                .min_by_key(|(_, s)| s.used)
                .map(|(k, _)| k.clone());
            match oldest {
                Some(k) => {
                    if let Some(s) = slots.get_mut(&k) {
                        s.current = None;
                    }
                }
                None => return,
            }
        }
    }
}

/// Weighs a cached answer by the bytes of its JSON.
#[derive(Clone)]
struct ByBytes;

impl<K, V> Weighter<K, Arc<Stamped<V>>> for ByBytes {
    fn weight(&self, _key: &K, value: &Arc<Stamped<V>>) -> u64 {
        value.bytes.max(1) as u64
    }
}

/// Answers computed from a chain graph, with when each key was last asked for.
struct Memo<K, V> {
    answers: Cache<K, Arc<Stamped<V>>, ByBytes>,
    asked: Mutex<HashMap<K, Instant>>,
}

impl<K: Clone + Eq + Hash, V> Memo<K, V> {
    fn new(bytes: usize) -> Self {
        Memo {
            answers: Cache::with_weighter(4096, bytes.max(1) as u64, ByBytes),
            asked: Mutex::new(HashMap::new()),
        }
    }

    fn get(&self, key: &K) -> Option<Arc<Stamped<V>>> {
        self.asked
            .lock()
            .expect("not poisoned")
            .insert(key.clone(), Instant::now());
        self.answers.get(key)
    }

    /// The answer kept for `key`, without counting as a request for it.
    fn peek(&self, key: &K) -> Option<Arc<Stamped<V>>> {
        self.answers.peek(key)
    }

    fn insert(&self, key: K, value: Arc<Stamped<V>>) {
        self.answers.insert(key, value);
    }

    /// Keys asked for within `window` (older ones are forgotten).
    fn hot(&self, window: Duration) -> Vec<K> {
        let mut asked = self.asked.lock().expect("not poisoned");
        asked.retain(|_, at| at.elapsed() <= window);
        asked.keys().cloned().collect()
    }
}

struct Inner {
    settings: AnswerSettings,
    thresholds: QuerySettings,
    seen: Mutex<HashMap<Scope, Observed>>,
    graphs: Refreshing<ChainId, ChainGraph>,
    flows: Refreshing<FlowsKey, Flows>,
    maps: Memo<MapKey, ChainMap>,
    lists: Memo<ListsKey, ChainLists>,
    permits: Semaphore,
    /// One chain's hot answers are recomputed at a time, so readers keep a core.
    recomputes: Semaphore,
    recomputing: Mutex<HashSet<ChainId>>,
    /// When each answer was last kept in the database, and the newer one waiting to be.
    kept: Mutex<HashMap<String, KeptState>>,
}

/// The cached answers of one service instance.
#[derive(Clone)]
pub struct Answers(Arc<Inner>);

impl Answers {
    pub fn new(settings: AnswerSettings, thresholds: QuerySettings) -> Self {
        // A quarter of the memory for computed answers, the rest for chain graphs and flows.
        let answers = settings.max_bytes / 4;
        Answers(Arc::new(Inner {
            permits: Semaphore::new(settings.refreshes.max(1)),
            recomputes: Semaphore::new(1),
            recomputing: Mutex::new(HashSet::new()),
            kept: Mutex::new(HashMap::new()),
            thresholds,
            seen: Mutex::new(HashMap::new()),
            graphs: Refreshing::new(),
            flows: Refreshing::new(),
            maps: Memo::new(answers / 2),
            lists: Memo::new(answers / 2),
            settings,
        }))
    }

    /// Starts reading the versions every `poll_ms` and refreshing what moved, when stale
    /// answers may be served at all; stops when the last handle to the answers goes.
    pub fn start(&self, db: Db) {
        let weak = Arc::downgrade(&self.0);
        let pruning = db.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(PRUNE_EVERY).await;
                let Some(inner) = weak.upgrade() else { return };
                inner.flush_kept(&pruning);
                drop(inner);
                if let Err(e) = changelog::prune_moves(&pruning, MOVES_KEPT).await {
                    tracing::debug!(error = %e, "pruning the version moves failed");
                }
            }
        });
        if self.0.settings.max_staleness_ms == 0 {
            return;
        }
        let weak = Arc::downgrade(&self.0);
        let every = Duration::from_millis(self.0.settings.poll_ms.max(10));
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(every).await;
                let Some(inner) = weak.upgrade() else { return };
                inner.flush_kept(&db);
                if let Err(e) = inner.poll(&db).await {
                    tracing::debug!(error = %e, "reading the data versions failed");
                }
            }
        });
    }

    /// Keeps, now and one after another, every answer still waiting for its turn
    /// (`KEEP_EVERY`): what a stopping instance hands to the next.
    pub async fn keep_pending(&self, db: &Db) {
        let waiting: Vec<KeptWrite> = {
            let mut kept = self.0.kept.lock().expect("not poisoned");
            kept.values_mut()
                .filter_map(|state| state.pending.take())
                .collect()
        };
        let count = waiting.len();
        for write in waiting {
            let Some(q) = write() else { continue };
            // On a busy machine a connection can take longer than the pool's wait: try again
            // rather than hand the next instance nothing.
            for attempt in 1..=3 {
                match db.write_all(vec![q.clone()]).await {
                    Ok(()) => break,
                    Err(e) if attempt < 3 => {
                        tracing::debug!(error = %e, attempt, "keeping an answer at shutdown failed");
                        tokio::time::sleep(Duration::from_millis(200 * attempt)).await;
                    }
                    Err(e) => tracing::warn!(error = %e, "keeping an answer at shutdown failed"),
                }
            }
        }
        tracing::info!(count, "kept the newest answers for the next instance");
    }

    pub async fn map(
        &self,
        db: &Db,
        key: MapKey,
        fresh: bool,
    ) -> Result<Arc<Stamped<ChainMap>>, Error> {
        let inner = &self.0;
        let seen = inner.seen(db, Scope::Chain(key.chain), fresh).await?;
        if let Some(answer) = inner.maps.get(&key) {
            if inner.usable(&answer.version, &seen, fresh) {
                return Ok(answer);
            }
        }
        if let Some(answer) = inner.stored::<ChainMap>(db, &key, fresh).await {
            inner.maps.insert(key.clone(), answer.clone());
            inner.warm(db, key.chain);
            return Ok(answer);
        }
        let graph = inner.graph(db, key.chain, &seen, fresh).await?;
        let answer = inner.compute_map(graph, key.clone()).await?;
        inner.keep(db, &key, &answer);
        inner.maps.insert(key, answer.clone());
        Ok(answer)
    }

    pub async fn lists(
        &self,
        db: &Db,
        key: ListsKey,
        fresh: bool,
    ) -> Result<Arc<Stamped<ChainLists>>, Error> {
        let inner = &self.0;
        let seen = inner.seen(db, Scope::Chain(key.chain), fresh).await?;
        if let Some(answer) = inner.lists.get(&key) {
            if inner.usable(&answer.version, &seen, fresh) {
                return Ok(answer);
            }
        }
        if let Some(answer) = inner.stored::<ChainLists>(db, &key, fresh).await {
            inner.lists.insert(key.clone(), answer.clone());
            inner.warm(db, key.chain);
            return Ok(answer);
        }
        let graph = inner.graph(db, key.chain, &seen, fresh).await?;
        let answer = inner.compute_lists(graph, key.clone()).await?;
        inner.keep(db, &key, &answer);
        inner.lists.insert(key, answer.clone());
        Ok(answer)
    }

    pub async fn flows(
        &self,
        db: &Db,
        key: FlowsKey,
        fresh: bool,
    ) -> Result<Arc<Stamped<Flows>>, Error> {
        let inner = &self.0;
        let seen = inner.seen(db, Scope::Flows, fresh).await?;
        if inner.flows.current(&key).is_none() {
            if let Some(answer) = inner.stored::<Flows>(db, &key, fresh).await {
                inner.flows.put(&key, answer.clone());
                return Ok(answer);
            }
        }
        loop {
            if let Some(current) = inner.flows.current(&key) {
                if inner.usable(&current.version, &seen, fresh) {
                    return Ok(current);
                }
            }
            let mut done = inner.refresh_flows(db, &key);
            let outcome = db
                .wait(done.wait_for(Option::is_some))
                .await?
                .map_err(|_| Error::Unavailable(DbError::Unavailable("refresh ended".into())))?
                .clone();
            let flows = outcome.expect("waited for it")?;
            if inner.standing(&flows.version, &seen, fresh) != Standing::TooOld {
                return Ok(flows);
            }
        }
    }
}

impl Inner {
    fn bound(&self, fresh: bool) -> Duration {
        if fresh {
            Duration::ZERO
        } else {
            Duration::from_millis(self.settings.max_staleness_ms)
        }
    }

    fn standing(&self, had: &Version, seen: &Observed, fresh: bool) -> Standing {
        standing(had, seen, self.bound(fresh))
    }

    /// The scope's version: as the poller last read it, when that is recent enough for the
    /// staleness bound; read now otherwise.
    async fn seen(&self, db: &Db, scope: Scope, fresh: bool) -> Result<Observed, Error> {
        let bound = self.bound(fresh);
        if !bound.is_zero() {
            let seen = self.seen.lock().expect("not poisoned").get(&scope).cloned();
            // A write after that read may have gone unseen for as long as the read is old.
            let recent = Duration::from_millis(self.settings.poll_ms.saturating_mul(4)).min(bound);
            if let Some(seen) = seen.filter(|s| s.read_at.elapsed() <= recent) {
                return Ok(seen);
            }
        }
        let mut read = self.read_versions(db, &[scope]).await?;
        Ok(read
            .remove(&scope)
            .expect("every scope asked for is answered"))
    }

    async fn read_versions(
        &self,
        db: &Db,
        scopes: &[Scope],
    ) -> Result<HashMap<Scope, Observed>, DbError> {
        #[derive(Deserialize)]
        struct Row {
            scope: String,
            epoch: String,
            n: i64,
        }
        let ids: Vec<String> = scopes.iter().map(|s| s.id()).collect();
        let rows = db.rows(query(VERSIONS).param("scopes", ids)).await?;
        let row = rows
            .first()
            .ok_or_else(|| DbError::Decode("no version row".into()))?;
        let read: Vec<Row> = row.get("versions")?;
        let read_at = Instant::now();
        let mut versions: HashMap<Scope, Version> =
            scopes.iter().map(|s| (*s, Version::default())).collect();
        for r in read {
            if let Some(scope) = Scope::parse(&r.scope) {
                let epoch = Arc::from(r.epoch);
                versions.insert(scope, Version { epoch, n: r.n });
            }
        }
        // When the moves happened matters for as long as an answer may be behind.
        let keep = Duration::from_millis(self.settings.max_staleness_ms) + Duration::from_secs(60);
        let mut seen = self.seen.lock().expect("not poisoned");
        let out: HashMap<Scope, Observed> = versions
            .into_iter()
            .map(|(scope, version)| {
                let observed = Observed::follow(seen.get(&scope), version, read_at, keep);
                (scope, observed)
            })
            .collect();
        seen.extend(out.iter().map(|(k, v)| (*k, v.clone())));
        Ok(out)
    }

    /// Whether an answer at `had` may be served now; one behind is, while its chain's graph is
    /// brought up to date.
    /// The answer kept in the database for `key`, if it is current — or, unless `fresh`, behind
    /// for no longer than the bound (by the database's clock: this instance may have seen none
    /// of the moves). Any failure to read it is the same as none kept.
    async fn stored<V: serde::de::DeserializeOwned>(
        &self,
        db: &Db,
        key: &impl Kept,
        fresh: bool,
    ) -> Option<Arc<Stamped<V>>> {
        #[derive(Deserialize)]
        struct Row {
            body: String,
            epoch: String,
            n: i64,
            computed_at: String,
            current_epoch: String,
            current_n: i64,
            behind_ms: Option<i64>,
        }
        if !self.settings.persist {
            return None;
        }
        let q = query(STORED).param("key", key.kept_as());
        let row: Row = match db.column::<Row>(q, "row").await {
            Ok(rows) => rows.into_iter().next()?,
            Err(e) => {
                tracing::debug!(error = %e, "reading a kept answer failed");
                return None;
            }
        };
        let bound = self.bound(fresh).as_millis() as i64;
        let current = row.epoch == row.current_epoch && row.n >= row.current_n;
        let behind = row.epoch == row.current_epoch
            && bound > 0
            && row.behind_ms.is_some_and(|ms| ms <= bound);
        if !(current || behind) {
            return None;
        }
        let value: V = serde_json::from_str(&row.body).ok()?;
        let computed_at = chrono::DateTime::parse_from_rfc3339(&row.computed_at)
            .ok()
            .and_then(|t| u64::try_from(t.timestamp_millis()).ok())
            .map_or(SystemTime::now(), |ms| {
                UNIX_EPOCH + Duration::from_millis(ms)
            });
        Some(Arc::new(Stamped {
            value,
            version: Version {
                epoch: Arc::from(row.epoch),
                n: row.n,
            },
            computed_at,
            bytes: row.body.len(),
            body: Bytes::from(row.body),
        }))
    }

    /// Keeps `answer` in the database for instances that start later, in the background: at
    /// once if its key was not kept within `KEEP_EVERY`, else as soon as that much time has
    /// passed (the newest answer by then; `flush_kept`).
    fn keep<V>(&self, db: &Db, key: &impl Kept, answer: &Arc<Stamped<V>>)
    where
        V: Send + Sync + 'static,
    {
        if !self.settings.persist {
            return;
        }
        let (kept_as, scope) = (key.kept_as(), key.scope().id());
        let answer = answer.clone();
        let write: KeptWrite = Box::new(move || {
            let body = std::str::from_utf8(&answer.body).ok()?.to_owned();
            Some(
                query(STORE)
                    .param("key", kept_as)
                    .param("scope", scope)
                    .param("epoch", answer.version.epoch.as_ref())
                    .param("n", answer.version.n)
                    .param("computed_at", rfc3339(answer.computed_at))
                    .param("body", body),
            )
        });
        let mut kept = self.kept.lock().expect("not poisoned");
        let state = kept.entry(key.kept_as()).or_insert(KeptState {
            at: None,
            pending: None,
        });
        if state.at.is_some_and(|at| at.elapsed() < KEEP_EVERY) {
            state.pending = Some(write);
            return;
        }
        state.at = Some(Instant::now());
        state.pending = None;
        drop(kept);
        spawn_write(db, write);
    }

    /// Writes the answers whose keeping waited for `KEEP_EVERY`.
    fn flush_kept(&self, db: &Db) {
        let mut kept = self.kept.lock().expect("not poisoned");
        for state in kept.values_mut() {
            if state.at.is_none_or(|at| at.elapsed() >= KEEP_EVERY) {
                if let Some(write) = state.pending.take() {
                    state.at = Some(Instant::now());
                    spawn_write(db, write);
                }
            }
        }
        kept.retain(|_, s| s.pending.is_some() || s.at.is_some_and(|at| at.elapsed() < KEEP_EVERY));
    }

    /// Starts reading the chain's graph if none is held: an instance serving kept answers makes
    /// its own for what is asked next.
    fn warm(self: &Arc<Self>, db: &Db, chain: ChainId) {
        if self.graphs.current(&chain).is_none() && !self.graphs.running(&chain) {
            self.refresh_graph(db, chain);
        }
    }

    /// (The poller brings what is behind up to date.)
    fn usable(&self, had: &Version, seen: &Observed, fresh: bool) -> bool {
        self.standing(had, seen, fresh) != Standing::TooOld
    }

    /// A graph of the chain current enough for `seen`, read now (waited for within the
    /// request's budget) if the one held is too old.
    async fn graph(
        self: &Arc<Self>,
        db: &Db,
        chain: ChainId,
        seen: &Observed,
        fresh: bool,
    ) -> Result<Arc<Stamped<ChainGraph>>, Error> {
        loop {
            if let Some(graph) = self.graphs.current(&chain) {
                if self.usable(&graph.version, seen, fresh) {
                    return Ok(graph);
                }
            }
            let mut done = self.refresh_graph(db, chain);
            let outcome = db
                .wait(done.wait_for(Option::is_some))
                .await?
                .map_err(|_| Error::Unavailable(DbError::Unavailable("refresh ended".into())))?
                .clone();
            let graph = outcome.expect("waited for it")?;
            // A read that began before the version this request needs is not enough: another.
            if self.standing(&graph.version, seen, fresh) != Standing::TooOld {
                return Ok(graph);
            }
        }
    }

    /// Reads the chain's graph again (the read under way, if there is one), then recomputes the
    /// chain's hot answers from it.
    fn refresh_graph(self: &Arc<Self>, db: &Db, chain: ChainId) -> GraphWatch {
        let me = self.clone();
        let db = db.clone();
        self.graphs.refresh(&chain, move |tx| {
            tokio::spawn(async move {
                let outcome = me.read_graph(&db, chain).await;
                me.graphs.finish(&chain, &outcome);
                if outcome.is_ok() {
                    let budget = me.settings.max_bytes - me.settings.max_bytes / 4;
                    me.graphs.trim(budget, &chain);
                }
                // The rows read and the graph replaced are garbage now.
                return_freed_memory();
                let graph = outcome.as_ref().ok().cloned();
                let _ = tx.send(Some(outcome));
                if let Some(graph) = graph {
                    // Until its hot answers are recomputed the chain is not refreshed again
                    // (by the poller): a graph per write would be answers never finished.
                    me.recomputing.lock().expect("not poisoned").insert(chain);
                    let _turn = me.recomputes.acquire().await;
                    me.recompute_hot(&db, chain, graph).await;
                    me.recomputing.lock().expect("not poisoned").remove(&chain);
                }
            });
        })
    }

    /// The chain's graph at its current version: the one held, patched with what the moves
    /// since touched when they name it, or read whole.
    async fn read_graph(&self, db: &Db, chain: ChainId) -> Result<Arc<Stamped<ChainGraph>>, Error> {
        let _turn = self.permits.acquire().await;
        let held = self.graphs.current(&chain);
        let after = held.as_ref().map(|g| g.version.clone()).unwrap_or_default();
        // The version first: the graph read after it reflects at least that version.
        let log = read_log(db, Scope::Chain(chain), &after).await?;
        let started = Instant::now();
        let (graph, how) = match held {
            Some(held) if held.version == log.version => return Ok(held),
            Some(held) if held.value.patches < MAX_PATCHES => match log.touched() {
                Some(ids) => (held.value.patched(db, &ids).await?, "patched"),
                None => (ChainGraph::read(db, chain).await?, "read"),
            },
            _ => (ChainGraph::read(db, chain).await?, "read"),
        };
        let bytes = graph.approximate_bytes();
        let (members, supplies) = graph.counts();
        tracing::debug!(chain = chain.as_str(), version = %log.version, members, supplies, bytes,
            ms = started.elapsed().as_millis() as u64, how, "chain graph");
        Ok(Arc::new(Stamped {
            value: graph,
            version: log.version,
            computed_at: SystemTime::now(),
            body: Bytes::new(),
            bytes,
        }))
    }

    /// Recomputes, from a newly read graph, the answers about its chain that were asked for
    /// within `hot_secs`, so that their next reader finds them current.
    async fn recompute_hot(
        self: &Arc<Self>,
        db: &Db,
        chain: ChainId,
        graph: Arc<Stamped<ChainGraph>>,
    ) {
        let window = Duration::from_secs(self.settings.hot_secs);
        let started = Instant::now();
        // An answer someone already computed from this graph (or a newer one) stays; once a
        // newer graph has landed, this one's answers are not worth computing.
        // One never computed is being computed by whoever asked for it.
        let wanted = |version: Option<&Version>| {
            let newest = self.graphs.current(&chain);
            let superseded = newest.is_some_and(|g| g.version != graph.version);
            !superseded
                && version.is_some_and(|v| v.epoch != graph.version.epoch || v.n < graph.version.n)
        };
        let (mut maps, mut lists) = (0, 0);
        for key in self
            .maps
            .hot(window)
            .into_iter()
            .filter(|k| k.chain == chain)
        {
            if !wanted(self.maps.peek(&key).as_ref().map(|a| &a.version)) {
                continue;
            }
            if let Ok(answer) = self.compute_map(graph.clone(), key.clone()).await {
                self.keep(db, &key, &answer);
                self.maps.insert(key, answer);
                maps += 1;
            }
        }
        for key in self
            .lists
            .hot(window)
            .into_iter()
            .filter(|k| k.chain == chain)
        {
            if !wanted(self.lists.peek(&key).as_ref().map(|a| &a.version)) {
                continue;
            }
            if let Ok(answer) = self.compute_lists(graph.clone(), key.clone()).await {
                self.keep(db, &key, &answer);
                self.lists.insert(key, answer);
                lists += 1;
            }
        }
        // What the answers shared (each target's firms, a few MiB apiece) is not kept once they
        // are computed; a new question computes its own.
        graph.value.forget_derived();
        return_freed_memory();
        tracing::debug!(chain = chain.as_str(), version = %graph.version, maps, lists,
            ms = started.elapsed().as_millis() as u64, "hot answers recomputed");
    }

    async fn compute_map(
        &self,
        graph: Arc<Stamped<ChainGraph>>,
        key: MapKey,
    ) -> Result<Arc<Stamped<ChainMap>>, Error> {
        let thresholds = self.thresholds.clone();
        on_cpu(move || {
            let map = chain_map::chain_map(&graph.value, &key.target, key.view, &thresholds)?;
            Ok(Arc::new(stamped(map, graph.version.clone())))
        })
        .await
    }

    async fn compute_lists(
        &self,
        graph: Arc<Stamped<ChainGraph>>,
        key: ListsKey,
    ) -> Result<Arc<Stamped<ChainLists>>, Error> {
        let thresholds = self.thresholds.clone();
        on_cpu(move || {
            let lists = lists::lists(&graph.value, &key.target, &thresholds, key.top, key.which)?;
            Ok(Arc::new(stamped(lists, graph.version.clone())))
        })
        .await
    }

    fn refresh_flows(self: &Arc<Self>, db: &Db, key: &FlowsKey) -> FlowsWatch {
        let me = self.clone();
        let db = db.clone();
        let key2 = key.clone();
        self.flows.refresh(key, move |tx| {
            tokio::spawn(async move {
                let outcome = me.read_flows(&db, &key2).await.map(Arc::new);
                if let Ok(answer) = &outcome {
                    me.keep(&db, &key2, answer);
                }
                me.flows.finish(&key2, &outcome);
                let _ = tx.send(Some(outcome));
            });
        })
    }

    async fn read_flows(&self, db: &Db, key: &FlowsKey) -> Result<Stamped<Flows>, Error> {
        let _turn = self.permits.acquire().await;
        let version = self.read_versions(db, &[Scope::Flows]).await?[&Scope::Flows]
            .version
            .clone();
        let answer = flows::flows(db, &key.from, &key.to, key.which, key.as_of).await?;
        Ok(stamped(answer, version))
    }

    /// Reads every scope's version; refreshes the hot graphs and flows whose data moved.
    async fn poll(self: &Arc<Self>, db: &Db) -> Result<(), DbError> {
        let seen = self
            .read_versions(&db.with_timeout(poll_timeout()), &Scope::every())
            .await?;
        let window = Duration::from_secs(self.settings.hot_secs);
        for (chain, graph) in self.graphs.hot(window) {
            let moved = graph.as_ref().is_none_or(|g| {
                self.standing(&g.version, &seen[&Scope::Chain(chain)], true) != Standing::Current
            });
            // A chain written to all the time is brought up to date every REFRESH_EVERY, not
            // after each write: its answers cost CPU each time.
            let recent =
                graph.is_some_and(|g| g.computed_at.elapsed().unwrap_or_default() < REFRESH_EVERY);
            let busy = self
                .recomputing
                .lock()
                .expect("not poisoned")
                .contains(&chain);
            if moved && !recent && !busy && !self.graphs.running(&chain) {
                self.refresh_graph(db, chain);
            }
        }
        for (key, flows) in self.flows.hot(window) {
            let moved = flows.as_ref().is_none_or(|f| {
                self.standing(&f.version, &seen[&Scope::Flows], true) != Standing::Current
            });
            let recent =
                flows.is_some_and(|f| f.computed_at.elapsed().unwrap_or_default() < REFRESH_EVERY);
            if moved && !recent && !self.flows.running(&key) {
                self.refresh_flows(db, &key);
            }
        }
        Ok(())
    }
}

type GraphWatch = watch::Receiver<Outcome<ChainGraph>>;
type FlowsWatch = watch::Receiver<Outcome<Flows>>;

/// The poller's own bound: it runs often, and a slow database must not pile its reads up.
fn poll_timeout() -> Duration {
    Duration::from_secs(2)
}

/// Hands the memory freed by replaced graphs and their answers back to the system: glibc's
/// allocator keeps it otherwise, and with a graph copied per refresh the process would grow to
/// many times what it holds.
fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory of the allocator's own heaps.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Runs a computation from a graph off the async workers: a chain's lists at the region's size
/// are a few hundred milliseconds of CPU.
async fn on_cpu<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| Error::Db(DbError::Query(format!("computation failed: {e}"))))?
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(n: i64) -> Version {
        Version {
            epoch: Arc::from("e"),
            n,
        }
    }

    fn ago(secs: u64) -> Instant {
        Instant::now() - Duration::from_secs(secs)
    }

    #[test]
    fn an_answer_is_behind_for_as_long_as_its_first_missed_write_may_be_old() {
        let keep = Duration::from_secs(300);
        let bound = Duration::from_secs(30);
        // Read at version 2 40 s ago, at 4 20 s ago, at 5 now: moves 3 and 4 happened after the
        // first read, 5 after the second.
        let first = Observed::follow(None, at(2), ago(40), keep);
        let second = Observed::follow(Some(&first), at(4), ago(20), keep);
        let now = Observed::follow(Some(&second), at(5), Instant::now(), keep);
        assert_eq!(standing(&at(5), &now, bound), Standing::Current);
        assert_eq!(standing(&at(6), &now, bound), Standing::Current);
        // At 4 it misses move 5, at most 20 s old: behind, allowed.
        assert_eq!(standing(&at(4), &now, bound), Standing::Behind);
        // At 3 it misses move 4, which may be 40 s old: too old.
        assert_eq!(standing(&at(3), &now, bound), Standing::TooOld);
        assert_eq!(standing(&at(2), &now, bound), Standing::TooOld);
        // Before the first read nothing is known of the moves: too old.
        assert_eq!(standing(&at(1), &now, bound), Standing::TooOld);
        // Without a bound only the current data will do.
        assert_eq!(standing(&at(4), &now, Duration::ZERO), Standing::TooOld);
        // Another epoch (the database was reset) is never current, and forgets the moves.
        let other = Version {
            epoch: Arc::from("f"),
            n: 5,
        };
        assert_eq!(standing(&other, &now, bound), Standing::TooOld);
        let reset = Observed::follow(Some(&now), other.clone(), Instant::now(), keep);
        assert!(reset.moved_after.is_empty());
        // What is older than `keep` is forgotten.
        let later = Observed::follow(Some(&now), at(5), Instant::now(), Duration::from_secs(30));
        assert_eq!(later.first_missed(4), Some(later.moved_after[&5]));
        assert_eq!(later.first_missed(3), None);
    }

    #[test]
    fn a_graph_catches_up_with_what_the_moves_since_touched() {
        let log = |after: i64, touched: &[&str]| VersionLog {
            version: at(5),
            after: at(after),
            touched: touched.iter().map(|t| t.to_string()).collect(),
        };
        assert_eq!(log(5, &[]).touched(), Some(vec![]));
        assert_eq!(
            log(4, &["b d"]).touched(),
            Some(vec!["b".into(), "d".into()])
        );
        assert_eq!(
            log(2, &["a b", "c", "b d"]).touched(),
            Some(vec!["a".into(), "b".into(), "c".into(), "d".into()])
        );
        assert_eq!(
            log(1, &["a b", "c", "b d"]).touched(),
            None,
            "move 2 was pruned"
        );
        let everything = log(3, &["a", crate::changelog::EVERYTHING]);
        assert_eq!(everything.touched(), None);
        let other = VersionLog {
            after: Version {
                epoch: Arc::from("f"),
                n: 4,
            },
            ..log(4, &["b"])
        };
        assert_eq!(other.touched(), None);
    }

    #[test]
    fn versions_read_as_short_text() {
        let v = Version {
            epoch: Arc::from("3f2a9c1e-0b4d-4c5e-8f6a-7b8c9d0e1f2a"),
            n: 17,
        };
        assert_eq!(v.to_string(), "3f2a9c1e-17");
        assert_eq!(Version::default().to_string(), "0");
    }
}
