use super::{check_references, duplicates, get, uscc_conflict, CreateRow};
use crate::auth::Principal;
use crate::changelog::{self, Action, Entry};
use crate::db::{Db, DbError};
use crate::domain::{new_id, OrgId, OrgKind};
use crate::error::Error;
use crate::idempotency::{Claim, Outcome, Prior};
use crate::organisations::input::NewOrganisation;
use crate::organisations::model::Registered;

/// The record with the near-duplicates a registration reports.
async fn registered(db: &Db, kind: OrgKind, id: &OrgId) -> Result<Registered, Error> {
    let organisation = get(db, kind, id).await?;
    let possible_duplicates = duplicates(db, &organisation).await?;
    Ok(Registered {
        organisation,
        possible_duplicates,
    })
}

/// The record an earlier request with the same idempotency key created, if any.
async fn replay(
    db: &Db,
    kind: OrgKind,
    claim: Option<&Claim>,
) -> Result<Option<Registered>, Error> {
    let Some(claim) = claim else {
        return Ok(None);
    };
    match claim.prior(db).await? {
        Prior::Unused => Ok(None),
        Prior::Created(id) => {
            let id = OrgId::parse(&id).map_err(|e| DbError::Decode(e.to_string()))?;
            Ok(Some(registered(db, kind, &id).await?))
        }
    }
}

/// Registers an organisation, owned by the caller; with an idempotency claim, a repeated
/// request gets the record the first one created.
pub async fn create(
    db: &Db,
    who: &Principal,
    new: NewOrganisation,
    claim: Option<&Claim>,
) -> Result<(Registered, Outcome), Error> {
    if let Some(earlier) = replay(db, new.kind, claim).await? {
        return Ok((earlier, Outcome::Replayed));
    }
    check_references(db, Some(&new.region), new.park.as_deref(), None).await?;
    let (kind, id) = (new.kind, OrgId::parse(&new_id(new.kind.id_prefix())));
    let id = id.expect("generated ids are valid");
    let snapshot = new.snapshot(who, false);
    let uscc = new.props.uscc.as_ref().map(|u| u.to_string());
    let row = CreateRow {
        id: id.to_string(),
        props: new.props,
        region: new.region,
        park: new.park,
        synthetic: false,
    };
    let mut statements = vec![super::create_query(kind, who, &[row])?];
    statements.extend(claim.map(|c| c.record(kind.into(), id.as_str())));
    let entry = Entry::organisation(id.as_str(), kind, Action::Create, &snapshot);
    match changelog::write_recorded(db, who, entry, statements).await {
        // A concurrent request with the same idempotency key, or the same USCC, won.
        Err(DbError::Constraint(cause)) => {
            if let Some(earlier) = replay(db, kind, claim).await? {
                return Ok((earlier, Outcome::Replayed));
            }
            return Err(match uscc {
                Some(uscc) => uscc_conflict(db, &uscc).await,
                None => DbError::Constraint(cause).into(),
            });
        }
        other => other?,
    }
    Ok((registered(db, kind, &id).await?, Outcome::Created))
}
