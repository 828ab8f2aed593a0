//! Relationships between organisations: supplies, technology transfer, investment,
//! cooperation, incubation, branches and relocations, each with its provenance.

pub mod input;
pub mod model;
pub mod store;
