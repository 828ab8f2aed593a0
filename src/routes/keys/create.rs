use actix_web::{post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::store::{self, ApiKeyInfo};
use crate::auth::{Caller, Role};
use crate::error::{ApiError, Problem};
use crate::extract::Body;
use crate::state::AppState;
use crate::validate::Checks;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "天津机器人产业联盟 portal", "role": "member",
    "member_org": "tj-robot-alliance"}))]
pub struct NewApiKey {
    /// What the key is for, shown in listings.
    pub name: String,
    pub role: Role,
    /// Required for `member` keys: the member organisation that will own what the key creates.
    pub member_org: Option<String>,
}

/// The new key; `secret` is shown this once and never stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedApiKey {
    pub key: ApiKeyInfo,
    #[schema(example = "ca_3f9a1c2b7d4e_6c1e…")]
    pub secret: String,
}

pub fn check(body: &NewApiKey) -> Result<(), ApiError> {
    let mut c = Checks::default();
    c.text("name", &body.name, 1, 100);
    match (body.role, body.member_org.as_deref()) {
        (Role::Member, Some(org)) => c.slug("member_org", org),
        (Role::Member, None) => c.fail("member_org", "required", "member keys need member_org"),
        (_, Some(_)) => c.fail(
            "member_org",
            "forbidden",
            "only member keys have member_org",
        ),
        _ => {}
    }
    c.finish()
}

/// Create an API key (admin).
#[utoipa::path(operation_id = "createApiKey", tag = "keys", security(("api_key" = [])),
    request_body = NewApiKey,
    responses(
        (status = 201, description = "Created; the secret is shown only now", body = CreatedApiKey),
        (status = 400, description = "Malformed JSON or not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or invalid key", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin key", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/keys")]
pub async fn create_key(
    state: web::Data<AppState>,
    caller: Caller,
    Body(body): Body<NewApiKey>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    check(&body)?;
    let (key, secret) =
        store::create(&state.db, &body.name, body.role, body.member_org.as_deref()).await?;
    Ok(HttpResponse::Created().json(CreatedApiKey { key, secret }))
}
