//! The same reconciliation as the W3C Reconciliation Service API (v0.2) speaks it, so OpenRefine
//! and other reconciliation clients use it as they are: the manifest on GET, a batch of queries
//! (`queries`, form-encoded) on POST. docs/RECONCILE.md says how to add it in OpenRefine.

use std::collections::BTreeMap;

use actix_web::web::{Data, Form, Json};
use actix_web::{get, post, HttpRequest};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::domain::OrgKind;
use crate::error::Error;
use crate::reconcile::{self, ListRow};
use crate::routes::problem::ApiError;
use crate::routes::responses::{QuestionErrors, ReadErrors};
use crate::state::AppState;

/// The service's manifest: what it reconciles against and how a client shows a record.
#[derive(Debug, Serialize, ToSchema)]
pub struct Manifest {
    pub versions: Vec<&'static str>,
    pub name: &'static str,
    #[serde(rename = "identifierSpace")]
    pub identifier_space: String,
    #[serde(rename = "schemaSpace")]
    pub schema_space: String,
    #[serde(rename = "defaultTypes")]
    pub default_types: Vec<EntityType>,
    pub view: View,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EntityType {
    pub id: OrgKind,
    pub name: &'static str,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct View {
    /// A record's page in the explorer; `{{id}}` is the record's id.
    pub url: String,
}

/// The form a reconciliation client posts.
#[derive(Debug, Deserialize, ToSchema)]
pub struct QueriesForm {
    /// A JSON object of queries by key: `{"q0": {"query": "梅卡曼德", "type": "enterprise",
    /// "limit": 3, "properties": [{"pid": "region", "v": "133100"}]}}`.
    #[schema(max_length = 1048576)]
    pub queries: String,
}

#[derive(Debug, Deserialize)]
struct W3cQuery {
    query: String,
    #[serde(rename = "type")]
    kind: Option<OrgKind>,
    limit: Option<usize>,
    #[serde(default)]
    properties: Vec<W3cProperty>,
}

#[derive(Debug, Deserialize)]
struct W3cProperty {
    pid: String,
    v: serde_json::Value,
}

/// One query's candidates.
#[derive(Debug, Serialize, ToSchema)]
pub struct W3cResults {
    pub result: Vec<W3cCandidate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct W3cCandidate {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kinds: Vec<EntityType>,
    pub score: u8,
    #[serde(rename = "match")]
    pub matched: bool,
}

fn entity_type(kind: OrgKind) -> EntityType {
    let name = match kind {
        OrgKind::Enterprise => "Enterprise 企业",
        OrgKind::RdSource => "R&D source 研发机构",
    };
    EntityType { id: kind, name }
}

/// The reconciliation service's manifest (W3C Reconciliation Service API v0.2).
///
/// What OpenRefine reads when the service is added: its name, the types it reconciles
/// (`enterprise`, `rd_source`) and where a record's page is.
#[utoipa::path(operation_id = "reconciliationManifest", tag = "queries", security((), ("api_key" = [])),
    responses((status = 200, description = "The manifest", body = Manifest), ReadErrors))]
#[get("/reconcile/w3c")]
pub async fn manifest(req: HttpRequest, caller: Caller) -> Result<Json<Manifest>, ApiError> {
    caller.require_read()?;
    let base = format!(
        "{}://{}",
        req.connection_info().scheme(),
        req.connection_info().host()
    );
    Ok(Json(Manifest {
        versions: vec!["0.2"],
        name: "ChainAtlas 京津冀产业链图谱",
        identifier_space: format!("{base}/api/v1/organisations/"),
        schema_space: format!("{base}/api/v1/schema/"),
        default_types: vec![
            entity_type(OrgKind::Enterprise),
            entity_type(OrgKind::RdSource),
        ],
        view: View {
            url: format!("{base}/#/org/{{{{id}}}}"),
        },
    }))
}

/// Reconcile a batch of queries (W3C Reconciliation Service API v0.2).
///
/// The form field `queries` holds the batch as JSON; each query's `type` is `enterprise` or
/// `rd_source`, and a `region` or `uscc` property is evidence as in `POST /api/v1/reconcile`.
/// Candidates and `match` are that endpoint's.
#[utoipa::path(operation_id = "reconcileQueries", tag = "queries", security((), ("api_key" = [])),
    request_body(content = QueriesForm, content_type = "application/x-www-form-urlencoded"),
    responses((status = 200, description = "Each query's candidates, by the query's key",
        body = BTreeMap<String, W3cResults>), QuestionErrors))]
#[post("/reconcile/w3c")]
pub async fn reconcile_queries(
    state: Data<AppState>,
    caller: Caller,
    form: Form<QueriesForm>,
) -> Result<Json<BTreeMap<String, W3cResults>>, ApiError> {
    caller.require_read()?;
    let queries: BTreeMap<String, W3cQuery> = serde_json::from_str(&form.queries)
        .map_err(|e| Error::invalid("queries", "format", format!("not a batch of queries: {e}")))?;
    if queries.is_empty() {
        return Ok(Json(BTreeMap::new()));
    }
    let rows: Vec<ListRow> = queries.values().map(row).collect();
    let answer = reconcile::reconcile(&state.db, &rows).await?;
    let results = queries
        .into_iter()
        .zip(answer.results)
        .map(|((key, q), found)| {
            let limit = q.limit.unwrap_or(5).clamp(1, 5);
            let result = found
                .candidates
                .into_iter()
                .take(limit)
                .map(|c| W3cCandidate {
                    matched: found.matched && found.id.as_deref() == Some(c.id.as_str()),
                    id: c.id,
                    name: c.name_zh,
                    kinds: vec![entity_type(c.kind)],
                    score: c.score,
                })
                .collect();
            (key, W3cResults { result })
        })
        .collect();
    Ok(Json(results))
}

/// A query as a row of a list: its text, type, and the region and USCC properties it gives.
fn row(q: &W3cQuery) -> ListRow {
    let property = |pid: &str| {
        q.properties
            .iter()
            .find(|p| p.pid == pid)
            .and_then(|p| p.v.as_str().map(str::to_owned))
    };
    ListRow {
        name: q.query.clone(),
        region: property("region"),
        uscc: property("uscc"),
        kind: q.kind,
        address: None,
    }
}
