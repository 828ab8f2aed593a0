//! Reading and writing relationships between organisations.

use neo4rs::{query, BoltType, Row};
use serde::Deserialize;
use serde_json::{json, Value};
use utoipa::ToSchema;

use super::input::NewRelationship;
use super::model::{Relationship, StoredProps};
use crate::auth::{Principal, Role};
use crate::db::{Db, DbError};
use crate::domain::relationship::with_rel_type;
use crate::domain::RelKind;
use crate::error::ApiError;
use crate::organisations::history::{self, new_id, Action};

const CREATE: &str = include_str!("../../cypher/relationships/create.cypher");
const CREATE_RELOCATION: &str = include_str!("../../cypher/relationships/create_relocation.cypher");
const ENDPOINTS: &str = include_str!("../../cypher/relationships/endpoints.cypher");
const GET: &str = include_str!("../../cypher/relationships/get.cypher");
const OF_ORGANISATION: &str = include_str!("../../cypher/relationships/of_organisation.cypher");
const DELETE: &str = include_str!("../../cypher/relationships/delete.cypher");
const VERIFY: &str = include_str!("../../cypher/relationships/verify.cypher");
const ORGANISATION_EXISTS: &str =
    include_str!("../../cypher/relationships/organisation_exists.cypher");

pub const TARGET_KIND: &str = "relationship";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Out,
    In,
    Both,
}

fn decode(row: &Row) -> Result<Relationship, DbError> {
    let p: StoredProps = row.get("props")?;
    let type_name: String = row.get("type")?;
    let kind = RelKind::from_rel_type(&type_name)
        .ok_or_else(|| DbError::Decode(format!("unexpected relationship type {type_name}")))?;
    Ok(Relationship {
        id: p.id,
        kind,
        source_id: row.get("source_id")?,
        source_name_zh: row.get("source_name_zh")?,
        target_id: row.get("target_id")?,
        target_name_zh: row.get("target_name_zh")?,
        product: p.product,
        technology: p.technology,
        mode: p.mode,
        year: p.year,
        share: p.share,
        topic: p.topic,
        scope: p.scope,
        valid_from: p.valid_from,
        valid_to: p.valid_to,
        source: p.source,
        recorded_by: p.recorded_by,
        recorded_at: p.recorded_at,
        verified: p.verified.unwrap_or(false),
        owner: p.owner.unwrap_or_else(|| "admin".to_owned()),
        synthetic: p.synthetic.unwrap_or(false),
    })
}

/// One query over every relationship type, each part using its type's index on `id`.
fn get_query() -> String {
    RelKind::ALL
        .iter()
        .map(|k| with_rel_type(GET, *k))
        .collect::<Vec<_>>()
        .join("\nUNION ALL\n")
}

pub async fn get(db: &Db, id: &str) -> Result<Option<Relationship>, DbError> {
    let rows = db.rows(query(&get_query()).param("id", id)).await?;
    rows.first().map(decode).transpose()
}

pub async fn get_or_404(db: &Db, id: &str) -> Result<Relationship, ApiError> {
    get(db, id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("relationship '{id}' does not exist")))
}

/// Checks that both ends exist and that the caller may attach to one of them.
async fn check_endpoints(db: &Db, who: &Principal, body: &NewRelationship) -> Result<(), ApiError> {
    let q = query(ENDPOINTS)
        .param("source_id", body.source_id.as_str())
        .param("target_id", body.target_id.as_str());
    let rows = db.rows(q).await?;
    let row = rows
        .first()
        .ok_or_else(|| ApiError::Internal("no endpoint row".into()))?;
    let flag = |name: &str| row.get::<bool>(name).map_err(DbError::from);
    if !flag("source_exists")? {
        return Err(ApiError::invalid(
            "source_id",
            "exists",
            format!("no organisation '{}'", body.source_id),
        ));
    }
    let relocation = body.kind == RelKind::RelocatedFrom;
    if relocation && !flag("target_region_exists")? {
        return Err(ApiError::invalid(
            "target_id",
            "exists",
            format!("no region with code '{}'", body.target_id),
        ));
    }
    if !relocation && !flag("target_org_exists")? {
        return Err(ApiError::invalid(
            "target_id",
            "exists",
            format!("no organisation '{}'", body.target_id),
        ));
    }
    let source_owner: String = row.get("source_owner").map_err(DbError::from)?;
    let target_owner: String = row.get("target_owner").map_err(DbError::from)?;
    let owns_an_end =
        who.may_change(&source_owner) || (!relocation && who.may_change(&target_owner));
    if !owns_an_end {
        return Err(ApiError::Forbidden(
            "a member may only record relationships of an organisation it owns".into(),
        ));
    }
    Ok(())
}

