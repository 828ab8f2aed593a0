#[tokio::main]
async fn main() -> anyhow::Result<()> {
    chain_atlas::cli::run().await
}
