//! `brokerdesk-cli`: the desktop app's sync engine and encrypted cache without a window,
//! for scripted offline exports and for tests. Secrets go to the OS keychain, exactly as
//! in the app. Output is for people by default; `--json` prints one JSON document.

mod commands;
mod lead_filter;
mod output;
mod support;
mod transactions;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "brokerdesk-cli",
    version,
    about = "Brokerdesk from the command line: sign in, sync, read the encrypted cache offline."
)]
struct Cli {
    /// Where caches and the list of sign-ins live (default: the OS data directory).
    #[arg(long, env = "BROKERDESK_DATA_DIR", global = true)]
    data_dir: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

/// The API to talk to.
#[derive(clap::Args)]
struct ServerArg {
    #[arg(
        long = "server",
        env = "BROKERDESK_SERVER_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    url: String,
}

#[derive(Subcommand)]
enum Command {
    /// Sign in to a brokerage. The password is read from BROKERDESK_PASSWORD or stdin.
    Login {
        #[command(flatten)]
        server: ServerArg,
        /// The brokerage's subdomain, e.g. `acme`.
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        email: String,
        /// The authenticator (or recovery) code, for accounts with MFA.
        #[arg(long)]
        mfa_code: Option<String>,
    },
    /// Sign out of the current brokerage (or `--tenant`) and delete its cache and keys.
    Logout {
        #[arg(long)]
        tenant: Option<String>,
    },
    /// The brokerages this device is signed in to.
    Tenants,
    /// Make another signed-in brokerage the current one.
    Switch { tenant: String },
    /// Push local edits and pull changes, once, or continuously with `--watch`.
    Sync {
        #[arg(long)]
        watch: bool,
        /// Rows per pulled page (the server caps it). Small pages give a pull many
        /// commit points, which the tests that kill a pull need.
        #[arg(long, hide = true)]
        page_rows: Option<u32>,
    },
    /// What the cache holds and what waits to be sent. Works offline.
    Status,
    /// Leads in the cache, filtered. Works offline.
    Leads {
        #[command(flatten)]
        filter: lead_filter::LeadFilterArgs,
        #[arg(long)]
        limit: Option<u32>,
    },
    /// Transactions in the cache, filtered and sorted. Works offline.
    Transactions {
        #[command(flatten)]
        filter: transactions::TransactionFilterArgs,
        /// At most this many (200 unless given, 1,000 at the most).
        #[arg(long)]
        limit: Option<u32>,
    },
    /// Import a file through the cache's outbox. Works offline.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Write cached data to a file. Works offline.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Platform staff: open or close a support session in a tenant.
    Support {
        #[command(subcommand)]
        action: SupportAction,
    },
}

#[derive(Subcommand)]
enum ExportWhat {
    /// The cached leads the filters match (every one without any), in the CSV the API
    /// imports.
    Leads {
        #[arg(long, value_name = "FILE")]
        csv: PathBuf,
        #[command(flatten)]
        filter: lead_filter::LeadFilterArgs,
    },
}

#[derive(Subcommand)]
enum ImportWhat {
    /// A Dotloop CSV export: new loops are created, changed ones updated, with the next
    /// sync. Importing the same file again changes nothing.
    Dotloop {
        file: PathBuf,
        /// Print what the import would do, row by row, and queue nothing.
        #[arg(long)]
        preview: bool,
    },
}

#[derive(Subcommand)]
enum SupportAction {
    /// Open a support session; the reason is recorded in the tenant's own audit trail.
    /// The staff password is read from BROKERDESK_PASSWORD or stdin.
    Open {
        #[command(flatten)]
        server: ServerArg,
        /// The tenant's id.
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        ticket: Option<String>,
        #[arg(long)]
        email: String,
        #[arg(long)]
        mfa_code: String,
    },
    /// End the current support session and delete its cache.
    Close,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = output::Output { json: cli.json };
    let context = match commands::Context::new(cli.data_dir) {
        Ok(context) => context,
        Err(error) => return out.fail(&error),
    };
    let result = match cli.command {
        Command::Login {
            server,
            tenant,
            email,
            mfa_code,
        } => commands::login(&context, &out, &server.url, &tenant, &email, mfa_code).await,
        Command::Logout { tenant } => commands::logout(&context, &out, tenant).await,
        Command::Tenants => commands::tenants(&context, &out),
        Command::Switch { tenant } => commands::switch(&context, &out, &tenant),
        Command::Sync { watch, page_rows } => {
            commands::sync(&context, &out, watch, page_rows).await
        }
        Command::Status => commands::status(&context, &out).await,
        Command::Leads { filter, limit } => commands::leads(&context, &out, filter, limit).await,
        Command::Transactions { filter, limit } => {
            transactions::transactions(&context, &out, filter, limit).await
        }
        Command::Import {
            what: ImportWhat::Dotloop { file, preview },
        } => transactions::import_dotloop(&context, &out, file, preview).await,
        Command::Export {
            what: ExportWhat::Leads { csv, filter },
        } => commands::export_leads(&context, &out, csv, filter).await,
        Command::Support { action } => match action {
            SupportAction::Open {
                server,
                tenant,
                reason,
                ticket,
                email,
                mfa_code,
            } => {
                let open = support::SupportOpen {
                    server: server.url,
                    tenant,
                    reason,
                    ticket,
                    email,
                    mfa_code,
                };
                support::support_open(&context, &out, open).await
            }
            SupportAction::Close => support::support_close(&context, &out).await,
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => out.fail(&error),
    }
}
