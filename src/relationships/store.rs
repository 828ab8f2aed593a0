//! Reading and writing relationships between organisations.

use neo4rs::{query, Query, Row};
use serde_json::json;

use super::input::{NewRelationship, RelationshipRow};
use super::model::{Relationship, RelationshipPage, StoredProps};
use crate::auth::{Principal, Role, CURATED_OWNER};
use crate::changelog::{self, Action, Entry};
use crate::db::{to_bolt, Db, DbError};
use crate::domain::cursor::encode_after;
use crate::domain::{new_id, Direction, OrgId, RecordId, RecordKind, RegionCode, RelKind};
use crate::error::Error;
use crate::idempotency::{Claim, Outcome, Prior};
use crate::validate::Checks;

const CREATE: &str = include_str!("../../cypher/relationships/create.cypher");
const CREATE_RELOCATION: &str = include_str!("../../cypher/relationships/create_relocation.cypher");
const ENDPOINTS: &str = include_str!("../../cypher/relationships/endpoints.cypher");
const GET: &str = include_str!("../../cypher/relationships/get.cypher");
const OF_ORGANISATION: &str = include_str!("../../cypher/relationships/of_organisation.cypher");
const LIST: &str = include_str!("../../cypher/relationships/list.cypher");
const DELETE: &str = include_str!("../../cypher/relationships/delete.cypher");
const VERIFY: &str = include_str!("../../cypher/relationships/verify.cypher");
const REJECT: &str = include_str!("../../cypher/relationships/reject.cypher");
const ORGANISATION_EXISTS: &str =
    include_str!("../../cypher/relationships/organisation_exists.cypher");

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
        product: p.props.product,
        technology: p.props.technology,
        mode: p.props.mode,
        year: p.props.year,
        share: p.props.share,
        topic: p.props.topic,
        scope: p.props.scope,
        valid_from: p.props.valid_from,
        valid_to: p.props.valid_to,
        source: p.source,
        also_sources: p.also_sources,
        inferred: p.inferred,
        recorded_by: p.recorded_by,
        recorded_at: p.recorded_at,
        verified: p.verified.unwrap_or(false),
        owner: p.owner.unwrap_or_else(|| CURATED_OWNER.to_owned()),
        synthetic: p.synthetic.unwrap_or(false),
    })
}

pub async fn get(db: &Db, id: &str) -> Result<Relationship, Error> {
    let rows = db.rows(query(GET).param("id", id)).await?;
    match rows.first() {
        Some(row) => Ok(decode(row)?),
        None => Err(Error::not_found("relationship", id)),
    }
}

/// Checks that both ends are well formed ids (imports also accept USCCs: not here), that they
/// exist, and that the caller may attach to one of them.
async fn check_endpoints(db: &Db, who: &Principal, body: &NewRelationship) -> Result<(), Error> {
    let mut c = Checks::default();
    c.parsed("source_id", OrgId::parse(&body.source_id));
    if body.kind == RelKind::RelocatedFrom {
        // Which form target_id takes depends on the kind, which no schema of the field says.
        if RegionCode::parse(&body.target_id).is_err() {
            let why = "a relocated_from relationship's target_id is the region moved out of: a \
                       6-digit GB/T 2260 code, e.g. 110108";
            c.fail("target_id", "region_for_relocation", why);
        }
    } else {
        c.parsed("target_id", OrgId::parse(&body.target_id));
    }
    c.finish()?;
    let q = query(ENDPOINTS)
        .param("source_id", body.source_id.as_str())
        .param("target_id", body.target_id.as_str());
    let rows = db.rows(q).await?;
    let row = rows
        .first()
        .ok_or_else(|| DbError::Decode("no endpoint row".into()))?;
    let flag = |name: &str| row.get::<bool>(name).map_err(DbError::from);
    let relocation = body.kind == RelKind::RelocatedFrom;
    let missing = if !flag("source_exists")? {
        Some(("source_id", format!("no organisation '{}'", body.source_id)))
    } else if relocation && !flag("target_region_exists")? {
        Some((
            "target_id",
            format!("no region with code '{}'", body.target_id),
        ))
    } else if !relocation && !flag("target_org_exists")? {
        Some(("target_id", format!("no organisation '{}'", body.target_id)))
    } else {
        None
    };
    if let Some((field, message)) = missing {
        return Err(Error::invalid(field, "exists", message));
    }
    let owner = |name: &str| row.get::<String>(name).map_err(DbError::from);
    let owns_an_end = who.may_change(&owner("source_owner")?)
        || (!relocation && who.may_change(&owner("target_owner")?));
    if !owns_an_end {
        return Err(Error::Forbidden(
            "a member may only record relationships of an organisation it owns".into(),
        ));
    }
    Ok(())
}

