//! Who is calling: API keys (`Authorization: Bearer <key>`) with roles, checked per action.

pub mod audit;
pub mod key;
pub mod rules;
pub mod store;

use crate::error::Error;

/// The owner recorded on curated records (those an admin key writes). Reserved: no member
/// organisation may take this name, so a member key never owns curated data.
pub const CURATED_OWNER: &str = "admin";

crate::domain::coded_enum! {
    /// What a key may do.
    pub enum Role: "snake_case" {
        /// Everything: curates data, verifies records, manages keys.
        Admin,
        /// An alliance member organisation: creates records it then owns; changes only those.
        Member,
        /// Read-only.
        Reader,
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
            _ => CURATED_OWNER.to_owned(),
        }
    }

    /// Admins change anything; members only what their organisation owns.
    pub fn may_change(&self, owner: &str) -> bool {
        self.role == Role::Admin || (self.role == Role::Member && self.owner() == owner)
    }
}

/// Who is calling: nobody in particular, or the holder of a valid key.
#[derive(Debug, Clone)]
pub enum Caller {
    /// No key; `public_read` says whether this deployment lets such callers read.
    Anonymous {
        public_read: bool,
    },
    Key(Principal),
}

impl Caller {
    pub fn require_read(&self) -> Result<(), Error> {
        match self {
            Caller::Anonymous { public_read: false } => Err(Error::Unauthenticated(
                "reading needs an API key (Authorization: Bearer <key>)".into(),
            )),
            _ => Ok(()),
        }
    }

    pub fn require_write(&self) -> Result<&Principal, Error> {
        match self {
            Caller::Anonymous { .. } => Err(Error::Unauthenticated(
                "writing needs an API key (Authorization: Bearer <key>)".into(),
            )),
            Caller::Key(p) if p.role == Role::Reader => {
                Err(Error::Forbidden("a reader key cannot write".into()))
            }
            Caller::Key(p) => Ok(p),
        }
    }

    pub fn require_admin(&self) -> Result<&Principal, Error> {
        let principal = self.require_write()?;
        if principal.role == Role::Admin {
            Ok(principal)
        } else {
            Err(Error::Forbidden("only an admin key may do this".into()))
        }
    }

    /// The caller's key, if any (for audit and rate limiting).
    pub fn principal(&self) -> Option<&Principal> {
        match self {
            Caller::Key(p) => Some(p),
            Caller::Anonymous { .. } => None,
        }
    }
}
