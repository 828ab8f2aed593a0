use actix_web::get;
use actix_web::web::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::{Caller, Role};
use crate::error::Error;
use crate::routes::problem::ApiError;
use crate::routes::responses::ReadErrors;

/// The key a request was made with.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"key_id": "3f9a1c2b7d4e", "role": "member", "member_org": "tj-robot-alliance",
    "owner": "tj-robot-alliance"}))]
pub struct Me {
    pub key_id: String,
    pub role: Role,
    /// The member organisation of a member key.
    pub member_org: Option<String>,
    /// The owner recorded on what this key creates (`admin` for curators).
    pub owner: String,
}

/// Who the key is.
///
/// Its role and member organisation: what a page may offer its holder. Answers for any valid
/// key; without one, 401.
#[utoipa::path(operation_id = "whoami", tag = "keys", security(("api_key" = [])),
    responses((status = 200, description = "The key", body = Me), ReadErrors))]
#[get("/me")]
pub async fn whoami(caller: Caller) -> Result<Json<Me>, ApiError> {
    let who = caller.principal().ok_or_else(|| {
        Error::Unauthenticated("no key was given (Authorization: Bearer <key>)".into())
    })?;
    Ok(Json(Me {
        key_id: who.key_id.clone(),
        role: who.role,
        member_org: who.member_org.clone(),
        owner: who.owner(),
    }))
}
