//! Merging a duplicate into the record that survives (issue 20), in one transaction with its
//! history: the duplicate's relationships, chain links, capabilities, clusters, disputes and
//! history move to the survivor; a relationship that would repeat one of the survivor's is
//! folded into it (both sources kept), one between the two becomes nothing; the survivor takes
//! the USCC, names and facts it lacked; the duplicate's id keeps answering, with 301 to the
//! survivor. Both histories record the merge.

use std::collections::HashMap;

use neo4rs::query;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::change::{self, check_version};
use crate::auth::Principal;
use crate::changelog::{self, Action, Entry};
use crate::db::{to_bolt, Db, DbError, WriteTx};
use crate::domain::names::match_text;
use crate::domain::{OrgId, OrgKind, RelKind};
use crate::error::Error;
use crate::organisations::model::Organisation;

const RELATIONSHIPS: &str =
    include_str!("../../../cypher/organisations/merge/relationships.cypher");
const FOLD: &str = include_str!("../../../cypher/organisations/merge/fold.cypher");
const DROP: &str = include_str!("../../../cypher/organisations/merge/drop.cypher");
const MOVE: &str = include_str!("../../../cypher/organisations/merge/move.cypher");
const LINKS: &str = include_str!("../../../cypher/organisations/merge/links.cypher");
const RETIRE: &str = include_str!("../../../cypher/organisations/merge/retire.cypher");
const MERGED: &str = include_str!("../../../cypher/organisations/merged.cypher");

/// A relationship of the duplicate or the survivor, as `merge/relationships.cypher` reads it.
#[derive(Debug, Deserialize)]
struct Held {
    of: String,
    id: String,
    #[serde(rename = "type")]
    rel_type: String,
    outgoing: bool,
    other: String,
    product: Option<String>,
    technology: Option<String>,
    topic: Option<String>,
    source: Option<String>,
}

impl Held {
    /// What makes two relationships the same fact.
    fn fact(&self) -> (&str, bool, &str, Option<&str>, Option<&str>, Option<&str>) {
        (
            &self.rel_type,
            self.outgoing,
            &self.other,
            self.product.as_deref(),
            self.technology.as_deref(),
            self.topic.as_deref(),
        )
    }
}

