//! Who is calling: API keys (`Authorization: Bearer <key>`) with roles, checked per action.

pub mod key;
pub mod store;

use std::future::Future;
use std::pin::Pin;

use actix_web::http::header::AUTHORIZATION;
use actix_web::{web, FromRequest, HttpRequest};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::state::AppState;

/// What a key may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything: curates data, verifies records, manages keys.
    Admin,
    /// An alliance member organisation: creates records it then owns; changes only those.
    Member,
    /// Read-only.
    Reader,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Member => "member",
            Role::Reader => "reader",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Role::Admin, Role::Member, Role::Reader]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// A caller authenticated by a valid, unrevoked key.
#[derive(Debug, Clone)]
pub struct Principal {
    pub key_id: String,
    pub role: Role,
    /// The member organisation a `member` key belongs to.
    pub member_org: Option<String>,
}

impl Principal {
    /// The owner recorded on what this caller creates.
    pub fn owner(&self) -> String {
        match (&self.role, &self.member_org) {
            (Role::Member, Some(org)) => org.clone(),
            _ => "admin".to_owned(),
        }
    }

    /// Admins change anything; members only what their organisation owns.
    pub fn may_change(&self, owner: &str) -> bool {
        self.role == Role::Admin || (self.role == Role::Member && self.owner() == owner)
    }
}

#[derive(Debug, Clone)]
pub enum Caller {
    Anonymous,
    Key(Principal),
}

impl Caller {
    pub fn require_read(&self, state: &AppState) -> Result<(), ApiError> {
        match self {
            Caller::Anonymous if !state.settings.auth.public_read => Err(ApiError::Unauthorized(
                "reading needs an API key (Authorization: Bearer <key>)".into(),
            )),
            _ => Ok(()),
        }
    }

    pub fn require_write(&self) -> Result<&Principal, ApiError> {
        match self {
            Caller::Anonymous => Err(ApiError::Unauthorized(
                "writing needs an API key (Authorization: Bearer <key>)".into(),
            )),
            Caller::Key(p) if p.role == Role::Reader => {
                Err(ApiError::Forbidden("a reader key cannot write".into()))
            }
            Caller::Key(p) => Ok(p),
        }
    }

    pub fn require_admin(&self) -> Result<&Principal, ApiError> {
        let principal = self.require_write()?;
        if principal.role == Role::Admin {
            Ok(principal)
        } else {
            Err(ApiError::Forbidden("only an admin key may do this".into()))
        }
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let header = req
            .headers()
            .get(AUTHORIZATION)
            .map(|v| v.to_str().map(str::to_owned));
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let presented = match header {
                None => return Ok(Caller::Anonymous),
                Some(Ok(value)) => value,
                Some(Err(_)) => {
                    return Err(ApiError::Unauthorized(
                        "malformed Authorization header".into(),
                    ))
                }
            };
            let key = presented.strip_prefix("Bearer ").ok_or_else(|| {
                ApiError::Unauthorized("Authorization must use the Bearer scheme".into())
            })?;
            let state = state.ok_or_else(|| ApiError::Internal("no application state".into()))?;
            store::authenticate(&state.db, key.trim())
                .await?
                .map(Caller::Key)
                .ok_or_else(|| ApiError::Unauthorized("invalid or revoked API key".into()))
        })
    }
}
