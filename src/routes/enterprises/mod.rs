//! What only enterprises have: a USCC, chain-link memberships and supply-chain impact. The
//! actions they share with R&D sources are in `routes::organisations`.

mod by_uscc;
mod events;
mod impact;
mod segments;

pub use by_uscc::{find_enterprise_by_uscc, get_enterprise_by_uscc};
pub use events::{list_enterprise_events, report_enterprise_event};
pub use impact::get_enterprise_impact;
pub use segments::{delete_enterprise_segment, put_enterprise_segment, MembershipInput};
