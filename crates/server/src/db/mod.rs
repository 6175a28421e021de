//! Database access. The pool is private to this module: request handlers only ever get
//! a [`TenantTx`] (tenant data) or a [`PlatformTx`] (the registry), each of which sets
//! the PostgreSQL settings row-level security reads before any query runs.

mod cancel_safety;
pub mod migrate;
mod platform_tx;
mod roles;
mod tenant_tx;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Row};
use std::time::Duration;

pub use platform_tx::PlatformTx;
pub use roles::{APP_ROLE, OWNER_ROLE};
pub use tenant_tx::{TenantScope, TenantTx};

/// The API's handle on PostgreSQL, logged in as `brokerdesk_app`.
#[derive(Clone)]
pub struct Database {
    pool: PgPool,
    /// The one connection that LISTENs for wake-ups. Its own pool, so it can bypass a
    /// transaction-pooling proxy (pgbouncer) that the main pool goes through.
    listen: PgPool,
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("cannot connect to PostgreSQL: {0}")]
    Unreachable(#[from] sqlx::Error),
    #[error(
        "the API must log in as {APP_ROLE}, which row-level security always applies to; \
         it is logged in as {role:?} (superuser: {superuser}, bypassrls: {bypassrls})"
    )]
    UnsafeRole {
        role: String,
        superuser: bool,
        bypassrls: bool,
    },
}

impl Database {
    /// Connects and refuses to go on unless the session role is one row-level security
    /// cannot be bypassed by: isolation must never hinge on configuration being right.
    pub async fn connect(
        options: PgConnectOptions,
        max_connections: u32,
    ) -> Result<Self, ConnectError> {
        let listen = PgPoolOptions::new()
            .max_connections(1)
            .connect_lazy_with(options.clone());
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(5))
            .after_release(|conn, _| {
                Box::pin(async move { Ok(!cancel_safety::still_in_transaction(conn).await?) })
            })
            .connect_with(options)
            .await?;
        // Statements outside a transaction go as simple queries: through pgbouncer in
        // transaction mode, a prepared one may lose its server between parse and execute.
        let row = sqlx::raw_sql(
            "select rolname::text, rolsuper, rolbypassrls from pg_roles where rolname = current_user",
        )
        .fetch_one(&pool)
        .await?;
        let (role, superuser, bypassrls): (String, bool, bool) =
            (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
        if role != APP_ROLE || superuser || bypassrls {
            return Err(ConnectError::UnsafeRole {
                role,
                superuser,
                bypassrls,
            });
        }
        Ok(Self { pool, listen })
    }

    /// Listens for wake-ups through `options` instead of the main pool's (a direct
    /// connection when the main pool goes through pgbouncer in transaction mode, where
    /// a session's LISTEN would reach whichever client gets its server next).
    pub fn listen_through(self, options: PgConnectOptions) -> Self {
        let listen = PgPoolOptions::new()
            .max_connections(1)
            .connect_lazy_with(options);
        Self { listen, ..self }
    }

    /// Readiness probe: true when a connection can be had and answers.
    pub async fn is_ready(&self) -> bool {
        sqlx::raw_sql("select 1").execute(&self.pool).await.is_ok()
    }

    /// Begins a transaction that can see and write one tenant's rows only.
    pub async fn begin_tenant(&self, scope: TenantScope) -> Result<TenantTx, sqlx::Error> {
        TenantTx::begin(&self.pool, scope).await
    }

    /// Begins a transaction for platform-level work on the tenant registry.
    pub async fn begin_platform(&self, actor: &str) -> Result<PlatformTx, sqlx::Error> {
        PlatformTx::begin(&self.pool, actor).await
    }

    /// A transaction on the pool itself, for the platform tables no tenant owns and no
    /// policy guards (the rate-limit counters), whose SQL lives with the module that uses
    /// them. One transaction keeps its statements on one server behind pgbouncer.
    pub(crate) async fn begin_unscoped(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error> {
        cancel_safety::begin(&self.pool).await
    }

    /// A connection that receives PostgreSQL notifications, for live wake-ups. It holds
    /// the listening pool's one connection until the database closes.
    pub async fn listener(&self) -> Result<sqlx::postgres::PgListener, sqlx::Error> {
        sqlx::postgres::PgListener::connect_with(&self.listen).await
    }

    pub async fn close(&self) {
        self.pool.close().await;
        self.listen.close().await;
    }
}

/// Whether a statement failed on a unique constraint, for answers such as "that address
/// is taken" rather than an internal error.
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .and_then(|e| e.code())
        .is_some_and(|code| code == "23505")
}
