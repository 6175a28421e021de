//! The `brokerdesk-server` command line: `migrate`, `serve` and `seed-demo`.

use clap::{Parser, Subcommand};

use crate::config::{AdminDatabaseArgs, LogFormat, ServeConfig};
use crate::{db, seed, startup, telemetry};

#[derive(Debug, Parser)]
#[command(
    name = "brokerdesk-server",
    version,
    about = "Brokerdesk hosted multi-tenant API"
)]
pub struct Cli {
    /// Log output: `pretty` for a terminal, `json` for production log pipelines.
    #[arg(long, env = "BROKERDESK_LOG_FORMAT", value_enum, default_value_t = LogFormat::Pretty, global = true)]
    pub log_format: LogFormat,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database roles and apply every pending migration (idempotent).
    Migrate(AdminDatabaseArgs),
    /// Serve the API.
    Serve(ServeConfig),
    /// Load demo tenants and users (idempotent: skipped when they already exist).
    SeedDemo(AdminDatabaseArgs),
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    telemetry::init(cli.log_format);
    match cli.command {
        Command::Migrate(args) => {
            db::migrate::run(&args).await?;
            tracing::info!("migrations applied");
        }
        Command::Serve(config) => {
            let app = startup::Application::build(&config).await?;
            tracing::info!(address = %app.local_addr(), "brokerdesk-server listening");
            app.run_until_stopped(crate::shutdown::signal()).await?;
        }
        Command::SeedDemo(args) => {
            let report = seed::seed_demo(&args).await?;
            println!("{report}");
        }
    }
    Ok(())
}
