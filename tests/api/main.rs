//! Integration tests: the real application over HTTP against a real Neo4j (`make test`).

mod auth;
mod chains;
mod enterprises;
mod errors;
mod health;
mod helpers;
mod openapi;
mod schema;
mod seed;
