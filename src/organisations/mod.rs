//! Enterprises and R&D sources: the write side used by alliance members and admins. Both kinds
//! share this code; the routes under `routes::enterprises` and `routes::rd_sources` differ only
//! in the fields they accept.

pub mod input;
pub mod model;
pub mod store;