/// What happens to each of the duplicate's relationships.
#[derive(Default)]
struct RelPlan {
    /// Between the two: gone.
    dropped: Vec<String>,
    /// Repeats of the survivor's: `(from, into, type)`.
    folded: Vec<(String, String, &'static str)>,
    /// Moved as they are: `(id, type, outgoing)`.
    moved: Vec<(String, &'static str, bool)>,
}

/// The relationship type as the Rust enums name it (a reverse twin's too).
fn known_type(t: &str) -> Option<&'static str> {
    RelKind::ALL
        .iter()
        .find_map(|k| (k.rel_type() == t).then(|| k.rel_type()))
        .or_else(|| RelKind::twin_types().into_iter().find(|twin| *twin == t))
}

fn plan_relationships(held: &[Held], duplicate: &str, survivor: &str) -> RelPlan {
    let twins = RelKind::twin_types();
    let theirs: HashMap<_, &str> = held
        .iter()
        .filter(|h| h.of == survivor && !twins.contains(&h.rel_type.as_str()))
        .map(|h| (h.fact(), h.id.as_str()))
        .collect();
    let mut plan = RelPlan::default();
    for h in held.iter().filter(|h| h.of == duplicate) {
        let Some(rel_type) = known_type(&h.rel_type) else {
            continue;
        };
        let original = !twins.contains(&rel_type);
        if h.other == survivor {
            if original {
                plan.dropped.push(h.id.clone());
            }
        } else if let Some(into) = theirs.get(&h.fact()).filter(|_| original) {
            plan.folded
                .push((h.id.clone(), (*into).to_owned(), rel_type));
        } else if !plan.folded.iter().any(|(from, _, _)| *from == h.id) {
            plan.moved.push((h.id.clone(), rel_type, h.outgoing));
        }
    }
    // A twin of a folded relationship goes with it (fold.cypher), not moved.
    let folded: Vec<String> = plan.folded.iter().map(|f| f.0.clone()).collect();
    plan.moved.retain(|(id, _, _)| !folded.contains(id));
    plan
}

/// What the survivor lacks and the duplicate has: it takes it.
fn filled(survivor: &Organisation, duplicate: &Organisation) -> Map<String, Value> {
    let (s, d) = (
        serde_json::to_value(survivor).unwrap_or_default(),
        serde_json::to_value(duplicate).unwrap_or_default(),
    );
    let mut fill = Map::new();
    for key in ["uscc", "name_en", "legal_name", "description", "scale"] {
        if s.get(key).is_none_or(Value::is_null) {
            if let Some(v) = d.get(key).filter(|v| !v.is_null()) {
                fill.insert(key.to_owned(), v.clone());
            }
        }
    }
    if fill.contains_key("name_en") || fill.contains_key("legal_name") {
        let text = |key: &str| {
            fill.get(key)
                .or_else(|| s.get(key))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let names = [
            Some(survivor.name_zh.clone()),
            text("name_en"),
            text("legal_name"),
        ];
        let names: Vec<Option<&str>> = names.iter().map(Option::as_deref).collect();
        fill.insert("match_text".into(), json!(match_text(&names)));
    }
    fill
}

async fn write_relationships(
    tx: &mut WriteTx,
    ids: (&str, &str),
    plan: &RelPlan,
) -> Result<(), DbError> {
    let (duplicate, survivor) = ids;
    let folds: Vec<Value> = plan
        .folded
        .iter()
        .map(|(from, into, t)| json!({"from": from, "into": into, "type": t}))
        .collect();
    let moves: Vec<Value> = plan
        .moved
        .iter()
        .map(|(id, t, outgoing)| json!({"id": id, "type": t, "outgoing": outgoing}))
        .collect();
    let with_ends = |q: neo4rs::Query| q.param("duplicate", duplicate).param("survivor", survivor);
    tx.run(with_ends(query(DROP)).param("ids", plan.dropped.clone()))
        .await?;
    tx.run(with_ends(query(FOLD)).param("folds", to_bolt(&folds)?))
        .await?;
    tx.run(with_ends(query(MOVE)).param("moves", to_bolt(&moves)?))
        .await?;
    tx.run(with_ends(query(LINKS))).await
}

/// Merges `duplicate` into `survivor` (curators only: the route checks); `expected` is the
/// duplicate's version from `If-Match`. Returns the survivor as it is after.
pub async fn merge(
    db: &Db,
    who: &Principal,
    kind: OrgKind,
    duplicate: &OrgId,
    survivor: &OrgId,
    expected: Option<i64>,
) -> Result<Organisation, Error> {
    if duplicate == survivor {
        return Err(Error::invalid(
            "into",
            "self",
            "a record cannot be merged into itself",
        ));
    }
    let (who, duplicate, survivor) = (who.clone(), duplicate.clone(), survivor.clone());
    db.in_transaction(move |tx| {
        Box::pin(async move {
            // Both locked, always in the same order, so two merges cannot wait on each other.
            let (dup, kept) = if duplicate.as_str() < survivor.as_str() {
                let d = change::lock(tx, kind, &duplicate).await?;
                (d, change::lock(tx, kind, &survivor).await?)
            } else {
                let s = change::lock(tx, kind, &survivor).await?;
                (change::lock(tx, kind, &duplicate).await?, s)
            };
            check_version(&dup, expected)?;
            let held: Vec<Held> = tx
                .rows(
                    query(RELATIONSHIPS)
                        .param("duplicate", dup.id.as_str())
                        .param("survivor", kept.id.as_str()),
                )
                .await?
                .iter()
                .map(|r| r.to::<Held>().map_err(DbError::from))
                .collect::<Result<_, _>>()?;
            let plan = plan_relationships(&held, &dup.id, &kept.id);
            write_relationships(tx, (&dup.id, &kept.id), &plan).await?;
            let fill = filled(&kept, &dup);
            let retire = query(RETIRE)
                .param("duplicate", dup.id.as_str())
                .param("survivor", kept.id.as_str())
                .param("fill", to_bolt(&fill)?);
            tx.run(retire).await?;
            let entries = entries(kind, (&dup, &kept), &plan, &held, &fill);
            changelog::record(tx, &who, &entries).await?;
            change::lock(tx, kind, &survivor).await
        })
    })
    .await
}

/// The merge in both histories, and the relationships it removed in theirs.
fn entries(
    kind: OrgKind,
    (dup, kept): (&Organisation, &Organisation),
    plan: &RelPlan,
    held: &[Held],
    fill: &Map<String, Value>,
) -> Vec<Entry> {
    let end = |id: &str| {
        held.iter()
            .find(|h| h.id == id && h.of == dup.id)
            .map(|h| (h.other.clone(), h.source.clone()))
            .unwrap_or_default()
    };
    let mut entries = Vec::new();
    for id in &plan.dropped {
        let (other, _) = end(id);
        let why = json!({"reason": "merged", "merged": dup.id, "into": kept.id});
        entries.push(Entry::relationship(
            id,
            &kept.id,
            &other,
            Action::Delete,
            &why,
        ));
    }
    for (from, into, _) in &plan.folded {
        let (other, source) = end(from);
        let why = json!({"reason": "merged", "folded_into": into, "source": source});
        entries.push(Entry::relationship(
            from,
            &kept.id,
            &other,
            Action::Delete,
            &why,
        ));
    }
    let filled: Map<String, Value> = fill
        .iter()
        .filter(|(k, _)| *k != "match_text")
        .map(|(k, v)| (k.clone(), json!({"from": null, "to": v})))
        .collect();
    let moved: Vec<&str> = plan.moved.iter().map(|m| m.0.as_str()).collect();
    let on_survivor = json!({"merged": dup.id, "name_zh": dup.name_zh, "moved": moved,
        "folded": plan.folded.iter().map(|f| &f.0).collect::<Vec<_>>(),
        "dropped": plan.dropped, "filled": filled});
    entries.push(
        Entry::organisation(&kept.id, kind, Action::Merge, &on_survivor).with_chains(dup.chains()),
    );
    let on_duplicate = json!({"merged_into": kept.id, "name_zh": kept.name_zh});
    entries.push(
        Entry::organisation(&dup.id, kind, Action::Merge, &on_duplicate)
            .with_chains(dup.chains())
            .gone_from(&dup.region_code, dup.owner.as_deref()),
    );
    entries
}

/// Where a merged record now lives, if `id` was merged.
pub async fn merged_into(db: &Db, kind: OrgKind, id: &OrgId) -> Result<Option<String>, DbError> {
    let q = query(MERGED)
        .param("id", id.as_str())
        .param("kind", kind.as_str());
    let into: Vec<String> = db.column(q, "into").await?;
    Ok(into.into_iter().next())
}
