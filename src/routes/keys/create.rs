use actix_web::web::Data;
use actix_web::{post, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::rules::NewApiKey;
use crate::auth::store::{self, ApiKeyInfo};
use crate::auth::Caller;
use crate::routes::caller::actor;
use crate::routes::extract::Body;
use crate::routes::problem::ApiError;
use crate::routes::responses::CreateErrors;
use crate::state::AppState;

/// The new key; `secret` is shown this once and never stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedApiKey {
    pub key: ApiKeyInfo,
    #[schema(example = "ca_3f9a1c2b7d4e_6c1e…")]
    pub secret: String,
}

/// Create an API key (admin).
///
/// The answer holds the secret, shown this once: only its hash is stored. A member key needs the member organisation it acts for.
#[utoipa::path(operation_id = "createApiKey", tag = "keys", security(("api_key" = [])),
    request_body = NewApiKey,
    responses((status = 201, description = "Created; the secret is shown only now", body = CreatedApiKey), CreateErrors))]
#[post("/keys")]
pub async fn create_key(
    state: Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    Body(body): Body<NewApiKey>,
) -> Result<HttpResponse, ApiError> {
    let who = caller.require_admin()?;
    body.check()?;
    let actor = actor(&req, &who.key_id);
    let member_org = body.member_org.as_deref();
    let (key, secret) = store::create(&state.db, &actor, &body.name, body.role, member_org).await?;
    // The secret must not be kept by any cache between here and the admin.
    Ok(HttpResponse::Created()
        .insert_header(("cache-control", "no-store"))
        .json(CreatedApiKey { key, secret }))
}
