use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = brokerdesk_server::cli::Cli::parse();
    brokerdesk_server::cli::run(cli).await
}
