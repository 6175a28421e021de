use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = brokerdesk_server::app::cli::Cli::parse();
    brokerdesk_server::app::cli::run(cli).await
}
