//! Reading and writing organisations. Every write runs in one transaction together with its
//! history record, so a failure leaves nothing half-written.

use neo4rs::{query, BoltType};
use serde_json::{json, Map, Value};

use super::history::{self, new_id, Action};
use super::input::Draft;
use super::model::{Organisation, OrganisationPage, PossibleDuplicate, Registered};
use crate::auth::{Principal, Role};
use crate::db::{Db, DbError};
use crate::domain::organisation::name_key;
use crate::domain::{OrgKind, SegmentRole};
use crate::error::ApiError;

const CREATE: &str = include_str!("../../cypher/organisations/create.cypher");
const GET: &str = include_str!("../../cypher/organisations/get.cypher");
const UPDATE: &str = include_str!("../../cypher/organisations/update.cypher");
const MOVE_REGION: &str = include_str!("../../cypher/organisations/move_region.cypher");
const SET_PARK: &str = include_str!("../../cypher/organisations/set_park.cypher");
const DELETE: &str = include_str!("../../cypher/organisations/delete.cypher");
const VERIFY: &str = include_str!("../../cypher/organisations/verify.cypher");
const BY_USCC: &str = include_str!("../../cypher/organisations/by_uscc.cypher");
const DUPLICATES: &str = include_str!("../../cypher/organisations/duplicates.cypher");
const REFERENCES: &str = include_str!("../../cypher/organisations/references_exist.cypher");
const LIST: &str = include_str!("../../cypher/organisations/list.cypher");
const PUT_MEMBERSHIP: &str = include_str!("../../cypher/organisations/put_membership.cypher");
const DELETE_MEMBERSHIP: &str = include_str!("../../cypher/organisations/delete_membership.cypher");

pub fn kind_str(kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::Enterprise => "enterprise",
        OrgKind::RdSource => "rd_source",
    }
}

pub fn bolt(value: Value) -> Result<BoltType, DbError> {
    BoltType::try_from(value).map_err(|e| DbError::Decode(e.to_string()))
}

/// The statement that creates organisations of one kind from `rows` ({id, props, region, park}).
pub fn create_query(
    kind: OrgKind,
    who: &Principal,
    rows: Vec<Value>,
) -> Result<neo4rs::Query, DbError> {
    Ok(query(&CREATE.replace("__LABEL__", kind.label()))
        .param("rows", bolt(Value::Array(rows))?)
        .param("kind", kind_str(kind))
        .param("verified", who.role == Role::Admin)
        .param("owner", who.owner())
        .param("key_id", who.key_id.as_str()))
}

pub async fn get_many(
    db: &Db,
    kind: Option<OrgKind>,
    ids: &[String],
) -> Result<Vec<Organisation>, DbError> {
    let q = query(GET)
        .param("ids", ids.to_vec())
        .param("kind", kind.map(kind_str));
    db.column(q, "organisation").await
}

pub async fn get(
    db: &Db,
    kind: Option<OrgKind>,
    id: &str,
) -> Result<Option<Organisation>, DbError> {
    Ok(get_many(db, kind, &[id.to_owned()])
        .await?
        .into_iter()
        .next())
}

/// The organisation, or a 404 that names its kind.
pub async fn get_or_404(db: &Db, kind: OrgKind, id: &str) -> Result<Organisation, ApiError> {
    get(db, Some(kind), id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("{} '{id}' does not exist", kind_str(kind))))
}

/// Names, in a 422, the first referenced region, park or link that does not exist.
pub async fn check_references(
    db: &Db,
    region: Option<&str>,
    park: Option<&str>,
    segment: Option<&str>,
) -> Result<(), ApiError> {
    let q = query(REFERENCES)
        .param("region", region)
        .param("park", park)
        .param("segment", segment);
    let rows = db.rows(q).await?;
    let row = rows
        .first()
        .ok_or_else(|| ApiError::Internal("no reference row".into()))?;
    if !row.get::<bool>("region_ok").map_err(DbError::from)? {
        return Err(ApiError::invalid(
            "region",
            "exists",
            format!("unknown region code {}", region.unwrap_or("")),
        ));
    }
    if !row.get::<bool>("park_ok").map_err(DbError::from)? {
        return Err(ApiError::invalid(
            "park",
            "exists",
            format!("unknown park {}", park.unwrap_or("")),
        ));
    }
    if !row.get::<bool>("segment_ok").map_err(DbError::from)? {
        let message = format!("unknown chain link {}", segment.unwrap_or(""));
        return Err(ApiError::invalid("segment", "exists", message));
    }
    Ok(())
}

/// 409 naming the enterprise that already holds the USCC; other failures pass through.
async fn uscc_conflict(db: &Db, e: DbError, uscc: Option<&str>) -> ApiError {
    let (DbError::Constraint(_), Some(uscc)) = (&e, uscc) else {
        return e.into();
    };
    let existing: Vec<String> = db
        .column(query(BY_USCC).param("uscc", uscc), "id")
        .await
        .unwrap_or_default();
    ApiError::Conflict {
        detail: format!("an enterprise with USCC {uscc} is already registered"),
        existing_id: existing.into_iter().next(),
    }
}

