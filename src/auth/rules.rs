//! The rules a new API key follows, shared by the API and the command line.

use serde::Deserialize;
use utoipa::ToSchema;

use super::{Role, CURATED_OWNER};
use crate::error::Error;
use crate::validate::Checks;

/// Names no member organisation may take: an owner is never a role, and `seed` and `cli` mark
/// what the loaders write.
pub const RESERVED_MEMBER_ORGS: &[&str] = &[CURATED_OWNER, "member", "reader", "seed", "cli"];

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "天津机器人产业联盟 portal", "role": "member",
    "member_org": "tj-robot-alliance"}))]
pub struct NewApiKey {
    /// What the key is for, shown in listings.
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    pub role: Role,
    /// Required for `member` keys: the member organisation that will own what the key creates
    /// (2 to 64 characters of a-z, 0-9 and '-'; not a reserved name such as `admin`).
    #[schema(min_length = 2, max_length = 64, pattern = "^[a-z0-9-]{2,64}$")]
    pub member_org: Option<String>,
}

impl NewApiKey {
    pub fn check(&self) -> Result<(), Error> {
        let mut c = Checks::default();
        c.text("name", &self.name, 1, 100);
        match (self.role, self.member_org.as_deref()) {
            (Role::Member, Some(org)) if RESERVED_MEMBER_ORGS.contains(&org) => c.fail(
                "member_org",
                "reserved",
                format!("'{org}' is reserved and cannot name a member organisation"),
            ),
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(org: &str) -> NewApiKey {
        NewApiKey {
            name: "k".into(),
            role: Role::Member,
            member_org: Some(org.into()),
        }
    }

    #[test]
    fn reserved_names_cannot_be_member_organisations() {
        for org in RESERVED_MEMBER_ORGS {
            let Err(Error::Invalid(errors)) = member(org).check() else {
                panic!("{org} accepted")
            };
            assert_eq!(errors[0].rule, "reserved");
        }
        assert!(member("tj-robot-alliance").check().is_ok());
    }
}
