use serde_json::Value;

use super::{check_references, duplicates, get, uscc_conflict, CreateRow};
use crate::auth::Principal;
use crate::changelog::{self, Action, Entry};
use crate::db::Db;
use crate::domain::{new_id, OrgId};
use crate::error::Error;
use crate::organisations::input::NewOrganisation;
use crate::organisations::model::Registered;

pub async fn create(db: &Db, who: &Principal, new: NewOrganisation) -> Result<Registered, Error> {
    check_references(db, Some(&new.region), new.park.as_deref(), None).await?;
    let id = OrgId::parse(&new_id(new.kind.id_prefix())).expect("generated ids are valid");
    let snapshot = serde_json::to_value(&new.props).unwrap_or(Value::Null);
    let uscc = new.props.uscc.as_ref().map(|u| u.to_string());
    let row = CreateRow {
        id: id.to_string(),
        props: new.props,
        region: new.region,
        park: new.park,
    };
    let statement = super::create_query(new.kind, who, &[row])?;
    let entry = Entry::new(id.as_str(), new.kind.into(), Action::Create, &snapshot);
    if let Err(e) = changelog::write_recorded(db, who, entry, vec![statement]).await {
        return Err(uscc_conflict(db, e, uscc.as_deref()).await);
    }
    let organisation = get(db, new.kind, &id).await?;
    let possible_duplicates = duplicates(db, &organisation).await?;
    Ok(Registered {
        organisation,
        possible_duplicates,
    })
}
