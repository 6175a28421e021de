//! Configuration from flags and environment variables. Every default works on a
//! developer machine with a local PostgreSQL that trusts local connections.

use clap::{Args, ValueEnum};

use crate::db::APP_ROLE;
use crate::dotloop::config::DotloopArgs;
use crate::rate_limit::CounterStore;
use sqlx::postgres::PgConnectOptions;
use std::net::SocketAddr;
use std::str::FromStr;

const DEFAULT_ADMIN_URL: &str = "postgres://postgres@localhost:5432/brokerdesk";
pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:8080";
pub const DEFAULT_MAIL_FROM: &str = "Brokerdesk <no-reply@brokerdesk.invalid>";

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Pretty,
    Json,
}

/// Connection settings for administrative commands (migrate, seed-demo).
#[derive(Clone, Debug, Args)]
pub struct AdminDatabaseArgs {
    /// A PostgreSQL URL for a role that may create roles and the schema (e.g. postgres).
    #[arg(long = "database-url", env = "DATABASE_URL", default_value = DEFAULT_ADMIN_URL)]
    pub admin_url: String,

    /// Password to give the `brokerdesk_app` login role. Leave unset where the server
    /// trusts local connections.
    #[arg(long, env = "BROKERDESK_APP_DB_PASSWORD", hide_env_values = true)]
    pub app_password: Option<String>,
}

impl AdminDatabaseArgs {
    pub fn admin_options(&self) -> anyhow::Result<PgConnectOptions> {
        Ok(PgConnectOptions::from_str(&self.admin_url)?)
    }

    /// The same server and database, logged in as the app role.
    pub fn app_options(&self) -> anyhow::Result<PgConnectOptions> {
        let options = self.admin_options()?.username(APP_ROLE);
        Ok(match &self.app_password {
            Some(password) => options.password(password),
            None => options,
        })
    }
}

/// Settings for `serve`.
#[derive(Clone, Debug, Args)]
pub struct ServeConfig {
    /// Address to listen on.
    #[arg(long, env = "BROKERDESK_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// URL the API connects with. It must log in as `brokerdesk_app`; when unset it is
    /// derived from DATABASE_URL by switching the user to `brokerdesk_app`.
    #[arg(long = "app-database-url", env = "BROKERDESK_APP_DATABASE_URL")]
    pub app_database_url: Option<String>,

    /// URL of the one connection that LISTENs for sync wake-ups, when it must not be the
    /// app URL: behind pgbouncer in transaction mode, point the app URL at pgbouncer and
    /// this one straight at PostgreSQL (as `brokerdesk_app`). Default: the app URL.
    #[arg(long = "listen-database-url", env = "BROKERDESK_LISTEN_DATABASE_URL")]
    pub listen_database_url: Option<String>,

    #[command(flatten)]
    pub admin: AdminDatabaseArgs,

    /// Largest number of database connections this instance holds.
    #[arg(long, env = "BROKERDESK_DB_MAX_CONNECTIONS", default_value_t = 20)]
    pub max_connections: u32,

    /// Secret that signs access tokens (at least 32 bytes). Every instance behind one
    /// load balancer needs the same value. When unset, a random one is made at start-up,
    /// so access tokens do not survive a restart (refresh tokens do).
    #[arg(long, env = "BROKERDESK_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,

    /// Where rate-limit counters live: `memory` for one instance, `postgres` when several
    /// instances must share them.
    #[arg(long, env = "BROKERDESK_RATE_LIMIT_STORE", value_enum, default_value_t = CounterStore::Memory)]
    pub rate_limit_store: CounterStore,

    /// Sign-in, registration and refresh attempts one client address may make per
    /// 15 minutes.
    #[arg(long, env = "BROKERDESK_AUTH_ATTEMPTS_PER_IP", default_value_t = 30)]
    pub auth_attempts_per_ip: u32,

    /// The domain tenants' subdomains hang off, e.g. `brokerdesk.app`, so that
    /// `acme.brokerdesk.app` names the tenant `acme`. A request whose Host names a tenant
    /// other than its token's is refused.
    #[arg(long, env = "BROKERDESK_BASE_DOMAIN")]
    pub base_domain: Option<String>,

    /// 32 bytes, base64: the key that wraps the data keys of sealed secrets (TOTP seeds,
    /// provider keys). Keep it in a secret manager. When unset, a random key is made at
    /// start-up and such secrets do not survive a restart.
    #[arg(long, env = "BROKERDESK_MASTER_KEY", hide_env_values = true)]
    pub master_key: Option<String>,
    /// The address people reach Brokerdesk at; links in mail (invitations) start with it.
    #[arg(long, env = "BROKERDESK_PUBLIC_URL", default_value = DEFAULT_PUBLIC_URL)]
    pub public_url: String,

    /// SMTP server for outgoing mail, e.g. `smtps://user:password@smtp.example.com` or
    /// `smtp://smtp.example.com:587?tls=required`. When unset, mail is written to each
    /// tenant's outbox (`GET /v1/mail-outbox`) instead of being sent.
    #[arg(long, env = "BROKERDESK_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// The From address of outgoing mail.
    #[arg(long, env = "BROKERDESK_MAIL_FROM", default_value = DEFAULT_MAIL_FROM)]
    pub mail_from: String,

