//! Test support shared by this crate's integration tests and the whole-system tests:
//! a fresh, migrated database per test, the API spawned on a random port, and the
//! row-level-security audit. Compiled only with the `testing` feature.

pub mod api;
pub mod dns;
pub mod fake_dotloop;
pub mod kb;
pub mod leads;
pub mod rls_audit;
pub mod traces;
pub mod transactions;

use sqlx::ConnectOptions;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use std::str::FromStr;
use tokio::sync::{Mutex, oneshot};
use tokio::task::JoinHandle;

use crate::app::config::{AdminDatabaseArgs, ServeConfig};
use crate::app::startup::Application;
use crate::db::{Database, TenantScope};
use crate::tenancy::{self, NewTenant, NewUser};
use brokerdesk_core::ids::TenantId;
use brokerdesk_core::plan::PlanTier;
use brokerdesk_core::role::Role;
use brokerdesk_core::subdomain::Subdomain;
use dns::TestDns;

/// Roles are cluster-wide: migrate one database at a time so two tests never race to
/// create or alter them.
static MIGRATE_LOCK: Mutex<()> = Mutex::const_new(());

/// The signing secret test servers use, so tests can forge tokens with the right key
/// and prove the server still checks everything else.
pub const TEST_JWT_SECRET: &str = "test-secret-that-is-at-least-32-bytes-long";

/// The master key test servers seal secrets with (32 zero bytes, base64), so a test can
/// seed sealed data the server then opens.
pub const TEST_MASTER_KEY: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

/// The base domain test servers treat tenant subdomains as hanging off.
pub const TEST_BASE_DOMAIN: &str = "brokerdesk.test";

/// The demo staff member's authenticator code, `offset_steps` 30-second steps from now.
pub fn demo_staff_code(offset_steps: u64) -> String {
    let totp = totp_rs::TOTP::new(
        totp_rs::Algorithm::SHA1,
        6,
        1,
        30,
        crate::staff::DEMO_STAFF_SEED.to_vec(),
        Some("Brokerdesk".into()),
        "x".into(),
    )
    .expect("the demo seed makes a valid TOTP");
    totp.generate(chrono::Utc::now().timestamp() as u64 + 30 * offset_steps)
}

/// A database of its own for one test, migrated and ready.
pub struct TestDatabase {
    pub name: String,
    pub args: AdminDatabaseArgs,
}

impl TestDatabase {
    /// Creates and migrates `bdtest_<uuid>` in the cluster named by
    /// `BROKERDESK_TEST_DATABASE_URL` (or `DATABASE_URL`), an administrative URL.
    pub async fn create() -> Self {
        let base = std::env::var("BROKERDESK_TEST_DATABASE_URL")
            .or_else(|_| std::env::var("DATABASE_URL"))
            .expect(
                "these tests need PostgreSQL: run scripts/test.sh, or set DATABASE_URL to an \
                 administrative URL such as postgres://postgres@127.0.0.1:5432/postgres",
            );
        let name = format!("bdtest_{}", uuid::Uuid::new_v4().simple());
        let options = PgConnectOptions::from_str(&base)
            .expect("the test database URL parses")
            .database(&name);
        let args = AdminDatabaseArgs {
            admin_url: options.to_url_lossy().to_string(),
            app_password: None,
        };
        {
            let _guard = MIGRATE_LOCK.lock().await;
            crate::db::migrate::run(args.admin_options().expect("the test URL parses"), None)
                .await
                .expect("migrations apply to a fresh database");
        }
        Self { name, args }
    }

    /// A pool logged in as the administrative (superuser) role: it bypasses row-level
    /// security, so tests use it to arrange data and to inspect what really happened.
    pub async fn admin_pool(&self) -> PgPool {
        PgPoolOptions::new()
            .max_connections(4)
            .connect_with(self.args.admin_options().expect("admin URL parses"))
            .await
            .expect("admin connects")
    }

    /// A pool logged in as `brokerdesk_app`, with no tenant set.
    pub async fn app_pool(&self) -> PgPool {
        PgPoolOptions::new()
            .max_connections(4)
            .connect_with(self.args.app_options().expect("app URL parses"))
            .await
            .expect("brokerdesk_app connects")
    }

    /// The API's own database handle.
    pub async fn database(&self) -> Database {
        Database::connect(self.args.app_options().expect("app URL parses"), 4)
            .await
            .expect("the API's database handle connects")
    }

