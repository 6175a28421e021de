//! Database access. The pool is private to this module: request handlers only ever get
//! a [`TenantTx`] (tenant data) or a [`PlatformTx`] (the registry), each of which sets
//! the PostgreSQL settings row-level security reads before any query runs.

pub mod migrate;
mod platform_tx;
mod roles;
mod tenant_tx;

use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use std::time::Duration;

pub use platform_tx::PlatformTx;
pub use roles::{APP_ROLE, OWNER_ROLE};
pub use tenant_tx::{TenantScope, TenantTx};

/// The API's handle on PostgreSQL, logged in as `brokerdesk_app`.
#[derive(Clone)]
pub struct Database {
    pool: PgPool,
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
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(options)
            .await?;
        let (role, superuser, bypassrls): (String, bool, bool) = sqlx::query_as(
            "select rolname::text, rolsuper, rolbypassrls from pg_roles where rolname = current_user",
        )
        .fetch_one(&pool)
        .await?;
        if role != APP_ROLE || superuser || bypassrls {
            return Err(ConnectError::UnsafeRole {
                role,
                superuser,
                bypassrls,
            });
        }
        Ok(Self { pool })
    }

    /// Readiness probe: true when a connection can be had and answers.
    pub async fn is_ready(&self) -> bool {
        sqlx::query("select 1").execute(&self.pool).await.is_ok()
    }

    /// Begins a transaction that can see and write one tenant's rows only.
    pub async fn begin_tenant(&self, scope: TenantScope) -> Result<TenantTx, sqlx::Error> {
        TenantTx::begin(&self.pool, scope).await
    }

    /// Begins a transaction for platform-level work on the tenant registry.
    pub async fn begin_platform(&self, actor: &str) -> Result<PlatformTx, sqlx::Error> {
        PlatformTx::begin(&self.pool, actor).await
    }

    /// The pool itself, for the platform tables no tenant owns and no policy guards
    /// (the rate-limit counters), whose SQL lives with the module that uses them.
    pub(crate) fn unscoped_pool(&self) -> &PgPool {
        &self.pool
    }

    /// A connection that receives PostgreSQL notifications, for live wake-ups. It holds
    /// one connection of the pool until the pool closes.
    pub async fn listener(&self) -> Result<sqlx::postgres::PgListener, sqlx::Error> {
        sqlx::postgres::PgListener::connect_with(&self.pool).await
    }

    pub async fn close(&self) {
        self.pool.close().await;
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
