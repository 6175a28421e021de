//! `brokerdesk-server migrate`: roles first (they belong to the cluster) and the
//! extensions the schema needs, then the schema migrations, applied as the owner role
//! so the API's role owns nothing, then (as the administrative user again) the
//! LEAKPROOF marks that let the lead search use its indexes under row-level security.

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, Executor};

use super::{APP_ROLE, OWNER_ROLE};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");
const ROLES_SQL: &str = include_str!("../../db/roles.sql");
const EXTENSIONS_SQL: &str = include_str!("../../db/extensions.sql");
const LEAKPROOF_SEARCH_SQL: &str = include_str!("../../db/leakproof_search.sql");

/// Migrates the database `admin` names (creating it when missing), logged in as a user
/// that may create roles; `app_password` is set on the API's role when given.
pub async fn run(admin: PgConnectOptions, app_password: Option<&str>) -> anyhow::Result<()> {
    create_database_if_missing(&admin).await?;

    let mut conn = admin.connect().await?;
    conn.execute(ROLES_SQL).await?;
    conn.execute(EXTENSIONS_SQL).await?;
    if let Some(password) = app_password {
        // Role passwords cannot be bound as parameters; format('%L') quotes safely.
        let statement: String = sqlx::query_scalar(&format!(
            "select format('alter role {APP_ROLE} password %L', $1::text)"
        ))
        .bind(password)
        .fetch_one(&mut conn)
        .await?;
        conn.execute(statement.as_str()).await?;
    }
    conn.close().await?;

    // Every migration (and sqlx's bookkeeping table) is created by the owner role.
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .after_connect(|conn, _| {
            Box::pin(async move {
                conn.execute(format!("set role {OWNER_ROLE}").as_str())
                    .await?;
                Ok(())
            })
        })
        .connect_with(admin.clone())
        .await?;
    MIGRATOR.run(&pool).await?;
    pool.close().await;

    // Marks what the migrations made LEAKPROOF, which needs the administrative user.
    let mut conn = admin.connect().await?;
    conn.execute(LEAKPROOF_SEARCH_SQL).await?;
    conn.close().await?;
    Ok(())
}

async fn create_database_if_missing(admin: &PgConnectOptions) -> anyhow::Result<()> {
    let Some(database) = admin.get_database() else {
        return Ok(());
    };
    let mut conn = admin.clone().database("postgres").connect().await?;
    let exists: bool =
        sqlx::query_scalar("select exists(select 1 from pg_database where datname = $1)")
            .bind(database)
            .fetch_one(&mut conn)
            .await?;
    if !exists {
        let quoted: String = sqlx::query_scalar("select quote_ident($1)")
            .bind(database)
            .fetch_one(&mut conn)
            .await?;
        conn.execute(format!("create database {quoted}").as_str())
            .await?;
        tracing::info!(database, "created database");
    }
    conn.close().await?;
    Ok(())
}
