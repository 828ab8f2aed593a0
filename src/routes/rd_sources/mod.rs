//! What only R&D sources have: capabilities in chain links. The actions they share with
//! enterprises are in `routes::organisations`.

mod capabilities;

pub use capabilities::{delete_rd_source_capability, put_rd_source_capability, CapabilityInput};