pub async fn duplicates(db: &Db, org: &Organisation) -> Result<Vec<PossibleDuplicate>, DbError> {
    let q = query(DUPLICATES)
        .param("id", org.id.as_str())
        .param("region", org.region_code.as_str())
        .param("name_key", name_key(&org.name_zh));
    db.column(q, "duplicate").await
}

pub async fn create(db: &Db, who: &Principal, draft: Draft) -> Result<Registered, ApiError> {
    let region = draft.region.clone().unwrap_or_default();
    let park = draft.park.clone().flatten();
    check_references(db, Some(&region), park.as_deref(), None).await?;
    let id = new_id(if draft.kind == OrgKind::Enterprise {
        "ent"
    } else {
        "rd"
    });
    let uscc = draft
        .props
        .get("uscc")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let snapshot = Value::Object(draft.props.clone());
    let row = json!({"id": id, "props": snapshot, "region": region, "park": park});
    let q = create_query(draft.kind, who, vec![row])?;
    let (who2, id2, kind) = (who.clone(), id.clone(), kind_str(draft.kind));
    let written = db
        .in_transaction(move |tx| {
            Box::pin(async move {
                tx.run(q).await?;
                history::record(tx, &who2, &id2, kind, Action::Create, &snapshot).await
            })
        })
        .await;
    if let Err(e) = written {
        return Err(uscc_conflict(db, e, uscc.as_deref()).await);
    }
    let organisation = get_or_404(db, draft.kind, &id).await?;
    let possible_duplicates = duplicates(db, &organisation).await?;
    Ok(Registered {
        organisation,
        possible_duplicates,
    })
}

/// Members may change only what their organisation owns.
pub fn ensure_may_change(who: &Principal, org: &Organisation) -> Result<(), ApiError> {
    if who.may_change(org.owner.as_deref().unwrap_or("admin")) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(format!(
            "'{}' is owned by another organisation",
            org.id
        )))
    }
}

fn diff(before: &Organisation, draft: &Draft) -> Map<String, Value> {
    let old = serde_json::to_value(before).unwrap_or_default();
    let mut changes = Map::new();
    let mut note = |field: &str, from: Value, to: Value| {
        if from != to {
            changes.insert(field.to_owned(), json!({"from": from, "to": to}));
        }
    };
    for (key, to) in draft.props.iter().filter(|(k, _)| k.as_str() != "name_key") {
        note(
            key,
            old.get(key).cloned().unwrap_or(Value::Null),
            to.clone(),
        );
    }
    if let Some(region) = &draft.region {
        note("region_code", json!(before.region_code), json!(region));
    }
    if let Some(park) = &draft.park {
        note("park", json!(before.park), json!(park));
    }
    changes
}

pub async fn update(
    db: &Db,
    who: &Principal,
    id: &str,
    draft: Draft,
) -> Result<Organisation, ApiError> {
    let before = get_or_404(db, draft.kind, id).await?;
    ensure_may_change(who, &before)?;
    let park = draft.park.clone().flatten();
    check_references(db, draft.region.as_deref(), park.as_deref(), None).await?;
    let changes = diff(&before, &draft);
    if changes.is_empty() {
        return Ok(before);
    }
    let uscc = draft
        .props
        .get("uscc")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let mut queries = vec![query(UPDATE)
        .param("id", id)
        .param("props", bolt(Value::Object(draft.props))?)];
    if let Some(region) = &draft.region {
        queries.push(
            query(MOVE_REGION)
                .param("id", id)
                .param("region", region.as_str()),
        );
    }
    if let Some(park) = &draft.park {
        queries.push(
            query(SET_PARK)
                .param("id", id)
                .param("park", park.as_deref()),
        );
    }
    let (who2, id2, kind) = (who.clone(), id.to_owned(), kind_str(draft.kind));
    let written = db
        .in_transaction(move |tx| {
            Box::pin(async move {
                for q in queries {
                    tx.run(q).await?;
                }
                history::record(
                    tx,
                    &who2,
                    &id2,
                    kind,
                    Action::Update,
                    &Value::Object(changes),
                )
                .await
            })
        })
        .await;
    if let Err(e) = written {
        return Err(uscc_conflict(db, e, uscc.as_deref()).await);
    }
    get_or_404(db, draft.kind, id).await
}

