//! Domain types shared by handlers, seeds and the CLI.

pub mod chain;
pub mod organisation;
pub mod relationship;
pub mod uscc;

pub use chain::{ChainId, Stage};
pub use organisation::{OrgKind, RdKind, Scale, SegmentRole, Tag};
pub use relationship::{RelKind, TransferMode};
pub use uscc::Uscc;
