use actix_web::http::StatusCode;
use actix_web::web::{Data, Path};
use actix_web::{delete, put, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::domain::{OrgId, SegmentId};
use crate::organisations::model::Organisation;
use crate::organisations::store::{self, NewCapability};
use crate::routes::extract::Body;
use crate::routes::problem::ApiError;
use crate::routes::responses::{ActionErrors, ChangeErrors};
use crate::routes::versions::tagged;
use crate::state::AppState;
use crate::validate::{nfc, nfc_opt, whole_number, Checks, NAME_MAX};

const EVIDENCE_MAX: usize = 500;

/// What an R&D source can do in a chain link.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"technology": "low-platinum membrane electrode assemblies",
    "readiness": 6, "evidence": "pilot line of 10,000 MEAs a year; patents CN1145…",
    "source": "https://example.org/lab-annual-report-2025"}))]
pub struct CapabilityInput {
    /// 1 to 200 characters.
    #[serde(deserialize_with = "nfc")]
    #[schema(min_length = 1, max_length = 200)]
    pub technology: String,
    /// Technology readiness level, 1 to 9.
    #[serde(deserialize_with = "whole_number")]
    #[schema(required = true, value_type = i64, minimum = 1, maximum = 9)]
    pub readiness: Option<i64>,
    /// Patents, pilots or publications that show it; 1 to 500 characters.
    #[serde(default, deserialize_with = "nfc_opt")]
    #[schema(min_length = 1, max_length = 500)]
    pub evidence: Option<String>,
    /// The report or document that states it, 1 to 500 characters.
    #[serde(deserialize_with = "nfc")]
    #[schema(min_length = 1, max_length = 500)]
    pub source: String,
}

impl CapabilityInput {
    fn checked(self) -> Result<NewCapability, ApiError> {
        let mut c = Checks::default();
        c.text("technology", &self.technology, 1, NAME_MAX);
        let readiness = self.readiness.unwrap_or(0);
        if !(1..=9).contains(&readiness) {
            let why = "must be a readiness level from 1 to 9";
            c.fail("readiness", "range", why);
        }
        if let Some(evidence) = &self.evidence {
            c.text("evidence", evidence, 1, EVIDENCE_MAX);
        }
        c.text("source", &self.source, 1, EVIDENCE_MAX);
        c.finish()?;
        Ok(NewCapability {
            technology: self.technology.trim().to_owned(),
            readiness,
            evidence: self.evidence.map(|e| e.trim().to_owned()),
            source: self.source.trim().to_owned(),
        })
    }
}

/// Declare what an R&D source can do in a chain link (admin, or the owning member).
///
/// Creates or replaces the capability: the technology, its readiness (TRL 1–9), the evidence and the source. Lab-to-plant matching pairs it with firms of the link and the links it feeds.
#[utoipa::path(operation_id = "putRdSourceCapability", tag = "rd-sources", security(("api_key" = [])),
    params(("id" = crate::domain::OrgId, Path, description = "R&D source id"),
           ("segment" = crate::domain::SegmentId, Path, description = "Chain link id", example = "hydrogen.stack-mea")),
    request_body = CapabilityInput,
    responses((status = 200, description = "The R&D source with its capabilities", body = Organisation,
        headers(("ETag" = String, description = "The record's version, for `If-Match`"))), ChangeErrors))]
#[put("/rd-sources/{id}/capabilities/{segment}")]
pub async fn put_rd_source_capability(
    state: Data<AppState>,
    caller: Caller,
    path: Path<(OrgId, SegmentId)>,
    Body(body): Body<CapabilityInput>,
) -> Result<HttpResponse, ApiError> {
    let who = caller.require_write()?;
    let (id, segment) = path.into_inner();
    let capability = body.checked()?;
    let changed = store::put_capability(&state.db, who, &id, &segment, capability).await?;
    Ok(tagged(StatusCode::OK, &changed))
}

/// Withdraw an R&D source's capability in a chain link (admin, or the owning member).
///
/// The capability ends; the R&D source's history keeps the change.
#[utoipa::path(operation_id = "deleteRdSourceCapability", tag = "rd-sources", security(("api_key" = [])),
    params(("id" = crate::domain::OrgId, Path, description = "R&D source id"),
           ("segment" = crate::domain::SegmentId, Path, description = "Chain link id")),
    responses((status = 204, description = "Removed"), ActionErrors))]
#[delete("/rd-sources/{id}/capabilities/{segment}")]
pub async fn delete_rd_source_capability(
    state: Data<AppState>,
    caller: Caller,
    path: Path<(OrgId, SegmentId)>,
) -> Result<HttpResponse, ApiError> {
    let who = caller.require_write()?;
    let (id, segment) = path.into_inner();
    store::delete_capability(&state.db, who, &id, &segment).await?;
    Ok(HttpResponse::NoContent().finish())
}