pub async fn create(
    db: &Db,
    who: &Principal,
    body: NewRelationship,
) -> Result<Relationship, ApiError> {
    let props = body.checked_props()?;
    check_endpoints(db, who, &body).await?;
    let id = new_id("rel");
    let snapshot = json!({"kind": body.kind, "source_id": body.source_id, "target_id": body.target_id,
        "source": body.source, "properties": props});
    let row = json!({"id": id, "source_id": body.source_id, "target_id": body.target_id,
        "props": Value::Object(props), "source": body.source});
    let q = create_query(body.kind, who, vec![row])?;
    let (who2, id2) = (who.clone(), id.clone());
    db.in_transaction(move |tx| {
        Box::pin(async move {
            let created = tx.rows(q).await?;
            if created.is_empty() {
                // An end was deleted between the check and the write.
                return Err(DbError::Conflict(
                    "an end of the relationship was deleted meanwhile; retry".into(),
                ));
            }
            history::record(tx, &who2, &id2, TARGET_KIND, Action::Create, &snapshot).await
        })
    })
    .await?;
    get_or_404(db, &id).await
}

/// The statement that creates relationships of one kind from `rows`
/// ({id, source_id, target_id, props, source}).
pub fn create_query(
    kind: RelKind,
    who: &Principal,
    rows: Vec<Value>,
) -> Result<neo4rs::Query, DbError> {
    let text = match kind {
        RelKind::RelocatedFrom => CREATE_RELOCATION.to_owned(),
        kind => with_rel_type(CREATE, kind),
    };
    let rows =
        BoltType::try_from(Value::Array(rows)).map_err(|e| DbError::Decode(e.to_string()))?;
    Ok(query(&text)
        .param("rows", rows)
        .param("key_id", who.key_id.as_str())
        .param("owner", who.owner())
        .param("verified", who.role == Role::Admin))
}

pub async fn of_organisation(
    db: &Db,
    id: &str,
    direction: Direction,
    kinds: &[RelKind],
    verified: Option<bool>,
    limit: usize,
) -> Result<Vec<Relationship>, ApiError> {
    let exists: Vec<bool> = db
        .column(query(ORGANISATION_EXISTS).param("id", id), "found")
        .await?;
    if exists.first() != Some(&true) {
        return Err(ApiError::NotFound(format!(
            "organisation '{id}' does not exist"
        )));
    }
    let types: Vec<String> = kinds.iter().map(|k| k.rel_type().to_owned()).collect();
    let direction = match direction {
        Direction::Out => "out",
        Direction::In => "in",
        Direction::Both => "both",
    };
    let q = query(OF_ORGANISATION)
        .param("id", id)
        .param("direction", direction)
        .param("types", types)
        .param("verified", verified)
        .param("limit", limit as i64);
    let rows = db.rows(q).await?;
    Ok(rows.iter().map(decode).collect::<Result<Vec<_>, _>>()?)
}

fn ensure_may_change(who: &Principal, rel: &Relationship) -> Result<(), ApiError> {
    if who.may_change(&rel.owner) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(format!(
            "relationship '{}' is owned by another organisation",
            rel.id
        )))
    }
}

pub async fn delete(db: &Db, who: &Principal, id: &str) -> Result<(), ApiError> {
    let rel = get_or_404(db, id).await?;
    ensure_may_change(who, &rel)?;
    let snapshot = serde_json::to_value(&rel).unwrap_or_default();
    let q = query(&with_rel_type(DELETE, rel.kind)).param("id", id);
    history::write_recorded(
        db,
        who,
        (id, TARGET_KIND),
        Action::Delete,
        snapshot,
        vec![q],
    )
    .await?;
    Ok(())
}

pub async fn verify(db: &Db, who: &Principal, id: &str) -> Result<Relationship, ApiError> {
    let rel = get_or_404(db, id).await?;
    if !rel.verified {
        let q = query(&with_rel_type(VERIFY, rel.kind)).param("id", id);
        let change = json!({"verified": {"from": false, "to": true}});
        history::write_recorded(db, who, (id, TARGET_KIND), Action::Verify, change, vec![q])
            .await?;
    }
    get_or_404(db, id).await
}
