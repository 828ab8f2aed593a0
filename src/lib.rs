//! ChainAtlas: the Beijing–Tianjin–Hebei industrial-cluster and supply-chain graph service.

// A function a reader can hold in their head: at most 80 lines of code (clippy.toml), so a long
// one is split where its steps are, not left to grow.
#![warn(clippy::too_many_lines)]

pub mod alerts;
pub mod auth;
pub mod changelog;
pub mod cli;
pub mod db;
pub mod domain;
pub mod error;
pub mod idempotency;
pub mod imports;
pub mod metrics;
pub mod openapi;
pub mod organisations;
pub mod queries;
pub mod reconcile;
pub mod relationships;
pub mod review;
pub mod routes;
pub mod seed;
pub mod settings;
pub mod startup;
pub mod state;
pub mod synth;
pub mod telemetry;
pub mod validate;
pub mod webhooks;