    /// A DNS server (`ip:port`) to check custom-domain TXT records with. When unset, the
    /// host's resolvers (`/etc/resolv.conf`) are asked.
    #[arg(long, env = "BROKERDESK_DNS_SERVER")]
    pub dns_server: Option<SocketAddr>,

    /// Hosts the knowledge base's web import may fetch from even when they resolve to
    /// loopback or private addresses (`host` or `host:port`, comma-separated). For tests
    /// and local development only; production leaves it empty.
    #[arg(long, env = "BROKERDESK_KB_FETCH_ALLOW_HOSTS", value_delimiter = ',')]
    pub kb_fetch_allow_hosts: Vec<String>,

    /// Seconds between retention passes (purging what each tenant's policies say); 0
    /// turns the schedule off, e.g. on all but one instance of a fleet.
    #[arg(
        long,
        env = "BROKERDESK_RETENTION_INTERVAL_SECS",
        default_value_t = 3600
    )]
    pub retention_interval_secs: u64,

    #[command(flatten)]
    pub dotloop: DotloopArgs,

    /// Seconds between passes of the purge of tenants whose deletion grace period has
    /// ended (one instance purges at a time); 0 turns it off on this instance.
    #[arg(
        long,
        env = "BROKERDESK_TENANT_PURGE_INTERVAL_SECS",
        default_value_t = 3600
    )]
    pub tenant_purge_interval_secs: u64,
    /// Where tenant exports (ZIP files named by export id) are written and kept for
    /// their download window. Default: `brokerdesk-exports` in the system's temporary
    /// directory; production points it at persistent storage shared by the instances.
    #[arg(long, env = "BROKERDESK_EXPORT_DIR")]
    pub export_dir: Option<std::path::PathBuf>,
}

impl ServeConfig {
    pub fn app_options(&self) -> anyhow::Result<PgConnectOptions> {
        match &self.app_database_url {
            Some(url) => Ok(PgConnectOptions::from_str(url)?),
            None => self.admin.app_options(),
        }
    }

    /// Where the wake-up listener connects, when it is set apart from the app URL.
    pub fn listen_options(&self) -> anyhow::Result<Option<PgConnectOptions>> {
        Ok(match &self.listen_database_url {
            Some(url) => Some(PgConnectOptions::from_str(url)?),
            None => None,
        })
    }

    /// Where exports are written: [`ServeConfig::export_dir`], or its default.
    pub fn export_dir(&self) -> std::path::PathBuf {
        self.export_dir
            .clone()
            .unwrap_or_else(|| std::env::temp_dir().join("brokerdesk-exports"))
    }

    /// The public URL without a trailing slash, so paths can be appended to it.
    pub fn public_base_url(&self) -> anyhow::Result<String> {
        let url = self.public_url.trim().trim_end_matches('/');
        if !(url.starts_with("https://") || url.starts_with("http://"))
            || url.contains(char::is_whitespace)
        {
            anyhow::bail!("BROKERDESK_PUBLIC_URL must be an http(s) URL, not {url:?}");
        }
        Ok(url.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_options_keep_server_and_database_but_switch_user() {
        let args = AdminDatabaseArgs {
            admin_url: "postgres://postgres:secret@db.internal:6543/brokerdesk".into(),
            app_password: Some("app-pw".into()),
        };
        let app = args.app_options().unwrap();
        assert_eq!(app.get_username(), APP_ROLE);
        assert_eq!(app.get_host(), "db.internal");
        assert_eq!(app.get_port(), 6543);
        assert_eq!(app.get_database(), Some("brokerdesk"));
    }

    #[test]
    fn explicit_app_url_wins() {
        let config = ServeConfig {
            listen: "127.0.0.1:0".parse().unwrap(),
            app_database_url: Some("postgres://brokerdesk_app@other:5432/x".into()),
            listen_database_url: None,
            admin: AdminDatabaseArgs {
                admin_url: DEFAULT_ADMIN_URL.into(),
                app_password: None,
            },
            max_connections: 1,
            jwt_secret: None,
            rate_limit_store: CounterStore::Memory,
            auth_attempts_per_ip: 1,
            base_domain: None,
            master_key: None,
            public_url: "https://app.brokerdesk.example/".into(),
            smtp_url: None,
            mail_from: DEFAULT_MAIL_FROM.into(),
            dns_server: None,
            kb_fetch_allow_hosts: Vec::new(),
            retention_interval_secs: 0,
            dotloop: DotloopArgs::default(),
            tenant_purge_interval_secs: 0,
            export_dir: None,
        };
        assert_eq!(config.app_options().unwrap().get_host(), "other");
        assert_eq!(
            config.public_base_url().unwrap(),
            "https://app.brokerdesk.example"
        );
        let not_a_url = ServeConfig {
            public_url: "app.brokerdesk.example".into(),
            ..config
        };
        assert!(not_a_url.public_base_url().is_err());
    }
}
