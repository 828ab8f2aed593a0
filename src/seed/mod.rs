//! `chain-atlas seed`: loads the reference data and the demo dataset with MERGE, in one
//! transaction, so running it again changes nothing and a failure leaves nothing half-written.

pub mod data;

use neo4rs::{query, BoltType, Query};
use serde::Serialize;
use serde_json::{json, Value};

use crate::db::{Db, DbError};
use crate::domain::names::match_text;
use crate::domain::organisation::name_key;
use crate::domain::{OrgKind, RelKind};
pub use data::{SeedData, SeedError, Sources};

const REGIONS: &str = include_str!("../../cypher/seed/regions.cypher");
const REGION_TREE: &str = include_str!("../../cypher/seed/region_tree.cypher");
const CHAINS: &str = include_str!("../../cypher/seed/chains.cypher");
const SEGMENT_FEEDS: &str = include_str!("../../cypher/seed/segment_feeds.cypher");
const CLUSTERS: &str = include_str!("../../cypher/seed/clusters.cypher");
const CLUSTER_CORRESPONDENCE: &str =
    include_str!("../../cypher/seed/cluster_correspondence.cypher");
const PARKS: &str = include_str!("../../cypher/seed/parks.cypher");
const ORGANISATIONS: &str = include_str!("../../cypher/seed/organisations.cypher");
const RELATIONSHIPS: &str = include_str!("../../cypher/seed/relationships.cypher");
const RELOCATIONS: &str = include_str!("../../cypher/seed/relocations.cypher");
const COUNTS: &str = include_str!("../../cypher/seed/counts.cypher");
const IS_EMPTY: &str = include_str!("../../cypher/seed/is_empty.cypher");

const RECORDED_BY: &str = "seed";

/// How many nodes and relationships the seeds own in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SeedCounts {
    pub nodes: i64,
    pub relationships: i64,
}

fn rows(value: Value) -> Result<BoltType, DbError> {
    BoltType::try_from(value).map_err(|e| DbError::Decode(e.to_string()))
}

fn reference_queries(d: &SeedData) -> Result<Vec<Query>, DbError> {
    let regions = json!(d
        .regions
        .1
        .iter()
        .map(
            |r| json!({"code": r.code, "name_zh": r.name_zh, "name_en": r.name_en,
                        "level": r.level, "parent": r.parent, "also_in": r.also_in,
                        "note": r.note, "gbt2260": r.gbt2260.unwrap_or(true)})
        )
        .collect::<Vec<_>>());
    let chains = json!(d
        .chains
        .1
        .iter()
        .map(
            |c| json!({"id": c.id, "name_zh": c.name_zh, "name_en": c.name_en,
            "links": c.links.iter().map(|l| json!({"id": l.id, "name_zh": l.name_zh,
                "name_en": l.name_en, "stage": l.stage,
                "sub_links": l.sub_links.iter().map(|s| json!({"id": s.id,
                    "name_zh": s.name_zh, "name_en": s.name_en})).collect::<Vec<_>>()}))
                .collect::<Vec<_>>()})
        )
        .collect::<Vec<_>>());
    let feeds: Vec<Value> = d
        .chains
        .1
        .iter()
        .flat_map(|c| &c.links)
        .flat_map(|l| {
            let subs = l
                .sub_links
                .iter()
                .map(|s| (&s.id, &s.feeds, &s.feeds_other_chains));
            std::iter::once((&l.id, &l.feeds, &l.feeds_other_chains)).chain(subs)
        })
        .flat_map(|(from, feeds, others)| {
            feeds
                .iter()
                .chain(others)
                .map(move |to| json!({"from": from, "to": to}))
        })
        .collect();
    let clusters = json!(d
        .clusters
        .1
        .iter()
        .map(|c| json!({"id": c.id, "name_zh": c.name_zh,
        "name_en": c.name_en, "kind": c.kind, "listed_year": c.listed_year,
        "lead_region": c.lead_region, "description": c.description,
        "corresponds_to": c.corresponds_to}))
        .collect::<Vec<_>>());
    let parks = json!(d
        .parks
        .1
        .iter()
        .map(|p| json!({"id": p.id, "name_zh": p.name_zh,
        "name_en": p.name_en, "region": p.region, "description": p.description,
        "note": p.note, "former_names": p.former_names, "co_builders": p.co_builders,
        "arrangement": p.arrangement, "source": p.source.as_ref().map(Sources::text)}))
        .collect::<Vec<_>>());
    Ok(vec![
        query(REGIONS)
            .param("rows", rows(regions.clone())?)
            .param("source", d.regions.0.as_str()),
        query(REGION_TREE).param("rows", rows(regions)?),
        query(CHAINS)
            .param("chains", rows(chains)?)
            .param("source", d.chains.0.as_str()),
        query(SEGMENT_FEEDS).param("pairs", rows(json!(feeds))?),
        query(CLUSTERS)
            .param("rows", rows(clusters.clone())?)
            .param("source", d.clusters.0.as_str()),
        query(CLUSTER_CORRESPONDENCE).param("rows", rows(clusters)?),
        query(PARKS)
            .param("rows", rows(parks)?)
            .param("source", d.parks.0.as_str()),
    ])
}

