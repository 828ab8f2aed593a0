//! Integration tests: the real application over HTTP against a real Neo4j (`make test`).

mod auth;
mod bad_input;
mod chains;
mod changes;
mod enterprises;
mod errors;
mod exports;
mod health;
mod helpers;
mod import_lists;
mod imports;
mod limits;
mod merges;
mod openapi;
mod page;
mod queries;
mod reconcile;
mod regions;
mod relationships;
mod reliability;
mod review;
mod routing;
mod schema;
mod seed;
mod shutdown;
mod webhooks;