/// The relationship an earlier request with the same idempotency key created, if any.
async fn replay(db: &Db, claim: Option<&Claim>) -> Result<Option<Relationship>, Error> {
    match claim {
        Some(claim) => match claim.prior(db).await? {
            Prior::Created(id) => Ok(Some(get(db, &id).await?)),
            Prior::Unused => Ok(None),
        },
        None => Ok(None),
    }
}

/// Records a relationship, owned by the caller; with an idempotency claim, a repeated request
/// gets the relationship the first one recorded.
pub async fn create(
    db: &Db,
    who: &Principal,
    body: NewRelationship,
    claim: Option<&Claim>,
) -> Result<(Relationship, Outcome), Error> {
    if let Some(earlier) = replay(db, claim).await? {
        return Ok((earlier, Outcome::Replayed));
    }
    let props = body.checked_props()?;
    check_endpoints(db, who, &body).await?;
    let id = new_id("rel");
    let snapshot = json!({"kind": body.kind, "source_id": body.source_id,
        "target_id": body.target_id, "source": body.source, "properties": props});
    let entry = Entry::relationship(
        &id,
        &body.source_id,
        &body.target_id,
        Action::Create,
        &snapshot,
    );
    let row = RelationshipRow {
        id: id.clone(),
        source_id: body.source_id,
        target_id: body.target_id,
        props,
        source: body.source,
        synthetic: false,
    };
    let statement = create_query(body.kind, who, &[row])?;
    let remember = claim.map(|c| c.record(RecordKind::Relationship, &id));
    let who2 = who.clone();
    let written = db
        .in_transaction(move |tx| {
            Box::pin(async move {
                if tx.rows(statement).await?.is_empty() {
                    // An end was deleted between the check and the write.
                    return Err(DbError::Conflict(
                        "an end of the relationship was deleted meanwhile; retry".into(),
                    ));
                }
                if let Some(remember) = remember {
                    tx.run(remember).await?;
                }
                changelog::record(tx, &who2, &[entry]).await
            })
        })
        .await;
    if let Err(DbError::Constraint(_)) = &written {
        // A concurrent request with the same idempotency key won.
        if let Some(earlier) = replay(db, claim).await? {
            return Ok((earlier, Outcome::Replayed));
        }
    }
    written?;
    Ok((get(db, &id).await?, Outcome::Created))
}

/// The statement that creates relationships of one kind, owned by the caller.
pub fn create_query(
    kind: RelKind,
    who: &Principal,
    rows: &[RelationshipRow],
) -> Result<Query, DbError> {
    let statement = match kind {
        RelKind::RelocatedFrom => query(CREATE_RELOCATION),
        kind => query(CREATE)
            .param("type", kind.rel_type())
            .param("twin", kind.reverse_twin()),
    };
    Ok(statement
        .param("rows", to_bolt(rows)?)
        .param("key_id", who.key_id.as_str())
        .param("owner", who.owner())
        .param("verified", who.role == Role::Admin))
}

/// What to list of an organisation's relationships.
#[derive(Debug, Clone)]
pub struct RelationshipFilter {
    pub direction: Direction,
    pub kinds: Vec<RelKind>,
    pub verified: Option<bool>,
    pub synthetic: Option<bool>,
    pub limit: usize,
}

/// Which relationships of the whole graph, a page at a time.
#[derive(Debug, Clone)]
pub struct ListFilter {
    pub kinds: Vec<RelKind>,
    pub verified: Option<bool>,
    pub synthetic: Option<bool>,
    /// The last id of the previous page.
    pub after: Option<RecordId>,
    pub limit: usize,
}