    pub fn serve_config(&self) -> ServeConfig {
        ServeConfig {
            listen: "127.0.0.1:0".parse().expect("valid address"),
            app_database_url: None,
            listen_database_url: None,
            admin: self.args.clone(),
            max_connections: 5,
            jwt_secret: Some(TEST_JWT_SECRET.to_owned()),
            rate_limit_store: crate::rate_limit::CounterStore::Memory,
            // Tests sign in often from one address; the limiter has tests of its own.
            auth_attempts_per_ip: 10_000,
            base_domain: Some(TEST_BASE_DOMAIN.to_owned()),
            master_key: Some(TEST_MASTER_KEY.to_owned()),
            public_url: crate::app::config::DEFAULT_PUBLIC_URL.to_owned(),
            smtp_url: None,
            mail_from: crate::app::config::DEFAULT_MAIL_FROM.to_owned(),
            // TestApp points this at its own TestDns.
            dns_server: None,
            // The knowledge base's import fetches from public addresses only, unless a
            // test allows its own page server.
            kb_fetch_allow_hosts: Vec::new(),
            // Tests run retention passes themselves (`retention::scheduler::run_pass`).
            retention_interval_secs: 0,
            // Dotloop is off unless a test points it at its fake server.
            dotloop: Default::default(),
            // Tests purge with `purge_due`; one turns the schedule on to see it run.
            tenant_purge_interval_secs: 0,
            // Files are named by export id, so tests can share the default directory.
            export_dir: None,
        }
    }

    /// [`TestDatabase::serve_config`] on a port chosen now and kept, so a server
    /// stopped to play "offline" can come back where its clients expect it.
    pub fn serve_config_on_a_fixed_port(&self) -> ServeConfig {
        let listen = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|socket| socket.local_addr())
            .expect("a free local port");
        ServeConfig {
            listen,
            ..self.serve_config()
        }
    }
}

impl Drop for TestDatabase {
    /// Drops the database once its test is done with it: a run of the suite left some 300
    /// behind (4.6 GB), and a cluster full of them slows the benchmarks run on it. A
    /// failed test's database is kept to be looked at; `scripts/test.sh` drops what is
    /// left on its next run.
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("kept the failed test's database {}", self.name);
            return;
        }
        let Ok(options) = self.args.admin_options() else {
            return;
        };
        let maintenance = options.database("postgres");
        let statement = format!("drop database if exists \"{}\" with (force)", self.name);
        // Drop cannot await, and the test's runtime may have one thread, busy running
        // this: the statement runs on a thread and runtime of its own.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let mut admin = maintenance.connect().await.ok()?;
                sqlx::Executor::execute(&mut admin, statement.as_str())
                    .await
                    .ok()
            })
        })
        .join();
        if !matches!(dropped, Ok(Some(_))) {
            eprintln!("could not drop the test database {}", self.name);
        }
    }
}

/// Registers a tenant (on the Free plan) with one owner, `owner@<subdomain>.test`,
/// straight through the database layer.
pub async fn create_tenant(db: &Database, subdomain: &str) -> TenantId {
    let platform = db
        .begin_platform("test")
        .await
        .expect("platform transaction");
    let subdomain = Subdomain::parse(subdomain).expect("a valid test subdomain");
    let new_tenant = NewTenant {
        name: "Test Realty",
        subdomain: &subdomain,
        plan: PlanTier::Free,
    };
    let mut tx = tenancy::create_tenant(platform, new_tenant, "test")
        .await
        .expect("tenant created");
    let email = format!("owner@{subdomain}.test");
    let owner = NewUser {
        email: &email,
        display_name: "Owner",
        role: Role::Owner,
    };
    tenancy::add_user(&mut tx, owner)
        .await
        .expect("owner created");
    let tenant_id = tx.tenant_id();
    tx.commit().await.expect("commit");
    tenant_id
}

/// A tenant scope acting as the test itself.
pub fn scope(tenant_id: TenantId) -> TenantScope {
    TenantScope {
        tenant_id,
        actor: "test".into(),
    }
}

/// One API instance running in this process on a random port.
pub struct TestServer {
    pub address: String,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<anyhow::Result<()>>,
}

impl TestServer {
    pub async fn start(config: &ServeConfig) -> Self {
        let app = Application::build(config).await.expect("the API starts");
        let address = format!("http://{}", app.local_addr());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(app.run_until_stopped(async move {
            let _ = stopped.await;
        }));
        Self {
            address,
            stop: Some(stop),
            task,
        }
    }

    /// Shuts the API down gracefully and waits until it has stopped listening.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        (&mut self.task)
            .await
            .expect("the server task does not panic")
            .expect("the server shuts down cleanly");
    }
}

/// The API on a fresh database of its own, resolving DNS through a server the test
/// controls, so custom-domain checks never leave the machine.
pub struct TestApp {
    pub address: String,
    pub db: TestDatabase,
    pub dns: TestDns,
    server: TestServer,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// Spawns with the test configuration adjusted by `configure`.
    pub async fn spawn_with(configure: impl FnOnce(&mut ServeConfig)) -> Self {
        let db = TestDatabase::create().await;
        let dns = TestDns::start().await;
        let mut config = db.serve_config();
        config.dns_server = Some(dns.address());
        configure(&mut config);
        let server = TestServer::start(&config).await;
        Self {
            address: server.address.clone(),
            db,
            dns,
            server,
        }
    }

    /// Another instance of the API on the same database, as behind a load balancer.
    pub async fn another_instance(&self, configure: impl FnOnce(&mut ServeConfig)) -> TestServer {
        let mut config = self.db.serve_config();
        config.dns_server = Some(self.dns.address());
        configure(&mut config);
        TestServer::start(&config).await
    }

    pub async fn stop(self) {
        self.server.stop().await;
    }
}
