//! Domain types shared by handlers, seeds and the CLI.

pub mod chain;
pub mod cluster;
pub mod cursor;
pub mod ids;
pub mod organisation;
pub mod record;
pub mod relationship;
pub mod uscc;

pub use chain::{ChainId, LinkLevel, Stage};
pub use cluster::ClusterKind;
pub use ids::{new_id, OrgId, ParkId, RecordId, RegionCode, SegmentId};
pub use organisation::{OrgKind, RdKind, Scale, SegmentRole, Tag};
pub use record::{Provenance, RecordKind};
pub use relationship::{Direction, RelKind, TransferMode};
pub use uscc::Uscc;