/// Every relationship of the kinds asked, in id order (what a mirror or an auditor pages through).
pub async fn list(db: &Db, filter: ListFilter) -> Result<RelationshipPage, Error> {
    let types: Vec<&str> = filter.kinds.iter().map(|k| k.rel_type()).collect();
    // One extra row tells whether another page follows.
    let q = query(LIST)
        .param("types", types)
        .param("after", filter.after.as_ref().map_or("", RecordId::as_str))
        .param("verified", filter.verified)
        .param("synthetic", filter.synthetic)
        .param("limit", (filter.limit + 1) as i64);
    let rows = db.rows(q).await?;
    let mut items = rows.iter().map(decode).collect::<Result<Vec<_>, _>>()?;
    let next_cursor = (items.len() > filter.limit).then(|| {
        items.truncate(filter.limit);
        encode_after(&items[filter.limit - 1].id)
    });
    Ok(RelationshipPage { items, next_cursor })
}

pub async fn of_organisation(
    db: &Db,
    id: &OrgId,
    filter: RelationshipFilter,
) -> Result<Vec<Relationship>, Error> {
    let exists: Vec<bool> = db
        .column(query(ORGANISATION_EXISTS).param("id", id.as_str()), "found")
        .await?;
    if exists.first() != Some(&true) {
        return Err(Error::not_found("organisation", id.as_str()));
    }
    let types: Vec<&str> = filter.kinds.iter().map(|k| k.rel_type()).collect();
    let q = query(OF_ORGANISATION)
        .param("id", id.as_str())
        .param("direction", filter.direction.as_str())
        .param("types", types)
        .param("verified", filter.verified)
        .param("synthetic", filter.synthetic)
        .param("limit", filter.limit as i64);
    let rows = db.rows(q).await?;
    Ok(rows.iter().map(decode).collect::<Result<Vec<_>, _>>()?)
}

fn ensure_may_change(who: &Principal, rel: &Relationship) -> Result<(), Error> {
    if who.may_change(&rel.owner) {
        Ok(())
    } else {
        Err(Error::Forbidden(format!(
            "relationship '{}' is owned by another organisation",
            rel.id
        )))
    }
}

pub async fn delete(db: &Db, who: &Principal, id: &str) -> Result<(), Error> {
    let rel = get(db, id).await?;
    ensure_may_change(who, &rel)?;
    let snapshot = serde_json::to_value(&rel).unwrap_or_default();
    let statement = query(DELETE)
        .param("id", id)
        .param("source_id", rel.source_id.as_str());
    let entry = Entry::relationship(
        id,
        &rel.source_id,
        &rel.target_id,
        Action::Delete,
        &snapshot,
    );
    changelog::write_recorded(db, who, entry, vec![statement]).await?;
    Ok(())
}

pub async fn verify(db: &Db, who: &Principal, id: &str) -> Result<Relationship, Error> {
    let rel = get(db, id).await?;
    if rel.synthetic {
        return Err(Error::synthetic_never_verified());
    }
    if !rel.verified {
        let statement = query(VERIFY)
            .param("id", id)
            .param("source_id", rel.source_id.as_str());
        let change = json!({"verified": {"from": false, "to": true}});
        let entry =
            Entry::relationship(id, &rel.source_id, &rel.target_id, Action::Verify, &change);
        changelog::write_recorded(db, who, entry, vec![statement]).await?;
    }
    get(db, id).await
}

/// Turns a relationship down with the reason its member sees (admin).
pub async fn reject(db: &Db, who: &Principal, id: &str, reason: &str) -> Result<(), Error> {
    let rel = get(db, id).await?;
    if rel.synthetic {
        return Err(Error::synthetic_never_verified());
    }
    let statement = query(REJECT)
        .param("id", id)
        .param("source_id", rel.source_id.as_str())
        .param("reason", reason);
    let change = json!({"verified": {"from": rel.verified, "to": false}, "reason": reason});
    let entry = Entry::relationship(id, &rel.source_id, &rel.target_id, Action::Reject, &change);
    changelog::write_recorded(db, who, entry, vec![statement]).await?;
    Ok(())
}
