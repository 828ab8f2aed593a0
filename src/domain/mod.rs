//! Domain types shared by handlers, seeds and the CLI.

/// An enum whose values travel by name — in the API, the database and the spec — declared with
/// its case once: serde and strum derive the names from it, `as_str`, `parse` and `ALL` give
/// them. Extra derives go in a `#[derive(…)]` of their own.
macro_rules! coded_enum {
    (
        $(#[$attr:meta])*
        pub enum $name:ident: $case:tt {
            $($(#[$variant_attr:meta])* $variant:ident),+ $(,)?
        }
    ) => {
        $(#[$attr])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            serde::Serialize,
            serde::Deserialize,
            utoipa::ToSchema,
            strum::IntoStaticStr,
            strum::EnumString,
            strum::VariantArray,
        )]
        #[serde(rename_all = $case)]
        #[strum(serialize_all = $case)]
        pub enum $name {
            $($(#[$variant_attr])* $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = <$name as strum::VariantArray>::VARIANTS;

            /// The value's name.
            pub fn as_str(self) -> &'static str {
                self.into()
            }

            /// The value of a name, if it is one.
            pub fn parse(name: &str) -> Option<Self> {
                name.parse().ok()
            }
        }
    };
}
pub(crate) use coded_enum;

pub mod chain;
pub mod cluster;
pub mod cursor;
pub mod ids;
pub mod names;
pub mod organisation;
pub mod record;
pub mod relationship;
pub mod uscc;

pub use chain::{ChainId, LinkLevel, Stage};
pub use cluster::ClusterKind;
pub use ids::{new_id, AlertId, OrgId, ParkId, RecordId, RegionCode, SegmentId};
pub use organisation::{OrgKind, RdKind, Scale, SegmentRole, Tag};
pub use record::{Provenance, RecordKind};
pub use relationship::{Direction, RelKind, TransferMode};
pub use uscc::Uscc;