fn without_nulls(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(m.into_iter().filter(|(_, v)| !v.is_null()).collect()),
        other => other,
    }
}

fn organisation_queries(d: &SeedData) -> Result<Vec<Query>, DbError> {
    let mut out = Vec::new();
    for kind in [OrgKind::Enterprise, OrgKind::RdSource] {
        let batch: Vec<Value> = d
            .organisations
            .iter()
            .filter(|o| o.kind == kind)
            .map(|o| {
                json!({
                    "id": o.id, "region": o.region, "park": o.park, "clusters": o.clusters,
                    "segments": o.segments.iter().map(|m| json!({"segment": m.segment,
                        "role": m.role, "products": m.products})).collect::<Vec<_>>(),
                    "capabilities": o.capabilities.iter().map(|c| json!({"segment": c.segment,
                        "technology": c.technology, "readiness": c.readiness,
                        "evidence": c.evidence, "source": c.source})).collect::<Vec<_>>(),
                    "props": without_nulls(json!({"kind": kind, "uscc": o.uscc,
                    "name_key": name_key(&o.name_zh),
                    "match_text": match_text(&[Some(&o.name_zh), Some(&o.name_en),
                        o.legal_name.as_deref()]),
                        "name_zh": o.name_zh, "name_en": o.name_en, "rd_kind": o.rd_kind,
                        "legal_name": o.legal_name, "inferred": o.inferred,
                        "scale": o.scale, "tags": o.tags, "description": o.description,
                        "synthetic": o.synthetic, "source": o.source.text()})),
                })
            })
            .collect();
        out.push(
            query(ORGANISATIONS)
                .param("rows", rows(json!(batch))?)
                .param("label", kind.label())
                .param("recorded_by", RECORDED_BY),
        );
    }
    Ok(out)
}

fn relationship_queries(d: &SeedData) -> Result<Vec<Query>, DbError> {
    let mut out = Vec::new();
    for &kind in RelKind::BETWEEN_ORGANISATIONS {
        let batch: Vec<Value> = d
            .relationships
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| {
                json!({
                    "id": r.id, "source_id": r.source_id, "target_id": r.target_id,
                    "source": r.source.text(), "synthetic": r.synthetic,
                    "props": without_nulls(json!({"product": r.product, "technology": r.technology,
                        "mode": r.mode, "year": r.year, "valid_from": r.valid_from,
                        "share": r.share, "topic": r.topic, "inferred": r.inferred})),
                })
            })
            .collect();
        if batch.is_empty() {
            continue;
        }
        out.push(
            query(RELATIONSHIPS)
                .param("rows", rows(json!(batch))?)
                .param("type", kind.rel_type())
                .param("twin", kind.reverse_twin())
                .param("recorded_by", RECORDED_BY),
        );
    }
    let relocations: Vec<Value> = d
        .relocations
        .iter()
        .map(|r| {
            json!({"id": r.id, "org": r.org, "from_region": r.from_region, "year": r.year,
                        "scope": r.scope, "synthetic": r.synthetic, "source": r.source.text()})
        })
        .collect();
    out.push(
        query(RELOCATIONS)
            .param("rows", rows(json!(relocations))?)
            .param("recorded_by", RECORDED_BY),
    );
    Ok(out)
}

/// What to load: the reference data alone (production), or with the synthetic demo set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedSet {
    Reference,
    ReferenceAndDemo,
}

/// Writes the seed data in one transaction.
pub async fn load(db: &Db, data: &SeedData, set: SeedSet) -> Result<(), DbError> {
    let mut queries = reference_queries(data)?;
    if set == SeedSet::ReferenceAndDemo {
        queries.extend(organisation_queries(data)?);
        queries.extend(relationship_queries(data)?);
    }
    // Cached answers computed before the seeds are no longer the answers.
    queries.push(crate::changelog::bump_every_scope());
    db.write_all(queries).await
}

/// The reference data brought up to the binary's, for a service starting on a seeded database.
/// The data versions stay: the starting instance has no cached answers yet, and moving them
/// would make every other instance recompute every chain's answers on each restart.
pub async fn refresh_reference(db: &Db, data: &SeedData) -> Result<(), DbError> {
    db.write_all(reference_queries(data)?).await
}

pub async fn counts(db: &Db) -> Result<SeedCounts, DbError> {
    let rows = db.rows(query(COUNTS)).await?;
    let row = rows
        .first()
        .ok_or_else(|| DbError::Decode("no count row".into()))?;
    Ok(SeedCounts {
        nodes: row.get("nodes")?,
        relationships: row.get("relationships")?,
    })
}

/// True when no chain exists yet, i.e. the database has never been seeded.
pub async fn is_empty(db: &Db) -> Result<bool, DbError> {
    let empty: Vec<bool> = db.column(query(IS_EMPTY), "empty").await?;
    Ok(empty.first().copied().unwrap_or(true))
}
