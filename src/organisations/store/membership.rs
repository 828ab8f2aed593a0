use neo4rs::query;
use serde_json::json;

use super::link_claim::{self, LinkClaim};
use crate::auth::Principal;
use crate::db::{to_bolt, Db};
use crate::domain::{OrgId, OrgKind, SegmentId};
use crate::error::Error;
use crate::organisations::model::{MembershipTerms, Organisation};

const PUT_MEMBERSHIP: &str = include_str!("../../../cypher/organisations/put_membership.cypher");

static MEMBERSHIP: LinkClaim = LinkClaim {
    kind: OrgKind::Enterprise,
    field: "segments",
    what: "chain link membership",
    delete: include_str!("../../../cypher/organisations/delete_membership.cypher"),
    held: |o, segment| o.segments.iter().any(|m| m.segment == segment),
};

/// Declares (or re-declares) that an enterprise operates in a chain link.
pub async fn put_membership(
    db: &Db,
    who: &Principal,
    id: &OrgId,
    segment: &SegmentId,
    terms: MembershipTerms,
) -> Result<Organisation, Error> {
    let MembershipTerms {
        role,
        products,
        since,
        until,
    } = terms;
    let value = json!({"segment": segment, "role": role, "products": products,
                       "since": since, "until": until});
    let segment2 = segment.clone();
    let statement = move |current: &Organisation, curator: bool| {
        Ok(query(PUT_MEMBERSHIP)
            .param("id", current.id.as_str())
            .param("segment", segment2.as_str())
            .param("role", to_bolt(&role)?)
            .param("products", products.clone())
            .param("since", since)
            .param("until", until)
            .param("curator", curator))
    };
    link_claim::put(db, who, &MEMBERSHIP, id, segment, value, statement).await
}

pub async fn delete_membership(
    db: &Db,
    who: &Principal,
    id: &OrgId,
    segment: &SegmentId,
) -> Result<(), Error> {
    link_claim::withdraw(db, who, &MEMBERSHIP, id, segment).await
}
