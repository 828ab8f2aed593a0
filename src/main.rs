// Deeply nested async handlers (actix service → query → neo4rs stream) exceed the
// default layout query depth of 128 in release builds.
#![recursion_limit = "256"]

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    chain_atlas::cli::run().await
}