/// Deletes the record and every relationship it has; the history stays.
pub async fn delete(db: &Db, who: &Principal, kind: OrgKind, id: &str) -> Result<(), ApiError> {
    let before = get_or_404(db, kind, id).await?;
    ensure_may_change(who, &before)?;
    let snapshot = serde_json::to_value(&before).unwrap_or_default();
    let (who2, id2) = (who.clone(), id.to_owned());
    db.in_transaction(move |tx| {
        Box::pin(async move {
            tx.run(query(DELETE).param("id", id2.as_str())).await?;
            history::record(tx, &who2, &id2, kind_str(kind), Action::Delete, &snapshot).await
        })
    })
    .await?;
    Ok(())
}

pub async fn verify(
    db: &Db,
    who: &Principal,
    kind: OrgKind,
    id: &str,
) -> Result<Organisation, ApiError> {
    let before = get_or_404(db, kind, id).await?;
    if !before.verified {
        let (who2, id2) = (who.clone(), id.to_owned());
        let change = json!({"verified": {"from": false, "to": true}});
        db.in_transaction(move |tx| {
            Box::pin(async move {
                tx.run(query(VERIFY).param("id", id2.as_str())).await?;
                history::record(tx, &who2, &id2, kind_str(kind), Action::Verify, &change).await
            })
        })
        .await?;
    }
    get_or_404(db, kind, id).await
}

pub async fn by_uscc(db: &Db, uscc: &str) -> Result<Option<Organisation>, DbError> {
    let ids: Vec<String> = db.column(query(BY_USCC).param("uscc", uscc), "id").await?;
    Ok(get_many(db, Some(OrgKind::Enterprise), &ids)
        .await?
        .into_iter()
        .next())
}

/// Filters of an organisation list; `None` means any.
#[derive(Debug, Default)]
pub struct ListFilter {
    pub region: Option<String>,
    pub chain: Option<String>,
    pub link: Option<String>,
    pub cluster: Option<String>,
    pub tag: Option<String>,
    pub verified: Option<bool>,
    pub text: Option<String>,
    pub after: Option<String>,
    pub limit: usize,
}

pub async fn list(db: &Db, kind: OrgKind, f: ListFilter) -> Result<OrganisationPage, ApiError> {
    check_references(db, f.region.as_deref(), None, f.link.as_deref()).await?;
    // One extra row tells whether another page follows.
    let q = query(&LIST.replace("__LABEL__", kind.label()))
        .param("after", f.after)
        .param("verified", f.verified)
        .param("tag", f.tag)
        .param("region", f.region)
        .param("chain", f.chain)
        .param("link", f.link)
        .param("cluster", f.cluster)
        .param("text", f.text.map(|t| t.to_lowercase()))
        .param("limit", (f.limit + 1) as i64);
    let mut ids: Vec<String> = db.column(q, "id").await?;
    let more = ids.len() > f.limit;
    ids.truncate(f.limit);
    let next_cursor = if more {
        ids.last().map(|id| hex::encode(id.as_bytes()))
    } else {
        None
    };
    let items = get_many(db, Some(kind), &ids).await?;
    Ok(OrganisationPage { items, next_cursor })
}

/// Declares (or re-declares) that an enterprise operates in a chain link.
pub async fn put_membership(
    db: &Db,
    who: &Principal,
    id: &str,
    segment: &str,
    role: SegmentRole,
    products: Vec<String>,
) -> Result<Organisation, ApiError> {
    let before = get_or_404(db, OrgKind::Enterprise, id).await?;
    ensure_may_change(who, &before)?;
    check_references(db, None, None, Some(segment)).await?;
    let change =
        json!({"segments": {"put": {"segment": segment, "role": role, "products": products}}});
    let q = query(PUT_MEMBERSHIP)
        .param("id", id)
        .param("segment", segment)
        .param(
            "role",
            serde_json::to_value(role)
                .unwrap_or_default()
                .as_str()
                .unwrap_or(""),
        )
        .param("products", products);
    let (who2, id2) = (who.clone(), id.to_owned());
    db.in_transaction(move |tx| {
        Box::pin(async move {
            tx.run(q).await?;
            history::record(tx, &who2, &id2, "enterprise", Action::Update, &change).await
        })
    })
    .await?;
    get_or_404(db, OrgKind::Enterprise, id).await
}

pub async fn delete_membership(
    db: &Db,
    who: &Principal,
    id: &str,
    segment: &str,
) -> Result<(), ApiError> {
    let before = get_or_404(db, OrgKind::Enterprise, id).await?;
    ensure_may_change(who, &before)?;
    if !before.segments.iter().any(|m| m.segment == segment) {
        return Err(ApiError::NotFound(format!(
            "'{id}' does not operate in {segment}"
        )));
    }
    let change = json!({"segments": {"removed": segment}});
    let q = query(DELETE_MEMBERSHIP)
        .param("id", id)
        .param("segment", segment);
    let (who2, id2) = (who.clone(), id.to_owned());
    db.in_transaction(move |tx| {
        Box::pin(async move {
            tx.run(q).await?;
            history::record(tx, &who2, &id2, "enterprise", Action::Update, &change).await
        })
    })
    .await?;
    Ok(())
}
