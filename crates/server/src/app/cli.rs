//! The `brokerdesk-server` command line: `migrate`, `serve` and `seed-demo`.

use clap::{Parser, Subcommand};

use super::config::{AdminDatabaseArgs, LogFormat, ServeConfig};
use super::{startup, telemetry};
use crate::auth::mfa;
use crate::db::Database;
use crate::sealed::MasterKey;
use crate::{db, seed, staff};

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
    /// Serve the API. (Boxed: its settings dwarf every other command's.)
    Serve(Box<ServeConfig>),
    /// Load demo tenants and users (idempotent: skipped when they already exist), and a
    /// demo platform-staff account when a master key is given.
    SeedDemo {
        #[command(flatten)]
        db: AdminDatabaseArgs,
        #[arg(long, env = "BROKERDESK_MASTER_KEY", hide_env_values = true)]
        master_key: Option<String>,
    },
    /// Manage platform staff accounts.
    #[command(subcommand)]
    Staff(StaffCommand),
}

#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Create a staff account. The password is read from BROKERDESK_STAFF_PASSWORD, or
    /// else from the first line of standard input. Prints the authenticator enrolment,
    /// which staff must use: staff cannot sign in without MFA.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[command(flatten)]
        db: AdminDatabaseArgs,
        /// The server's master key: the TOTP seed is sealed under it.
        #[arg(long, env = "BROKERDESK_MASTER_KEY", hide_env_values = true)]
        master_key: String,
    },
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    telemetry::init(cli.log_format);
    match cli.command {
        Command::Migrate(args) => {
            db::migrate::run(args.admin_options()?, args.app_password.as_deref()).await?;
            tracing::info!("migrations applied");
        }
        Command::Serve(config) => {
            let app = startup::Application::build(&config).await?;
            tracing::info!(address = %app.local_addr(), "brokerdesk-server listening");
            app.run_until_stopped(super::shutdown::signal()).await?;
        }
        Command::SeedDemo { db, master_key } => {
            let report = seed::seed_demo(&db).await?;
            println!("{report}");
            match master_key {
                Some(key) => println!(
                    "{}",
                    seed::seed_demo_staff(&db, &MasterKey::from_base64(&key)?).await?
                ),
                None => {
                    println!("no BROKERDESK_MASTER_KEY: the demo staff account was not created")
                }
            }
        }
        Command::Staff(StaffCommand::Create {
            email,
            name,
            db,
            master_key,
        }) => {
            let password = match std::env::var("BROKERDESK_STAFF_PASSWORD") {
                Ok(password) => password,
                Err(_) => {
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            let database = Database::connect(db.app_options()?, 1).await?;
            let mut tx = database.begin_platform("cli:staff-create").await?;
            let master = MasterKey::from_base64(&master_key)?;
            let created =
                staff::create(&mut tx, &master, &email, &name, password, mfa::new_seed()).await?;
            tx.commit().await?;
            println!("staff {} created", created.id);
            println!("authenticator: {}", created.otpauth_url);
            println!("secret (base32): {}", created.totp_secret);
        }
    }
    Ok(())
}
